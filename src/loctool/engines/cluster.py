"""Translating on a Ray cluster: a pool of actors, each holding loaded CTranslate2 models.

``translate --cluster ADDRESS`` (or ``[cluster] address``): ``ADDRESS`` is what
``ray.init(address=…)`` takes — ``auto``, ``HOST:PORT``, ``ray://HOST:PORT`` — or
``local``, which starts a Ray instance on this machine (the test mode).

* The pool: one actor per GPU (``num_gpus=1``, CTranslate2 on ``cuda``) when the
  cluster has GPUs and the device allows it, else one actor per node holding all that
  node's CPUs (CTranslate2 with one batch per core, like the local path).  Actors load
  each engine's models once and keep them.
* Work: the chunks of ``engines/stream.py``, each one ``Engine.translate_batch`` call —
  the same engine code as the local path, rebuilt on the worker from a copy of the
  driver's engine (:meth:`relocated`), so the output is the same.  The driver keeps at
  most two chunks in flight per actor and alone reads and writes catalogs.
* Models reach the workers from ``[cluster] model_root`` (a folder every node sees at
  the same path) or, by default, through Ray's object store: each model folder is put
  once per run, and each node unpacks it once into a cache keyed by its content
  stamp (``$TMPDIR/loctool-ray/``), where later runs find it.
* Failures: an actor whose process dies is restarted by Ray and its chunks retried
  (``max_restarts``/``max_task_retries``); an actor that cannot come back is dropped and
  its chunks go to another one; with no actor left the run stops with one line (every
  article finished before is saved).  An unreachable address fails in seconds (a TCP
  probe before ``ray.init``, which would otherwise wait for a minute or more).

Ray is an optional dependency (``pip install 'loctool[cluster]'``), imported here only.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import re
import socket
import tarfile
import tempfile
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import ClusterError, LoctoolError, UsageError
from ..model import Suggestion
from .base import DecodeOptions, Engine, ModelEngine
from .stream import Chunk, Result

EXTRA = "pip install 'loctool[cluster]'"
PROBE_SECONDS = 3.0
IN_FLIGHT = 2  # chunks in flight per actor, so that it never waits for the driver
RESTARTS = 2  # per actor, by Ray, before the driver gives its chunks to another actor
_ADDRESS = re.compile(r"(?:ray://)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]*):(\d{1,5})")


def validate_address(value: str, where: str = "--cluster") -> str:
    if value in ("local", "auto"):
        return value
    match = _ADDRESS.fullmatch(value)
    if match is None or not 0 < int(match.group(2)) < 65536:
        raise UsageError(
            f"not a Ray address: {value!r} (expected local, auto, HOST:PORT or ray://HOST:PORT)",
            where,
        )
    return value


def validate_model_root(value: str, where: str = "cluster.model_root") -> str:
    if not Path(value).is_absolute():
        raise UsageError(f"must be an absolute path seen by every node, got {value!r}", where)
    return value


def import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise ClusterError(f"Ray is not installed: {EXTRA}", "--cluster") from None
    return ray


def _probe(address: str) -> None:
    """Fail in seconds when nothing listens at ``address`` (``HOST:PORT``)."""
    match = _ADDRESS.fullmatch(address)
    if match is None:
        return
    host, port = match.group(1).strip("[]"), int(match.group(2))
    try:
        with socket.create_connection((host, port), timeout=PROBE_SECONDS):
            pass
    except OSError as exc:
        reason = "timed out" if isinstance(exc, TimeoutError) else (exc.strerror or str(exc))
        raise ClusterError(
            f"cannot reach the Ray cluster at {address} ({reason}); is `ray start --head` "
            "running there?",
            "--cluster",
        ) from None


def _resolve_auto(ray: Any) -> str:
    """The address ``auto`` stands for (RAY_ADDRESS, or the cluster started on this
    machine), so that it can be probed like any other."""
    try:
        from ray._private.services import canonicalize_bootstrap_address_or_die

        return str(canonicalize_bootstrap_address_or_die("auto"))
    except (ConnectionError, ImportError, ValueError) as exc:
        raise ClusterError(f"no Ray cluster found for 'auto' ({exc})", "--cluster") from None


# --------------------------------------------------------------------------- models


@dataclass(frozen=True)
class Shipment:
    """How one model folder (or file) reaches the workers."""

    path: str  # on the driver
    stamp: str  # content stamp: names the node-local copy
    shared: bool  # True: read at the same path on every node (model_root)
    blob: Any = None  # ObjectRef of a tar of it (object store), or None


def stamp(path: Path) -> str:
    """Names, sizes and modification times of everything under ``path`` (cheap; a
    changed model gets a new node-local copy)."""
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    digest = hashlib.sha256(path.name.encode())
    for f in files:
        st = f.stat()
        digest.update(f"{f.relative_to(path.parent)}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return digest.hexdigest()[:20]


def pack(path: Path) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        tar.add(path, arcname=path.name)
    return out.getvalue()


def node_cache() -> Path:
    return Path(tempfile.gettempdir()) / "loctool-ray" / "models"


def unpack_once(ray: Any, item: Shipment) -> Path:
    """The node-local copy of ``item`` (unpacked from the object store the first time
    on this node; other actors of the node wait for it and reuse it)."""
    from filelock import FileLock

    final = node_cache() / item.stamp
    target = final / Path(item.path).name
    if target.exists():
        return target
    final.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(final) + ".lock"):
        if not target.exists():
            staging = Path(tempfile.mkdtemp(prefix=f".{item.stamp}-", dir=final.parent))
            with tarfile.open(fileobj=io.BytesIO(ray.get(item.blob)), mode="r") as tar:
                tar.extractall(staging, filter="data")
            os.rename(staging, final)
    return target


# --------------------------------------------------------------------------- workers


class Worker:
    """A Ray actor: translates chunks with engines rebuilt from the driver's."""

    def __init__(self, options: DecodeOptions) -> None:
        self.options = options
        self.engines: dict[str, Any] = {}
        self.places: dict[str, Path] = {}
        self.lock = threading.Lock()  # two chunks run at once: build each engine once

    def pid(self) -> int:
        return os.getpid()

    def _local(self, shipments: dict[str, Shipment], path: Path) -> Path:
        item = shipments[str(path)]
        if item.shared:
            return path
        if item.stamp not in self.places:
            import ray

            self.places[item.stamp] = unpack_once(ray, item)
        return self.places[item.stamp]

    def translate(
        self,
        key: str,
        template: Any,
        shipments: dict[str, Shipment],
        texts: list[str],
        src: str,
        tgt: str,
        known: dict[tuple[str, str], dict[str, tuple[str, float | None]]],
    ) -> list[Suggestion | None]:
        with self.lock:
            engine = self.engines.get(key)
            if engine is None:
                engine = template.relocated(lambda p: self._local(shipments, p), self.options)
                self.engines[key] = engine
        remember = getattr(engine, "remember", None)
        for (a, b), done in known.items():
            if remember is not None and done:
                remember(a, b, done)
        return list(engine.translate_batch(texts, src, tgt))


@dataclass(frozen=True)
class Place:
    """What the cluster offers and how loctool would use it (``models list --cluster``)."""

    address: str
    nodes: int
    cpus: int
    gpus: int
    device: str  # what actors run: "cuda" or "cpu"
    compute_type: str
    actors: int
    models: str  # how models reach the workers


class Cluster:
    """A connection to a Ray cluster and the actor pool of one run (a context manager);
    :meth:`run` makes it a :class:`~loctool.engines.stream.Runner`."""

    name = "cluster"

    def __init__(
        self,
        address: str,
        options: DecodeOptions,
        device: str = "auto",
        compute_type: str | None = None,
        model_root: str | None = None,
    ) -> None:
        self.address = validate_address(address)
        self.options = options
        self.device = device
        self.compute_type = compute_type
        self.model_root = Path(model_root) if model_root else None
        self.ray: Any = None
        self._owned = False
        self._actors: list[Any] = []
        self._templates: dict[str, Any] = {}
        self._shipments: dict[str, Shipment] = {}
        # (engine, src, tgt) → text → (output, confidence): what a pivot's first leg reuses
        self._results: dict[tuple[str, str, str], dict[str, tuple[str, float | None]]] = {}

    # connection -------------------------------------------------------------------
    def __enter__(self) -> Cluster:
        ray = self.ray = import_ray()
        quiet = {"logging_level": logging.ERROR, "log_to_driver": False}
        if self.address == "local":
            if not ray.is_initialized():
                # The workers do this run's work on this machine: at the driver's
                # priority, not at the nice 15 Ray gives workers by default.
                os.environ.setdefault("RAY_worker_niceness", "0")
                ray.init(num_cpus=os.cpu_count() or 1, include_dashboard=False, **quiet)
                self._owned = True
            return self
        resolved = _resolve_auto(ray) if self.address == "auto" else self.address
        _probe(resolved)
        if ray.is_initialized():
            raise ClusterError("Ray is already connected in this process", "--cluster")
        try:
            ray.init(address=self.address, **quiet)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise ClusterError(f"cannot join the Ray cluster at {self.address}: {exc}") from None
        self._owned = True
        return self

    def start(self) -> None:
        """Start the workers now (their processes come up while the driver extracts)."""
        self._pool()

    def __exit__(self, *exc: object) -> None:
        if self.ray is None:
            return
        for actor in self._actors:
            self.ray.kill(actor)
        self._actors = []
        if self._owned:
            self.ray.shutdown()
            self._owned = False

    # the pool ---------------------------------------------------------------------
    def place(self) -> Place:
        ray = self.ray
        nodes = [n for n in ray.nodes() if n.get("Alive")]
        cpus = [int(n.get("Resources", {}).get("CPU", 0)) for n in nodes]
        gpus = int(sum(n.get("Resources", {}).get("GPU", 0) for n in nodes))
        if self.device == "cuda" and not gpus:
            raise ClusterError("device cuda, but the cluster has no GPU", "--device")
        use_gpu = bool(gpus) and self.device != "cpu"
        device = "cuda" if use_gpu else "cpu"
        from .ct2 import DEFAULT_COMPUTE

        if self.model_root is not None:
            models = f"from {self.model_root} (a shared path every node sees)"
        else:
            models = (
                "through Ray's object store (each model folder sent once per node, "
                f"unpacked into {node_cache()} there)"
            )
        return Place(
            self.address,
            len(nodes),
            sum(cpus),
            gpus,
            device,
            self.compute_type or DEFAULT_COMPUTE[device],
            gpus if use_gpu else sum(1 for c in cpus if c),
            models,
        )

    def _pool(self) -> list[Any]:
        if self._actors:
            return self._actors
        ray = self.ray
        where = self.place()
        remote = ray.remote(Worker)
        common = {
            "max_restarts": RESTARTS,
            "max_task_retries": RESTARTS,
            # Both queued chunks run at once, as on one machine: the translator's
            # workers never wait at the end of a chunk.
            "max_concurrency": IN_FLIGHT,
        }
        options = replace(self.options, device=where.device, compute_type=where.compute_type)
        if where.device == "cuda":
            self._actors = [
                remote.options(num_gpus=1, num_cpus=1, **common).remote(options)
                for _ in range(where.gpus)
            ]
        else:
            from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

            for node in ray.nodes():
                cores = int(node.get("Resources", {}).get("CPU", 0)) if node.get("Alive") else 0
                if cores:
                    strategy = NodeAffinitySchedulingStrategy(node["NodeID"], soft=True)
                    worker = remote.options(
                        num_cpus=cores, scheduling_strategy=strategy, **common
                    ).remote(replace(options, threads=cores))
                    self._actors.append(worker)
        if not self._actors:
            raise ClusterError("the Ray cluster has no CPU or GPU to run workers on")
        return self._actors

    def pids(self) -> list[int]:
        """Process ids of the actors (tests kill one)."""
        return [int(pid) for pid in self.ray.get([a.pid.remote() for a in self._pool()])]

    def _ship(self, engine: Engine) -> tuple[str, Any, dict[str, Shipment]]:
        if not isinstance(engine, ModelEngine):
            raise ClusterError(f"the {engine.name} engine has no model folders to send to workers")
        folders = list(engine.folders())
        key = engine.name + ":" + "|".join(str(f) for f in folders)
        if key not in self._templates:
            for folder in folders:
                if str(folder) in self._shipments:
                    continue
                root = self.model_root
                if root is not None and not folder.resolve().is_relative_to(root.resolve()):
                    raise ClusterError(
                        f"{folder} is not under cluster.model_root ({self.model_root}); move "
                        "the model there or leave model_root unset to send it through Ray",
                        folder,
                    )
                shared = root is not None
                blob = None if shared else self.ray.put(pack(folder))
                self._shipments[str(folder)] = Shipment(str(folder), stamp(folder), shared, blob)
            # A fresh copy (no memo) is what every worker starts from.
            fresh = engine.relocated(lambda p: p, self.options)
            self._templates[key] = self.ray.put(fresh)
        shipments = {str(f): self._shipments[str(f)] for f in folders}
        return key, self._templates[key], shipments

    # the work ---------------------------------------------------------------------
    def run(self, engine: Engine, chunks: Sequence[Chunk], src: str, tgt: str) -> Iterator[Result]:
        ray = self.ray
        from ray.exceptions import RayActorError, RayTaskError

        actors = list(self._pool())
        key, template, shipments = self._ship(engine)
        mine = self._results.setdefault((key, src, tgt), {})
        earlier = {
            (a, b): done for (k, a, b), done in self._results.items() if k == key and a == src
        }
        todo = deque(chunks)
        slots = [actor for actor in actors for _ in range(IN_FLIGHT)]
        running: dict[Any, tuple[Any, Chunk]] = {}
        try:
            while todo or running:
                while todo and slots:
                    actor, chunk = slots.pop(0), todo.popleft()
                    known = {
                        pair: {t: done[t] for t in chunk.texts if t in done}
                        for pair, done in earlier.items()
                        if pair != (src, tgt)
                    }
                    ref = actor.translate.remote(
                        key, template, shipments, list(chunk.texts), src, tgt, known
                    )
                    running[ref] = (actor, chunk)
                ready, _ = ray.wait(list(running), num_returns=1, timeout=0.2)
                for ref in ready:
                    actor, chunk = running.pop(ref)
                    try:
                        out = ray.get(ref)
                    except RayTaskError as exc:  # the engine itself failed: its error
                        cause = exc.cause if isinstance(exc.cause, LoctoolError) else None
                        if cause is not None:
                            raise cause from None
                        raise ClusterError(f"a worker failed: {exc.cause!r}") from None
                    except RayActorError:
                        actors = [a for a in actors if a is not actor]
                        slots = [a for a in slots if a is not actor]
                        todo.appendleft(chunk)
                        if not actors:
                            raise ClusterError(
                                "every Ray worker died; finished articles are saved, run "
                                "translate again to do the rest"
                            ) from None
                        continue
                    slots.append(actor)
                    for text, suggestion in zip(chunk.texts, out, strict=True):
                        mine[text] = (
                            (suggestion.provenance.text, suggestion.score)
                            if suggestion
                            else ("", None)
                        )
                    yield chunk, out
        finally:
            for ref in running:
                with contextlib.suppress(Exception):  # best effort: the actors go anyway
                    ray.cancel(ref)
