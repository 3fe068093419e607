"""``loctool translate``: the main job — extract, then machine-translate what is missing."""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import click

from ..engines import stream
from ..engines.base import DecodeOptions
from ..engines.ct2 import DEVICES, select_device, validate_compute_type
from ..engines.select import Engines, validate_spec
from ..engines.stream import LocalRunner, Runner
from ..errors import Interrupted
from .app import App
from .extract import describe as describe_extract
from .options import lang_option

if TYPE_CHECKING:
    from ..pipeline import LangResult, Progress


def _engine(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    return validate_spec(value) if value is not None else None


def _cluster(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from ..engines.cluster import validate_address

    return validate_address(value) if value is not None else None


def _compute(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    return validate_compute_type(value) if value is not None else None


def describe(result: LangResult) -> str:
    """One line: what the memory and the engine gave this language pair."""
    pair = f"{result.src}→{result.lang}"
    if not result.pending:
        return f"{pair}: nothing to translate"
    parts = []
    if result.from_memory:
        parts.append(f"{result.from_memory} from memory")
    if result.similar:
        n = result.similar
        parts.append(
            f"{n} similar translation{'s' * (n != 1)} from memory "
            "(to check against the memory's source: `loctool diff --source`)"
        )
    if result.sent:
        parts.append(f"{result.sent - result.empty} from {result.engine}")
    if result.empty:
        parts.append(f"{result.empty} came back empty and stay untranslated")
    return f"{pair}: " + ("; ".join(parts) or "nothing filled")


class Bar:
    """The progress bar on stderr (a terminal only): moves per chunk, with units/s."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.start = 0.0
        self.done = 0

    def plan(self, total: int) -> None:
        if total and sys.stderr.isatty():
            self.bar = click.progressbar(
                length=total,
                label="translating",
                file=sys.stderr,
                show_eta=True,
                item_show_func=lambda rate: rate,
            )
            self.start = time.monotonic()

    def update(self, progress: Progress) -> None:
        if self.bar is None:
            return
        self.done += progress.units
        elapsed = max(time.monotonic() - self.start, 1e-6)
        where = f"{progress.src}→{progress.lang}"
        if progress.chunks:
            where += f" chunk {progress.chunk}/{progress.chunks}"
        self.bar.update(progress.units, f"{self.done / elapsed:.1f} units/s  {where}")

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.render_finish()


@contextlib.contextmanager
def stoppable() -> Iterator[None]:
    """Ctrl-C and SIGTERM stop the run at once (the current chunk is abandoned; every
    article finished so far is already saved): exit 130 and 143, one line."""

    def terminated(signum: int, frame: object) -> None:
        raise Interrupted("terminated; finished articles are saved", 143)

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    except (KeyboardInterrupt, Interrupted) as exc:
        stop = exc if isinstance(exc, Interrupted) else None
        stop = stop or Interrupted("interrupted; finished articles are saved", 130)
        if stream.abandoned():  # after the error line, skip the interpreter's shutdown
            atexit.register(_exit_now, stop.exit_code)
        raise stop from None
    finally:
        signal.signal(signal.SIGTERM, previous)


def _exit_now(code: int) -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


@click.command("translate")
@click.argument("sources", nargs=-1)
@lang_option()
@click.option(
    "--engine", callback=_engine, help="auto, argos, multilingual[:NAME] (all languages)."
)
@click.option(
    "--beam-size", type=click.IntRange(1, 16), default=None, help="Beam width (default 4)."
)
@click.option(
    "--device",
    type=click.Choice(DEVICES),
    default=None,
    help="Where CTranslate2 runs (default: translate.device, else auto: CUDA if a GPU is seen).",
)
@click.option(
    "--compute-type",
    callback=_compute,
    default=None,
    help="CTranslate2 compute type (default: int8 on CPU, int8_float16 on GPU).",
)
@click.option(
    "--cluster",
    "cluster",
    metavar="ADDRESS",
    callback=_cluster,
    help="Translate on a Ray cluster: auto, HOST:PORT, ray://HOST:PORT, or local.",
)
@click.option(
    "--refresh-changed",
    is_flag=True,
    help="Also give units whose source changed a fresh machine draft (old text kept visible).",
)
@click.option("--strict", is_flag=True, help="Exit 3 when some language has no engine.")
@click.option("--no-memory", is_flag=True, help="Do not reuse reviewed translations.")
@click.pass_obj
def translate_missing(
    app: App,
    sources: tuple[str, ...],
    only_langs: list[str] | None,
    engine: str | None,
    beam_size: int | None,
    device: str | None,
    compute_type: str | None,
    cluster: str | None,
    refresh_changed: bool,
    strict: bool,
    no_memory: bool,
) -> None:
    """Extract SOURCES (files or slugs; default: seeds/) and machine-translate what is missing.

    Reviewed translations are never touched; machine drafts are fuzzy and carry their
    provenance. Each language pair goes to the engine in chunks; an article is saved as
    soon as it is done, so Ctrl-C keeps every finished article."""
    from ..pipeline import translate

    project = app.project
    config = project.config
    options = DecodeOptions(
        beam_size=beam_size or config.beam_size, max_batch_tokens=config.batch_tokens
    )
    address = cluster or config.cluster_address
    requested = device or config.device
    compute = compute_type or config.compute_type
    runner: Runner
    with contextlib.ExitStack() as stack:
        if address:
            from ..engines.cluster import Cluster

            cluster_runner = stack.enter_context(
                Cluster(address, options, requested, compute, config.cluster_model_root)
            )
            cluster_runner.start()
            runner = cluster_runner
        else:
            chosen = select_device(requested, compute, "--device" if device else "translate.device")
            options = replace(options, device=chosen.name, compute_type=chosen.compute_type)
            runner = LocalRunner()
        bar = Bar()
        stack.callback(bar.finish)
        with stoppable():
            outcome = translate(
                project,
                sources,
                only_langs,
                engines=Engines(options, config.engines, engine),
                runner=runner,
                chunk_tokens=config.chunk_tokens,
                refresh_changed=refresh_changed,
                use_memory=not no_memory,
                on_plan=bar.plan,
                on_progress=bar.update,
            )
    for ex in outcome.extracted:
        if ex.written:
            click.echo(describe_extract(ex, project))
    problems = 0
    for result in outcome.langs:
        if result.from_memory or result.similar or result.sent or not result.pending:
            click.echo(describe(result))
        if result.problem:
            problems += 1
            click.echo(f"loctool: warning: {result.problem}", err=True)
    if strict and problems:
        sys.exit(3)
