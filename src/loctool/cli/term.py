"""Terminal output: colour only on a terminal (``NO_COLOR`` honoured), plain
``[-removed-]{+added+}`` marks otherwise, a pager for long output on a terminal
(colour there only where the pager shows it: ``less -R``), and lines wrapped at word
boundaries to the terminal's width."""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..errors import EditorFailed, UsageError

if TYPE_CHECKING:
    from ..views import Line

F = TypeVar("F", bound=Callable[..., Any])

STYLES: dict[str, dict[str, Any]] = {
    "del": {"fg": "red", "strikethrough": True},
    "ins": {"fg": "green", "underline": True},
    "head": {"bold": True},
    "meta": {"dim": True},
    "label": {"dim": True},
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
        from ..views import plain

        return plain(line)
    return "".join(click.style(text, **STYLES[role]) if role else text for role, text in line)


def emit(lines: list[Line], color: bool, pager: bool = True) -> None:
    """Print lines; through the pager when they would not fit a terminal screen."""
    height = shutil.get_terminal_size((80, 24)).lines
    if pager and isatty(sys.stdout) and len(lines) > height - 1:
        color = color and pager_shows_color()
        texts = [paint(line, color) for line in lines]
        click.echo_via_pager("\n".join(texts) + "\n", color=color)
        return
    for line in lines:
        click.echo(paint(line, color), color=color)


def pager_shows_color(environ: MutableMapping[str, str] = os.environ) -> bool:
    """Whether the pager (``$PAGER``, else ``less``) will show colour.  ``less`` does with
    ``-R`` (or ``-r``) in ``$LESS`` or on its command line; when ``$LESS`` is unset it
    is set to ``-R`` here (for the pager only: this process ends after paging), as git
    does.  Any other pager, or a ``less`` told otherwise, gets the plain marks
    ``[-…-]{+…+}`` instead of escape codes it would show raw."""
    try:
        command = shlex.split(environ.get("PAGER", "")) or ["less"]
        flags = shlex.split(environ.get("LESS", ""))
    except ValueError:
        return False
    if Path(command[0]).name != "less":
        return False
    if "LESS" not in environ and len(command) == 1:
        environ["LESS"] = "-R"
        return True
    return any(_raw_flag(token) for token in flags + command[1:])


def _raw_flag(token: str) -> bool:
    if token.startswith("--"):
        return token.lower() == "--raw-control-chars"
    return token.startswith("-") and "r" in token[1:].lower()


# --------------------------------------------------------------------------- $EDITOR


def editor_command() -> str:
    return os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"


def edit_text(text: str, suffix: str = ".txt") -> str | None:
    """``text`` edited in ``$VISUAL``/``$EDITOR`` (run by the shell, so ``code --wait``
    works); None when the file was not saved.  An editor that fails is
    :class:`EditorFailed`; one that cannot be started, or saves something that is not
    UTF-8, is a one-line :class:`UsageError`."""
    editor = editor_command()
    try:
        program = shlex.split(editor)[0]
    except (ValueError, IndexError):
        raise UsageError(f"cannot run {editor!r}", "$EDITOR") from None
    if shutil.which(program) is None:
        raise UsageError(f"cannot run {editor!r}: no such program", "$EDITOR")
    fd, name = tempfile.mkstemp(prefix="loctool-edit-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8"))
        before = os.stat(name).st_mtime_ns
        try:
            done = subprocess.run(f"{editor} {shlex.quote(name)}", shell=True, check=False)
        except OSError as exc:
            raise UsageError(f"cannot run {editor!r}: {exc.strerror}", "$EDITOR") from None
        if done.returncode in (126, 127):  # the shell could not find or run it
            raise UsageError(f"cannot run {editor!r} (not found or not executable)", "$EDITOR")
        if done.returncode != 0:
            raise EditorFailed(editor, done.returncode)
        if os.stat(name).st_mtime_ns == before:
            return None
        from .. import review

        with open(name, "rb") as fh:
            return review.decode_edit(fh.read(), editor)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


# --------------------------------------------------------------------------- wrapping


def width(stream: Any = None) -> int | None:
    """The columns to wrap to: the terminal's; on a pipe ``$COLUMNS`` when it is set,
    else None (no wrapping: a transcript keeps one line per text)."""
    stream = stream if stream is not None else sys.stdout
    if isatty(stream):
        return max(shutil.get_terminal_size((80, 24)).columns, 20)
    columns = os.environ.get("COLUMNS", "").strip()
    return max(int(columns), 20) if columns.isdigit() and int(columns) > 0 else None


def cells(text: str) -> int:
    """The terminal columns ``text`` takes: wide (CJK) characters two, combining marks
    and zero-width characters none."""
    total = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total


_PIECES = re.compile(r"\s+|\S+")
_MARKS = {"del": 4, "ins": 4}  # [-…-] and {+…+} when not in colour


def _merge(line: Line) -> Line:
    out: Line = []
    for role, text in line:
        if out and out[-1][0] == role:
            out[-1] = (role, out[-1][1] + text)
        elif text:
            out.append((role, text))
    return out


def _measure(line: Line, marks: bool) -> int:
    return sum(cells(text) + (_MARKS.get(role, 0) if marks else 0) for role, text in _merge(line))


def wrap(line: Line, columns: int | None, marks: bool = True) -> list[Line]:
    """``line`` cut at word boundaries into lines of at most ``columns`` cells (a word
    longer than a line is cut).  A line that starts with a label hangs its
    continuation lines after it.  ``marks``: the text is shown with ``[-…-]{+…+}``
    marks (no colour), which take room too."""
    if columns is None or _measure(line, marks) <= columns:
        return [line]
    hang: Line = []
    body = line
    if line and line[0][0] == "label":
        hang, body = [line[0]], line[1:]
    indent = cells(hang[0][1]) if hang else 0
    if columns - indent < 10:  # no room to hang: continue at the left edge
        indent = 0
    # words: runs of non-space pieces, possibly in several roles ("[-a-]{+b+}")
    groups: list[tuple[bool, Line]] = []
    for role, text in body:
        for piece in _PIECES.findall(text):
            space = piece.isspace()
            if groups and not space and not groups[-1][0]:
                groups[-1][1].append((role, piece))
            else:
                groups.append((space, [(role, piece)]))
    lines: list[Line] = []
    current: Line = list(hang)
    filled = False  # the current line has a word
    for space, group in groups:
        if space:
            if filled:
                current = current + group
            continue
        if filled and _measure(current + group, marks) > columns:
            lines.append(_rstrip(current))
            current, filled = ([("label", " " * indent)] if indent else []), False
        current, filled = current + group, True
        if _measure(current, marks) > columns:  # one word longer than a line
            *done, current = _cut(current, columns, indent, marks)
            lines.extend(done)
    lines.append(_rstrip(current))
    return [_merge(x) for x in lines]


def _cut(line: Line, columns: int, indent: int, marks: bool) -> list[Line]:
    """An over-long line cut character by character; the last part stays open."""
    out: list[Line] = []
    current: Line = []
    for role, text in line:
        for ch in text:
            candidate = [*current, (role, ch)]
            if current and _measure(candidate, marks) > columns:
                out.append(current)
                current = [("label", " " * indent), (role, ch)] if indent else [(role, ch)]
            else:
                current = candidate
    out.append(current)
    return out


def _rstrip(line: Line) -> Line:
    out = _merge(line)
    while out and out[-1][0] != "label" and not out[-1][1].strip():
        out.pop()
    if out and out[-1][0] != "label":
        out[-1] = (out[-1][0], out[-1][1].rstrip())
    return out
