"""``loctool review``: walk the units that need a human, one decision at a time."""

from __future__ import annotations

import sys
from collections import Counter
from typing import TYPE_CHECKING

import click

from ..errors import UsageError
from ..model import REVIEW_ORDERS
from .app import App
from .options import reviewer_option
from .term import color_option, paint, wants_color

if TYPE_CHECKING:
    from ..review import Item


def _overview(pending: list[Item]) -> str:
    counts = Counter(i.state.value for i in pending)
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
    return f"{len(pending)} unit{'s' * (len(pending) != 1)} to review ({kinds})"


@click.command("review")
@click.argument("lang")
@click.argument("slug", required=False)
@click.option(
    "--only",
    "only",
    multiple=True,
    metavar="KIND",
    help="Only machine, changed, untranslated or reviewed units (repeat or comma-separate).",
)
@click.option(
    "--unit",
    "units",
    multiple=True,
    metavar="N",
    help="Only these units, any state, reviewed ones too (repeat, or 3,5,7-9).",
)
@click.option(
    "--order",
    type=click.Choice(REVIEW_ORDERS),
    default="document",
    show_default=True,
    help="document: article by article, unit by unit; risk: QA errors, then warnings, "
    "then the lowest engine confidence first.",
)
@reviewer_option
@click.option("--inline", is_flag=True, help="Edit on the prompt line instead of in $EDITOR.")
@color_option
@click.pass_obj
def review_units(
    app: App,
    lang: str,
    slug: str | None,
    only: tuple[str, ...],
    units: tuple[str, ...],
    order: str,
    reviewer: str | None,
    inline: bool,
    color: str,
) -> None:
    """Review a language unit by unit: accept, edit, skip, back, go to, find, comment.

    Walks the machine, changed and untranslated units of LANG's catalog of SLUG, or of
    every LANG catalog when SLUG is left out (article by article, in document order;
    --order risk: the riskiest units first).  --only reviewed or --unit N opens reviewed
    units again.  Keys: a accept, A accept despite QA errors (the override is
    recorded), e edit, s skip, p back, g N go to unit N (g ARTICLE:N in another
    article), /TEXT find, c comment, q quit, ? help.  A unit (or an edit) with QA
    errors is not saved on a; what msgfmt would reject is never saved.  Each decision
    is saved at once; quit any time and run again to resume."""
    from .. import review, reviewloop
    from .reviewui import TerminalUI

    project = app.project
    targets = review.find_catalogs(project, lang, slug)
    numbers = None
    if units:
        if len(targets) > 1:
            raise UsageError(
                f"{review.several(targets)}; name the one whose units --unit numbers",
                "--unit",
            )
        numbers = frozenset(review.units_to_review(targets[0], units))
    kinds = review.parse_only(only) if only or not units else review.EVERY_STATE
    session = review.Session(
        targets,
        review.reviewer_identity(project, reviewer),
        kinds,
        root=project.root,
        order=order,
        units=numbers,
    )
    use_color = wants_color(color)
    pending = session.pending()
    for target, plural in session.plural_left():
        click.echo(
            f"{target.label}: {plural} unit{'s' * (plural != 1)} with plural forms left out; "
            "review them in a PO editor"
        )
    if not pending:
        click.echo(f"nothing to review in {session.label}")
        return
    articles = len({i.slug for i in pending})
    where = f" in {articles} article{'s' * (articles != 1)}" if session.several else ""
    worst = " · riskiest first" if order == "risk" else ""
    click.echo(
        paint(
            [
                ("head", session.label if not session.several else session.lang),
                ("meta", f" · {_overview(pending)}{where}{worst} · reviewer {session.reviewer}"),
            ],
            use_color,
        ),
        color=use_color,
    )
    summary = reviewloop.run(session, TerminalUI(use_color, inline, several=session.several))
    if summary.ended == "interrupted":
        click.echo()
    click.echo(summary.line())
    if summary.ended == "interrupted":
        sys.exit(130)  # the shell's code for Ctrl-C; every decision is already saved
