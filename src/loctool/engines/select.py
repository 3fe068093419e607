"""Which engine serves which language pair.

Specs: ``auto`` (a direct or pivot argos package first, then a registered
multilingual model), ``argos``, ``multilingual`` or ``multilingual:NAME``.  The
project's ``[engines]`` table sets a spec per target language (and ``default``);
``translate --engine`` overrides them all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import UsageError
from . import multilingual
from .argos import ArgosEngine, missing_pair_hint
from .base import DecodeOptions, Engine
from .packages import installed

SPECS = ("auto", "argos", "multilingual")


def validate_spec(spec: str, where: str = "--engine") -> str:
    kind = spec.split(":", 1)[0]
    if kind not in SPECS or (":" in spec and kind != "multilingual"):
        raise UsageError(
            f"unknown engine {spec!r} (expected auto, argos, multilingual or multilingual:NAME)",
            where,
        )
    return spec


@dataclass(frozen=True)
class Choice:
    engine: Engine | None
    problem: str = ""  # why there is no engine, and what to install


class Engines:
    """The engines of one run, built lazily and shared by every language."""

    def __init__(
        self,
        options: DecodeOptions,
        per_lang: Mapping[str, str] | None = None,
        override: str | None = None,
    ) -> None:
        self.options = options
        self.per_lang = dict(per_lang or {})
        self.override = override
        self._argos: ArgosEngine | None = None
        self._multi: dict[str, multilingual.MultilingualEngine] = {}

    def spec_for(self, tgt: str) -> str:
        if self.override:
            return self.override
        return self.per_lang.get(tgt) or self.per_lang.get("default") or "auto"

    @property
    def argos(self) -> ArgosEngine:
        if self._argos is None:
            self._argos = ArgosEngine(installed(), self.options)
        return self._argos

    def _multilingual(self, model: multilingual.MultilingualModel) -> Engine:
        if model.name not in self._multi:
            self._multi[model.name] = multilingual.MultilingualEngine(model, self.options)
        return self._multi[model.name]

    def choose(self, src: str, tgt: str) -> Choice:
        spec = self.spec_for(tgt)
        kind, _, name = spec.partition(":")
        if kind in ("auto", "argos") and self.argos.route(src, tgt) is not None:
            return Choice(self.argos)
        if kind == "argos":
            return Choice(None, missing_pair_hint(src, tgt))
        if name:
            model = multilingual.by_name(name)
            if model is None:
                return Choice(None, f"no registered multilingual model {name!r}")
            if not model.serves(src, tgt):
                return Choice(None, f"multilingual model {name!r} has no {src}→{tgt} tokens")
            return Choice(self._multilingual(model))
        model = multilingual.for_pair(src, tgt)
        if model is not None:
            return Choice(self._multilingual(model))
        return Choice(None, no_engine_hint(src, tgt))


def no_engine_hint(src: str, tgt: str) -> str:
    if tgt in ("kk", "tg") or src in ("kk", "tg"):
        return (
            f"no engine for {src}→{tgt}: the Argos index has no Kazakh or Tajik model; "
            "register a multilingual model (NLLB-200) with `loctool models add-multilingual "
            "DIR`, see docs/models-and-scaling.md 'Kazakh and Tajik'"
        )
    return missing_pair_hint(src, tgt)
