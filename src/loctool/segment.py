"""Lossless segmentation: text → ``gap0 unit1 gap1 … unitN gapN``.

Units are spans of the original text; gaps are whatever lies between them, so joining
gaps and units gives back the source byte for byte.  The rules, in order:

* paragraphs are blocks of lines separated by whitespace-only lines (NBSP counts as
  whitespace); a paragraph never spans a blank line;
* inside a paragraph a line break is *hard* (ends a unit) when the line ends with
  sentence punctuation or a colon (speaker lines: ``Name, role:``), or when the next
  line starts with a dialog dash or a bullet; other line breaks are soft wrapping;
* a sentence ends at ``. ! ? …`` (plus closing quotes) followed by whitespace and an
  upper-case letter, an opening quote or a dash — except after abbreviations, initials
  and (for Turkish) ordinals such as ``1.``; numbers (``1.630``, ``2,5``), URLs and
  e-mail addresses never end a sentence because their dots are not followed by space;
* leading dialog dashes and bullets, and surrounding whitespace, belong to the gaps;
* invisible characters that are not part of a word (zero-width space U+200B, word
  joiner U+2060, U+FEFF inside the text, a zero-width (non-)joiner U+200C/U+200D that
  does not join two letters or symbols) count as whitespace: they go to the gaps, and
  msgids leave them out (:func:`loctool.model.normalize_ws`);
* U+FFFD (a character lost in some conversion, often a line break) always ends a unit;
* a sentence may start with a digit (``arttı. 2004 yılında``), except after an
  abbreviation for numbers (``s. 12``, ``No. 5``, ``тел. 555``) or a single letter;
  in Turkish a Roman numeral with a full stop is an ordinal, as ``1.`` is (``II.
  Abdullah``, ``XVI. Louis``, ``II. Dünya Savaşı``);
* a URL of :data:`LONG_URL` characters or more at the start or the end of a sentence is
  a unit of its own (not translatable): a tracking link is not prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .model import has_invisible, invisible

# Abbreviations that do not end a sentence, lower-case, without the final period.
ABBREVIATIONS: dict[str, frozenset[str]] = {
    "tr": frozenset(
        """dr prof doç yrd yard doc müh av sn sy hz alb gen org korg tuğg kur yzb bnb
        vb vs vd vb.g örn bkz krş yy as a.ş t.c t.c.k tbmm no nr st cad sok mah apt
        blv bul ltd şti a.o s.a.s vs.vs. mr mrs ms""".split()
    ),
    "en": frozenset(
        """mr mrs ms dr prof sr jr st mt ft gen col lt sgt capt rev hon gov sen rep
        inc ltd co corp dept univ vs etc e.g i.e cf al approx est no nos fig vol pp
        jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n""".split()
    ),
    "ru": frozenset(
        """г гг т.е т.д т.п т.к др пр ул им млн млрд тыс руб коп см рис стр тт акад
        проф доц канд ст г-н г-жа""".split()
    ),
}
_ALL_ABBREVIATIONS = frozenset().union(*ABBREVIATIONS.values())
for _lang in ("kk", "tg"):
    ABBREVIATIONS[_lang] = ABBREVIATIONS["ru"]

# Abbreviations that stand before a number ("s. 12", "No. 5"): no sentence starts at the
# number after them.
NUMBER_ABBREVIATIONS: dict[str, frozenset[str]] = {
    "tr": frozenset("s sf sy sh yak md mad mad no nr tel fık bl böl c ca kt".split()),
    "en": frozenset("p pp vol no nos fig figs ch sec art ca c tel ed pt para eq".split()),
    "ru": frozenset("с стр т ч п ст гл рис табл тел кв д корп см №".split()),
}
for _lang in ("kk", "tg"):
    NUMBER_ABBREVIATIONS[_lang] = NUMBER_ABBREVIATIONS["ru"]
_ALL_NUMBER_ABBREVIATIONS = frozenset().union(*NUMBER_ABBREVIATIONS.values())

LONG_URL = 100  # characters: a link this long is a tracking or data URL, not prose

_TERMINATORS = ".!?…"
_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«„("
_DASHES = "-‐‒–—―"
_BULLETS = "•·▪◦*"

# Terminator cluster, optional closing quotes, whitespace; the next char is checked apart.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
_LEAD = re.compile(rf"(?:[{re.escape(_DASHES)}]+|[{re.escape(_BULLETS)}](?=\s))\s*")
_INITIALS = re.compile(r"^(?:[^\W\d_]\.)*[^\W\d_]$")
_ORDINAL = re.compile(r"^\d{1,4}$")
_ROMAN = re.compile(r"^(?=[IVXLC])(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")  # I … LXXXIX
_URL = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>\"«»]+", re.IGNORECASE)
_URL_TAIL = ".,;:!?)]\"'”’»"
_LINE = re.compile(r"[^\n]*\n|[^\n]+")

_LOST = "\ufffd"  # ends a unit, belongs to the gaps


def gap_view(text: str) -> str:
    """``text`` with the invisible characters that belong to no word (see
    :func:`loctool.model.invisible`) replaced by spaces: the same length, so the spans
    found in it are spans of ``text``, and those characters end up in the gaps."""
    found = invisible(text) if has_invisible(text) else []
    if not found:
        return text
    chars = list(text)
    for i in found:
        chars[i] = " "
    return "".join(chars)


def segment(text: str, lang: str | None = None) -> list[tuple[int, int]]:
    """Unit spans ``(start, end)`` of ``text``, in order, non-overlapping, never blank."""
    view = gap_view(text)
    spans: list[tuple[int, int]] = []
    for p_start, p_end in paragraphs(view):
        for r_start, r_end in _runs(view, p_start, p_end):
            spans.extend(sentences(view, r_start, r_end, lang))
    return spans


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Spans of blocks of non-blank lines (line breaks inside kept, the last one not)."""
    start: int | None = None
    end = 0
    for m in _LINE.finditer(text):
        line = m.group(0)
        if line.strip():
            if start is None:
                start = m.start()
            end = m.start() + len(line.rstrip("\r\n"))
        elif start is not None:
            yield start, end
            start = None
    if start is not None:
        yield start, end


def _runs(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Split a paragraph at hard line breaks."""
    lines = [(m.start() + start, m.end() + start) for m in _LINE.finditer(text[start:end])]
    run_start = start
    for (l_start, l_end), (n_start, _) in zip(lines, lines[1:], strict=False):
        prev = text[l_start:l_end].rstrip()
        nxt = text[n_start:end].lstrip()
        hard = (
            prev.endswith(tuple(_TERMINATORS + ":"))
            or (prev[-1:] in _CLOSERS and prev.rstrip(_CLOSERS)[-1:] in _TERMINATORS)
            or _LEAD.match(nxt) is not None
        )
        if hard:
            yield run_start, l_end
            run_start = n_start
    yield run_start, end


def sentences(
    text: str, start: int, end: int, lang: str | None = None
) -> Iterator[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``, trimmed of whitespace and leading dashes
    (and of the invisible characters :func:`gap_view` names); U+FFFD ends a sentence and
    belongs to no unit."""
    if not has_invisible(text, start, end) and text.find(_LOST, start, end) < 0:
        return _sentences(text, start, end, lang)  # the usual case
    return _cut_sentences(text, start, end, lang)


def _cut_sentences(text: str, start: int, end: int, lang: str | None) -> Iterator[tuple[int, int]]:
    if invisible(text[start:end]):
        text = text[:start] + gap_view(text[start:end]) + text[end:]
    pos = start
    cut = text.find(_LOST, start, end)
    while cut >= 0:
        yield from _sentences(text, pos, cut, lang)
        pos = cut + 1
        cut = text.find(_LOST, pos, end)
    yield from _sentences(text, pos, end, lang)


def _sentences(text: str, start: int, end: int, lang: str | None) -> Iterator[tuple[int, int]]:
    abbreviations = ABBREVIATIONS.get(lang or "", _ALL_ABBREVIATIONS)
    piece_start = start
    for m in _SENTENCE_END.finditer(text, start, end):
        nxt = _next_visible(text, m.end(), end)
        if nxt is None or not _starts_sentence(nxt):
            continue
        if _is_abbreviation(text, piece_start, m, abbreviations, lang):
            continue
        if nxt.isdigit() and _before_number(text, piece_start, m, lang):
            continue
        yield from _pieces(text, piece_start, m.end())
        piece_start = m.end()
    yield from _pieces(text, piece_start, end)


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """One sentence, trimmed; a long URL at its start or end is a unit of its own."""
    if end - start < LONG_URL or (
        text.find("://", start, end) < 0 and text.find("www.", start, end) < 0
    ):
        return _trim(text, start, end)  # no room for a long URL, or no URL at all
    return _without_long_urls(text, start, end)


def _without_long_urls(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    for s, e in _trim(text, start, end):
        urls = [m for m in _URL.finditer(text, s, e) if m.end() - m.start() >= LONG_URL]
        if not urls:
            yield s, e
            continue
        first, last = urls[0], urls[-1]
        if first.start() == s:  # the sentence starts with the URL (and what sticks to it)
            split = first.end()
            while split < e and text[split] in _URL_TAIL:
                split += 1
            yield s, split
            yield from _trim(text, split, e)
        elif text[last.end() : e].strip(_URL_TAIL) == "":  # it ends with the URL
            yield from _trim(text, s, last.start())
            yield last.start(), e
        else:
            yield s, e  # inside the sentence: a placeholder keeps it from the engine


def _next_visible(text: str, pos: int, end: int) -> str | None:
    while pos < end and text[pos].isspace():
        pos += 1
    return text[pos] if pos < end else None


def _starts_sentence(ch: str) -> bool:
    return ch.isupper() or ch.istitle() or ch.isdigit() or ch in _OPENERS or ch in _DASHES


def _word_before(text: str, piece_start: int, m: re.Match[str]) -> str:
    word_start = m.start()
    while word_start > piece_start and not text[word_start - 1].isspace():
        word_start -= 1
    return text[word_start : m.start()].lstrip(_OPENERS)


def _before_number(text: str, piece_start: int, m: re.Match[str], lang: str | None) -> bool:
    """A full stop before a number that does not end a sentence: after an abbreviation
    that stands before numbers (``s. 12``) or a single letter."""
    if m.group(0).rstrip(_CLOSERS) != ".":
        return False
    word = _word_before(text, piece_start, m)
    numbered = NUMBER_ABBREVIATIONS.get(lang or "", _ALL_NUMBER_ABBREVIATIONS)
    return (len(word) == 1 and word.isalpha()) or word.lower() in numbered


def _is_abbreviation(
    text: str, piece_start: int, m: re.Match[str], abbreviations: frozenset[str], lang: str | None
) -> bool:
    cluster = m.group(0)
    if cluster.rstrip(_CLOSERS) != ".":
        return False  # "!", "?", "…", "..." always end a sentence before a capital
    word = _word_before(text, piece_start, m)
    if not word:
        return False
    if word.lower() in abbreviations:
        return True
    if _INITIALS.match(word) and word[0].isupper() and len(word.replace(".", "")) <= 3:
        return True  # "A.", "M.K."
    # Turkish ordinals: "1. Dünya Savaşı", "15. yüzyıl", "II. Abdullah", "XVI. Louis"
    return lang in (None, "tr") and (
        _ORDINAL.match(word) is not None or _ROMAN.match(word) is not None
    )


def _trim(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Drop surrounding whitespace and a leading dialog dash or bullet; skip empty pieces."""
    while start < end and text[start].isspace():
        start += 1
    while (lead := _LEAD.match(text, start, end)) and lead.end() > start:
        if start + 1 < end and text[start] in _DASHES and text[start + 1].isdigit():
            break  # a minus sign, not a dialog dash
        start = lead.end()
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end and not text[start:end].isspace():
        yield start, end
