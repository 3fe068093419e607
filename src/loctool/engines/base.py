"""The engine protocol and the settings every engine shares."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

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


class Engine(Protocol):
    """Translates many texts for one language pair in one call."""

    name: str

    def translate_batch(self, texts: Sequence[str], src: str, tgt: str) -> list[Suggestion | None]:
        """One suggestion per text (None where the engine produced nothing)."""
        ...


def decoding_limit(options: DecodeOptions, longest_source: int) -> int:
    return max(
        16, min(options.max_decoding_length, int(longest_source * options.length_factor) + 10)
    )
