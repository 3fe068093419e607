"""``loctool status``: units, words and review progress per article × language.

``reviewed`` counts reviewed units that pass the publication gate; a reviewed unit with
an error-level QA finding nobody overrode is in ``reviewed_with_errors`` instead (and
not in ``reviewed%``); ``overridden`` counts the reviewed units accepted over QA errors,
with the override on record (``loctool check`` lists them); ``confidence`` is the mean
engine confidence of the units whose machine origin records one."""

from __future__ import annotations

import json

import click

from ..stats import Row, collect
from .app import App
from .options import json_option, lang_option

COLUMNS = (
    "units",
    "words",
    "reviewed",
    "reviewed_with_errors",
    "overridden",
    "machine",
    "changed",
    "untranslated",
    "qa_warnings",
)


def format_table(rows: list[Row]) -> str:
    width = max([len("article")] + [len(r.slug) for r in rows])
    head = (
        f"{'article':<{width}}  lang  " + "  ".join(COLUMNS) + "  reviewed%  post-edit  confidence"
    )
    lines = [head]
    for r in rows:
        cells = "  ".join(f"{getattr(r, c):>{len(c)}}" for c in COLUMNS)
        post_edit = "–" if r.post_edit is None else f"{r.post_edit:.3f}"
        confidence = "–" if r.confidence is None else f"{r.confidence:.3f}"
        lines.append(
            f"{r.slug:<{width}}  {r.lang:<4}  {cells}  {r.reviewed_pct:>8.1f}%  {post_edit:>9}"
            f"  {confidence:>10}"
        )
    return "\n".join(lines)


@click.command("status")
@click.argument("slug", required=False)
@lang_option("Only these languages (comma-separated).")
@json_option
@click.pass_obj
def show_status(
    app: App, slug: str | None, only_langs: list[str] | None, as_json: bool
) -> None:
    """Units, words, reviewed / machine / changed / untranslated per catalog."""
    project = app.project
    if slug is not None:
        slug = project.article_slug(slug)
    rows = collect(project, only_langs, slug)
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=2))
    elif not rows:
        which = f" for {slug}" if slug is not None else ""
        click.echo(f"no catalogs yet{which}; run `loctool extract` or `loctool translate`")
    else:
        click.echo(format_table(rows))
