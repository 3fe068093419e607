"""``loctool extract``: segment sources, write templates, merge every target catalog."""

from __future__ import annotations

import click

from ..pipeline import extract
from . import App
from .options import lang_option


@click.command("extract")
@click.argument("sources", nargs=-1)
@lang_option()
@click.option(
    "--adopt",
    is_flag=True,
    help="Merge even into a catalog that is not the article's (another project's, or one "
    "whose translations would mostly become obsolete).",
)
@click.pass_obj
def command(app: App, sources: tuple[str, ...], only_langs: list[str] | None, adopt: bool) -> None:
    """Segment SOURCES (default: every article in seeds/) into catalogs."""
    project = app.project
    for result in extract(project, sources, only_langs, adopt):
        art = result.article
        units = len(art.translatable_units())
        distinct = len({u.msgid for u in art.translatable_units()})
        state = f"wrote {len(result.written)} file(s)" if result.written else "unchanged"
        click.echo(
            f"{project.rel(art.path)}: {result.source_lang}, {units} units "
            f"({distinct} distinct) → {' '.join(result.targets) or 'no targets'}; {state}"
        )
