"""The ``argos`` engine: installed argos packages, direct or pivoting through English.

Never imports ``argostranslate.translate`` (it downloads a sentence splitter and
imports torch); loads ``model/`` with CTranslate2 and the package tokenizer itself.
Every call translates all texts of a language pair in one ``translate_batch``; a
pivot is two calls (source → en, en → target), and the first leg is shared with a
direct source → en run through a per-engine memo.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import EngineUnavailable
from ..model import Provenance, Suggestion
from . import ct2
from .base import DecodeOptions
from .packages import Package

PIVOT = "en"


class ArgosEngine:
    name = "argos"

    def __init__(self, packages: Sequence[Package], options: DecodeOptions) -> None:
        self.packages = {(p.from_code, p.to_code): p for p in packages}
        self.options = options
        self._memo: dict[tuple[str, str], dict[str, str]] = {}
        self.calls: list[tuple[str, str, int]] = []  # (src, tgt, texts) per translate_batch

    def route(self, src: str, tgt: str) -> list[Package] | None:
        direct = self.packages.get((src, tgt))
        if direct is not None:
            return [direct]
        first, second = self.packages.get((src, PIVOT)), self.packages.get((PIVOT, tgt))
        if PIVOT not in (src, tgt) and first is not None and second is not None:
            return [first, second]
        return None

    def _tokenizer(self, package: Package) -> ct2.Tokenizer:
        if package.tokenizer.name == "bpe.model":
            return ct2.MosesBpe(package.tokenizer, package.from_code, package.to_code)
        return ct2.sentencepiece_model(package.tokenizer)

    def _leg(self, package: Package, texts: Sequence[str]) -> dict[str, str]:
        """Translate distinct ``texts`` with one package; memoized per language pair."""
        memo = self._memo.setdefault((package.from_code, package.to_code), {})
        todo = sorted({t for t in texts if t not in memo})
        if todo:
            tokenizer = self._tokenizer(package)
            model = ct2.translator(package.model_dir, self.options.threads)
            prefix = [package.target_prefix] if package.target_prefix else []
            pieces = ct2.translate_pieces(
                model, [tokenizer.encode(t) for t in todo], self.options, prefix
            )
            self.calls.append((package.from_code, package.to_code, len(todo)))
            for text, out in zip(todo, pieces, strict=True):
                memo[text] = ct2.clean(tokenizer.decode(out))
        return {t: memo[t] for t in texts}

    def translate_batch(self, texts: Sequence[str], src: str, tgt: str) -> list[Suggestion | None]:
        route = self.route(src, tgt)
        if route is None:
            raise EngineUnavailable(missing_pair_hint(src, tgt))
        current = {t: t for t in texts}
        for package in route:
            done = self._leg(package, sorted({v for v in current.values() if v}))
            current = {t: done.get(v, "") if v else "" for t, v in current.items()}
        provenance_model = " + ".join(p.label for p in route)
        pivot = PIVOT if len(route) == 2 else ""
        out: list[Suggestion | None] = []
        for text in texts:
            result = current[text]
            out.append(
                Suggestion(
                    result,
                    self.name,
                    Provenance(self.name, provenance_model, pivot, result),
                )
                if result
                else None
            )
        return out


def missing_pair_hint(src: str, tgt: str) -> str:
    if PIVOT in (src, tgt):
        return (
            f"no argos package for {src}→{tgt}: install one "
            f"(`loctool models install {src}-{tgt}` or `loctool models install FILE.argosmodel`)"
        )
    return (
        f"no argos package for {src}→{tgt}: install {src}-{tgt}, or {src}-{PIVOT} and "
        f"{PIVOT}-{tgt} to pivot through English (`loctool models install {src}-{PIVOT}` "
        "or `loctool models install FILE.argosmodel`)"
    )
