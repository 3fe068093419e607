"""Numbers in running text, read with the separators of the text's language.

========  ==========  ==========  ==================================
language  thousands   decimal     examples
========  ==========  ==========  ==================================
tr        ``.``       ``,``       ``1.630``  ``2,5``  ``1.000.000``
en        ``,``       ``.``       ``1,630``  ``2.5``
ru kk tg  space¹      ``,``       ``1 630``  ``2,5``
========  ==========  ==========  ==================================

¹ a space, a no-break space (U+00A0), a narrow no-break space (U+202F) or a thin space.
Other languages take their separators from CLDR (Babel).

So ``1.630`` is one thousand six hundred and thirty in Turkish but 1.63 in English, and two
numbers (1 and 630) in Russian.  A scale word after a number multiplies it (``60 bin`` =
``60 thousand`` = ``60 тыс.`` = 60000), so spelled-out magnitudes compare equal to digits.
Dates and clock times (``12.03.2024``, ``10:30``) are kept as literal strings.

Small numbers are often written as words (``6 aylık`` → ``six months``, ``алты айлық``):
:func:`spelled` says whether a text has a word for a value — 0‥20, the tens, a hundred,
ordinals to the tenth, and a scale word alone for one thousand/million/billion (``a
billion``, ``млрд``) — in tr, en, ru, kk or tg.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

SPACES = " \u00a0\u202f\u2009"
_SEPARATORS = {
    "tr": (".", ","),
    "en": (",", "."),
    "ru": (SPACES, ","),
    "kk": (SPACES, ","),
    "tg": (SPACES, ","),
}
_SCALES = (
    (Decimal(1000), r"thousand|тыс|мың|ҳазор|bin(?![a-zçğıöşü])"),
    (Decimal(10) ** 6, r"million|milyon|mln|млн|миллион"),
    (Decimal(10) ** 9, r"billion|milyar|bn\b|млрд|миллиард"),
    (Decimal(10) ** 12, r"trillion|trilyon|трлн|триллион"),
)
_SCALE = re.compile(
    rf"[{SPACES}]*(?:" + "|".join(f"({pattern})" for _, pattern in _SCALES) + ")",
    re.IGNORECASE,
)
_DATE_HINT = re.compile(r"\d[./:]\d")
# Patterns start with a digit (the look-behind comes after it) so the regex engine can
# skip quickly to the digits of a text.
_LITERAL = re.compile(r"\d(?<![\d.:/]\d)(?:\d?[./]\d{1,2}[./]\d{2,4}|\d?:\d{2})(?![\d.:/]\d)")


@dataclass(frozen=True)
class Number:
    token: str  # as written, with its scale word if any: "1.630", "60 bin"
    value: Decimal | str  # a str for literal dates and times


@lru_cache(maxsize=32)
def separators(lang: str) -> tuple[str, str]:
    """(thousands separators, decimal separator) of a language."""
    if lang in _SEPARATORS:
        return _SEPARATORS[lang]
    try:
        from babel.numbers import get_decimal_symbol, get_group_symbol

        group, decimal = get_group_symbol(lang), get_decimal_symbol(lang)
    except Exception:  # unknown to CLDR: English conventions
        return _SEPARATORS["en"]
    return (SPACES if group.isspace() else group), decimal


@lru_cache(maxsize=32)
def _number_regex(lang: str) -> re.Pattern[str]:
    group, decimal = separators(lang)
    g = f"[{re.escape(group)}]"
    d = re.escape(decimal)
    return re.compile(rf"\d(?<!\d\d)(?:\d{{0,2}}(?:{g}\d{{3}})+(?:{d}\d+)?|\d*(?:{d}\d+)?)(?!\d)")


def read(text: str, lang: str) -> list[Number]:
    """Every number in ``text`` as ``lang`` writes numbers, in order."""
    found: list[tuple[int, Number]] = []
    masked = text
    if _DATE_HINT.search(text):  # dates and times: a digit, [./:] and a digit
        for m in _LITERAL.finditer(text):
            found.append((m.start(), Number(m.group(0), m.group(0))))
            masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end() :]
    group, decimal = separators(lang)
    for m in _number_regex(lang).finditer(masked):
        raw = m.group(0)
        digits = raw if raw.isdigit() else "".join(ch for ch in raw if ch not in group)
        value = Decimal(digits.replace(decimal, "."))
        token = raw
        after = masked[m.end() : m.end() + 2].lstrip(SPACES)[:1]  # a scale word follows?
        scale = _SCALE.match(masked, m.end()) if after.isalpha() or not after else None
        if scale is not None:
            index = next(i for i, g in enumerate(scale.groups()) if g is not None)
            value *= _SCALES[index][0]
            token = masked[m.start() : scale.end()]
        found.append((m.start(), Number(token, value.normalize())))
    return [n for _, n in sorted(found, key=lambda pair: pair[0])]


def format_value(value: Decimal | str, lang: str) -> str:
    """``value`` written the way ``lang`` writes numbers (plain spaces for readability)."""
    if isinstance(value, str):
        return value
    group, decimal = separators(lang)
    sep = " " if group == SPACES else group
    sign, rest = ("-", -value) if value < 0 else ("", value)
    whole, _, frac = f"{rest:f}".partition(".")
    parts: list[str] = []
    while len(whole) > 3 and len(whole) + 3 * len(parts) > 4:  # 2021, not 2,021
        whole, tail = whole[:-3], whole[-3:]
        parts.insert(0, tail)
    grouped = sep.join([whole, *parts]) if parts else whole
    return sign + grouped + (decimal + frac if frac else "")


# --------------------------------------------------------------------------- words

# value -> words (a word of 4+ letters also matches as the start of a longer word, for
# inflected forms: шести, алтыншы, шашмоҳа).
_NUMBER_WORDS: dict[str, dict[int, tuple[str, ...]]] = {
    "en": {
        0: ("zero", "nil"),
        1: ("one", "single", "once", "first"),
        2: ("two", "twice", "both", "pair", "couple", "second", "double"),
        3: ("three", "third", "triple"),
        4: ("four", "fourth", "quarter"),
        5: ("five", "fifth"),
        6: ("six", "sixth"),
        7: ("seven", "seventh"),
        8: ("eight", "eighth"),
        9: ("nine", "ninth"),
        10: ("ten", "tenth", "decade"),
        11: ("eleven",),
        12: ("twelve", "dozen"),
        13: ("thirteen",),
        14: ("fourteen",),
        15: ("fifteen",),
        16: ("sixteen",),
        17: ("seventeen",),
        18: ("eighteen",),
        19: ("nineteen",),
        20: ("twenty",),
        30: ("thirty",),
        40: ("forty",),
        50: ("fifty",),
        60: ("sixty",),
        70: ("seventy",),
        80: ("eighty",),
        90: ("ninety",),
        100: ("hundred", "century"),
    },
    "tr": {
        0: ("sıfır",),
        1: ("bir", "birinci", "ilk", "tek"),
        2: ("iki", "ikinci", "çift"),
        3: ("üç", "üçüncü"),
        4: ("dört", "dördüncü", "çeyrek"),
        5: ("beş", "beşinci"),
        6: ("altı", "altıncı"),
        7: ("yedi", "yedinci"),
        8: ("sekiz", "sekizinci"),
        9: ("dokuz", "dokuzuncu"),
        10: ("on", "onuncu"),
        20: ("yirmi",),
        30: ("otuz",),
        40: ("kırk",),
        50: ("elli",),
        60: ("altmış",),
        70: ("yetmiş",),
        80: ("seksen",),
        90: ("doksan",),
        100: ("yüz",),
    },
    "ru": {
        0: ("ноль", "нуль", "нулев"),
        1: ("один", "одна", "одно", "одного", "одной", "одном", "одним", "перв", "единствен"),
        2: ("два", "две", "двух", "двум", "двумя", "втор", "оба", "обе", "пара", "двое"),
        3: ("три", "трёх", "трех", "трём", "трем", "тремя", "трет", "трое"),
        4: ("четыр", "четвер", "четверть"),
        5: ("пять", "пяти", "пятью", "пятый", "пятого", "пятая"),
        6: ("шесть", "шести", "шестой", "шестого", "шестая", "полгода", "полугод"),
        7: ("семь", "семи", "седьм"),
        8: ("восемь", "восьм"),
        9: ("девять", "девят"),
        10: ("десять", "десят"),
        11: ("одиннадцат",),
        12: ("двенадцат",),
        13: ("тринадцат",),
        14: ("четырнадцат",),
        15: ("пятнадцат",),
        16: ("шестнадцат",),
        17: ("семнадцат",),
        18: ("восемнадцат",),
        19: ("девятнадцат",),
        20: ("двадцат",),
        30: ("тридцат",),
        40: ("сорок",),
        50: ("пятьдесят", "пятидесят"),
        60: ("шестьдесят", "шестидесят"),
        70: ("семьдесят", "семидесят"),
        80: ("восемьдесят", "восьмидесят"),
        90: ("девяносто",),
        100: ("сто", "сотн", "ста"),
    },
    "kk": {
        0: ("нөл",),
        1: ("бір", "бірінші", "біреу"),
        2: ("екі", "екінші", "екеу"),
        3: ("үш", "үшінші", "үшеу"),
        4: ("төрт", "төртінші"),
        5: ("бес", "бесінші", "бесеу"),
        6: ("алты", "алтыншы", "жарты жыл"),
        7: ("жеті", "жетінші"),
        8: ("сегіз", "сегізінші"),
        9: ("тоғыз", "тоғызыншы"),
        10: ("он", "оныншы"),
        20: ("жиырма",),
        30: ("отыз",),
        40: ("қырық",),
        50: ("елу",),
        60: ("алпыс",),
        70: ("жетпіс",),
        80: ("сексен",),
        90: ("тоқсан",),
        100: ("жүз",),
    },
    "tg": {
        0: ("сифр",),
        1: ("як", "якум", "якто", "нахуст"),
        2: ("ду", "дуюм", "дуто"),
        3: ("се", "сеюм", "сето"),
        4: ("чор", "чорум"),
        5: ("панҷ", "панҷум"),
        6: ("шаш", "шашум", "нимсола"),
        7: ("ҳафт", "ҳафтум"),
        8: ("ҳашт", "ҳаштум"),
        9: ("нӯҳ", "нӯҳум"),
        10: ("даҳ", "даҳум"),
        20: ("бист",),
        30: ("сӣ",),
        40: ("чил",),
        50: ("панҷоҳ",),
        60: ("шаст",),
        70: ("ҳафтод",),
        80: ("ҳаштод",),
        90: ("навад",),
        100: ("сад",),
    },
}
SMALL = frozenset(range(21)) | frozenset(range(30, 101, 10))


_INFLECTED = frozenset({"tr", "ru", "kk", "tg"})  # number words take endings


@lru_cache(maxsize=512)
def _word_regex(lang: str, value: int) -> re.Pattern[str] | None:
    """A word for ``value`` in ``lang``: a form starting a word (inflected languages:
    ``шести``, ``алтыншы``) or a whole word (English: ``six``, ``sixes``)."""
    forms = _NUMBER_WORDS.get(lang, {}).get(value)
    if not forms:
        return None
    inflected = lang in _INFLECTED
    parts = []
    for form in forms:
        tail = "" if inflected and len(form) >= 3 else r"s?(?!\w)"
        parts.append(re.escape(form) + tail)
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")")


def small(value: Decimal | str) -> bool:
    """0‥20, a ten or a hundred: numbers a style guide may want in words."""
    return isinstance(value, Decimal) and value == value.to_integral_value() and value in SMALL


def spellable(value: Decimal | str) -> bool:
    """Whether ``value`` is a number people commonly write as a word: 0‥20, the tens,
    100, or one of those times a thousand, million, billion or trillion."""
    if isinstance(value, str) or value != value.to_integral_value() or value < 0:
        return False
    for scale, _ in ((Decimal(1), ""), *_SCALES):
        if value % scale == 0 and int(value / scale) in SMALL:
            return True
    return False


def spelled(value: Decimal | str, text: str, lang: str) -> bool:
    """Whether ``text`` (in ``lang``) has a word for ``value``: ``six``, ``шести``,
    ``a billion``, ``60 тыс.`` counts through :func:`read`, not here."""
    if not spellable(value):
        return False
    assert isinstance(value, Decimal)
    if lang not in _NUMBER_WORDS:
        return False
    lower = text.lower()
    for scale, pattern in reversed(_SCALES):
        if value >= scale and value % scale == 0:
            if not re.search(rf"(?<![\w]){pattern}", lower):
                return False
            value = value / scale
            if value == 1:  # "a billion", "млрд"
                return True
            break
    rx = _word_regex(lang, int(value))
    return rx is not None and rx.search(lower) is not None
