"""Markdown sources: units over prose only, found with a real parser (markdown-it-py).

The block structure comes from markdown-it-py (CommonMark plus GFM tables): the text of
paragraphs, headings and table cells, inside lists and block quotes at any depth, is
located in the source through each block's line map.  Everything else is gap, copied
byte for byte on render: front matter, code blocks and fences, HTML blocks, thematic
breaks, link reference definitions, heading ``#`` and setext underlines, list markers,
quote markers, table pipes, the backslash or two spaces of a hard line break.

Inside a block, the same sentence segmenter as for ``.txt`` cuts units, with these rules:

* a hard line break ends a unit; a soft line break is wrapping;
* inline markup stays inside the unit, where the translator can move it: emphasis,
  ``[link text](url)`` (the URL too — the ``markup`` check makes sure it comes back
  unchanged), images, code spans, inline HTML; a sentence is never cut inside a link,
  an image, a code span, an HTML tag or an emphasis;
* emphasis wrapping a whole paragraph or a whole sentence (``**Sentence.**``) is markup
  around the unit, not part of it;
* quote markers of continuation lines (``> ``) lie inside a unit that spans lines; they
  are recorded as the unit's ``markup`` and left out of its msgid;
* a unit with no words outside code, URLs, link targets and HTML is not for translation.

Spans are offsets in the original text, so ``gap0 unit1 gap1 …`` rebuilds it exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .detect import is_translatable
from .errors import SourceError
from .segment import sentences

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CONTAINER_PREFIX = re.compile(r"[\s>#*+\-]*(?:\d{1,9}[.)][\s>#*+\-]*)*")
_TABLE_PREFIX = re.compile(r"[ \t>]*")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_PROTECTED = re.compile(
    r"(`+)(?!`).+?(?<!`)\1(?!`)"  # code span
    r"|!?\[[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*\](?:\([^()]*(?:\([^()]*\)[^()]*)*\)|\[[^\]]*\])?"
    r"|<([A-Za-z][\w-]*)\b[^<>]*>.*?</\2\s*>"  # inline HTML element
    r"|<[^<>\n]+>"  # autolink or inline HTML tag
    r"|\*\*(?=\S).+?(?<=\S)\*\*|__(?=\S).+?(?<=\S)__|~~(?=\S).+?(?<=\S)~~"
    r"|\*(?=[^\s*]).+?(?<=[^\s*])\*|(?<!\w)_(?=[^\s_]).+?(?<=[^\s_])_(?!\w)",
    re.S,
)
_DELIMITER = re.compile(r"\*+|_+|~~|!?\[")
_NOT_PROSE = re.compile(
    r"(`+)(?!`).+?(?<!`)\1(?!`)|\]\([^)]*\)|<[^<>\n]+>|(?:https?|ftp)://\S+", re.S
)
_WRAPPERS = ("***", "___", "**", "__", "~~", "*", "_")


@dataclass(frozen=True)
class Span:
    """A unit of a Markdown article: offsets, markup inside it, and whether to translate."""

    start: int
    end: int
    markup: tuple[tuple[int, int], ...] = ()
    translatable: bool = True


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def segment(text: str, lang: str | None = None, where: str = "") -> list[Span]:
    """Unit spans of a Markdown text, in order; only prose is ever inside a unit."""
    lines = _lines(text)
    front = _front_matter(text, lines)
    parse_src = "\n".join("" if i < front else text[s:e] for i, (s, e) in enumerate(lines))
    blocks: list[list[tuple[int, int]]] = []
    tokens = _parser().parse(parse_src)
    for i, tok in enumerate(tokens):
        if tok.type == "inline" and tokens[i - 1].type in ("paragraph_open", "heading_open"):
            blocks.extend(_block_runs(text, lines, tok.map, tok.content, where))
        elif tok.type == "tr_open" and tok.map:
            blocks.extend([cell] for cell in _cells(text, lines[tok.map[0]]))
    plain = _mask(text, [r for run in blocks for r in run])
    hidden = _hide_delimiters(plain)
    spans: list[Span] = []
    for run in blocks:
        spans.extend(_units(text, plain, hidden, run[0][0], run[-1][1], lang))
    return spans


def _lines(text: str) -> list[tuple[int, int]]:
    """Each line's span without its line break (\\r\\n, \\r or \\n, as markdown-it counts)."""
    spans, pos = [], 0
    for m in _LINE_BREAK.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return spans


def _front_matter(text: str, lines: list[tuple[int, int]]) -> int:
    """Number of lines of a YAML (---) or TOML (+++) front matter block, or 0."""
    if not lines:
        return 0
    first = text[lines[0][0] : lines[0][1]].rstrip()
    closers = {"---": ("---", "..."), "+++": ("+++",)}.get(first)
    if closers is None:
        return 0
    for i, (s, e) in enumerate(lines[1:], start=1):
        if text[s:e].rstrip() in closers:
            return i + 1
    return 0


def _block_runs(
    text: str, lines: list[tuple[int, int]], span: list[int], content: str, where: str
) -> list[list[tuple[int, int]]]:
    """The content ranges of a paragraph or heading, one list per hard-break-free run.

    markdown-it gives the block's lines (``span``) and its text without container markup;
    each text line is found, in order, as the tail of a source line whose head is only
    markup.  Lines holding nothing but whitespace (NBSP too) were trimmed away by the
    parser and are skipped here."""
    pieces = [p.strip() for p in content.split("\n")]
    last = max((j for j, p in enumerate(pieces) if p), default=-1)
    runs: list[list[tuple[int, int]]] = [[]]
    i = span[0]
    for j, piece in enumerate(pieces):
        if not piece:
            continue
        while i < span[1] and not _placed(text, lines[i], piece):
            i += 1
        if i == span[1]:
            raise SourceError("cannot place this Markdown line in the source", where, span[0] + 1)
        start, end = lines[i]
        s = text.rfind(piece, start, end)
        e = s + len(piece)
        backslash = j < last and (len(piece) - len(piece.rstrip("\\"))) % 2 == 1
        runs[-1].append((s, e - 1 if backslash else e))
        if j < last and (backslash or text[start:end].endswith("  ")):
            runs.append([])
        i += 1
    return [run for run in runs if run]


def _placed(text: str, line: tuple[int, int], piece: str) -> bool:
    start, end = line
    pos = text.rfind(piece, start, end)
    return pos >= 0 and _CONTAINER_PREFIX.fullmatch(text, start, pos) is not None


def _cells(text: str, line: tuple[int, int]) -> Iterator[tuple[int, int]]:
    """Ranges of the non-empty cells of a table row."""
    start, end = line
    prefix = _TABLE_PREFIX.match(text, start, end)  # "[ \t>]*" matches, if only ""
    pos = prefix.end() if prefix is not None else start
    bounds = [pos - 1] + [m.start() for m in _CELL_SPLIT.finditer(text, pos, end)] + [end]
    for left, right in zip(bounds, bounds[1:], strict=False):
        s, e = left + 1, right
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            yield s, e


def _mask(text: str, ranges: list[tuple[int, int]]) -> str:
    """``text`` with everything outside ``ranges`` blanked (line breaks kept)."""
    out = [ch if ch in "\r\n" else " " for ch in text]
    for s, e in ranges:
        out[s:e] = text[s:e]
    return "".join(out)


def _hide_delimiters(plain: str) -> str:
    """Blank emphasis delimiters that touch a word, and link openers, so that sentence
    ends are found in ``**End.** Next`` and before ``[Link](url) starts``."""
    out = list(plain)
    for m in _DELIMITER.finditer(plain):
        s, e = m.span()
        before = plain[s - 1] if s else " "
        after = plain[e] if e < len(plain) else " "
        intraword = m.group(0)[0] == "_" and before.isalnum() and after.isalnum()
        if m.group(0).endswith("[") or (not intraword and not (before + after).isspace()):
            out[s:e] = " " * (e - s)
    return "".join(out)


def _unwrap(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span to the inside of emphasis that wraps all of it (``**…**``)."""
    while True:
        piece = text[start:end]
        for mark in _WRAPPERS:
            inner = piece[len(mark) : -len(mark)]
            if (
                len(piece) > 2 * len(mark)
                and piece.startswith(mark)
                and piece.endswith(mark)
                and mark[0] not in inner
                and not inner[0].isspace()
                and not inner[-1].isspace()
            ):
                start, end = start + len(mark), end - len(mark)
                break
        else:
            return start, end


def _units(
    text: str, plain: str, hidden: str, start: int, end: int, lang: str | None
) -> Iterator[Span]:
    start, end = _unwrap(plain, start, end)
    found = list(sentences(hidden, start, end, lang))
    pieces: list[tuple[int, int]] = []
    for i, (s, e) in enumerate(found):
        low = pieces[-1][1] if pieces else start
        high = found[i + 1][0] if i + 1 < len(found) else end
        pieces.append(_attach(plain, hidden, s, e, low, high))
    protected = [m.span() for m in _PROTECTED.finditer(plain, start, end)]
    merged: list[tuple[int, int]] = []
    for s, e in pieces:
        if merged and any(ps < merged[-1][1] and s < pe for ps, pe in protected):
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    for s, e in merged:
        inner = _unwrap(plain, s, e)
        if inner != (s, e):  # emphasis around several sentences: cut inside it
            yield from _units(text, plain, hidden, *inner, lang)
            continue
        markup = _holes(text, plain, s, e)
        words = _NOT_PROSE.sub(" ", plain[s:e])
        yield Span(s, e, markup, is_translatable(words))


def _attach(plain: str, hidden: str, start: int, end: int, low: int, high: int) -> tuple[int, int]:
    """Grow a span (within ``low``–``high``) over the delimiters and link openers
    touching it."""
    while start > low and hidden[start - 1] == " " and not plain[start - 1].isspace():
        start -= 1
    while end < high and hidden[end] == " " and not plain[end].isspace():
        end += 1
    return start, end


def _holes(text: str, plain: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """Runs of masked, visible characters inside a span (continuation-line markers)."""
    holes: list[tuple[int, int]] = []
    for i in range(start, end):
        if plain[i] != text[i] and not text[i].isspace():
            if holes and holes[-1][1] == i:
                holes[-1] = (holes[-1][0], i + 1)
            else:
                holes.append((i, i + 1))
    return tuple(holes)
