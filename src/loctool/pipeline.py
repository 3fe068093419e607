"""Orchestration of the stages: extract (segment → detect → POT → merge every PO) and
translate (memory, then the engine in chunks; articles saved as they are finished).

No click, no printing: functions return results; progress goes through callbacks.
Every run plans all its writes first (so a malformed catalog found late changes
nothing) and then writes them, holding the locks of every catalog it touches.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from . import cache, catalog, files, langs, memory, ownership, placeholders
from .engines import stream
from .engines.base import Engine, token_counts
from .engines.select import Engines
from .engines.stream import CHUNK_TOKENS, LocalRunner, Runner
from .errors import CatalogError
from .messages import Catalog, Message
from .model import Article, Provenance, State, Suggestion
from .project import Project, Source
from .qa import machine_notes
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
    changes: catalog.Changes | None = None  # None: nothing to compare (up to date)


def _read_existing(path: Path) -> tuple[str | None, Catalog | None]:
    if not path.exists():
        return None, None
    text = catalog.read_text(path)
    return text, catalog.loads(text, path)


def _msgids(po: Catalog) -> list[str]:
    return [e.msgid for e in po if not e.obsolete]


def po_header(project: Project, lang: str) -> dict[str, str]:
    team = project.config.team or langs.english_name(lang)
    return {
        "Language-Team": team,
        catalog.LANGUAGE: lang,
        catalog.PLURAL_FORMS: langs.plural_forms(lang),
    }


def _article(project: Project, src: Source, old_pot: Catalog | None) -> Article:
    text, bom = read_text(src)
    lang = project.config.source_language
    if lang is not None:
        return build_article(src, text, bom, lang)
    hint = catalog.source_language(old_pot) if old_pot is not None else None
    if old_pot is not None and hint:
        # Unchanged source: keep the language found before (langdetect is the slow part).
        article = build_article(src, text, bom, hint)
        template = catalog.template(article, src.rel, hint, "")
        if _msgids(template) == _msgids(old_pot):
            return article
    return build_article(src, text, bom, source_language(src, text))


def _check_ours(src: Source, lang: str, msgids: set[str], old: Catalog, path: Path) -> None:
    """Refuse to merge into (or replace) a catalog that is not this article's."""
    why = ownership.foreign(old, src.slug, lang, msgids)
    if why is not None:
        raise CatalogError(
            f"not the catalog of {src.rel}: {why}; rename the article, or run "
            "`loctool extract --adopt` to merge into it anyway (its entries become obsolete)",
            path,
        )


def _check_obsoleted(src: Source, old: Catalog, new: Catalog, path: Path) -> None:
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
) -> tuple[Extracted, list[Write], dict[str, Catalog]]:
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
    created = old_pot.metadata.get(catalog.CREATED, stamp) if old_pot is not None else stamp
    pot = catalog.template(article, src.rel, lang, created)
    pot_text = catalog.dumps(pot)
    if old_pot_text is not None and pot_text != old_pot_text:
        pot.metadata[catalog.CREATED] = stamp
        pot_text = catalog.dumps(pot)
    writes = [Write(pot_path, pot_text, old_pot_text)]
    targets = project.targets(lang, only)
    merged: dict[str, Catalog] = {}
    for target in targets:
        po_path = project.po_path(target, src.slug)
        old_text, old_po = _read_existing(po_path)
        if old_po is not None and not adopt:
            _check_ours(src, lang, msgids, old_po, po_path)
        po = catalog.merge(pot, old_po, target, po_header(project, target))
        if old_po is not None and not adopt:
            _check_obsoleted(src, old_po, po, po_path)
        po.path = str(po_path)
        merged[target] = po
        writes.append(Write(po_path, catalog.dumps(po), old_text))
    info = Extracted(article, lang, tuple(targets), (), catalog.changes(old_pot, pot))
    return info, writes, merged


def commit(writes: Sequence[Write]) -> tuple[Path, ...]:
    done = []
    for w in writes:
        if w.text != w.old:
            files.write_atomic(w.path, w.text.encode("utf-8"))
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
            results[src.rel] = replace(info, written=written)
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
    engine: str = ""  # e.g. "argos (tr→en 1.0 + en→ru 1.0, via en)"
    problem: str = ""  # why some units got no translation
    empty: int = 0  # texts the engine returned nothing for
    from_memory: int = 0  # distinct msgids filled by an exact memory match
    similar: int = 0  # distinct msgids filled from a similar memory unit (state: changed)
    written: tuple[Path, ...] = ()
    chunks: int = 0  # engine calls


@dataclass(frozen=True)
class Progress:
    """Units of a language pair done since the last report (memory, a chunk, or units
    no engine can serve), for progress bars."""

    src: str
    lang: str
    units: int
    chunk: int = 0  # 1-based number of the chunk just done (0: not an engine chunk)
    chunks: int = 0  # chunks of this pair


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
    similarity: float | None = None  # … and how similar that source is (percent)
    notes: tuple[str, ...] = ()  # QA notes found while it was made (markup restored or not)


def _needs_mt(entry: Message, refresh_changed: bool) -> bool:
    if entry.obsolete or entry.msgid_plural:
        return False
    current = entry.state
    return current is State.UNTRANSLATED or (refresh_changed and current is State.CHANGED)


# What to protect from the engine in each pending msgid: placeholders.syntaxes of the
# article kinds it comes from and of its entries' *-format flags (in source order).
Pending = dict[str, frozenset[str]]


def _pending(path: Path, refresh_changed: bool, kind: str | None) -> Pending:
    """The msgids of one catalog that need a translation, with what to protect in each
    (read-only)."""
    seen: Pending = {}
    if path.exists():
        for entry in catalog.load(path):
            if _needs_mt(entry, refresh_changed):
                msgid = entry.msgid or ""
                found = placeholders.syntaxes(kind, entry.flags)
                seen[msgid] = seen.get(msgid, frozenset()) | found
    return seen


def _merged(needs: Iterable[Pending]) -> Pending:
    out: Pending = {}
    for pending in needs:
        for msgid, kinds in pending.items():
            out[msgid] = out.get(msgid, frozenset()) | kinds
    return out


def _fill(
    path: Path,
    fills: dict[str, Fill],
    refresh_changed: bool,
    notes: Callable[[str, str], list[str]],
) -> tuple[int, bool]:
    """Write fills into one catalog, re-read under its lock (a reviewer may have
    accepted entries meanwhile: those stay untouched).  Returns (entries filled, written)."""
    filled = 0
    with catalog.locked(path):
        text = catalog.read_text(path)
        po = catalog.loads(text, path)
        for entry in po:
            fill = fills.get(entry.msgid)
            if fill is None or not _needs_mt(entry, refresh_changed):
                continue
            if fill.similar_to is not None and entry.state is State.UNTRANSLATED:
                catalog.set_similar(
                    entry, fill.similar_to, fill.text, fill.provenance, fill.similarity
                )
            else:
                qa = [*fill.notes, *notes(entry.msgid, fill.text)]
                catalog.set_machine(entry, fill.text, fill.provenance, qa)
            filled += 1
        return filled, catalog.save(po, path, text)


def translate(
    project: Project,
    given: Sequence[str] = (),
    only: list[str] | None = None,
    *,
    engines: Engines,
    runner: Runner | None = None,
    chunk_tokens: int = CHUNK_TOKENS,
    refresh_changed: bool = False,
    use_memory: bool = True,
    on_plan: Callable[[int], None] | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    on_language: Callable[[LangResult], None] | None = None,
) -> Translated:
    """Extract, fill untranslated entries from the translation memory, then by machine
    translation: each language pair's distinct texts (across every article of the run)
    go to the engine in chunks of about ``chunk_tokens`` tokens, through ``runner``
    (default: this process); an article is saved as soon as all its units for a
    language are done, so an interrupted run keeps every finished article.  Each machine
    draft carries the QA notes of :func:`loctool.qa.machine_notes` (wrong alphabet or
    language) and of damaged markup."""
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
    plan = {
        pair: {path: _pending(path, refresh_changed, kinds.get(path)) for path in jobs[pair]}
        for pair in order
    }
    if on_plan is not None:
        on_plan(sum(len(_merged(p.values())) for p in plan.values()))
    results: list[LangResult] = []
    for src, tgt in order:
        pair = _Pair(src, tgt, plan[(src, tgt)], refresh_changed, on_progress)
        if pair.pending:
            found = _from_memory(project, src, tgt, pair.pending) if use_memory else {}
            pair.run(found, engines, runner or LocalRunner(), chunk_tokens)
        result = pair.result()
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
            fills[msgid] = Fill(unit.target, prov, similar_to=unit.source, similarity=score)
    return fills


def machine_fills(
    engine: Engine,
    runner: Runner,
    groups: Sequence[Sequence[str]],
    todo: Pending,
    src: str,
    tgt: str,
    chunk_tokens: int,
) -> Iterator[tuple[dict[str, Fill | None], int, int]]:
    """THE seam between a pair's msgids and the engine path.  ``groups`` holds each
    article's msgids in run order, ``todo`` what to protect in each.  Inline elements
    become placeholders first; the distinct protected texts go through ``runner`` in
    chunks; each finished chunk (in any order) comes back restored, as
    ``({msgid: Fill, or None where the engine gave nothing}, chunk number, chunks)``.
    The raw output stays in the provenance and damage becomes ``markup`` notes."""
    shielded = {msgid: placeholders.protect(msgid, kinds) for msgid, kinds in todo.items()}
    sharing: dict[str, list[str]] = {}  # protected text → the msgids it stands for
    for msgid, protected in shielded.items():
        sharing.setdefault(protected.text, []).append(msgid)
    texts = list(sharing)
    counts = dict(zip(texts, token_counts(engine, texts, src, tgt), strict=True))
    plain = [[shielded[m].text for m in group] for group in groups]
    chunks = stream.plan(plain, counts, chunk_tokens)
    for number, (chunk, suggestions) in enumerate(runner.run(engine, chunks, src, tgt), 1):
        done: dict[str, Fill | None] = {}
        for text, suggestion in zip(chunk.texts, suggestions, strict=True):
            for msgid in sharing[text]:
                done[msgid] = _restored(shielded[msgid], suggestion)
        yield done, number, len(chunks)


def _restored(protected: placeholders.Protected, suggestion: Suggestion | None) -> Fill | None:
    if suggestion is None:
        return None
    restored = placeholders.restore(protected, suggestion.text)
    raw = suggestion.text if restored.text != suggestion.text else ""
    prov = replace(
        suggestion.provenance, text=restored.text, raw=raw, confidence=suggestion.score
    )
    return Fill(restored.text, prov, notes=tuple(restored.notes()))


class _Pair:
    """One language pair of a run: its catalogs, what they need, what is done."""

    def __init__(
        self,
        src: str,
        tgt: str,
        needs: dict[Path, Pending],
        refresh_changed: bool,
        on_progress: Callable[[Progress], None] | None,
    ) -> None:
        self.src, self.tgt = src, tgt
        self.needs = needs  # catalog → msgids it needs
        self.pending = _merged(needs.values())
        self.refresh_changed = refresh_changed
        self.on_progress = on_progress
        self.fills: dict[str, Fill] = {}
        self.open = [path for path, msgids in needs.items() if msgids]  # not saved yet
        self.missing = {path: len(set(needs[path])) for path in self.open}  # units to go
        self.waiting: dict[str, list[Path]] = {}  # msgid → the open catalogs needing it
        for path in self.open:
            for msgid in set(needs[path]):
                self.waiting.setdefault(msgid, []).append(path)
        self.filled = 0
        self.written: list[Path] = []
        self.label = self.problem = ""
        self.sent = self.empty = self.exact = self.similar = self.chunks = 0

    def notes(self, msgid: str, text: str) -> list[str]:
        return machine_notes(msgid, text, self.src, self.tgt)

    def progress(self, units: int, chunk: int = 0, chunks: int = 0) -> None:
        if self.on_progress is not None and units:
            self.on_progress(Progress(self.src, self.tgt, units, chunk, chunks))

    def resolve(self, msgids: Iterable[str]) -> None:
        """These msgids have a fill or an empty engine answer."""
        for msgid in msgids:
            for path in self.waiting.pop(msgid, ()):
                self.missing[path] -= 1

    def save_finished(self, everything: bool = False) -> None:
        """Write every article whose units are all done (all of them: ``everything``)."""
        still = []
        for path in self.open:
            if everything or not self.missing[path]:
                filled, written = _fill(path, self.fills, self.refresh_changed, self.notes)
                self.filled += filled
                if written:
                    self.written.append(path)
            else:
                still.append(path)
        self.open = still

    def run(
        self, found: dict[str, Fill], engines: Engines, runner: Runner, chunk_tokens: int
    ) -> None:
        self.fills.update(found)
        self.resolve(found)
        self.exact = sum(1 for f in found.values() if f.similar_to is None)
        self.similar = len(found) - self.exact
        self.progress(len(found))
        rest = [m for m in self.pending if m not in found]
        choice = engines.choose(self.src, self.tgt) if rest else None
        if choice is None or choice.engine is None:
            self.problem = choice.problem if choice is not None else ""
            self.save_finished(everything=True)
            self.progress(len(rest))
            return
        self.save_finished()  # articles the memory completed
        groups = [[m for m in self.needs[path] if m not in found] for path in self.open]
        todo = {m: kinds for m, kinds in self.pending.items() if m not in found}
        for done, number, total in machine_fills(
            choice.engine, runner, groups, todo, self.src, self.tgt, chunk_tokens
        ):
            for msgid, fill in done.items():
                if fill is None:
                    self.empty += 1
                else:
                    self.fills[msgid] = fill
                    prov = fill.provenance
                    via = f", via {prov.pivot}" if prov.pivot else ""
                    self.label = f"{prov.engine} ({prov.model}{via})"
            self.resolve(done)
            self.sent += len(done)
            self.chunks = number
            self.save_finished()
            self.progress(len(done), number, total)
        self.label = self.label or choice.engine.name

    def result(self) -> LangResult:
        return LangResult(
            self.src,
            self.tgt,
            len(self.pending),
            self.sent,
            self.filled,
            engine=self.label,
            problem=self.problem,
            empty=self.empty,
            from_memory=self.exact,
            similar=self.similar,
            written=tuple(self.written),
            chunks=self.chunks,
        )
