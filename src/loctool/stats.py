"""Per article × language statistics for ``loctool status``.

A reviewed unit counts as *reviewed* only when it passes the publication gate
(:mod:`loctool.gate`: no error-level QA finding, or every one overridden on record);
otherwise it is *reviewed with errors*, its own column, and left out of ``reviewed%``.
Units accepted over QA errors are counted as *overridden* (a part of reviewed).
``confidence`` is the mean engine confidence of the units whose machine origin records
one (``confidence=`` in ``#. loctool-origin:``), whatever their state.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from . import cache, catalog, gate
from .diff import distance
from .errors import CatalogError, LoctoolError
from .glossary import FILE_NAME, Glossary, for_project
from .messages import Message
from .model import State
from .project import Project


@dataclass(frozen=True)
class Row:
    slug: str
    lang: str
    units: int
    words: int
    reviewed: int
    machine: int
    changed: int
    untranslated: int
    obsolete: int
    qa_warnings: int
    post_edit: float | None = None  # mean normalized edit distance machine → reviewed text
    post_edited: int = 0  # reviewed units with a machine origin (what post_edit averages)
    reviewed_with_errors: int = 0  # reviewed, but with an error-level QA finding
    overridden: int = 0  # reviewed over QA errors with the override on record (in reviewed)
    confidence: float | None = None  # mean engine confidence of the units that record one
    confident: int = 0  # how many units record one (what confidence averages)

    @property
    def reviewed_pct(self) -> float:
        return 100.0 * self.reviewed / self.units if self.units else 100.0

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["reviewed_pct"] = round(self.reviewed_pct, 1)
        data["post_edit"] = None if self.post_edit is None else round(self.post_edit, 4)
        data["confidence"] = None if self.confidence is None else round(self.confidence, 4)
        return data


def post_edit_distance(entry: Message) -> float | None:
    """Normalized character edit distance between the machine text and the reviewed
    translation of an entry (0 = accepted unchanged, 1 = rewritten); None unless the
    entry is reviewed and has a machine origin."""
    if catalog.state(entry) is not State.REVIEWED:
        return None
    prov = catalog.provenance(entry)
    if prov is None or not prov.text:
        return None
    return distance(prov.text, entry.msgstr)


def row_for(
    slug: str, lang: str, po: Iterable[Message], checks: gate.Gate | None = None
) -> Row:
    """The row of one catalog (its entries, obsolete ones too); with
    ``checks``, reviewed units go through the publication gate."""
    counts = dict.fromkeys(State, 0)
    words = qa = with_errors = overridden = 0
    distances: list[float] = []
    scores: list[float] = []
    for entry in po:
        st = catalog.state(entry)
        counts[st] += 1
        if st is State.OBSOLETE:
            continue
        words += len((entry.msgid or "").split())
        if st is State.REVIEWED and checks is not None:
            passes = checks.passes(entry)
            with_errors += not passes
            overridden += passes and catalog.qa_override(entry) is not None
        if entry.comment:  # QA notes and the machine text live in extracted comments
            qa += bool(catalog.qa_notes(entry))
            dist = post_edit_distance(entry) if st is State.REVIEWED else None
            if dist is not None:
                distances.append(dist)
            prov = catalog.provenance(entry)
            if prov is not None and prov.confidence is not None:
                scores.append(prov.confidence)
    return Row(
        slug=slug,
        lang=lang,
        units=sum(n for st, n in counts.items() if st is not State.OBSOLETE),
        words=words,
        reviewed=counts[State.REVIEWED] - with_errors,
        reviewed_with_errors=with_errors,
        overridden=overridden,
        machine=counts[State.MACHINE],
        changed=counts[State.CHANGED],
        untranslated=counts[State.UNTRANSLATED],
        obsolete=counts[State.OBSOLETE],
        qa_warnings=qa,
        post_edit=sum(distances) / len(distances) if distances else None,
        post_edited=len(distances),
        confidence=sum(scores) / len(scores) if scores else None,
        confident=len(scores),
    )


PARALLEL_FROM = 64  # catalogs to parse before worker processes pay off
Job = tuple[str, str, str, str, str]  # slug, lang, catalog path, digest, project root


def collect(
    project: Project, only_langs: list[str] | None = None, only_slug: str | None = None
) -> list[Row]:
    """A row per catalog.  A catalog whose bytes are what an earlier ``collect`` saw is
    not parsed again: its row comes from a cache outside the project (:mod:`cache`).
    Many catalogs to parse are shared out between the cores."""
    store = cache.Store(project.root, "status")
    known: list[Row] = []
    todo: list[Job] = []
    glossary = cache.file_digest(project.root / FILE_NAME) or "-"  # feeds the dnt check
    for ref in project.catalogs(only_langs, only_slug):
        digest = f"{cache.file_digest(ref.path) or ''}+{glossary}"
        row = _cached(store.get(str(ref.path)), digest)
        if row is None:
            todo.append((ref.slug, ref.lang, str(ref.path), digest, str(project.root)))
        else:
            known.append(row)
    for (_, _, path, digest, _), row in zip(todo, _rows(todo), strict=True):
        store.put(path, {"digest": digest, "row": asdict(row)})
        known.append(row)
    if only_langs is None and only_slug is None:  # forget catalogs that are gone
        for gone in set(store.entries) - {str(project.po_path(r.lang, r.slug)) for r in known}:
            store.drop(gone)
    store.save()
    known.sort(key=lambda r: (r.slug, r.lang))
    return known


def _cached(entry: object, digest: str) -> Row | None:
    if isinstance(entry, dict) and digest and entry.get("digest") == digest:
        with contextlib.suppress(TypeError):  # a row of another shape: compute it again
            return Row(**entry.get("row"))  # type: ignore[arg-type]
    return None


@lru_cache(maxsize=8)
def _glossary(root: str, source_lang: str) -> Glossary | None:
    """The project's glossary, read once per process (and per source language)."""
    return for_project(Path(root), source_lang or None)


def _row_of(job: Job) -> Row | tuple[str, str | None, int | None]:
    """Parse one catalog (in a worker process too): its row, or the error's parts."""
    slug, lang, path, _, root = job
    try:
        po = catalog.load(Path(path))
        source = catalog.source_language(po)
        checks = gate.Gate.for_catalog(po, lang, slug=slug, glossary=_glossary(root, source))
        return row_for(slug, lang, po, checks)
    except LoctoolError as exc:  # rebuilt in the parent: exceptions lose fields in pickles
        return (exc.message, exc.where, exc.line)


def _rows(todo: list[Job]) -> list[Row]:
    workers = min(os.cpu_count() or 1, 4)
    if len(todo) < PARALLEL_FROM or workers < 2:
        results = [_row_of(job) for job in todo]
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # fork: the workers start at once with loctool already imported
        forks = "fork" in multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if forks else None)
        chunk = max(1, len(todo) // (workers * 4))
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            results = list(pool.map(_row_of, todo, chunksize=chunk))
    rows = []
    for result in results:
        if not isinstance(result, Row):
            raise CatalogError(result[0], result[1], result[2])
        rows.append(result)
    return rows
