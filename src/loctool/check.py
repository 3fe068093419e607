"""The ``check`` stage: run the QA checks of :mod:`loctool.qa` over a project's catalogs.

Every translated entry (reviewed, machine or changed) of every catalog is checked;
untranslated entries are counted, not reported (``status`` shows progress).  Units are
numbered as ``review`` and ``accept --unit`` number them: 1-based among the catalog's
non-obsolete entries.  The glossary is the project's ``glossary.csv`` when present.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from . import catalog, qa
from .errors import UsageError
from .glossary import Glossary, for_project
from .model import Issue, State
from .project import Project


@dataclass(frozen=True)
class Finding:
    issue: Issue
    path: str  # the catalog, relative to the project root
    line: int  # line of the entry in the catalog
    state: str
    msgstr: str


@dataclass
class Report:
    catalogs: int = 0
    checked: int = 0  # translated entries checked
    untranslated: int = 0  # entries not checked because they are empty
    findings: list[Finding] = field(default_factory=list)

    def count(self, level: str) -> int:
        return sum(f.issue.level == level for f in self.findings)

    @property
    def failed(self) -> bool:
        return self.count(qa.ERROR) > 0


def validate_skip(ids: Sequence[str]) -> list[str]:
    unknown = [i for i in ids if i not in qa.REGISTRY]
    if unknown:
        known = ", ".join(qa.REGISTRY)
        raise UsageError(f"unknown check {unknown[0]!r} (checks: {known})", "--skip")
    return list(ids)


def check_catalog(
    po: catalog.POFile,
    rel: str,
    slug: str,
    lang: str,
    glossary: Glossary | None,
    skip: Sequence[str],
    report: Report,
) -> None:
    source_lang = po.metadata.get("X-Source-Language", "") or "und"
    order = {check_id: i for i, check_id in enumerate(qa.REGISTRY)}
    for unit, entry in enumerate(catalog.active_entries(po), start=1):
        state = catalog.state(entry)
        msgstr = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
        if state is State.UNTRANSLATED:
            report.untranslated += 1
            continue
        report.checked += 1
        issues = qa.check_entry(
            entry.msgid,
            msgstr,
            source_lang,
            lang,
            glossary,
            skip=skip,
            slug=slug,
            unit=unit,
            notes=entry.comment.split("\n") if entry.comment else (),
        )
        issues.sort(key=lambda i: order[i.check])
        report.findings.extend(
            Finding(i, rel, entry.linenum or 0, str(state), msgstr) for i in issues
        )


def run(
    project: Project,
    only_langs: list[str] | None = None,
    slug: str | None = None,
    skip: Sequence[str] = (),
) -> Report:
    """Check every catalog (of ``slug``, in ``only_langs``), sorted by article and language."""
    skip = validate_skip(skip)
    if slug is not None:
        project.check_slug(slug)
    base = for_project(project.root)
    glossaries: dict[str, Glossary] = {}
    report = Report()
    for ref in project.catalogs(only_langs, slug):
        po = catalog.load(ref.path)
        report.catalogs += 1
        source_lang = po.metadata.get("X-Source-Language", "")
        glossary = None
        if base is not None:
            glossary = glossaries.setdefault(source_lang, Glossary(base.terms, source_lang or None))
        check_catalog(po, project.rel(ref.path), ref.slug, ref.lang, glossary, skip, report)
    if slug is not None and report.catalogs == 0:
        raise UsageError(f"no catalogs for article {slug!r}; run `loctool extract`")
    return report
