"""Localized copies: re-segment the original, swap each unit for its translation.

The original article is cut again with the same segmenter (txt, Markdown, HTML or
subtitles) and the language recorded in its catalog, so every gap — paragraphs, blank
and NBSP lines, dialog dashes, Markdown markup, HTML tags and entities, subtitle
timings — comes back byte for byte; a UTF-8 BOM and CRLF line ends are kept.  An HTML
copy gets the target language on its root element; a subtitle translation is broken
into at most two lines.  A unit is emitted as its original text when it is not for
translation (numbers, URLs) or when its translation equals its msgid (a name kept as
is), so an identity catalog reproduces the source exactly even where the msgid
collapsed spaces.

Policy (po4a-like): reviewed translations only; machine drafts (fuzzy, not ``changed``)
with ``allow_machine``; a translation with an error-level QA finding nobody overrode
(the publication gate, :mod:`loctool.gate`) only with ``allow_qa_errors``; any other
unit is *missing* and fails the whole run unless ``fallback_source``; a catalog below
``min_reviewed`` percent reviewed (as ``status`` counts it) is skipped.  The ``.mo``
holds the reviewed entries that pass the gate (all of them with ``allow_qa_errors``).

:func:`plan` computes every output and ``.mo`` (and refuses the run) before
:func:`write` writes the first one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import catalog, files, gate, htmldoc, subtitles
from .errors import LoctoolError, RenderError, UsageError
from .messages import Catalog, Message
from .model import Article, State, Unit
from .project import Project, Source
from .source import build_article, read_text, source_language
from .stats import row_for

_MD_BREAK = re.compile(r"[^\S\r\n]*(?:\r\n|\r|\n)\s*")
_LINE_BREAKS = re.compile(r"[ \t]*[\r\n][ \t\r\n]*")  # NBSP is kept: it means something


@dataclass(frozen=True)
class Policy:
    allow_machine: bool = False
    fallback_source: bool = False
    min_reviewed: float | None = None  # percent
    allow_qa_errors: bool = False  # publish translations the gate refuses


@dataclass(frozen=True)
class Output:
    """One planned article × language: the copy and the compiled catalog."""

    slug: str
    lang: str
    path: Path
    data: bytes
    mo_path: Path
    mo: bytes
    origins: Counter[str]  # translatable units by origin: reviewed, machine, source
    messages: int  # entries compiled into the .mo
    written: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Skipped:
    slug: str
    lang: str
    reason: str


@dataclass(frozen=True)
class Missing:
    unit: Unit
    why: str  # "untranslated", "machine", "changed", "not in the catalog", QA_ERRORS


@dataclass
class Result:
    items: list[Output | Skipped] = field(default_factory=list)  # article by article

    @property
    def outputs(self) -> list[Output]:
        return [i for i in self.items if isinstance(i, Output)]

    @property
    def skipped(self) -> list[Skipped]:
        return [i for i in self.items if isinstance(i, Skipped)]


# --------------------------------------------------------------------------- pure parts


def compose(article: Article, texts: Sequence[str]) -> str:
    """``gap0 text1 gap1 … textN gapN``: the article with each unit replaced."""
    gaps = article.gaps
    out = [gaps[0]]
    for text, gap in zip(texts, gaps[1:], strict=True):
        out += [text, gap]
    return "".join(out)


def localized(article: Article, text: str, lang: str) -> str:
    """A composed copy as published in ``lang``: an HTML copy says its language."""
    return htmldoc.set_lang(text, lang) if article.kind == "html" else text


def encode(article: Article, text: str) -> bytes:
    return (b"\xef\xbb\xbf" if article.bom else b"") + text.encode("utf-8")


def placed(article: Article, unit: Unit, msgstr: str) -> str:
    """How a translation is written in place of ``unit``."""
    if msgstr == unit.msgid:
        return unit.text
    if article.kind == "md":  # a soft break renders as a space; never break the structure
        return _MD_BREAK.sub(" ", msgstr.strip())
    if article.kind == "html":  # one line; an attribute value keeps its quotes intact
        text = _LINE_BREAKS.sub(" ", msgstr.strip())
        return htmldoc.attribute_value(text, unit.context) if unit.context else text
    if article.kind in ("srt", "vtt"):  # never a blank line: it would end the cue
        given = [line.strip() for line in msgstr.splitlines() if line.strip()]
        dialog = subtitles.is_dialog(unit.text)
        lines = given if len(given) > 1 else subtitles.wrap(msgstr, article.kind, dialog)
        return ("\r\n" if "\r\n" in article.text else "\n").join(lines)
    if "\r\n" in article.text:
        return re.sub(r"\r?\n", "\r\n", msgstr)
    return msgstr


QA_ERRORS = "with QA errors"


def choose(
    article: Article, po: Catalog, policy: Policy, checks: gate.Gate | None = None
) -> tuple[list[str], Counter[str], list[Missing]]:
    """The text of every unit, where translatable ones came from, and what is missing.
    With ``checks``, a translation that does not pass the publication gate is missing
    (unless ``policy.allow_qa_errors``)."""
    entries = {e.msgid: e for e in po.active() if not e.msgctxt}
    passes: dict[str, bool] = {}
    texts: list[str] = []
    origins: Counter[str] = Counter()
    missing: list[Missing] = []
    for unit in article.units:
        if not unit.translatable:
            texts.append(unit.text)
            continue
        entry = entries.get(unit.msgid)
        state = entry.state if entry is not None else None
        usable = state is State.REVIEWED or (state is State.MACHINE and policy.allow_machine)
        why = None
        if entry is None or not usable:
            why = "not in the catalog" if state is None else str(state)
        elif checks is not None and not policy.allow_qa_errors:
            if unit.msgid not in passes:
                passes[unit.msgid] = checks.passes(entry)
            why = None if passes[unit.msgid] else QA_ERRORS
        if why is not None or entry is None:  # (no entry always has a why)
            missing.append(Missing(unit, why or "not in the catalog"))
            texts.append(unit.text)
            origins["source"] += 1
            continue
        texts.append(placed(article, unit, entry.msgstr))
        origins["reviewed" if state is State.REVIEWED else "machine"] += 1
    return texts, origins, missing


def reviewed_pct(po: Catalog, checks: gate.Gate | None = None) -> float:
    """Reviewed entries per active entry, in percent, as ``loctool status`` counts them
    (with ``checks``: reviewed units with QA errors nobody overrode do not count)."""
    return row_for("", "", po, checks).reviewed_pct


# --------------------------------------------------------------------------- planning


def _source_lang(project: Project, src: Source, text: str, po: Catalog) -> str:
    return (
        catalog.source_language(po)
        or project.config.source_language
        or source_language(src, text)
    )


def _missing_message(src: Source, lang: str, missing: list[Missing], total: int) -> str:
    counts = Counter(m.why for m in missing)
    what = ", ".join(f"{n} {why}" for why, n in sorted(counts.items()))
    stale = "; the source changed, run `loctool extract`" if "not in the catalog" in counts else ""
    return (
        f"cannot render {lang}: {len(missing)} of {total} units have no usable translation "
        f"({what}; first at {src.rel}:{missing[0].unit.line}){stale}"
    )


def _hints(policy: Policy, qa_errors: bool = False) -> str:
    hints = [] if policy.allow_machine else ["--allow-machine"]
    lead = "; use "
    if qa_errors:
        hints = ["--allow-qa-errors", *hints]
        lead = "; fix them (`loctool check` lists them, `loctool review` edits) or use "
    return lead + ", ".join([*hints, "--fallback source", "--min-reviewed PCT"])


def plan(
    project: Project,
    only_langs: list[str] | None = None,
    slug: str | None = None,
    out_dir: Path | None = None,
    policy: Policy | None = None,
) -> Result:
    """Every output of a render, computed; raises :class:`RenderError` before writing."""
    srcs = project.sources([slug] if slug is not None else [])
    policy = policy or Policy()
    if out_dir is not None:
        project.check_out_dir(out_dir)
    result = Result()
    failures: list[RenderError] = []
    inputs: set[Path] = set()  # source articles, also where the catalogs say they were
    qa_errors = False
    # the gate's verdicts, remembered by content across runs: a unit is judged once
    with gate.remembered(project.root) as verdicts:
        for src in srcs:
            text, bom = read_text(src)
            inputs.add(src.path)
            articles: dict[str, Article] = {}  # by source language
            for lang in only_langs or list(project.config.targets):
                po_path = project.po_path(lang, src.slug)
                if not po_path.exists():
                    if only_langs is not None:
                        raise RenderError("no catalog; run `loctool extract`", project.rel(po_path))
                    result.items.append(Skipped(src.slug, lang, "no catalog"))
                    continue
                po = catalog.load(po_path)
                refs = {ref for e in po for ref, _ in e.occurrences}  # mostly one file
                inputs.update(project.root / ref for ref in refs)
                source_lang = _source_lang(project, src, text, po)
                if source_lang == lang:
                    continue
                if source_lang not in articles:
                    articles[source_lang] = build_article(src, text, bom, source_lang)
                item = _plan_one(
                    project, src, articles[source_lang], lang, po, policy, out_dir, verdicts
                )
                if isinstance(item, RenderError):
                    failures.append(item)
                    qa_errors = qa_errors or QA_ERRORS in item.message
                else:
                    result.items.append(item)
    if failures:
        first = failures[0]
        more = f" (and {len(failures) - 1} more catalog(s))" if len(failures) > 1 else ""
        raise RenderError(first.message + more + _hints(policy, qa_errors), first.where)
    if all(isinstance(i, Skipped) and i.reason == "no catalog" for i in result.items):
        raise UsageError("no catalogs to render; run `loctool extract` and translate first")
    known = {project.real(path) for path in inputs}
    taken: dict[Path, Output] = {}
    for out in result.outputs:  # never over an input, never outside unless --out says so
        project.check_output(out.path, known, outside_ok=out_dir is not None)
        other = taken.setdefault(project.real(out.path.parent) / out.path.name, out)
        if other is not out:  # e.g. out/kk is a link to out/ru
            raise UsageError(
                f"the {out.lang} and {other.lang} copies of {out.slug} would be the same "
                "file; choose another output folder",
                out.path,
            )
    return result


def _plan_one(
    project: Project,
    src: Source,
    article: Article,
    lang: str,
    po: Catalog,
    policy: Policy,
    out_dir: Path | None,
    verdicts: gate.Verdicts | None = None,
) -> Output | Skipped | RenderError:
    checks = gate.Gate.for_catalog(po, lang, project.root, slug=src.slug, verdicts=verdicts)
    pct = reviewed_pct(po, None if policy.allow_qa_errors else checks)
    if policy.min_reviewed is not None and pct < policy.min_reviewed:
        reason = f"{pct:.1f}% reviewed, below --min-reviewed {policy.min_reviewed:g}"
        return Skipped(src.slug, lang, reason)
    texts, origins, missing = choose(article, po, policy, checks)
    if missing and not policy.fallback_source:
        total = len(article.translatable_units())
        message = _missing_message(src, lang, missing, total)
        return RenderError(message, project.rel(project.po_path(lang, src.slug)))

    def published(entry: Message) -> bool:
        return policy.allow_qa_errors or checks.passes(entry)

    messages = sum(
        e.state is State.REVIEWED and published(e) for e in po.active()
    )
    return Output(
        slug=src.slug,
        lang=lang,
        path=project.out_path(lang, src, out_dir),
        data=encode(article, localized(article, compose(article, texts), lang)),
        mo_path=project.mo_path(lang, src.slug),
        mo=catalog.mo_bytes(po, published),
        origins=origins,
        messages=messages,
    )


def _changed(path: Path, data: bytes) -> bool:
    try:  # a FIFO in the way is never read (it would block): it is replaced
        return files.read_bytes(path, path, LoctoolError, "a file") != data
    except LoctoolError:
        return True


def write(result: Result) -> Result:
    """Write the copies and .mo files of a :func:`plan` that changed (each atomically);
    the result says which were written."""
    result = replace(result, items=list(result.items))
    for n, item in enumerate(result.items):
        if isinstance(item, Output):
            written = []
            for path, data in ((item.path, item.data), (item.mo_path, item.mo)):
                if _changed(path, data):
                    files.write_atomic(path, data)
                    written.append(path)
            result.items[n] = replace(item, written=tuple(written))
    return result
