"""Machine-translation throughput: loctool end to end against raw CTranslate2.

For each engine (argos: a tr→en package; multilingual: an NLLB-like model, tr→kk with
language tokens) and on the same distinct sentences, with the same beam, batch and
length limits and the same threads, this times

  (a) one raw ``Translator.translate_batch`` call (tokenized input ready, model loaded)
      with the Translator and batch settings loctool uses, and (a0) the same call
      with CTranslate2's defaults (intra-op threads, one batch),
  (b) ``loctool translate`` end to end: extract, segment, catalogs read and written,
      model loading, the pair streamed in chunks (articles saved as they finish),
  (b1) the same with the whole pair in one call (no chunks: loctool before streaming),
  (k) with ``--cluster local``: (b) through a Ray instance started on this machine
      (a pool of actors; the driver reads and writes the catalogs),
  (c) a loop translating one unit per call (what a naive tool does),
  (d) the driver alone: (b) with an engine that answers at once (a fixed marker, not a
      translation), i.e. what catalog reading, planning, QA notes and writing cost —
      the ceiling of a cluster whose workers are infinitely fast,

and prints sentences per second and the ratios b/a, b/b1, k/b and b/c, measured side by
side in one run (best of ``--repeat`` rounds, the modes interleaved), with each mode's
CPU time in this process (steadier than wall time when other work shares the machine).
Models are random or copy weights built on the fly (``tests/modelkit.py``) and cached
in ``bench/.cache``; a random model decodes until the length limit, a copy model stops
where the source stops (realistic lengths).  Nothing here touches the network.

    python bench/mt_throughput.py                  # base size: both engines, both kinds
    python bench/mt_throughput.py --engine multilingual --kind copy --repeat 2
    python bench/mt_throughput.py --tiny           # seconds; used by the test suite
    python bench/mt_throughput.py --engine argos --sweep 128 256 512 2048   # batch sizes
    python bench/mt_throughput.py --engine argos --kind copy --modes b,b1 \
        --sentences 960 --articles 30          # the cost of chunking
    python bench/mt_throughput.py --engine argos --kind copy --modes b,k --cluster local
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import itertools
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "src"))

_tmp = Path(tempfile.mkdtemp(prefix="loctool-bench-"))
for _name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
    os.environ[_name] = str(_tmp / _name.lower())

from loctool.engines.base import DecodeOptions  # noqa: E402
from tests import modelkit  # noqa: E402

SEED = REPO / "seeds" / "kazakhstan-tajikistan-cooperation.txt"
ROUNDS = itertools.count()  # a fresh project folder per end-to-end run
DEVICE: Any = None  # where the end-to-end modes run (--device)


@dataclass(frozen=True)
class Setup:
    engine: str  # "argos" (tr→en package) or "multilingual" (NLLB-like model, tr→kk)
    kind: str
    sentences: list[str]
    model: Path  # the .argosmodel file, or the multilingual model folder
    max_decoding_length: int
    beam_size: int = 4
    max_batch_tokens: int = DecodeOptions.max_batch_tokens  # loctool's default

    @property
    def target(self) -> str:
        return "en" if self.engine == "argos" else "kk"


@dataclass(frozen=True)
class Prepared:
    """What a raw CTranslate2 caller hands to ``translate_batch``."""

    model_dir: Path
    sources: list[list[str]]
    prefix: list[str]


def make_sentences(count: int, seed: int = 1) -> list[str]:
    """Distinct Turkish-looking sentences with the seed's word pool and length profile."""
    from loctool.segment import segment

    text = SEED.read_text(encoding="utf-8")
    units = [" ".join(text[s:e].split()) for s, e in segment(text, "tr")]
    words = [w.strip(".,:;") for u in units for w in u.split() if w.strip(".,:;")]
    lengths = [len(u.split()) for u in units]
    rng = random.Random(seed)
    out: dict[str, None] = {}
    last_words = [w for w in words if w.isalpha() and len(w) > 4]  # first and last words
    while len(out) < count:
        n = max(2, rng.choice(lengths))
        inner = [rng.choice(words) for _ in range(n - 2)]
        body = " ".join([rng.choice(last_words), *inner, rng.choice(last_words)])
        out.setdefault(body[:1].upper() + body[1:] + ".")
    return list(out)


def build_model(engine: str, kind: str, tiny: bool) -> Path:
    cache = modelkit.ArtifactCache(REPO / "bench" / ".cache")
    if engine == "argos":
        size = {} if tiny else dict(modelkit.BASE_ARGOS_KWARGS)
        return cache.get(
            modelkit.build_argos_package, from_code="tr", to_code="en", kind=kind, **size
        )
    shape = modelkit.BASE_SHAPE
    size = (
        {}
        if tiny
        else {
            "layers": shape.layers,
            "d_model": shape.d_model,
            "heads": shape.heads,
            "ffn_dim": shape.ffn_dim,
            "vocab_size": 8000,
            "quantization": "int8",
        }
    )
    return cache.get(
        modelkit.build_multilingual_model,
        lang_tokens=dict(modelkit.NLLB_LANG_TOKENS),
        kind=kind,
        **size,
    )


def prepare(setup: Setup, folder_name: str) -> Prepared:
    """Tokenize exactly as the engine does (argos: pieces; NLLB: [src] + pieces + </s>)."""
    import sentencepiece

    if setup.engine == "argos":
        folder = modelkit.unpack_argos_package(setup.model, _tmp / folder_name)
        sp = sentencepiece.SentencePieceProcessor(model_file=str(folder / "sentencepiece.model"))
        sources = [sp.encode(s, out_type=str) for s in setup.sentences]
        return Prepared(folder / "model", sources, [])
    sp = sentencepiece.SentencePieceProcessor(
        model_file=str(setup.model / "sentencepiece.bpe.model")
    )
    sources = [["tur_Latn", *sp.encode(s, out_type=str), "</s>"] for s in setup.sentences]
    return Prepared(setup.model, sources, ["kaz_Cyrl"])


def best_of(repeat: int, fn: Callable[[], None]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def raw_batch(setup: Setup, threads: int, tuned: bool = True) -> Callable[[], None]:
    """One translate_batch call.  ``tuned``: the Translator and batch settings loctool
    uses (``threads`` batches in parallel, one core each, token-based batches);
    otherwise CTranslate2's defaults (intra-op threads, one batch)."""
    import ctranslate2

    ready = prepare(setup, f"raw-{setup.engine}-{setup.kind}-{tuned}")
    threading = (
        {"inter_threads": threads, "intra_threads": 1} if tuned else {"intra_threads": threads}
    )
    model = ctranslate2.Translator(str(ready.model_dir), device="cpu", **threading)
    prefix = [ready.prefix] * len(ready.sources) if ready.prefix else None
    batching = {"max_batch_size": setup.max_batch_tokens, "batch_type": "tokens"} if tuned else {}

    def run() -> None:
        model.translate_batch(
            ready.sources,
            target_prefix=prefix,
            beam_size=setup.beam_size,
            max_decoding_length=setup.max_decoding_length,
            **batching,
        )

    return run


def one_per_call(setup: Setup, threads: int) -> Callable[[], None]:
    import ctranslate2

    ready = prepare(setup, f"loop-{setup.engine}-{setup.kind}")
    # The same Translator as loctool's, so the ratio measures batching alone.
    model = ctranslate2.Translator(
        str(ready.model_dir), device="cpu", inter_threads=threads, intra_threads=1
    )

    def run() -> None:
        for source in ready.sources:
            model.translate_batch(
                [source],
                target_prefix=[ready.prefix] if ready.prefix else None,
                beam_size=setup.beam_size,
                max_decoding_length=setup.max_decoding_length,
            )

    return run


def end_to_end(
    setup: Setup,
    threads: int,
    articles: int,
    chunk_tokens: int,
    cluster: str | None = None,
    instant: bool = False,
) -> Callable[[], None]:
    from loctool.engines import ct2, multilingual, packages
    from loctool.engines.base import DecodeOptions
    from loctool.engines.select import Choice, Engines
    from loctool.model import Provenance, Suggestion
    from loctool.pipeline import translate
    from loctool.project import Config, Project

    class Instant:
        """Mode (d): answers every text at once with a fixed marker — not a translation
        — so that what is timed is the driver alone: extract, chunk planning, QA notes
        and catalog writes."""

        name = "instant"

        def translate_batch(self, texts: list[str], src: str, tgt: str) -> list[object]:
            return [Suggestion("·", Provenance(self.name, text="·")) for _ in texts]

    class InstantEngines(Engines):
        def choose(self, src: str, tgt: str) -> Choice:
            return Choice(Instant())  # type: ignore[arg-type]

    for old in packages.installed():
        packages.remove(old.name)
    for model in multilingual.registered():
        multilingual.unregister(model.name)
    if setup.engine == "argos":
        packages.install(setup.model)
    else:
        multilingual.register(setup.model, "bench")
    options = DecodeOptions(
        beam_size=setup.beam_size,
        max_batch_tokens=setup.max_batch_tokens,
        threads=threads,
        max_decoding_length=setup.max_decoding_length,
        length_factor=1e9,  # the same absolute limit as the raw call
        device=DEVICE.name,
        # CPU: the raw call's compute type, as saved (int8 for base-size models)
        compute_type=DEVICE.compute_type if DEVICE.name == "cuda" else "default",
    )

    def run() -> None:
        root = _tmp / f"project-{setup.engine}-{setup.kind}-{next(ROUNDS)}"
        (root / "seeds").mkdir(parents=True)
        per = -(-len(setup.sentences) // articles)
        for n in range(articles):
            chunk = setup.sentences[n * per : (n + 1) * per]
            paragraphs = [" ".join(chunk[i : i + 4]) for i in range(0, len(chunk), 4)]
            (root / "seeds" / f"article-{n:03d}.txt").write_text(
                "\n\n".join(paragraphs) + "\n", encoding="utf-8"
            )
        ct2.translator.cache_clear()  # model loading is part of the end-to-end time
        project = Project(root, Config(source_language="tr", targets=(setup.target,)))
        runner = None
        with contextlib.ExitStack() as stack:
            if cluster:  # a new pool per run: actors start, receive and load the model
                from loctool.engines.cluster import Cluster

                runner = stack.enter_context(Cluster(cluster, options))
                runner.start()  # as the command does
            result = translate(
                project,
                engines=(InstantEngines if instant else Engines)(options),
                runner=runner,
                chunk_tokens=chunk_tokens,
            )
        (lang,) = result.langs
        assert lang.filled == len(setup.sentences), (lang, len(setup.sentences))

    return run


LABELS = {
    "a": "(a) raw translate_batch",
    "a0": "(a0) raw, CT2 defaults",
    "b": "(b) loctool translate",
    "b1": "(b1) loctool, one call",
    "k": "(k) loctool on Ray",
    "c": "(c) one unit per call",
    "d": "(d) driver alone",
}
GOALS = {
    "b/a": ("a", "b", "goal >= 0.9"),
    "b/b1": ("b1", "b", "chunking cost; goal >= 0.95"),
    "k/b": ("b", "k", "cluster path; goal >= 0.85"),
    "b/c": ("c", "b", "goal >= 3"),
    "b/a0": ("a0", "b", "the threading choice"),
}


def measure(engine: str, kind: str, args: argparse.Namespace) -> dict[str, float]:
    from loctool.engines import stream

    stream.WAVE_CHUNKS = args.wave_chunks
    sentences = make_sentences(args.sentences)
    limit = args.max_decoding_length or (64 if kind == "random" else 256)
    setup = Setup(engine, kind, sentences, build_model(engine, kind, args.tiny), limit)
    wanted = args.modes.split(",")
    makers: dict[str, Callable[[], Callable[[], None]]] = {
        "a": lambda: raw_batch(setup, args.threads),
        "a0": lambda: raw_batch(setup, args.threads, tuned=False),
        "b": lambda: end_to_end(setup, args.threads, args.articles, args.chunk_tokens),
        "b1": lambda: end_to_end(setup, args.threads, args.articles, 10**9),
        "k": lambda: end_to_end(
            setup, args.threads, args.articles, args.chunk_tokens, args.cluster
        ),
        "c": lambda: one_per_call(setup, args.threads),
        "d": lambda: end_to_end(
            setup, args.threads, args.articles, args.chunk_tokens, instant=True
        ),
    }
    modes = {name: makers[name]() for name in LABELS if name in wanted}
    seconds = {name: 1e9 for name in modes}
    cpu = {name: 1e9 for name in modes}  # this process's CPU time (every thread)
    for round_ in range(args.repeat):  # interleaved, best of each
        for name, fn in modes.items():
            if name == "c" and round_:
                continue  # the slow loop runs once
            before = time.process_time()
            seconds[name] = min(seconds[name], best_of(1, fn))
            cpu[name] = min(cpu[name], time.process_time() - before)
    n = len(sentences)
    size = "tiny" if args.tiny else "base: 6+6 layers, d=512, int8"
    print(
        f"\n{engine} engine, tr→{setup.target}, {kind} model ({size}), {n} distinct "
        f"sentences in {args.articles} articles, beam {setup.beam_size}, "
        f"max_decoding_length {limit}, threads {args.threads}, chunks of "
        f"{args.chunk_tokens} tokens in waves of {args.wave_chunks}"
    )
    for name in modes:
        where = "workers' CPU not counted" if name == "k" else f"CPU {cpu[name]:7.2f} s"
        print(
            f"  {LABELS[name]:<26} {seconds[name]:8.2f} s  {n / seconds[name]:8.1f} sentences/s"
            f"  ({where})"
        )
    ratios = {}
    for label, (slow, fast, goal) in GOALS.items():
        if slow in seconds and fast in seconds:
            ratios[label] = seconds[slow] / seconds[fast]
            print(f"  {label} throughput ratio {ratios[label]:.2f}  ({goal})")
    return ratios


def sweep(engine: str, kind: str, args: argparse.Namespace) -> dict[str, float]:
    """The raw call alone at several batch sizes, interleaved (how the default was chosen)."""
    sentences = make_sentences(args.sentences)
    limit = args.max_decoding_length or (64 if kind == "random" else 256)
    base = Setup(engine, kind, sentences, build_model(engine, kind, args.tiny), limit)
    runs = {
        size: raw_batch(dataclasses.replace(base, max_batch_tokens=size), args.threads)
        for size in args.sweep
    }
    seconds = dict.fromkeys(runs, 1e9)
    for _ in range(args.repeat):
        for size, fn in runs.items():
            seconds[size] = min(seconds[size], best_of(1, fn))
    print(f"\n{engine} engine, {kind} model: raw translate_batch by batch size (tokens)")
    for size, value in seconds.items():
        print(f"  {size:6d} tokens  {value:8.2f} s  {len(sentences) / value:8.1f} sentences/s")
    return {str(size): value for size, value in seconds.items()}


def main(argv: list[str] | None = None) -> dict[str, dict[str, float]]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=["argos", "multilingual", "both"], default="both")
    parser.add_argument("--kind", choices=["random", "copy", "both"], default="both")
    parser.add_argument("--sentences", type=int, default=320)
    parser.add_argument("--articles", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--max-decoding-length", type=int, default=0)
    parser.add_argument("--tiny", action="store_true", help="small model, few sentences")
    parser.add_argument("--modes", default="a,a0,b,b1,c", help="which of a,a0,b,b1,k,c,d")
    parser.add_argument("--chunk-tokens", type=int, default=0, help="default: loctool's")
    parser.add_argument("--wave-chunks", type=int, default=-1, help="default: loctool's")
    parser.add_argument("--cluster", metavar="ADDRESS", help="mode k: e.g. local")
    parser.add_argument(
        "--device", default="cpu", help="modes b, b1, d: cpu, cuda or auto (a, a0, c: cpu)"
    )
    parser.add_argument(
        "--sweep", type=int, nargs="+", metavar="TOKENS", help="only time raw batch sizes"
    )
    args = parser.parse_args(argv)
    from loctool.engines import ct2, stream

    global DEVICE
    DEVICE = ct2.select_device(args.device)

    args.chunk_tokens = args.chunk_tokens or stream.CHUNK_TOKENS
    args.wave_chunks = stream.WAVE_CHUNKS if args.wave_chunks < 0 else args.wave_chunks
    if args.cluster and "k" not in args.modes.split(","):
        args.modes += ",k"
    if "k" in args.modes.split(",") and not args.cluster:
        parser.error("mode k needs --cluster ADDRESS")
    if args.tiny:
        args.sentences, args.articles, args.repeat = min(args.sentences, 24), 3, 1
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    kinds = ["random", "copy"] if args.kind == "both" else [args.kind]
    engines = ["argos", "multilingual"] if args.engine == "both" else [args.engine]
    run = sweep if args.sweep else measure
    with contextlib.ExitStack() as stack:
        if args.cluster == "local":  # started once, as `ray start --head` would be
            from loctool.engines.cluster import Cluster

            stack.enter_context(Cluster("local", DecodeOptions()))
        return {f"{e}/{k}": run(e, k, args) for e in engines for k in kinds}


if __name__ == "__main__":
    main()
