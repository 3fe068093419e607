"""Writers racing on the same catalogs, in real processes: ``translate`` filling units,
``review`` saving a reviewer's decisions and ``extract`` merging an edited source, all at
once.  Every catalog stays valid, no reviewed decision is lost or overwritten by a
machine, and the result is the one every serial order of the three commands gives."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from loctool import catalog
from loctool.model import State

from .conftest import SLUG, Runner, loctool_argv, msgfmt_check, po_path, subprocess_env
from .reviewkit import REVIEWER, fill_machine, hide_identity, interactive, machine_text

SHIM = Path(__file__).resolve().parent / "crashshim"
PREFILLED = range(1, 13)  # units with a machine draft for the reviewer; the rest are empty
EDITED_UNIT = 1  # the reviewer edits this one (no numbers to keep), accepts the others
EDIT = "машина аудармасы түзетілді: жаңа мәтін"
OLD = "Kazakistan ve Tacikistan bu konuda işbirliğine kararlıdır."
NEW = "Kazakistan ve Tacikistan bu konuda işbirliğine çok kararlıdır."


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    hide_identity(monkeypatch, tmp_path)


def review_args() -> list[str]:
    return ["review", "kk", "--only", "machine", "--inline", "--reviewer", REVIEWER]


def review_input() -> list[str]:
    """One answer per unit of PREFILLED, then quit."""
    answers = [f"e\n{EDIT}\n" if n == EDITED_UNIT else "a\n" for n in PREFILLED]
    return [*answers, "q\n"]


def prepare(project: Path, run: Runner) -> None:
    """kk: units 1–12 machine drafts, 13–23 untranslated.  The source edit falls in an
    untranslated unit, so the reviewer never meets it, whatever the order."""
    assert run("extract").exit_code == 0
    fill_machine(po_path(project, "kk"), PREFILLED)
    units = [e.msgid for e in catalog.load(po_path(project, "kk")).active()]
    assert units.index(OLD) + 1 > max(PREFILLED)


def edit_source(root: Path) -> None:
    source = root / "seeds" / f"{SLUG}.txt"
    source.write_text(source.read_text("utf-8").replace(OLD, NEW), "utf-8")


def state_of(root: Path) -> dict[str, list[tuple[object, ...]]]:
    """What a run leaves, without the times: every entry of every catalog and template."""
    found = {}
    for path in sorted((root / "locales").rglob("*.po*")):
        po = catalog.load(path)
        found[path.relative_to(root).as_posix()] = [
            (
                e.obsolete,
                e.msgctxt,
                e.msgid,
                e.msgstr,
                tuple(e.flags),
                e.previous_msgid,
                e.comment,
                e.tcomment,
                tuple(e.occurrences),
            )
            for e in po
        ] + [tuple(sorted((k, v) for k, v in po.metadata.items() if "Date" not in k))]
    return found


# --------------------------------------------------------------------------- serial orders


def serial(run: Runner, root: Path, order: tuple[str, ...]) -> None:
    steps: dict[str, Callable[[], None]] = {
        "translate": lambda: _ok(run("translate", "--lang", "kk", root=root)),
        "review": lambda: _ok(run(*review_args(), input="".join(review_input()), root=root)),
        "extract": lambda: _ok(run("extract", root=root)),
    }
    for step in order:
        steps[step]()


def _ok(result) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.output


# --------------------------------------------------------------------------- the race


class Reviewer:
    """``loctool review`` in a child process, answered one card at a time."""

    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.proc, self.out = interactive(loctool_argv(root, *review_args()), env)
        self.answers = review_input()
        self.sent = 0
        self.out.until(r"^unit \d+/\d+ ")

    def answer(self, count: int) -> None:
        """Answer ``count`` more cards, each once it is shown (its decision is saved
        before the next card appears)."""
        assert self.proc.stdin is not None
        for _ in range(count):
            self.proc.stdin.write(self.answers[self.sent])
            self.proc.stdin.flush()
            self.sent += 1
            if self.sent < len(self.answers) - 1:
                self.out.until(rf"^unit {self.sent + 1}/\d+ ")

    def finish(self) -> None:
        self.answer(len(self.answers) - self.sent)


def start(root: Path, *args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        loctool_argv(root, *args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def finished(procs: list[subprocess.Popen[str]]) -> None:
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert "Traceback" not in err


def valid(root: Path) -> None:
    for path in sorted((root / "locales").rglob("*.po*")):
        checked = msgfmt_check(path)
        assert checked.returncode == 0, checked.stderr


def serial_result(
    run: Runner, project: Path, tmp_path: Path
) -> dict[str, list[tuple[object, ...]]]:
    """The state every serial order of the three commands leaves (asserted to be one),
    starting from ``project`` with its source already edited."""
    start = tmp_path / "start"
    shutil.copytree(project, start)
    source = start / "seeds" / f"{SLUG}.txt"
    source.write_text(source.read_text("utf-8").replace(OLD, NEW), "utf-8")
    results = []
    for number, order in enumerate(itertools.permutations(["translate", "review", "extract"])):
        root = tmp_path / f"serial-{number}"
        shutil.copytree(start, root)
        serial(run, root, order)
        results.append(state_of(root))
    assert all(r == results[0] for r in results), "every serial order gives the same result"
    return results[0]


def decisions_kept(root: Path) -> None:
    """Every decision of the reviewer is in the catalog, as made; the machine filled only
    what was untranslated."""
    active = catalog.load(po_path(root, "kk")).active()
    for n, entry in enumerate(active, 1):
        if n in PREFILLED:
            assert entry.state is State.REVIEWED, n
            assert entry.msgstr == (EDIT if n == EDITED_UNIT else machine_text(n))
        elif entry.msgid != NEW:
            assert entry.state is State.MACHINE, n
            assert entry.msgstr == entry.msgid  # the copy model: its own source
    assert NEW in {e.msgid for e in active} and OLD not in {e.msgid for e in active}


@pytest.fixture
def prepared(project: Path, run: Runner, install_pairs, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The project ready to race, and what every serial order of the commands leaves."""
    install_pairs("tr-kk")
    prepare(project, run)
    return serial_result(run, project, tmp_path / "serial")


def test_translate_review_and_extract_at_once(project: Path, prepared) -> None:  # type: ignore[no-untyped-def]
    """All three started together (the source edited before): the result is exactly the
    serial one."""
    edit_source(project)
    env = subprocess_env()
    reviewer = Reviewer(project, env)
    others = [
        start(project, "translate", "--lang", "kk", env=env),
        start(project, "extract", env=env),
    ]
    try:
        reviewer.finish()
        finished([reviewer.proc, *others])
    finally:
        for proc in [reviewer.proc, *others]:
            if proc.poll() is None:
                proc.kill()
    valid(project)
    decisions_kept(project)
    assert state_of(project) == prepared


def test_decisions_and_an_edit_land_between_translate_planning_and_filling(
    project: Path,
    run: Runner,
    prepared,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    """The worst interleaving, made certain: translate has read the catalogs and planned
    its fills (a test hook holds it before its first batch) when the reviewer saves half
    the decisions and ``extract`` merges an edited source; then translate fills while the
    reviewer saves the rest.  translate re-reads each catalog under its lock, so nothing
    the others wrote is lost; the unit whose source changed waits for the next run (its
    old text was planned, the new one was not), and that run ends as the serial orders."""
    env = subprocess_env()
    release = tmp_path / "release-translate"
    paused = dict(env, PYTHONPATH=f"{SHIM}{os.pathsep}{env['PYTHONPATH']}")
    paused["LOCTOOL_TEST_PAUSE"] = str(release)
    reviewer = Reviewer(project, env)
    translating = start(project, "translate", "--lang", "kk", env=paused)
    try:
        reached = Path(f"{release}.reached")
        deadline = time.monotonic() + 120
        while not reached.exists():
            assert translating.poll() is None, translating.communicate()
            assert time.monotonic() < deadline, "translate never reached its first batch"
            time.sleep(0.02)
        reviewer.answer(len(PREFILLED) // 2)
        edit_source(project)
        finished([start(project, "extract", env=env)])
        release.touch()
        reviewer.finish()
        finished([reviewer.proc, translating])
    finally:
        for proc in (reviewer.proc, translating):
            if proc.poll() is None:
                proc.kill()
    valid(project)
    decisions_kept(project)
    entry = catalog.load(po_path(project, "kk")).find(NEW)
    assert entry is not None and entry.state is State.UNTRANSLATED
    result = run("translate", "--lang", "kk")
    assert result.exit_code == 0, result.output
    assert state_of(project) == prepared
