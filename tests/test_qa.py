"""QA checks: each one passes and fails, per language where it differs (issue 6, acc. 1)."""

from __future__ import annotations

import pytest

from loctool import qa
from loctool.glossary import Glossary, parse
from loctool.lexicon import Lexicon
from loctool.model import Issue

from .test_formats import RU_PLURALS
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
        "fragment",
        "numbers",
        "number-word",
        "markup",
        "unknown",
        "format",
        "newlines",
        "brackets",
        "quotes",
        "punctuation",
        "doubled",
        "whitespace",
        "length",
        "script",
        "lookalike",
        "letters",
        "spelling",
        "profile",
        "dnt",
        "glossary",
        "subtitle",
    ]
    for check in qa.REGISTRY.values():
        assert check.level in (qa.ERROR, qa.WARNING)
        assert check.description and "\n" not in check.description
    errors = {c.id for c in qa.REGISTRY.values() if c.level == qa.ERROR}
    assert errors == {
        "empty",
        "untranslated",
        "fragment",
        "numbers",
        "markup",
        "unknown",
        "format",
        "newlines",
        "brackets",
        "script",
        "lookalike",
        "letters",
        "dnt",
    }
    assert qa.fatal_ids() == {"format", "newlines"}  # what msgfmt --check rejects


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
    "fragment": (
        "Her iki taraf da ticaret cirosunu artırmakla ilgileniyor.",
        "Екі тарап та тауар айналымын арттыруға мүдделі.",
        "Екі тарап та ticaret cirosunu artırmakla мүдделі.",
        "kk",
    ),
    "number-word": ("6 aylık kota", "six-month quota", "a quota for months", "en"),
    "unknown": ("Bloomberg HT’ye göre", "По данным Bloomberg HT", "По данным ⁇ Bloomberg HT", "ru"),
    "format": ("%d dosya", "%d файл", "%s файл", "kk"),
    "newlines": ("Dosya:\n", "Файл:\n", "Файл:", "kk"),
    "doubled": ("Yatırım için.", "Для инвестиций.", "Для для инвестиций.", "ru"),
    "lookalike": ("Bir anlaşma", "Бір келісім", "Бiр келісім", "kk"),
    "spelling": ("Tabii ki.", "Әрине.", "Арине.", "kk"),
    "subtitle": ("Evet, geliyorum.", "Yes, I'm coming.", "Yes, I am on my way, wait for me!", "en"),
}
# Extracted comments a check reads (a subtitle cue's time on screen).
NOTES: dict[str, tuple[str, ...]] = {"subtitle": ("subtitle: on screen for 1.20 s",)}
FLAGS = {"format": ("c-format",)}  # the entry context a check needs
LEXICON = Lexicon("kk").learn_all(["Әрине, бұл дұрыс.", "Бір келісім."])


def pair(msgid: str, msgstr: str, lang: str, check_id: str = "") -> qa.Pair:
    return qa.Pair(
        msgid,
        msgstr,
        "tr",
        lang,
        GLOSSARY,
        notes=NOTES.get(check_id, ()),
        flags=FLAGS.get(check_id, ()),
        lexicon=LEXICON,
    )


@pytest.mark.parametrize("check_id", list(qa.REGISTRY))
def test_every_check_has_a_passing_and_a_failing_case(check_id: str) -> None:
    msgid, good, bad, lang = CASES[check_id]
    assert check_id not in {i.check for i in qa.check_pair(pair(msgid, good, lang, check_id))}
    found = {i.check: i.level for i in qa.check_pair(pair(msgid, bad, lang, check_id))}
    assert check_id in found
    assert found[check_id] == qa.REGISTRY[check_id].level


@pytest.mark.parametrize("lang", sorted(GOOD))
def test_a_good_translation_of_the_seed_passes_every_check(lang: str) -> None:
    assert qa.check_entry(UNIT10, GOOD[lang], "tr", lang, GLOSSARY) == []


def test_issues_carry_article_unit_language_and_one_line_message() -> None:
    (issue,) = qa.check_entry("Kota 1.630 baş.", "Quota 1.630 head.", "tr", "en", slug="a", unit=7)
    assert issue == Issue(
        check="numbers",
        level="error",
        message="numbers differ: missing 1630 (source “1.630”); "
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


def test_character_references_are_characters_not_numbers() -> None:
    """An HTML unit keeps ``&#8217;`` in its msgid; a translation that writes the
    apostrophe itself (or no apostrophe) has lost no number."""
    src = "Duşanbe&#8217;deki forumda 1.630 baş &amp; 25 ton."
    for lang, good in (
        ("en", "At the forum in Dushanbe 1,630 head &amp; 25 tonnes."),
        ("ru", "На форуме в Душанбе 1 630 голов и 25 тонн."),
        ("kk", "Душанбедегі форумда 1 630 бас және 25 тонна."),
    ):
        assert not fires("numbers", src, good, lang), lang
    assert fires("numbers", src, "At the forum in Dushanbe 1,630 head and 26 tonnes.", "en")
    # a number written as a reference in the translation is still read
    assert fires("numbers", "Forumda 25 ton.", "At the forum &#8217;25 &#8217;tonnes 8217.", "en")


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


def test_untranslated_spares_names_and_do_not_translate_terms() -> None:
    assert not fires("untranslated", "Silk Way TV", "Silk Way TV", "kk", glossary=True)
    assert not fires("untranslated", "Silk Way TV", "Silk Way TV", "kk", glossary=False)
    assert not fires("untranslated", "Bloomberg HT", "Bloomberg HT", "en")
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


def test_glossary_terms_are_whole_words_unless_marked_as_stems() -> None:
    """Issue 15: ``Altın`` (gold) is not in ``altında`` (under); a stem ``Altın*`` takes
    the suffixes, in the source and in the expected translation alike."""
    whole = Glossary(parse(HEADER + "Altın,Алтын,Тилло,Золото,gold,,\n"), "tr")
    stems = Glossary(parse(HEADER + "Altın*,Алтын*,Тилло*,Золот*,gold,,\n"), "tr")

    def warns(g: Glossary, msgid: str, msgstr: str, lang: str) -> list[str]:
        issues = qa.check_entry(msgid, msgstr, "tr", lang, g)
        return [i.message for i in issues if i.check == "glossary"]

    assert warns(whole, "Kitap masanın altında.", "Кітап үстелдің астында.", "kk") == []
    assert warns(whole, "Altını sattı.", "Ол тауарды сатты.", "kk") == []  # no hit: no rule
    assert warns(stems, "Altını sattı.", "Ол тауарды сатты.", "kk") == [
        "“Altın” should be “Алтын”"
    ]
    assert warns(stems, "Altını sattı.", "Ол алтынды сатты.", "kk") == []
    assert warns(whole, "Altın’ın fiyatı", "Алтынның бағасы", "kk") == ["“Altın” should be “Алтын”"]
    assert warns(stems, "Altın’ın fiyatı", "Цена золота", "ru") == []
    assert warns(stems, "Altın’ın fiyatı", "Тиллоро фурӯхт", "tg") == []


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


# ------------------------------------------------------------------ issue 11: new checks

COOPERATION = "Her iki taraf da ticaret cirosunu artırmakla ilgileniyor."
FRAGMENT_CASES = {
    "kk": (
        "Екі тарап та тауар айналымын арттыруға мүдделі.",
        "Екі тарап та ticaret cirosunu artırmakla мүдделі.",
    ),
    "tg": (
        "Ҳарду ҷониб ба афзоиши гардиши мол манфиатдоранд.",
        "Ҳарду ҷониб ба ticaret cirosunu artırmakla манфиатдоранд.",
    ),
    "ru": (
        "Обе стороны заинтересованы в увеличении товарооборота.",
        "Обе стороны заинтересованы в ticaret cirosunu artırmakla.",
    ),
    "en": (
        "Both sides are interested in increasing trade turnover.",
        "Both sides are interested in ticaret cirosunu artırmakla.",
    ),
}


@pytest.mark.parametrize("lang", sorted(FRAGMENT_CASES))
def test_source_fragments_of_three_words_left_in_the_translation(lang: str) -> None:
    good, bad = FRAGMENT_CASES[lang]
    assert not fires("fragment", COOPERATION, good, lang)
    (issue,) = [i for i in qa.check_entry(COOPERATION, bad, "tr", lang) if i.check == "fragment"]
    assert issue.message == "Turkish text left untranslated: “ticaret cirosunu artırmakla”"
    two = bad.replace("ticaret ", "")  # two words are not a fragment yet
    assert not fires("fragment", COOPERATION, two, lang)


def test_fragments_spare_names_dnt_terms_and_whole_copies() -> None:
    src = "Kazakistan Merkez Bankası ve Silk Way TV bugün açıkladı."
    assert not fires("fragment", src, "Kazakistan Merkez Bankası и Silk Way TV сообщили.", "ru")
    assert not fires("fragment", COOPERATION, COOPERATION, "en")  # that is "untranslated"
    src = "Bakan “iş birliği yapmaya hazırız” dedi."
    assert fires("fragment", src, "Министр сказал: «iş birliği yapmaya hazırız».", "ru")


@pytest.mark.parametrize(
    ("lang", "good", "bad"),
    [
        ("kk", "Bloomberg HT деректері бойынша", "⁇ Bloomberg HT ⁇ деректері бойынша"),
        ("tg", "Тибқи маълумоти Bloomberg HT", "Тибқи маълумоти <unk> HT"),
        ("ru", "По данным Bloomberg HT", "По данным ⁇loomberg HT"),
        ("en", "According to Bloomberg HT", "According to <unk> HT"),
    ],
)
def test_unknown_token_markers(lang: str, good: str, bad: str) -> None:
    src = "Bloomberg HT’ye göre"
    assert not fires("unknown", src, good, lang)
    assert fires("unknown", src, bad, lang)
    assert not fires("unknown", "⁇ işareti", "⁇ белгісі", "kk")  # the source has it


@pytest.mark.parametrize(
    ("lang", "good", "bad"),
    [
        ("ru", "Соглашения для инвестиций.", "Соглашения для для инвестиций."),
        ("kk", "Инвестиция және сауда.", "Инвестиция және және сауда."),
        ("tg", "Сармоягузорӣ ва савдо.", "Сармоягузорӣ ва ва савдо."),
        ("en", "Trade and cooperation.", "Trade and cooperation.."),
        ("en", "He had had enough of the talks.", "The the talks went on."),
    ],
)
def test_doubled_words_and_final_punctuation(lang: str, good: str, bad: str) -> None:
    src = "Yatırım ve ticaret için anlaşmalar."
    assert not fires("doubled", src, good, lang)
    assert fires("doubled", src, bad, lang)


def test_doubled_spares_ellipses_and_what_the_source_doubles() -> None:
    assert not fires("doubled", "Ve sonra...", "And then...", "en")
    assert not fires("doubled", "Ne?!", "Что?!", "ru")
    assert not fires("doubled", "Bora Bora adası", "Остров Бора Бора", "ru")
    assert fires("doubled", "Evet!", "Да!!", "ru")


@pytest.mark.parametrize(
    ("lang", "good", "bad", "odd"),
    [
        ("kk", "Бір келісімге қол қойылды.", "Бiр келісімге қол қойылды.", "i"),
        ("ru", "Казахстан подписал соглашение.", "Кaзахстан подписал соглашение.", "a"),
        ("tg", "Тоҷикистон созишнома имзо кард.", "Тоҷикистoн созишнома имзо кард.", "o"),
        ("en", "Kazakhstan signed an agreement.", "Kazаkhstan signed an agreement.", "а"),
    ],
)
def test_lookalike_letters_inside_words(lang: str, good: str, bad: str, odd: str) -> None:
    src = "Kazakistan bir anlaşma imzaladı."
    assert not fires("lookalike", src, good, lang)
    (issue,) = [i for i in qa.check_entry(src, bad, "tr", lang) if i.check == "lookalike"]
    assert f"mixes alphabets: {odd} is not" in issue.message


def test_lookalike_spares_words_of_two_alphabets_side_by_side() -> None:
    src = "iPhone’un yeni modeli"
    assert not fires("lookalike", src, "iPhone-ның жаңа моделі", "kk")
    assert not fires("lookalike", src, "Новая модель iPhone", "ru")


def spelling(lang: str, reviewed: list[str], text: str) -> list[str]:
    lexicon = Lexicon(lang).learn_all(reviewed)
    p = qa.Pair("x", text, "tr", lang, lexicon=lexicon)
    return [i.message for i in qa.check_pair(p) if i.check == "spelling"]


@pytest.mark.parametrize(
    ("lang", "known", "good", "bad", "message"),
    [
        ("kk", "Әрине, бұл дұрыс.", "Әрине, келісім бар.", "Арине, келісім бар.", "“Арине”: "),
        (
            "tg",
            "Ин стратегӣ барои ҳамкорӣ аст.",
            "Ин стратегӣ муҳим аст.",
            "Ин стратеги муҳим аст.",
            "“стратеги”: the project writes “стратегӣ”",
        ),
    ],
)
def test_kazakh_and_tajik_words_with_russian_letters(
    lang: str, known: str, good: str, bad: str, message: str
) -> None:
    assert spelling(lang, [known], good) == []
    (found,) = spelling(lang, [known], bad)
    assert found.startswith(message)


def test_spelling_stays_quiet_without_evidence_and_for_russian_and_english() -> None:
    # a Russian loanword with no Kazakh-lettered twin in the project: nothing to say
    assert spelling("kk", ["Әрине, бұл дұрыс."], "Стратегия бекітілді.") == []
    # a misspelling the project uses elsewhere is the project's spelling, not a slip
    assert spelling("kk", ["Әрине.", "Арине."], "Арине.") == []
    p = qa.Pair("x", "Арине", "tr", "ru", lexicon=Lexicon("kk").learn_all(["Әрине"]))
    assert not [i for i in qa.check_pair(p) if i.check == "spelling"]
    assert not fires("spelling", "Tabii ki.", "Of course.", "en")


def test_spelling_does_not_take_a_unit_as_its_own_witness() -> None:
    lexicon = Lexicon("kk").learn_all(["Арине, бұл дұрыс.", "Әрине."])
    p = qa.Pair("x", "Арине, бұл дұрыс.", "tr", "kk", lexicon=lexicon, learned=True)
    assert [i.check for i in qa.check_pair(p) if i.check == "spelling"] == ["spelling"]


@pytest.mark.parametrize(
    ("lang", "spelled"),
    [
        ("en", "We have a six-month quota of sixty thousand head."),
        ("ru", "У нас полугодовая квота в шестьдесят тысяч голов."),
        ("kk", "Бізде алты айлық квота бар, алпыс мың бас."),
        ("tg", "Мо квотаи шашмоҳа дорем, шаст ҳазор сар."),
    ],
)
def test_numbers_written_as_words_are_no_error(lang: str, spelled: str) -> None:
    src = "6 aylık 60 bin baş kotamız var."
    assert not {"numbers", "number-word"} & ids(src, spelled, lang)


@pytest.mark.parametrize(
    ("lang", "dropped", "changed"),
    [
        ("en", "We have a quota for months.", "We have a 7-month quota."),
        ("ru", "У нас квота на месяцы.", "У нас квота на 7 месяцев."),
        ("kk", "Бізде айлық квота бар.", "Бізде 7 айлық квота бар."),
        ("tg", "Мо квотаи моҳона дорем.", "Мо квотаи 7-моҳа дорем."),
    ],
)
def test_a_small_number_lost_is_a_warning_a_changed_one_an_error(
    lang: str, dropped: str, changed: str
) -> None:
    src = "6 aylık kotamız var."
    assert {"number-word"} <= ids(src, dropped, lang) and "numbers" not in ids(src, dropped, lang)
    assert "numbers" in ids(src, changed, lang)
    assert "numbers" in ids("1.630 baş.", dropped, lang)  # a large number lost: an error


def test_scale_words_alone_and_messages_without_separators_in_years() -> None:
    assert not fires("numbers", "Neredeyse 1 milyar dolar.", "Almost a billion dollars.", "en")
    assert not fires("numbers", "Neredeyse 1 milyar dolar.", "Почти миллиард долларов.", "ru")
    (issue,) = qa.check_entry("2021 yılında 60 bin baş.", "В году 60 тыс. голов.", "tr", "ru")
    assert issue.message == "numbers differ: missing 2021"
    (issue,) = qa.check_entry("2021’de 60 bin baş.", "In 2021, head.", "tr", "en")
    assert issue.message == "numbers differ: missing 60,000 (source “60 bin”)"


@pytest.mark.parametrize(
    ("src", "good", "bad", "what"),
    [
        (
            "[Bloomberg HT](https://www.bloomberght.com/a) haberine göre",
            "По сообщению [Bloomberg HT](https://www.bloomberght.com/a)",
            "По сообщению ⁇ Bloomberg HT ⁇ (https://www.bloomberght.com/a)",
            "1 link in the source, 0 here",
        ),
        ("**Önemli:** anlaşma", "**Important:** the agreement", "Important: the agreement", "**"),
        ("`loctool check` çalıştırın", "Run `loctool check`", "Run `loctool` `check`", "code span"),
        (
            "Bkz. [rapor][1] ve *özet*",
            "See the [report][1] and the *summary*",
            "See the report and the summary",
            "reference link",
        ),
    ],
)
def test_markdown_inline_structure_is_kept(src: str, good: str, bad: str, what: str) -> None:
    assert not fires("markup", src, good, "en")
    found = [i for i in qa.check_entry(src, bad, "tr", "en") if i.check == "markup"]
    assert any(what in i.message for i in found) and found[0].level == "error"


def test_markdown_structure_ignores_plain_asterisks_and_snake_case() -> None:
    assert qa.markdown_structure("2 * 3 = 6 and my_var_name") == {}
    assert qa.markdown_structure("**a** _b_ `c` [d](e) ![f](g)") == {
        "emphasis **": 2,
        "emphasis _": 2,
        "code span": 1,
        "link": 1,
        "image": 1,
    }


def test_format_and_newlines_need_the_entry_context_and_are_fatal() -> None:
    plain = qa.Pair("%d dosya\n", "%s файл", "tr", "kk")  # no flags: only the line end
    assert [i.check for i in qa.check_pair(plain) if i.level == "error"] == ["newlines"]
    flagged = qa.Pair("%d dosya\n", "%s файл", "tr", "kk", flags=("c-format",))
    found = [i for i in qa.check_pair(flagged) if qa.REGISTRY[i.check].fatal]
    assert [i.check for i in found] == ["format", "newlines"]
    plural = qa.Pair(
        "%d dosya",
        "%d файл",
        "tr",
        "ru",
        flags=("c-format",),
        msgid_plural="%d dosya",
        forms=("%d файл", "", "%d файлов"),
        plural_forms=RU_PLURALS,
    )
    assert {i.check for i in qa.check_pair(plural)} >= {"empty", "format"}


def test_fast_script_counts_agree_with_detect() -> None:
    import random

    from loctool.detect import script_counts

    letters = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіӣӯҳҷABCabcxyzçğıöşüİÇĞÖŞÜ"
    chars = letters + " ,.-0123456789²½αβ中文ʼ"
    rng = random.Random(1)
    for _ in range(5000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 30)))
        assert qa.fast_script_counts(text) == +script_counts(text), text
