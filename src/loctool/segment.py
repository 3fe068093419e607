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
* leading dialog dashes and bullets, and surrounding whitespace, belong to the gaps.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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
_LINE = re.compile(r"[^\n]*\n|[^\n]+")


def segment(text: str, lang: str | None = None) -> list[tuple[int, int]]:
    """Unit spans ``(start, end)`` of ``text``, in order, non-overlapping, never blank."""
    spans: list[tuple[int, int]] = []
    for p_start, p_end in paragraphs(text):
        for r_start, r_end in _runs(text, p_start, p_end):
            spans.extend(sentences(text, r_start, r_end, lang))
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
    """Sentence spans inside ``text[start:end]``, trimmed of whitespace and leading dashes."""
    abbreviations = ABBREVIATIONS.get(lang or "", _ALL_ABBREVIATIONS)
    piece_start = start
    for m in _SENTENCE_END.finditer(text, start, end):
        nxt = _next_visible(text, m.end(), end)
        if nxt is None or not _starts_sentence(nxt):
            continue
        if _is_abbreviation(text, piece_start, m, abbreviations, lang):
            continue
        yield from _trim(text, piece_start, m.end())
        piece_start = m.end()
    yield from _trim(text, piece_start, end)


def _next_visible(text: str, pos: int, end: int) -> str | None:
    while pos < end and text[pos].isspace():
        pos += 1
    return text[pos] if pos < end else None


def _starts_sentence(ch: str) -> bool:
    return ch.isupper() or ch.istitle() or ch in _OPENERS or ch in _DASHES


def _is_abbreviation(
    text: str, piece_start: int, m: re.Match[str], abbreviations: frozenset[str], lang: str | None
) -> bool:
    cluster = m.group(0)
    if cluster.rstrip(_CLOSERS) != ".":
        return False  # "!", "?", "…", "..." always end a sentence before a capital
    word_start = m.start()
    while word_start > piece_start and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start : m.start()].lstrip(_OPENERS)
    if not word:
        return False
    if word.lower() in abbreviations:
        return True
    if _INITIALS.match(word) and word[0].isupper() and len(word.replace(".", "")) <= 3:
        return True  # "A.", "M.K."
    # Turkish ordinals: "1. Dünya Savaşı", "15. yüzyıl"
    return lang in (None, "tr") and _ORDINAL.match(word) is not None


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
    if start < end and any(not ch.isspace() for ch in text[start:end]):
        yield start, end
