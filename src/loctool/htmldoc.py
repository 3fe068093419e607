"""HTML sources: units over prose only, found with the standard library's tokenizer.

``html.parser.HTMLParser`` reads the document; every token it reports (text, entity,
tag, comment, declaration) is recorded with its exact source offsets, so units are
spans of the original and ``gap0 unit1 gap1 …`` rebuilds it byte for byte — entities,
attribute order and quoting, whitespace and comments included.  Nothing here parses
HTML with regular expressions: attribute values are located with the parser's own
tokenizer patterns, walked exactly as ``HTMLParser.parse_starttag`` walks them.

What becomes a unit:

* the text of blocks — ``p``, ``h1``–``h6``, ``li``, ``td``, ``th``, ``dt``, ``dd``,
  ``figcaption``, ``blockquote``, ``caption``, ``title`` and any other element that
  holds running text — cut into sentences as for ``.txt``;  a block boundary (any tag
  that is not inline markup) or a ``<br>`` ends a unit;
* inline markup stays inside the unit (``Kazakistan <b>ve</b> Tacikistan``); a sentence
  is never cut inside an inline element, and an element wrapping a whole unit stays
  outside it;
* ``alt`` and ``title`` attribute values of tags outside a text unit (an ``<img>`` in a
  figure, a ``title`` on a block); on an inline tag inside a sentence they stay part of
  that unit's tag, as written (a translator may edit them there);
* never: ``script``, ``style``, ``pre``, ``textarea``, ``template`` and the like,
  ``code``/``kbd``/``samp`` (kept inside a sentence as they are), comments, and any
  element marked ``translate="no"`` (the HTML standard attribute).

:func:`set_lang` gives a rendered copy the target language on its root element.
"""

from __future__ import annotations

import bisect
import html
import html.parser as _stdlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .detect import is_translatable
from .segment import sentences

VOID = frozenset(
    "area base br col embed hr img input keygen link meta param source track wbr".split()
)
# Phrasing markup that stays inside a unit.
INLINE = frozenset(
    """a abbr acronym b bdi bdo big cite data del dfn em font i ins label mark q rb rp rt
    rtc ruby s small span strike strong sub sup time tt u var wbr img nobr""".split()
)
# Kept inside a sentence as they are, never translated (shown to the engine as one token).
VERBATIM = frozenset("code kbd samp".split())
# Inline elements whose content is not text for a reader.
HIDDEN = frozenset("script svg math".split())
# Block elements whose content is never a unit.
SKIPPED = frozenset("pre style textarea template noscript iframe object canvas".split())
ATTRIBUTE_UNITS = ("alt", "title")
# Attributes a translator may change inside a unit (not compared by the markup check).
TRANSLATABLE_ATTRIBUTES = frozenset({"alt", "title", "aria-label", "placeholder"})
# The standard parser's own attribute patterns (module constants that typeshed omits).
_TAGFIND: re.Pattern[str] = vars(_stdlib)["tagfind_tolerant"]
_ATTRFIND: re.Pattern[str] = vars(_stdlib)["attrfind_tolerant"]
RTL = frozenset("ar arc ckb dv fa he ks ku ps sd ug ur yi".split())

_FILLER = "\ufffc"  # stands for verbatim content when sentences are found
_CLOSES_P = frozenset(
    """address article aside blockquote details dialog div dl fieldset figcaption figure
    footer form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre section table
    ul""".split()
)
_IMPLIED = {  # a start tag closes an open element of these names, up to a boundary
    "li": ({"li"}, {"ul", "ol", "menu"}),
    "dt": ({"dt", "dd"}, {"dl"}),
    "dd": ({"dt", "dd"}, {"dl"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    "tr": ({"tr", "td", "th"}, {"table", "tbody", "thead", "tfoot"}),
    "tbody": ({"tbody", "thead", "tfoot", "tr", "td", "th"}, {"table"}),
    "thead": ({"tbody", "thead", "tfoot", "tr", "td", "th"}, {"table"}),
    "tfoot": ({"tbody", "thead", "tfoot", "tr", "td", "th"}, {"table"}),
    "option": ({"option"}, {"select", "datalist"}),
}


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class Token:
    """One construct of the source as ``html.parser`` reports it, with its offsets."""

    kind: str  # text | entity | start | end | empty | comment | other
    start: int
    end: int
    tag: str = ""  # lower-case tag name
    attrs: tuple[tuple[str, str | None], ...] = ()
    char: str = ""  # what an entity stands for ("" when it is not a known entity)


class _Tokenizer(_stdlib.HTMLParser):
    """Records every handler call with the source span the parser consumed for it.

    ``HTMLParser.goahead`` calls ``updatepos(i, j)`` after each construct, with ``i``
    and ``j`` its bounds in the current buffer; the buffer is cut after each
    ``goahead``, so ``_base`` keeps the offset of its first character."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.tokens: list[Token] = []
        self._pending: list[dict[str, Any]] = []
        self._base = 0

    def goahead(self, end: bool) -> None:
        before = len(self.rawdata)
        super().goahead(end)
        self._base += before - len(self.rawdata)

    def updatepos(self, i: int, j: int) -> int:
        if self._pending and i < j:
            for item in self._pending:
                self.tokens.append(Token(start=self._base + i, end=self._base + j, **item))
            self._pending = []
        return super().updatepos(i, j)

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """``<![CDATA[…]]>`` and the like; anything else starting ``<![`` (which the
        standard library rejects with an AssertionError) is read as a bogus comment, as
        browsers do."""
        try:
            return int(super().parse_marked_section(i, report))
        except AssertionError:
            return int(self.parse_bogus_comment(i, report))

    def _add(self, kind: str, **fields: Any) -> None:
        self._pending.append({"kind": kind, **fields})

    def handle_data(self, data: str) -> None:
        self._add("text")

    def handle_entityref(self, name: str) -> None:
        self._add("entity")

    def handle_charref(self, name: str) -> None:
        self._add("entity")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add("start", tag=tag, attrs=tuple(attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add("empty", tag=tag, attrs=tuple(attrs))

    def handle_endtag(self, tag: str) -> None:
        self._add("end", tag=tag)

    def handle_comment(self, data: str) -> None:
        self._add("comment")

    def handle_decl(self, decl: str) -> None:
        self._add("other")

    def handle_pi(self, data: str) -> None:
        self._add("other")

    def unknown_decl(self, data: str) -> None:
        self._add("other")


def tokens(text: str) -> list[Token]:
    """Every construct of ``text`` in order; together they cover the whole text (a tail
    the parser leaves unread, such as an unclosed ``<script>``, becomes one text token)."""
    parser = _Tokenizer()
    parser.feed(text)
    parser.close()
    found = parser.tokens
    out: list[Token] = []
    pos = 0
    for tok in found:
        if tok.start > pos:  # never expected; keeps the tokens a cover of the text
            out.append(Token("text", pos, tok.start))
        if tok.kind == "entity":
            raw = text[tok.start : tok.end]
            decoded = html.unescape(raw)
            tok = Token("entity", tok.start, tok.end, char=decoded if decoded != raw else "")
        out.append(tok)
        pos = tok.end
    if pos < len(text):
        out.append(Token("text", pos, len(text)))
    return out


@dataclass(frozen=True)
class Attribute:
    name: str  # lower-case
    start: int  # offsets of the value, without its quotes
    end: int
    quote: str  # '"', "'" or "" (unquoted)


def attributes(text: str, tok: Token) -> list[Attribute]:
    """The attributes of a start tag with the offsets of their values, found with the
    parser's own patterns in the order ``HTMLParser.parse_starttag`` applies them."""
    if tok.kind not in ("start", "empty"):
        return []
    match = _TAGFIND.match(text, tok.start + 1, tok.end)
    if match is None:
        return []
    out = []
    k = match.end()
    while k < tok.end:
        m = _ATTRFIND.match(text, k, tok.end)
        if not m:
            break
        if m.group(2):
            start, end = m.span(3)
            quote = text[start] if end > start and text[start] in "'\"" else ""
            if quote and end - start >= 2 and text[end - 1] == quote:
                start, end = start + 1, end - 1
            out.append(Attribute(m.group(1).lower(), start, end, quote))
        k = m.end()
    return out


def extents(toks: list[Token]) -> dict[int, int]:
    """For every start tag (index) the index of the last token of its element: its end
    tag, or the token before the one that implicitly closes it (the last one at the end).

    End tags close the nearest open element of their name; a few start tags close open
    elements as HTML does (a block closes ``p``; ``li``, ``dt``/``dd``, table cells and
    rows, ``option`` close their open siblings); stray end tags are ignored."""
    out: dict[int, int] = {}
    stack: list[tuple[str, int]] = []

    def close_from(depth: int, before: int) -> None:
        while len(stack) > depth:
            out[stack.pop()[1]] = before - 1

    for i, tok in enumerate(toks):
        if tok.kind == "start":
            if tok.tag in VOID:
                continue
            if tok.tag in _CLOSES_P:
                for depth in range(len(stack) - 1, -1, -1):
                    if stack[depth][0] == "p":
                        close_from(depth, i)
                        break
                    if stack[depth][0] not in INLINE:
                        break
            if tok.tag in _IMPLIED:
                names, boundary = _IMPLIED[tok.tag]
                for depth in range(len(stack) - 1, -1, -1):
                    if stack[depth][0] in boundary:
                        break
                    if stack[depth][0] in names:
                        close_from(depth, i)
                        break
            stack.append((tok.tag, i))
        elif tok.kind == "end":
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == tok.tag:
                    close_from(depth + 1, i)
                    out[stack.pop()[1]] = i
                    break
    close_from(0, len(toks))
    return out


def _no_translate(tok: Token) -> bool:
    return any(k == "translate" and (v or "").strip().lower() == "no" for k, v in tok.attrs)


# --------------------------------------------------------------------------- segmentation


@dataclass(frozen=True)
class Span:
    """A unit of an HTML article."""

    start: int
    end: int
    translatable: bool = True
    context: str = ""  # "" for text; 'attr"' / "attr'" / "attr" for an attribute value
    note: str = ""  # for translators, e.g. "alt attribute of <img>"


@dataclass
class _Run:
    """Inline content between two block boundaries: token indices, and verbatim or
    hidden elements as (first, last) token index pairs."""

    items: list[tuple[int, int]]


def segment(text: str, lang: str | None = None) -> list[Span]:
    """Unit spans of an HTML text, in order, non-overlapping; only prose is a unit."""
    toks = tokens(text)
    ends = extents(toks)
    runs, tags = _runs(toks, ends)
    hidden = _hidden(text, toks, runs)
    spans: list[Span] = []
    for run in runs:
        spans.extend(_units(text, toks, ends, hidden, run, lang))
    covered = [(s.start, s.end) for s in spans]
    spans.extend(_attribute_units(text, toks, tags, covered))
    spans.sort(key=lambda s: s.start)
    return spans


def _runs(toks: list[Token], ends: dict[int, int]) -> tuple[list[_Run], list[int]]:
    """The inline runs of the document, and the start tags whose attributes may hold
    units (those outside skipped and ``translate="no"`` elements)."""
    runs: list[_Run] = []
    tags: list[int] = []
    current: list[tuple[int, int]] = []

    def close() -> None:
        if current:
            runs.append(_Run(list(current)))
            current.clear()

    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok.kind in ("text", "entity", "comment"):
            current.append((i, i))
        elif tok.kind in ("start", "empty"):
            opaque = _no_translate(tok) or tok.tag in VERBATIM | HIDDEN | SKIPPED
            last = ends.get(i, i) if tok.kind == "start" else i
            if opaque:
                if tok.tag in INLINE | VERBATIM | HIDDEN:
                    current.append((i, last))
                else:
                    close()
                i = last + 1
                continue
            tags.append(i)
            if tok.tag in INLINE:
                current.append((i, i))
            else:
                close()
        elif tok.kind == "end" and tok.tag in INLINE:
            current.append((i, i))
        else:
            close()
        i += 1
    close()
    return runs, tags


def _hidden(text: str, toks: list[Token], runs: list[_Run]) -> str:
    """What the sentence finder sees: text as is, an entity as its character (padded with
    spaces), verbatim elements as filler, every other tag and comment as spaces."""
    out = [ch if ch in "\r\n" else " " for ch in text]
    for run in runs:
        for first, last in run.items:
            tok = toks[first]
            s, e = tok.start, toks[last].end
            if first != last or tok.kind in ("start", "empty", "end"):
                if first != last and (tok.tag in VERBATIM or _no_translate(tok)):
                    out[s:e] = _FILLER * (e - s)
            elif tok.kind == "text":
                out[s:e] = text[s:e]
            elif tok.kind == "entity":
                char = tok.char or text[s:e]
                shown = " " if _invisible(char) else char
                out[s:e] = (shown + " " * (e - s))[: e - s]
    return "".join(out)


def _invisible(char: str) -> bool:
    return len(char) == 1 and (char.isspace() or unicodedata.category(char) in ("Cf", "Cc"))


def _units(
    text: str,
    toks: list[Token],
    ends: dict[int, int],
    hidden: str,
    run: _Run,
    lang: str | None,
) -> Iterator[Span]:
    start, end = toks[run.items[0][0]].start, toks[run.items[-1][1]].end
    entities = [(toks[f].start, toks[f].end) for f, _ in run.items if toks[f].kind == "entity"]
    pieces = [_snap(entities, s, e) for s, e in sentences(hidden, start, end, lang)]
    pairs = [(toks[o], toks[c]) for o, c in _pairs(toks, ends, run)]
    pieces = _close_pairs(pieces, pairs)
    partner = {o.start: (o, c) for o, c in pairs}
    for s, e in pieces:
        s, e = _unwrap(text, partner, s, e)
        if s < e:
            visible = hidden[s:e].replace(_FILLER, " ")
            yield Span(s, e, is_translatable(visible))


def _snap(entities: list[tuple[int, int]], s: int, e: int) -> tuple[int, int]:
    """Widen a sentence span so that it never cuts an entity (``entities`` sorted)."""
    first, last = _piece_at(entities, s), _piece_at(entities, e)
    if first is not None:
        s = entities[first][0]
    if last is not None and entities[last][0] < e:
        e = entities[last][1]
    return s, e


def _pairs(toks: list[Token], ends: dict[int, int], run: _Run) -> list[tuple[int, int]]:
    """(start tag, end tag) indices of the inline elements opened and closed in the run."""
    inside = {first for first, last in run.items if first == last}
    return [
        (first, ends[first])
        for first, last in run.items
        if first == last
        and toks[first].kind == "start"
        and ends.get(first) in inside
        and toks[ends[first]].kind == "end"
        and toks[ends[first]].tag == toks[first].tag
    ]


def _close_pairs(
    pieces: list[tuple[int, int]], pairs: list[tuple[Token, Token]]
) -> list[tuple[int, int]]:
    """Grow and merge sentence spans until no inline element is cut: an element with a
    tag inside a span joins that span (and every span up to its other tag); one whose
    two tags both lie outside every span wraps whole units and stays in the gaps."""
    while pieces:
        extra = []
        for o, c in pairs:
            left, right = _piece_at(pieces, o.start), _piece_at(pieces, c.start)
            if (left is None and right is None) or (left is not None and left == right):
                continue
            low = pieces[left][0] if left is not None else o.start
            high = pieces[right][1] if right is not None else c.end
            extra.append((low, high))
        if not extra:
            break
        pieces = _merge_overlaps(pieces + extra)
    return pieces


def _piece_at(pieces: list[tuple[int, int]], pos: int) -> int | None:
    n = bisect.bisect_right(pieces, (pos, 1 << 62)) - 1
    return n if n >= 0 and pieces[n][0] <= pos < pieces[n][1] else None


def _merge_overlaps(pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(pieces):
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


def _unwrap(
    text: str, partner: dict[int, tuple[Token, Token]], s: int, e: int
) -> tuple[int, int]:
    """Shrink a span to the inside of an inline element that wraps all of it."""
    while s in partner and partner[s][1].end == e:
        opener, closer = partner[s]
        s, e = opener.end, closer.start
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
    return s, e


def _attribute_units(
    text: str, toks: list[Token], tags: list[int], covered: list[tuple[int, int]]
) -> Iterator[Span]:
    for i in tags:
        tok = toks[i]
        if _piece_at(covered, tok.start) is not None:
            continue  # a tag inside a sentence: its attributes belong to that unit's markup
        for attr in attributes(text, tok):
            if attr.name not in ATTRIBUTE_UNITS:
                continue
            value = text[attr.start : attr.end]
            s = attr.start + len(value) - len(value.lstrip())
            e = attr.end - (len(value) - len(value.rstrip()))
            if s < e and is_translatable(html.unescape(text[s:e])):
                yield Span(s, e, True, "attr" + attr.quote, f"{attr.name} attribute of <{tok.tag}>")


# --------------------------------------------------------------------------- render


def attribute_value(msgstr: str, context: str) -> str:
    """A translation as an attribute value: the quote escaped (quotes added when the
    source value was unquoted)."""
    quote = context[len("attr") :]
    if quote == "'":
        return msgstr.replace("'", "&#39;")
    value = msgstr.replace('"', "&quot;")
    return value if quote else f'"{value}"'


def root_tag(text: str, toks: list[Token] | None = None) -> Token | None:
    """The ``<html>`` start tag, or else the one element that holds all the content."""
    toks = tokens(text) if toks is None else toks
    for tok in toks:
        if tok.kind in ("start", "empty") and tok.tag == "html":
            return tok
    ends = extents(toks)
    content = [
        i
        for i, t in enumerate(toks)
        if t.kind not in ("comment", "other")
        and (t.kind != "text" or text[t.start : t.end].strip())
    ]
    if content and toks[content[0]].kind == "start" and ends.get(content[0]) == content[-1]:
        return toks[content[0]]
    return None


def set_lang(text: str, lang: str) -> str:
    """``text`` with ``lang`` (and ``dir`` where the source has one or the language is
    written right to left) set on the root element; unchanged without a root element."""
    tag = root_tag(text)
    if tag is None:
        return text
    direction = "rtl" if lang.split("-")[0] in RTL else "ltr"
    wanted = {"lang": lang, "xml:lang": lang, "dir": direction}
    present = {a.name: a for a in attributes(text, tag)}
    edits = [(a.start, a.end, wanted[a.name]) for a in present.values() if a.name in wanted]
    added = []
    if "lang" not in present:
        added.append(f' lang="{lang}"')
    if "dir" not in present and direction == "rtl":
        added.append(f' dir="{direction}"')
    if added:
        name_end = tag.start + 1 + len(tag.tag)
        edits.append((name_end, name_end, "".join(added)))
    for s, e, value in sorted(edits, reverse=True):
        text = text[:s] + value + text[e:]
    return text


# --------------------------------------------------------------------------- markup check


def tag_signatures(fragment: str) -> Counter[str]:
    """The tags of a unit, each as written without the attributes a translator may
    translate (``alt``, ``title`` …), for comparing a translation with its source."""
    found: Counter[str] = Counter()
    for tok in tokens(fragment):
        if tok.kind == "end" and _tag_name(tok.tag):
            found[f"</{tok.tag}>"] += 1
        elif tok.kind in ("start", "empty") and _tag_name(tok.tag):
            kept = " ".join(
                f'{k}="{v}"' if v is not None else k
                for k, v in tok.attrs
                if k not in TRANSLATABLE_ATTRIBUTES
            )
            found[
                f"<{tok.tag}{' ' + kept if kept else ''}{'/' if tok.kind == 'empty' else ''}>"
            ] += 1
    return found


def without_tags(fragment: str) -> str:
    """``fragment`` with its HTML tags and comments blanked (entities and text kept)."""
    if "<" not in fragment:
        return fragment
    out = []
    for tok in tokens(fragment):
        markup = tok.kind == "comment" or (
            tok.kind in ("start", "end", "empty") and _tag_name(tok.tag)
        )
        out.append(" " if markup else fragment[tok.start : tok.end])
    return "".join(out)


def _tag_name(tag: str) -> bool:
    return tag[:1].isalpha() and all(ch.isalnum() or ch in "-." for ch in tag)
