"""The interactive review loop: one card at a time over a :class:`~loctool.review.Session`.

:func:`run` walks the session's queue, driven by a :class:`UI` the command line
provides (a fake one in tests): accept, accept despite QA errors (``A``, the override
recorded), edit, skip, back, go to a unit (``g N``, ``g ARTICLE:N``), find (``/TEXT``),
comment, quit.  Every decision goes through the session, which saves it at once under
the catalog's lock and through the publication gate; this module only decides what to
ask and where to go next.  A unit another process changed meanwhile is never saved
over: the reviewer sees what changed and, for a typed text, chooses between theirs and
the typed text (kept until then).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from . import gate
from .errors import Unreachable
from .model import Issue, State
from .review import (
    Conflict,
    Item,
    Outcome,
    Ref,
    Session,
    clean_translation,
    frame_like,
    qa_note,
)

KEYS = (
    ("a", "accept the translation as it is (it becomes reviewed, signed by you)"),
    ("A", "accept despite QA errors: the override is recorded with your name"),
    (
        "e",
        "edit the translation, then save it as reviewed (a changed unit starts from "
        "your translation of the old source)",
    ),
    ("s", "skip this unit (it stays for the next review)"),
    ("p, b", "back to the unit before this one (in the review's order)"),
    (
        "g N",
        "go to unit N of this article; g ARTICLE:N a unit of another one (any unit, "
        "reviewed ones too)",
    ),
    ("/TEXT", "find the next unit whose source or translation contains TEXT"),
    ("c", "add a translator comment (a # line in the PO, shown here and in diff)"),
    ("q", "quit; every decision made so far is already saved"),
    ("?", "show this help"),
)
CONFLICT_CHOICES = (("k", "eep mine"), ("t", "ake theirs"), ("e", "dit again"))


class UI(Protocol):
    """What the loop needs from a terminal."""

    def show(self, item: Item, index: int, count: int) -> None: ...

    def key(self, item: Item) -> str:
        """The next command: a key, or a line such as ``g 12`` or ``/word`` (whatever
        follows the key is its argument); raises EOFError when input ends."""
        ...

    def ask(self, label: str) -> str:
        """A line of text (a command's argument); EOFError when input ends."""
        ...

    def edit(self, item: Item, text: str) -> str | None:
        """The edited text, starting from ``text``; None when the edit was cancelled."""
        ...

    def conflict(self, conflict: Conflict) -> None:
        """Show what another process changed (theirs) against what was typed (mine)."""
        ...

    def pick(self, choices: tuple[tuple[str, str], ...]) -> str:
        """One of ``choices`` (key, rest of the word); EOFError when input ends."""
        ...

    def tell(self, message: str, role: str = "meta") -> None: ...

    def help(self) -> None: ...


@dataclass
class Summary:
    label: str  # the catalog, or the language and its article count
    accepted: int = 0
    edited: int = 0
    skipped: int = 0
    kept: int = 0  # reviewed units opened again and left as they were
    comments: int = 0
    elsewhere: int = 0  # reviewed or removed by another process meanwhile
    remaining: int = 0
    ended: str = "done"  # done | quit | eof | interrupted
    units: list[tuple[str, int]] = field(default_factory=list)  # (article, unit) saved, in order

    def line(self) -> str:
        lead = {
            "done": "review finished",
            "quit": "stopped",
            "eof": "end of input",
            "interrupted": "interrupted",
        }[self.ended]
        parts = [f"{self.accepted} accepted", f"{self.edited} edited", f"{self.skipped} skipped"]
        if self.kept:
            parts.append(f"{self.kept} kept as reviewed")
        if self.comments:
            parts.append(f"{self.comments} comment{'s' * (self.comments != 1)} added")
        if self.elsewhere:
            parts.append(f"{self.elsewhere} done elsewhere")
        left = f"{self.remaining} left to review" if self.remaining else "nothing left to review"
        return f"{lead}: {', '.join(parts)}; {left} in {self.label}"


NOTHING_TO_ACCEPT = "nothing to accept: this unit is untranslated (press e to translate it)"
NEEDS_OVERRIDE = (
    "not saved: QA errors above; press A to accept despite them (recorded with your name), "
    "or e to edit"
)
CANNOT_OVERRIDE = (
    "not saved: msgfmt would reject this catalog ({checks}); no override can pass it, "
    "press e to edit"
)


def split_command(raw: str) -> tuple[str, str]:
    """``"g 12"`` → ``("g", "12")``; ``"/word"`` → ``("/", "word")``.  ``A`` stays upper
    case (the override), every other key is read in any case."""
    raw = raw.strip()
    key, arg = raw[:1], raw[1:].strip()
    return (key if key == "A" else key.lower()), arg


@dataclass
class Walk:
    """Where a session is: the queue of units, the position in it, and what happened."""

    queue: list[Ref]
    pos: int = 0
    step: int = 1  # the direction of the last move (back: -1)
    target: Ref | None = None  # moved to on purpose (g, /, p): shown whatever its state
    decisions: dict[Ref, str] = field(default_factory=dict)  # accepted | edited | kept
    skipped: set[Ref] = field(default_factory=set)
    passed: set[Ref] = field(default_factory=set)  # done elsewhere

    def advance(self) -> None:
        self.pos, self.step = self.pos + 1, 1

    def go(self, ref: Ref) -> None:
        """To ``ref``: its place in the queue, or a stop right after the current unit."""
        if ref in self.queue:
            self.pos = self.queue.index(ref)
        else:
            self.pos = min(self.pos + 1, len(self.queue))
            self.queue.insert(self.pos, ref)
        self.step = 1
        self.target = ref


def run(session: Session, ui: UI) -> Summary:
    """Walk the queue.  Returns when every unit was decided or skipped (units jumped
    over with ``g`` or ``/`` come round again at the end), on ``q``, at the end of input
    or on Ctrl-C; every decision is on disk by then."""
    summary = Summary(session.label)
    walk = Walk(session.queue())
    try:
        while _walk(session, ui, walk, summary):
            back = _passed_over(session, walk)
            if back is None:
                break
            ui.tell("back to the units you went past without a decision", "warn")
            walk.pos, walk.step = back, 1
        else:
            summary.ended = "quit"
    except EOFError:
        summary.ended = "eof"
    except KeyboardInterrupt:
        summary.ended = "interrupted"
    kinds = list(walk.decisions.values())
    summary.accepted, summary.edited = kinds.count("accepted"), kinds.count("edited")
    summary.kept = kinds.count("kept")
    summary.skipped = len(walk.skipped - walk.decisions.keys())
    summary.remaining = session.remaining(walk.queue, walk.decisions)
    return summary


def _walk(session: Session, ui: UI, walk: Walk, summary: Summary) -> bool:
    """Show units until the walk leaves the queue (True) or the reviewer quits (False)."""
    while 0 <= walk.pos < len(walk.queue):
        ref = walk.queue[walk.pos]
        item = session.item(ref)
        chosen, walk.target = ref == walk.target, None
        if item is None or (not session.wanted(item) and not chosen):
            # gone, or no longer waiting (done elsewhere, or decided earlier on)
            if ref not in walk.passed and ref not in walk.decisions:
                walk.passed.add(ref)
                summary.elsewhere += 1
            walk.pos += walk.step
            if walk.pos < 0:
                walk.pos, walk.step = 0, 1
                ui.tell("no unit before this one", "warn")
            elif chosen and walk.step < 0:  # stepping back past a gone unit
                walk.target = walk.queue[walk.pos]
            continue
        if not _Card(session, ui, walk, summary, item, chosen=chosen).run():
            return False
    return True


def _passed_over(session: Session, walk: Walk) -> int | None:
    """The first unit of the queue the reviewer went past (with ``g``, ``/`` or ``p``)
    without a decision or a skip, if it still waits."""
    settled = walk.decisions.keys() | walk.skipped | walk.passed
    candidates = [r for r in walk.queue if r not in settled]
    waiting = session.still_wanted(candidates)
    return next((n for n, r in enumerate(walk.queue) if r in waiting), None)


@dataclass
class _Card:
    """One unit on screen, until the reviewer moves on (True) or quits (False)."""

    session: Session
    ui: UI
    walk: Walk
    summary: Summary
    item: Item
    chosen: bool = False  # reached with g, / or p: shown even when not waiting
    text: str | None = None  # an edit not saved yet (waiting for A: it has QA errors)

    def run(self) -> bool:
        self.show()
        while True:
            key, arg = split_command(self.ui.key(self.item))
            if key == "q":
                return False
            if key == "?":
                self.ui.help()
                continue
            handler = {
                "s": self.skip,
                "p": self.back,
                "b": self.back,
                "g": self.goto,
                "/": self.find,
                "c": self.comment,
                "a": self.accept,
                "A": self.accept,
                "e": self.edit,
            }.get(key)
            if handler is None:
                self.ui.tell(
                    f"unknown command {key!r}; press ? for help" if key else "press ? for help"
                )
                continue
            if handler(key, arg):
                return True

    def show(self) -> None:
        self.ui.show(self.item, self.walk.pos + 1, len(self.walk.queue))

    # ------------------------------------------------------------------ moving

    def skip(self, key: str, arg: str) -> bool:
        if self.session.wanted(self.item) and self.item.ref not in self.walk.decisions:
            self.walk.skipped.add(self.item.ref)
        self.walk.advance()
        return True

    def back(self, key: str, arg: str) -> bool:
        if self.walk.pos == 0:
            self.ui.tell("this is the first unit of the review", "warn")
            return False
        self.walk.pos -= 1
        self.walk.step = -1
        self.walk.target = self.walk.queue[self.walk.pos]
        return True

    def argument(self, arg: str, label: str, nothing: str) -> str:
        """A command's argument: what followed its key, or a line asked for ("" and
        ``nothing`` told when there is none)."""
        text = arg or self.ui.ask(label).strip()
        if not text:
            self.ui.tell(nothing)
        return text

    def goto(self, key: str, arg: str) -> bool:
        address = self.argument(arg, "go to", "not moved")
        if not address:
            return False
        try:
            ref = self.session.locate(address, self.item, self.walk.queue)
        except Unreachable as exc:
            self.ui.tell(str(exc), "warn")
            return False
        return self._jump(ref, f"this is unit {self.item.unit}")

    def find(self, key: str, arg: str) -> bool:
        text = self.argument(arg, "find", "nothing to find")
        if not text:
            return False
        ref = self.session.search(text, self.walk.queue, self.walk.pos)
        if ref is None:
            self.ui.tell(f"no unit contains {text!r}", "warn")
            return False
        if ref != self.item.ref and ref not in self.walk.queue:
            self.ui.tell(f"found {text!r} outside this review's units; showing it")
        return self._jump(ref, f"only this unit contains {text!r}")

    def _jump(self, ref: Ref, here: str) -> bool:
        """Show unit ``ref`` next; ``here`` is told instead when it is the unit shown."""
        if ref == self.item.ref:
            self.ui.tell(here)
            return False
        self.walk.go(ref)
        return True

    # ------------------------------------------------------------------ comments

    def comment(self, key: str, arg: str) -> bool:
        text = self.argument(arg, "comment", "no comment added")
        if not text:
            return False
        note = self.session.comment(self.item, text)
        if note is None:
            self.ui.tell("this unit left the catalog meanwhile; comment not saved", "warn")
            return False
        self.item = replace(self.item, note=note)
        self.summary.comments += 1
        self.ui.tell(f"comment added to unit {self.item.unit}", "ok")
        return False

    # ------------------------------------------------------------------ decisions

    def accept(self, key: str, arg: str) -> bool:
        item = self.item
        if self.text is None:
            if item.state is State.UNTRANSLATED:
                self.ui.tell(NOTHING_TO_ACCEPT, "warn")
                return False
            if item.state is State.REVIEWED and (item.passes if key == "a" else not item.errors):
                return self.keep()
        return self.save(override=key == "A")

    def keep(self) -> bool:
        """A reviewed unit that passes the gate as it is: nothing to write."""
        self.walk.decisions.setdefault(self.item.ref, "kept")
        self.ui.tell(f"unit {self.item.unit} stays reviewed as it is", "ok")
        self.walk.advance()
        return True

    def edit(self, key: str, arg: str) -> bool:
        start = self.text if self.text is not None else self.item.draft
        if not self.typed(self.ui.edit(self.item, start)):
            return False
        return self.save(override=False)

    def typed(self, edited: str | None) -> bool:
        """Take an edit as the pending text; False (and why) when there is none."""
        if edited is None:
            self.ui.tell("edit cancelled; nothing saved")
            return False
        text = frame_like(self.item.msgid, clean_translation(edited))
        if not text:
            self.ui.tell("empty translation; nothing saved", "warn")
            self.text = None
            return False
        self.text = text
        return True

    def save(self, override: bool) -> bool:
        item, text = self.item, self.text
        findings = item.findings if text is None else self.session.findings(item, text)
        if not _may_save(self.ui, findings, override=override, edited=text is not None):
            return False
        outcome = self.session.decide(item, text, override=override)
        if outcome is Outcome.SAVED:
            self.saved(findings)
            return True
        if outcome is Outcome.REFUSED:  # the checks changed their mind under the lock
            self.ui.tell(NEEDS_OVERRIDE, "warn")
            return False
        return self.resolve() if text is not None else self.reload()

    def saved(self, findings: Sequence[Issue]) -> None:
        item, text = self.item, self.text
        kind = "accepted" if text is None or text == item.msgstr else "edited"
        self.walk.decisions[item.ref] = kind
        self.summary.units.append((item.slug, item.unit))
        overridden = list(dict.fromkeys(i.check for i in findings if i.level == "error"))
        note = f" despite {', '.join(overridden)} (override recorded)" if overridden else ""
        self.ui.tell(f"saved unit {item.unit} as reviewed{note}", "ok")
        if text is not None:
            for issue in findings:
                if issue.level != "error":
                    self.ui.tell(f"⚠ {qa_note(issue)}", "warn")
        self.walk.advance()

    def _moved_to(self, fresh: Item) -> None:
        """Follow the unit to its new identity (a changed source gives it a new key)."""
        if fresh.ref != self.item.ref and self.item.ref in self.walk.queue:
            self.walk.queue[self.walk.queue.index(self.item.ref)] = fresh.ref
        self.item = fresh

    def _still_here(self, fresh: Item) -> bool:
        return self.session.wanted(fresh) or self.chosen

    def reload(self) -> bool:
        """A plain accept met a unit another process changed: show it again, or move
        on when it is no longer one to review."""
        found = self.session.conflict(self.item)
        fresh = found.fresh
        if fresh is None or not self._still_here(fresh):
            self.ui.tell(
                f"another process reviewed or removed this unit meanwhile ({found.reason}); "
                "moving on",
                "warn",
            )
            self.walk.passed.add(self.item.ref)
            self.summary.elsewhere += 1
            self.walk.advance()
            return True
        self.ui.tell(
            f"another process changed this unit meanwhile ({found.reason}); here it is again",
            "warn",
        )
        self._moved_to(fresh)
        self.text = None
        self.show()
        return False

    def resolve(self) -> bool:
        """The reviewer typed a translation while another process changed the unit: the
        typed text is kept; the reviewer chooses to keep it, take theirs, or edit again."""
        mine = self.text
        assert mine is not None
        found = self.session.conflict(self.item, mine)
        self.ui.conflict(found)
        if found.fresh is None:
            self.ui.tell("nothing saved: the unit is gone (your text is above)", "warn")
            self.walk.passed.add(self.item.ref)
            self.summary.elsewhere += 1
            self.walk.advance()
            return True
        while True:
            choice, _ = split_command(self.ui.pick(CONFLICT_CHOICES))
            if choice in ("k", "t", "e"):
                break
            self.ui.tell("press k to keep your text, t to take theirs, e to edit yours again")
        fresh = found.fresh
        self._moved_to(fresh)
        if choice == "k":
            self.text = mine
            return self.save(override=False)  # an override is given anew, for this unit now
        if choice == "e":
            self.text = mine  # a cancelled edit leaves it waiting: e edits it, a saves it
            if not self.typed(self.ui.edit(fresh, mine)):
                self.show()
                return False
            return self.save(override=False)
        self.text = None
        if not self._still_here(fresh):
            self.ui.tell(f"kept theirs: unit {fresh.unit} is {fresh.state.value}; moving on", "ok")
            self.walk.passed.add(fresh.ref)
            self.summary.elsewhere += 1
            self.walk.advance()
            return True
        self.show()
        return False


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
