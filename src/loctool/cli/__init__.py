"""The ``loctool`` command group.

A thin layer: each command lives in its own module, parses options, calls a stage and
prints.  Library errors become one line, ``loctool: error: <where>: <what>``, with exit
code 2, here and only here; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..errors import LoctoolError
from .accept import accept_units
from .app import App
from .check import check_catalogs
from .diff import show_diff
from .extract import extract_sources
from .memory import manage_memory
from .models import manage_models
from .render import render_copies
from .review import review_units
from .status import show_status
from .translate import translate_missing

# Every command of ``loctool`` (``--help`` lists them by name).
COMMANDS: tuple[click.Command, ...] = (
    extract_sources,
    translate_missing,
    show_status,
    review_units,
    accept_units,
    show_diff,
    manage_models,
    manage_memory,
    check_catalogs,
    render_copies,
)


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

    def debug_requested(self, argv: Sequence[str]) -> bool:
        """Whether ``--debug`` is one of the group's own options, as click reads them
        (so neither ``loctool extract --debug`` nor ``-C --debug`` is it).  Read first,
        leniently (click's resilient parsing: no callbacks, no errors; unknown options
        skipped): the real parse may fail before the group's callback runs, and that
        error must show as asked."""
        ctx = self.make_context(
            "loctool", list(argv), resilient_parsing=True, ignore_unknown_options=True
        )
        return bool(ctx.params.get("debug"))

    def main(  # type: ignore[override]
        self, args: Sequence[str] | None = None, prog_name: str | None = None, **extra: Any
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        debug = self.debug_requested(argv)
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
    # ``debug`` was read by LoctoolGroup.debug_requested, before any parsing could fail.
    if project_dir is not None and not project_dir.is_dir():
        raise LoctoolError("no such project folder", project_dir)
    ctx.obj = App(start=project_dir or Path.cwd())


def _whole_summaries(command: click.Command) -> None:
    """Give ``command`` (and a group's subcommands) the first paragraph of its help,
    whole, as its line in the listing: click would cut it at 45 characters."""
    if not command.short_help:
        paragraph = (command.help or "").strip().split("\n\n")[0]
        command.short_help = " ".join(paragraph.split())
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _whole_summaries(sub)


for _command in COMMANDS:
    _whole_summaries(_command)
    cli.add_command(_command)


def main() -> None:
    cli()

