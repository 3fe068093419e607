"""The ``loctool`` command group.

A thin layer: each command lives in its own module, parses options, calls a stage and
prints.  Library errors become one line, ``loctool: error: <where>: <what>``, with exit
code 2, here and only here; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..errors import LoctoolError
from ..project import Project


@dataclass
class App:
    """Shared state of one invocation (``ctx.obj``)."""

    start: Path
    debug: bool
    _project: Project | None = None

    @property
    def project(self) -> Project:
        if self._project is None:
            self._project = Project.discover(self.start)
        return self._project

    def relative(self, where: str) -> str:
        """An absolute path inside the project, as a path relative to its root (the
        form of every other path loctool shows); anything else as it is."""
        path = Path(where)
        if not path.is_absolute():
            return where
        root = self._project.root if self._project is not None else self.start.resolve()
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return where


def _fail(message: str, code: int) -> None:
    click.echo(f"loctool: error: {message}", err=True)
    sys.exit(code)


class LoctoolGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LoctoolError as exc:
            if isinstance(ctx.obj, App) and exc.where is not None:
                exc.where = ctx.obj.relative(exc.where)
            raise
        except OSError as exc:
            if isinstance(ctx.obj, App) and isinstance(exc.filename, str):
                exc.filename = ctx.obj.relative(exc.filename)
            raise

    def main(  # type: ignore[override]
        self, args: Sequence[str] | None = None, prog_name: str | None = None, **extra: Any
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        debug = "--debug" in argv
        extra.pop("standalone_mode", None)
        try:
            rv = super().main(argv, prog_name or "loctool", standalone_mode=False, **extra)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            if debug:
                raise
            _fail(exc.format_message(), exc.exit_code)
        except LoctoolError as exc:
            if debug:
                raise
            _fail(str(exc), exc.exit_code)
        except (click.exceptions.Abort, KeyboardInterrupt):
            if debug:
                raise
            _fail("interrupted", 130)
        except OSError as exc:
            if debug:
                raise
            where = f"{exc.filename}: " if exc.filename else ""
            _fail(f"{where}{exc.strerror or exc}", 2)
        except Exception as exc:  # a bug: still one line unless --debug
            if debug:
                raise
            _fail(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug)", 70)
        if isinstance(rv, int) and rv:  # ctx.exit(n) returns n when not standalone
            sys.exit(rv)
        return rv


@click.group(cls=LoctoolGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-C",
    "--project",
    "project_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Project folder (default: nearest folder upwards with loctool.toml, else here).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(__version__, prog_name="loctool")
@click.pass_context
def cli(ctx: click.Context, project_dir: Path | None, debug: bool) -> None:
    """Offline translation workflow: articles → gettext catalogs → review → copies."""
    if project_dir is not None and not project_dir.is_dir():
        raise LoctoolError("no such project folder", project_dir)
    ctx.obj = App(start=project_dir or Path.cwd(), debug=debug)


def main() -> None:
    cli()


from . import accept as _accept  # noqa: E402
from . import check as _check  # noqa: E402
from . import diff as _diff  # noqa: E402
from . import extract as _extract  # noqa: E402
from . import memory as _memory  # noqa: E402
from . import models as _models  # noqa: E402
from . import render as _render  # noqa: E402
from . import review as _review  # noqa: E402
from . import status as _status  # noqa: E402
from . import translate as _translate  # noqa: E402

for _module in (
    _extract,
    _translate,
    _status,
    _review,
    _accept,
    _diff,
    _models,
    _memory,
    _check,
    _render,
):
    command = _module.command
    # The first line of the docstring, whole: click would cut it at 45 characters.
    command.short_help = command.short_help or (command.help or "").strip().split("\n")[0]
    cli.add_command(command)
