"""CTranslate2 plumbing shared by the engines: loading, tokenizers, one batched call.

Translators and tokenizers are loaded once per process (keyed by path and threads).
``ctranslate2`` and ``sentencepiece`` are imported here, lazily.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from ..errors import EngineUnavailable
from .base import DecodeOptions, decoding_limit


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
def translator(model_dir: Path, threads: int) -> Any:
    """A ``ctranslate2.Translator`` on the CPU; loaded once per process.

    ``threads`` batches run in parallel, one core each: for the large batched calls
    loctool makes this is ~1.6x faster on 2 cores than the default of one batch at a
    time on intra-op threads (bench/mt_throughput.py prints both)."""
    import ctranslate2

    try:
        return ctranslate2.Translator(
            str(model_dir), device="cpu", inter_threads=threads, intra_threads=1
        )
    except (RuntimeError, ValueError, OSError) as exc:
        raise EngineUnavailable(f"cannot load the CTranslate2 model: {exc}", model_dir) from None


def translate_pieces(
    model: Any,
    sources: Sequence[list[str]],
    options: DecodeOptions,
    target_prefix: Sequence[str] = (),
) -> list[list[str]]:
    """All ``sources`` in one ``translate_batch`` call, shortest first, results in order.

    ``target_prefix`` tokens are forced at the start of every hypothesis and removed
    from the returned pieces."""
    if not sources:
        return []
    order = sorted(range(len(sources)), key=lambda i: (len(sources[i]), i))
    batch = [sources[i] for i in order]
    prefix = [list(target_prefix)] * len(batch) if target_prefix else None
    results = model.translate_batch(
        batch,
        target_prefix=prefix,
        beam_size=options.beam_size,
        max_batch_size=options.max_batch_tokens,
        batch_type="tokens",
        max_decoding_length=decoding_limit(options, max(len(s) for s in batch)),
        num_hypotheses=1,
    )
    out: list[list[str]] = [[] for _ in sources]
    for index, result in zip(order, results, strict=True):
        pieces = list(result.hypotheses[0])
        if target_prefix and pieces[: len(target_prefix)] == list(target_prefix):
            pieces = pieces[len(target_prefix) :]
        out[index] = pieces
    return out


def clean(text: str) -> str:
    """One line, single spaces: the form of every msgstr loctool writes."""
    return " ".join(text.split())
