"""Per article × language statistics for ``loctool status``."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from . import cache, catalog
from .diff import distance
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

    @property
    def reviewed_pct(self) -> float:
        return 100.0 * self.reviewed / self.units if self.units else 100.0

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["reviewed_pct"] = round(self.reviewed_pct, 1)
        data["post_edit"] = None if self.post_edit is None else round(self.post_edit, 4)
        return data


def post_edit_distance(entry: catalog.Entry) -> float | None:
    """Normalized character edit distance between the machine text and the reviewed
    translation of an entry (0 = accepted unchanged, 1 = rewritten); None unless the
    entry is reviewed and has a machine origin."""
    if catalog.state(entry) is not State.REVIEWED:
        return None
    prov = catalog.provenance(entry)
    if prov is None or not prov.text:
        return None
    return distance(prov.text, entry.msgstr)


def row_for(slug: str, lang: str, po: Iterable[catalog.Entry]) -> Row:
    """The row of one catalog (a POFile, or the entries of :func:`catalog.scan`)."""
    counts = dict.fromkeys(State, 0)
    words = qa = 0
    distances: list[float] = []
    for entry in po:
        st = catalog.state(entry)
        counts[st] += 1
        if st is State.OBSOLETE:
            continue
        words += len((entry.msgid or "").split())
        if entry.comment:  # QA notes and the machine text live in extracted comments
            qa += bool(catalog.qa_notes(entry))
            dist = post_edit_distance(entry) if st is State.REVIEWED else None
            if dist is not None:
                distances.append(dist)
    return Row(
        slug=slug,
        lang=lang,
        units=sum(n for st, n in counts.items() if st is not State.OBSOLETE),
        words=words,
        reviewed=counts[State.REVIEWED],
        machine=counts[State.MACHINE],
        changed=counts[State.CHANGED],
        untranslated=counts[State.UNTRANSLATED],
        obsolete=counts[State.OBSOLETE],
        qa_warnings=qa,
        post_edit=sum(distances) / len(distances) if distances else None,
        post_edited=len(distances),
    )


def collect(
    project: Project, only_langs: list[str] | None = None, only_slug: str | None = None
) -> list[Row]:
    """A row per catalog.  A catalog whose bytes are what an earlier ``collect`` saw is
    not parsed again: its row comes from a cache outside the project (:mod:`cache`)."""
    store = cache.Store(project.root, "status")
    rows = []
    for lang in project.catalog_langs():
        if only_langs is not None and lang not in only_langs:
            continue
        folder = project.locales_dir / lang / "LC_MESSAGES"
        for path in sorted(folder.glob("*.po")):
            if only_slug is not None and path.stem != only_slug:
                continue
            rows.append(_cached_row(store, path.stem, lang, path))
    if only_langs is None and only_slug is None:  # forget catalogs that are gone
        for gone in set(store.entries) - {str(project.po_path(r.lang, r.slug)) for r in rows}:
            store.drop(gone)
    store.save()
    rows.sort(key=lambda r: (r.slug, r.lang))
    return rows


def _cached_row(store: cache.Store, slug: str, lang: str, path: Path) -> Row:
    text = catalog.read_text(path)
    digest = cache.text_digest(text)
    known = store.get(str(path))
    if isinstance(known, dict) and known.get("digest") == digest:
        with contextlib.suppress(TypeError):  # a row of another shape: compute it again
            return Row(**known.get("row"))
    row = row_for(slug, lang, catalog.scan(text, path))
    store.put(str(path), {"digest": digest, "row": asdict(row)})
    return row
