"""Review and acceptance of catalog entries.

* :class:`Session` — the units of one language that need review, in one catalog or in
  every catalog of the language (machine, changed, untranslated by default; reviewed
  ones on request), in document order or worst first (``--order risk``), and the
  decisions on them.  Every decision is applied to a fresh read of the catalog under
  its lock and saved atomically before the call returns, so a crash, Ctrl-C or a
  concurrent process loses nothing already decided.
* :func:`loctool.reviewloop.run` — the interactive loop over a session (accept / edit /
  skip / back / go to / find / comment / quit / help).
* :func:`accept_units` — the same acceptance without the loop (``loctool accept``).

Both go through the publication gate (:mod:`loctool.gate`): a unit whose translation
has an error-level QA finding is not made reviewed unless the reviewer overrides it
explicitly (``accept --force``, review's ``A``); the override is recorded on the entry.
What ``msgfmt --check`` would reject is refused even then.  A reviewed unit opened
again (``--only reviewed``, ``--unit N``, ``g N``) is held to the same rule.

Unit numbers are 1-based positions among a catalog's non-obsolete entries in document
order: the ``N`` of ``accept --unit N`` and of review's ``unit N/M``.
"""

from __future__ import annotations

import math
import re
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeGuard, cast

from . import catalog, files, gate, langs
from .errors import NotUtf8, Unreachable, UsageError
from .messages import Catalog, Key, Message
from .model import REVIEW_ORDERS, Issue, Provenance, State, normalize_ws
from .project import CatalogRef, Project

Ref = tuple[str, Key]  # (article slug, key): a unit's identity in a review session

ONLY_CHOICES = {
    "machine": State.MACHINE,
    "changed": State.CHANGED,
    "untranslated": State.UNTRANSLATED,
    "reviewed": State.REVIEWED,
}
REVIEWABLE = frozenset({State.MACHINE, State.CHANGED, State.UNTRANSLATED})  # the default
EVERY_STATE = frozenset(ONLY_CHOICES.values())  # what --unit N opens without --only
ACCEPTABLE = frozenset({State.MACHINE, State.CHANGED})
SCISSORS = "# ------------------------ >8 ------------------------"


# --------------------------------------------------------------------------- targets


Target = CatalogRef  # the catalog a review or an acceptance works on


def find_catalog(project: Project, lang: str, slug: str | None) -> Target:
    """The catalog of ``lang`` for ``slug``; the slug may be left out when the language
    has a single catalog."""
    lang = langs.validate(lang, "LANG")
    if slug is not None:
        slug = project.article_slug(slug)
        path = project.po_path(lang, slug)
        if not path.is_file():
            raise UsageError(
                f"no {lang} catalog for article {slug!r}; run `loctool extract` first",
                project.rel(path),
            )
        return Target(lang, slug, path)
    found = find_catalogs(project, lang, None)
    if len(found) > 1:
        raise UsageError(
            f"{several(found)} ({', '.join(t.slug for t in found)}); name the one to work on"
        )
    return found[0]


def find_catalogs(project: Project, lang: str, slug: str | None) -> list[Target]:
    """The catalogs a review of ``lang`` works on: the one of ``slug``, or every catalog
    of the language (sorted by article)."""
    if slug is not None:
        return [find_catalog(project, lang, slug)]
    lang = langs.validate(lang, "LANG")
    found = project.catalogs([lang])
    if not found:
        raise UsageError(
            f"no {lang} catalogs in {project.rel(project.locales_dir)}/; run "
            "`loctool extract` first"
        )
    return found


def several(targets: Sequence[Target]) -> str:
    """``3 articles have a catalog in kk``: the start of the error when a command needs
    one article and the language has several."""
    return f"{len(targets)} articles have a catalog in {targets[0].lang}"


def parse_only(values: Iterable[str]) -> frozenset[State]:
    """``--only machine,changed`` (repeatable) → the states; empty → the states that
    wait for a human (machine, changed, untranslated)."""
    states: set[State] = set()
    for value in values:
        for part in value.split(","):
            name = part.strip().lower()
            if not name:
                continue
            if name not in ONLY_CHOICES:
                raise UsageError(
                    f"unknown kind {name!r}; choose from {', '.join(ONLY_CHOICES)}", "--only"
                )
            states.add(ONLY_CHOICES[name])
    return frozenset(states) or REVIEWABLE


Ranges = list[tuple[int, int]]  # (first, last) unit numbers, sorted, not overlapping
MAX_DIGITS = 9  # a billion units is no catalog


def parse_units(values: Iterable[str]) -> Ranges:
    """``--unit 3 --unit 5,7-9`` → ``[(3, 3), (5, 5), (7, 9)]``: sorted, merged, and not
    expanded (``1-99999999`` stays one pair until :func:`unit_numbers` checks it
    against the catalog)."""
    ranges: Ranges = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            match = re.fullmatch(rf"(\d{{1,{MAX_DIGITS}}})(?:\s*-\s*(\d{{1,{MAX_DIGITS}}}))?", part)
            if not match:
                raise UsageError(f"not a unit number or range: {_shown(part)}", "--unit")
            low = int(match.group(1))
            high = int(match.group(2) or low)
            if low < 1 or high < low:
                raise UsageError(f"not a unit number or range: {_shown(part)}", "--unit")
            ranges.append((low, high))
    merged: Ranges = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def _shown(part: str) -> str:
    """A user's value in a message, cut short: the line stays a line."""
    return repr(part if len(part) <= 30 else part[:30] + "…")


def _ranges_text(ranges: Ranges) -> str:
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in ranges)


def unit_numbers(target: Target, ranges: Ranges) -> list[int]:
    """The unit numbers ``ranges`` name, checked against the catalog's size before they
    are expanded: numbers past its end are an error that shows them as ranges."""
    total = len(catalog.load(target.path).active())
    outside = [(max(low, total + 1), high) for low, high in ranges if high > total]
    if outside:
        where = f"{target.label} has units 1–{total}" if total else f"{target.label} has no units"
        raise UsageError(f"no unit {_ranges_text(outside)} ({where})", "--unit")
    return [n for low, high in ranges for n in range(low, high + 1)]


def units_to_review(target: Target, values: Iterable[str]) -> list[int]:
    """``review --unit N``: the numbers, checked against the catalog (unknown numbers
    and plural entries are errors that change nothing); any state may be opened."""
    units = unit_numbers(target, parse_units(values))
    active = catalog.load(target.path).active()
    forms = [n for n in units if active[n - 1].msgid_plural]
    if forms:
        raise UsageError(
            f"unit {_numbers(forms)} of {target.label} has plural forms: edit it in a PO "
            "editor (loctool leaves plural entries alone)",
            "--unit",
        )
    return units


# --------------------------------------------------------------------------- reviewer


def check_reviewer(value: str, where: str = "--reviewer") -> str:
    value = " ".join(value.split())
    if not value:
        raise UsageError("the reviewer is empty; give 'Name <mail>'", where)
    if any(ord(ch) < 32 for ch in value):
        raise UsageError("the reviewer must be one line of text", where)
    return value


def _git_config(root: Path, key: str) -> str:
    try:
        found = subprocess.run(
            ["git", "-C", str(root), "config", "--get", key],
            capture_output=True,
            text=True,
            check=False,
        )
    except (FileNotFoundError, OSError):
        return ""
    return found.stdout.strip() if found.returncode == 0 else ""


def reviewer_identity(project: Project, given: str | None) -> str:
    """``--reviewer`` if given, else git's ``user.name <user.email>`` seen from the
    project folder, else a :class:`UsageError` asking for ``--reviewer``."""
    if given is not None:
        return check_reviewer(given)
    name = _git_config(project.root, "user.name")
    email = _git_config(project.root, "user.email")
    if name and email:
        return check_reviewer(f"{name} <{email}>", "git config")
    if name or email:
        return check_reviewer(name or f"<{email}>", "git config")
    raise UsageError(
        "who is reviewing? give --reviewer 'Name <mail>' "
        "(or set git config user.name and user.email)"
    )


# --------------------------------------------------------------------------- items


@dataclass(frozen=True)
class Item:
    """What a reviewer sees of one unit, as read from the catalog."""

    key: Key
    unit: int  # 1-based position among non-obsolete entries
    total: int
    state: State
    msgid: str
    msgstr: str
    previous_msgid: str | None = None  # the source before it changed (#| msgid)
    previous_translation: str | None = None  # a human text a machine draft replaced
    provenance: Provenance | None = None
    qa: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    note: str = ""  # translator comments (# …), one per line
    similar: tuple[Similar, ...] = ()  # translation-memory matches (best first)
    terms: tuple[str, ...] = ()  # glossary hits: "Kazakistan → Қазақстан"
    plural: bool = False  # msgid_plural (only in foreign catalogs): left to a PO editor
    findings: tuple[Issue, ...] = ()  # live QA findings on the current translation
    override: catalog.Override | None = None  # recorded on the entry
    slug: str = ""  # the article
    # a translation from the memory for the similar source in #| ("87%"), not a change
    # of this article's source
    memory_match: str | None = None

    @property
    def ref(self) -> Ref:
        return self.slug, self.key

    @property
    def fingerprint(self) -> tuple[State, str]:
        return self.state, self.msgstr

    @property
    def errors(self) -> tuple[Issue, ...]:
        """The error-level findings: accepting needs an explicit override (``A``)."""
        return gate.Verdict(self.findings).errors

    @property
    def passes(self) -> bool:
        """Whether the translation as it is passes the gate (its recorded override
        counts): a reviewed unit opened again may be left as it is."""
        return gate.Verdict(self.findings, self.override).passes

    @property
    def confidence(self) -> float | None:
        return self.provenance.confidence if self.provenance is not None else None

    @property
    def human_before(self) -> str | None:
        """On a changed unit, the human translation made for the old source: the one a
        machine draft replaced (``#. loctool-previous:``), or the msgstr merge kept when
        it is not the machine's text.  None elsewhere."""
        if self.state is not State.CHANGED or self.memory_match is not None:
            return None  # a memory match: its text is already a human's, on the card
        if self.previous_translation:
            return self.previous_translation
        prov = self.provenance
        made_by_machine = (
            prov is not None
            and prov.engine != "memory"  # a memory match is a human's text (for another source)
            and normalize_ws(prov.text) == normalize_ws(self.msgstr)
        )
        return self.msgstr if self.msgstr and not made_by_machine else None

    @property
    def draft(self) -> str:
        """The text ``e`` starts from: on a changed unit the previous human translation
        (the machine's new draft is on the card), otherwise the current translation."""
        return self.human_before or self.msgstr


@dataclass(frozen=True)
class Similar:
    """A reviewed translation of a similar (or equal) source from the memory."""

    score: float
    source: str
    target: str
    origin: str


def _item(entry: Message, unit: int, total: int, slug: str = "") -> Item:
    return Item(
        override=catalog.qa_override(entry),
        key=entry.key,
        unit=unit,
        total=total,
        state=entry.state,
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        previous_msgid=entry.previous_msgid,
        previous_translation=catalog.previous_translation(entry),
        provenance=catalog.provenance(entry),
        qa=tuple(catalog.qa_notes(entry)),
        references=tuple(f"{path}:{line}" if line else path for path, line in entry.occurrences),
        note="\n".join(catalog.translator_comments(entry)),
        plural=bool(entry.msgid_plural),
        slug=slug,
        memory_match=catalog.memory_match(entry),
    )


def items(po: Catalog, slug: str = "") -> list[Item]:
    active = po.active()
    return [_item(e, n, len(active), slug) for n, e in enumerate(active, 1)]


def risk(item: Item) -> tuple[int, float, str, int]:
    """The ``--order risk`` key: units with an error nobody overrode first, then units
    with other findings, then the rest; within each, the lowest engine confidence first
    (units without one after those with one); ties by article, then unit."""
    verdict = gate.Verdict(item.findings, item.override)
    tier = 0 if verdict.blocking else 1 if verdict.issues else 2
    confidence = item.confidence
    return tier, confidence if confidence is not None else math.inf, item.slug, item.unit


# --------------------------------------------------------------------------- editing


def editor_text(item: Item, text: str | None = None) -> str:
    """The file ``$EDITOR`` opens: ``text`` (by default the text ``e`` starts from) on
    top, context below a scissors line (everything from the scissors on is ignored, as
    in ``git commit -v``)."""
    top = item.draft if text is None else text
    lines = [top or "", "", SCISSORS, "# Write the translation above this line."]
    lines.append("# Line breaks become spaces. An empty translation is not saved.")
    lines.append("#")
    lines.append(f"# Source: {item.msgid}")
    if item.previous_msgid is not None:
        lines.append(f"# Source before it changed: {item.previous_msgid}")
    if item.msgstr and item.msgstr != top:
        lines.append(f"# Current translation: {item.msgstr}")
    if item.provenance is not None and item.provenance.text:
        lines.append(f"# Machine ({item.provenance.engine}): {item.provenance.text}")
    human = item.human_before
    if human and human != top:
        lines.append(f"# Translation of the old source: {human}")
    elif item.previous_translation and item.previous_translation != top:
        lines.append(f"# Translation before the machine draft: {item.previous_translation}")
    lines.extend(f"# Comment: {line}" for line in item.note.splitlines())
    lines.extend(f"# Glossary: {term}" for term in item.terms)
    for match in item.similar:
        lines.append(f"# Memory {match.score:.0f}% ({match.origin}): {match.source}")
        lines.append(f"#   → {match.target}")
    lines.extend(f"# QA: {note}" for note in item.qa)
    return "\n".join(lines) + "\n"


def frame_like(msgid: str, text: str) -> str:
    """``text`` beginning and ending with a line break where ``msgid`` does (foreign
    catalogs' help texts): an edit is one run of text, but msgfmt requires the frame."""
    if not text:
        return text
    start = "\n" if msgid.startswith("\n") else ""
    end = "\n" if msgid.endswith("\n") and msgid != "\n" else ""
    return start + text + end


def decode_edit(data: bytes, editor: str) -> str:
    """The text an editor saved, which must be UTF-8 (a BOM is dropped); anything else is
    an error that changes nothing."""
    try:
        return files.decode_utf8(data)
    except NotUtf8 as bad:
        raise UsageError(
            f"{editor} saved text that is not UTF-8 (byte 0x{bad.byte:02x} on line "
            f"{bad.line}); nothing was saved — set the editor to UTF-8",
            "$EDITOR",
        ) from None


def clean_translation(text: str) -> str:
    """The translation from an edit: the part above the scissors line, whitespace runs
    collapsed like msgids (units are single runs of text; render restores the gaps)."""
    kept = []
    for line in text.splitlines():
        if line.rstrip() == SCISSORS:
            break
        kept.append(line)
    return normalize_ws("\n".join(kept))


# --------------------------------------------------------------------------- session


class Outcome(StrEnum):
    SAVED = "saved"
    CONFLICT = "conflict"  # the entry changed on disk since it was shown
    GONE = "gone"  # the entry is no longer in the catalog (source changed)
    REFUSED = "refused"  # QA errors without an override, or a fatal one


@dataclass(frozen=True)
class Conflict:
    """A unit another process changed while the reviewer was deciding on it."""

    mine: str | None  # what the reviewer typed (None: a plain accept)
    shown: Item  # the unit as it was shown
    fresh: Item | None  # the unit as it is now (None: removed from the article)
    reason: str  # "the source changed", "reviewed by X", "a new machine draft" …


@dataclass
class _Context:
    """What the live checks and suggestions need per source language."""

    glossary: Any = None
    memory: Any = None
    memory_built: bool = False


@dataclass
class Session:
    """Review of one language by one reviewer: one catalog, or several (``target`` is
    a :class:`Target` or a sequence of them, reviewed article by article)."""

    target: Target | Sequence[Target]
    reviewer: str
    only: frozenset[State] = REVIEWABLE
    root: Path | None = None  # project folder: its glossary.csv feeds the live QA checks
    order: str = "document"  # or "risk": worst first (see :func:`risk`)
    units: frozenset[int] | None = None  # --unit: only these (a one-catalog session)
    targets: list[Target] = field(init=False)
    _by_slug: dict[str, Target] = field(default_factory=dict, init=False, repr=False)
    _sources: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    _contexts: dict[str, _Context] = field(default_factory=dict, init=False, repr=False)
    _lexicon: Any = field(default=None, init=False, repr=False)
    _lexicon_loaded: bool = field(default=False, init=False, repr=False)

    def __post_init__(self) -> None:
        chosen = [self.target] if isinstance(self.target, CatalogRef) else list(self.target)
        if not chosen:
            raise ValueError("a review needs at least one catalog")
        if len({t.lang for t in chosen}) != 1:
            raise ValueError("a review works on one language")
        if self.order not in REVIEW_ORDERS:
            orders = ", ".join(REVIEW_ORDERS)
            raise UsageError(f"unknown order {self.order!r}; choose from {orders}")
        if self.units is not None and len(chosen) != 1:
            raise UsageError("--unit numbers units of one article; name it", "--unit")
        self.targets = sorted(chosen, key=lambda t: t.slug)
        self._by_slug = {t.slug: t for t in self.targets}

    @property
    def lang(self) -> str:
        return self.targets[0].lang

    @property
    def several(self) -> bool:
        return len(self.targets) > 1

    @property
    def label(self) -> str:
        if not self.several:
            return self.targets[0].label
        return f"{self.lang} ({len(self.targets)} articles)"

    def slugs(self) -> list[str]:
        return [t.slug for t in self.targets]

    # ------------------------------------------------------------------ reading

    def _load(self, slug: str) -> Catalog:
        po = catalog.load(self._by_slug[slug].path)
        source = catalog.source_language(po)
        if source:
            self._sources[slug] = source
        return po

    def wanted(self, item: Item) -> bool:
        if item.plural or item.state not in self.only:
            return False
        return self.units is None or item.unit in self.units

    def plural_left(self) -> list[tuple[Target, int]]:
        """Per catalog, the plural entries of the wanted kinds: review and accept leave
        them alone (their forms are edited in a PO editor), so the count is shown."""
        counts = []
        for target in self.targets:
            found = items(self._load(target.slug), target.slug)
            n = sum(i.plural and i.state in self.only for i in found)
            if n:
                counts.append((target, n))
        return counts

    def pending(self) -> list[Item]:
        """The units to review: article by article in document order, or worst first
        (``order="risk"``, with their QA findings)."""
        found: list[Item] = []
        for target in self.targets:
            po = self._load(target.slug)
            wanted = [i for i in items(po, target.slug) if self.wanted(i)]
            if self.order == "risk":
                checks, active = self.gate(po, target), po.active()
                wanted = [
                    self._judged(checks, active[i.unit - 1], i.unit, i.total, i.slug)
                    for i in wanted
                ]
            found.extend(wanted)
        return sorted(found, key=risk) if self.order == "risk" else found

    def queue(self) -> list[Ref]:
        return [i.ref for i in self.pending()]

    def _judged(
        self, checks: gate.Gate, entry: Message, n: int, total: int, slug: str
    ) -> Item:
        found = _item(entry, n, total, slug)
        if found.state is State.UNTRANSLATED:
            return found
        verdict = checks.judge(entry, unit=n)
        return replace(found, qa=tuple(qa_note(i) for i in verdict.issues), findings=verdict.issues)

    def _find(self, po: Catalog, key: Key) -> tuple[int, Message | None, int]:
        active = po.active()
        n, entry = next(((n, e) for n, e in enumerate(active, 1) if e.key == key), (0, None))
        return n, entry, len(active)

    def item(self, ref: Ref | Key) -> Item | None:
        """A fresh view of one unit (None if it left the catalog), with live QA, memory
        suggestions and glossary hits.  A bare key names a unit of the first catalog."""
        if _is_ref(ref):
            slug, key = ref
        else:
            slug, key = self.targets[0].slug, cast(Key, ref)
        po = self._load(slug)
        n, entry, total = self._find(po, key)
        return None if entry is None else self._view(po, slug, entry, n, total)

    def _view(
        self, po: Catalog, slug: str, entry: Message, n: int, total: int
    ) -> Item:
        found = self._judged(self.gate(po, self._by_slug[slug]), entry, n, total, slug)
        return replace(
            found,
            similar=self.similar(found),
            terms=self.terms(found.msgid, self._sources.get(slug, "")),
        )

    def gate(self, po: Catalog, target: Target | None = None) -> gate.Gate:
        """The QA view of a catalog: its headers, the glossary, the project's words."""
        target = target or self.targets[0]
        source = catalog.source_language(po)
        return gate.Gate.for_catalog(
            po,
            target.lang,
            slug=target.slug,
            glossary=self._context(source).glossary,
            lexicon=self._load_lexicon(),
        )

    def _context(self, source: str) -> _Context:
        context = self._contexts.get(source)
        if context is None:
            context = self._contexts[source] = _Context()
            if self.root is not None:
                from . import glossary

                context.glossary = glossary.for_project(self.root, source or None)
        return context

    def _load_lexicon(self) -> Any:
        if not self._lexicon_loaded and self.root is not None:
            from .check import lexicon_for

            first = self._sources.get(self.targets[0].slug, "")
            glossary = self._context(first).glossary
            self._lexicon = lexicon_for(Project(self.root), self.lang, glossary, {})
            self._lexicon_loaded = True
        return self._lexicon

    def _memory(self, source: str) -> Any:
        context = self._context(source)
        if not context.memory_built and self.root is not None and source:
            from . import memory

            context.memory = memory.build(Project(self.root), source, self.lang)
            context.memory_built = True
        return context.memory

    def similar(self, item: Item, limit: int = 3) -> tuple[Similar, ...]:
        """Memory matches ≥ 75 % for the unit, leaving out the unit itself and its own
        current text."""
        found = self._memory(self._sources.get(item.slug, ""))
        if found is None:
            return ()
        itself = self._target(item).origin(item.unit)
        return tuple(
            Similar(m.score, m.unit.source, m.unit.target, m.unit.origin)
            for m in found.fuzzy(item.msgid, limit=limit + 1)
            if m.unit.target != item.msgstr and m.unit.origin != itself
        )[:limit]

    def terms(self, msgid: str, source: str = "") -> tuple[str, ...]:
        glossary = self._context(source).glossary
        if glossary is None:
            return ()
        lang = self.lang
        return tuple(
            f"{t.term} → {' | '.join(t.expected(lang)) or '?'}{' (keep as is)' if t.dnt else ''}"
            for t in glossary.hits(msgid)
        )

    def _target(self, item: Item) -> Target:
        return self._by_slug[item.slug or self.targets[0].slug]

    def findings(self, item: Item, text: str) -> tuple[Issue, ...]:
        """The live QA findings on ``text`` proposed as the translation of ``item``."""
        slug = item.slug or self.targets[0].slug
        po = self._load(slug)
        _, entry, _ = self._find(po, item.key)
        if entry is None:
            return ()
        return self.gate(po, self._by_slug[slug]).judge(entry, text, unit=item.unit).issues

    def still_wanted(self, refs: Iterable[Ref]) -> set[Ref]:
        """Those of ``refs`` still in their catalog and of a wanted kind (each catalog
        read once; no suggestions or checks: cheap enough for a whole queue)."""
        by_slug: dict[str, list[Key]] = {}
        for slug, key in refs:
            by_slug.setdefault(slug, []).append(key)
        found: set[Ref] = set()
        for slug, keys in by_slug.items():
            now = {i.key: i for i in items(self._load(slug), slug)}
            found.update((slug, k) for k in keys if k in now and self.wanted(now[k]))
        return found

    def remaining(self, refs: Iterable[Ref] | None = None, done: Iterable[Ref] = ()) -> int:
        """Units of ``refs`` (default: the queue now) still waiting: of a wanted kind and
        not in ``done`` (decided in this session: a reviewed unit kept as it is stays of
        its kind)."""
        if refs is None:
            return len(self.queue())
        return len(self.still_wanted(refs) - set(done))

    # ------------------------------------------------------------------ writing

    def decide(self, item: Item, text: str | None = None, override: bool = False) -> Outcome:
        """Accept ``item`` (with ``text`` as the new translation when edited), saving at
        once.  Nothing is written if the unit changed on disk since it was shown, or if
        the translation has QA errors and ``override`` is not given (then the override
        is recorded), or a fatal one (never)."""
        target = self._target(item)
        path = target.path
        with catalog.locked(path):
            old_text = catalog.read_text(path)
            po = catalog.loads(old_text, path)
            _, entry, _ = self._find(po, item.key)
            if entry is None:
                return Outcome.GONE
            if (entry.state, entry.msgstr) != item.fingerprint:
                return Outcome.CONFLICT
            verdict = self.gate(po, target).judge(entry, text if text is not None else entry.msgstr)
            decision = gate.decide(verdict, self.reviewer, override)
            if not decision.allowed:
                return Outcome.REFUSED
            catalog.accept(entry, text, decision.override)
            catalog.mark_reviewed_by(po, self.reviewer)
            catalog.save(po, path, old_text)
        self._learn(item, entry.msgstr)
        return Outcome.SAVED

    def _learn(self, item: Item, text: str) -> None:
        """A unit just made reviewed (it passed the gate) is memory for the rest of the
        session, as it would be for the next one."""
        context = self._contexts.get(self._sources.get(item.slug, ""))
        if context is not None and context.memory is not None:
            origin = self._target(item).origin(item.unit)
            context.memory.add(item.msgid, text, origin, item.key[0])

    def comment(self, item: Item, text: str) -> str | None:
        """Add a translator comment (``# …``) to the unit, saved at once; the unit's
        comments after it, or None if the unit left the catalog."""
        path = self._by_slug[item.slug or self.targets[0].slug].path
        with catalog.locked(path):
            old_text = catalog.read_text(path)
            po = catalog.loads(old_text, path)
            _, entry, _ = self._find(po, item.key)
            if entry is None:
                return None
            catalog.add_translator_comment(entry, text)
            catalog.save(po, path, old_text)
            return "\n".join(catalog.translator_comments(entry))

    def conflict(self, shown: Item, mine: str | None = None) -> Conflict:
        """What another process did to ``shown`` since it was shown: the unit now (its
        successor when the source changed) and, in words, what changed."""
        slug = shown.slug or self.targets[0].slug
        po = self._load(slug)
        n, entry, total = self._find(po, shown.key)
        if entry is None:
            olds = {x for x in (shown.msgid, shown.previous_msgid) if x is not None}
            active = po.active()
            n, entry = next(
                (
                    (n, e)
                    for n, e in enumerate(active, 1)
                    if e.previous_msgid in olds and e.msgctxt == shown.key[0]
                ),
                (0, None),
            )
            if entry is None:
                return Conflict(mine, shown, None, "the unit was removed from the article")
            return Conflict(
                mine, shown, self._view(po, slug, entry, n, total), "the source changed"
            )
        fresh = self._view(po, slug, entry, n, total)
        return Conflict(mine, shown, fresh, _what_changed(shown, fresh, po))

    # ------------------------------------------------------------------ moving

    def locate(self, address: str, here: Item, queue: Sequence[Ref] = ()) -> Ref:
        """The unit ``g ADDRESS`` names: ``N`` (unit N of the current article),
        ``SLUG:N``, or ``SLUG`` (its first unit in ``queue``, else its unit 1)."""
        text = address.strip()
        match = re.fullmatch(r"(?:(?P<slug>[^\s:]+)\s*:\s*)?(?P<n>\d{1,9})", text)
        if match is None and text in self._by_slug:
            first = next((r for r in queue if r[0] == text), None)
            if first is not None:
                return first
            slug, number = text, 1
        elif match is None:
            raise Unreachable(f"go to what? give a unit number N, or ARTICLE:N ({text!r})")
        else:
            slug, number = match.group("slug") or here.slug, int(match.group("n"))
        if slug not in self._by_slug:
            raise Unreachable(f"no article {slug!r} in this review ({', '.join(self.slugs())})")
        label = self._by_slug[slug].label
        active = self._load(slug).active()
        if not 1 <= number <= len(active):
            where = f"{label} has units 1–{len(active)}" if active else f"{label} has no units"
            raise Unreachable(f"no unit {number}: {where}")
        entry = active[number - 1]
        if entry.msgid_plural:
            raise Unreachable(f"unit {number} of {label} has plural forms: edit it in a PO editor")
        return slug, entry.key

    def search(self, text: str, queue: Sequence[Ref], at: int) -> Ref | None:
        """The next unit after position ``at`` of ``queue`` (wrapping round, the current
        one last) whose source or translation contains ``text`` (case, Turkish dotted
        and dotless i, and runs of spaces ignored); if no unit of the queue has it, the
        first other unit of the session's catalogs (article, then unit order)."""
        from .glossary import fold

        needle = fold(normalize_ws(text))
        if not needle:
            return None
        texts: dict[Ref, str] = {}
        order: list[Ref] = []
        for target in self.targets:
            for entry in self._load(target.slug).active():
                if entry.msgid_plural:
                    continue
                ref = (target.slug, entry.key)
                texts[ref] = (
                    fold(normalize_ws(entry.msgid)) + "\n" + fold(normalize_ws(entry.msgstr))
                )
                order.append(ref)
        ahead = [*queue[at + 1 :], *queue[: at + 1]]
        inside = set(queue)
        for ref in [*ahead, *(r for r in order if r not in inside)]:
            if needle in texts.get(ref, ""):
                return ref
        return None


def _is_ref(value: Ref | Key) -> TypeGuard[Ref]:
    return isinstance(value[1], tuple)


def _what_changed(shown: Item, fresh: Item, po: Catalog) -> str:
    if fresh.state is State.REVIEWED and (
        shown.state is not State.REVIEWED or shown.msgstr != fresh.msgstr
    ):
        who = (
            fresh.override.by
            if fresh.override is not None
            else po.metadata.get(catalog.LAST_TRANSLATOR, "")
        )
        return f"reviewed by {who}" if who and who != catalog.DEFAULT_TRANSLATOR else "reviewed"
    prov = fresh.provenance
    if (
        prov is not None
        and prov.text
        and normalize_ws(prov.text) == normalize_ws(fresh.msgstr)
        and (prov != shown.provenance or fresh.msgstr != shown.msgstr)
    ):
        return f"a new machine draft ({prov.engine or 'machine'})"
    if fresh.state is not shown.state:
        return f"it is {fresh.state.value} now (was {shown.state.value})"
    return "the translation was changed"


def qa_note(issue: Issue) -> str:
    from .qa import note

    return note(issue)


# --------------------------------------------------------------------------- accept


@dataclass(frozen=True)
class Refusal:
    """A unit ``accept`` left alone for its QA findings."""

    unit: int
    issues: tuple[Issue, ...]
    fatal: bool  # msgfmt would reject it: --force cannot help


@dataclass(frozen=True)
class AcceptResult:
    target: Target
    reviewer: str
    accepted: list[int]
    already: list[int]  # asked for by number, but already reviewed
    untranslated: list[int]  # left alone by --all: nothing to accept
    written: bool
    plural: list[int] = field(default_factory=list)  # left alone by --all: plural forms
    changed: list[int] = field(default_factory=list)  # left alone by --all: source changed
    similar: list[int] = field(default_factory=list)  # left alone by --all: memory matches
    refused: list[Refusal] = field(default_factory=list)  # QA errors (no --force, or fatal)
    overridden: list[int] = field(default_factory=list)  # accepted with --force over errors


def accept_units(
    target: Target,
    reviewer: str,
    units: Sequence[int] | None,
    only: frozenset[State] = ACCEPTABLE,
    *,
    include_changed: bool = False,
    force: bool = False,
    root: Path | None = None,
) -> AcceptResult:
    """Accept units by number (``units``) or every machine draft (``units=None``; changed
    units too with ``include_changed``), through the publication gate: a unit with an
    error-level QA finding is refused unless ``force`` (the override is recorded), and
    one msgfmt would reject is refused always.  Refused units are left as they are.

    All-or-nothing for bad requests: unknown numbers and untranslated units asked for by
    number are errors that change nothing.  The catalog is read, changed and saved under
    its lock; ``root`` is the project folder (its ``glossary.csv`` feeds the checks).
    """
    path = target.path
    with catalog.locked(path):
        old_text = catalog.read_text(path)
        po = catalog.loads(old_text, path)
        active = po.active()
        chosen = list(enumerate(active, 1)) if units is None else _asked_for(target, active, units)
        checks = gate.Gate.for_catalog(po, target.lang, root, slug=target.slug)
        result = AcceptResult(target, reviewer, [], [], [], False)
        for n, entry in chosen:
            st = entry.state
            if entry.msgid_plural:
                if st in only:
                    result.plural.append(n)
            elif st is State.REVIEWED:
                if units is not None:
                    result.already.append(n)
            elif st is State.UNTRANSLATED:
                result.untranslated.append(n)
            elif st is State.CHANGED and units is None and not include_changed:
                if st in only:
                    kind = result.similar if catalog.is_memory_match(entry) else result.changed
                    kind.append(n)
            elif st in only:
                verdict = checks.judge(entry, entry.msgstr, unit=n, errors_only=True)
                decision = gate.decide(verdict, reviewer, force)
                if not decision.allowed:
                    result.refused.append(Refusal(n, decision.refused, decision.fatal))
                    continue
                catalog.accept(entry, None, decision.override)
                result.accepted.append(n)
                if decision.override is not None:
                    result.overridden.append(n)
        if result.accepted:
            catalog.mark_reviewed_by(po, reviewer)
            result = replace(result, written=catalog.save(po, path, old_text))
    return result


def _asked_for(
    target: Target, active: list[Message], units: Sequence[int]
) -> list[tuple[int, Message]]:
    unknown = [n for n in units if not 1 <= n <= len(active)]
    if unknown:
        where = f"{target.label} has units 1–{len(active)}" if active else "no units"
        raise UsageError(f"no unit {_numbers(unknown)} ({where})", "--unit")
    chosen = [(n, active[n - 1]) for n in units]
    forms = [n for n, e in chosen if e.msgid_plural]
    if forms:
        raise UsageError(
            f"unit {_numbers(forms)} of {target.label} has plural forms: check and "
            "accept it in a PO editor (loctool leaves plural entries alone)",
            "--unit",
        )
    empty = [n for n, e in chosen if e.state is State.UNTRANSLATED]
    if empty:
        raise UsageError(
            f"unit {_numbers(empty)} of {target.label} is untranslated: nothing to "
            "accept (translate it with `loctool review` or `loctool translate`)",
            "--unit",
        )
    return chosen


def _numbers(units: Sequence[int]) -> str:
    return ", ".join(str(n) for n in units)
