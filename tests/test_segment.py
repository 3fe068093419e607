"""Lossless segmentation (issue 2, acceptance 1 and 2)."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from loctool.model import normalize_ws
from loctool.segment import segment

from .conftest import SEED


def units_and_gaps(text: str, lang: str | None = "tr") -> tuple[list[str], list[str]]:
    spans = segment(text, lang)
    units, gaps, pos = [], [], 0
    for start, end in spans:
        assert pos <= start < end, "spans must be ordered, non-overlapping and non-empty"
        gaps.append(text[pos:start])
        units.append(text[start:end])
        pos = end
    gaps.append(text[pos:])
    return units, gaps


def rebuild(units: list[str], gaps: list[str]) -> str:
    out = [gaps[0]]
    for unit, gap in zip(units, gaps[1:], strict=True):
        out += [unit, gap]
    return "".join(out)


def seed_units() -> list[str]:
    return units_and_gaps(SEED.read_text(encoding="utf-8"))[0]


def test_seed_is_lossless_byte_for_byte() -> None:
    raw = SEED.read_bytes()
    units, gaps = units_and_gaps(raw.decode("utf-8"))
    assert rebuild(units, gaps).encode("utf-8") == raw


def test_seed_titles_are_two_identical_units() -> None:
    units = seed_units()
    assert units[0] == units[1] == "Kazakistan ve Tacikistan arasındaki işbirliği"


def test_the_581_character_paragraph_gives_five_units() -> None:
    text = SEED.read_text(encoding="utf-8")
    paragraph = next(line for line in text.split("\n") if len(line) == 581)
    units, _ = units_and_gaps(paragraph)
    assert len(units) == 5
    assert units[2] == (
        "Geçen yıl ülkeler arasındaki ticaret 1 milyar doları aşarken, "
        "2024’ün ilk yarısında 464 milyon doları buldu."
    )


def test_numbers_and_suffixes_stay_inside_units() -> None:
    units = seed_units()
    for needle in ("1.630 baş", "2024’ün", "464 milyon", "Duşanbe’deki"):
        holders = [u for u in units if needle in u]
        assert len(holders) == 1, needle
        assert not holders[0].startswith(needle)


def test_speaker_lines_are_units_and_dialog_dashes_are_gaps() -> None:
    units, gaps = units_and_gaps(SEED.read_text(encoding="utf-8"))
    speakers = [u for u in units if u.endswith(":")]
    assert speakers == [
        "Aydarbek Saparov, Kazakistan tarım bakanı:",
        "Aydos Jumagulov, Freedombankası yönetim kurulu üyesi:",
        "Güzel Maitdinova, jeopolitik araştırmalar merkezi müdürü:",
    ]
    assert not any(u.startswith("-") for u in units)
    assert sum(g.endswith("\n-") for g in gaps) == 3
    assert "Silk Way TV" in units
    assert all(u.strip() and u == u.strip() for u in units)


def test_nbsp_lines_are_gaps_and_nbsp_between_sentences_splits() -> None:
    units, gaps = units_and_gaps(SEED.read_text(encoding="utf-8"))
    assert not any(u.strip("\u00a0 \n") == "" for u in units)
    assert "Freedom Bank’ta bir Bilgi Teknolojisi merkezi oluşturuyoruz." in units
    assert any("\u00a0" in g for g in gaps)


def test_abbreviations_initials_ordinals_urls_and_emails() -> None:
    text = (
        "Prof. Dr. Ayşe Kaya, T.C. Dışişleri ile görüştü. "
        "A.Ş. bünyesinde vb. birçok şirket var. "
        "M. K. Atatürk 1. Dünya Savaşı sonrası konuştu. "
        "Ayrıntılar www.example.com.tr adresinde. "
        "Yazın: haber@example.kz adresine! Bitti mi? Evet… Tamam."
    )
    units, _ = units_and_gaps(text)
    assert units == [
        "Prof. Dr. Ayşe Kaya, T.C. Dışişleri ile görüştü.",
        "A.Ş. bünyesinde vb. birçok şirket var.",
        "M. K. Atatürk 1. Dünya Savaşı sonrası konuştu.",
        "Ayrıntılar www.example.com.tr adresinde.",
        "Yazın: haber@example.kz adresine!",
        "Bitti mi?",
        "Evet…",
        "Tamam.",
    ]


def test_decimals_and_thousands_do_not_split() -> None:
    units, _ = units_and_gaps("Enflasyon %2,5 oldu. Toplam 1.000.000 kişi. Sonra 3.5 puan.")
    assert units == ["Enflasyon %2,5 oldu.", "Toplam 1.000.000 kişi.", "Sonra 3.5 puan."]


def test_quotes_and_dashes_after_a_full_stop() -> None:
    units, gaps = units_and_gaps('Geldi. "Merhaba" dedi. – Nasılsın? «Iyi.» Sonra gitti.')
    assert units == ["Geldi.", '"Merhaba" dedi.', "Nasılsın?", "«Iyi.»", "Sonra gitti."]
    assert gaps[2] == " – "


def test_soft_wrapped_lines_join_and_hard_breaks_split() -> None:
    text = "Bu cümle iki satıra\nyayılıyor ve devam ediyor.\nKonuşmacı, unvan:\n-Cevap burada."
    units, _ = units_and_gaps(text)
    assert units == [
        "Bu cümle iki satıra\nyayılıyor ve devam ediyor.",
        "Konuşmacı, unvan:",
        "Cevap burada.",
    ]
    assert normalize_ws(units[0]) == "Bu cümle iki satıra yayılıyor ve devam ediyor."


def test_crlf_and_whitespace_only_lines() -> None:
    text = "Birinci paragraf.\r\n\u00a0\r\n\r\nİkinci paragraf.\r\n"
    units, gaps = units_and_gaps(text)
    assert units == ["Birinci paragraf.", "İkinci paragraf."]
    assert rebuild(units, gaps) == text


def test_english_rules_split_after_numbers() -> None:
    units, _ = units_and_gaps("Trade grew in 2024. The ministers met.", "en")
    assert units == ["Trade grew in 2024.", "The ministers met."]


_ALPHABET = list("abcçdefgğhıijklmnoöprsştuüvyzABCÇDEFGĞHIİJKLMNOÖPRSŞTUÜVYZ0123456789")
_PUNCT = [".", ",", "’", "\u00a0", " ", "-", "–", "—", "\n", "\n\n", ":", "!", "?", "…", '"', "«"]
_TOKENS = st.sampled_from(
    _ALPHABET + _PUNCT + ["1.630", "2,5", "Dr.", "A.Ş.", "1.", "2024’ün", "\u00a0\n", "\r\n"]
)


@settings(max_examples=400, deadline=None)
@example("-\u00a0-", "tr")  # two dialog dashes in a row: both belong to the gap
@given(st.lists(_TOKENS, max_size=80).map("".join), st.sampled_from(["tr", "en", "ru", None]))
def test_property_lossless_and_well_formed(text: str, lang: str | None) -> None:
    units, gaps = units_and_gaps(text, lang)
    assert rebuild(units, gaps) == text
    for unit in units:
        assert unit.strip(), "no unit is whitespace-only"
        assert unit == unit.strip(), "whitespace belongs to the gaps"
        if unit[0] in "-–—":
            assert unit[1:2].isdigit(), "a leading dash belongs to the gap (unless it is a minus)"
