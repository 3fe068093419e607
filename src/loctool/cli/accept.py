"""``loctool accept``: mark machine drafts reviewed without the interactive loop."""

from __future__ import annotations

import click

from .. import review
from ..errors import UsageError
from . import App


def _list(units: list[int]) -> str:
    return ", ".join(str(n) for n in units)


@click.command("accept")
@click.argument("lang")
@click.argument("slug", required=False)
@click.option("--all", "all_units", is_flag=True, help="Every machine and changed unit.")
@click.option(
    "--unit",
    "units",
    multiple=True,
    metavar="N",
    help="Unit number as `review` shows it (repeat, or 3,5,7-9).",
)
@click.option(
    "--only",
    type=click.Choice(["machine", "changed"]),
    default=None,
    help="With --all: only this kind of unit.",
)
@click.option("--reviewer", metavar="'NAME <MAIL>'", help="Who signs (default: git's user).")
@click.pass_obj
def command(
    app: App,
    lang: str,
    slug: str | None,
    all_units: bool,
    units: tuple[str, ...],
    only: str | None,
    reviewer: str | None,
) -> None:
    """Accept machine drafts as they are, without the review loop.

    N is the unit number `review` shows (unit N/M): the position among the catalog's
    units in document order.  Untranslated units cannot be accepted."""
    if all_units == bool(units):
        raise UsageError("give either --all or --unit N (one or more)")
    if only is not None and not all_units:
        raise UsageError("--only goes with --all", "--only")
    numbers = review.parse_units(units) if units else None
    project = app.project
    target = review.find_catalog(project, lang, slug)
    who = review.reviewer_identity(project, reviewer)
    kinds = frozenset({review.ONLY_CHOICES[only]}) if only else review.ACCEPTABLE
    result = review.accept_units(target, who, numbers, kinds)
    if result.accepted:
        click.echo(
            f"{target.label}: accepted {len(result.accepted)} "
            f"unit{'s' * (len(result.accepted) != 1)} ({_list(result.accepted)}) as {who}"
        )
    else:
        kind = f"{only} " if only else ""
        click.echo(f"{target.label}: no {kind}machine translations to accept")
    if result.already:
        click.echo(f"already reviewed: {_list(result.already)}")
    if result.untranslated:
        n = len(result.untranslated)
        click.echo(f"{n} untranslated unit{'s' * (n != 1)} left alone (nothing to accept)")
    if result.plural:
        n = len(result.plural)
        click.echo(
            f"{n} unit{'s' * (n != 1)} with plural forms left alone ({_list(result.plural)}): "
            "check them in a PO editor"
        )
