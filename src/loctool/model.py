"""Plain, frozen dataclasses passed between the stages of the pipeline."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from pathlib import Path

# Invisible characters that are no part of the text a reader sees: zero-width space,
# word joiner, U+FEFF, and zero-width (non-)joiners that do not join two letters, marks,
# digits or symbols (inside a word or an emoji sequence they are part of it).
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u200c\u200d]")
_JOINERS = "\u200c\u200d"
_JOINED = re.compile(r"[\w\u0300-\u036f\ufe0f\u20e3\u2600-\u27bf\U0001f000-\U0001faff]")


def has_invisible(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether ``text[start:end]`` holds any of those characters (joining or not)."""
    return _INVISIBLE.search(text, start, len(text) if end is None else end) is not None


def invisible(text: str) -> list[int]:
    """Indices of the invisible characters of ``text`` that belong to no word."""
    return [m.start() for m in _INVISIBLE.finditer(text) if not _joins(text, m.start())]


def _joins(text: str, i: int) -> bool:
    return (
        text[i] in _JOINERS
        and 0 < i < len(text) - 1
        and _JOINED.match(text[i - 1]) is not None
        and _JOINED.match(text[i + 1]) is not None
    )


def normalize_ws(text: str) -> str:
    """msgid form of a unit: every whitespace run (NBSP and line breaks too) is one space;
    invisible characters that belong to no word (:func:`invisible`) are left out."""
    if _INVISIBLE.search(text) is not None:
        drop = set(invisible(text))
        text = "".join(ch for i, ch in enumerate(text) if i not in drop)
    return " ".join(text.split())  # str.split's whitespace is the regex \s, NBSP too


@dataclass(frozen=True)
class Unit:
    """One translatable stretch of an article: a sentence, a title, a speaker line."""

    text: str  # the exact source characters
    start: int  # offset of the first character in Article.text
    end: int  # offset after the last character
    line: int  # 1-based line where the unit starts
    translatable: bool = True  # False for units that are only numbers/punctuation/URLs
    # Markdown: spans (offsets in Article.text) of container markup inside the unit, such
    # as the "> " of a quote's continuation lines; left out of the msgid.
    markup: tuple[tuple[int, int], ...] = ()
    # Where the unit sits in its format: "" for running text; for an HTML attribute
    # value "attr" followed by its quote character ('attr"', "attr'", "attr").
    context: str = ""
    note: str = ""  # for translators (an extracted comment), e.g. a subtitle's screen time

    @cached_property  # asked for again and again (render, pipeline); a frozen unit
    def msgid(self) -> str:
        text = self.text
        for start, end in reversed(self.markup):
            text = text[: start - self.start] + " " + text[end - self.start :]
        return normalize_ws(text)


@dataclass(frozen=True)
class Article:
    """A source article cut into ``gap0 unit1 gap1 … unitN gapN``."""

    path: Path
    slug: str
    text: str  # decoded text, without a BOM
    units: tuple[Unit, ...]
    lang: str | None = None
    bom: bool = False  # the file started with a UTF-8 BOM (kept on render)
    kind: str = "txt"  # txt, md, html, srt or vtt

    @property
    def gaps(self) -> tuple[str, ...]:
        out: list[str] = []
        pos = 0
        for unit in self.units:
            out.append(self.text[pos : unit.start])
            pos = unit.end
        out.append(self.text[pos:])
        return tuple(out)

    def translatable_units(self) -> list[Unit]:
        return [u for u in self.units if u.translatable]


REVIEW_ORDERS = ("document", "risk")  # how ``review`` walks its queue (see review.py)


class State(StrEnum):
    """The life cycle of a catalog entry."""

    UNTRANSLATED = "untranslated"
    MACHINE = "machine"  # fuzzy, made by an engine or memory
    CHANGED = "changed"  # fuzzy, the source changed since translation (#| kept)
    REVIEWED = "reviewed"  # not fuzzy, checked by a human
    OBSOLETE = "obsolete"


@dataclass(frozen=True)
class Provenance:
    """Where a machine string came from.  Survives a reviewer's edit."""

    engine: str  # "argos", "multilingual", "memory"
    model: str = ""  # packages/models with versions, e.g. "translate-tr_en 1.9"
    pivot: str = ""  # pivot language code, if any
    text: str = ""  # the machine text (placeholders restored)
    raw: str = ""  # the engine's output itself, when it differs (placeholders as tokens)
    # The engine's confidence in [0, 1] (``confidence=0.873`` in the origin comment):
    # the geometric mean of its token probabilities, both legs multiplied for a pivot.
    # None: not known (a memory hit, or a draft made before loctool recorded it).
    confidence: float | None = None


@dataclass(frozen=True)
class Suggestion:
    """A candidate translation from an engine or the memory."""

    text: str
    provenance: Provenance  # the engine, model and pivot that made it
    # The engine's confidence in ``text`` (see Provenance.confidence): the pipeline
    # writes it into the provenance of the draft; None when the engine gives none.
    score: float | None = None


@dataclass(frozen=True)
class Issue:
    """A QA finding."""

    check: str
    level: str  # "error" | "warning"
    message: str
    lang: str = ""
    slug: str = ""
    unit: int = 0  # 1-based entry number in the catalog
    msgid: str = ""
