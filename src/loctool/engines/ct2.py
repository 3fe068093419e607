"""CTranslate2 plumbing shared by the engines: device, loading, tokenizers, one call.

Translators and tokenizers are loaded once per process (keyed by path, threads, device
and compute type).  ``ctranslate2`` and ``sentencepiece`` are imported here, lazily.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from ..errors import EngineUnavailable, UsageError
from .base import DecodeOptions, decoding_limit

DEVICES = ("auto", "cpu", "cuda")
#: CTranslate2's compute types (``default`` keeps the type the model was saved with).
COMPUTE_TYPES = (
    "default",
    "auto",
    "int8",
    "int8_float32",
    "int8_float16",
    "int8_bfloat16",
    "int16",
    "float16",
    "bfloat16",
    "float32",
)
#: What each device runs when no compute type is set: int8 weights on the CPU (the
#: fastest there), int8 weights with float16 activations on a GPU.
DEFAULT_COMPUTE = {"cpu": "int8", "cuda": "int8_float16"}


def validate_device(value: str, where: str = "--device") -> str:
    if value not in DEVICES:
        raise UsageError(f"unknown device {value!r} (expected auto, cpu or cuda)", where)
    return value


def validate_compute_type(value: str, where: str = "--compute-type") -> str:
    if value not in COMPUTE_TYPES:
        raise UsageError(
            f"unknown compute type {value!r} (expected one of {', '.join(COMPUTE_TYPES)})", where
        )
    return value


@dataclass(frozen=True)
class Device:
    """Where CTranslate2 runs: ``cpu`` or ``cuda`` (every GPU it sees), and how."""

    name: str
    compute_type: str
    gpus: int = 0
    reason: str = ""  # why this device, for ``models list``

    def __str__(self) -> str:
        where = f"cuda ({self.gpus} GPU{'s' if self.gpus != 1 else ''})" if self.gpus else "cpu"
        return f"{where}, compute type {self.compute_type}"


def cuda_device_count() -> int:
    """GPUs CTranslate2 can use (0 when its build has no CUDA or no driver is found)."""
    import ctranslate2

    try:
        return int(ctranslate2.get_cuda_device_count())
    except (RuntimeError, OSError):
        return 0


def select_device(
    requested: str = "auto", compute_type: str | None = None, where: str = "--device"
) -> Device:
    """``auto``: CUDA when CTranslate2 sees a GPU, else the CPU.  ``compute_type``
    defaults per device (:data:`DEFAULT_COMPUTE`)."""
    validate_device(requested, where)
    gpus = cuda_device_count() if requested in ("auto", "cuda") else 0
    if requested == "cuda" and not gpus:
        raise UsageError("device cuda, but CTranslate2 sees no CUDA GPU here", where)
    name = "cuda" if gpus else "cpu"
    if requested == "auto":
        reason = f"auto: {gpus} CUDA GPU(s) seen" if gpus else "auto: no CUDA GPU seen"
    else:
        reason = f"{requested}: as configured"
    chosen = compute_type or DEFAULT_COMPUTE[name]
    validate_compute_type(chosen, "--compute-type")
    return Device(name, chosen, gpus, reason)


class Tokenizer(Protocol):
    def encode(self, text: str) -> list[str]: ...

    def decode(self, pieces: Sequence[str]) -> str: ...


class SentencePiece:
    def __init__(self, path: Path) -> None:
        import sentencepiece

        try:
            self._sp = sentencepiece.SentencePieceProcessor(model_file=str(path))
        except (OSError, RuntimeError) as exc:
            raise EngineUnavailable(f"cannot load the tokenizer: {exc}", path) from None

    def encode(self, text: str) -> list[str]:
        return list(self._sp.encode(text, out_type=str))

    def decode(self, pieces: Sequence[str]) -> str:
        return str(self._sp.decode_pieces(list(pieces)))

    def vocabulary(self) -> set[str]:
        return {self._sp.id_to_piece(i) for i in range(self._sp.get_piece_size())}


class MosesBpe:
    """``bpe.model`` packages: argos's own BPE tokenizer (sacremoses is loaded lazily)."""

    def __init__(self, path: Path, src: str, tgt: str) -> None:
        from argostranslate.tokenizer import BPETokenizer

        self._bpe = BPETokenizer(path, src, tgt)

    def encode(self, text: str) -> list[str]:
        return list(self._bpe.encode(text))

    def decode(self, pieces: Sequence[str]) -> str:
        return str(self._bpe.decode(list(pieces)))


@lru_cache(maxsize=16)
def sentencepiece_model(path: Path) -> SentencePiece:
    return SentencePiece(path)


@lru_cache(maxsize=16)
def translator(
    model_dir: Path, threads: int, device: str = "cpu", compute_type: str = "default"
) -> Any:
    """A ``ctranslate2.Translator``; loaded once per process.

    On the CPU, ``threads`` batches run in parallel, one core each: for the batched
    calls loctool makes this is ~1.6x faster on 2 cores than the default of one batch at
    a time on intra-op threads (bench/mt_throughput.py prints both).  On CUDA, every GPU
    CTranslate2 sees runs batches."""
    import ctranslate2

    if device == "cuda":
        gpus = max(1, cuda_device_count())
        placement: dict[str, Any] = {"device_index": list(range(gpus)), "inter_threads": gpus}
    else:
        placement = {"inter_threads": threads, "intra_threads": 1}
    try:
        return ctranslate2.Translator(
            str(model_dir), device=device, compute_type=compute_type, **placement
        )
    except (RuntimeError, ValueError, OSError) as exc:
        raise EngineUnavailable(f"cannot load the CTranslate2 model: {exc}", model_dir) from None


_LOADING = threading.Lock()


def load(model_dir: Path, options: DecodeOptions) -> Any:
    """The translator of ``model_dir`` for a run's options (one, even when two chunks
    ask for it at once)."""
    with _LOADING:
        return translator(model_dir, options.threads, options.device, options.compute_type)


# CTranslate2's default, passed explicitly because :func:`confidence` depends on it: the
# score of a finished hypothesis is its summed token log-probabilities divided by
# ``length ** LENGTH_PENALTY``.
LENGTH_PENALTY = 1.0


@dataclass(frozen=True)
class Hypothesis:
    """The best hypothesis of one source: its pieces (target prefix removed) and the
    model's confidence in it (see :func:`confidence`)."""

    pieces: list[str]
    confidence: float | None


def translate_pieces(
    model: Any,
    sources: Sequence[list[str]],
    options: DecodeOptions,
    target_prefix: Sequence[str] = (),
) -> list[Hypothesis]:
    """All ``sources`` in one ``translate_batch`` call, shortest first, results in order.

    ``target_prefix`` tokens are forced at the start of every hypothesis and removed
    from the returned pieces.  Where the model emits its unknown token, the source
    piece it attended to most is copied instead (``replace_unknowns``).  Each hypothesis
    comes with its confidence, from the score CTranslate2 returns with it."""
    if not sources:
        return []
    order = sorted(range(len(sources)), key=lambda i: (len(sources[i]), i))
    batch = [sources[i] for i in order]
    prefix = [list(target_prefix)] * len(batch) if target_prefix else None
    limit = decoding_limit(options, max(len(s) for s in batch))
    results = model.translate_batch(
        batch,
        target_prefix=prefix,
        beam_size=options.beam_size,
        max_batch_size=options.max_batch_tokens,
        batch_type="tokens",
        max_decoding_length=limit,
        num_hypotheses=1,
        replace_unknowns=True,
        return_scores=True,
        length_penalty=LENGTH_PENALTY,
    )
    out: list[Hypothesis] = [Hypothesis([], None) for _ in sources]
    for index, result in zip(order, results, strict=True):
        pieces = list(result.hypotheses[0])
        forced = 0
        if target_prefix and pieces[: len(target_prefix)] == list(target_prefix):
            forced = len(target_prefix)
        scores = getattr(result, "scores", None) or [None]
        sure = confidence(scores[0], len(pieces), forced, limit)
        out[index] = Hypothesis(pieces[forced:], sure)
    return out


def confidence(
    score: float | None, length: int, forced: int = 0, limit: int | None = None
) -> float | None:
    """The model's confidence in a hypothesis, in [0, 1]: the geometric mean of the
    probabilities of the tokens it chose, ``exp(mean log-probability)``, so that a
    3-word and a 30-word sentence are on one scale.

    CTranslate2 returns (``return_scores=True``, ``length_penalty=1``) the sum of the
    log-probabilities of the chosen tokens divided by the hypothesis length.  The
    length counts the ``forced`` target-prefix tokens, whose log-probability is not in
    the sum, and not the end-of-sentence token, whose log-probability is, unless the
    hypothesis was cut at the decoding ``limit`` (its length reaches the limit; the
    prefix counts there too).  This undoes the division and divides by the tokens the
    model chose, so a language token forced in front does not dilute the mean."""
    if score is None:
        return None
    ended = limit is None or length < limit
    chosen = length - forced + (1 if ended else 0)
    if chosen <= 0:
        return None
    mean = score * length**LENGTH_PENALTY / chosen
    if not math.isfinite(mean):
        return None
    return min(1.0, max(0.0, math.exp(mean)))


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """One line, single spaces, no control characters (a model's byte-fallback pieces
    can decode to them; ``\x04`` in a msgstr is fatal to msgfmt): the form of every
    msgstr loctool writes."""
    return " ".join(_CONTROL.sub("", text).split())
