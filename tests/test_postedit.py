"""Post-edit distance in `loctool status` (issue 5, acceptance 5): 0 for machine units
accepted unchanged, growing with the size of the edits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loctool import catalog, stats
from loctool.model import Provenance

from .conftest import SLUG, Runner, po_path
from .reviewkit import REVIEWER, hide_identity, machine_project, machine_text


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    hide_identity(monkeypatch, tmp_path)


def kk_row(run: Runner) -> dict[str, object]:
    result = run("status", "--json", "--lang", "kk")
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    return row


def edit_unit(path: Path, n: int, text: str) -> None:
    po = catalog.load(path)
    catalog.accept(po.active()[n - 1], text)
    catalog.save(po, path)


def test_zero_when_accepted_unchanged(project: Path, run: Runner) -> None:
    machine_project(run, project)
    row = kk_row(run)
    assert row["post_edit"] is None and row["post_edited"] == 0  # nothing reviewed yet
    assert run("accept", "kk", "--all", "--reviewer", REVIEWER).exit_code == 0
    row = kk_row(run)
    assert row["post_edit"] == 0.0 and row["post_edited"] == 6


def test_grows_with_edits(project: Path, run: Runner) -> None:
    path = machine_project(run, project, [1])
    base = machine_text(1)
    distances = []
    edits = (
        base,  # accepted as it is
        base + "!",  # one character
        base.replace("мәтіні", "сөзі"),  # one word
        base.replace("аударма мәтіні", "жаңа сөйлем"),  # two words
        "мүлдем басқа бір сөйлем",  # rewritten
    )
    for text in edits:
        edit_unit(path, 1, text)
        distances.append(kk_row(run)["post_edit"])
        fill_again(path, 1)
    assert distances[0] == 0.0
    assert 0 < distances[1] < distances[2] < distances[3] < distances[4] <= 1.0


def fill_again(path: Path, n: int) -> None:
    """Put the machine draft back (as if the unit were retranslated and unreviewed)."""
    po = catalog.load(path)
    entry = po.active()[n - 1]
    entry.flags = ["fuzzy"]
    text = machine_text(n)
    catalog.set_machine(entry, text, Provenance("argos", "translate-tr_en 1.0", text=text))
    catalog.save(po, path)


def test_mean_over_reviewed_machine_units_only(project: Path, run: Runner) -> None:
    path = machine_project(run, project, [1, 2, 3])
    edit_unit(path, 1, machine_text(1))  # unchanged: 0
    edit_unit(path, 2, "x")  # nearly everything changed
    edit_unit(path, 5, "адам аударды")  # reviewed but no machine origin: not counted
    # unit 3 stays a machine draft: not counted either
    po = catalog.load(path)
    expected = stats.post_edit_distance(po.active()[1]) / 2
    row = stats.row_for(SLUG, "kk", po)
    assert row.post_edited == 2
    assert row.post_edit == pytest.approx(expected)
    assert stats.post_edit_distance(po.active()[2]) is None
    assert stats.post_edit_distance(po.active()[4]) is None


def test_whitespace_alone_is_no_edit(project: Path, run: Runner) -> None:
    path = machine_project(run, project, [1])
    edit_unit(path, 1, "  " + machine_text(1).replace(" ", "  ") + " ")
    assert kk_row(run)["post_edit"] == 0.0


def test_status_table_column(project: Path, run: Runner) -> None:
    path = machine_project(run, project, [1, 2])
    edit_unit(path, 1, machine_text(1))
    edit_unit(path, 2, machine_text(2) + " қосымша")
    lines = run("status").stdout.splitlines()
    assert lines[0].endswith("reviewed%  post-edit  confidence")
    (kk,) = [line for line in lines if "  kk  " in line]
    (en,) = [line for line in lines if "  en  " in line]
    value = float(kk.split()[-2])
    assert 0 < value < 0.5
    assert en.split()[-2] == "–"
    assert po_path(project, "kk").exists()
