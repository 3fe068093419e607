"""Words a project has already published, to catch Kazakh and Tajik words typed with
Russian letters (``Арине`` for ``Әрине``, ``стратеги`` for ``стратегӣ``).

Kazakh and Tajik have letters Russian lacks (kk ә ғ қ ң ө ұ ү һ і, tg ғ ӣ қ ӯ ҳ ҷ);
keyboards and machines often put the nearest Russian letter instead.  Such a word is
not *wrong-looking* on its own — so a fixed rule would flood correct text — but it is
suspicious when the project's reviewed translations use the same word with the
language's own letters and never this spelling.  A :class:`Lexicon` learns the words of
reviewed units (and glossary terms); :meth:`Lexicon.suspects` names the words of a text
that match a known word once its own letters are replaced by Russian ones (its
*skeleton*) but are not known themselves.  A text that was learned is checked against
the others only (``own=True``), so a misspelling in one unit is not its own witness.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

_RUSSIAN_FOR = {
    "kk": str.maketrans("әғқңөұүһі", "агкноуухи"),
    "tg": str.maketrans("ғӣқӯҳҷ", "гикухч"),
}
OWN_LETTERS = {"kk": frozenset("әғқңөұүһі"), "tg": frozenset("ғӣқӯҳҷ")}
_CYRILLIC_WORD = re.compile(r"[а-яёӘәҒғҚқҢңӨөҰұҮүҺһІіӢӣӮӯҲҳҶҷА-ЯЁ]{2,}")


def words(text: str) -> list[str]:
    """The Cyrillic words of a text (two letters or more)."""
    return _CYRILLIC_WORD.findall(text)


def applies(lang: str) -> bool:
    return lang in _RUSSIAN_FOR


@dataclass
class Lexicon:
    """The known words of one language (kk or tg), indexed by skeleton."""

    lang: str
    counts: Counter[str] = field(default_factory=Counter)  # word → units using it
    _by_skeleton: dict[str, set[str]] = field(default_factory=dict, repr=False)

    def skeleton(self, word: str) -> str:
        return word.translate(_RUSSIAN_FOR[self.lang])

    def learn(self, text: str) -> None:
        """Add the words of one unit."""
        own = OWN_LETTERS[self.lang]
        for word in set(w.lower() for w in words(text)):
            self.counts[word] += 1
            if own.intersection(word):
                self._by_skeleton.setdefault(self.skeleton(word), set()).add(word)

    def learn_all(self, texts: Iterable[str]) -> Lexicon:
        for text in texts:
            self.learn(text)
        return self

    def suspects(self, text: str, own: bool = False) -> list[tuple[str, str]]:
        """``(word as written, the known spelling)`` for each word of ``text`` that looks
        like a known word with Russian letters in place of the language's own."""
        found: list[tuple[str, str]] = []
        mine = {w.lower() for w in words(text)} if own else set()
        letters = OWN_LETTERS[self.lang]
        for word in words(text):
            lower = word.lower()
            if self.counts[lower] - (lower in mine) > 0:
                continue  # a spelling the project already uses
            known = self._by_skeleton.get(self.skeleton(lower), ())
            better = sorted(
                v
                for v in known
                if v != lower
                and self.counts[v] - (v in mine) > 0
                and len(letters.intersection(v)) > len(letters.intersection(lower))
            )
            if better and (word, better[0]) not in found:
                found.append((word, _like(word, better[0])))
        return found


def _like(written: str, known: str) -> str:
    """``known`` in the capitalization of ``written``."""
    if written.isupper():
        return known.upper()
    if written[:1].isupper():
        return known[:1].upper() + known[1:]
    return known
