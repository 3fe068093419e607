"""Crashes (issue 8): ``translate`` and ``review`` killed with SIGKILL in real subprocesses.

The kill is deterministic: ``tests/crashshim/sitecustomize.py`` (put on the child's
``PYTHONPATH`` only) makes the child SIGKILL itself at the n-th machine-translation batch
or at the n-th rename of a catalog's temp file.  After every kill each catalog parses and
holds either its old or its new content, work finished before the kill is kept, and the
next run finishes the job (removing the temp file a killed write left behind).

``tests/test_review.py`` covers a review killed *between* decisions; here it is killed
*while saving* one.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from loctool import catalog, files
from loctool.model import State

from .conftest import Runner, loctool_argv, po_rel, snapshot, subprocess_env
from .reviewkit import REVIEWER, hide_identity, machine_project

SHIM = Path(__file__).resolve().parent / "crashshim"
LANGS = ("en", "ru")


def crash_env(target: str, nth: int, file: str = "") -> dict[str, str]:
    env = subprocess_env()
    env["PYTHONPATH"] = str(SHIM) + os.pathsep + env["PYTHONPATH"]
    env["LOCTOOL_TEST_KILL"] = f"{target}:{nth}"
    env["LOCTOOL_TEST_KILL_FILE"] = file
    return env


def killed(project: Path, env: dict[str, str], *args: str, stdin: str = "") -> None:
    done = subprocess.run(
        loctool_argv(project, *args),
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == -signal.SIGKILL, done.stdout + done.stderr


def temps(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.tmp"))


def every_catalog_parses(root: Path) -> None:
    for path in sorted(root.glob("locales/**/*.po*")):
        if path.suffix in (".po", ".pot"):
            catalog.load(path)  # strict; msgfmt --check runs on them after the test too


@pytest.fixture
def translated(project: Path, run: Runner, install_pairs, tmp_path: Path) -> dict[str, bytes]:
    """Extract the seed for en and ru; return what an uninterrupted translate writes
    (computed in a twin copy of the project)."""
    install_pairs("tr-en", "en-ru")
    assert run("extract", "--lang", "en,ru").exit_code == 0
    twin = tmp_path / "twin"
    shutil.copytree(project, twin)
    result = run("translate", "--lang", "en,ru", root=twin)
    assert result.exit_code == 0, result.output
    new = snapshot(twin)
    shutil.rmtree(twin)
    return new


# --------------------------------------------------------------------------- translate


@pytest.mark.parametrize(("nth", "finished"), [(1, ()), (2, ("en",))], ids=["first", "second"])
def test_translate_killed_between_batches(
    project: Path, run: Runner, translated: dict[str, bytes], nth: int, finished: tuple[str, ...]
) -> None:
    old = snapshot(project)
    for lang in LANGS:
        assert translated[po_rel(lang)] != old[po_rel(lang)]

    # en is translated first (tr→en), then ru through English (en→ru): batch 1, batch 2.
    killed(project, crash_env("translate_pieces", nth), "translate", "--lang", "en,ru")

    after = snapshot(project)
    assert set(after) == set(old), "nothing created, nothing lost"
    every_catalog_parses(project)
    for name, data in after.items():
        assert data in (old[name], translated[name]), name
    for lang in LANGS:
        expected = translated if lang in finished else old
        assert after[po_rel(lang)] == expected[po_rel(lang)], lang
    assert temps(project) == []

    # The next run keeps what was finished and does the rest.
    result = run("translate", "--lang", "en,ru")
    assert result.exit_code == 0, result.output
    for lang in finished:
        assert f"tr→{lang}: nothing to translate" in result.stdout
    assert snapshot(project) == translated


def test_translate_killed_while_writing_a_catalog(
    project: Path, run: Runner, translated: dict[str, bytes]
) -> None:
    old = snapshot(project)
    ru = po_rel("ru")
    killed(project, crash_env("replace", 1, ru), "translate", "--lang", "en,ru")

    every_catalog_parses(project)
    after = snapshot(project)
    (temp,) = temps(project)  # the complete new ru catalog, never renamed into place
    folder, name = po_rel("ru").rsplit("/", 1)
    assert temp.startswith(f"{folder}/.{name}.")
    assert after.pop(temp) == translated[ru]
    assert after[po_rel("en")] == translated[po_rel("en")], "en was saved before"
    assert after[ru] == old[ru], "ru holds its old content"

    # Every other command ignores the leftover temp file …
    status = run("status", "--json")
    assert status.exit_code == 0 and '"untranslated": 23' in status.stdout
    assert run("check", "--lang", "ru").exit_code == 0
    assert run("extract", "--lang", "en,ru").stdout.count("unchanged") == 1
    # … and the next write of that catalog removes it.
    result = run("translate", "--lang", "en,ru")
    assert result.exit_code == 0, result.output
    assert temps(project) == []
    assert snapshot(project) == translated


# --------------------------------------------------------------------------- review


def test_review_killed_while_saving_a_decision(
    project: Path, run: Runner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    hide_identity(monkeypatch, tmp_path)
    path = machine_project(run, project)
    rel = po_rel("kk")
    review = ("review", "kk", "--inline", "--reviewer", REVIEWER)
    # the first decision is saved; the process dies while renaming the second one's file
    killed(project, crash_env("replace", 2, rel), *review, stdin="a\na\na\n")

    every_catalog_parses(project)
    states = [e.state for e in catalog.load(path).active()]
    assert states[:3] == [State.REVIEWED, State.MACHINE, State.MACHINE]
    (temp,) = temps(project)
    new = catalog.load(project / temp).active()  # complete, fsynced
    assert [e.state for e in new[:3]] == [State.REVIEWED, State.REVIEWED, State.MACHINE]

    result = run(*review, input="a\nq\n")
    assert result.exit_code == 0, result.output
    assert "unit 2/23" in result.stdout
    states = [e.state for e in catalog.load(path).active()]
    assert states[:3] == [State.REVIEWED, State.REVIEWED, State.MACHINE]
    assert temps(project) == []


# --------------------------------------------------------------------------- temp files


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_stale_temps_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    target = tmp_path / "x.txt"
    dead = tmp_path / f".x.txt.{_dead_pid()}.abc123.tmp"
    live = tmp_path / f".x.txt.{os.getppid()}.def456.tmp"  # pytest's parent: alive
    legacy_old = tmp_path / ".x.txt.k2j3h4.tmp"  # no pid: removed only when old
    legacy_new = tmp_path / ".x.txt.q8w7e6.tmp"
    other = tmp_path / ".y.txt.1.abc.tmp"  # another file's temp
    for p in (dead, live, legacy_old, legacy_new, other):
        p.write_text("partial", encoding="utf-8")
    an_hour_ago = time.time() - files.STALE_AFTER - 60
    os.utime(legacy_old, (an_hour_ago, an_hour_ago))

    files.write_atomic(target, b"data")

    assert target.read_bytes() == b"data"
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted([live.name, legacy_new.name, other.name, "x.txt"])
