"""``loctool memory``: import translation memories, see what the memory holds."""

from __future__ import annotations

from pathlib import Path

import click

from .app import App
from .options import lang_option


@click.group("memory")
def manage_memory() -> None:
    """The translation memory: reviewed units reused before machine translation."""


@manage_memory.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--source-lang", help="Source language, when the file does not say.")
@lang_option("Only these target languages of the file (comma-separated).")
@click.pass_obj
def import_(app: App, file: Path, source_lang: str | None, only_langs: list[str] | None) -> None:
    """Add the translations of FILE (.po or TMX 1.4) to memory/<src>-<tgt>.po."""
    from .. import memory as tm

    project = app.project
    for result in tm.import_file(project, file, source_lang, only_langs):
        click.echo(
            f"{result.src}→{result.tgt}: {result.added} unit(s) added to "
            f"{project.rel(result.path)}"
            + (f", {result.skipped} already known or empty" if result.skipped else "")
        )


@manage_memory.command("stats")
@click.pass_obj
def stats(app: App) -> None:
    """Units per language pair: reviewed in the project's catalogs, and imported."""
    from .. import memory as tm
    from ..catalog import load

    project = app.project
    imported = project.memory_files()
    pairs = set(imported)
    for ref in project.catalogs():
        src = tm.source_language(load(ref.path), project.rel(ref.path))
        if src:
            pairs.add((src, ref.lang))
    if not pairs:
        click.echo("the memory is empty: review some units, or `loctool memory import FILE`")
    for src, tgt in sorted(pairs):
        size = len(tm.build(project, src, tgt))
        path = imported.get((src, tgt))
        extra = f" (imports: {project.rel(path)})" if path is not None else ""
        click.echo(f"{src}→{tgt}: {size} unit(s){extra}")
