"""The review loop's terminal (:class:`TerminalUI`), for ``loctool review``."""

from __future__ import annotations

import os
import sys

import click

from .. import review
from ..errors import EditorFailed
from ..review import Conflict, Item
from ..views import Line, card, choices_line, conflict_lines, help_lines, labelled, prompt
from .term import edit_text, isatty, paint, width, wrap


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
