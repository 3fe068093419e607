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
_LITERAL = re.compile(r"(?<![\d.:/])(?:\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{1,2}:\d{2})(?![\d.:/]\d)")


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
    return re.compile(rf"(?<!\d)(?:\d{{1,3}}(?:{g}\d{{3}})+(?:{d}\d+)?|\d+(?:{d}\d+)?)(?!\d)")


def read(text: str, lang: str) -> list[Number]:
    """Every number in ``text`` as ``lang`` writes numbers, in order."""
    found: list[tuple[int, Number]] = []
    for m in _LITERAL.finditer(text):
        found.append((m.start(), Number(m.group(0), m.group(0))))
    masked = _LITERAL.sub(lambda m: " " * len(m.group(0)), text)
    group, decimal = separators(lang)
    for m in _number_regex(lang).finditer(masked):
        raw = m.group(0)
        digits = "".join(ch for ch in raw if ch not in group).replace(decimal, ".")
        value = Decimal(digits)
        token = raw
        scale = _SCALE.match(masked, m.end())
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
    parts = []
    while len(whole) > 3:
        whole, tail = whole[:-3], whole[-3:]
        parts.insert(0, tail)
    grouped = sep.join([whole, *parts]) if parts else whole
    return sign + grouped + (decimal + frac if frac else "")
