"""``loctool accept``: mark machine drafts reviewed without the interactive loop.

Every unit goes through the publication gate: one with an error-level QA finding is
refused (one line each: unit, check, message; exit 1) unless ``--force``, which records
the override on the entry; what msgfmt would reject is refused even with ``--force``.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from ..errors import UsageError
from .app import App
from .options import reviewer_option

if TYPE_CHECKING:
    from ..review import Refusal


def _list(units: list[int]) -> str:
    return ", ".join(str(n) for n in units)


@click.command("accept")
@click.argument("lang")
@click.argument("slug", required=False)
@click.option("--all", "all_units", is_flag=True, help="Every machine draft.")
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
@click.option(
    "--include-changed",
    is_flag=True,
    help="With --all: also units whose source changed since they were translated.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Accept despite QA errors; the override is recorded on each unit "
    "(never for what msgfmt would reject).",
)
@reviewer_option
@click.pass_obj
def accept_units(
    app: App,
    lang: str,
    slug: str | None,
    all_units: bool,
    units: tuple[str, ...],
    only: str | None,
    include_changed: bool,
    force: bool,
    reviewer: str | None,
) -> None:
    """Accept machine drafts as they are, without the review loop.

    N is the unit number `review` shows (unit N/M): the position among the catalog's
    units in document order.  Untranslated units cannot be accepted.  --all takes
    machine drafts; units whose source changed need --include-changed.  A unit with a
    QA error is refused (exit 1) unless --force, which records the override."""
    from .. import review

    if all_units == bool(units):
        raise UsageError("give either --all or --unit N (one or more)")
    if only is not None and not all_units:
        raise UsageError("--only goes with --all", "--only")
    if include_changed and not all_units:
        raise UsageError("--include-changed goes with --all", "--include-changed")
    ranges = review.parse_units(units) if units else None
    project = app.project
    target = review.find_catalog(project, lang, slug)
    who = review.reviewer_identity(project, reviewer)
    numbers = review.unit_numbers(target, ranges) if ranges is not None else None
    kinds = frozenset({review.ONLY_CHOICES[only]}) if only else review.ACCEPTABLE
    result = review.accept_units(
        target,
        who,
        numbers,
        kinds,
        include_changed=include_changed,
        force=force,
        root=project.root,
    )
    if result.accepted:
        forced = ""
        if result.overridden:
            n = len(result.overridden)
            forced = (
                f"; QA errors overridden on {n} unit{'s' * (n != 1)} "
                f"({_list(result.overridden)}), recorded on each"
            )
        click.echo(
            f"{target.label}: accepted {len(result.accepted)} "
            f"unit{'s' * (len(result.accepted) != 1)} ({_list(result.accepted)}) as {who}" + forced
        )
    elif not result.refused:
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
    if result.changed:
        n = len(result.changed)
        click.echo(
            f"{n} changed unit{'s' * (n != 1)} left alone ({_list(result.changed)}): the "
            "source changed since translation; review them, or add --include-changed"
        )
    if result.similar:
        n = len(result.similar)
        click.echo(
            f"{n} similar translation{'s' * (n != 1)} from memory left alone "
            f"({_list(result.similar)}): made for a similar source; review them, or add "
            "--include-changed"
        )
    if result.refused:
        for refusal in result.refused:
            click.echo(refusal_line(target.label, refusal))
        n = len(result.refused)
        fatal = sum(r.fatal for r in result.refused)
        hint = "fix them in `loctool review`"
        if fatal < n and not force:
            hint += ", or accept despite the errors with --force (recorded on each unit)"
        click.echo(f"{target.label}: {n} unit{'s' * (n != 1)} refused for QA errors; {hint}")
        sys.exit(1)


def refusal_line(label: str, refusal: Refusal) -> str:
    """``kk/slug: unit 5 refused: script: message[; check: message …]``."""
    found = "; ".join(f"{i.check}: {i.message}" for i in refusal.issues)
    never = " (msgfmt would reject it: no override)" if refusal.fatal else ""
    return f"{label}: unit {refusal.unit} refused: {found}{never}"
