"""`loctool extract` and `status` from the command line (issue 2, acceptance 6)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import SLUG, Runner, one_line_error, po_path, snapshot


def write(project: Path, name: str, data: bytes) -> str:
    path = project / "seeds" / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    ("name", "data", "needle"),
    [
        ("cp1254.txt", "Türkçe metin: ışık, şeker.".encode("cp1254"), "not valid UTF-8"),
        ("empty.txt", b"", "is empty"),
        ("blank.txt", b" \n\xc2\xa0\n\n", "is empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("utf16.txt", "Merhaba dünya. Nasılsın?".encode("utf-16-le"), "UTF-16"),
    ],
)
@pytest.mark.malformed_po
def test_bad_source_changes_nothing(
    project: Path, run: Runner, name: str, data: bytes, needle: str
) -> None:
    assert run("extract", f"seeds/{SLUG}.txt").exit_code == 0
    path = write(project, name, data)
    before = snapshot(project)
    line = one_line_error(run("extract", path))
    assert needle in line
    assert name in line
    assert snapshot(project) == before


def test_non_utf8_error_names_the_line(project: Path, run: Runner) -> None:
    path = write(project, "latin.txt", "Birinci satır.\nİkinci satır çok güzel.".encode("cp1254"))
    line = one_line_error(run("extract", path))
    assert "latin.txt:1:" in line


def test_directory_as_source(project: Path, run: Runner) -> None:
    before = snapshot(project)
    line = one_line_error(run("extract", str(project / "seeds")))
    assert "is a directory" in line
    assert snapshot(project) == before


def test_unknown_language_code(project: Path, run: Runner) -> None:
    line = one_line_error(run("extract", "--lang", "kk,xx"))
    assert "unknown language code 'xx'" in line
    assert not (project / "locales").exists()


@pytest.mark.malformed_po
def test_malformed_existing_po_is_reported_with_its_line(project: Path, run: Runner) -> None:
    assert run("extract").exit_code == 0
    bad = po_path(project, "tg", SLUG)
    text = bad.read_text(encoding="utf-8").replace(
        'msgstr ""\n\n#:', 'msgstr "unterminated\n\n#:', 1
    )
    bad.write_text(text, encoding="utf-8")
    (project / "seeds" / f"{SLUG}.txt").write_text("Yeni bir cümle.\n", encoding="utf-8")
    before = snapshot(project)
    line = one_line_error(run("extract"))
    expected_line = text.split("\n").index('msgstr "unterminated') + 1
    assert f"{SLUG}.po:{expected_line}: unterminated string" in line
    assert snapshot(project) == before, "no other catalog was written either"


def test_missing_source(project: Path, run: Runner) -> None:
    line = one_line_error(run("extract", "seeds/nope.txt"))
    assert "no such file" in line


def test_debug_shows_the_traceback(project: Path, run: Runner) -> None:
    result = run("--debug", "extract", str(project / "seeds"))
    assert result.exit_code != 0
    assert result.exception is not None and "is a directory" in str(result.exception)


def test_help_lists_only_working_commands(run: Runner) -> None:
    result = run("--help")
    assert result.exit_code == 0
    commands = result.output.split("Commands:")[1].splitlines()
    listed = {line.split()[0] for line in commands if line.startswith("  ") and line[2] != " "}
    from loctool.cli import cli

    assert listed == set(cli.commands)
    for name in listed:
        assert run(name, "--help").exit_code == 0


def test_status_counts(project: Path, run: Runner) -> None:
    assert run("extract").exit_code == 0
    result = run("status", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert {r["lang"] for r in rows} == {"kk", "tg", "ru", "en"}
    for row in rows:
        assert row["slug"] == SLUG
        assert row["units"] == 23 == row["untranslated"]
        assert row["reviewed"] == row["machine"] == row["changed"] == 0
        assert row["words"] == 300
    table = run("status").stdout
    assert "untranslated" in table.splitlines()[0]
    assert len(table.splitlines()) == 5


def test_status_on_an_empty_project(run: Runner) -> None:
    result = run("status")
    assert result.exit_code == 0
    assert "no catalogs yet" in result.output
