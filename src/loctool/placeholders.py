"""Placeholders: inline elements the engine must not translate, hidden and put back.

Before a text goes to an engine, every inline element that must come back unchanged is
replaced by a short token; after machine translation the tokens are replaced by the
original characters again.  What is protected depends on where the text comes from
(:func:`syntaxes`):

* every text: URLs and e-mail addresses;
* Markdown: code spans, autolinks, inline HTML, links and images (``[`` … ``](target)``:
  the link text is translated, the target is not), emphasis delimiters, backslash escapes;
* HTML: inline tags (``<b>`` … ``</b>``, ``<a href=…>`` … ``</a>``, ``<img …>``),
  ``code``/``kbd``/``samp`` and ``translate="no"`` elements whole, comments, and entities
  that would not survive as characters (``&nbsp;``); other entities (``&#8217;``,
  ``&amp;``) go to the engine as their characters and are written back as in the source;
* subtitles: cue tags (``<i>``, ``<c.red>``, ``<v Name>``, timestamps), ``{\\an8}`` codes,
  WebVTT escapes as for HTML;
* catalogs: the format specifiers of the entry's ``*-format`` flags (``%s``, ``%1$d``,
  ``%(name)s``, ``{name}``, ``%1``, ``$HOME``) — only there: in prose ``%50`` is text.

Tokens: ``[1]`` for an element that stands alone, ``[2]`` … ``[/2]`` around the text of
paired markup (a link, emphasis, a tag and its end), so that the translated words can
move between them.  ASCII square brackets and digits are in every vocabulary (no byte
fallback, no ``<unk>``), survive NFKC normalization and Moses tokenization (argos's BPE
packages turn ``<1>`` into ``< 1 >`` and split ``⟦1⟧``), and NMT models copy bracketed
numbers as they copy citation marks.  Restoring tolerates the spaces tokenizers put
inside (``[/ 1]``).

:func:`restore` puts every token back exactly.  Damage is never silent: a URL or e-mail
address the engine dropped is put back at the end of the sentence and a repeated one
kept once (repairs, reported as warnings); a dropped code span, link, tag or any broken
pairing is an error-level ``markup`` note on the unit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from . import htmldoc, subtitles

TEXT = "text"
MARKDOWN = "markdown"
HTML = "html"
SRT = "srt"
WEBVTT = "webvtt"

KIND_SYNTAXES: dict[str, frozenset[str]] = {
    "txt": frozenset({TEXT}),
    "md": frozenset({TEXT, MARKDOWN}),
    "html": frozenset({TEXT, HTML}),
    "srt": frozenset({TEXT, SRT}),
    "vtt": frozenset({TEXT, WEBVTT}),
}

_PRINTF = (
    r"%(?:\d+\$)?[-+ #0']*(?:\*(?:\d+\$)?|\d+)?(?:\.(?:\*(?:\d+\$)?|\d+))?"
    r"(?:hh|h|ll|l|L|q|j|z|t|I64|I32|I)?(?:[diouxXeEfFgGaAcspnmCS%]|<\w+>)"
)
FORMATS: dict[str, str] = {  # gettext's format flags → what a specifier looks like
    "printf": _PRINTF,
    "python": r"%\([^)\s]*\)[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]|" + _PRINTF,
    "brace": r"\{\{|\}\}|\{[^{}\s]*(?:\{[^{}\s]*\}[^{}\s]*)*\}",
    "qt": r"%L?\d{1,2}|%n",
    "sh": r"\$(?:\{[^}\s]*\}|[A-Za-z_]\w*|[0-9#?$!*@-])",
    "ruby": r"%\{\w+\}|%<\w+>[-+ #0]*\d*(?:\.\d+)?[a-zA-Z]|" + _PRINTF,
}
_FLAG_FORMATS = {
    **dict.fromkeys(
        "c objc gcc-internal gfc-internal php perl awk lua javascript tcl object-pascal "
        "elisp librep scheme lisp smalltalk ycp boost".split(),
        "printf",
    ),
    "python": "python",
    **dict.fromkeys("python-brace perl-brace csharp java java-printf kde-kuit".split(), "brace"),
    **dict.fromkeys("qt qt-plural kde".split(), "qt"),
    "sh": "sh",
    "ruby": "ruby",
}

TOKEN = re.compile(r"\[\s*(/?)\s*(\d{1,4})\s*\]")
URL = re.compile(r"(?:https?|ftp)://[^\s<>\[\]()\"'«»]+|www\.[^\s<>\[\]()\"'«»]+", re.I)
MAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL_TAIL = ".,;:!?"
_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_AUTOLINK = re.compile(r"<(?:[a-z][a-z0-9+.-]{1,31}:[^\s<>]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>", re.I)
_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")
_DELIMITER_RUN = re.compile(r"\*+|_+|~~+")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)]*$")
_SHOWN = 60


def syntaxes(kind: str | None = None, flags: Iterable[str] = ()) -> frozenset[str]:
    """What to protect in a text from an article of ``kind`` (txt, md, html, srt, vtt)
    whose catalog entry has these flags (``c-format`` …; ``no-c-format`` protects none)."""
    found = set(KIND_SYNTAXES.get(kind or "txt", KIND_SYNTAXES["txt"]))
    for flag in flags:
        if flag.endswith("-format") and not flag.startswith("no-"):
            family = _FLAG_FORMATS.get(flag[: -len("-format")])
            if family is not None:
                found.add("format:" + family)
    return frozenset(found)


@dataclass(frozen=True)
class Element:
    """One protected piece of the source."""

    text: str  # the source characters
    role: str  # "single", "open" or "close"
    what: str  # for messages: "URL", "code", "link" …
    number: int
    appendable: bool = False  # a lone URL or e-mail address: safe to put back at the end
    tight: bool = False  # open: no space after it in the source; close: none before it


@dataclass(frozen=True)
class Protected:
    """A text as the engine gets it, and what is needed to put the elements back."""

    source: str
    text: str
    elements: tuple[Element, ...] = ()
    chars: tuple[tuple[str, str], ...] = ()  # character → how the source spells it
    escapes: tuple[tuple[str, str], ...] = ()  # character → its escape in new text

    @property
    def pairs(self) -> dict[int, tuple[Element, Element]]:
        opens = {e.number: e for e in self.elements if e.role == "open"}
        return {e.number: (opens[e.number], e) for e in self.elements if e.role == "close"}


@dataclass(frozen=True)
class Restored:
    text: str
    errors: tuple[str, ...] = ()
    repairs: tuple[str, ...] = ()

    def notes(self) -> list[str]:
        """``#. loctool-qa:`` notes: errors, then repairs as warnings."""
        return [f"error: markup: {m}" for m in self.errors] + [
            f"warning: markup: {m}" for m in self.repairs
        ]


# --------------------------------------------------------------------------- finding


@dataclass
class _Mark:
    start: int
    end: int
    role: str  # single | open | close | char
    what: str
    appendable: bool = False
    char: str = ""
    mate: _Mark | None = field(default=None, repr=False)


class _Marks:
    """Non-overlapping marks on a text, added finder by finder (earlier ones win)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.items: list[_Mark] = []

    def free(self, start: int, end: int) -> bool:
        return start < end and all(end <= m.start or m.end <= start for m in self.items)

    def single(self, start: int, end: int, what: str, appendable: bool = False) -> bool:
        if not self.free(start, end):
            return False
        self.items.append(_Mark(start, end, "single", what, appendable))
        return True

    def pair(self, opening: tuple[int, int], closing: tuple[int, int], what: str) -> bool:
        if not (self.free(*opening) and self.free(*closing)) or opening[1] > closing[0]:
            return False
        o = _Mark(*opening, "open", what)
        c = _Mark(*closing, "close", what)
        o.mate, c.mate = c, o
        self.items += [o, c]
        return True

    def gaps(self) -> Iterator[tuple[int, int]]:
        """Stretches of the text no mark covers."""
        pos = 0
        for m in sorted(self.items, key=lambda m: m.start):
            if m.start > pos:
                yield pos, m.start
            pos = max(pos, m.end)
        if pos < len(self.text):
            yield pos, len(self.text)

    def regex(self, pattern: re.Pattern[str], what: str, appendable: bool = False) -> None:
        for s, e in list(self.gaps()):
            for m in pattern.finditer(self.text, s, e):
                end = m.end()
                if appendable:  # a URL's trailing punctuation belongs to the sentence
                    while end > m.start() and self.text[end - 1] in _URL_TAIL:
                        end -= 1
                self.single(m.start(), end, what, appendable)


def _find_links(marks: _Marks) -> None:
    """``[text](target)``, ``![alt](src)``, ``[text][ref]`` and ``[text]``: the opener and
    everything from ``]`` on are the two halves of a pair."""
    text = marks.text
    brackets = _matches(marks, "[", "]")
    parens = _matches(marks, "(", ")")
    for i, close in sorted(brackets.items()):
        end = close + 1
        if end < len(text) and text[end] == "(" and end in parens:
            end = parens[end] + 1
        elif end < len(text) and text[end] == "[":
            ref = text.find("]", end)
            if ref > 0:
                end = ref + 1
        start = i - 1 if i and text[i - 1] == "!" and marks.free(i - 1, i) else i
        marks.pair((start, i + 1), (close, end), "image" if start < i else "link")


def _matches(marks: _Marks, opener: str, closer: str) -> dict[int, int]:
    """Opening → closing position of balanced brackets outside earlier marks and not
    escaped with a backslash (one pass, nesting by a stack)."""
    text = marks.text
    free = [True] * len(text)
    for m in marks.items:
        free[m.start : m.end] = [False] * (m.end - m.start)
    found: dict[int, int] = {}
    stack: list[int] = []
    for j, ch in enumerate(text):
        if not free[j] or (j and text[j - 1] == "\\"):
            continue
        if ch == opener:
            stack.append(j)
        elif ch == closer and stack:
            found[stack.pop()] = j
    return found


def _find_emphasis(marks: _Marks) -> None:
    """Emphasis delimiter runs (``*``, ``_``, ``~~``) paired as CommonMark pairs them:
    an opener touches the next word, a closer the previous one, ``_`` never inside a
    word; the same character and run length close the nearest opener."""
    text = marks.text
    openers: list[tuple[str, int, int]] = []
    for s, e in list(marks.gaps()):
        for m in _DELIMITER_RUN.finditer(text, s, e):
            run = m.group(0)
            before = text[m.start() - 1] if m.start() else " "
            after = text[m.end()] if m.end() < len(text) else " "
            left = not after.isspace() and (not _punct(after) or before.isspace() or _punct(before))
            right = not before.isspace() and (
                not _punct(before) or after.isspace() or _punct(after)
            )
            if run[0] == "_":
                left, right = left and not before.isalnum(), right and not after.isalnum()
            if right:
                for k in range(len(openers) - 1, -1, -1):
                    if openers[k][0] == run:
                        _, os_, oe = openers[k]
                        del openers[k:]
                        marks.pair((os_, oe), m.span(), "emphasis")
                        break
                else:
                    right = False
                if right:
                    continue
            if left:
                openers.append((run, m.start(), m.end()))


def _punct(ch: str) -> bool:
    return unicodedata.category(ch).startswith(("P", "S"))


def _pair_tags(marks: _Marks, tags: list[tuple[str, str, int, int]], what: str) -> None:
    """Pair start and end tags by name (a stack, as nesting goes); the rest stand alone."""
    stack: list[tuple[str, int, int]] = []
    for kind, name, s, e in tags:
        if kind == "start":
            stack.append((name, s, e))
        elif kind == "end":
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == name:
                    _, os_, oe = stack[k]
                    for other in stack[k + 1 :]:
                        marks.single(other[1], other[2], what)
                    del stack[k:]
                    marks.pair((os_, oe), (s, e), what)
                    break
            else:
                marks.single(s, e, what)
        else:
            marks.single(s, e, what)
    for _, s, e in stack:
        marks.single(s, e, what)


def _find_html(marks: _Marks, entities: list[tuple[int, int, str]]) -> None:
    text = marks.text
    toks = htmldoc.tokens(text)
    ends = htmldoc.extents(toks)
    tags: list[tuple[str, str, int, int]] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok.kind == "start" and (
            tok.tag in htmldoc.VERBATIM | htmldoc.HIDDEN | htmldoc.SKIPPED
            or htmldoc._no_translate(tok)
        ):
            last = ends.get(i, i)
            marks.single(
                tok.start, toks[last].end, "code" if tok.tag in htmldoc.VERBATIM else "tag"
            )
            i = last + 1
            continue
        if tok.kind == "entity":
            entities.append((tok.start, tok.end, tok.char))
        elif tok.kind in ("comment", "other"):
            marks.single(tok.start, tok.end, "comment")
        elif tok.kind in ("start", "end"):
            void = tok.kind == "start" and tok.tag in htmldoc.VOID
            tags.append(("single" if void else tok.kind, tok.tag, tok.start, tok.end))
        elif tok.kind == "empty":
            tags.append(("single", tok.tag, tok.start, tok.end))
        i += 1
    _pair_tags(marks, tags, "tag")


def _find_cue(marks: _Marks, entities: list[tuple[int, int, str]], webvtt: bool) -> None:
    tags: list[tuple[str, str, int, int]] = []
    for tok in subtitles.cue_tokens(marks.text, webvtt):
        if tok.kind == "entity":
            entities.append((tok.start, tok.end, tok.char))
        elif tok.kind in ("start", "end"):
            tags.append((tok.kind, tok.name, tok.start, tok.end))
        elif tok.kind != "text":
            tags.append(("single", tok.kind, tok.start, tok.end))
    _pair_tags(marks, tags, "tag")


def _find_markdown(marks: _Marks) -> None:
    text = marks.text
    marks.regex(_AUTOLINK, "link", appendable=True)
    tags: list[tuple[str, str, int, int]] = []
    for s, e in list(marks.gaps()):
        for tok in htmldoc.tokens(text[s:e]):
            if tok.kind in ("start", "end", "empty", "comment") and (
                tok.kind == "comment" or htmldoc._tag_name(tok.tag)
            ):
                void = tok.kind != "end" and (tok.tag in htmldoc.VOID or tok.kind != "start")
                kind = "single" if void else tok.kind
                tags.append((kind, tok.tag, s + tok.start, s + tok.end))
    _pair_tags(marks, tags, "tag")
    _find_links(marks)
    marks.regex(_ESCAPE, "escape")


def _decide_entities(
    marks: _Marks, entities: list[tuple[int, int, str]]
) -> tuple[tuple[str, str], ...]:
    """Entities that become their character for the engine (and are spelled as in the
    source again after), and those that stay tokens: invisible characters, brackets, a
    character also written as itself in the source, or spelled in two ways."""
    text = marks.text
    raw = "".join(text[s:e] for s, e in marks.gaps())
    for s, e, _ in entities:  # entities are not raw characters
        raw = raw.replace(text[s:e], " ", 1)
    spellings: dict[str, set[str]] = {}
    for s, e, char in entities:
        spellings.setdefault(char, set()).add(text[s:e])
    chars = {}
    for s, e, char in entities:
        if not marks.free(s, e):
            continue  # inside a URL or another element: restored with it
        keep = (
            len(char) == 1
            and not htmldoc._invisible(char)
            and char not in "[]"
            and char not in raw
            and len(spellings[char]) == 1
        )
        if keep:
            marks.items.append(_Mark(s, e, "char", "entity", char=char))
            chars[char] = text[s:e]
        else:
            marks.single(s, e, "entity")
    return tuple(sorted(chars.items()))


def protect(text: str, kinds: frozenset[str] = KIND_SYNTAXES["txt"]) -> Protected:
    """``text`` with its protected elements replaced by tokens (see the module doc)."""
    marks = _Marks(text)
    entities: list[tuple[int, int, str]] = []
    if MARKDOWN in kinds:
        marks.regex(_CODE, "code")
    if HTML in kinds:
        _find_html(marks, entities)
    if SRT in kinds or WEBVTT in kinds:
        _find_cue(marks, entities, WEBVTT in kinds)
    marks.regex(TOKEN, "bracketed number")  # the source's own "[1]" comes back as it was
    if MARKDOWN in kinds:
        _find_markdown(marks)
    marks.regex(URL, "URL", appendable=True)
    marks.regex(MAIL, "e-mail address", appendable=True)
    for kind in sorted(kinds):
        if kind.startswith("format:"):
            marks.regex(re.compile(FORMATS[kind[len("format:") :]]), "format specifier")
    if MARKDOWN in kinds:
        _find_emphasis(marks)
    chars = _decide_entities(marks, entities) if entities else ()
    escapes: tuple[tuple[str, str], ...] = ()
    if HTML in kinds or WEBVTT in kinds:
        raw = "".join(text[s:e] for s, e in marks.gaps())
        escapes = tuple((c, esc) for c, esc in (("&", "&amp;"), ("<", "&lt;")) if c not in raw)
    return _build(text, marks, chars, escapes)


def _build(
    text: str,
    marks: _Marks,
    chars: tuple[tuple[str, str], ...],
    escapes: tuple[tuple[str, str], ...],
) -> Protected:
    out: list[str] = []
    elements: list[Element] = []
    numbers: dict[int, int] = {}
    pos = 0
    for m in sorted(marks.items, key=lambda m: m.start):
        out.append(text[pos : m.start])
        pos = m.end
        if m.role == "char":
            out.append(m.char)
            continue
        if m.role == "close":
            number = numbers[id(m.mate)]
            tight = m.start > 0 and not text[m.start - 1].isspace()
            out.append(f"[/{number}]")
        else:
            number = len(numbers) + 1
            numbers[id(m)] = number
            tight = m.role == "open" and m.end < len(text) and not text[m.end].isspace()
            out.append(f"[{number}]")
        elements.append(Element(text[m.start : m.end], m.role, m.what, number, m.appendable, tight))
    out.append(text[pos:])
    return Protected(text, "".join(out), tuple(elements), chars, escapes)


def visible(text: str, kinds: frozenset[str]) -> str:
    """What a reader sees of ``text``: no markup, code, URLs or e-mail addresses."""
    protected = protect(text, kinds)
    pairs = protected.pairs
    shown = TOKEN.sub(lambda m: "" if int(m.group(2)) in pairs else " ", protected.text)
    return " ".join(shown.split())


# --------------------------------------------------------------------------- restoring


def _show(element: Element, mate: Element | None = None) -> str:
    shown = element.text if mate is None else f"{element.text}…{mate.text}"
    return "“" + (shown if len(shown) <= _SHOWN else shown[: _SHOWN - 1] + "…") + "”"


def restore(protected: Protected, output: str) -> Restored:
    """The engine's ``output`` with every token replaced by its source characters, new
    text escaped as the source's syntax needs; what could not be restored is reported."""
    if not protected.elements and not protected.chars and not protected.escapes:
        return Restored(output)
    singles = {e.number: e for e in protected.elements if e.role == "single"}
    pairs = protected.pairs
    found = [(m, int(m.group(2)), m.group(1) == "/") for m in TOKEN.finditer(output)]
    errors: list[str] = []
    repairs: list[str] = []
    keep: dict[int, str] = {}  # index in found → replacement
    seen: dict[tuple[int, bool], int] = {}
    for index, (m, number, closing) in enumerate(found):
        if number in singles:
            element = singles[number]
            if (number, False) in seen:
                keep[index] = ""
                repairs.append(f"the engine repeated {element.what} {_show(element)}; kept once")
                continue
            seen[(number, False)] = index
            keep[index] = element.text
        elif number in pairs:
            opening, closing_element = pairs[number]
            key = (number, closing)
            if key in seen:
                half = "end" if closing else "start"
                errors.append(
                    f"the engine repeated the {half} of {opening.what} "
                    f"{_show(opening, closing_element)}"
                )
            seen.setdefault(key, index)
            keep[index] = closing_element.text if closing else opening.text
        else:
            keep[index] = ""
            repairs.append(f"removed “{m.group(0)}”, a placeholder the source does not have")
    missing_singles = [e for n, e in singles.items() if (n, False) not in seen]
    errors += _pair_errors(pairs, seen, _crossed(protected.text))
    text = _assemble(protected, output, found, keep, pairs)
    for element in missing_singles:
        if element.appendable:
            text = _append(text, element.text)
            repairs.append(
                f"the engine dropped {element.what} {_show(element)}; put back at the end"
            )
        else:
            errors.append(f"the engine dropped {element.what} {_show(element)}")
    return Restored(text, tuple(errors), tuple(repairs))


def _crossing(tokens: Iterable[tuple[int, bool]]) -> set[int]:
    """Numbers of pairs closed while another pair opened inside them is still open."""
    stack: list[int] = []
    crossed: set[int] = set()
    for number, closing in tokens:
        if not closing:
            stack.append(number)
        elif number in stack:
            if stack[-1] != number:
                crossed.add(number)
            stack.remove(number)
    return crossed


def _crossed(protected_text: str) -> set[int]:
    return _crossing((int(m.group(2)), m.group(1) == "/") for m in TOKEN.finditer(protected_text))


def _pair_errors(
    pairs: dict[int, tuple[Element, Element]],
    seen: dict[tuple[int, bool], int],
    crossed_in_source: set[int],
) -> list[str]:
    errors = []
    order = sorted((index, number, closing) for (number, closing), index in seen.items())
    crossed = _crossing((n, c) for _, n, c in order if n in pairs) - crossed_in_source
    for number, (opening, closing) in pairs.items():
        start, end = seen.get((number, False)), seen.get((number, True))
        shown = _show(opening, closing)
        if start is None and end is None:
            errors.append(f"the engine dropped {opening.what} {shown}")
        elif start is None or end is None:
            half = "start" if start is None else "end"
            errors.append(f"the engine lost the {half} of {opening.what} {shown}")
        elif end < start:
            errors.append(f"the engine put the end of {opening.what} {shown} before its start")
        elif number in crossed:
            errors.append(f"the engine crossed {opening.what} {shown} with other markup")
    return errors


def _assemble(
    protected: Protected,
    output: str,
    found: list[tuple[re.Match[str], int, bool]],
    keep: dict[int, str],
    pairs: dict[int, tuple[Element, Element]],
) -> str:
    chars = dict(protected.chars)
    escapes = dict(protected.escapes)

    def spelled(piece: str) -> str:
        return "".join(chars.get(ch) or escapes.get(ch) or ch for ch in piece)

    parts: list[str] = []
    pos = 0
    for index, (m, number, closing) in enumerate(found):
        piece = output[pos : m.start()]
        if number in pairs and closing and pairs[number][1].tight:
            piece = piece.rstrip()
        parts.append(spelled(piece))
        parts.append(keep[index])
        pos = m.end()
        if number in pairs and not closing and pairs[number][0].tight:
            while pos < len(output) and output[pos].isspace():
                pos += 1
    parts.append(spelled(output[pos:]))
    return " ".join("".join(parts).split())


def _append(text: str, piece: str) -> str:
    m = _SENTENCE_END.search(text)
    if m is None:
        return f"{text} {piece}".strip()
    return f"{text[: m.start()].rstrip()} {piece}{text[m.start() :]}".strip()
