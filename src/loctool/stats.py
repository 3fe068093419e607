"""Per article × language statistics for ``loctool status``."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from . import catalog
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

    @property
    def reviewed_pct(self) -> float:
        return 100.0 * self.reviewed / self.units if self.units else 100.0

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["reviewed_pct"] = round(self.reviewed_pct, 1)
        return data


def row_for(slug: str, lang: str, po: catalog.POFile) -> Row:
    counts = dict.fromkeys(State, 0)
    words = qa = 0
    for entry in po:
        st = catalog.state(entry)
        counts[st] += 1
        if st is not State.OBSOLETE:
            words += len(entry.msgid.split())
            qa += bool(catalog.qa_notes(entry))
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
    )


def collect(
    project: Project, only_langs: list[str] | None = None, only_slug: str | None = None
) -> list[Row]:
    rows = []
    for lang in project.catalog_langs():
        if only_langs is not None and lang not in only_langs:
            continue
        folder = project.locales_dir / lang / "LC_MESSAGES"
        for path in sorted(folder.glob("*.po")):
            if only_slug is not None and path.stem != only_slug:
                continue
            rows.append(row_for(path.stem, lang, catalog.load(path)))
    rows.sort(key=lambda r: (r.slug, r.lang))
    return rows
