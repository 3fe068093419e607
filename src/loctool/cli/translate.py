"""``loctool translate``: the main job — extract, then machine-translate what is missing."""

from __future__ import annotations

import sys
from typing import Any

import click

from ..engines.base import DecodeOptions
from ..engines.select import Engines, validate_spec
from ..pipeline import LangResult, translate
from ..qa import machine_notes
from . import App
from .options import lang_option


def _engine(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    return validate_spec(value) if value is not None else None


def describe(result: LangResult) -> str:
    """One line: what the memory and the engine gave this language pair."""
    pair = f"{result.src}→{result.lang}"
    if not result.pending:
        return f"{pair}: nothing to translate"
    parts = []
    if result.from_memory:
        parts.append(f"{result.from_memory} from memory")
    if result.similar:
        parts.append(f"{result.similar} similar in memory (marked changed: check the #| diff)")
    if result.sent:
        parts.append(f"{result.sent - result.empty} from {result.engine}")
    if result.empty:
        parts.append(f"{result.empty} came back empty and stay untranslated")
    return f"{pair}: " + ("; ".join(parts) or "nothing filled")


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
    "--refresh-changed",
    is_flag=True,
    help="Also give units whose source changed a fresh machine draft (old text kept visible).",
)
@click.option("--strict", is_flag=True, help="Exit 3 when some language has no engine.")
@click.option("--no-memory", is_flag=True, help="Do not reuse reviewed translations.")
@click.pass_obj
def command(
    app: App,
    sources: tuple[str, ...],
    only_langs: list[str] | None,
    engine: str | None,
    beam_size: int | None,
    refresh_changed: bool,
    strict: bool,
    no_memory: bool,
) -> None:
    """Extract SOURCES (default: all of seeds/) and machine-translate every untranslated unit.

    Reviewed translations are never touched; machine drafts are fuzzy and carry their
    provenance. All units of a language pair go to the engine in one batch."""
    project = app.project
    options = DecodeOptions(
        beam_size=beam_size or project.config.beam_size,
        max_batch_tokens=project.config.batch_tokens,
    )
    engines = Engines(options, project.config.engines, engine)
    bar: Any = None

    def plan(total: int) -> None:
        nonlocal bar
        if total and sys.stderr.isatty():
            bar = click.progressbar(length=total, label="translating", file=sys.stderr)

    def report(result: LangResult) -> None:
        if bar is not None:
            bar.update(result.pending)

    outcome = translate(
        project,
        sources,
        only_langs,
        engines=engines,
        refresh_changed=refresh_changed,
        use_memory=not no_memory,
        qa_notes=machine_notes,
        on_plan=plan,
        on_language=report,
    )
    if bar is not None:
        bar.render_finish()
    for ex in outcome.extracted:
        if ex.written:
            click.echo(f"{project.rel(ex.article.path)}: catalogs updated from the source")
    problems = 0
    for result in outcome.langs:
        if result.from_memory or result.similar or result.sent or not result.pending:
            click.echo(describe(result))
        if result.problem:
            problems += 1
            click.echo(f"loctool: warning: {result.problem}", err=True)
    if strict and problems:
        sys.exit(3)
