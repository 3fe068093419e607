"""Reading source articles: strict decoding, sanity limits, segmentation, language."""

from __future__ import annotations

from collections import Counter

from . import files, htmldoc, placeholders, subtitles
from .detect import detect_language, is_translatable
from .errors import NotUtf8, SourceError
from .markdown import segment as markdown
from .model import Article, Unit
from .project import Source
from .segment import segment

_Span = tuple[int, int, tuple[tuple[int, int], ...], bool | None, str, str]

MAX_BYTES = 2 * 1024 * 1024  # an article, not a book
MAX_UNIT_CHARS = 5000  # longer "sentences" are a missing-punctuation dump, not prose



def read_text(src: Source) -> tuple[str, bool]:
    """Decoded text (BOM removed) and whether the file had a UTF-8 BOM."""
    where = src.rel
    data = files.read_bytes(src.path, where, SourceError, "an article", MAX_BYTES)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError("is UTF-16; save it as UTF-8", where)
    if b"\x00" in data:
        if _looks_utf16(data):
            raise SourceError("looks like UTF-16 without a BOM; save it as UTF-8", where)
        raise SourceError("is a binary file, not a text article", where)
    bom = data.startswith(files.BOM)
    try:
        text = files.decode_utf8(data)
    except NotUtf8 as bad:
        raise SourceError(
            f"not valid UTF-8 (byte 0x{bad.byte:02x}); convert it, e.g. "
            f"iconv -f {_legacy_encoding(data.removeprefix(files.BOM))} -t utf-8",
            where,
            bad.line,
        ) from None
    if not text.strip():
        raise SourceError("is empty", where)
    return text, bom


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 text without a BOM: one half of the bytes (the high bytes) takes only a few
    values, 0 among them (ASCII spaces and punctuation; 0x04 for Cyrillic, 0x01 for the
    Turkish letters).  Binary data spreads over many values."""
    if len(data) < 4 or len(data) % 2:
        return False
    for high in (data[1::2], data[0::2]):  # little-endian, big-endian
        counts = Counter(high)
        if 0 in counts and sum(n for _, n in counts.most_common(3)) >= 0.9 * len(high):
            return True
    return False


def _legacy_encoding(data: bytes) -> str:
    """The likelier 8-bit code page, for the ``iconv`` hint: Cyrillic text in cp1251 is
    mostly bytes >= 0xC0, Turkish text in cp1254 mostly ASCII letters."""
    high = sum(b >= 0xC0 for b in data)
    ascii_letters = sum(b < 0x80 and chr(b).isalpha() for b in data)
    return "cp1251" if high > ascii_letters else "cp1254"


KINDS = {".md": "md", ".html": "html", ".htm": "html", ".srt": "srt", ".vtt": "vtt"}


def kind_of(src: Source) -> str:
    """The format of a source by its suffix: txt, md, html, srt or vtt."""
    return KINDS.get(src.path.suffix.lower(), "txt")


def _spans(src: Source, kind: str, text: str, lang: str | None) -> list[_Span]:
    """(start, end, markup, translatable or None to decide here, context, note) per unit."""
    if kind == "md":
        found = markdown(text, lang, src.rel)
        return [(s.start, s.end, s.markup, s.translatable, "", "") for s in found]
    if kind == "html":
        parts = htmldoc.segment(text, lang)
        return [(s.start, s.end, (), s.translatable, s.context, s.note) for s in parts]
    if kind in ("srt", "vtt"):
        cues = subtitles.segment(text, kind, src.rel)
        return [(s.start, s.end, (), s.translatable, "", s.note) for s in cues]
    return [(s, e, (), None, "", "") for s, e in segment(text, lang)]


def build_article(src: Source, text: str, bom: bool, lang: str | None) -> Article:
    kind = kind_of(src)
    units = []
    line, pos = 1, 0
    for start, end, markup, translatable, context, note in _spans(src, kind, text, lang):
        line += text.count("\n", pos, start)
        pos = start
        if end - start > MAX_UNIT_CHARS:
            raise SourceError(
                f"a unit of {end - start} characters (limit {MAX_UNIT_CHARS}); "
                "is sentence punctuation missing?",
                src.rel,
                line,
            )
        piece = text[start:end]
        ok = is_translatable(piece) if translatable is None else translatable
        units.append(Unit(piece, start, end, line, ok, markup, context, note))
    article = Article(
        path=src.path, slug=src.slug, text=text, units=tuple(units), lang=lang, bom=bom, kind=kind
    )
    if not article.translatable_units():
        raise SourceError("has no text to translate", src.rel)
    return article


def source_language(src: Source, text: str) -> str:
    """The language of a source, detected on what a reader sees: the text of its units
    without markup, code, URLs, tags or timings (a Markdown link, an HTML attribute or a
    subtitle's timing line says nothing about the language)."""
    kind = kind_of(src)
    syntaxes = placeholders.syntaxes(kind)
    units = build_article(src, text, False, None).translatable_units()
    prose = "\n".join(placeholders.visible(u.msgid, syntaxes) for u in units)
    return detect_language(prose, src.rel)
