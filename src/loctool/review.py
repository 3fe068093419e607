"""Review and acceptance of catalog entries.

* :class:`Session` — the units of one catalog that need review (machine, changed,
  untranslated; in document order) and the decisions on them.  Every decision is applied
  to a fresh read of the catalog under its lock and saved atomically before the call
  returns, so a crash, Ctrl-C or a concurrent process loses nothing already decided.
* :func:`run` — the interactive loop (accept / edit / skip / quit / help), driven by a
  :class:`UI` the command line provides; testable with a fake one.
* :func:`accept_units` — the same acceptance without the loop (``loctool accept``).

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

from . import catalog, langs
from .errors import UsageError
from .model import Provenance, State, normalize_ws
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
        project.check_slug(slug)
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


def parse_units(values: Iterable[str]) -> list[int]:
    """``--unit 3 --unit 5,7-9`` → ``[3, 5, 7, 8, 9]`` (sorted, without repeats)."""
    units: set[int] = set()
    for value in values:
        for part in value.split(","):
            part = part.strip()
            match = re.fullmatch(r"(\d+)(?:\s*-\s*(\d+))?", part)
            if not match:
                raise UsageError(f"not a unit number or range: {part!r}", "--unit")
            low = int(match.group(1))
            high = int(match.group(2) or low)
            if low < 1 or high < low:
                raise UsageError(f"not a unit number or range: {part!r}", "--unit")
            units.update(range(low, high + 1))
    return sorted(units)


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

    @property
    def fingerprint(self) -> tuple[State, str]:
        return self.state, self.msgstr


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

    def _read(self) -> list[Item]:
        po = catalog.load(self.target.path)
        self.source_lang = po.metadata.get("X-Source-Language", "") or self.source_lang
        return items(po)

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
        found = next((i for i in self._read() if i.key == key), None)
        if found is None:
            return None
        found = replace(found, similar=self.similar(found), terms=self.terms(found.msgid))
        if found.state is State.UNTRANSLATED:
            return found
        live = self.check(found.msgid, found.msgstr)
        return found if live is None else replace(found, qa=tuple(live))

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

    def check(self, msgid: str, msgstr: str) -> list[str] | None:
        """QA notes for a translation, or None when the checks are not available
        (then the notes stored in the catalog are shown)."""
        from . import qa

        issues = qa.check_entry(
            msgid, msgstr, self.source_lang or "und", self.target.lang, self._load_glossary()
        )
        return [qa.note(issue) for issue in issues]

    def remaining(self) -> int:
        return len(self.queue())

    def decide(self, item: Item, text: str | None = None) -> Outcome:
        """Accept ``item`` (with ``text`` as the new translation when edited), saving at
        once.  Nothing is written if the unit changed on disk since it was shown."""
        path = self.target.path
        with catalog.locked(path):
            old_text = catalog.read_text(path)
            po = catalog.loads(old_text, path)
            entry = next((e for e in catalog.active_entries(po) if _key(e) == item.key), None)
            if entry is None:
                return Outcome.GONE
            if (catalog.state(entry), entry.msgstr) != item.fingerprint:
                return Outcome.CONFLICT
            catalog.accept(entry, text)
            catalog.mark_reviewed_by(po, self.reviewer)
            catalog.save(po, path, old_text)
        return Outcome.SAVED


# --------------------------------------------------------------------------- the loop


KEYS = (
    ("a", "accept the translation as it is (it becomes reviewed, signed by you)"),
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
    while True:
        key = ui.key(item).strip().lower()[:1]
        if key == "q":
            return False
        if key == "s":
            summary.skipped += 1
            return True
        if key == "?":
            ui.help()
            continue
        if key not in ("a", "e"):
            ui.tell(f"unknown command {key!r}; press ? for help" if key else "press ? for help")
            continue
        text: str | None = None
        if key == "a" and item.state not in ACCEPTABLE:
            ui.tell(NOTHING_TO_ACCEPT, "warn")
            continue
        if key == "e":
            edited = ui.edit(item)
            if edited is None:
                ui.tell("edit cancelled; nothing saved")
                continue
            text = clean_translation(edited)
            if not text:
                ui.tell("empty translation; nothing saved", "warn")
                continue
        outcome = session.decide(item, text)
        if outcome is Outcome.SAVED:
            if text is None or text == item.msgstr:
                summary.accepted += 1
            else:
                summary.edited += 1
            summary.saved.append(item.unit)
            ui.tell(f"saved unit {item.unit} as reviewed", "ok")
            if text is not None:
                for note in session.check(item.msgid, text) or ():
                    ui.tell(f"⚠ {note}", "warn")
            return True
        fresh = session.item(item.key) if outcome is Outcome.CONFLICT else None
        if fresh is None or not session.wanted(fresh):
            ui.tell("another process reviewed or removed this unit meanwhile; moving on", "warn")
            summary.elsewhere += 1
            return True
        ui.tell("another process changed this unit meanwhile; here it is again", "warn")
        item = fresh
        ui.show(item, index, count)


# --------------------------------------------------------------------------- accept


@dataclass(frozen=True)
class AcceptResult:
    target: Target
    reviewer: str
    accepted: list[int]
    already: list[int]  # asked for by number, but already reviewed
    untranslated: list[int]  # left alone by --all: nothing to accept
    written: bool
    plural: list[int] = field(default_factory=list)  # left alone by --all: plural forms


def accept_units(
    target: Target,
    reviewer: str,
    units: Sequence[int] | None,
    only: frozenset[State] = ACCEPTABLE,
) -> AcceptResult:
    """Accept units by number (``units``) or every acceptable one (``units=None``).

    All-or-nothing: unknown numbers and untranslated units asked for by number are
    errors that change nothing.  The catalog is read, changed and saved under its lock.
    """
    path = target.path
    with catalog.locked(path):
        old_text = catalog.read_text(path)
        po = catalog.loads(old_text, path)
        active = catalog.active_entries(po)
        if units is None:
            chosen = list(enumerate(active, 1))
        else:
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
        accepted, already, untranslated, plural = [], [], [], []
        for n, entry in chosen:
            st = catalog.state(entry)
            if entry.msgid_plural:
                if st in only:
                    plural.append(n)
            elif st is State.REVIEWED:
                if units is not None:
                    already.append(n)
            elif st is State.UNTRANSLATED:
                untranslated.append(n)
            elif st in only:
                catalog.accept(entry)
                accepted.append(n)
        written = False
        if accepted:
            catalog.mark_reviewed_by(po, reviewer)
            written = catalog.save(po, path, old_text)
    return AcceptResult(target, reviewer, accepted, already, untranslated, written, plural)


def _numbers(units: Sequence[int]) -> str:
    return ", ".join(str(n) for n in units)
