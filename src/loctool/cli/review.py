"""``loctool review``: walk the units that need a human, one decision at a time."""

from __future__ import annotations

import os
import sys
from collections import Counter

import click

from .. import review
from ..review import Item
from ..views import card, help_lines, labelled, prompt
from . import App
from .term import EditorFailed, color_option, edit_text, isatty, paint, wants_color


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
    """The review loop's terminal: single keys on a terminal, lines from a pipe."""

    def __init__(self, color: bool, inline: bool) -> None:
        self.color = color
        self.inline = inline or not (os.environ.get("VISUAL") or os.environ.get("EDITOR"))
        self.interactive = isatty(sys.stdin) and isatty(sys.stdout)

    def _echo(self, line: list[tuple[str, str]], nl: bool = True) -> None:
        click.echo(paint(line, self.color), nl=nl, color=self.color)

    def _read_line(self) -> str:
        line = sys.stdin.readline()
        if not line:
            click.echo()
            raise EOFError
        click.echo(line.rstrip("\n"))  # a transcript of piped input stays readable
        return line.rstrip("\n")

    def show(self, item: Item, index: int, count: int) -> None:
        for line in card(item, index, count):
            self._echo(line)

    def key(self, item: Item) -> str:
        self._echo(prompt(item), nl=False)
        if not self.interactive:
            return self._read_line()
        char = click.getchar()  # Ctrl-C → KeyboardInterrupt, Ctrl-D → EOFError
        click.echo(char if char.isprintable() else "")
        return char

    def edit(self, item: Item) -> str | None:
        if not self.inline:
            try:
                return edit_text(review.editor_text(item))
            except EditorFailed as exc:
                self.tell(f"the editor ({exc.editor}) exited with status {exc.status}", "warn")
                return None
        self.tell("type the translation; Enter saves it, an empty line cancels")
        if not self.interactive:
            self._echo(labelled("new", ""), nl=False)
            return self._read_line() or None
        # readline measures the prompt to redraw the line: give it plain text
        return _prefilled_input(paint(labelled("new", ""), False), item.msgstr.strip("\n")) or None

    def tell(self, message: str, role: str = "meta") -> None:
        self._echo([(role, f"  {message}")])

    def help(self) -> None:
        for line in help_lines():
            self._echo(line)


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
    help="Only machine, changed or untranslated units (repeat or comma-separate).",
)
@click.option("--reviewer", metavar="'NAME <MAIL>'", help="Who signs (default: git's user).")
@click.option("--inline", is_flag=True, help="Edit on the prompt line instead of in $EDITOR.")
@color_option
@click.pass_obj
def command(
    app: App,
    lang: str,
    slug: str | None,
    only: tuple[str, ...],
    reviewer: str | None,
    inline: bool,
    color: str,
) -> None:
    """Review a catalog unit by unit (accept, edit, skip, quit).

    Walks the machine, changed and untranslated units of LANG's catalog of SLUG (SLUG
    may be left out when LANG has one catalog) in document order.  Keys: a accept,
    A accept despite QA errors (the override is recorded), e edit, s skip, q quit,
    ? help.  A unit (or an edit) with QA errors is not saved on a; what msgfmt would
    reject is never saved.  Each decision is saved at once; quit any time and run again
    to resume with the units still to review."""
    project = app.project
    target = review.find_catalog(project, lang, slug)
    session = review.Session(
        target,
        review.reviewer_identity(project, reviewer),
        review.parse_only(only),
        root=project.root,
    )
    use_color = wants_color(color)
    pending = session.pending()
    plural = session.plural_left()
    if plural:
        click.echo(
            f"{target.label}: {plural} unit{'s' * (plural != 1)} with plural forms left out; "
            "review them in a PO editor"
        )
    if not pending:
        click.echo(f"nothing to review in {target.label}")
        return
    click.echo(
        paint(
            [
                ("head", f"{target.label}"),
                ("meta", f" · {_overview(pending)} · reviewer {session.reviewer}"),
            ],
            use_color,
        ),
        color=use_color,
    )
    summary = review.run(session, TerminalUI(use_color, inline))
    if summary.ended == "interrupted":
        click.echo()
    click.echo(summary.line())
    if summary.ended == "interrupted":
        sys.exit(130)  # the shell's code for Ctrl-C; every decision is already saved
