"""The ``check`` stage: run the QA checks of :mod:`loctool.qa` over a project's catalogs.

Every translated entry (reviewed, machine or changed) of every catalog is checked, and
so is an *emptied* one (msgstr ``""``, not fuzzy, but with a record of an earlier
translation: it would be published as nothing); untranslated entries are counted, not
reported (``status`` shows progress).  Each entry goes through the publication gate
(:mod:`loctool.gate`): an error covered by the entry's recorded override is reported
as overridden and does not fail the run.  Units are numbered as ``review`` and
``accept --unit`` number them: 1-based among the catalog's non-obsolete entries.  The
glossary is the project's ``glossary.csv`` when present; Kazakh and Tajik catalogs are
also checked against the words of the project's reviewed units (:mod:`loctool.lexicon`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from . import catalog, gate, qa
from .errors import UsageError
from .glossary import Glossary, for_project
from .lexicon import Lexicon
from .messages import Catalog
from .model import Issue, State
from .project import Project


@dataclass(frozen=True)
class Finding:
    issue: Issue
    path: str  # the catalog, relative to the project root
    line: int  # line of the entry in the catalog
    state: str
    msgstr: str
    override: catalog.Override | None = None  # the recorded override covering this error

    @property
    def overridden(self) -> bool:
        return self.override is not None


@dataclass
class Report:
    catalogs: int = 0
    checked: int = 0  # translated entries checked
    untranslated: int = 0  # entries not checked because they are empty
    findings: list[Finding] = field(default_factory=list)

    def count(self, level: str) -> int:
        """Findings of ``level`` that count: overridden errors do not."""
        return sum(f.issue.level == level and not f.overridden for f in self.findings)

    @property
    def overridden(self) -> int:
        return sum(f.overridden for f in self.findings)

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
    po: Catalog,
    rel: str,
    slug: str,
    lang: str,
    glossary: Glossary | None,
    skip: Sequence[str],
    report: Report,
    lexicon: Lexicon | None = None,
) -> None:
    checks = gate.Gate.for_catalog(po, lang, slug=slug, glossary=glossary, lexicon=lexicon)
    checks.skip = tuple(skip)
    order = {check_id: i for i, check_id in enumerate(qa.REGISTRY)}
    for unit, entry in enumerate(po.active(), start=1):
        if not gate.judged(entry):
            report.untranslated += 1
            continue
        report.checked += 1
        verdict = checks.judge(entry, unit=unit)
        msgstr = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
        state = str(entry.state)
        for issue in sorted(verdict.issues, key=lambda i: order[i.check]):
            covered = verdict.override if verdict.overridden(issue) else None
            report.findings.append(Finding(issue, rel, entry.linenum or 0, state, msgstr, covered))


def lexicon_for(
    project: Project, lang: str, glossary: Glossary | None, loaded: dict[str, Catalog]
) -> Lexicon | None:
    """The words of every reviewed unit of ``lang`` in the project (kk and tg only)."""
    texts = []
    for ref in project.catalogs([lang]):
        po = loaded.setdefault(str(ref.path), catalog.load(ref.path))
        texts += [
            e.msgstr
            for e in po.active()
            if not e.msgid_plural and e.state is State.REVIEWED
        ]
    return gate.project_lexicon(lang, texts, glossary)


def run(
    project: Project,
    only_langs: list[str] | None = None,
    slug: str | None = None,
    skip: Sequence[str] = (),
) -> Report:
    """Check every catalog (of ``slug``, in ``only_langs``), sorted by article and language."""
    skip = validate_skip(skip)
    if slug is not None:
        slug = project.article_slug(slug)
    base = for_project(project.root)
    glossaries: dict[str, Glossary] = {}
    lexicons: dict[str, Lexicon | None] = {}
    loaded: dict[str, Catalog] = {}
    report = Report()
    for ref in project.catalogs(only_langs, slug):
        po = loaded.get(str(ref.path)) or catalog.load(ref.path)
        report.catalogs += 1
        source_lang = catalog.source_language(po)
        glossary = None
        if base is not None:
            glossary = glossaries.setdefault(source_lang, Glossary(base.terms, source_lang or None))
        if ref.lang not in lexicons and "spelling" not in skip:
            lexicons[ref.lang] = lexicon_for(project, ref.lang, glossary, loaded)
        lexicon = lexicons.get(ref.lang)
        check_catalog(
            po, project.rel(ref.path), ref.slug, ref.lang, glossary, skip, report, lexicon
        )
    if slug is not None and report.catalogs == 0:
        raise UsageError(f"no catalogs for article {slug!r}; run `loctool extract`")
    return report
