"""The publication gate (issue 11, acceptance 1): nothing with a QA error is made
reviewed, published, learned or counted as reviewed without an explicit, recorded
override — ``accept``, ``review``, ``status``, ``check``, ``render``, the memory and
``diff`` each in turn."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from loctool import catalog, gate, memory
from loctool.model import Provenance, State
from loctool.project import Project

from .conftest import SLUG, Runner, msgfmt_check, po_path, po_rel, snapshot
from .reviewkit import REVIEWER, entries, hide_identity, machine_text, states

UNITS = 23
FAILING = 22  # every unit but the credit line "Silk Way TV" (a name, kept as written)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    hide_identity(monkeypatch, tmp_path)


def turkish_drafts(run: Runner, project: Path) -> Path:
    """The issue's case: every kk machine draft is still the Turkish source (an engine
    answering in the wrong language); each one fails the script check."""
    assert run("extract").exit_code == 0
    path = po_path(project, "kk")
    po = catalog.load(path)
    for entry in po.active():
        catalog.set_machine(entry, entry.msgid, Provenance("argos", "x 1.0", text=entry.msgid))
    catalog.save(po, path)
    return path


def accept(run: Runner, *args: str):  # type: ignore[no-untyped-def]
    return run("accept", "kk", *args, "--reviewer", REVIEWER)


def status_kk(run: Runner) -> dict[str, object]:
    result = run("status", "--json", "--lang", "kk")
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    return row


# --------------------------------------------------------------------------- accept


def test_accept_all_refuses_every_unit_with_an_error(project: Path, run: Runner) -> None:
    path = turkish_drafts(run, project)
    before = snapshot(project)
    result = accept(run, "--all")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    refused = [line for line in lines if " refused: " in line]
    assert len(refused) == FAILING  # one line per unit
    for n, line in enumerate(refused, 1):
        assert line.startswith(f"kk/{SLUG}: unit {n} refused: ")
        assert "script: written in Latin script" in line
    assert lines[0] == f"kk/{SLUG}: accepted 1 unit (23) as {REVIEWER}"
    assert lines[-1] == (
        f"kk/{SLUG}: {FAILING} units refused for QA errors; fix them in `loctool review`, "
        "or accept despite the errors with --force (recorded on each unit)"
    )
    assert states(path) == [State.MACHINE] * FAILING + [State.REVIEWED]
    after = snapshot(project)
    changed = {k for k in after if after[k] != before.get(k)}
    assert changed == {po_rel("kk")}
    again = accept(run, "--all")
    assert again.exit_code == 1 and snapshot(project) == after  # nothing written about them


def test_accept_by_number_refuses_too_and_accepts_the_rest(project: Path, run: Runner) -> None:
    path = turkish_drafts(run, project)
    po = catalog.load(path)
    good = po.active()[2]
    catalog.set_machine(good, machine_text(3), Provenance("argos", "x 1.0", text="x"))
    catalog.save(po, path)
    result = accept(run, "--unit", "2-3")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == f"kk/{SLUG}: accepted 1 unit (3) as {REVIEWER}"
    assert f"kk/{SLUG}: unit 2 refused: " in result.stdout
    assert states(path)[1:3] == [State.MACHINE, State.REVIEWED]
    assert catalog.qa_override(entries(path)[2]) is None  # nothing to override


def test_force_accepts_and_records_the_override(project: Path, run: Runner) -> None:
    path = turkish_drafts(run, project)
    result = accept(run, "--all", "--force")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith(f"kk/{SLUG}: accepted {UNITS} units (1, 2, 3,")
    assert f"QA errors overridden on {FAILING} units" in result.stdout
    for entry in entries(path)[:FAILING]:
        override = catalog.qa_override(entry)
        assert override is not None and "script" in override.checks
        assert override.by == REVIEWER and re.fullmatch(
            r"\d{4}-\d\d-\d\d \d\d:\d\d\+0000", override.date
        )
        assert entry.state is State.REVIEWED
    text = path.read_text(encoding="utf-8")
    assert f"#. loctool-qa-override: untranslated, script; by {REVIEWER}; " in text
    assert msgfmt_check(path).returncode == 0


def test_accept_all_takes_machine_drafts_only(project: Path, run: Runner) -> None:
    """A changed unit's text was made for an older source: --include-changed."""
    assert run("extract").exit_code == 0
    path = po_path(project, "kk")
    po = catalog.load(path)
    first, second, third = po.active()[:3]
    catalog.set_machine(first, machine_text(1), Provenance("argos", "x 1.0", text="x"))
    catalog.set_machine(second, machine_text(2), Provenance("argos", "x 1.0", text="y"))
    second.previous_msgid = "eski kaynak"  # the source changed since translation
    catalog.set_similar(third, "eski kaynak", machine_text(3), Provenance("memory", "tm"))
    catalog.save(po, path)
    result = accept(run, "--all")
    assert result.exit_code == 0
    assert f"kk/{SLUG}: accepted 1 unit (1) as {REVIEWER}" in result.stdout
    assert "1 changed unit left alone (2)" in result.stdout
    assert "1 similar translation from memory left alone (3)" in result.stdout
    assert states(path)[:3] == [State.REVIEWED, State.CHANGED, State.CHANGED]
    assert accept(run, "--all", "--include-changed").exit_code == 0
    assert states(path)[:3] == [State.REVIEWED] * 3


# --------------------------------------------------------------------------- status


def test_status_counts_errors_as_their_own_column(project: Path, run: Runner) -> None:
    path = turkish_drafts(run, project)
    # reviewed without the gate (a PO editor, an older loctool): the errors stay
    po = catalog.load(path)
    for entry in po.active()[:10]:
        catalog.accept(entry)
    catalog.save(po, path)
    row = status_kk(run)
    assert (row["reviewed"], row["reviewed_with_errors"], row["overridden"]) == (0, 10, 0)
    assert row["reviewed_pct"] == 0.0 and row["machine"] == UNITS - 10
    table = run("status", "--lang", "kk").stdout
    assert "reviewed_with_errors" in table.splitlines()[0]

    assert accept(run, "--all", "--force").exit_code == 0
    row = status_kk(run)
    assert (row["reviewed"], row["reviewed_with_errors"], row["overridden"]) == (13, 10, 12)
    assert row["reviewed_pct"] == round(100 * 13 / UNITS, 1)


# --------------------------------------------------------------------------- check


def test_check_shows_overrides_and_fails_only_on_the_others(project: Path, run: Runner) -> None:
    turkish_drafts(run, project)
    assert accept(run, "--unit", "1", "--force").exit_code == 0
    result = run("check", "--lang", "kk")
    assert result.exit_code == 1  # units 2‥23 still have errors
    first = result.stdout.splitlines()[0]
    assert re.match(
        rf"{re.escape(po_rel('kk'))}:\d+: error \(overridden by {re.escape(REVIEWER)}, "
        r"\d{4}-\d\d-\d\d \d\d:\d\d\+0000\): untranslated: unit 1 \(kk\)",
        first,
    ), first
    assert result.stdout.rstrip().endswith("overridden")
    report = json.loads(run("check", "--lang", "kk", "--json").stdout)
    unit1 = [i for i in report["issues"] if i["unit"] == 1]
    assert unit1 and all(i["overridden"] for i in unit1 if i["level"] == "error")
    assert unit1[0]["override"]["by"] == REVIEWER
    assert report["summary"]["overridden"] == len([i for i in unit1 if i["level"] == "error"])
    assert all(not i["overridden"] for i in report["issues"] if i["unit"] != 1)

    assert accept(run, "--all", "--force").exit_code == 0
    assert run("check", "--lang", "kk").exit_code == 0  # every error overridden, on record


def test_an_override_is_not_a_blanket_pass(project: Path, run: Runner) -> None:
    """A later error of a check the override does not name is an error again."""
    assert run("extract").exit_code == 0
    path = po_path(project, "kk")
    po = catalog.load(path)
    entry = po.active()[1]  # "Neredeyse 1 milyar dolar; …"
    wrong = machine_text(2).replace("1 000 000 000", "2 000 000 000")
    catalog.set_machine(entry, wrong, Provenance("argos", "x 1.0", text=wrong))
    catalog.save(po, path)
    assert accept(run, "--unit", "2", "--force").exit_code == 0
    assert catalog.qa_override(entries(path)[1]).checks == ("numbers",)  # type: ignore[union-attr]
    assert run("check", "--lang", "kk").exit_code == 0

    po = catalog.load(path)
    po.active()[1].msgstr += " ⁇"  # a hand edit after the decision
    catalog.save(po, path)
    result = run("check", "--lang", "kk")
    assert result.exit_code == 1
    assert ": error: unknown: unit 2 (kk): " in result.stdout  # not overridden
    assert re.search(r": error \(overridden by [^)]*\): numbers: unit 2 ", result.stdout)
    checks = gate.Gate.for_catalog(po, "kk")
    assert [i.check for i in checks.judge(entries(path)[1]).blocking] == ["unknown"]
    assert status_kk(run)["reviewed_with_errors"] == 1


# --------------------------------------------------------------------------- render, memory


def test_render_refuses_units_with_errors(project: Path, run: Runner) -> None:
    path = turkish_drafts(run, project)
    po = catalog.load(path)
    for entry in po.active():
        catalog.accept(entry)  # reviewed, errors and all (no gate, no override)
    catalog.save(po, path)
    before = snapshot(project)
    result = run("render", "--lang", "kk")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"loctool: error: {po_rel('kk')}: cannot render kk: ")
    # 24 units: the title comes twice (one entry)
    assert "23 of 24 units have no usable translation (23 with QA errors;" in line
    assert "--allow-qa-errors" in line
    assert snapshot(project) == before
    skipped = run("render", "--lang", "kk", "--min-reviewed", "50")
    assert skipped.exit_code == 0  # the case: 0 % cleanly reviewed, nothing written
    assert "skipped kk/" in skipped.stdout and "4.3% reviewed" in skipped.stdout  # 1 of 23
    assert not (project / "out" / "kk").exists()

    allowed = run("render", "--lang", "kk", "--allow-qa-errors")
    assert allowed.exit_code == 0, allowed.output
    assert (project / "out" / "kk" / f"{SLUG}.txt").exists()


def test_render_publishes_overridden_units(project: Path, run: Runner) -> None:
    turkish_drafts(run, project)
    assert accept(run, "--all", "--force").exit_code == 0
    result = run("render", "--lang", "kk")
    assert result.exit_code == 0, result.output
    assert f"{UNITS} messages" in result.stdout


def test_memory_does_not_learn_units_with_errors(project: Path, run: Runner) -> None:
    path = turkish_drafts(run, project)
    po = catalog.load(path)
    active = po.active()
    for entry in active[:5]:
        catalog.accept(entry)  # reviewed with errors, no override
    catalog.accept(active[5], machine_text(6))  # a clean review
    catalog.save(po, path)
    assert accept(run, "--unit", "7", "--force").exit_code == 0  # errors, overridden
    tm = memory.build(Project(project), "tr", "kk")
    learned = {u.source for u in tm.units}
    assert learned == {active[5].msgid, active[6].msgid}


# --------------------------------------------------------------------------- review


def test_review_a_refuses_errors_and_capital_a_records_the_override(
    project: Path, run: Runner
) -> None:
    path = turkish_drafts(run, project)
    result = run("review", "kk", "--inline", "--reviewer", REVIEWER, input="a\nA\na\nq\n")
    assert result.exit_code == 0, result.output
    first, rest = result.stdout.split("unit 2/23", 1)
    assert "qa        ✖ error: script: written in Latin script" in first
    assert "[A]ccept despite errors" in first
    assert "not saved: QA errors above; press A to accept despite them" in first
    assert "saved unit 1 as reviewed despite untranslated, script (override recorded)" in first
    assert "not saved: QA errors above" in rest  # unit 2: plain a refuses again
    assert states(path)[:2] == [State.REVIEWED, State.MACHINE]
    override = catalog.qa_override(entries(path)[0])
    assert override is not None and override.by == REVIEWER
    assert "stopped: 1 accepted, 0 edited, 0 skipped" in result.stdout


def test_review_edit_with_errors_needs_capital_a(project: Path, run: Runner) -> None:
    path = turkish_drafts(run, project)
    keys = "e\nҚазақстан ⁇ Тәжікстан\na\ne\nҚазақстан мен Тәжікстан арасындағы ынтымақтастық\nq\n"
    result = run("review", "kk", "--inline", "--reviewer", REVIEWER, input=keys)
    assert result.exit_code == 0, result.output
    assert "✖ error: unknown:" in result.stdout
    assert result.stdout.count("not saved: QA errors above") == 2  # after the edit, after a
    assert "saved unit 1 as reviewed\n" in result.stdout  # the second edit is clean
    entry = entries(path)[0]
    assert entry.msgstr == "Қазақстан мен Тәжікстан арасындағы ынтымақтастық"
    assert catalog.qa_override(entry) is None


# --------------------------------------------------------------------------- diff


def test_diff_shows_the_override(project: Path, run: Runner) -> None:
    from .reviewkit import git

    turkish_drafts(run, project)
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "drafts")
    assert accept(run, "--unit", "4", "--force").exit_code == 0
    rev = run("diff", "--rev", "HEAD", "--no-pager")
    assert rev.exit_code == 0, rev.output
    assert "unit 4 · machine → reviewed · QA override recorded" in rev.stdout
    assert f"override  untranslated, script · by {REVIEWER} · " in rev.stdout
    assert "1 QA override changed" in rev.stdout
    keys = "e\nҚазақстан мен Тәжікстан ⁇\nA\nq\n"  # an edit kept over its error
    assert run("review", "kk", "--inline", "--reviewer", REVIEWER, input=keys).exit_code == 0
    mt = run("diff", "--mt", "--no-pager")
    assert mt.exit_code == 0, mt.output
    unit1 = mt.stdout.split("unit 1 ·", 1)[1]
    assert f"override  unknown · by {REVIEWER} · " in unit1


# --------------------------------------------------------------------------- empty


def test_an_emptied_translation_is_an_error_a_missing_one_is_progress(
    project: Path, run: Runner
) -> None:
    """msgstr "" on an entry that was translated (a machine origin on record) and is not
    fuzzy: an editor cleared it, it would be published as nothing — `empty`, an error.
    Entries never translated are progress, counted by status, not reported."""
    from .reviewkit import fill_machine

    assert run("extract").exit_code == 0
    path = po_path(project, "kk")
    fill_machine(path, [1, 2])
    assert accept(run, "--all").exit_code == 0
    assert run("check", "--lang", "kk").exit_code == 0
    po = catalog.load(path)
    po.active()[1].msgstr = ""  # cleared in a PO editor, comments kept
    catalog.save(po, path)
    result = run("check", "--lang", "kk")
    assert result.exit_code == 1
    (line,) = [x for x in result.stdout.splitlines() if ": error: " in x]
    assert "error: empty: unit 2 (kk): the translation is empty" in line
    assert result.stdout.splitlines()[-1].endswith(
        "2 translation(s) checked, 21 untranslated: 1 error(s), 0 warning(s)"
    )
