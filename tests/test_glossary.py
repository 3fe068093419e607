"""glossary.csv: strict loading with one-line errors (issue 6); whole-word matching, with
stems marked ``*`` for suffixes and case endings (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loctool.errors import GlossaryError
from loctool.glossary import (
    FILE_NAME,
    Glossary,
    contains,
    contains_verbatim,
    fold,
    for_project,
    parse,
)

HEADER = "term,kk,tg,ru,en,note,dnt\n"
ROWS = (
    "Kazakistan*,Қазақстан*,Қазоқистон*,Казахстан*,Kazakhstan,,\n"
    "Tacikistan,Тәжікстан,Тоҷикистон,Таджикистан,Tajikistan,,no\n"
    "Silk Way TV,,,,,TV channel,yes\n"
    "tarım bakanı,ауыл шаруашылығы министрі,вазири кишоварзӣ,"
    "министр сельского хозяйства|минсельхоз,minister* of agriculture,,\n"
    "işbirliği,ынтымақтастық,ҳамкорӣ,сотрудничество,cooperation,,\n"
)


def glossary(text: str = HEADER + ROWS) -> Glossary:
    return Glossary(parse(text), "tr")


def terms(text: str) -> list[str]:
    return [t.term for t in glossary().hits(text)]


# ------------------------------------------------------------------------------- loading


def test_load_reads_columns_alternatives_and_flags(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + ROWS).encode("utf-8"))  # a BOM is fine
    g = Glossary.load(path)
    assert len(g) == 5
    silk, minister = g.terms[2], g.terms[3]
    assert silk.term == "Silk Way TV" and silk.dnt and silk.note == "TV channel"
    assert silk.expected("kk") == ("Silk Way TV",)
    assert minister.term == "tarım bakanı" and not minister.dnt
    assert minister.expected("ru") == ("министр сельского хозяйства", "минсельхоз")
    assert minister.line == 5


def test_columns_in_any_order_and_extra_columns_are_ignored() -> None:
    text = "dnt,note,en,ru,tg,kk,term,owner\nyes,,,,,,eGov,desk\n"
    (term,) = parse(text)
    assert term.term == "eGov" and term.dnt


@pytest.mark.parametrize(
    ("data", "needle", "line"),
    [
        (b"term,kk,tg,ru,en\nx,,,,\n", "missing column(s) note, dnt", 1),
        (b"", "is empty", None),
        (
            (HEADER + "Kazak\xc4\xb1stan,,,,,,\n").encode() + b"T\xfdrk,,,,,,\n",
            "not valid UTF-8",
            3,
        ),
        ((HEADER + ",Қазақстан,,,,,\n").encode(), "empty term", 2),
        ((HEADER + "Kazakistan,,,,,,\nKAZAKİSTAN,,,,,,\n").encode(), "duplicate term", 3),
        ((HEADER + "eGov,,,,,,maybe\n").encode(), "dnt must be yes or no", 2),
        ((HEADER + "Silk Way TV,,,Шёлковый путь,,,yes\n").encode(), "different ru form", 2),
        ((HEADER + 'x,"unclosed,,,,,\n').encode(), "bad CSV", None),
    ],
)
def test_malformed_files_give_one_line_errors(
    tmp_path: Path, data: bytes, needle: str, line: int | None
) -> None:
    path = tmp_path / FILE_NAME
    path.write_bytes(data)
    with pytest.raises(GlossaryError) as info:
        Glossary.load(path, where=FILE_NAME)
    message = str(info.value)
    assert "\n" not in message
    assert needle in message
    assert message.startswith(FILE_NAME + (f":{line}:" if line else ""))


def test_blank_rows_are_skipped_and_project_glossary_is_optional(tmp_path: Path) -> None:
    assert for_project(tmp_path) is None
    (tmp_path / FILE_NAME).write_text(HEADER + "\n,,,,,,\n" + ROWS, encoding="utf-8")
    g = for_project(tmp_path)
    assert g is not None and len(g) == 5


# ------------------------------------------------------------------------------- matching


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Tacikistan tarafı, Kazakistan’ın dijital hükümet deneyimi", ["Kazakistan", "Tacikistan"]),
        ("KAZAKİSTAN'a gidiyoruz", ["Kazakistan"]),  # dotted capital İ, ASCII apostrophe
        ("Kazakistanlı uzmanlar", ["Kazakistan"]),  # Turkish suffix without apostrophe
        ("Aydarbek Saparov, Kazakistan tarım bakanı:", ["Kazakistan", "tarım bakanı"]),
        ("tarım\u00a0bakanı ile", ["tarım bakanı"]),  # NBSP between the words
        ("İŞBİRLİĞİ ve ışık", ["işbirliği"]),  # Turkish dotted/dotless I fold together
        ("Silk Way TV", ["Silk Way TV"]),
        ("Pakistan ve Özbekistan", []),  # no term inside another word
        ("Silk Way", []),  # every word of a term is needed
    ],
)
def test_hits_are_case_insensitive_and_suffix_tolerant(text: str, found: list[str]) -> None:
    assert sorted(terms(text)) == sorted(found)


@pytest.mark.parametrize(
    ("text", "form", "expected"),
    [
        ("Қазақстанның цифрлық үкіметі", "Қазақстан*", True),  # kk case ending: a stem
        ("Қазақстанның цифрлық үкіметі", "Қазақстан", False),  # a whole word by default
        ("Министр сельского хозяйства Казахстана", "министр сельского хозяйства", True),
        ("Министр сельского хозяйства Казахстана", "Казахстан", False),
        ("Министр сельского хозяйства Казахстана", "Казахстан*", True),  # ru genitive
        ("Тоҷикистонро дастгирӣ мекунад", "Тоҷикистон", False),  # tg object ending
        ("Тоҷикистонро дастгирӣ мекунад", "Тоҷикистон*", True),
        ("Kazakhstan's digital government", "Kazakhstan", True),  # after an apostrophe
        ("two ministers of agriculture", "minister of agriculture", False),
        ("two ministers of agriculture", "minister* of agriculture", True),  # a stem inside
        ("Казахстан", "Таджикистан*", False),
        ("Tajikistan side", "Kazakhstan", False),
    ],
)
def test_target_forms_match_whole_words_or_marked_stems(
    text: str, form: str, expected: bool
) -> None:
    assert contains(text, form) is expected


@pytest.mark.parametrize(
    ("term", "text", "found"),
    [
        ("Altın", "Altın fiyatları yükseldi.", True),
        ("Altın", "Masanın altında duruyor.", False),  # the example: not a word of it
        ("Altın", "Altın’ın fiyatı", True),  # a suffix after an apostrophe is fine
        ("Altın", "Altını sattı.", False),
        ("Altın*", "Altını sattı.", True),  # a stem takes Turkish suffixes…
        ("Altın*", "Altın'ın fiyatı", True),
        ("Altın*", "ALTINLAR", True),
        ("Altın*", "Paraaltın", False),  # … but still starts at a word boundary
        ("altın fiyat*", "altın fiyatları", True),  # a stem on any word of a term
        ("altın fiyat*", "altınfiyatları", False),
    ],
)
def test_source_terms_match_whole_words_or_marked_stems(term: str, text: str, found: bool) -> None:
    g = Glossary(parse(f"{HEADER}{term},Алтын*,,Золото,gold,,\n"), "tr")
    assert bool(g.hits(text)) is found


def test_a_stem_mark_is_kept_out_of_what_people_read() -> None:
    (term,) = parse(HEADER + "Altın*,Алтын*,Тилло*,Золото|золот*,gold,,\n")
    assert term.term == "Altın" and term.source_pattern == "Altın*"
    assert term.expected("ru") == ("Золото", "золот")
    assert term.expected_patterns("ru") == ("Золото", "золот*")
    assert Glossary([term]).hits("altınlar") == [term]
    (brand,) = parse(HEADER + "E*Trade,,,,,broker,yes\n")  # a * inside a word is a letter
    assert brand.term == "E*Trade" and brand.expected("kk") == ("E*Trade",)


@pytest.mark.parametrize("cell", ["Altın**", "*", "Altın ** fiyat"])
def test_a_bad_stem_mark_is_a_one_line_error(cell: str) -> None:
    with pytest.raises(GlossaryError) as info:
        parse(f"{HEADER}x,{cell},,,,,\n" if cell != "*" else f"{HEADER}{cell},,,,,,\n")
    assert "mark a stem with one * at the end of a word" in str(info.value)
    assert str(info.value).startswith(f"{FILE_NAME}:2: ")


def test_do_not_translate_needs_the_exact_spelling() -> None:
    assert contains_verbatim("Silk Way TV арнасы", "Silk Way TV")
    assert contains_verbatim("Silk Way TV-ның тілшісі", "Silk Way TV")
    assert contains_verbatim("Silk\u00a0Way TV", "Silk Way TV")
    assert not contains_verbatim("Silk way TV", "Silk Way TV")
    assert not contains_verbatim("Силк Уэй ТВ", "Silk Way TV")


def _fold_letter_by_letter(text: str) -> str:
    turkish = str.maketrans({"İ": "i", "I": "i", "ı": "i"})
    return "".join(ch if len(low := ch.lower()) != 1 else low for ch in text.translate(turkish))


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))))
def test_fold_lowers_letter_by_letter_and_keeps_the_length(text: str) -> None:
    """fold's whole-string fast path gives what lowering each letter gives: a letter that
    lowercases to two or Greek's final sigma (the one context rule of str.lower) cannot
    shift an offset or change a match."""
    assert fold(text) == _fold_letter_by_letter(text) and len(fold(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "folded"),
    [("ΟΔΟΣ", "οδοσ"), ("İŞBİRLİĞİ ışık", "işbirliği işik"), ("ǅ STRASSE", "ǆ strasse")],
)
def test_fold_of_special_letters(text: str, folded: str) -> None:
    assert fold(text) == folded == _fold_letter_by_letter(text)
