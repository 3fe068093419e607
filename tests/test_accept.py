"""`loctool accept` (issue 5, acceptance 3 and 6): acceptance without the loop, its
errors, and concurrent processes on one catalog."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from loctool import catalog
from loctool.model import State

from .conftest import SLUG, Runner, one_line_error, po_path, snapshot
from .reviewkit import (
    EDIT_NEW,
    EDIT_OLD,
    REVIEWER,
    change_source,
    entries,
    hide_identity,
    machine_project,
    machine_text,
    states,
    unit_of,
)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    hide_identity(monkeypatch, tmp_path)


def accept(run: Runner, *args: str):  # type: ignore[no-untyped-def]
    return run("accept", "kk", *args, "--reviewer", REVIEWER)


def test_accept_units_by_number(project: Path, run: Runner) -> None:
    path = machine_project(run, project)
    result = accept(run, "--unit", "2", "--unit", "4,5-6")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"kk/{SLUG}: accepted 4 units (2, 4, 5, 6) as {REVIEWER}"]
    assert states(path)[:7] == [
        State.MACHINE,
        State.REVIEWED,
        State.MACHINE,
        State.REVIEWED,
        State.REVIEWED,
        State.REVIEWED,
        State.UNTRANSLATED,
    ]
    po = catalog.load(path)
    entry = po.active()[1]
    assert entry.msgstr == machine_text(2) and "fuzzy" not in entry.flags
    assert catalog.provenance(entry).text == machine_text(2)  # kept for diff --mt
    assert po.metadata["Last-Translator"] == REVIEWER
    assert po.metadata["PO-Revision-Date"] != catalog.DEFAULT_DATE

    again = accept(run, "--unit", "2,3")
    assert again.exit_code == 0
    assert again.stdout.splitlines() == [
        f"kk/{SLUG}: accepted 1 unit (3) as {REVIEWER}",
        "already reviewed: 2",
    ]


def test_accept_all(project: Path, run: Runner) -> None:
    path = machine_project(run, project, [1, 3])
    result = accept(run, "--all")
    assert result.exit_code == 0
    assert "accepted 2 units (1, 3)" in result.stdout
    assert "21 untranslated units left alone (nothing to accept)" in result.stdout
    assert states(path).count(State.REVIEWED) == 2
    nothing = accept(run, "--all")
    assert nothing.exit_code == 0
    assert nothing.stdout.startswith(f"kk/{SLUG}: no machine translations to accept")


def test_accept_changed_unit_clears_previous_msgid(project: Path, run: Runner) -> None:
    path = machine_project(run, project)
    target = unit_of(path, EDIT_OLD)
    # give the unit a reviewed translation, then change its source
    po = catalog.load(path)
    catalog.accept(po.active()[target - 1], "Екі тарап та мүдделі.")
    catalog.save(po, path)
    change_source(project)
    assert run("extract").exit_code == 0
    assert states(path)[target - 1] is State.CHANGED

    only_machine = accept(run, "--all", "--only", "machine")
    assert states(path)[target - 1] is State.CHANGED
    assert "accepted" in only_machine.stdout

    # --all takes machine drafts only: a text made for an older source needs a choice
    plain = accept(run, "--all")
    assert plain.exit_code == 0 and states(path)[target - 1] is State.CHANGED
    assert f"1 changed unit left alone ({target}): the source changed" in plain.stdout
    assert "--include-changed" in plain.stdout
    assert accept(run, "--all", "--only", "changed").exit_code == 0
    assert states(path)[target - 1] is State.CHANGED

    assert accept(run, "--all", "--only", "changed", "--include-changed").exit_code == 0
    entry = entries(path)[target - 1]
    assert entry.state is State.REVIEWED
    assert entry.msgid == EDIT_NEW and entry.previous_msgid is None
    assert entry.msgstr == "Екі тарап та мүдделі."
    assert "#|" not in path.read_text(encoding="utf-8")


def test_unknown_unit_changes_nothing(project: Path, run: Runner) -> None:
    machine_project(run, project)
    before = snapshot(project)
    line = one_line_error(accept(run, "--unit", "2", "--unit", "99"))
    assert "no unit 99" in line and "units 1–23" in line
    assert snapshot(project) == before
    for bad in ("0", "x", "5-3", "-1"):
        assert "not a unit number" in one_line_error(accept(run, "--unit", bad)), bad
    assert snapshot(project) == before


def test_untranslated_unit_is_refused(project: Path, run: Runner) -> None:
    machine_project(run, project)
    before = snapshot(project)
    line = one_line_error(accept(run, "--unit", "1", "--unit", "8"))
    assert "unit 8" in line and "is untranslated: nothing to accept" in line
    assert snapshot(project) == before  # unit 1 was not accepted either: all or nothing


def test_usage_errors(project: Path, run: Runner) -> None:
    assert "no kk catalogs" in one_line_error(accept(run, "--all"))
    machine_project(run, project)
    before = snapshot(project)
    assert "either --all or --unit" in one_line_error(accept(run))
    assert "either --all or --unit" in one_line_error(accept(run, "--all", "--unit", "1"))
    assert "--only goes with --all" in one_line_error(
        accept(run, "--unit", "1", "--only", "machine")
    )
    assert "SLUG: no article 'nope'" in one_line_error(
        run("accept", "kk", "nope", "--all", "--reviewer", REVIEWER)
    )
    assert "who is reviewing?" in one_line_error(run("accept", "kk", "--all"))
    assert snapshot(project) == before
    (project / "seeds" / "second.txt").write_text("Yeni bir haber.\n", encoding="utf-8")
    assert "no kk catalog for article 'second'" in one_line_error(
        run("accept", "kk", "seeds/second.txt", "--all", "--reviewer", REVIEWER)
    )


def test_several_articles_need_a_slug(project: Path, run: Runner) -> None:
    machine_project(run, project)
    (project / "seeds" / "second.txt").write_text(
        "Bu ikinci bir haberdir. Çok kısa bir metin.\n", encoding="utf-8"
    )
    assert run("extract").exit_code == 0
    before = snapshot(project)
    line = one_line_error(accept(run, "--all"))
    assert "2 articles have a catalog in kk" in line
    assert snapshot(project) == before
    assert run("accept", "kk", SLUG, "--unit", "1", "--reviewer", REVIEWER).exit_code == 0
    assert states(po_path(project, "kk"))[0] is State.REVIEWED


# --------------------------------------------------------------------------- acceptance 3


def _accept_one_by_one(root: str, units: list[int], barrier) -> list[int]:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from loctool.cli import cli

    barrier.wait()
    codes = []
    for n in units:
        result = CliRunner().invoke(
            cli, ["-C", root, "accept", "kk", "--unit", str(n), "--reviewer", REVIEWER]
        )
        codes.append(result.exit_code)
    return codes


def _worker(root: str, units: list[int], barrier, results) -> None:  # type: ignore[no-untyped-def]
    results.put(_accept_one_by_one(root, units, barrier))


def test_concurrent_accepts_lose_nothing(project: Path, run: Runner) -> None:
    path = machine_project(run, project, range(1, 24))
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    results = ctx.Queue()
    odd, even = list(range(1, 24, 2)), list(range(2, 24, 2))
    procs = [
        ctx.Process(target=_worker, args=(str(project), units, barrier, results))
        for units in (odd, even)
    ]
    for proc in procs:
        proc.start()
    codes = [results.get(timeout=120) for _ in procs]
    for proc in procs:
        proc.join(timeout=60)
        assert proc.exitcode == 0
    assert all(code == 0 for batch in codes for code in batch), codes
    assert states(path) == [State.REVIEWED] * 23  # not one decision lost
    assert [e.msgstr for e in entries(path)] == [machine_text(n) for n in range(1, 24)]
