"""The one error boundary (cli/__init__.py) and ``--debug``, in real processes.

Without ``--debug`` every failure is one line on stderr; with it, the traceback.  Errors
raised while click parses the command line happen before the group's callback runs, so
``--debug`` must be known before parsing: these tests pin all three kinds of failure.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import subprocess_env

# A bug stand-in: extract's stage raises an exception that is no LoctoolError.
BUG = (
    "import sys\n"
    "from loctool import pipeline\n"
    "def broken(*args, **kwargs):\n"
    "    raise RuntimeError('a bug in a stage')\n"
    "pipeline.extract = broken\n"
    "from loctool.cli import main\n"
    "sys.argv[0] = 'loctool'\n"
    "main()\n"
)


def loctool(project: Path, *args: str, bug: bool = False) -> subprocess.CompletedProcess[str]:
    head = ["-c", BUG] if bug else ["-m", "loctool"]
    return subprocess.run(
        [sys.executable, *head, *args],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        cwd=project,
        timeout=120,
    )


def one_line(done: subprocess.CompletedProcess[str], code: int) -> str:
    assert done.returncode == code, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("loctool: error: ")
    assert "Traceback" not in done.stderr
    return lines[0]


def traceback(done: subprocess.CompletedProcess[str], exception: str) -> None:
    assert done.returncode != 0
    assert "Traceback (most recent call last):" in done.stderr, done.stderr
    assert done.stderr.rstrip().splitlines()[-1].startswith(exception), done.stderr


USAGE_ERRORS = [
    pytest.param(["--no-such-option", "status"], "NoSuchOption", id="group-option"),
    pytest.param(["extract", "--no-such-option"], "NoSuchOption", id="command-option"),
    pytest.param(["status", "--lang"], "BadOptionUsage", id="missing-value"),
    pytest.param(["no-such-command"], "NoSuchCommand", id="unknown-command"),
]


@pytest.mark.parametrize(("args", "exception"), USAGE_ERRORS)
def test_a_usage_error_is_one_line_and_debug_shows_its_traceback(
    project: Path, args: list[str], exception: str
) -> None:
    line = one_line(loctool(project, *args), 2)
    assert "No such" in line or "requires an argument" in line
    traceback(loctool(project, "--debug", *args), f"click.exceptions.{exception}")


def test_debug_after_a_bad_group_option_still_counts(project: Path) -> None:
    """click stops at the unknown option; ``--debug`` after it is still the group's."""
    traceback(loctool(project, "--no-such-option", "--debug", "status"), "click.exceptions")


def test_a_loctool_error_in_a_command(project: Path) -> None:
    line = one_line(loctool(project, "extract", "seeds/nope.txt"), 2)
    assert line == "loctool: error: seeds/nope.txt: no such file"
    traceback(loctool(project, "--debug", "extract", "seeds/nope.txt"), "loctool.errors.")


def test_an_internal_error(project: Path) -> None:
    line = one_line(loctool(project, "extract", bug=True), 70)
    assert line == (
        "loctool: error: internal error: RuntimeError: a bug in a stage (rerun with --debug)"
    )
    traceback(loctool(project, "--debug", "extract", bug=True), "RuntimeError: a bug in a stage")


def test_debug_is_read_where_click_reads_it(project: Path) -> None:
    """Not a scan of the command line: after the command it is that command's (unknown)
    option; as the value of ``-C`` it is a folder name."""
    line = one_line(loctool(project, "status", "--debug"), 2)
    assert line == "loctool: error: No such option '--debug'."
    line = one_line(loctool(project, "-C", "--debug", "status"), 2)
    assert line == "loctool: error: --debug: no such project folder"
