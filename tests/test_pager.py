"""Long output goes through the pager with colour only where the pager shows it (issue 15:
``diff --rev`` in ``less`` showed raw ``ESC[1m``): ``less`` gets ``LESS=-R`` when
``$LESS`` is unset; a pager that would show escape codes raw gets the plain marks."""

from __future__ import annotations

import os
import stat
import subprocess
import time
from pathlib import Path

import pytest

from loctool import catalog
from loctool.cli.term import pager_shows_color

from .conftest import SLUG, Runner, loctool_argv, po_path, subprocess_env

ESC = "\x1b["


@pytest.mark.parametrize(
    ("environ", "shows", "less_after"),
    [
        ({}, True, "-R"),  # less, LESS unset: -R is added, as git does
        ({"PAGER": "/usr/bin/less"}, True, "-R"),
        ({"LESS": "-FRX"}, True, "-FRX"),  # the user's own flags with -R
        ({"LESS": "--raw-control-chars"}, True, "--raw-control-chars"),
        ({"LESS": "-FX"}, False, "-FX"),  # the user's flags without -R: left alone
        ({"PAGER": "less -R"}, True, None),
        ({"PAGER": "less -S"}, False, None),  # told otherwise on its command line
        ({"PAGER": "more"}, False, None),  # shows escape codes raw
        ({"PAGER": "cat"}, False, None),
    ],
)
def test_which_pagers_get_colour(environ: dict[str, str], shows: bool, less_after) -> None:
    env = dict(environ)
    assert pager_shows_color(env) is shows
    assert env.get("LESS") == less_after


@pytest.fixture
def changed_project(project: Path, run: Runner) -> Path:
    """A reviewed kk unit whose source then changed: ``diff --source`` has a word diff."""
    assert run("extract", "--lang", "kk").exit_code == 0
    path = po_path(project, "kk", SLUG)
    po = catalog.load(path)
    entry = po[2]
    catalog.accept(entry, "Екі тарап та тауар айналымын арттыруға мүдделі.")
    catalog.save(po, path)
    source = project / "seeds" / f"{SLUG}.txt"
    source.write_text(
        source.read_text("utf-8").replace(entry.msgid, entry.msgid.replace(" ", " hızla ", 1)),
        "utf-8",
    )
    assert run("extract", "--lang", "kk").exit_code == 0
    return project


def paged(project: Path, tmp_path: Path, **extra: str) -> tuple[str, str]:
    """Run ``diff --source --color always`` on a 5-line terminal with a recording ``less``
    first on PATH; returns what the pager got on stdin and its ``$LESS``."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    less = bin_dir / "less"
    less.write_text(
        "#!/bin/sh\n"
        f'printf %s "${{LESS-(unset)}}" > "{tmp_path}/less-env"\n'
        f'cat > "{tmp_path}/paged"\n',
        encoding="utf-8",
    )
    less.chmod(less.stat().st_mode | stat.S_IXUSR)
    env = subprocess_env()
    for name in ("PAGER", "LESS"):
        env.pop(name, None)
    env.update(PATH=f"{bin_dir}{os.pathsep}{env['PATH']}", LINES="5", COLUMNS="80", **extra)
    master, slave = os.openpty()
    try:
        child = subprocess.Popen(
            loctool_argv(project, "diff", "--source", "--color", "always"),
            stdin=slave,
            stdout=slave,
            stderr=subprocess.PIPE,
            env=env,
        )
        os.close(slave)
        _, err = child.communicate(timeout=60)
    finally:
        os.close(master)
    assert child.returncode == 0, err
    deadline = time.monotonic() + 10
    while not (tmp_path / "less-env").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return (tmp_path / "paged").read_text("utf-8"), (tmp_path / "less-env").read_text("utf-8")


def test_less_gets_minus_r_and_the_colours(changed_project: Path, tmp_path: Path) -> None:
    text, less_env = paged(changed_project, tmp_path)
    assert less_env == "-R"
    assert ESC in text and "hızla" in text
    assert "{+" not in text


def test_a_less_without_r_gets_plain_marks(changed_project: Path, tmp_path: Path) -> None:
    text, less_env = paged(changed_project, tmp_path, LESS="-FX")
    assert less_env == "-FX"
    assert ESC not in text
    assert "Her{+ hızla+} iki" in text  # the change is still marked, in the plain form
