"""``loctool diff``: source changes, machine → post-edit, or a catalog against a git
revision — word by word, entry by entry."""

from __future__ import annotations

import click

from ..errors import UsageError
from .app import App
from .options import lang_option
from .term import color_option, emit, wants_color


@click.command("diff")
@click.argument("slug", required=False)
@lang_option("Only these languages (comma-separated).")
@click.option("--source", "source", is_flag=True, help="What changed in the source (#|).")
@click.option("--mt", "mt", is_flag=True, help="Machine text → accepted translation.")
@click.option("--rev", metavar="REV", help="Catalogs now against the same files at git REV.")
@click.option("--stat", is_flag=True, help="Counts per catalog only.")
@click.option("--no-pager", is_flag=True, help="Never page long output.")
@color_option
@click.pass_obj
def show_diff(
    app: App,
    slug: str | None,
    only_langs: list[str] | None,
    source: bool,
    mt: bool,
    rev: str | None,
    stat: bool,
    no_pager: bool,
    color: str,
) -> None:
    """Show what changed: source, post-edits, or since a git revision.

    --source: changed units, previous → current source, word by word.  --mt: machine
    text → the reviewed translation.  --rev REV: each catalog against the same file at
    git revision REV, entry by entry.  Removed words are marked [-so-], added ones
    {+so+} (in colour on a terminal)."""
    from .. import diff, views

    modes = (("--source", source), ("--mt", mt), ("--rev", rev is not None))
    given = [name for name, on in modes if on]
    if len(given) != 1:
        both = f" (not {' and '.join(given)} together)" if given else ""
        raise UsageError(f"choose one of --source, --mt and --rev REV{both}")
    project = app.project
    if slug is not None:
        also = diff.slugs_at_rev(project, rev) if rev is not None else set()
        slug = project.article_slug(slug, also)
    refs = project.catalogs(only_langs, slug)
    if not refs and rev is None:
        which = f" of {slug}" if slug is not None else ""
        raise UsageError(f"no catalogs{which} to compare; run `loctool extract` first")
    if source:
        changes = diff.source_changes(refs)
        labels = [(r.lang, r.slug) for r in refs]
        lines = views.source_stat(changes, labels) if stat else views.source_view(changes)
    elif mt:
        reports = diff.post_edits(refs)
        lines = views.mt_stat(reports) if stat else views.mt_view(reports)
    else:
        assert rev is not None
        diffs = diff.rev_changes(project, rev, only_langs, slug)
        lines = views.rev_stat(diffs, rev) if stat else views.rev_view(diffs, rev)
    emit(lines, wants_color(color), pager=not no_pager)
