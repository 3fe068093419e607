"""Per article × language statistics for ``loctool status``.

A reviewed unit counts as *reviewed* only when it passes the publication gate
(:mod:`loctool.gate`: no error-level QA finding, or every one overridden on record);
otherwise it is *reviewed with errors*, its own column, and left out of ``reviewed%``.
Units accepted over QA errors are counted as *overridden* (a part of reviewed).
``confidence`` is the mean engine confidence of the units whose machine origin records
one (``confidence=`` in ``#. loctool-origin:``), whatever their state.

Two caches outside the project (:mod:`loctool.cache`) keep a repeated ``status`` cheap:
the row of each catalog whose bytes did not change (``status``), and the gate's verdict
on each reviewed translation by content (``verdicts``, see :class:`loctool.gate.Verdicts`),
so a changed catalog runs the checks only on translations not judged before.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import cache
from .errors import CatalogError, LoctoolError
from .model import State
from .project import GLOSSARY_NAME, Project

if TYPE_CHECKING:  # parsing and checking are imported where a catalog is read: a
    # ``status`` whose rows are all cached starts without them
    from . import gate
    from .messages import Message


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

    def fields(self) -> dict[str, object]:
        """The fields by name (``dataclasses.asdict`` without its deep copy: they are
        numbers and strings)."""
        return dict(vars(self))

    def as_dict(self) -> dict[str, object]:
        data = self.fields()
        data["reviewed_pct"] = round(self.reviewed_pct, 1)
        data["post_edit"] = None if self.post_edit is None else round(self.post_edit, 4)
        data["confidence"] = None if self.confidence is None else round(self.confidence, 4)
        return data


def post_edit_distance(entry: Message) -> float | None:
    """Normalized character edit distance between the machine text and the reviewed
    translation of an entry (0 = accepted unchanged, 1 = rewritten); None unless the
    entry is reviewed and has a machine origin."""
    from . import catalog
    from .diff import distance

    prov = catalog.provenance(entry) if entry.state is State.REVIEWED else None
    return distance(prov.text, entry.msgstr) if prov is not None and prov.text else None


def row_for(
    slug: str, lang: str, po: Iterable[Message], checks: gate.Gate | None = None
) -> Row:
    """The row of one catalog (its entries, obsolete ones too); with
    ``checks``, reviewed units go through the publication gate."""
    from . import catalog
    from .diff import distance

    counts = dict.fromkeys(State, 0)
    words = qa = with_errors = overridden = 0
    distances: list[float] = []
    scores: list[float] = []
    for entry in po:
        st = entry.state
        counts[st] += 1
        if st is State.OBSOLETE:
            continue
        words += len((entry.msgid or "").split())
        if st is State.REVIEWED and checks is not None:
            passes = checks.passes(entry)
            with_errors += not passes
            recorded = passes and catalog.QA_OVERRIDE in (entry.comment or "")
            overridden += recorded and catalog.qa_override(entry) is not None
        if entry.comment:  # QA notes and the machine text live in extracted comments
            qa += bool(catalog.qa_notes(entry))
            # the origin is read where it counts: a reviewed unit's machine text, or a
            # confidence (most machine drafts have none: not parsed for nothing)
            reviewed = st is State.REVIEWED
            wanted = reviewed or "confidence=" in entry.comment
            prov = catalog.provenance(entry) if wanted else None
            if reviewed and prov is not None and prov.text:
                distances.append(distance(prov.text, entry.msgstr))
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
# slug, lang, catalog path, digest (of the catalog and the glossary), project root
Job = tuple[str, str, str, str, str]
Failure = tuple[str, str | None, int | None]  # a LoctoolError's parts (pickled)
Result = tuple[Row, dict[str, bool], set[str]]  # a row, verdicts found, verdict keys used
KEEP_VERDICTS = 2  # verdicts kept per reviewed unit of the project before pruning …
VERDICT_SLACK = 1000  # … plus these


def collect(
    project: Project, only_langs: list[str] | None = None, only_slug: str | None = None
) -> list[Row]:
    """A row per catalog.  A catalog whose bytes are what an earlier ``collect`` saw is
    not parsed again: its row comes from a cache outside the project (:mod:`cache`).
    Many catalogs to parse are shared out between the cores."""
    store = cache.Store(project.root, "status")
    verdicts = cache.Store(project.root, "verdicts")
    known: list[Row] = []
    todo: list[Job] = []
    glossary = cache.file_digest(project.root / GLOSSARY_NAME) or "-"  # feeds the dnt check
    for ref in project.catalogs(only_langs, only_slug):
        digest = f"{cache.file_digest(ref.path) or ''}+{glossary}"
        row = _cached(store.get(str(ref.path)), digest)
        if row is None:
            todo.append((ref.slug, ref.lang, str(ref.path), digest, str(project.root)))
        else:
            known.append(row)
    used: set[str] = set()
    for (_, _, path, digest, _), (row, found, seen) in zip(
        todo, _rows(todo, verdicts.entries), strict=True
    ):
        store.put(path, {"digest": digest, "row": row.fields()})
        known.append(row)
        for key, passes in found.items():
            verdicts.put(key, passes)
        used |= seen
    if only_langs is None and only_slug is None:  # forget catalogs that are gone
        for gone in set(store.entries) - {str(project.po_path(r.lang, r.slug)) for r in known}:
            store.drop(gone)
        # and verdicts beyond a few per reviewed unit: keep this run's
        reviewed = sum(r.reviewed + r.reviewed_with_errors for r in known)
        if len(verdicts.entries) > KEEP_VERDICTS * reviewed + VERDICT_SLACK:
            for stale in set(verdicts.entries) - used:
                verdicts.drop(stale)
    store.save()
    verdicts.save()
    known.sort(key=lambda r: (r.slug, r.lang))
    return known


def _cached(entry: object, digest: str) -> Row | None:
    if isinstance(entry, dict) and digest and entry.get("digest") == digest:
        with contextlib.suppress(TypeError):  # a row of another shape: compute it again
            return Row(**entry.get("row"))  # type: ignore[arg-type]
    return None


_known: Mapping[str, object] = {}  # the verdicts of earlier runs, in this process


def _remember(known: Mapping[str, object]) -> None:
    """Give this process (a worker too) the verdicts of earlier runs."""
    global _known
    _known = known


def _row_of(job: Job) -> Result | Failure:
    """Parse one catalog (in a worker process too): its row with the verdicts found and
    used, or the error's parts."""
    from . import catalog, gate
    from .glossary import for_project

    slug, lang, path, digest, root = job
    try:
        po = catalog.load(Path(path))
        source = catalog.source_language(po)
        verdicts = gate.Verdicts(_known)
        checks = gate.Gate.for_catalog(
            po,
            lang,
            slug=slug,
            glossary=for_project(Path(root), source or None, digest.rpartition("+")[2]),
            verdicts=verdicts,
        )
        return row_for(slug, lang, po, checks), verdicts.found, verdicts.used
    except LoctoolError as exc:  # rebuilt in the parent: exceptions lose fields in pickles
        return (exc.message, exc.where, exc.line)


def _rows(todo: list[Job], known: Mapping[str, object]) -> list[Result]:
    """The rows of the catalogs to parse, with ``known`` verdicts (from the cache)."""
    workers = min(os.cpu_count() or 1, 4)
    if len(todo) < PARALLEL_FROM or workers < 2:
        _remember(known)
        try:
            results = [_row_of(job) for job in todo]
        finally:
            _remember({})
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from . import gate  # noqa: F401 - imported once here, not once per forked worker

        # fork: the workers start at once with loctool (and the verdicts) in memory
        forks = "fork" in multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if forks else None)
        chunk = max(1, len(todo) // (workers * 4))
        with ProcessPoolExecutor(
            workers, mp_context=context, initializer=_remember, initargs=(known,)
        ) as pool:
            results = list(pool.map(_row_of, todo, chunksize=chunk))
    rows: list[Result] = []
    for result in results:
        if isinstance(result[0], Row):
            rows.append(result)
        else:
            raise CatalogError(*result)
    return rows
