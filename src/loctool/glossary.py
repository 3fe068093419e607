"""The project glossary, ``glossary.csv``: preferred translations and do-not-translate terms.

Columns (a header row is required, in any order; extra columns are ignored)::

    term, kk, tg, ru, en, note, dnt

``term`` is written in the source language.  A translation cell may list alternatives
separated by ``|``.  ``dnt`` (yes/no, true/false, 1/0, x or empty) marks a name that
stays as written in every language, e.g. ``Silk Way TV``; such a row must not also give
a different translation.

Matching is case-insensitive (dotted and dotless I are one letter) and by whole words:
``Altın`` finds ``Altın``, ``altın`` and ``Altın’ın`` (a suffix after an apostrophe
starts a new word) but not ``altında``.  A word written with a trailing ``*`` is a
*stem*: ``Altın*`` also finds ``Altını`` and ``Altınlar``.  The same rule holds for the
source term and for the expected translations, whose case endings (kk ``Қазақстан*`` →
``Қазақстанның``, ru ``Казахстан*`` → ``Казахстана``) are marked the same way.  Words
of a term may be separated by any space or a hyphen.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from . import cache, files
from .errors import GlossaryError, NotUtf8
from .project import GLOSSARY_NAME

FILE_NAME = GLOSSARY_NAME
LANG_COLUMNS = ("kk", "tg", "ru", "en")
COLUMNS = ("term", *LANG_COLUMNS, "note", "dnt")
_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"no", "n", "false", "0", ""}


def fold(text: str) -> str:
    """Case-fold for matching; keeps the length, so offsets stay valid."""
    # dotted and dotless i fold to one letter so that Turkish case pairs always match
    text = text.replace("İ", "i").replace("I", "i").replace("ı", "i")
    low = text.lower()
    # the usual case at once: no letter lowercases to two, and no final-sigma rule (the
    # one context-dependent lowering of str.lower) to differ from letter-by-letter
    if len(low) == len(text) and "Σ" not in text:
        return low
    return "".join(ch if len(low := ch.lower()) != 1 else low for ch in text)


STEM = "*"  # at the end of a word: the word may go on (a suffix, a case ending)


def plain(pattern: str) -> str:
    """A term or form as people read it: without its stem marks."""
    return " ".join(w[:-1] if _is_stem(w) else w for w in pattern.split())


def _is_stem(word: str) -> bool:
    return len(word) > 1 and word.endswith(STEM)


def _word_pattern(word: str) -> str:
    """One word of a term: the whole word, or (``word*``) the word and what follows."""
    if _is_stem(word):
        return rf"{re.escape(word[:-1])}\w*"
    return re.escape(word)


@lru_cache(maxsize=4096)
def term_regex(pattern: str) -> re.Pattern[str]:
    """A regex finding ``pattern`` (a term or form as written in the glossary, stems
    marked with ``*``) in folded text: whole words, separated by any space or a hyphen."""
    words = fold(pattern).split()
    body = r"[\s\u00a0\u202f-]+".join(_word_pattern(w) for w in words)
    return re.compile(rf"(?<!\w){body}(?!\w)")


@dataclass(frozen=True)
class Term:
    term: str  # the source-language form, as people read it (no stem marks)
    translations: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lang → forms
    note: str = ""
    dnt: bool = False
    line: int = 0  # line in glossary.csv
    pattern: str = ""  # the term as written in the glossary (``Altın*``); "" = ``term``
    patterns: dict[str, tuple[str, ...]] = field(default_factory=dict)  # forms as written

    @property
    def source_pattern(self) -> str:
        return self.pattern or self.term

    def expected(self, lang: str) -> tuple[str, ...]:
        """Acceptable target forms in ``lang`` (as people read them): the term itself
        for do-not-translate."""
        if self.dnt:
            return (self.term,)
        return self.translations.get(lang, ())

    def expected_patterns(self, lang: str) -> tuple[str, ...]:
        """The same forms as written in the glossary (stems marked), for matching."""
        if self.dnt:
            return (self.source_pattern,)
        return self.patterns.get(lang) or self.translations.get(lang, ())


@dataclass(frozen=True)
class _Compiled:
    term: Term
    key: str  # folded first word, a cheap pre-filter
    regex: re.Pattern[str]


class Glossary:
    def __init__(self, terms: Iterable[Term], source_lang: str | None = "tr") -> None:
        self.terms = tuple(terms)
        self.source_lang = source_lang

    def __len__(self) -> int:
        return len(self.terms)

    @classmethod
    def load(cls, path: Path, source_lang: str | None = "tr", where: str | None = None) -> Glossary:
        """Read a glossary file; errors name ``where`` (default: the path) and the line."""
        where = where or str(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise GlossaryError(exc.strerror or str(exc), where) from None
        try:
            text = files.decode_utf8(data)
        except NotUtf8 as bad:
            raise GlossaryError("not valid UTF-8; save it as UTF-8", where, bad.line) from None
        return cls(parse(text, where), source_lang)

    @cached_property
    def _compiled(self) -> tuple[_Compiled, ...]:
        return tuple(
            _Compiled(t, fold(t.term).split()[0][:4], term_regex(t.source_pattern))
            for t in self.terms
        )

    def hits(self, source_text: str) -> list[Term]:
        """Terms occurring in ``source_text`` (a source-language unit), in glossary order."""
        folded = fold(source_text)
        return [c.term for c in self._compiled if c.key in folded and c.regex.search(folded)]


def contains(text: str, form: str) -> bool:
    """Whether ``text`` (a translation) contains ``form`` (as written in the glossary):
    whole words, or a stem and its ending where the form marks one with ``*``."""
    return term_regex(form).search(fold(text)) is not None


def contains_verbatim(text: str, form: str) -> bool:
    """Whether ``text`` has ``form`` exactly as written (spaces may differ, suffixes may
    follow): the rule for do-not-translate names."""
    body = r"[\s\u00a0\u202f]+".join(re.escape(w) for w in form.split())
    return re.search(rf"(?<!\w){body}", text) is not None


def parse(text: str, where: str | Path = FILE_NAME) -> list[Term]:
    """Terms of a glossary CSV text; :class:`GlossaryError` names the line of a problem."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise GlossaryError(f"bad CSV: {exc}", where, 1) from None
    if header is None:
        raise GlossaryError("is empty; expected a header row: " + ",".join(COLUMNS), where)
    names = [h.strip().lower() for h in header]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise GlossaryError(
            f"missing column(s) {', '.join(missing)} (header must have: {','.join(COLUMNS)})",
            where,
            1,
        )
    index = {name: names.index(name) for name in COLUMNS}
    terms: list[Term] = []
    seen: dict[str, int] = {}
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            terms.append(_row(row, index, line, where, seen))
    except csv.Error as exc:
        raise GlossaryError(f"bad CSV: {exc}", where, reader.line_num) from None
    return terms


def _row(
    row: list[str], index: dict[str, int], line: int, where: str | Path, seen: dict[str, int]
) -> Term:
    def cell(name: str) -> str:
        i = index[name]
        return " ".join(row[i].split()) if i < len(row) else ""

    pattern = cell("term")
    if not pattern:
        raise GlossaryError("empty term", where, line)
    _check_stems(pattern, where, line)
    term = plain(pattern)
    key = fold(term)
    if key in seen:
        raise GlossaryError(f"duplicate term {term!r} (first on line {seen[key]})", where, line)
    seen[key] = line
    flag = cell("dnt").lower()
    if flag not in _TRUE | _FALSE:
        raise GlossaryError(f"dnt must be yes or no, not {cell('dnt')!r}", where, line)
    dnt = flag in _TRUE
    translations: dict[str, tuple[str, ...]] = {}
    patterns: dict[str, tuple[str, ...]] = {}
    for lang in LANG_COLUMNS:
        written = tuple(f.strip() for f in cell(lang).split("|") if f.strip())
        for form in written:
            _check_stems(form, where, line)
        forms = tuple(plain(f) for f in written)
        if forms:
            translations[lang] = forms
            patterns[lang] = written
        if dnt and any(f != term for f in forms):
            raise GlossaryError(
                f"do-not-translate term {term!r} has a different {lang} form; "
                "clear it or set dnt to no",
                where,
                line,
            )
    return Term(term, translations, cell("note"), dnt, line, pattern, patterns)


def _check_stems(written: str, where: str | Path, line: int) -> None:
    """A stem mark is one ``*`` at the end of a word, after the word (a ``*`` inside a
    word, as in a brand name, is a letter like any other)."""
    for word in written.split():
        if word.endswith(STEM) and (not _is_stem(word) or word.endswith(STEM * 2)):
            raise GlossaryError(
                f"{written!r}: mark a stem with one * at the end of a word (Altın*)", where, line
            )


def for_project(
    root: Path, source_lang: str | None = "tr", digest: str | None = None
) -> Glossary | None:
    """The project's ``glossary.csv``, or None when there is none; read once per
    process while its bytes stay the same (render and status ask once per catalog;
    ``digest``: :func:`cache.file_digest` of it, when the caller has it already)."""
    path = root / FILE_NAME
    if path.is_file():
        return _load(path, source_lang, digest or cache.file_digest(path))
    if path.is_dir():
        raise GlossaryError("is a directory; the glossary must be a CSV file", FILE_NAME)
    if path.is_symlink():
        raise GlossaryError("is a broken symbolic link", FILE_NAME)
    return None


@lru_cache(maxsize=8)
def _load(path: Path, source_lang: str | None, digest: str | None) -> Glossary:
    """``path`` parsed (``digest``: of its bytes, so that a change is read again)."""
    return Glossary.load(path, source_lang, FILE_NAME)
