"""Review and acceptance of catalog entries.

* :class:`Session` — the units of one catalog that need review (machine, changed,
  untranslated; in document order) and the decisions on them.  Every decision is applied
  to a fresh read of the catalog under its lock and saved atomically before the call
  returns, so a crash, Ctrl-C or a concurrent process loses nothing already decided.
* :func:`run` — the interactive loop (accept / edit / skip / quit / help), driven by a
  :class:`UI` the command line provides; testable with a fake one.
* :func:`accept_units` — the same acceptance without the loop (``loctool accept``).

Both go through the publication gate (:mod:`loctool.gate`): a unit whose translation
has an error-level QA finding is not made reviewed unless the reviewer overrides it
explicitly (``accept --force``, review's ``A``); the override is recorded on the entry.
What ``msgfmt --check`` would reject is refused even then.

Unit numbers are 1-based positions among the catalog's non-obsolete entries in document
order: the ``N`` of ``accept --unit N`` and of review's ``unit N/M``.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from . import catalog, gate, langs
from .errors import UsageError
from .model import Issue, Provenance, State, normalize_ws
from .project import CatalogRef, Project

Key = tuple[str | None, str]  # (msgctxt, msgid): an entry's identity across reads

ONLY_CHOICES = {
    "machine": State.MACHINE,
    "changed": State.CHANGED,
    "untranslated": State.UNTRANSLATED,
}
REVIEWABLE = frozenset(ONLY_CHOICES.values())
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
    folder = project.locales_dir / lang / "LC_MESSAGES"
    slugs = sorted(p.stem for p in folder.glob("*.po")) if folder.is_dir() else []
    if not slugs:
        raise UsageError(
            f"no {lang} catalogs in {project.rel(project.locales_dir)}/; run "
            "`loctool extract` first"
        )
    if len(slugs) > 1:
        raise UsageError(
            f"{len(slugs)} articles have a {lang} catalog ({', '.join(slugs)}); "
            "name the one to work on"
        )
    return Target(lang, slugs[0], project.po_path(lang, slugs[0]))


def parse_only(values: Iterable[str]) -> frozenset[State]:
    """``--only machine,changed`` (repeatable) → the states; empty → all reviewable."""
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
    total = sum(not e.obsolete for e in catalog.scan(catalog.read_text(target.path), target.path))
    outside = [(max(low, total + 1), high) for low, high in ranges if high > total]
    if outside:
        where = f"{target.label} has units 1–{total}" if total else f"{target.label} has no units"
        raise UsageError(f"no unit {_ranges_text(outside)} ({where})", "--unit")
    return [n for low, high in ranges for n in range(low, high + 1)]


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
    note: str = ""  # translator comment (# …)
    similar: tuple[Similar, ...] = ()  # translation-memory matches (best first)
    terms: tuple[str, ...] = ()  # glossary hits: "Kazakistan → Қазақстан"
    plural: bool = False  # msgid_plural (only in foreign catalogs): left to a PO editor
    findings: tuple[Issue, ...] = ()  # live QA findings on the current translation
    override: catalog.Override | None = None  # recorded on the entry

    @property
    def fingerprint(self) -> tuple[State, str]:
        return self.state, self.msgstr

    @property
    def errors(self) -> tuple[Issue, ...]:
        """The error-level findings: accepting needs an explicit override (``A``)."""
        return gate.Verdict(self.findings).errors


@dataclass(frozen=True)
class Similar:
    """A reviewed translation of a similar (or equal) source from the memory."""

    score: float
    source: str
    target: str
    origin: str


def _key(entry: catalog.POEntry) -> Key:
    return entry.msgctxt, entry.msgid


def _item(entry: catalog.POEntry, unit: int, total: int) -> Item:
    return Item(
        override=catalog.qa_override(entry),
        key=_key(entry),
        unit=unit,
        total=total,
        state=catalog.state(entry),
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        previous_msgid=entry.previous_msgid,
        previous_translation=catalog.previous_translation(entry),
        provenance=catalog.provenance(entry),
        qa=tuple(catalog.qa_notes(entry)),
        references=tuple(f"{path}:{line}" if line else path for path, line in entry.occurrences),
        note=entry.tcomment or "",
        plural=bool(entry.msgid_plural),
    )


def items(po: catalog.POFile) -> list[Item]:
    active = catalog.active_entries(po)
    return [_item(e, n, len(active)) for n, e in enumerate(active, 1)]


# --------------------------------------------------------------------------- editing


def editor_text(item: Item) -> str:
    """The file ``$EDITOR`` opens: the translation on top, context below a scissors
    line (everything from the scissors on is ignored, as in ``git commit -v``)."""
    lines = [item.msgstr or "", "", SCISSORS, "# Write the translation above this line."]
    lines.append("# Line breaks become spaces. An empty translation is not saved.")
    lines.append("#")
    lines.append(f"# Source: {item.msgid}")
    if item.previous_msgid is not None:
        lines.append(f"# Source before it changed: {item.previous_msgid}")
    if item.provenance is not None and item.provenance.text:
        lines.append(f"# Machine ({item.provenance.engine}): {item.provenance.text}")
    if item.previous_translation:
        lines.append(f"# Translation before the machine draft: {item.previous_translation}")
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
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UsageError(
            f"{editor} saved text that is not UTF-8 (byte 0x{data[exc.start]:02x} on line "
            f"{line}); nothing was saved — set the editor to UTF-8",
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


@dataclass
class Session:
    """Review of one catalog by one reviewer."""

    target: Target
    reviewer: str
    only: frozenset[State] = REVIEWABLE
    root: Path | None = None  # project folder: its glossary.csv feeds the live QA checks
    source_lang: str = ""
    _glossary: Any = field(default=None, init=False, repr=False)
    _glossary_loaded: bool = field(default=False, init=False, repr=False)
    _memory: Any = field(default=None, init=False, repr=False)
    _lexicon: Any = field(default=None, init=False, repr=False)
    _lexicon_loaded: bool = field(default=False, init=False, repr=False)

    def _load(self) -> catalog.POFile:
        po = catalog.load(self.target.path)
        self.source_lang = po.metadata.get("X-Source-Language", "") or self.source_lang
        return po

    def _read(self) -> list[Item]:
        return items(self._load())

    def wanted(self, item: Item) -> bool:
        return item.state in self.only and not item.plural

    def plural_left(self) -> int:
        """Plural entries of the wanted kinds: review and accept leave them alone (their
        forms are edited in a PO editor), so the count is shown instead."""
        return sum(i.plural and i.state in self.only for i in self._read())

    def pending(self) -> list[Item]:
        """The units to review, in document order."""
        return [i for i in self._read() if self.wanted(i)]

    def queue(self) -> list[Key]:
        return [i.key for i in self.pending()]

    def item(self, key: Key) -> Item | None:
        """A fresh view of one unit (None if it left the catalog), with live QA, memory
        suggestions and glossary hits."""
        po = self._load()
        active = catalog.active_entries(po)
        n, entry = next(((n, e) for n, e in enumerate(active, 1) if _key(e) == key), (0, None))
        if entry is None:
            return None
        found = _item(entry, n, len(active))
        found = replace(found, similar=self.similar(found), terms=self.terms(found.msgid))
        if found.state is State.UNTRANSLATED:
            return found
        verdict = self.gate(po).judge(entry, unit=n)
        return replace(found, qa=tuple(qa_note(i) for i in verdict.issues), findings=verdict.issues)

    def gate(self, po: catalog.POFile) -> gate.Gate:
        """The QA view of this catalog: its headers, the glossary, the project's words."""
        return gate.Gate.for_catalog(
            po.metadata,
            self.target.lang,
            slug=self.target.slug,
            glossary=self._load_glossary(),
            lexicon=self._load_lexicon(),
        )

    def _load_lexicon(self) -> Any:
        if not self._lexicon_loaded and self.root is not None:
            from .check import lexicon_for

            self._lexicon = lexicon_for(
                Project(self.root), self.target.lang, self._load_glossary(), {}
            )
            self._lexicon_loaded = True
        return self._lexicon

    def similar(self, item: Item, limit: int = 3) -> tuple[Similar, ...]:
        """Memory matches ≥ 75 % for the unit, leaving out its own current text."""
        if self.root is None or not self.source_lang:
            return ()
        if self._memory is None:
            from . import memory

            self._memory = memory.build(
                Project(self.root), self.source_lang, self.target.lang, exclude=[self.target.path]
            )
        return tuple(
            Similar(m.score, m.unit.source, m.unit.target, m.unit.origin)
            for m in self._memory.fuzzy(item.msgid, limit=limit)
            if m.unit.target != item.msgstr
        )

    def terms(self, msgid: str) -> tuple[str, ...]:
        glossary = self._load_glossary()
        if glossary is None:
            return ()
        lang = self.target.lang
        return tuple(
            f"{t.term} → {' | '.join(t.expected(lang)) or '?'}{' (keep as is)' if t.dnt else ''}"
            for t in glossary.hits(msgid)
        )

    def _load_glossary(self) -> Any:
        if not self._glossary_loaded and self.root is not None:
            from . import glossary

            self._glossary = glossary.for_project(self.root, self.source_lang or None)
            self._glossary_loaded = True
        return self._glossary

    def findings(self, item: Item, text: str) -> tuple[Issue, ...]:
        """The live QA findings on ``text`` proposed as the translation of ``item``."""
        po = self._load()
        entry = next((e for e in catalog.active_entries(po) if _key(e) == item.key), None)
        if entry is None:
            return ()
        return self.gate(po).judge(entry, text, unit=item.unit).issues

    def remaining(self) -> int:
        return len(self.queue())

    def decide(self, item: Item, text: str | None = None, override: bool = False) -> Outcome:
        """Accept ``item`` (with ``text`` as the new translation when edited), saving at
        once.  Nothing is written if the unit changed on disk since it was shown, or if
        the translation has QA errors and ``override`` is not given (then the override
        is recorded), or a fatal one (never)."""
        path = self.target.path
        with catalog.locked(path):
            old_text = catalog.read_text(path)
            po = catalog.loads(old_text, path)
            entry = next((e for e in catalog.active_entries(po) if _key(e) == item.key), None)
            if entry is None:
                return Outcome.GONE
            if (catalog.state(entry), entry.msgstr) != item.fingerprint:
                return Outcome.CONFLICT
            verdict = self.gate(po).judge(entry, text if text is not None else entry.msgstr)
            decision = gate.decide(verdict, self.reviewer, override)
            if not decision.allowed:
                return Outcome.REFUSED
            catalog.accept(entry, text, decision.override)
            catalog.mark_reviewed_by(po, self.reviewer)
            catalog.save(po, path, old_text)
        return Outcome.SAVED


# --------------------------------------------------------------------------- the loop


KEYS = (
    ("a", "accept the translation as it is (it becomes reviewed, signed by you)"),
    ("A", "accept despite QA errors: the override is recorded with your name"),
    ("e", "edit the translation, then save it as reviewed"),
    ("s", "skip this unit (it stays for the next review)"),
    ("q", "quit; every decision made so far is already saved"),
    ("?", "show this help"),
)


class UI(Protocol):
    """What the loop needs from a terminal."""

    def show(self, item: Item, index: int, count: int) -> None: ...

    def key(self, item: Item) -> str:
        """The next command; raises EOFError when input ends."""
        ...

    def edit(self, item: Item) -> str | None:
        """The edited text, or None when the edit was cancelled."""
        ...

    def tell(self, message: str, role: str = "meta") -> None: ...

    def help(self) -> None: ...


@dataclass
class Summary:
    target: Target
    accepted: int = 0
    edited: int = 0
    skipped: int = 0
    elsewhere: int = 0  # reviewed or removed by another process meanwhile
    remaining: int = 0
    ended: str = "done"  # done | quit | eof | interrupted
    saved: list[int] = field(default_factory=list)  # unit numbers, in decision order

    def line(self) -> str:
        lead = {
            "done": "review finished",
            "quit": "stopped",
            "eof": "end of input",
            "interrupted": "interrupted",
        }[self.ended]
        parts = [f"{self.accepted} accepted", f"{self.edited} edited", f"{self.skipped} skipped"]
        if self.elsewhere:
            parts.append(f"{self.elsewhere} done elsewhere")
        left = f"{self.remaining} left to review" if self.remaining else "nothing left to review"
        return f"{lead}: {', '.join(parts)}; {left} in {self.target.label}"


NOTHING_TO_ACCEPT = "nothing to accept: this unit is untranslated (press e to translate it)"
NEEDS_OVERRIDE = (
    "not saved: QA errors above; press A to accept despite them (recorded with your name), "
    "or e to edit"
)
CANNOT_OVERRIDE = (
    "not saved: msgfmt would reject this catalog ({checks}); no override can pass it, "
    "press e to edit"
)


def qa_note(issue: Issue) -> str:
    from .qa import note

    return note(issue)


def _read_key(ui: UI, item: Item) -> str:
    """One command key: ``A`` stays upper case (the override), the rest any case."""
    raw = ui.key(item).strip()[:1]
    return raw if raw == "A" else raw.lower()


def run(session: Session, ui: UI) -> Summary:
    """Walk the queue once.  Returns when the queue is done, on ``q``, at the end of
    input or on Ctrl-C; every decision is on disk by then."""
    summary = Summary(session.target)
    queue = session.queue()
    try:
        for index, key in enumerate(queue, 1):
            item = session.item(key)
            if item is None or not session.wanted(item):
                summary.elsewhere += 1
                continue
            if not _review_one(session, ui, item, index, len(queue), summary):
                summary.ended = "quit"
                break
    except EOFError:
        summary.ended = "eof"
    except KeyboardInterrupt:
        summary.ended = "interrupted"
    summary.remaining = session.remaining()
    return summary


def _review_one(
    session: Session, ui: UI, item: Item, index: int, count: int, summary: Summary
) -> bool:
    """Handle one unit; False when the reviewer quits."""
    ui.show(item, index, count)
    text: str | None = None  # an edit waiting for A (it has QA errors)
    while True:
        key = _read_key(ui, item)
        if key == "q":
            return False
        if key == "s":
            summary.skipped += 1
            return True
        if key == "?":
            ui.help()
            continue
        if key not in ("a", "A", "e"):
            ui.tell(f"unknown command {key!r}; press ? for help" if key else "press ? for help")
            continue
        if key in ("a", "A") and text is None and item.state not in ACCEPTABLE:
            ui.tell(NOTHING_TO_ACCEPT, "warn")
            continue
        if key == "e":
            edited = ui.edit(item if text is None else replace(item, msgstr=text))
            if edited is None:
                ui.tell("edit cancelled; nothing saved")
                continue
            text = frame_like(item.msgid, clean_translation(edited))
            if not text:
                ui.tell("empty translation; nothing saved", "warn")
                text = None
                continue
        findings = item.findings if text is None else session.findings(item, text)
        if not _may_save(ui, findings, override=key == "A", edited=text is not None):
            continue
        outcome = session.decide(item, text, override=key == "A")
        if outcome is Outcome.SAVED:
            if text is None or text == item.msgstr:
                summary.accepted += 1
            else:
                summary.edited += 1
            summary.saved.append(item.unit)
            overridden = list(dict.fromkeys(i.check for i in findings if i.level == "error"))
            note = f" despite {', '.join(overridden)} (override recorded)" if overridden else ""
            ui.tell(f"saved unit {item.unit} as reviewed{note}", "ok")
            if text is not None:
                for issue in findings:
                    if issue.level != "error":
                        ui.tell(f"⚠ {qa_note(issue)}", "warn")
            return True
        if outcome is Outcome.REFUSED:  # the checks changed their mind under the lock
            ui.tell(NEEDS_OVERRIDE, "warn")
            continue
        fresh = session.item(item.key) if outcome is Outcome.CONFLICT else None
        if fresh is None or not session.wanted(fresh):
            ui.tell("another process reviewed or removed this unit meanwhile; moving on", "warn")
            summary.elsewhere += 1
            return True
        ui.tell("another process changed this unit meanwhile; here it is again", "warn")
        item, text = fresh, None
        ui.show(item, index, count)


def _may_save(ui: UI, findings: Sequence[Issue], override: bool, edited: bool) -> bool:
    """Whether a translation with these findings may be saved now; tells why not."""
    verdict = gate.Verdict(tuple(findings))
    if verdict.fatal:
        if edited:
            for issue in verdict.fatal:
                ui.tell(f"✖ {qa_note(issue)}", "warn")
        checks = ", ".join(sorted({i.check for i in verdict.fatal}))
        ui.tell(CANNOT_OVERRIDE.format(checks=checks), "warn")
        return False
    if verdict.errors and not override:
        if edited:
            for issue in verdict.errors:
                ui.tell(f"✖ {qa_note(issue)}", "warn")
        ui.tell(NEEDS_OVERRIDE, "warn")
        return False
    return True


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
        active = catalog.active_entries(po)
        chosen = list(enumerate(active, 1)) if units is None else _asked_for(target, active, units)
        checks = gate.Gate.for_catalog(po.metadata, target.lang, root, slug=target.slug)
        result = AcceptResult(target, reviewer, [], [], [], False)
        for n, entry in chosen:
            st = catalog.state(entry)
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
                    result.changed.append(n)
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
    target: Target, active: list[catalog.POEntry], units: Sequence[int]
) -> list[tuple[int, catalog.POEntry]]:
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
    empty = [n for n, e in chosen if catalog.state(e) is State.UNTRANSLATED]
    if empty:
        raise UsageError(
            f"unit {_numbers(empty)} of {target.label} is untranslated: nothing to "
            "accept (translate it with `loctool review` or `loctool translate`)",
            "--unit",
        )
    return chosen


def _numbers(units: Sequence[int]) -> str:
    return ", ".join(str(n) for n in units)
