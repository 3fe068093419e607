"""Subtitle sources: SubRip (``.srt``) and WebVTT (``.vtt``).

Parsed here with the standard library, line by line, because the maintained libraries
do not keep the original bytes: ``srt`` (PyPI) and ``webvtt-py`` parse into objects
(index, start, end, text …) and write files back from those values, so numbering, time
formats, blank lines and line ends come out as the library writes them, not as the
source had them.  A subtitle file's structure is simple enough — blocks separated by
blank lines, a timing line ``start --> end [settings]`` per cue — to locate by hand
with exact offsets.

* Each cue's text (all its lines) is one unit; its line breaks become one space in the
  msgid.  A sentence spanning two cues stays two units, as the cues are timed.
* Everything else is gap, kept byte for byte: cue numbers and identifiers, timing lines
  with their cue settings, the ``WEBVTT`` header, ``NOTE``, ``STYLE`` and ``REGION``
  blocks, blank lines, CRLF line ends.
* Each unit carries a note with the time it is on screen (the shortest, when the same
  text is shown several times), which the ``subtitle`` check reads.
* :func:`wrap` re-breaks a translation at render: at most :data:`MAX_LINES` lines of at
  most :data:`MAX_LINE` characters (tags not counted), a dialog cue (every line starting
  with a dash) broken before each speaker's dash.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .detect import is_translatable
from .errors import SourceError
from .model import normalize_ws

MAX_LINE = 42  # characters per line (the usual broadcast and Netflix limit)
MAX_LINES = 2
MAX_CPS = 21.0  # reading speed warning threshold, characters per second
NOTE_PREFIX = "subtitle: on screen for "

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_TIME = r"(?:(\d+):)?(\d{1,2}):(\d{1,2})[,.](\d{1,3})"
_TIMING = re.compile(rf"\s*{_TIME}\s*-->\s*{_TIME}")
_VTT_BLOCKS = ("NOTE", "STYLE", "REGION")
_DASHES = "-‐–—"
_DIALOG_SPLIT = re.compile(rf"\s(?=[{_DASHES}]\s?\S)")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_SPACES = re.compile(r"[ \t\r\n]+")
_NOTE = re.compile(re.escape(NOTE_PREFIX) + r"(\d+(?:\.\d+)?) s")


@dataclass(frozen=True)
class Span:
    """A unit of a subtitle file: one cue's text."""

    start: int
    end: int
    translatable: bool = True
    note: str = ""


@dataclass(frozen=True)
class _Line:
    start: int
    end: int  # without the line break
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def _lines(text: str) -> list[_Line]:
    out = []
    for m in _LINE.finditer(text):
        body = m.group(0).rstrip("\r\n")
        out.append(_Line(m.start(), m.start() + len(body), body))
    return out


def _seconds(groups: tuple[str | None, ...]) -> float:
    hours, minutes, seconds, millis = groups
    return (
        int(hours or 0) * 3600
        + int(minutes or 0) * 60
        + int(seconds or 0)
        + int((millis or "0").ljust(3, "0")) / 1000
    )


def duration(line: str) -> float | None:
    """Seconds between the two times of a timing line, or None if it is not one."""
    m = _TIMING.match(line)
    if m is None:
        return None
    return max(0.0, _seconds(m.groups()[4:]) - _seconds(m.groups()[:4]))


def segment(text: str, kind: str, where: str = "") -> list[Span]:
    """The cue texts of an SRT (``kind="srt"``) or WebVTT (``"vtt"``) text, in order."""
    lines = _lines(text)
    cues = list(_cues(lines, kind, where))
    shortest: dict[str, float] = {}
    for start, end, seconds in cues:
        msgid = normalize_ws(text[start:end])
        if seconds is not None:
            shortest[msgid] = min(seconds, shortest.get(msgid, seconds))
    spans = []
    for start, end, _ in cues:
        msgid = normalize_ws(text[start:end])
        seconds = shortest.get(msgid)
        note = f"{NOTE_PREFIX}{seconds:.2f} s" if seconds is not None else ""
        spans.append(Span(start, end, is_translatable(visible(msgid, kind)), note))
    return spans


def _cues(lines: list[_Line], kind: str, where: str) -> Iterator[tuple[int, int, float | None]]:
    """(start, end, duration) of every cue text."""
    i, n = 0, len(lines)
    if kind == "vtt":
        if not lines or not lines[0].text.lstrip("\ufeff").startswith("WEBVTT"):
            raise SourceError("not a WebVTT file: the first line must start with WEBVTT", where, 1)
        while i < n and not lines[i].blank:  # the header block
            i += 1
    last: float | None = None
    seen_cue = False
    while i < n:
        if lines[i].blank:
            i += 1
            continue
        first_word = lines[i].text.split(maxsplit=1)[0] if lines[i].text.split() else ""
        if kind == "vtt" and first_word in _VTT_BLOCKS and "-->" not in lines[i].text:
            while i < n and not lines[i].blank:
                i += 1
            continue
        if duration(lines[i].text) is not None:
            timing = i
        elif i + 1 < n and duration(lines[i + 1].text) is not None:
            timing = i + 1  # a cue number or identifier first
        else:
            # Text without a timing line: in SRT, a cue whose text held a blank line (its
            # time is the cue's before); in WebVTT a block players ignore (kept as gap).
            j = i
            while j < n and not lines[j].blank:
                j += 1
            if kind == "srt" and seen_cue:
                yield from _text(lines, i, j, last)
            i = j
            continue
        last = duration(lines[timing].text)
        seen_cue = True
        j = timing + 1
        while j < n and not lines[j].blank and duration(lines[j].text) is None:
            numbered = kind == "srt" and lines[j].text.strip().isdigit()
            if numbered and j + 1 < n and duration(lines[j + 1].text) is not None:
                break  # the next cue's number, without a blank line before it
            j += 1
        yield from _text(lines, timing + 1, j, last)
        i = j


def _text(
    lines: list[_Line], first: int, stop: int, seconds: float | None
) -> Iterator[tuple[int, int, float | None]]:
    body = [line for line in lines[first:stop] if not line.blank]
    if body:
        start = body[0].start + len(body[0].text) - len(body[0].text.lstrip())
        end = body[-1].start + len(body[-1].text.rstrip())
        yield start, end, seconds


def note_duration(notes: list[str] | tuple[str, ...]) -> float | None:
    """The on-screen time recorded in a catalog entry's notes (the shortest), if any."""
    found = [float(m.group(1)) for note in notes for m in [_NOTE.search(note)] if m]
    return min(found) if found else None


# --------------------------------------------------------------------------- cue text


@dataclass(frozen=True)
class CueToken:
    kind: str  # text | start | end | timestamp | entity | override
    start: int
    end: int
    name: str = ""  # tag name (lower-case)
    char: str = ""  # what an entity stands for


def cue_tokens(text: str, webvtt: bool = True) -> list[CueToken]:
    """Cue text as the WebVTT cue-text tokenizer reads it: ``<…>`` tags (``<i>``,
    ``</i>``, ``<c.red>``, ``<v Name>``, ``<00:01.000>``), ``&…;`` escapes (WebVTT only)
    and, for SubRip, ``{\\an8}``-style override codes; the rest is text."""
    out: list[CueToken] = []
    i, text_start, n = 0, 0, len(text)

    def flush(upto: int) -> None:
        if upto > text_start:
            out.append(CueToken("text", text_start, upto))

    while i < n:
        ch = text[i]
        token: CueToken | None = None
        if ch == "<" and i + 1 < n and (text[i + 1].isalnum() or text[i + 1] == "/"):
            j = text.find(">", i)
            if j > 0:
                inner = text[i + 1 : j]
                if inner.startswith("/"):
                    token = CueToken("end", i, j + 1, _tag_name(inner[1:]))
                elif inner[0].isdigit():
                    token = CueToken("timestamp", i, j + 1)
                else:
                    token = CueToken("start", i, j + 1, _tag_name(inner))
        elif ch == "{" and text.startswith("{\\", i):
            j = text.find("}", i)
            if j > 0:
                token = CueToken("override", i, j + 1)
        elif ch == "&" and webvtt:
            m = _ENTITY.match(text, i)
            if m:
                decoded = html.unescape(m.group(0))
                if decoded != m.group(0):
                    token = CueToken("entity", i, m.end(), char=decoded)
        if token is None:
            i += 1
            continue
        flush(i)
        out.append(token)
        i = text_start = token.end
    flush(n)
    return out


def _tag_name(inner: str) -> str:
    return re.split(r"[\s.]", inner.strip(), maxsplit=1)[0].lower()


def codes(text: str) -> list[str]:
    """The timestamps and ``{\\an8}``-style codes of a cue text, as written."""
    return [
        text[tok.start : tok.end]
        for tok in cue_tokens(text)
        if tok.kind in ("timestamp", "override")
    ]


def visible(text: str, kind: str = "srt") -> str:
    """What a viewer reads: cue text without tags and override codes, escapes decoded."""
    out = []
    for tok in cue_tokens(text, kind == "vtt"):
        if tok.kind == "text":
            out.append(text[tok.start : tok.end])
        elif tok.kind == "entity":
            out.append(tok.char)
    return "".join(out)


# --------------------------------------------------------------------------- line breaks


def is_dialog(cue_text: str) -> bool:
    """Several lines, each a speaker's line starting with a dash."""
    lines = [line.strip() for line in cue_text.splitlines() if line.strip()]
    return len(lines) > 1 and all(line[0] in _DASHES for line in lines)


def wrap(text: str, kind: str = "srt", dialog: bool = False, width: int = MAX_LINE) -> list[str]:
    """A one-line text as at most :data:`MAX_LINES` subtitle lines: one line when it fits
    ``width`` visible characters, else two broken at the space that makes the longer line
    shortest (preferring a break after punctuation, then a longer second line).  A line
    may exceed ``width`` when no break fits; the ``subtitle`` check says so."""
    text = _SPACES.sub(" ", text.strip())  # a no-break space stays one
    if dialog:
        parts = [p.strip() for p in _DIALOG_SPLIT.split(text) if p.strip()]
        if 1 < len(parts) <= MAX_LINES:
            return parts
    if len(visible(text, kind)) <= width:
        return [text]
    inside_tag: set[int] = set()
    for tok in cue_tokens(text, kind == "vtt"):
        if tok.kind != "text":
            inside_tag.update(range(tok.start, tok.end))
    best: tuple[tuple[int, int, int], int] | None = None
    for i, ch in enumerate(text):
        if ch != " " or i in inside_tag:
            continue
        first, second = len(visible(text[:i], kind)), len(visible(text[i + 1 :], kind))
        after_punctuation = text[:i].rstrip("\"'”’»)]>").endswith(tuple(",.;:!?…"))
        key = (max(first, second), 0 if after_punctuation else 1, first - second)
        if best is None or key < best[0]:
            best = (key, i)
    if best is None:
        return [text]
    i = best[1]
    return [text[:i], text[i + 1 :]]


def line_problems(msgstr: str, kind: str = "srt", width: int = MAX_LINE) -> list[str]:
    """Why a translation does not fit a cue's lines (what ``wrap`` or the translator's own
    line breaks give), or nothing."""
    given = [line.strip() for line in msgstr.splitlines() if line.strip()]
    lines = given if len(given) > 1 else wrap(msgstr, kind, width=width)
    problems = []
    if len(lines) > MAX_LINES:
        problems.append(f"{len(lines)} lines; a subtitle holds at most {MAX_LINES}")
    longest = max((len(visible(line, kind)) for line in lines), default=0)
    if longest > width:
        problems.append(
            f"a line of {longest} characters (limit {width}, in at most {MAX_LINES} lines)"
        )
    return problems


def reading_speed(msgstr: str, seconds: float, kind: str = "srt") -> float:
    """Characters per second a viewer must read (line breaks not counted)."""
    chars = len(" ".join(visible(msgstr, kind).split()))
    return chars / seconds if seconds > 0 else float("inf")
