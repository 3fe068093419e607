"""The engine protocol and the settings every engine shares."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from ..model import Suggestion


def default_threads() -> int:
    """``LOCTOOL_THREADS`` if set, else every core (batches translated in parallel)."""
    value = os.environ.get("LOCTOOL_THREADS", "")
    return int(value) if value.isdigit() and int(value) > 0 else (os.cpu_count() or 1)


@dataclass(frozen=True)
class DecodeOptions:
    """Decoding settings of a run (the same for every engine)."""

    beam_size: int = 4
    # CTranslate2 max_batch_size with batch_type="tokens".  Small batches, one per core,
    # were fastest for base-size models on 2 cores (bench/mt_throughput.py).
    max_batch_tokens: int = 128
    threads: int = field(default_factory=default_threads)
    max_decoding_length: int = 512
    length_factor: float = 2.0  # cap: this × the longest source + 10 tokens
    device: str = "cpu"  # "cpu" or "cuda": resolved from "auto" by ct2.select_device
    compute_type: str = "default"  # CTranslate2 compute type ("default": as saved)


class Engine(Protocol):
    """Translates many texts for one language pair in one call: the unit of work of one
    chunk, on this machine or on a cluster worker (see engines/stream.py)."""

    name: str

    def translate_batch(self, texts: Sequence[str], src: str, tgt: str) -> list[Suggestion | None]:
        """One suggestion per text (None where the engine produced nothing)."""
        ...


@runtime_checkable
class ModelEngine(Engine, Protocol):
    """An engine whose models are folders on disk: what a cluster worker can load again
    (see engines/cluster.py)."""

    def folders(self) -> list[Path]:
        """The model folders it loads."""
        ...

    def relocated(self, where: Callable[[Path], Path], options: DecodeOptions) -> ModelEngine:
        """The same engine with its folders moved by ``where``, not yet loaded."""
        ...


def token_counts(engine: Engine, texts: Sequence[str], src: str, tgt: str) -> list[int]:
    """Source tokens per text, as the engine will feed them to its model (for sizing
    chunks); engines without a tokenizer of their own get an estimate from words."""
    measure = getattr(engine, "token_counts", None)
    if measure is not None:
        return list(measure(texts, src, tgt))
    return [len(text.split()) * 4 // 3 + 1 for text in texts]


def decoding_limit(options: DecodeOptions, longest_source: int) -> int:
    return max(
        16, min(options.max_decoding_length, int(longest_source * options.length_factor) + 10)
    )
