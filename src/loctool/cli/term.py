"""Terminal output: colour only on a terminal (``NO_COLOR`` honoured), plain
``[-removed-]{+added+}`` marks otherwise, and a pager for long output on a terminal."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..views import Line, plain

F = TypeVar("F", bound=Callable[..., Any])

STYLES: dict[str, dict[str, Any]] = {
    "del": {"fg": "red", "strikethrough": True},
    "ins": {"fg": "green", "underline": True},
    "head": {"bold": True},
    "meta": {"dim": True},
    "warn": {"fg": "yellow"},
    "ok": {"fg": "green"},
    "key": {"fg": "cyan", "bold": True},
    "added": {"fg": "green", "bold": True},
    "removed": {"fg": "red", "bold": True},
}


def color_option(f: F) -> F:
    return click.option(
        "--color",
        "color",
        type=click.Choice(["auto", "always", "never"]),
        default="auto",
        show_default=True,
        help="Colour output; auto = on a terminal, unless NO_COLOR is set.",
    )(f)


def isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def wants_color(choice: str, stream: Any = None) -> bool:
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return isatty(stream if stream is not None else sys.stdout)


def paint(line: Line, color: bool) -> str:
    if not color:
        return plain(line)
    return "".join(click.style(text, **STYLES[role]) if role else text for role, text in line)


def emit(lines: list[Line], color: bool, pager: bool = True) -> None:
    """Print lines; through the pager when they would not fit a terminal screen."""
    texts = [paint(line, color) for line in lines]
    height = shutil.get_terminal_size((80, 24)).lines
    if pager and isatty(sys.stdout) and len(texts) > height - 1:
        click.echo_via_pager("\n".join(texts) + "\n", color=color)
        return
    for text in texts:
        click.echo(text, color=color)
