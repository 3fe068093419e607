"""`loctool diff --source / --mt / --rev` (issue 5, acceptance 4): each mode on a catalog
built for it, with colour off and on; `--rev` against commits of a temporary git repo."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from loctool import catalog
from loctool.cli import term
from loctool.diff import Op, word_diff

from .conftest import SLUG, Runner, one_line_error, po_path, po_rel
from .reviewkit import (
    EDIT_OLD,
    REVIEWER,
    change_source,
    git,
    hide_identity,
    machine_project,
    machine_text,
    unit_of,
)

ANSI = re.compile(r"\x1b\[[0-9;]*m")
REMOVED = "Kazakistan ve Tacikistan bu konuda işbirliğine kararlıdır."
ADDED = "Forum iki gün sürdü."


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    hide_identity(monkeypatch, tmp_path)


def plain(ops: list[Op]) -> str:
    marks = {"equal": ("", ""), "delete": ("[-", "-]"), "insert": ("{+", "+}")}
    return "".join(marks[op.kind][0] + op.text + marks[op.kind][1] for op in ops)


# --------------------------------------------------------------------------- word diff


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("same text", "same text", "same text"),
        ("", "new words", "{+new words+}"),
        ("old words", "", "[-old words-]"),
        ("a b c", "x y z", "[-a b c-]{+x y z+}"),  # one change, not three
        ("a b c", "a c", "a [-b -]c"),
        ("Duşanbe’deki forum", "Astana’daki forum", "[-Duşanbe’deki-]{+Astana’daki+} forum"),
        ("Hello world.", "Hello world!", "Hello world[-.-]{+!+}"),
        ("1.630 baş", "1.640 baş", "[-1.630-]{+1.640+} baş"),  # numbers change whole
        ("1 milyar", "1,2 milyar", "[-1-]{+1,2+} milyar"),
        ("2024’ün ilk", "2025’in ilk", "[-2024’ün-]{+2025’in+} ilk"),
    ],
)
def test_word_diff(old: str, new: str, expected: str) -> None:
    ops = word_diff(old, new)
    assert plain(ops) == expected
    assert "".join(o.text for o in ops if o.kind != "insert") == old
    assert "".join(o.text for o in ops if o.kind != "delete") == new


# --------------------------------------------------------------------------- --source


def changed_project(run: Runner, project: Path) -> int:
    """kk and ru translated and reviewed, then the source of one unit edited."""
    path = machine_project(run, project)
    for lang in ("kk", "ru"):
        po = catalog.load(po_path(project, lang))
        for n, entry in enumerate(po.active(), 1):
            catalog.accept(entry, f"{lang} аударма {n}")
        catalog.save(po, po_path(project, lang))
    target = unit_of(path, EDIT_OLD)
    change_source(project)
    assert run("extract").exit_code == 0
    return target


def test_diff_source_plain(project: Path, run: Runner) -> None:
    target = changed_project(run, project)
    result = run("diff", "--source")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\x1b[" not in out
    assert f"{SLUG} · unit {target} · line 5, column 150 · kk ru" in out
    assert "source    Her iki taraf da ticaret [-cirosunu-]{+hacmini+} artırmakla {+çok +}" in out
    assert f"kk        kk аударма {target}" in out  # the stale translation, per language
    assert f"ru        ru аударма {target}" in out
    assert out.rstrip().endswith("1 changed unit in 1 article")

    only_ru = run("diff", "--source", "--lang", "ru", SLUG).stdout
    assert "· ru\n" in only_ru and "kk аударма" not in only_ru

    stat = run("diff", "--source", "--stat").stdout.splitlines()
    assert stat == [
        f"en/{SLUG}  0 changed",
        f"kk/{SLUG}  1 changed",
        f"ru/{SLUG}  1 changed",
        f"tg/{SLUG}  0 changed",
    ]


def test_diff_source_colour(project: Path, run: Runner) -> None:
    changed_project(run, project)
    out = run("diff", "--source", "--color", "always").stdout
    assert "\x1b[31m" in out and "\x1b[32m" in out  # red deletions, green insertions
    assert "[-" not in out and "{+" not in out
    assert "cirosunu" in ANSI.sub("", out)
    never = run("diff", "--source", "--color", "never").stdout
    assert "\x1b[" not in never and "[-cirosunu-]" in never


def test_colour_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty:
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert term.wants_color("auto", Tty()) is True
    assert term.wants_color("auto", object()) is False  # a pipe
    monkeypatch.setenv("NO_COLOR", "1")
    assert term.wants_color("auto", Tty()) is False
    assert term.wants_color("always", object()) is True
    monkeypatch.setenv("NO_COLOR", "")  # empty means unset (no-color.org)
    assert term.wants_color("auto", Tty()) is True


def test_diff_source_when_nothing_changed(project: Path, run: Runner) -> None:
    machine_project(run, project)
    result = run("diff", "--source")
    assert result.exit_code == 0
    assert result.stdout.strip() == "no source changes waiting for review"


# --------------------------------------------------------------------------- --mt


EDITED = machine_text(2).replace("аударма", "жаңа")


def post_edited_project(run: Runner, project: Path) -> None:
    machine_project(run, project)
    result = run(
        "review", "kk", "--inline", "--reviewer", REVIEWER, input=f"a\ne\n{EDITED}\nq\n"
    )
    assert result.exit_code == 0, result.output


def test_diff_mt_plain(project: Path, run: Runner) -> None:
    post_edited_project(run, project)
    result = run("diff", "--mt")
    assert result.exit_code == 0
    out = result.stdout
    assert f"kk/{SLUG} · 1 of 2 reviewed machine units edited · mean post-edit distance" in out
    assert "unit 2 · distance 0." in out and "argos · translate-tr_en 1.0" in out
    assert "post-edit машина «б»: [-аударма-]{+жаңа+} мәтіні (1 000 000 000)" in out
    assert "unit 1 ·" not in out  # accepted unchanged: nothing to show
    stat = run("diff", "--mt", "--stat").stdout.splitlines()
    assert stat[1].startswith(f"kk/{SLUG}  2 reviewed machine units, 1 edited, mean distance 0.")
    assert stat[0] == f"en/{SLUG}  0 reviewed machine units, 0 edited, mean distance –"


def test_diff_mt_colour(project: Path, run: Runner) -> None:
    post_edited_project(run, project)
    out = run("diff", "--mt", "--color", "always").stdout
    assert "\x1b[31m" in out and "\x1b[32m" in out and "[-" not in out
    assert "машина «б»: аудармажаңа мәтіні" in ANSI.sub("", out)


def test_diff_mt_without_reviews(project: Path, run: Runner) -> None:
    machine_project(run, project)
    assert run("diff", "--mt").stdout.strip() == "no reviewed machine translations yet"


# --------------------------------------------------------------------------- --rev


def edit_article(project: Path) -> None:
    src = project / "seeds" / f"{SLUG}.txt"
    text = src.read_text(encoding="utf-8")
    assert REMOVED in text and "Silk Way TV" in text
    text = text.replace(" " + REMOVED, "").replace("Silk Way TV", f"{ADDED}\n\nSilk Way TV")
    src.write_text(text, encoding="utf-8")


def rev_project(run: Runner, project: Path) -> dict[str, int]:
    path = machine_project(run, project)
    removed = unit_of(path, REMOVED)
    edited = unit_of(path, EDIT_OLD)
    fix = [removed, edited]
    assert run("accept", "kk", "--unit", ",".join(map(str, fix)), "--reviewer", REVIEWER)
    po = catalog.load(path)
    for n in fix:
        catalog.accept(po.active()[n - 1], f"қабылданған {n}")
    catalog.save(po, path)
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "first")
    # after the commit: a review decision, a source edit, a removed and an added unit
    assert run("accept", "kk", "--unit", "1", "--reviewer", REVIEWER).exit_code == 0
    change_source(project)
    edit_article(project)
    assert run("extract").exit_code == 0
    return {"removed": removed, "edited": edited, "added": unit_of(path, ADDED)}


def test_diff_rev_plain(project: Path, run: Runner) -> None:
    units = rev_project(run, project)
    result = run("diff", "--rev", "HEAD", "--lang", "kk")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\x1b[" not in out
    assert out.startswith(f"kk/{SLUG} · changed since HEAD · 1 added, 1 removed, ")
    assert "unit 1 · machine → reviewed\n" in out
    assert f"unit {units['added']} added · untranslated\n  source    {ADDED}\n" in out
    assert f"was unit {units['removed']} removed · was reviewed" in out
    assert f"[-қабылданған {units['removed']}-]" in out
    assert f"unit {units['edited']} · source changed · reviewed → changed" in out
    assert "Her iki taraf da ticaret [-cirosunu-]{+hacmini+} artırmakla {+çok +}ilgileniyor." in out
    assert "msgid" not in out and "@@" not in out  # entries, not lines

    stat = run("diff", "--rev", "HEAD", "--stat").stdout.splitlines()
    assert stat[1] == (
        f"kk/{SLUG}  changed since HEAD: 1 added, 1 removed, 1 source changed, 2 state changed"
    )
    assert stat[0].startswith(f"en/{SLUG}  changed since HEAD: 1 added, 1 removed")  # untranslated


def test_diff_rev_colour(project: Path, run: Runner) -> None:
    rev_project(run, project)
    out = run("diff", "--rev", "HEAD", "--lang", "kk", "--color", "always").stdout
    assert "\x1b[31m" in out and "\x1b[32m" in out and "{+" not in out
    assert "unit 1 · machine → reviewed" in ANSI.sub("", out)


def test_diff_rev_translation_edit_and_clean_tree(project: Path, run: Runner) -> None:
    machine_project(run, project)
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "first")
    assert run("diff", "--rev", "HEAD").stdout.strip() == "no catalog changes since HEAD"
    result = run(
        "review", "kk", "--inline", "--reviewer", REVIEWER, input="e\nТүзетілген мәтін\nq\n"
    )
    assert result.exit_code == 0
    out = run("diff", "--rev", "HEAD").stdout
    assert f"kk/{SLUG} · changed since HEAD · 1 translation changed, 1 state changed" in out
    assert f"text      [-{machine_text(1)}-]{{+Түзетілген мәтін+}}" in out


def test_diff_rev_new_and_deleted_catalogs_from_a_subfolder(
    project: Path, run: Runner, tmp_path: Path
) -> None:
    repo = project.parent  # the project is a folder inside a bigger repository
    assert run("extract", "--lang", "kk,ru").exit_code == 0
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first")
    po_path(project, "ru").unlink()
    assert run("extract", "--lang", "en").exit_code == 0
    stat = run("diff", "--rev", "HEAD", "--stat").stdout.splitlines()
    assert stat == [
        f"en/{SLUG}  new since HEAD: 23 added",
        f"ru/{SLUG}  deleted since HEAD: 23 removed",
    ]


def test_diff_rev_errors(project: Path, run: Runner) -> None:
    machine_project(run, project)
    line = one_line_error(run("diff", "--rev", "HEAD"))
    assert "not in a git repository" in line
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "first")
    assert "unknown revision 'nope'" in one_line_error(run("diff", "--rev", "nope"))
    assert "not a revision" in one_line_error(run("diff", "--rev", "--help"))


def test_diff_rev_bad_catalog_at_revision(project: Path, run: Runner) -> None:
    path = machine_project(run, project)
    good = path.read_bytes()
    path.write_bytes(good.replace(b'msgstr ""\n\n#:', b'msgstr "broken\n\n#:', 1))
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "broken")
    path.write_bytes(good)
    line = one_line_error(run("diff", "--rev", "HEAD", "--lang", "kk"))
    assert re.search(rf"HEAD:{re.escape(po_rel('kk'))}:\d+: ", line)


# --------------------------------------------------------------------------- the command


def test_mode_is_required_and_exclusive(project: Path, run: Runner) -> None:
    machine_project(run, project)
    assert "choose one of" in one_line_error(run("diff"))
    assert "choose one of" in one_line_error(run("diff", "--mt", "--rev", "HEAD"))
    assert "bad slug" not in one_line_error(run("diff", "--mt", "../x"))


def test_diff_without_catalogs(run: Runner) -> None:
    assert "no catalogs" in one_line_error(run("diff", "--mt"))


def test_long_output_goes_through_the_pager_on_a_terminal(
    project: Path, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    changed_project(run, project)
    paged: list[str] = []
    monkeypatch.setattr(term, "isatty", lambda stream: True)
    monkeypatch.setattr(
        term.shutil, "get_terminal_size", lambda fallback: os.terminal_size((80, 4))
    )
    monkeypatch.setattr(term.click, "echo_via_pager", lambda text, color: paged.append(text))
    run("diff", "--source")
    assert len(paged) == 1 and "[-cirosunu-]" in paged[0]
    run("diff", "--source", "--no-pager")
    run("diff", "--source", "--lang", "en")  # one line: fits the screen
    assert len(paged) == 1
