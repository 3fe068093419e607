"""``loctool review``: walk the units that need a human, one decision at a time."""

from __future__ import annotations

import os
import sys
from collections import Counter

import click

from .. import review, reviewloop
from ..errors import EditorFailed, UsageError
from ..review import Conflict, Item
from ..views import Line, card, choices_line, conflict_lines, help_lines, labelled, prompt
from .app import App
from .options import reviewer_option
from .term import (
    color_option,
    edit_text,
    isatty,
    paint,
    wants_color,
    width,
    wrap,
)


def _prefilled_input(prompt: str, text: str) -> str:
    """``input()`` with the current translation ready to edit (GNU readline)."""
    try:
        import readline
    except ImportError:  # pragma: no cover - readline is missing on some platforms
        return input(prompt)
    readline.set_startup_hook(lambda: readline.insert_text(text))
    try:
        return input(prompt)
    finally:
        readline.set_startup_hook()


class TerminalUI:
    """The review loop's terminal: single keys on a terminal (``g`` and ``/`` go on to
    read the rest of the line), lines from a pipe.  Cards wrap at word boundaries to the
    terminal's width (``$COLUMNS`` on a pipe, when set)."""

    def __init__(self, color: bool, inline: bool, several: bool = False) -> None:
        self.color = color
        self.inline = inline or not (os.environ.get("VISUAL") or os.environ.get("EDITOR"))
        self.interactive = isatty(sys.stdin) and isatty(sys.stdout)
        self.several = several  # a review of several articles: cards name theirs
        self.first = True  # the card shown is the first of the queue

    def _echo(self, line: Line, nl: bool = True) -> None:
        """A line, wrapped at word boundaries; a prompt (``nl=False``) is left to the
        terminal, so that the answer follows it on its line."""
        parts = wrap(line, width(), marks=not self.color) if nl else [line]
        for part in parts[:-1]:
            click.echo(paint(part, self.color), color=self.color)
        click.echo(paint(parts[-1], self.color), nl=nl, color=self.color)

    def _read_line(self) -> str:
        line = sys.stdin.readline()
        if not line:
            click.echo()
            raise EOFError
        click.echo(line.rstrip("\n"))  # a transcript of piped input stays readable
        return line.rstrip("\n")

    def _input(self, prompt: Line, text: str = "") -> str:
        if not self.interactive:
            self._echo(prompt, nl=False)
            return self._read_line()
        # readline measures the prompt to redraw the line: give it plain text
        return _prefilled_input(paint(prompt, False), text)

    def show(self, item: Item, index: int, count: int) -> None:
        self.first = index == 1
        for line in card(item, index, count, article=self.several):
            self._echo(line)

    def key(self, item: Item) -> str:
        self._echo(prompt(item, back=not self.first), nl=False)
        if not self.interactive:
            return self._read_line()
        char = click.getchar()  # Ctrl-C → KeyboardInterrupt, Ctrl-D → EOFError
        if char[:1] not in LINE_KEYS:
            click.echo(char[:1] if char[:1].isprintable() else "")
            return char[:1]
        # g 12, /word: the rest of the line is the argument (a paste may bring it all)
        typed = char.rstrip("\r\n")
        click.echo(typed, nl=typed != char)
        if typed != char:
            return typed
        return typed + _prefilled_input(" " if typed == "g" else "", "")

    def ask(self, label: str) -> str:
        return self._input(labelled(label, ""))

    def pick(self, choices: tuple[tuple[str, str], ...]) -> str:
        self._echo(choices_line(choices), nl=False)
        if not self.interactive:
            return self._read_line()
        char = click.getchar()
        click.echo(char if char.isprintable() else "")
        return char

    def conflict(self, conflict: Conflict) -> None:
        for line in conflict_lines(conflict):
            self._echo(line)

    def edit(self, item: Item, text: str) -> str | None:
        if not self.inline:
            try:
                return edit_text(review.editor_text(item, text))
            except EditorFailed as exc:
                self.tell(f"the editor ({exc.editor}) exited with status {exc.status}", "warn")
                return None
        self.tell("type the translation; Enter saves it, an empty line cancels")
        return self._input(labelled("new", ""), text.strip("\n")) or None

    def tell(self, message: str, role: str = "meta") -> None:
        self._echo([(role, f"  {message}")])

    def help(self) -> None:
        for line in help_lines():
            self._echo(line)


LINE_KEYS = ("g", "/")


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
    type=click.Choice(review.ORDERS),
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
