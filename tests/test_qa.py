"""QA checks: each one passes and fails, per language where it differs (issue 6, acc. 1)."""

from __future__ import annotations

import pytest

from loctool import qa
from loctool.glossary import Glossary, parse
from loctool.model import Issue

from .test_glossary import HEADER, ROWS

GLOSSARY = Glossary(parse(HEADER + ROWS), "tr")

# Unit 10 of the seed and human translations of it: a good translation passes everything.
UNIT10 = (
    "Yılın ilk yarısında kota bazında 1.630 baş canlı büyükbaş hayvan tedarik ettik ve "
    "6 aylık 60 bin baş kotamız var, şimdi bunu 85 bin başa çıkarıyoruz ve 20 gün içinde "
    "kotalarımızı tamamen dijitalleştiriyoruz ve büyükbaş hayvanlar gönderiyoruz."
)
GOOD = {
    "en": "In the first half of the year we supplied 1,630 head of live cattle under the "
    "quota, and we have a 6-month quota of 60,000 head; now we are raising it to 85 thousand "
    "head, and within 20 days we are fully digitalizing our quotas and shipping cattle.",
    "ru": "В первом полугодии мы поставили по квоте 1 630 голов живого крупного рогатого "
    "скота, и у нас есть квота на 6 месяцев в 60 тыс. голов, сейчас мы увеличиваем её до "
    "85\u00a0000 голов и в течение 20 дней полностью оцифровываем квоты и отправляем скот.",
    "kk": "Жылдың бірінші жартысында квота негізінде 1\u202f630 бас тірі ірі қара мал "
    "жеткіздік, 6 айлық квотамыз 60 мың бас, қазір оны 85 мың басқа дейін көбейтіп жатырмыз "
    "және 20 күн ішінде квоталарымызды толық цифрландырып, мал жөнелтеміз.",
    "tg": "Дар нимаи аввали сол мо дар асоси квота 1 630 сар чорвои калони шохдор таҳвил "
    "додем ва квотаи 6-моҳаи мо 60 ҳазор сар аст, ҳоло онро то 85 ҳазор сар зиёд мекунем ва "
    "дар давоми 20 рӯз квотаҳои худро пурра рақамӣ карда, чорво мефиристем.",
}


def ids(msgid: str, msgstr: str, target: str, source: str = "tr", **kw: object) -> set[str]:
    return {i.check for i in qa.check_entry(msgid, msgstr, source, target, **kw)}  # type: ignore[arg-type]


def fires(
    check: str, msgid: str, msgstr: str, target: str, glossary: bool = False, notes: tuple = ()
) -> bool:
    return check in ids(msgid, msgstr, target, glossary=GLOSSARY if glossary else None, notes=notes)


# --------------------------------------------------------------------------- registry


def test_registry_has_every_check_with_a_level_and_description() -> None:
    assert list(qa.REGISTRY) == [
        "empty",
        "untranslated",
        "numbers",
        "markup",
        "brackets",
        "quotes",
        "punctuation",
        "whitespace",
        "length",
        "script",
        "letters",
        "profile",
        "dnt",
        "glossary",
        "subtitle",
    ]
    for check in qa.REGISTRY.values():
        assert check.level in (qa.ERROR, qa.WARNING)
        assert check.description and "\n" not in check.description
    errors = {c.id for c in qa.REGISTRY.values() if c.level == qa.ERROR}
    assert errors == {"empty", "numbers", "markup", "brackets", "script", "letters", "dnt"}


# One passing and one failing case per check; the per-language tests below go further.
# (msgid, passing msgstr, failing msgstr, target language)
CASES: dict[str, tuple[str, str, str, str]] = {
    "empty": ("Bir cümle.", "One sentence.", " ", "en"),
    "untranslated": ("İşbirliği önemli.", "Cooperation matters.", "İşbirliği önemli.", "en"),
    "numbers": ("Kota 1.630 baş.", "Квота 1 630 голов.", "Квота 1.630 голов.", "ru"),
    "markup": ("Bkz. `make`.", "See `make`.", "See `build`.", "en"),
    "brackets": ("Bir (iki) üç.", "One (two) three.", "One (two three.", "en"),
    "quotes": ("“Evet” dedi.", "«Да», сказал он.", "«Да, сказал он.", "ru"),
    "punctuation": ("Neden?", "Why?", "Why.", "en"),
    "whitespace": ("Bir cümle.", "One sentence.", "One sentence. ", "en"),
    "length": (UNIT10, GOOD["en"], "Cattle.", "en"),
    "script": ("Tarım bakanı:", "Министр сельского хозяйства:", "Minister of agriculture:", "ru"),
    "letters": ("Tarım bakanı:", "Ауыл шаруашылығы министрі:", "Вазири кишоварзӣ:", "kk"),
    "profile": (UNIT10, GOOD["kk"], GOOD["ru"], "kk"),
    "dnt": ("Silk Way TV bildiriyor.", "Silk Way TV хабарлайды.", "Силк Уэй ТВ хабарлайды.", "kk"),
    "glossary": ("Kazakistan’ın", "Қазақстанның", "Казахстанның", "kk"),
    "subtitle": ("Evet, geliyorum.", "Yes, I'm coming.", "Yes, I am on my way, wait for me!", "en"),
}
# Extracted comments a check reads (a subtitle cue's time on screen).
NOTES: dict[str, tuple[str, ...]] = {"subtitle": ("subtitle: on screen for 1.20 s",)}


@pytest.mark.parametrize("check_id", list(qa.REGISTRY))
def test_every_check_has_a_passing_and_a_failing_case(check_id: str) -> None:
    msgid, good, bad, lang = CASES[check_id]
    notes = NOTES.get(check_id, ())
    assert not fires(check_id, msgid, good, lang, glossary=True, notes=notes)
    assert fires(check_id, msgid, bad, lang, glossary=True, notes=notes)
    found = qa.check_entry(msgid, bad, "tr", lang, GLOSSARY, notes=notes)
    level = {i.check: i.level for i in found}
    assert level[check_id] == qa.REGISTRY[check_id].level


@pytest.mark.parametrize("lang", sorted(GOOD))
def test_a_good_translation_of_the_seed_passes_every_check(lang: str) -> None:
    assert qa.check_entry(UNIT10, GOOD[lang], "tr", lang, GLOSSARY) == []


def test_issues_carry_article_unit_language_and_one_line_message() -> None:
    (issue,) = qa.check_entry("Kota 1.630 baş.", "Quota 1.630 head.", "tr", "en", slug="a", unit=7)
    assert issue == Issue(
        check="numbers",
        level="error",
        message="numbers differ: missing 1,630 (source “1.630”); "
        "unexpected “1.630” (= 1.63 in English notation)",
        lang="en",
        slug="a",
        unit=7,
        msgid="Kota 1.630 baş.",
    )
    assert qa.note(issue).startswith("error: numbers: numbers differ")


def test_an_empty_translation_reports_only_empty_and_skip_works() -> None:
    assert ids("Kota 1.630 baş.", "", "en") == {"empty"}
    assert ids("Kota 1.630 baş.", "", "en", skip=["empty"]) == set()
    assert ids("Kota 1.630 baş.", "Quota 1.630 head", "en", skip=["numbers"]) == {"punctuation"}


# --------------------------------------------------------------------------- numbers

NUMBER_SOURCE = "Kota 1.630 baş, artış 2,5 kat."


@pytest.mark.parametrize(
    ("lang", "good", "bad"),
    [
        ("en", "Quota 1,630 head, up 2.5 times.", "Quota 1.630 head, up 2,5 times."),
        ("ru", "Квота 1 630 голов, рост в 2,5 раза.", "Квота 1.630 голов, рост в 2.5 раза."),
        ("ru", "Квота 1\u00a0630 голов, рост в 2,5 раза.", "Квота 1,630 голов, рост в 2,5 раза."),
        ("kk", "Квота 1\u202f630 бас, өсім 2,5 есе.", "Квота 1630 бас, өсім 25 есе."),
        ("tg", "Квота 1630 сар, афзоиш 2,5 баробар.", "Квота 1 603 сар, афзоиш 2,5 баробар."),
    ],
)
def test_numbers_are_read_with_each_languages_separators(lang: str, good: str, bad: str) -> None:
    assert not fires("numbers", NUMBER_SOURCE, good, lang)
    assert fires("numbers", NUMBER_SOURCE, bad, lang)


def test_numbers_scale_words_dates_and_a_turkish_target() -> None:
    src = "Neredeyse 1 milyar dolar, 60 bin baş; 12.03.2024 saat 10:30."
    assert not fires("numbers", src, "Nearly $1 billion, 60,000 head; 12.03.2024 at 10:30.", "en")
    assert not fires(
        "numbers", src, "Почти 1 млрд долларов, 60 тыс. голов; 12.03.2024 в 10:30.", "ru"
    )
    assert fires("numbers", src, "Nearly $1 million, 60 head; 12.03.2024 at 10:30.", "en")
    assert fires("numbers", src, "Nearly $1 billion, 60,000 head; 13.03.2024 at 10:30.", "en")
    # the other direction: an English source, a Turkish target
    assert not fires_from("en", "tr", "It costs 1,630.5 dollars.", "1.630,5 dolar tutuyor.")
    assert fires_from("en", "tr", "It costs 1,630.5 dollars.", "1,630.5 dolar tutuyor.")


def fires_from(source: str, target: str, msgid: str, msgstr: str) -> bool:
    return "numbers" in ids(msgid, msgstr, target, source=source)


# --------------------------------------------------------------------------- markup


def test_markup_urls_code_and_link_targets_are_kept() -> None:
    src = "Bkz. [site](https://silkway.tv/a) ve `loctool check`, info@silkway.tv."
    ru = "См. [сайт]({url}) и `{code}`{mail}."
    good = {"url": "https://silkway.tv/a", "code": "loctool check", "mail": ", info@silkway.tv"}
    assert not fires("markup", src, ru.format(**good), "ru")
    assert fires("markup", src, ru.format(**{**good, "url": "https://silkway.tv/b"}), "ru")
    assert fires("markup", src, ru.format(**{**good, "code": "loctool проверка"}), "ru")
    assert fires("markup", src, ru.format(**{**good, "mail": ""}), "ru")
    assert not fires("markup", "Düz metin.", "Plain text.", "en")


# --------------------------------------------------------------------------- brackets, quotes


def test_brackets() -> None:
    src = "Komite (veterinerlik) imza atacak [1]."
    assert not fires("brackets", src, "The committee (veterinary) will sign [1].", "en")
    assert fires("brackets", src, "The committee (veterinary will sign [1].", "en")
    assert fires("brackets", src, "The committee )veterinary( will sign [1].", "en")
    # a unit cut out of a longer parenthesis mirrors its source
    assert not fires("brackets", "Biri (ikisi ve", "One (two and", "en")


def test_quotes_may_change_style_but_not_balance() -> None:
    src = "Bakan “evet” dedi."
    assert not fires("quotes", src, "Министр сказал «да».", "ru")
    assert not fires("quotes", src, "Министр сказал „да“.", "ru")
    assert not fires("quotes", src, 'The minister said "yes".', "en")
    assert fires("quotes", src, "Министр сказал «да.", "ru")
    assert fires("quotes", src, 'The minister said "yes.', "en")
    assert not fires("quotes", "“Bir cümle.", "«Одно предложение.", "ru")


# ----------------------------------------------------------------- punctuation, whitespace


@pytest.mark.parametrize(
    ("src", "good", "bad"),
    [
        ("Kazakistan tarım bakanı:", "Министр сельского хозяйства Казахстана:", "Министр."),
        ("İşbirliği önemli.", "Cooperation matters.", "Cooperation matters"),
        ("Neden?", "Почему?", "Почему."),
        ("Ve sonra...", "И потом…", "И потом."),
        ("Kazakistan ve Tacikistan", "Kazakhstan and Tajikistan", "Kazakhstan and Tajikistan."),
        ("“Evet.”", "«Да.»", "«Да»"),
    ],
)
def test_final_punctuation(src: str, good: str, bad: str) -> None:
    target = "en" if good.isascii() else "ru"
    assert not fires("punctuation", src, good, target)
    assert fires("punctuation", src, bad, target)


def test_whitespace() -> None:
    assert not fires("whitespace", "Bir cümle.", "One sentence.", "en")
    assert fires("whitespace", "Bir cümle.", "One sentence. ", "en")
    assert fires("whitespace", "Bir cümle.", "\u00a0One sentence.", "en")
    assert fires("whitespace", "Bir cümle.", "One\n\nsentence.", "en")


# --------------------------------------------------------------------------- length


def test_length_ratio_outliers() -> None:
    src = "Her iki taraf da ticaret cirosunu artırmakla ilgileniyor."
    assert not fires("length", src, "Both sides are interested in increasing trade turnover.", "en")
    assert fires("length", src, "Both want trade.", "en")
    assert fires("length", src, "Both sides are interested in increasing trade. " * 4, "en")
    assert not fires("length", "Silk Way TV", "Silk Way TV телеарнасының хабары", "kk")  # short


# ------------------------------------------------------------------ script, letters, profile


@pytest.mark.parametrize(
    ("lang", "good", "bad"),
    [
        ("kk", "Қазақстан мен Тәжікстан арасындағы ынтымақтастық", "Kazakhstan and Tajikistan"),
        ("tg", "Ҳамкорӣ байни Қазоқистон ва Тоҷикистон", "Hamkori bayni Qazoqiston"),
        ("ru", "Сотрудничество между Казахстаном и Таджикистаном", "Sotrudnichestvo Kazakhstana"),
        ("en", "Cooperation between Kazakhstan and Tajikistan", "Сотрудничество между странами"),
    ],
)
def test_script(lang: str, good: str, bad: str) -> None:
    src = "Kazakistan ve Tacikistan arasındaki işbirliği"
    assert not fires("script", src, good, lang)
    assert fires("script", src, bad, lang)


def test_script_ignores_names_kept_from_the_source() -> None:
    src = "Freedom Bank’ta bir Bilgi Teknolojisi merkezi oluşturuyoruz."
    assert not fires(
        "script", src, "Во Freedom Bank мы создаём центр информационных технологий.", "ru"
    )
    assert not fires("script", "Silk Way TV", "Silk Way TV", "kk")
    assert fires("script", src, "Freedom Bank’ta bir Bilgi Teknolojisi merkezi.", "kk")


@pytest.mark.parametrize(
    ("lang", "good", "bad"),
    [
        ("kk", "Қазақстан мен Тәжікстан ынтымақтасады.", "Қазақстан ва Тоҷикистон ҳамкорӣ."),
        ("tg", "Қазоқистон ва Тоҷикистон ҳамкорӣ мекунанд.", "Қазақстан мен Тәжікстан."),
        ("ru", "Казахстан и Таджикистан сотрудничают.", "Қазақстан и Таджикистан сотрудничают."),
    ],
)
def test_letters_of_another_cyrillic_language(lang: str, good: str, bad: str) -> None:
    src = "Kazakistan ve Tacikistan işbirliği yapıyor."
    assert not fires("letters", src, good, lang)
    assert fires("letters", src, bad, lang)


RUSSIAN_SENTENCE = "Обе стороны заинтересованы в увеличении товарооборота между странами."


@pytest.mark.parametrize(
    ("lang", "good", "bad"),
    [
        (
            "kk",
            "Екі тарап та елдер арасындағы тауар айналымын арттыруға мүдделі.",
            RUSSIAN_SENTENCE,
        ),
        (
            "tg",
            "Ҳарду ҷониб ба афзоиши гардиши мол байни кишварҳо манфиатдоранд.",
            RUSSIAN_SENTENCE,
        ),
        ("tg", "Ҳарду ҷониб ба афзоиши гардиши мол манфиатдоранд.", "Ҳарду ҷониб ба цифровизация."),
    ],
)
def test_profile_of_kazakh_and_tajik(lang: str, good: str, bad: str) -> None:
    src = "Her iki taraf da ticaret cirosunu artırmakla ilgileniyor."
    assert not fires("profile", src, good, lang)
    assert fires("profile", src, bad, lang)


def test_profile_does_not_apply_to_russian_and_english() -> None:
    src = "Her iki taraf da ticaret cirosunu artırmakla ilgileniyor."
    assert not fires("profile", src, RUSSIAN_SENTENCE, "ru")
    assert not fires("profile", src, "Both sides want more trade between the two countries.", "en")


# --------------------------------------------------------------------------- untranslated, empty


def test_untranslated() -> None:
    src = "Her iki taraf da ticaret cirosunu artırmakla ilgileniyor."
    assert fires("untranslated", src, src, "en")
    assert fires("untranslated", src, src.replace(" ", "  "), "kk")
    assert not fires("untranslated", src, "Both sides want more trade.", "en")
    assert not fires("untranslated", "2024", "2024", "en")  # nothing to translate


def test_untranslated_spares_names_only_units_when_the_glossary_says_dnt() -> None:
    assert not fires("untranslated", "Silk Way TV", "Silk Way TV", "kk", glossary=True)
    assert fires("untranslated", "Silk Way TV", "Silk Way TV", "kk", glossary=False)
    assert fires("untranslated", "Silk Way TV haberi", "Silk Way TV haberi", "en", glossary=True)


@pytest.mark.parametrize("msgstr", ["", "   ", "\u00a0", "…", " - "])
def test_empty_fails(msgstr: str) -> None:
    assert fires("empty", "Bir cümle.", msgstr, "en")


def test_empty_passes() -> None:
    assert not fires("empty", "Bir cümle.", "One sentence.", "en")
    assert not fires("empty", "—", "—", "en")  # nothing to lose


# --------------------------------------------------------------------------- glossary, dnt


def test_do_not_translate_terms() -> None:
    src = "Silk Way TV muhabiri bildiriyor."
    assert not fires("dnt", src, "Silk Way TV-ның тілшісі хабарлайды.", "kk", glossary=True)
    assert fires("dnt", src, "Силк Уэй ТВ тілшісі хабарлайды.", "kk", glossary=True)
    assert fires("dnt", src, "Silk way TV correspondent reports.", "en", glossary=True)


@pytest.mark.parametrize(
    ("lang", "good", "bad"),
    [
        ("kk", "Қазақстанның цифрлық үкіметі", "Казахстанның цифрлық үкіметі"),
        ("tg", "Ҳукумати рақамии Қазоқистон", "Ҳукумати рақамии Қазақстан"),
        ("ru", "Цифровое правительство Казахстана", "Цифровое правительство Казакстана"),
        ("en", "Kazakhstan's digital government", "Kazakh digital government"),
    ],
)
def test_glossary_terms(lang: str, good: str, bad: str) -> None:
    src = "Kazakistan’ın dijital hükümeti"
    assert not fires("glossary", src, good, lang, glossary=True)
    assert fires("glossary", src, bad, lang, glossary=True)


def test_glossary_alternatives_and_terms_without_a_translation() -> None:
    src = "Kazakistan tarım bakanı"
    assert not fires("glossary", src, "Минсельхоз Казахстана", "ru", glossary=True)
    assert not fires("glossary", "Silk Way TV", "Silk Way TV", "ru", glossary=True)  # dnt only


def test_html_tags_are_not_prose_for_the_script_check() -> None:
    """Issue 14: tag names and attribute values of an HTML unit are not Latin prose."""
    msgid = '<a href="/tarim" class="menu-link" title="Tarım">Tarım</a> ve hayvancılık.'
    good = '<a href="/tarim" class="menu-link" title="Tarım">Сельское</a> хозяйство.'
    assert qa.check_entry(msgid, good, "tr", "ru") == []
    lost = good.replace("</a>", "")
    assert [i.message for i in qa.check_entry(msgid, lost, "tr", "ru")] == [
        "tags lost or changed: “</a>”"
    ]
