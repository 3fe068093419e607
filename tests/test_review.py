"""`loctool review` (issue 5, acceptance 1, 2 and 6): the interactive loop driven through
stdin — in process with click's runner and in real subprocesses with pipes."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from loctool import catalog, review, reviewloop
from loctool.messages import Message
from loctool.model import Provenance, State
from loctool.project import Project

from .conftest import SLUG, Runner, loctool_argv, one_line_error, snapshot, subprocess_env
from .reviewkit import (
    EDIT_NEW,
    EDIT_OLD,
    REVIEWER,
    Lines,
    change_source,
    entries,
    hide_identity,
    interactive,
    machine_project,
    machine_text,
    states,
    unit_of,
)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    hide_identity(monkeypatch, tmp_path)


def shown_units(output: str) -> list[int]:
    """Unit numbers of the cards a review printed, in order."""
    return [int(n) for n in re.findall(r"^unit (\d+)/\d+ ·", output, re.MULTILINE)]


def fingerprint(entry: Message) -> tuple[object, ...]:
    return (
        entry.msgid,
        entry.msgstr,
        tuple(entry.flags),
        entry.comment,
        entry.previous_msgid,
        tuple(entry.occurrences),
    )


def review_args(*extra: str) -> list[str]:
    return ["review", "kk", "--inline", "--reviewer", REVIEWER, *extra]


# --------------------------------------------------------------------------- acceptance 1


def test_accept_edit_skip_quit_then_resume(project: Path, run: Runner) -> None:
    path = machine_project(run, project)
    before = entries(path)

    result = run(*review_args(), input="a\ne\nЖаңа   аударма,   1 млрд\ns\nq\n")

    assert result.exit_code == 0, result.output
    assert shown_units(result.stdout) == [1, 2, 3, 4]
    assert "unit 1/23 · machine draft" in result.stdout
    assert "1 of 23 to review" in result.stdout  # 6 machine + 17 untranslated
    assert result.stdout.rstrip().endswith(
        f"stopped: 1 accepted, 1 edited, 1 skipped; 21 left to review in kk/{SLUG}"
    )
    po = catalog.load(path)
    after = po.active()
    assert after[0].state is State.REVIEWED
    assert after[0].msgstr == machine_text(1)
    assert after[1].state is State.REVIEWED
    assert after[1].msgstr == "Жаңа аударма, 1 млрд"  # whitespace runs collapsed like msgids
    assert catalog.provenance(after[1]).text == machine_text(2)  # survives the edit
    # exactly the decisions made: every other entry is as it was
    assert [fingerprint(e) for e in after[2:]] == [fingerprint(e) for e in before[2:]]
    assert po.metadata["Last-Translator"] == REVIEWER
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d\+0000", po.metadata["PO-Revision-Date"])

    resumed = run(*review_args(), input="s\ns\ns\nq\n")
    assert resumed.exit_code == 0
    assert "21 units to review (4 machine, 17 untranslated)" in resumed.stdout
    assert shown_units(resumed.stdout) == [3, 4, 5, 6]
    assert states(path)[:6] == [State.REVIEWED] * 2 + [State.MACHINE] * 4


def test_review_through_a_real_pipe(project: Path, run: Runner) -> None:
    path = machine_project(run, project)
    argv = loctool_argv(project, *review_args())
    done = subprocess.run(
        argv,
        input="a\ne\nТүзетілген аударма, 1 млрд\ns\nq\n",
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert shown_units(done.stdout) == [1, 2, 3, 4]
    assert "\x1b[" not in done.stdout  # plain when piped
    assert [e.msgstr for e in entries(path)[:3]] == [
        machine_text(1),
        "Түзетілген аударма, 1 млрд",
        machine_text(3),
    ]
    assert states(path)[:3] == [State.REVIEWED, State.REVIEWED, State.MACHINE]

    again = subprocess.run(
        argv, input="q\n", capture_output=True, text=True, env=subprocess_env(), timeout=60
    )
    assert again.returncode == 0
    assert shown_units(again.stdout) == [3]


def test_end_of_input_keeps_every_decision(project: Path, run: Runner) -> None:
    path = machine_project(run, project)
    result = run(*review_args(), input="a\na\n")  # no q: the pipe just ends
    assert result.exit_code == 0
    assert "end of input: 2 accepted, 0 edited, 0 skipped; 21 left" in result.stdout
    assert states(path)[:3] == [State.REVIEWED, State.REVIEWED, State.MACHINE]


def test_end_of_input_in_the_middle_of_an_edit_saves_nothing_for_it(
    project: Path, run: Runner
) -> None:
    path = machine_project(run, project)
    result = run(*review_args(), input="a\ne\n")
    assert result.exit_code == 0
    assert "end of input: 1 accepted" in result.stdout
    assert states(path)[:2] == [State.REVIEWED, State.MACHINE]


# --------------------------------------------------------------------------- acceptance 2


def start_review(project: Path, *args: str) -> tuple[subprocess.Popen[str], Lines]:
    """``loctool review`` (``args``, default: kk with --inline) reading a pipe."""
    return interactive(loctool_argv(project, *(args or review_args())), subprocess_env())


def send(proc: subprocess.Popen[str], text: str) -> None:
    assert proc.stdin is not None
    proc.stdin.write(text)
    proc.stdin.flush()


def interrupt(proc: subprocess.Popen[str], out: Lines) -> str:
    """Ctrl-C while the review waits at its prompt; its summary line, once it ended."""
    time.sleep(0.2)  # let it block on the prompt
    proc.send_signal(signal.SIGINT)
    summary = out.until(r"^interrupted: ")
    proc.wait(timeout=30)
    return summary


def test_killed_after_two_decisions(project: Path, run: Runner) -> None:
    path = machine_project(run, project)
    proc, out = start_review(project)
    try:
        out.until(r"^unit 1/23 ")
        send(proc, "a\n")
        out.until(r"^unit 2/23 ")
        # the decision is on disk before the next unit is shown
        assert states(path)[:2] == [State.REVIEWED, State.MACHINE]
        send(proc, "e\nЕкінші шешім, 1 млрд\n")
        out.until(r"^unit 3/23 ")
        proc.kill()  # SIGKILL: no clean-up code runs at all
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    po = catalog.load(path)  # parses strictly; msgfmt --check runs after the test
    active = po.active()
    assert [e.state for e in active[:3]] == [State.REVIEWED] * 2 + [State.MACHINE]
    assert [e.msgstr for e in active[:2]] == [machine_text(1), "Екінші шешім, 1 млрд"]
    assert po.metadata["Last-Translator"] == REVIEWER
    leftovers = [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_ctrl_c_keeps_decisions_and_exits_130(project: Path, run: Runner) -> None:
    path = machine_project(run, project)
    proc, out = start_review(project)
    try:
        out.until(r"^unit 1/23 ")
        send(proc, "a\n")
        out.until(r"^unit 2/23 ")
        summary = interrupt(proc, out)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130
    assert summary.startswith("interrupted: 1 accepted, 0 edited, 0 skipped; 22 left")
    assert proc.stderr is not None and "Traceback" not in proc.stderr.read()
    assert states(path)[:2] == [State.REVIEWED, State.MACHINE]


# --------------------------------------------------------------------------- behaviours


def test_changed_unit_shows_a_word_diff_and_accept_clears_previous(
    project: Path, run: Runner
) -> None:
    path = machine_project(run, project)
    target = unit_of(path, EDIT_OLD)
    assert run("accept", "kk", "--all", "--reviewer", REVIEWER).exit_code == 0
    change_source(project)
    assert run("extract").exit_code == 0
    assert states(path)[target - 1] is State.CHANGED
    assert "#| msgid" in path.read_text(encoding="utf-8")

    result = run(*review_args("--only", "changed"), input="a\n")

    assert result.exit_code == 0, result.output
    assert shown_units(result.stdout) == [target]
    assert "source changed since translation" in result.stdout
    assert "Her iki taraf da ticaret [-cirosunu-]{+hacmini+} artırmakla {+çok +}ilgileniyor." in (
        result.stdout
    )
    entry = entries(path)[target - 1]
    assert entry.state is State.REVIEWED
    assert entry.msgid == EDIT_NEW and entry.previous_msgid is None
    assert "#|" not in path.read_text(encoding="utf-8")


def test_the_position_shown_is_the_accept_unit_number(project: Path, run: Runner) -> None:
    path = machine_project(run, project, [4, 9])
    result = run(*review_args("--only", "machine"), input="s\nq\n")
    assert shown_units(result.stdout) == [4, 9]
    assert run("accept", "kk", "--unit", "9", "--reviewer", REVIEWER).exit_code == 0
    assert entries(path)[8].msgstr == machine_text(9)
    assert states(path)[8] is State.REVIEWED


def test_only_filters_and_keeps_document_order(project: Path, run: Runner) -> None:
    machine_project(run, project, [2, 5])
    result = run(*review_args("--only", "untranslated"), input="s\ns\nq\n")
    assert shown_units(result.stdout) == [1, 3, 4]
    assert "21 units to review (21 untranslated)" in result.stdout
    both = run(*review_args("--only", "machine,untranslated"), input="s\ns\ns\nq\n")
    assert shown_units(both.stdout) == [1, 2, 3, 4]
    bad = run(*review_args("--only", "fuzzy"))
    assert "unknown kind 'fuzzy'" in one_line_error(bad)


def test_untranslated_unit_cannot_be_accepted_but_can_be_translated(
    project: Path, run: Runner
) -> None:
    path = machine_project(run, project, [])
    result = run(*review_args(), input="a\ne\nАударма\nq\n")
    assert result.exit_code == 0
    assert "nothing to accept: this unit is untranslated" in result.stdout
    assert "[a]ccept" not in result.stdout  # the prompt does not offer it
    entry = entries(path)[0]
    assert entry.state is State.REVIEWED and entry.msgstr == "Аударма"
    assert catalog.provenance(entry) is None


def test_empty_inline_edit_is_not_saved(project: Path, run: Runner) -> None:
    path = machine_project(run, project)
    before = path.read_bytes()
    result = run(*review_args(), input="e\n\ne\n   \nq\n")
    assert "edit cancelled; nothing saved" in result.stdout  # an empty line
    assert "empty translation; nothing saved" in result.stdout  # only spaces
    assert shown_units(result.stdout) == [1]
    assert path.read_bytes() == before


EDITOR_SCRIPT = """
import pathlib, sys
seen, first, path = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
text = path.read_text(encoding="utf-8")
pathlib.Path(seen).write_text(text, encoding="utf-8")
lines = text.split("\\n")
path.write_text(first + "\\n" + "\\n".join(lines[1:]), encoding="utf-8")
"""


def editor(tmp_path: Path, new_first_line: str) -> tuple[str, Path]:
    script = tmp_path / "fake_editor.py"
    script.write_text(EDITOR_SCRIPT, encoding="utf-8")
    seen = tmp_path / "editor-saw.txt"
    command = f'"{sys.executable}" "{script}" "{seen}" "{new_first_line}"'
    return command, seen


def test_edit_in_editor(project: Path, run: Runner, tmp_path: Path) -> None:
    path = machine_project(run, project)
    command, seen = editor(tmp_path, "Редакторда  түзетілді")
    from click.testing import CliRunner

    from loctool.cli import cli

    result = CliRunner().invoke(
        cli,
        ["-C", str(project), "review", "kk", "--reviewer", REVIEWER],
        input="e\nq\n",
        env={"EDITOR": command},
    )
    assert result.exit_code == 0, result.output
    shown = seen.read_text(encoding="utf-8")
    assert shown.startswith(machine_text(1) + "\n")
    assert review.SCISSORS in shown
    assert "# Source: Kazakistan ve Tacikistan arasındaki işbirliği" in shown
    assert "# Machine (argos): " + machine_text(1) in shown
    entry = entries(path)[0]
    assert entry.msgstr == "Редакторда түзетілді"
    assert entry.state is State.REVIEWED


def test_edit_emptied_in_editor_is_not_saved(project: Path, run: Runner, tmp_path: Path) -> None:
    path = machine_project(run, project)
    command, _ = editor(tmp_path, "")
    before = path.read_bytes()
    from click.testing import CliRunner

    from loctool.cli import cli

    result = CliRunner().invoke(
        cli,
        ["-C", str(project), "review", "kk", "--reviewer", REVIEWER],
        input="e\nq\n",
        env={"EDITOR": command},
    )
    assert result.exit_code == 0
    assert "empty translation; nothing saved" in result.stdout
    assert path.read_bytes() == before


def test_help_and_unknown_keys(project: Path, run: Runner) -> None:
    machine_project(run, project)
    result = run(*review_args(), input="?\nx\n\nq\n")
    assert "accept the translation as it is" in result.stdout
    assert "unknown command 'x'; press ? for help" in result.stdout
    assert shown_units(result.stdout) == [1]


def test_reviewer_from_git_config(
    project: Path, run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = machine_project(run, project)
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Git User\n\temail = git@example.org\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    result = run("review", "kk", "--inline", input="a\nq\n")
    assert result.exit_code == 0
    assert "reviewer Git User <git@example.org>" in result.stdout
    assert catalog.load(path).metadata["Last-Translator"] == "Git User <git@example.org>"


def test_no_reviewer_is_an_error_that_changes_nothing(project: Path, run: Runner) -> None:
    machine_project(run, project)
    before = snapshot(project)
    result = run("review", "kk", "--inline", input="a\n")
    line = one_line_error(result)
    assert "--reviewer" in line
    assert "unit 1/" not in result.stdout
    assert snapshot(project) == before


def test_bad_reviewer(project: Path, run: Runner) -> None:
    machine_project(run, project)
    assert "reviewer is empty" in one_line_error(run("review", "kk", "--reviewer", "  "))


def test_catalog_errors(project: Path, run: Runner) -> None:
    assert "no kk catalogs" in one_line_error(run(*review_args()))
    assert run("extract").exit_code == 0
    assert "unknown language code 'xx'" in one_line_error(run("review", "xx"))
    assert "SLUG: no article 'nope'" in one_line_error(run(*review_args()[:2], "nope"))
    other = project / "seeds" / "second.txt"
    other.write_text("Bu ikinci bir haberdir. Çok kısa bir metin.\n", encoding="utf-8")
    assert run("extract", "--lang", "kk").exit_code == 0
    both = run(*review_args(), input="q\n")  # no slug: the whole language, article by article
    assert both.exit_code == 0, both.output
    assert "25 units to review (25 untranslated) in 2 articles" in both.stdout
    assert f"unit 1/23 · {SLUG} · untranslated" in both.stdout
    line = one_line_error(run(*review_args("--unit", "3")))
    assert "2 articles have a catalog in kk" in line and "--unit" in line
    ok = run("review", "kk", "second", "--inline", "--reviewer", REVIEWER, input="q\n")
    assert ok.exit_code == 0 and shown_units(ok.stdout) == [1]


def test_nothing_to_review(project: Path, run: Runner) -> None:
    machine_project(run, project, [])
    result = run(*review_args("--only", "machine"))
    assert result.exit_code == 0
    assert result.stdout.strip() == f"nothing to review in kk/{SLUG}"


# --------------------------------------------------------------------------- the loop alone


class FakeUI:
    """Scripted answers; ``before_key`` runs before the n-th answer is returned."""

    def __init__(self, answers: list[str], before_key: dict[int, object] | None = None):
        self.answers = list(answers)
        self.before_key = before_key or {}
        self.calls = 0
        self.shown: list[int] = []
        self.told: list[str] = []
        self.conflicts: list[review.Conflict] = []
        self.edits: list[str] = []  # the text each edit started from

    def show(self, item: review.Item, index: int, count: int) -> None:
        self.shown.append(item.unit)

    def key(self, item: review.Item) -> str:
        self.calls += 1
        hook = self.before_key.get(self.calls)
        if callable(hook):
            hook()
        return self._next()

    def _next(self) -> str:
        if not self.answers:
            raise EOFError
        answer = self.answers.pop(0)
        if answer == "^C":
            raise KeyboardInterrupt
        return answer

    def ask(self, label: str) -> str:
        return self._next()

    def pick(self, choices: tuple[tuple[str, str], ...]) -> str:
        return self._next()

    def conflict(self, conflict: review.Conflict) -> None:
        self.conflicts.append(conflict)

    def edit(self, item: review.Item, text: str) -> str | None:
        self.edits.append(text)
        return self._next()

    def tell(self, message: str, role: str = "meta") -> None:
        self.told.append(message)

    def help(self) -> None:
        self.told.append("help")


def session(project: Path, lang: str = "kk") -> review.Session:
    target = review.find_catalog(Project(project), lang, None)
    return review.Session(target, REVIEWER)


def other_process_edits(path: Path, unit: int, text: str, accept: bool = False) -> None:
    with catalog.locked(path):
        po = catalog.load(path)
        entry = po.active()[unit - 1]
        if accept:
            catalog.accept(entry, text)
        else:
            entry.msgstr = text
        catalog.save(po, path)


def test_a_concurrent_change_is_not_overwritten(project: Path, run: Runner) -> None:
    path = machine_project(run, project)
    ui = FakeUI(["a", "a", "q"], {1: lambda: other_process_edits(path, 1, "басқа мәтін")})
    summary = reviewloop.run(session(project), ui)
    assert any("changed this unit meanwhile" in m for m in ui.told)
    assert ui.shown == [1, 1, 2]  # shown again with the other text, then accepted
    entry = entries(path)[0]
    assert entry.msgstr == "басқа мәтін" and entry.state is State.REVIEWED
    assert summary.accepted == 1 and summary.ended == "quit"


def test_units_done_elsewhere_are_passed_over(project: Path, run: Runner) -> None:
    path = machine_project(run, project)
    ui = FakeUI(
        ["a", "a", "q"],
        {
            1: lambda: (
                other_process_edits(path, 1, "A", True),
                other_process_edits(path, 2, "B", True),
            )
        },
    )
    summary = reviewloop.run(session(project), ui)
    assert any("reviewed or removed this unit meanwhile" in m for m in ui.told)
    assert ui.shown == [1, 3, 4]
    assert summary.elsewhere == 2 and summary.accepted == 1
    assert [e.msgstr for e in entries(path)[:3]] == ["A", "B", machine_text(3)]


def test_interrupt_in_the_loop(project: Path, run: Runner) -> None:
    path = machine_project(run, project)
    summary = reviewloop.run(session(project), FakeUI(["a", "^C"]))
    assert summary.ended == "interrupted" and summary.units == [(SLUG, 1)]
    assert states(path)[:2] == [State.REVIEWED, State.MACHINE]
    assert summary.line().startswith("interrupted: 1 accepted")


def test_clean_translation() -> None:
    text = f"  Бірінші\nжол  \n\n{review.SCISSORS}\n# Source: x\n"
    assert review.clean_translation(text) == "Бірінші жол"
    assert review.clean_translation(f"\n{review.SCISSORS}\nall ignored\n") == ""


def test_every_written_catalog_passes_msgfmt(project: Path, run: Runner) -> None:
    """Acceptance 6 for review: edits with quotes, backslashes and tabs stay valid PO."""
    path = machine_project(run, project)
    tricky = 'Ол: "Иә" деді \\ C:\\path\tжәне %s 100%'
    result = run(*review_args(), input=f"e\n{tricky}\nq\n")
    assert result.exit_code == 0
    assert entries(path)[0].msgstr == " ".join(tricky.split())
    from .conftest import msgfmt_check

    assert msgfmt_check(path).returncode == 0


def test_live_qa_warnings(project: Path, run: Runner) -> None:
    pytest.importorskip("loctool.qa")
    path = machine_project(run, project, [])
    unit = next(n for n, e in enumerate(entries(path), 1) if "1.630" in e.msgid)
    po = catalog.load(path)
    draft = "Жарты жылда мал жеткіздік."  # a machine draft that lost the numbers
    catalog.set_machine(po.active()[unit - 1], draft, Provenance("argos"))
    catalog.save(po, path)
    result = run(
        *review_args("--only", "machine"), input="e\nЖарты жылда 1 640 бас мал жеткіздік.\nA\n"
    )
    assert result.exit_code == 0
    card, after = result.stdout.split("type the translation", 1)
    assert "qa        ✖ error: numbers:" in card  # the machine draft lost 1.630
    assert "[A]ccept despite errors" in card
    refused, saved = after.split("saved unit", 1)
    assert "✖ error: numbers: numbers differ" in refused  # the edit has a wrong number
    assert "1630" in refused and "press A to accept despite them" in refused
    assert saved.startswith(f" {unit} as reviewed despite numbers (override recorded)")
    entry = entries(path)[unit - 1]
    assert entry.msgstr == "Жарты жылда 1 640 бас мал жеткіздік."
    assert catalog.qa_override(entry).checks == ("numbers",)  # type: ignore[union-attr]
