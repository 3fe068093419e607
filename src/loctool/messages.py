"""The catalog model: one :class:`Message` per PO entry, one :class:`Catalog` per file.

The only entry type the code passes around: :func:`loctool.poformat.parse` builds it,
:func:`loctool.poformat.render` writes it, :mod:`loctool.catalog` changes it.  Babel's
``babel.messages.catalog`` is the pattern (a message owns its flags, its key and
whether it is fuzzy); the attribute names are gettext's keywords as polib spells them,
so a reader who knows either finds their way.

A message owns the facts that are only about itself: its key ``(msgctxt, msgid)``,
whether it is fuzzy, translated, plural, and its :class:`~loctool.model.State`.  What
loctool writes into its comments (provenance, QA notes, overrides) is catalog.py's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .model import State

FUZZY = "fuzzy"

Key = tuple[str | None, str]  # (msgctxt, msgid): what tells entries apart in a catalog


def _with_fuzzy(flags: list[str], value: bool) -> list[str]:
    """``flags`` with ``fuzzy`` first (``value``) or without it; the same list when it
    already is so."""
    if value:
        return flags if FUZZY in flags else [FUZZY, *flags]
    return [f for f in flags if f != FUZZY] if FUZZY in flags else flags


@dataclass(slots=True)
class Message:
    """One entry of a PO file.  Comments are kept as written, one string each with
    ``\\n`` between lines: ``tcomment`` the translator's ``#`` lines, ``comment`` the
    extracted ``#.`` lines; ``occurrences`` the ``#:`` references as (file, line)."""

    msgid: str
    msgstr: str = ""
    msgid_plural: str = ""  # "" for a message without plural forms
    msgstr_plural: dict[int, str] = field(default_factory=dict)  # form index → text
    msgctxt: str | None = None
    flags: list[str] = field(default_factory=list)  # ``#,`` flags, in their order
    tcomment: str = ""
    comment: str = ""
    occurrences: list[tuple[str, str]] = field(default_factory=list)
    previous_msgctxt: str | None = None  # ``#|``: what the msgid was translated from
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False  # ``#~``
    linenum: int = 0  # where it starts in the file read (0: made in memory)

    @property
    def key(self) -> Key:
        return (self.msgctxt, self.msgid)

    @property
    def previous_key(self) -> Key | None:
        """The key of what it was translated from (``#|``), when it records one."""
        if self.previous_msgid is None:
            return None
        return (self.previous_msgctxt, self.previous_msgid)

    @property
    def fuzzy(self) -> bool:
        return FUZZY in self.flags

    @fuzzy.setter
    def fuzzy(self, value: bool) -> None:
        self.flags = _with_fuzzy(self.flags, value)

    @property
    def plural(self) -> bool:
        return bool(self.msgid_plural)

    @property
    def translated(self) -> bool:
        """Whether it holds a translation (any plural form counts), fuzzy or not."""
        return bool(self.msgstr) if not self.msgid_plural else any(self.msgstr_plural.values())

    @property
    def state(self) -> State:
        if self.obsolete:
            return State.OBSOLETE
        if not self.translated:
            return State.UNTRANSLATED
        if FUZZY in self.flags:
            return State.CHANGED if self.previous_msgid is not None else State.MACHINE
        return State.REVIEWED

    def clear_previous(self) -> None:
        """Forget the ``#|`` lines (the source the translation was made for)."""
        self.previous_msgctxt = None
        self.previous_msgid = None
        self.previous_msgid_plural = None

    def copy(self) -> Message:
        """A copy that shares no list or dict with this one."""
        return Message(
            self.msgid,
            self.msgstr,
            self.msgid_plural,
            dict(self.msgstr_plural),
            self.msgctxt,
            list(self.flags),
            self.tcomment,
            self.comment,
            list(self.occurrences),
            self.previous_msgctxt,
            self.previous_msgid,
            self.previous_msgid_plural,
            self.obsolete,
            self.linenum,
        )


@dataclass(eq=False)
class Catalog:
    """A PO or POT file: the header entry (its translator comments, flags and fields)
    and the messages in file order (obsolete ones among them, marked)."""

    entries: list[Message] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)  # header fields, in order
    header: str = ""  # the header entry's translator comments
    header_flags: list[str] = field(default_factory=list)
    path: str = ""  # where it was read from or goes to ("" when unknown)

    @property
    def header_fuzzy(self) -> bool:
        return FUZZY in self.header_flags

    def __iter__(self) -> Iterator[Message]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __getitem__(self, index: int) -> Message:
        return self.entries[index]

    def append(self, message: Message) -> None:
        self.entries.append(message)

    def extend(self, messages: Iterable[Message]) -> None:
        self.entries.extend(messages)

    def active(self) -> list[Message]:
        """The messages that are not obsolete, in file order."""
        return [m for m in self.entries if not m.obsolete]

    def by_key(self, obsolete: bool = False) -> dict[Key, Message]:
        """The active messages (``obsolete``: the obsolete ones) by their key."""
        return {m.key: m for m in self.entries if m.obsolete == obsolete}

    def find(self, msgid: str, msgctxt: str | None = None) -> Message | None:
        """The active message with this key, or None."""
        for message in self.entries:
            if not message.obsolete and message.msgid == msgid and message.msgctxt == msgctxt:
                return message
        return None
