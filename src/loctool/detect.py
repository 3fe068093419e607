"""Language and script detection.

* The source language of an article comes from langdetect on the *whole* article
  (short units are too noisy), seeded so that every run gives the same answer.
* langdetect knows neither Kazakh nor Tajik, so Cyrillic text is told apart by letters
  only one of kk / tg / ru uses (:func:`cyrillic_profile`).
* Units that are only digits, punctuation, symbols, URLs or e-mails are not for
  translation (:func:`is_translatable`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from .errors import SourceError

KK_LETTERS = frozenset("әғқңөұүһі")
TG_LETTERS = frozenset("ғӣқӯҳҷ")
KK_ONLY = KK_LETTERS - TG_LETTERS  # ә ң ө ұ ү һ і
TG_ONLY = TG_LETTERS - KK_LETTERS  # ӣ ӯ ҳ ҷ

SCRIPT_OF_LANG = {"kk": "Cyrl", "tg": "Cyrl", "ru": "Cyrl", "en": "Latn", "tr": "Latn"}

_URL_OR_MAIL = re.compile(
    r"(?:https?://|ftp://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)+/\S*",
    re.IGNORECASE,
)


def is_translatable(text: str) -> bool:
    """False when the text holds no letters outside URLs and e-mail addresses."""
    # Every URL or address the pattern finds holds "@", "/" or "www.": without them the
    # text is its own rest (and most units are plain prose, the pattern's slow case).
    if "@" in text or "/" in text or "www." in text.lower():
        text = _URL_OR_MAIL.sub(" ", text)
    return any(ch.isalpha() for ch in text)


def script_counts(text: str) -> Counter[str]:
    """Letters per script ("Cyrl", "Latn", "Other")."""
    counts: Counter[str] = Counter()
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        if name.startswith("CYRILLIC"):
            counts["Cyrl"] += 1
        elif name.startswith("LATIN"):
            counts["Latn"] += 1
        else:
            counts["Other"] += 1
    return counts


def dominant_script(text: str) -> str | None:
    counts = script_counts(text)
    if not counts:
        return None
    return counts.most_common(1)[0][0]


def cyrillic_profile(text: str) -> str | None:
    """'kk', 'tg' or 'ru' for Cyrillic text by its distinctive letters; None if not Cyrillic."""
    if dominant_script(text) != "Cyrl":
        return None
    lower = text.lower()
    kk = sum(lower.count(ch) for ch in KK_ONLY)
    tg = sum(lower.count(ch) for ch in TG_ONLY)
    if kk == tg == 0:
        return "ru"
    return "kk" if kk >= tg else "tg"


def detect_language(text: str, where: str | None = None) -> str:
    """ISO 639-1 code of the article's language; deterministic."""
    profile = cyrillic_profile(text)
    if profile in ("kk", "tg"):
        return profile
    from langdetect import DetectorFactory, LangDetectException, detect_langs

    DetectorFactory.seed = 0
    try:
        best = detect_langs(text)[0]
    except LangDetectException as exc:
        raise SourceError(
            f"cannot detect the language ({exc}); set source_language in loctool.toml",
            where,
        ) from None
    return str(best.lang).split("-")[0]
