"""Language codes: validation, names and plural forms (CLDR, through Babel)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import UsageError

if TYPE_CHECKING:  # Babel itself is imported on first use
    from babel import Locale

DEFAULT_TARGETS = ("kk", "tg", "ru", "en")
_CODE = re.compile(r"^[a-z]{2,3}(?:_[A-Z]{2}|_[A-Z][a-z]{3})?$")


@lru_cache(maxsize=64)
def _locale(code: str) -> Locale | None:
    from babel import Locale, UnknownLocaleError

    if not _CODE.match(code):
        return None
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return None


def validate(code: str, where: str | None = None) -> str:
    """Return ``code`` if CLDR knows it, else a one-line :class:`UsageError`."""
    code = code.strip()
    if _locale(code) is None:
        raise UsageError(f"unknown language code {code!r} (expected e.g. kk, tg, ru, en)", where)
    return code


def parse_list(value: str | None, where: str | None = "--lang") -> list[str] | None:
    """``"kk,ru"`` → ``["kk", "ru"]`` (validated, de-duplicated, order kept)."""
    if value is None:
        return None
    codes: list[str] = []
    for part in value.split(","):
        if part.strip():
            code = validate(part, where)
            if code not in codes:
                codes.append(code)
    if not codes:
        raise UsageError("no language code given", where)
    return codes


def english_name(code: str) -> str:
    locale = _locale(code)
    return (locale.english_name if locale is not None else None) or code  # CLDR may lack one


def plural_forms(code: str) -> str:
    from babel.messages.plurals import get_plural

    return get_plural(code).plural_forms
