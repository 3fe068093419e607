"""`loctool check` from the command line: exit codes and the JSON schema (issue 6, acc. 5)."""

from __future__ import annotations

import json
from pathlib import Path

from loctool import qa

from .conftest import SLUG, Runner, one_line_error, po_path, po_rel, snapshot
from .renderkit import fill
from .test_glossary import HEADER, ROWS

UNIT_KEYS = [
    "article",
    "lang",
    "file",
    "line",
    "unit",
    "state",
    "check",
    "level",
    "message",
    "msgid",
    "msgstr",
    "overridden",
    "override",
]
UNIT_TYPES = {
    "article": str,
    "lang": str,
    "file": str,
    "line": int,
    "unit": int,
    "state": str,
    "check": str,
    "level": str,
    "message": str,
    "msgid": str,
    "msgstr": str,
    "overridden": bool,
    "override": type(None),  # {"checks", "by", "date"} on an overridden error
}

TITLE = "Kazakistan ve Tacikistan arasındaki işbirliği"
RU = {
    TITLE: "Сотрудничество между Казахстаном и Таджикистаном",
    "Her iki taraf da ticaret cirosunu artırmakla ilgileniyor.": "Обе стороны "
    "заинтересованы в увеличении товарооборота.",
}


def translate_ru(msgid: str) -> str:
    return RU.get(msgid, "")


def test_fresh_catalogs_pass(project: Path, run: Runner) -> None:
    assert run("extract").exit_code == 0
    result = run("check")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "4 catalog(s), 0 translation(s) checked, 92 untranslated: 0 error(s), 0 warning(s)\n"
    )


def test_no_catalogs(project: Path, run: Runner) -> None:
    result = run("check")
    assert result.exit_code == 0 and result.stdout == "no catalogs to check\n"


def test_errors_exit_1_and_name_file_line_unit_and_language(project: Path, run: Runner) -> None:
    assert run("extract").exit_code == 0
    fill(project, "ru", text=translate_ru, units=[1, 3])
    assert run("check").exit_code == 0  # good translations
    fill(project, "kk", how="machine", units=[1])  # a Turkish copy in a Kazakh catalog
    before = snapshot(project)
    result = run("check")
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    po_lines = po_path(project, "kk").read_text(encoding="utf-8").splitlines()
    at = po_lines.index(f'msgid "{TITLE}"')
    line = max(i for i in range(at) if not po_lines[i]) + 2  # first line of the entry
    assert lines[:2] == [
        f"{po_rel('kk')}:{line}: error: untranslated: unit 1 (kk): "
        "the translation is identical to the Turkish source",
        f"{po_rel('kk')}:{line}: error: script: unit 1 (kk): "
        "written in Latin script (21 of 21 letters); Kazakh is written in Cyrillic",
    ]
    assert lines[-1].endswith("3 translation(s) checked, 89 untranslated: 2 error(s), 0 warning(s)")
    assert snapshot(project) == before  # check never writes


def test_warnings_alone_exit_0_and_skip_leaves_checks_out(project: Path, run: Runner) -> None:
    assert run("extract").exit_code == 0
    fill(project, "en", text=lambda m: "Cooperation between Kazakhstan and Tajikistan.", units=[1])
    result = run("check", "--lang", "en")
    assert result.exit_code == 0
    assert "warning: punctuation: unit 1 (en): ends with '.' but the source" in result.stdout
    fill(project, "en", text=lambda m: "Kazakistan ve Tacikistan", units=[1])
    assert run("check", "--lang", "en").exit_code == 0  # untranslated-ish, a warning only
    fill(project, "kk", text=lambda m: "Kazakhstan and Tajikistan", units=[1])
    assert run("check", "--lang", "kk").exit_code == 1
    assert run("check", "--lang", "kk", "--skip", "script").exit_code == 0
    assert run("check", "--lang", "en", SLUG).exit_code == 0
    assert "unknown check 'speling'" in one_line_error(run("check", "--skip", "speling"))
    assert "SLUG: no article 'other'" in one_line_error(run("check", "other"))


def test_glossary_csv_is_used(project: Path, run: Runner) -> None:
    assert run("extract").exit_code == 0
    fill(project, "kk", units=[23])  # Silk Way TV kept as is: a name, not "untranslated"
    fill(project, "ru", text=lambda m: "Сотрудничество между РК и Таджикистаном", units=[1])
    result = run("check")
    assert "unit 23" not in result.stdout
    (project / "glossary.csv").write_text(HEADER + ROWS, encoding="utf-8")
    result = run("check")
    assert "unit 23" not in result.stdout
    assert "warning: glossary: unit 1 (ru): “Kazakistan” should be “Казахстан”" in result.stdout
    assert result.exit_code == 0


def test_malformed_glossary_is_a_one_line_error(project: Path, run: Runner) -> None:
    assert run("extract").exit_code == 0
    (project / "glossary.csv").write_text("term,kk,ru\nx,y,z\n", encoding="utf-8")
    line = one_line_error(run("check"))
    assert line == (
        "loctool: error: glossary.csv:1: missing column(s) tg, en, note, dnt "
        "(header must have: term,kk,tg,ru,en,note,dnt)"
    )


def test_json_schema_is_stable(project: Path, run: Runner) -> None:
    assert run("extract").exit_code == 0
    fill(project, "ru", text=translate_ru, units=[1, 3])
    fill(project, "kk", how="machine", units=[1])
    fill(project, "en", text=lambda m: "1.630 head.", units=[9])
    result = run("check", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert list(data) == ["schema", "summary", "checks", "issues"]
    assert data["schema"] == "loctool-check/1"
    assert data["summary"] == {
        "catalogs": 4,
        "checked": 4,
        "untranslated": 88,
        "errors": 3,
        "warnings": 1,
        "overridden": 0,
    }
    assert data["checks"] == [
        {"id": c.id, "level": c.level, "fatal": c.fatal, "description": c.description}
        for c in qa.REGISTRY.values()
    ]
    for issue in data["issues"]:
        assert list(issue) == UNIT_KEYS
        assert {k: type(v) for k, v in issue.items()} == UNIT_TYPES
        assert issue["level"] in ("error", "warning")
        assert issue["check"] in qa.REGISTRY
    found = [(i["lang"], i["unit"], i["check"], i["state"]) for i in data["issues"]]
    assert found == [
        ("en", 9, "numbers", "reviewed"),
        ("en", 9, "length", "reviewed"),
        ("kk", 1, "untranslated", "machine"),
        ("kk", 1, "script", "machine"),
    ]
    numbers = data["issues"][0]
    assert numbers["file"] == po_rel("en")
    assert numbers["msgstr"] == "1.630 head."
    assert numbers["message"].startswith("numbers differ: missing 1630 (source “1.630”)")
    assert run("check", "--json").stdout == result.stdout  # deterministic


def test_list_checks(project: Path, run: Runner) -> None:
    result = run("check", "--list-checks")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(qa.REGISTRY) + 1  # and a footnote on fatal checks
    levels = {line.split()[0]: line.split()[1] for line in lines[:-1]}
    assert levels["numbers"] == "error" and levels["format"] == "error*"
    assert lines[-1].startswith("* msgfmt --check rejects it")
