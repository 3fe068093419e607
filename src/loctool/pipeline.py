"""Orchestration of the stages: extract (segment → detect → POT → merge every PO).

No click, no printing: functions return results; progress goes through callbacks.
Every run plans all its writes first (so a malformed catalog found late changes
nothing) and then writes them, holding the locks of every catalog it touches.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from . import cache, catalog, langs, memory, ownership, placeholders
from .engines.base import Engine
from .engines.select import Engines
from .errors import CatalogError
from .model import Article, Provenance, State
from .project import Project, Source
from .source import build_article, read_text, source_language


@dataclass(frozen=True)
class Write:
    path: Path
    text: str
    old: str | None


@dataclass(frozen=True)
class Extracted:
    article: Article
    source_lang: str
    targets: tuple[str, ...]
    written: tuple[Path, ...]


def _read_existing(path: Path) -> tuple[str | None, catalog.POFile | None]:
    if not path.exists():
        return None, None
    text = catalog.read_text(path)
    return text, catalog.loads(text, path)


def _msgids(po: catalog.POFile) -> list[str]:
    return [e.msgid for e in po if not e.obsolete]


def po_header(project: Project, lang: str) -> dict[str, str]:
    team = project.config.team or langs.english_name(lang)
    return {
        "Language-Team": team,
        "Language": lang,
        "Plural-Forms": langs.plural_forms(lang),
    }


def _article(project: Project, src: Source, old_pot: catalog.POFile | None) -> Article:
    text, bom = read_text(src)
    lang = project.config.source_language
    if lang is not None:
        return build_article(src, text, bom, lang)
    hint = old_pot.metadata.get("X-Source-Language") if old_pot is not None else None
    if hint:
        # Unchanged source: keep the language found before (langdetect is the slow part).
        article = build_article(src, text, bom, hint)
        template = catalog.template(article, src.rel, hint, "")
        if _msgids(template) == _msgids(old_pot):  # type: ignore[arg-type]
            return article
    return build_article(src, text, bom, source_language(src, text))


def _check_ours(src: Source, lang: str, msgids: set[str], old: catalog.POFile, path: Path) -> None:
    """Refuse to merge into (or replace) a catalog that is not this article's."""
    why = ownership.foreign(old, src.slug, lang, msgids)
    if why is not None:
        raise CatalogError(
            f"not the catalog of {src.rel}: {why}; rename the article, or run "
            "`loctool extract --adopt` to merge into it anyway (its entries become obsolete)",
            path,
        )


def _check_obsoleted(src: Source, old: catalog.POFile, new: catalog.POFile, path: Path) -> None:
    """Refuse a merge that retires more than half of the catalog's translations."""
    before, gone = ownership.obsoleted(old, new)
    if 2 * gone > before:
        raise CatalogError(
            f"{src.rel} changed so much that {gone} of the {before} translated entries "
            "would become obsolete; if that is right, run `loctool extract --adopt`",
            path,
        )


def plan_extract(
    project: Project, src: Source, only: list[str] | None, stamp: str, adopt: bool = False
) -> tuple[Extracted, list[Write], dict[str, catalog.POFile]]:
    """Everything extract would write for one source, without writing it.  Unless
    ``adopt``, a catalog that is not this article's, or a merge that would retire most
    of a catalog's translations, raises :class:`CatalogError`."""
    pot_path = project.pot_path(src.slug)
    old_pot_text, old_pot = _read_existing(pot_path)
    article = _article(project, src, old_pot)
    lang = article.lang or "und"
    msgids = {u.msgid for u in article.translatable_units()}
    if old_pot is not None and not adopt:
        _check_ours(src, lang, msgids, old_pot, pot_path)
    created = old_pot.metadata.get("POT-Creation-Date", stamp) if old_pot is not None else stamp
    pot = catalog.template(article, src.rel, lang, created)
    pot_text = catalog.dumps(pot)
    if old_pot_text is not None and pot_text != old_pot_text:
        pot.metadata["POT-Creation-Date"] = stamp
        pot_text = catalog.dumps(pot)
    writes = [Write(pot_path, pot_text, old_pot_text)]
    targets = project.targets(lang, only)
    merged: dict[str, catalog.POFile] = {}
    for target in targets:
        po_path = project.po_path(target, src.slug)
        old_text, old_po = _read_existing(po_path)
        if old_po is not None and not adopt:
            _check_ours(src, lang, msgids, old_po, po_path)
        po = catalog.merge(pot, old_po, target, po_header(project, target))
        if old_po is not None and not adopt:
            _check_obsoleted(src, old_po, po, po_path)
        po.fpath = str(po_path)
        merged[target] = po
        writes.append(Write(po_path, catalog.dumps(po), old_text))
    info = Extracted(article, lang, tuple(targets), ())
    return info, writes, merged


def commit(writes: Sequence[Write]) -> tuple[Path, ...]:
    done = []
    for w in writes:
        if w.text != w.old:
            catalog.write_atomic(w.path, w.text.encode("utf-8"))
            done.append(w.path)
    return tuple(done)


def lock_all(stack: contextlib.ExitStack, paths: Sequence[Path]) -> None:
    for path in sorted(set(paths)):
        stack.enter_context(catalog.locked(path))


def catalog_paths(project: Project, srcs: Sequence[Source], only: list[str] | None) -> list[Path]:
    """Every file extract may touch (the source language is not known before reading,
    so all configured targets are locked)."""
    wanted = only if only is not None else list(project.config.targets)
    paths = []
    for src in srcs:
        paths.append(project.pot_path(src.slug))
        paths.extend(project.po_path(lang, src.slug) for lang in wanted)
    return paths


def extract(
    project: Project,
    given: Sequence[str] = (),
    only: list[str] | None = None,
    adopt: bool = False,
) -> list[Extracted]:
    """Segment and detect each source, write its POT and merge every target PO
    (``adopt``: even into catalogs that are not the article's, see :func:`plan_extract`).

    Extract is idempotent: run again on its own output, it writes nothing.  So a source
    whose text and catalogs are byte for byte what the last run left (see
    :func:`_up_to_date`) is only segmented again; its catalogs are not even read."""
    srcs = project.sources(list(given))
    stamp = catalog.now_stamp()
    records = cache.Store(project.root, "extract")
    key = _run_key(project, only)
    results: dict[str, Extracted] = {}
    for src in srcs:
        done = _up_to_date(project, src, only, key, records.get(src.rel))
        if done is not None:
            results[src.rel] = done
    todo = [src for src in srcs if src.rel not in results]
    with contextlib.ExitStack() as stack:
        lock_all(stack, catalog_paths(project, todo, only))
        # Only the texts to write are kept: holding 1000 parsed catalogs at once would
        # make the garbage collector walk them again and again.
        planned = [plan_extract(project, src, only, stamp, adopt)[:2] for src in todo]
        for src, (info, writes) in zip(todo, planned, strict=True):
            written = commit(writes)
            results[src.rel] = Extracted(info.article, info.source_lang, info.targets, written)
            records.put(src.rel, _record(key, info, writes))
    records.save()
    return [results[src.rel] for src in srcs]


def _run_key(project: Project, only: list[str] | None) -> str:
    """Everything besides the files that decides what extract writes."""
    wanted = only if only is not None else list(project.config.targets)
    settings = [repr(project.config), wanted, [po_header(project, t) for t in wanted]]
    return cache.text_digest(json.dumps(settings))


def _source_digest(article: Article) -> str:
    return cache.text_digest(("\ufeff" if article.bom else "") + article.text)


def _record(key: str, info: Extracted, writes: Sequence[Write]) -> dict[str, object]:
    """What a run left for one source: the digests of its POT and POs as written."""
    return {
        "key": key,
        "source": _source_digest(info.article),
        "lang": info.article.lang,
        "files": {str(w.path): cache.text_digest(w.text) for w in writes},
    }


def _up_to_date(
    project: Project, src: Source, only: list[str] | None, key: str, record: object
) -> Extracted | None:
    """The result of extracting ``src`` when the settings, the source text and every
    catalog it would touch are what the recorded run left: nothing to write."""
    if not isinstance(record, dict) or record.get("key") != key:
        return None
    files = record.get("files")
    lang = record.get("lang")
    if not isinstance(files, dict) or not isinstance(lang, str):
        return None
    targets = project.targets(lang or "und", only)
    paths = [project.pot_path(src.slug)] + [project.po_path(t, src.slug) for t in targets]
    if sorted(files) != sorted(map(str, paths)):
        return None
    if any(cache.file_digest(path) != files[str(path)] for path in paths):
        return None
    text, bom = read_text(src)
    article = build_article(src, text, bom, lang)
    if _source_digest(article) != record.get("source"):
        return None
    return Extracted(article, lang or "und", tuple(targets), ())


# --------------------------------------------------------------------------- translate


@dataclass(frozen=True)
class LangResult:
    """What ``translate`` did for one (source, target) language pair."""

    src: str
    lang: str
    pending: int  # distinct msgids that needed a translation
    sent: int  # distinct texts handed to an engine
    filled: int  # catalog entries filled
    engine: str = ""  # e.g. "argos (translate-tr_en 1.0 + translate-en_ru 1.0)"
    problem: str = ""  # why some units got no translation
    empty: int = 0  # texts the engine returned nothing for
    from_memory: int = 0  # distinct msgids filled by an exact memory match
    similar: int = 0  # distinct msgids filled from a similar memory unit (state: changed)
    written: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Translated:
    extracted: list[Extracted]
    langs: list[LangResult]


@dataclass(frozen=True)
class Fill:
    """What goes into the entries of one msgid."""

    text: str
    provenance: Provenance
    similar_to: str | None = None  # a fuzzy memory match: the source it was made for
    notes: tuple[str, ...] = ()  # QA notes found while it was made (markup restored or not)


def _needs_mt(entry: catalog.Entry, refresh_changed: bool) -> bool:
    if entry.obsolete or entry.msgid_plural:
        return False
    current = catalog.state(entry)
    return current is State.UNTRANSLATED or (refresh_changed and current is State.CHANGED)


# What to protect from the engine in each pending msgid: placeholders.syntaxes of the
# article kinds it comes from and of its entries' *-format flags (in source order).
Pending = dict[str, frozenset[str]]


def _pending(paths: Sequence[Path], refresh_changed: bool, kinds: Mapping[Path, str]) -> Pending:
    seen: Pending = {}
    for path in paths:
        if path.exists():  # read-only: the light records, no polib objects
            for entry in catalog.scan(catalog.read_text(path), path):
                if _needs_mt(entry, refresh_changed):
                    msgid = entry.msgid or ""
                    found = placeholders.syntaxes(kinds.get(path), entry.flags)
                    seen[msgid] = seen.get(msgid, frozenset()) | found
    return seen


def _fill(
    paths: Sequence[Path],
    fills: dict[str, Fill],
    refresh_changed: bool,
    notes: Callable[[str, str], list[str]],
) -> tuple[int, tuple[Path, ...]]:
    """Write fills into every catalog, re-read under its lock (a reviewer may have
    accepted entries meanwhile: those stay untouched)."""
    filled = 0
    written = []
    with contextlib.ExitStack() as stack:
        lock_all(stack, paths)
        for path in paths:
            text = catalog.read_text(path)
            po = catalog.loads(text, path)
            for entry in po:
                fill = fills.get(entry.msgid)
                if fill is None or not _needs_mt(entry, refresh_changed):
                    continue
                if fill.similar_to is not None and catalog.state(entry) is State.UNTRANSLATED:
                    catalog.set_similar(entry, fill.similar_to, fill.text, fill.provenance)
                else:
                    catalog.set_machine(
                        entry,
                        fill.text,
                        fill.provenance,
                        [*fill.notes, *notes(entry.msgid, fill.text)],
                    )
                filled += 1
            if catalog.save(po, path, text):
                written.append(path)
    return filled, tuple(written)


def translate(
    project: Project,
    given: Sequence[str] = (),
    only: list[str] | None = None,
    *,
    engines: Engines,
    refresh_changed: bool = False,
    use_memory: bool = True,
    on_plan: Callable[[int], None] | None = None,
    on_language: Callable[[LangResult], None] | None = None,
    qa_notes: Callable[[str, str, str, str], list[str]] | None = None,
) -> Translated:
    """Extract, fill untranslated entries from the translation memory, then by machine
    translation: one batched engine call per language pair for all articles of the run;
    each language is saved as soon as its batch is done."""
    if use_memory:  # a broken file the memory reads stops the run before any write
        wanted = only if only is not None else list(project.config.targets)
        read_by_extract = catalog_paths(project, project.sources(list(given)), only)
        memory.check_inputs(project, wanted, read_by_extract)
    extracted = extract(project, given, only)
    jobs: dict[tuple[str, str], list[Path]] = {}
    kinds: dict[Path, str] = {}
    for ex in extracted:
        for tgt in ex.targets:
            path = project.po_path(tgt, ex.article.slug)
            jobs.setdefault((ex.source_lang, tgt), []).append(path)
            kinds[path] = ex.article.kind
    # English first: when other languages pivot through it, its translations are reused.
    order = sorted(jobs, key=lambda pair: (pair[1] != "en", pair))
    plan = {pair: _pending(jobs[pair], refresh_changed, kinds) for pair in order}
    if on_plan is not None:
        on_plan(sum(len(p) for p in plan.values()))
    results: list[LangResult] = []
    for src, tgt in order:
        pending = plan[(src, tgt)]
        result = LangResult(src, tgt, 0, 0, 0)
        if pending:
            found = _from_memory(project, src, tgt, pending) if use_memory else {}
            result = _translate_pair(
                src, tgt, jobs[(src, tgt)], pending, found, engines, refresh_changed, qa_notes
            )
        results.append(result)
        if on_language is not None:
            on_language(result)
    return Translated(extracted, results)


def _from_memory(project: Project, src: str, tgt: str, pending: Pending) -> dict[str, Fill]:
    tm = memory.build(project, src, tgt)
    fills: dict[str, Fill] = {}
    if not len(tm):
        return fills
    for msgid in pending:
        hit = tm.exact(msgid)
        if hit is not None:
            fills[msgid] = Fill(hit.target, Provenance("memory", hit.origin, "", hit.target))
            continue
        best = tm.fuzzy(msgid, limit=1)
        if best:
            unit, score = best[0].unit, best[0].score
            prov = Provenance("memory", f"{unit.origin} ({score:.0f}%)", "", unit.target)
            fills[msgid] = Fill(unit.target, prov, similar_to=unit.source)
    return fills


def _translate_pair(
    src: str,
    tgt: str,
    paths: Sequence[Path],
    pending: Pending,
    fills: dict[str, Fill],
    engines: Engines,
    refresh_changed: bool,
    qa_notes: Callable[[str, str, str, str], list[str]] | None,
) -> LangResult:
    exact = sum(1 for f in fills.values() if f.similar_to is None)
    similar = len(fills) - exact
    rest = [m for m in pending if m not in fills]
    label = problem = ""
    sent = empty = 0
    if rest:
        choice = engines.choose(src, tgt)
        if choice.engine is None:
            problem = choice.problem
        else:
            made = _machine(choice.engine, {m: pending[m] for m in rest}, src, tgt)
            sent = len(rest)
            for msgid in rest:
                fill = made.get(msgid)
                if fill is None:
                    empty += 1
                    continue
                fills[msgid] = fill
                prov = fill.provenance
                label = f"{prov.engine} ({prov.model}{', via ' + prov.pivot if prov.pivot else ''})"
            label = label or choice.engine.name

    def notes(msgid: str, text: str) -> list[str]:
        return qa_notes(msgid, text, src, tgt) if qa_notes is not None else []

    filled, written = _fill(paths, fills, refresh_changed, notes)
    return LangResult(
        src,
        tgt,
        len(pending),
        sent,
        filled,
        engine=label,
        problem=problem,
        empty=empty,
        from_memory=exact,
        similar=similar,
        written=written,
    )


def _machine(engine: Engine, todo: Pending, src: str, tgt: str) -> dict[str, Fill]:
    """Machine translations of the msgids in ``todo`` (None-free: a msgid the engine
    gave nothing for is left out).  Inline elements go to the engine as placeholders
    (what each msgid's syntaxes protect) and are restored after; the raw output stays
    in the provenance and damage becomes ``markup`` notes."""
    shielded = {msgid: placeholders.protect(msgid, kinds) for msgid, kinds in todo.items()}
    texts = list(dict.fromkeys(p.text for p in shielded.values()))
    results = dict(zip(texts, engine.translate_batch(texts, src, tgt), strict=True))
    fills: dict[str, Fill] = {}
    for msgid, protected in shielded.items():
        suggestion = results[protected.text]
        if suggestion is None:
            continue
        restored = placeholders.restore(protected, suggestion.text)
        raw = suggestion.text if restored.text != suggestion.text else ""
        prov = replace(suggestion.provenance, text=restored.text, raw=raw)
        fills[msgid] = Fill(restored.text, prov, notes=tuple(restored.notes()))
    return fills
