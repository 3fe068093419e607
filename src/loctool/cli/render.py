"""``loctool render``: localized copies of the articles, and compiled ``.mo`` catalogs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from .app import App
from .options import lang_option

if TYPE_CHECKING:
    from ..render import Output


def describe(out: Output, rel: str) -> str:
    parts = [f"{out.origins[k]} {k}" for k in ("reviewed", "machine", "source") if out.origins[k]]
    units = sum(out.origins.values())
    state = "written" if out.path in out.written else "unchanged"
    return f"{rel}: {units} units ({', '.join(parts) or 'none to translate'}); {state}"


@click.command("render")
@click.argument("slug", required=False)
@lang_option()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Write copies under DIR/<lang>/ instead of out/<lang>/.",
)
@click.option(
    "--min-reviewed",
    type=click.FloatRange(0, 100),
    metavar="PCT",
    help="Skip a catalog with less than PCT percent of its units reviewed.",
)
@click.option(
    "--allow-machine",
    is_flag=True,
    help="Use machine drafts too (never 'changed' entries, whose source has changed).",
)
@click.option(
    "--allow-qa-errors",
    is_flag=True,
    help="Publish translations with QA errors nobody overrode (see `loctool check`).",
)
@click.option(
    "--fallback",
    type=click.Choice(["source"]),
    help="Keep the source text of units without a usable translation instead of failing.",
)
@click.pass_obj
def render_copies(
    app: App,
    slug: str | None,
    only_langs: list[str] | None,
    out_dir: Path | None,
    min_reviewed: float | None,
    allow_machine: bool,
    allow_qa_errors: bool,
    fallback: str | None,
) -> None:
    """Render localized copies of SLUG (default: every article) and compile .mo files.

    Nothing is written when any copy cannot be made under the chosen policy."""
    from ..render import Policy, Skipped, plan, write

    project = app.project
    if out_dir is not None and not out_dir.is_absolute():
        out_dir = project.cwd / out_dir
    policy = Policy(allow_machine, fallback == "source", min_reviewed, allow_qa_errors)
    result = write(plan(project, only_langs, slug, out_dir, policy))
    for item in result.items:
        if isinstance(item, Skipped):
            click.echo(f"skipped {item.lang}/{item.slug}: {item.reason}")
            continue
        click.echo(describe(item, project.rel(item.path)))
        state = "written" if item.mo_path in item.written else "unchanged"
        click.echo(f"{project.rel(item.mo_path)}: {item.messages} messages; {state}")
