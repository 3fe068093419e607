"""The project glossary, ``glossary.csv``: preferred translations and do-not-translate terms.

Columns (a header row is required, in any order; extra columns are ignored)::

    term, kk, tg, ru, en, note, dnt

``term`` is written in the source language.  A translation cell may list alternatives
separated by ``|``.  ``dnt`` (yes/no, true/false, 1/0, x or empty) marks a name that
stays as written in every language, e.g. ``Silk Way TV``; such a row must not also give
a different translation.

Matching is case-insensitive (dotted and dotless I are one letter) and tolerant of
suffixes: a term starts at a word boundary and may be followed by an apostrophe and a
suffix (``Kazakistan’ın``), by suffix letters in agglutinative languages (Turkish,
Kazakh, Tajik) and by a short inflectional ending in Russian and English; long words of
a target translation may also drop their last letter (two in Russian) to match an
inflected form (``хозяйство`` ~ ``хозяйства``).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from .errors import LoctoolError
from .project import GLOSSARY_NAME

FILE_NAME = GLOSSARY_NAME
LANG_COLUMNS = ("kk", "tg", "ru", "en")
COLUMNS = ("term", *LANG_COLUMNS, "note", "dnt")
_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"no", "n", "false", "0", ""}

AGGLUTINATIVE = frozenset({"tr", "kk", "tg", "az", "uz", "ky", "tk", "tt", "ba"})
_APOSTROPHES = "'’ʼ‘`"
# Dotted and dotless i fold to one letter so that Turkish case pairs always match.
_FOLD = str.maketrans({"İ": "i", "I": "i", "ı": "i"})


class GlossaryError(LoctoolError):
    """``glossary.csv`` is malformed."""


def fold(text: str) -> str:
    """Case-fold for matching; keeps the length, so offsets stay valid."""
    return "".join(ch if len(low := ch.lower()) != 1 else low for ch in text.translate(_FOLD))


def _word_pattern(word: str, lang: str | None, stem: bool) -> str:
    """One word of a term: the word (or its stem) and the ending the language allows."""
    cut = (2 if lang == "ru" else 1) if stem and len(word) >= 5 and word.isalpha() else 0
    base = re.escape(word[: len(word) - cut])
    if lang in AGGLUTINATIVE:
        tail = r"\w*"
    elif lang == "en":
        tail = rf"\w{{0,{cut}}}(?:s|es)?"
    else:
        tail = rf"\w{{0,{cut + (3 if lang == 'ru' else 2)}}}"
    return rf"{base}{tail}(?:[{_APOSTROPHES}]\w+)?"


@lru_cache(maxsize=4096)
def term_regex(term: str, lang: str | None, stem: bool = False) -> re.Pattern[str]:
    """A regex finding ``term`` (folded) in folded text, words separated by any space."""
    words = fold(term).split()
    body = r"[\s\u00a0\u202f-]+".join(_word_pattern(w, lang, stem) for w in words)
    return re.compile(rf"(?<!\w){body}(?!\w)")


@dataclass(frozen=True)
class Term:
    term: str  # the source-language form
    translations: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lang → forms
    note: str = ""
    dnt: bool = False
    line: int = 0  # line in glossary.csv

    def expected(self, lang: str) -> tuple[str, ...]:
        """Acceptable target forms in ``lang``: the term itself for do-not-translate."""
        if self.dnt:
            return (self.term,)
        return self.translations.get(lang, ())


@dataclass(frozen=True)
class _Compiled:
    term: Term
    key: str  # folded first word, a cheap pre-filter
    regex: re.Pattern[str]


class Glossary:
    def __init__(self, terms: list[Term], source_lang: str | None = "tr") -> None:
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
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise GlossaryError("not valid UTF-8; save it as UTF-8", where, line) from None
        return cls(parse(text, where), source_lang)

    @cached_property
    def _compiled(self) -> tuple[_Compiled, ...]:
        return tuple(
            _Compiled(t, fold(t.term).split()[0][:4], term_regex(t.term, self.source_lang))
            for t in self.terms
        )

    def hits(self, source_text: str) -> list[Term]:
        """Terms occurring in ``source_text`` (a source-language unit), in glossary order."""
        folded = fold(source_text)
        return [c.term for c in self._compiled if c.key in folded and c.regex.search(folded)]

    def lookup(self, term: str) -> Term | None:
        key = fold(" ".join(term.split()))
        return next((t for t in self.terms if fold(t.term) == key), None)


def contains(text: str, form: str, lang: str | None) -> bool:
    """Whether ``text`` (a translation in ``lang``) contains ``form``, suffix-tolerant."""
    return term_regex(form, lang, stem=True).search(fold(text)) is not None


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

    term = cell("term")
    if not term:
        raise GlossaryError("empty term", where, line)
    key = fold(term)
    if key in seen:
        raise GlossaryError(f"duplicate term {term!r} (first on line {seen[key]})", where, line)
    seen[key] = line
    flag = cell("dnt").lower()
    if flag not in _TRUE | _FALSE:
        raise GlossaryError(f"dnt must be yes or no, not {cell('dnt')!r}", where, line)
    dnt = flag in _TRUE
    translations: dict[str, tuple[str, ...]] = {}
    for lang in LANG_COLUMNS:
        forms = tuple(f.strip() for f in cell(lang).split("|") if f.strip())
        if forms:
            translations[lang] = forms
        if dnt and any(f != term for f in forms):
            raise GlossaryError(
                f"do-not-translate term {term!r} has a different {lang} form; "
                "clear it or set dnt to no",
                where,
                line,
            )
    return Term(term, translations, cell("note"), dnt, line)


def for_project(root: Path, source_lang: str | None = "tr") -> Glossary | None:
    """The project's ``glossary.csv``, or None when there is none."""
    path = root / FILE_NAME
    if path.is_file():
        return Glossary.load(path, source_lang, FILE_NAME)
    if path.is_dir():
        raise GlossaryError("is a directory; the glossary must be a CSV file", FILE_NAME)
    if path.is_symlink():
        raise GlossaryError("is a broken symbolic link", FILE_NAME)
    return None
