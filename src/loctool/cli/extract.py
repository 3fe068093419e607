"""``loctool extract``: segment sources, write templates, merge every target catalog."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from .app import App
from .options import lang_option

if TYPE_CHECKING:
    from ..pipeline import Extracted
    from ..project import Project


def describe(result: Extracted, project: Project) -> str:
    """``seeds/x.txt: tr, 24 units (23 distinct) → kk tg ru en; 2 new, 1 changed,
    1 removed, 20 unchanged; wrote 5 file(s)``, or ``…; unchanged`` when nothing was
    written.  The counts are distinct units against the previous template."""
    art = result.article
    units = art.translatable_units()
    distinct = len({u.msgid for u in units})
    head = (
        f"{project.rel(art.path)}: {result.source_lang}, {len(units)} units "
        f"({distinct} distinct) → {' '.join(result.targets) or 'no targets'}"
    )
    if not result.written:
        return f"{head}; unchanged"
    parts = []
    c = result.changes
    if c is not None:
        counts = (("new", c.new), ("changed", c.changed), ("removed", c.removed))
        parts = [f"{n} {what}" for what, n in (*counts, ("unchanged", c.unchanged)) if n]
    parts = [", ".join(parts)] if parts else []
    return "; ".join([head, *parts, f"wrote {len(result.written)} file(s)"])


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
def extract_sources(
    app: App, sources: tuple[str, ...], only_langs: list[str] | None, adopt: bool
) -> None:
    """Segment SOURCES (files or slugs; default: every article in seeds/) into catalogs.

    Per article: its units, the languages, and what changed against the previous
    template (new, changed, removed and unchanged units, as msgmerge counts them)."""
    from ..pipeline import extract

    project = app.project
    for result in extract(project, sources, only_langs, adopt):
        click.echo(describe(result, project))
