"""The ``argos`` engine: installed argos packages, direct or pivoting through English.

Never imports ``argostranslate.translate`` (it downloads a sentence splitter and
imports torch); loads ``model/`` with CTranslate2 and the package tokenizer itself.
Every call translates the texts it is given (one chunk of a language pair) in one
``translate_batch``; a pivot is two calls (source → en, en → target), and the first leg
is shared with a direct source → en run through a per-engine memo.

Each suggestion carries the model's confidence (:func:`ct2.confidence`); through a
pivot, the product of both legs' confidences: the draft is right only if both legs
are, and a product (unlike the weaker leg alone) still tells a pivot with one doubtful
leg from one with two.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from ..errors import EngineUnavailable
from ..model import Provenance, Suggestion
from . import ct2
from .base import DecodeOptions
from .packages import Package

PIVOT = "en"

# One leg's result for a text: the output ("" when the model gave nothing) and the
# model's confidence in it.
Leg = tuple[str, float | None]


class ArgosEngine:
    name = "argos"

    def __init__(self, packages: Sequence[Package], options: DecodeOptions) -> None:
        self.packages = {(p.from_code, p.to_code): p for p in packages}
        self.options = options
        self._memo: dict[tuple[str, str], dict[str, Leg]] = {}
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

    def _leg(self, package: Package, texts: Sequence[str]) -> dict[str, Leg]:
        """Translate distinct ``texts`` with one package; memoized per language pair."""
        memo = self._memo.setdefault((package.from_code, package.to_code), {})
        todo = sorted({t for t in texts if t not in memo})
        if todo:
            tokenizer = self._tokenizer(package)
            model = ct2.load(package.model_dir, self.options)
            prefix = [package.target_prefix] if package.target_prefix else []
            found = ct2.translate_pieces(
                model, [tokenizer.encode(t) for t in todo], self.options, prefix
            )
            self.calls.append((package.from_code, package.to_code, len(todo)))
            for text, out in zip(todo, found, strict=True):
                memo[text] = (ct2.clean(tokenizer.decode(out.pieces)), out.confidence)
        return {t: memo[t] for t in texts}

    def token_counts(self, texts: Sequence[str], src: str, tgt: str) -> list[int]:
        """Source pieces per text for the first package of the route (chunk sizing)."""
        route = self.route(src, tgt)
        if route is None:
            raise EngineUnavailable(missing_pair_hint(src, tgt))
        tokenizer = self._tokenizer(route[0])
        return [len(tokenizer.encode(t)) for t in texts]

    def remember(self, src: str, tgt: str, done: Mapping[str, Leg]) -> None:
        """Results of ``src → tgt`` made elsewhere (another cluster worker): a pivot's
        first leg reuses them, as it reuses this engine's own."""
        route = self.route(src, tgt)
        if route is not None and len(route) == 1:
            self._memo.setdefault((src, tgt), {}).update(done)

    def folders(self) -> list[Path]:
        """What this engine reads: its package folders."""
        return [p.path for p in self.packages.values()]

    def relocated(self, where: Callable[[Path], Path], options: DecodeOptions) -> ArgosEngine:
        """The same engine reading its packages from where ``where`` maps their folders
        (a cluster worker's copy), with ``options`` (the worker's device and cores)."""
        moved = []
        for p in self.packages.values():
            folder = where(p.path)
            moved.append(
                dataclasses.replace(p, path=folder, tokenizer=folder / p.tokenizer.name)
            )
        return ArgosEngine(moved, options)

    def translate_batch(self, texts: Sequence[str], src: str, tgt: str) -> list[Suggestion | None]:
        route = self.route(src, tgt)
        if route is None:
            raise EngineUnavailable(missing_pair_hint(src, tgt))
        current: dict[str, Leg] = {t: (t, 1.0) for t in texts}
        for package in route:
            done = self._leg(package, sorted({v for v, _ in current.values() if v}))
            current = {t: _chain(leg, done) for t, leg in current.items()}
        provenance_model = " + ".join(p.label for p in route)
        pivot = PIVOT if len(route) == 2 else ""
        out: list[Suggestion | None] = []
        for text in texts:
            result, sure = current[text]
            out.append(
                Suggestion(result, Provenance(self.name, provenance_model, pivot, result), sure)
                if result
                else None
            )
        return out


def _chain(leg: Leg, done: Mapping[str, Leg]) -> Leg:
    """The next leg after ``leg``: its output, and the product of the confidences (None
    as soon as one leg has none)."""
    text, sure = leg
    if not text:
        return ("", None)
    result, more = done.get(text, ("", None))
    return (result, sure * more if sure is not None and more is not None else None)


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
