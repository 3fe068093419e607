"""Streaming a language pair through an engine in chunks.

A pair's distinct texts are cut into *chunks* of about ``chunk_tokens`` source tokens.
Each chunk is one ``Engine.translate_batch`` call — on this machine (:class:`LocalRunner`,
two chunks in flight) or on a Ray worker (``engines/cluster.py``) — so that progress
moves per chunk, an interrupt is felt within a fraction of a second, and articles can be
saved as soon as their last chunk is back.

Order (:func:`plan`): articles are taken in run order and gathered into *waves* of a
few chunks' worth of tokens; inside a wave the texts are sorted shortest first and cut
into chunks of equal size.  Chunks are then length-homogeneous (efficient batches, as
in one big sorted call) while the articles of the first wave are finished after its
few chunks, not at the end of the run.  bench/mt_throughput.py measures the cost
against one call per pair.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from ..model import Suggestion
from .base import Engine

CHUNK_TOKENS = 2048  # default source tokens per chunk (translate.chunk_tokens)
WAVE_CHUNKS = 4  # chunks per wave: how many chunks' worth of articles are sorted together

T = TypeVar("T")


@dataclass(frozen=True)
class Chunk:
    """One engine call: distinct texts of one language pair."""

    index: int
    texts: tuple[str, ...]
    tokens: int


Result = tuple[Chunk, list[Suggestion | None]]


class Runner(Protocol):
    """Runs chunks through an engine and yields each chunk with its suggestions as it
    is done (in any order)."""

    def run(self, engine: Engine, chunks: Sequence[Chunk], src: str, tgt: str) -> Iterator[Result]:
        ...


def plan(
    groups: Sequence[Sequence[str]],
    counts: Mapping[str, int],
    chunk_tokens: int = CHUNK_TOKENS,
    wave_chunks: int = WAVE_CHUNKS,
) -> list[Chunk]:
    """Chunks for ``groups`` (each article's texts, in run order; a text in several
    articles is translated with the first).  ``counts``: source tokens per text.
    ``wave_chunks=0`` sorts the whole pair as one wave (shortest first globally)."""
    seen: set[str] = set()
    waves: list[list[str]] = [[]]
    size = 0
    limit = chunk_tokens * wave_chunks if wave_chunks > 0 else 0
    for group in groups:
        if limit and size >= limit:
            waves.append([])
            size = 0
        for text in group:
            if text not in seen:
                seen.add(text)
                waves[-1].append(text)
                size += counts[text]
    chunks: list[Chunk] = []
    for wave in waves:
        ordered = sorted(wave, key=lambda t: (counts[t], t))
        total = sum(counts[t] for t in ordered)
        parts = max(1, -(-total // chunk_tokens))
        share = total / parts  # equal chunks: no small leftover at the end of a wave
        cut: list[list[str]] = [[] for _ in range(parts)]
        before = 0
        for text in ordered:  # by where the text's middle falls among the equal shares
            cut[min(parts - 1, int((before + counts[text] / 2) / share))].append(text)
            before += counts[text]
        for texts in cut:
            if texts:
                chunks.append(Chunk(len(chunks), tuple(texts), sum(counts[t] for t in texts)))
    return chunks


_running: set[threading.Thread] = set()  # helper threads inside an engine call


def abandoned() -> bool:
    """Whether helper threads are still inside an engine call (after an interrupt).
    Such a process must end with ``os._exit``: at interpreter shutdown a helper would be
    stopped inside C++ code, which aborts the process (SIGABRT instead of the exit code)."""
    return bool(_running)


class Job(Generic[T]):
    """``call()`` running in a helper thread (a daemon: on an interrupt it is abandoned
    and ends with the process)."""

    def __init__(self, call: Callable[[], T]) -> None:
        self._call = call
        self._result: tuple[T] | None = None  # (what the call returned,)
        self._error: BaseException | None = None
        self._done = threading.Event()
        thread = threading.Thread(target=self._target, name="loctool-chunk", daemon=True)
        _running.add(thread)
        thread.start()

    def _target(self) -> None:
        try:
            self._result = (self._call(),)
        except BaseException as exc:  # handed to the waiting thread
            self._error = exc
        finally:
            _running.discard(threading.current_thread())
            self._done.set()

    def wait(self, poll: float = 0.1) -> T:
        """The result, waited for in short steps so that Ctrl-C and signal handlers run
        at once instead of after a long native call."""
        while not self._done.wait(poll):
            pass
        if self._error is not None:
            raise self._error
        assert self._result is not None  # the call returned
        return self._result[0]


class LocalRunner:
    """Chunks through the engine in this process, in order.  ``depth`` chunks are in
    flight, so that CTranslate2's workers never wait at the end of a chunk (the next
    one's batches are queued behind it) nor while the driver saves articles."""

    name = "local"

    def __init__(self, depth: int = 2) -> None:
        self.depth = depth

    def run(self, engine: Engine, chunks: Sequence[Chunk], src: str, tgt: str) -> Iterator[Result]:
        queue = iter(chunks)
        flying: deque[tuple[Chunk, Job[list[Suggestion | None]]]] = deque()

        def launch() -> None:
            chunk = next(queue, None)
            if chunk is not None:
                texts = list(chunk.texts)
                flying.append((chunk, Job(lambda: engine.translate_batch(texts, src, tgt))))

        for _ in range(self.depth):
            launch()
        while flying:
            chunk, job = flying.popleft()
            out = job.wait()
            launch()
            yield chunk, out
