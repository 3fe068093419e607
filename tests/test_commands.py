"""Consistent commands (issue 15): every command takes an article's slug or its source
file alike, an unknown slug is an error that names it, ``diff`` takes one mode, and
``extract`` says what changed per article."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from loctool import catalog
from loctool.project import Project

from .conftest import (
    SEED,
    SLUG,
    Runner,
    loctool_argv,
    one_line_error,
    po_path,
    pot_path,
    snapshot,
    subprocess_env,
)
from .reviewkit import REVIEWER

REL = f"seeds/{SLUG}.txt"


def kk(project: Path, slug: str = SLUG) -> Path:
    return po_path(project, "kk", slug)


# --------------------------------------------------------------------------- the resolver


def test_slug_and_source_path_name_the_same_article(project: Path, run: Runner) -> None:
    assert run("extract", "--lang", "kk").exit_code == 0
    p = Project(project)
    for given in (SLUG, REL, str(project / REL), f"{SLUG}.txt"):  # the last: in seeds/
        assert p.article_slug(given) == SLUG
        assert p.article(given).path == (project / REL).resolve()
    by_slug, by_path = run("status", SLUG), run("status", REL)
    assert by_slug.exit_code == by_path.exit_code == 0
    assert by_slug.output == by_path.output and SLUG in by_slug.output


@pytest.mark.parametrize(
    "command",
    [
        ("check", "{}"),
        ("diff", "--source", "{}", "--no-pager"),
        ("diff", "--mt", "{}", "--no-pager"),
        ("render", "{}", "--lang", "kk", "--allow-machine", "--fallback", "source"),
        ("review", "kk", "{}", "--reviewer", REVIEWER, "--inline"),
        ("accept", "kk", "{}", "--all", "--reviewer", REVIEWER),
        ("extract", "{}", "--lang", "kk"),
    ],
    ids=lambda c: c[0] + ("-" + c[1] if c[1].startswith("--") else ""),
)
def test_every_command_takes_the_path_as_it_takes_the_slug(
    project: Path, run: Runner, command: tuple[str, ...]
) -> None:
    (project / "seeds" / "other.txt").write_text("Başka bir haber. Kısa.\n", "utf-8")
    assert run("extract", "--lang", "kk").exit_code == 0
    twin = project.parent / "twin"
    shutil.copytree(project, twin)
    by_slug = run(*(a.format(SLUG) for a in command), input="q\n")
    by_path = run(*(a.format(REL) for a in command), input="q\n", root=twin)
    assert by_slug.exit_code == by_path.exit_code, by_path.output
    assert by_slug.exit_code in (0, 1), by_slug.output  # check exits 1 on QA errors
    assert by_path.output == by_slug.output
    assert snapshot(twin) == snapshot(project), "both did the same to the project"
    assert "other" not in by_slug.output  # only the article named


def test_a_source_outside_seeds_is_found_through_its_template(project: Path, run: Runner) -> None:
    (project / "articles").mkdir()
    moved = project / "articles" / "field-notes.md"
    moved.write_text("# Notlar\n\nBir cümle burada. İkinci cümle de burada.\n", "utf-8")
    assert run("extract", "articles/field-notes.md", "--lang", "kk").exit_code == 0
    assert Project(project).article("field-notes").path == moved.resolve()
    again = run("extract", "field-notes", "--lang", "kk")
    assert again.exit_code == 0 and "articles/field-notes.md" in again.output


def test_a_slug_with_catalogs_but_no_source_says_so(project: Path, run: Runner) -> None:
    assert run("extract", "--lang", "kk").exit_code == 0
    (project / REL).unlink()
    line = one_line_error(run("translate", SLUG, "--lang", "kk"))
    assert line == (
        f"loctool: error: SLUG: article '{SLUG}' has catalogs but no source in seeds/; "
        "give the source file"
    )
    assert run("status", SLUG).exit_code == 0  # the catalogs are still there to count


def test_two_sources_with_one_slug_are_named(project: Path, run: Runner) -> None:
    shutil.copyfile(SEED, project / "seeds" / f"{SLUG}.md")
    line = one_line_error(run("extract", SLUG))
    assert f"'{SLUG}' names several sources (seeds/{SLUG}.md, seeds/{SLUG}.txt)" in line


def test_translate_takes_a_slug(project: Path, run: Runner, install_pairs) -> None:
    install_pairs("tr-en")
    (project / "seeds" / "other.txt").write_text("Başka bir haber. İkinci cümle.\n", "utf-8")
    result = run("translate", SLUG, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert f"{REL}: tr, 24 units" in result.output
    assert po_path(project, "en").is_file()
    assert not po_path(project, "en", "other").exists(), "only the article named was translated"
    assert all(catalog.provenance(e) for e in catalog.load(po_path(project, "en")))


@pytest.mark.parametrize(
    "args",
    [
        ("status", "nope"),
        ("check", "nope"),
        ("render", "nope"),
        ("diff", "--source", "nope"),
        ("diff", "--mt", "nope"),
        ("review", "kk", "nope", "--reviewer", REVIEWER),
        ("accept", "kk", "nope", "--all", "--reviewer", REVIEWER),
        ("extract", "nope"),
        ("translate", "nope"),
    ],
    ids=lambda a: "-".join(a[:2]),
)
def test_an_unknown_slug_is_one_error_naming_it(project: Path, run: Runner, args) -> None:
    assert run("extract").exit_code == 0
    before = snapshot(project)
    line = one_line_error(run(*args))
    assert line == (
        "loctool: error: SLUG: no article 'nope' (no source in seeds/, no catalog in "
        "locales/); give a slug or a source file"
    )
    assert snapshot(project) == before


def test_status_of_an_unknown_slug_fails_in_a_real_process(project: Path, run: Runner) -> None:
    assert run("extract", "--lang", "kk").exit_code == 0
    done = subprocess.run(
        loctool_argv(project, "status", "nope"),
        capture_output=True,
        text=True,
        env=subprocess_env(),
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "loctool: error: SLUG: no article 'nope' (no source in seeds/, no catalog in "
        "locales/); give a slug or a source file"
    ]


def test_a_known_article_without_catalogs_is_not_an_error(project: Path, run: Runner) -> None:
    result = run("status", SLUG)
    assert result.exit_code == 0
    assert result.output.startswith(f"no catalogs yet for {SLUG}; run `loctool extract`")


def test_a_folder_is_not_an_article(project: Path, run: Runner) -> None:
    assert run("extract", "--lang", "kk").exit_code == 0
    line = one_line_error(run("accept", "kk", "..", "--all", "--reviewer", REVIEWER))
    assert line == "loctool: error: ..: is a directory; give an article's slug or source file"


# --------------------------------------------------------------------------- diff modes


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--mt", "--source"), " (not --source and --mt together)"),
        (("--source", "--rev", "HEAD"), " (not --source and --rev together)"),
        ((), ""),
    ],
)
def test_diff_takes_exactly_one_mode(project: Path, run: Runner, args, message: str) -> None:
    assert run("extract", "--lang", "kk").exit_code == 0
    line = one_line_error(run("diff", *args))
    assert line == "loctool: error: choose one of --source, --mt and --rev REV" + message


def test_diff_rev_knows_an_article_that_is_gone(project: Path, run: Runner) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True)

    assert run("extract", "--lang", "kk").exit_code == 0
    git("init", "-q")
    git("-c", "user.name=T", "-c", "user.email=t@example.org", "add", ".")
    git("-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "x")
    shutil.rmtree(project / "locales"), (project / REL).unlink()
    result = run("diff", "--rev", "HEAD", SLUG, "--stat")
    assert result.exit_code == 0, result.output
    assert f"kk/{SLUG}" in result.output and "deleted since HEAD" in result.output
    line = one_line_error(run("diff", "--rev", "HEAD", "nope"))
    assert "SLUG: no article 'nope'" in line


# --------------------------------------------------------------------------- extract


def test_extract_reports_new_changed_removed_and_unchanged_units(
    project: Path, run: Runner
) -> None:
    first = run("extract", "--lang", "kk")
    assert first.output == f"{REL}: tr, 24 units (23 distinct) → kk; 23 new; wrote 2 file(s)\n"
    source = project / REL
    text = source.read_text("utf-8")
    pot = catalog.load(pot_path(project))
    edited, removed = pot[2].msgid, pot[5].msgid
    assert edited in text and removed in text
    text = text.replace(edited, edited.replace(" ", " gerçekten ", 1))
    text = text.replace(removed, "")
    source.write_text(text + "\n\nTamamen yeni bir cümle geldi.\n", "utf-8")
    second = run("extract", "--lang", "kk")
    assert second.exit_code == 0, second.output
    assert second.output == (
        f"{REL}: tr, 24 units (23 distinct) → kk; 1 new, 1 changed, 1 removed, "
        "21 unchanged; wrote 2 file(s)\n"
    )
    # the same pairing as the merge: the edited unit is fuzzy with #|, the removed one is
    # gone from the active entries
    po = catalog.load(kk(project))
    changed = [e for e in po if e.previous_msgid is not None]
    assert [e.previous_msgid for e in changed] == []  # nothing was translated to carry over
    assert removed not in {e.msgid for e in po if not e.obsolete}
    third = run("extract", "--lang", "kk")
    assert third.output == f"{REL}: tr, 24 units (23 distinct) → kk; unchanged\n"


def test_extract_counts_follow_the_merge_of_translated_units(project: Path, run: Runner) -> None:
    assert run("extract", "--lang", "kk").exit_code == 0
    po = catalog.load(kk(project))
    for entry in po:
        catalog.accept(entry, "Аударма: " + entry.msgid)
    catalog.save(po, kk(project))
    source = project / REL
    old = po[3].msgid
    new = old.replace(" ", " çok ", 1)
    source.write_text(source.read_text("utf-8").replace(old, new), "utf-8")
    result = run("extract", "--lang", "kk")
    assert "; 1 changed, 22 unchanged; wrote 2 file(s)" in result.output
    merged = catalog.load(kk(project))
    changed = [e for e in merged if e.previous_msgid is not None]
    assert [(e.previous_msgid, e.msgid, e.msgstr) for e in changed] == [
        (old, new, "Аударма: " + old)
    ]
