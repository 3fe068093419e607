"""``#:`` references stay distinct when several units share a line (issue 15): such units
get ``path:line:column``; a unit alone on its line keeps ``path:line``.  GNU gettext is
the oracle: msgfmt accepts the form, msgcat and msgmerge keep it as it is."""

from __future__ import annotations

import subprocess
from pathlib import Path

from loctool import catalog, poformat

from .conftest import Runner, po_path, pot_path

ONE_LINE = "Birinci cümle burada. İkinci cümle de burada! Üçüncü cümle geliyor."
TEXT = f"{ONE_LINE}\n\nYeni paragraf tek cümle.\n\n- Sağ ol. - Rica ederim, ne demek.\n"


def references(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("#:")]


def setup(project: Path, run: Runner) -> Path:
    (project / "seeds" / "one.txt").write_text(TEXT, encoding="utf-8")
    result = run("extract", "seeds/one.txt", "--lang", "kk")
    assert result.exit_code == 0, result.output
    return pot_path(project, "one")


def test_units_sharing_a_line_get_their_column(project: Path, run: Runner) -> None:
    pot = setup(project, run)
    refs = references(pot.read_text("utf-8"))
    assert len(refs) == len(set(refs)) == 6, "every unit has its own reference"
    assert refs[:4] == [
        "#: seeds/one.txt:1:1",
        "#: seeds/one.txt:1:23",
        "#: seeds/one.txt:1:47",
        "#: seeds/one.txt:3",  # alone on its line: plain path:line
    ]
    lines = TEXT.split("\n")
    for entry in catalog.load(pot):
        (name, where), = entry.occurrences
        line, _, column = where.partition(":")
        start = int(column or 1) - 1  # 1-based characters
        assert name == "seeds/one.txt"
        assert lines[int(line) - 1][start:].startswith(entry.msgid.split()[0]), where


def test_gnu_tools_keep_the_references_as_they_are(project: Path, run: Runner) -> None:
    pot = setup(project, run)
    po = po_path(project, "kk", "one")
    ours = references(pot.read_text("utf-8"))
    cat = subprocess.run(["msgcat", str(pot)], capture_output=True, text=True, check=True)
    assert references(cat.stdout) == ours
    merged = subprocess.run(
        ["msgmerge", "--quiet", str(po), str(pot)], capture_output=True, text=True, check=True
    )
    assert references(merged.stdout) == ours
    fmt = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True)
    assert fmt.returncode == 0, fmt.stderr


def test_the_reader_round_trips_the_column_form() -> None:
    assert poformat._reference("seeds/one.txt:1:23") == ("seeds/one.txt", "1:23")
    assert poformat._reference("seeds/one.txt:3") == ("seeds/one.txt", "3")
    assert poformat._reference("src/a:b.c") == ("src/a:b.c", "")  # no line: a file name
    assert poformat._reference("C:12") == ("C", "12")


def test_extract_render_and_diff_keep_working(project: Path, run: Runner) -> None:
    pot = setup(project, run)
    before = pot.read_text("utf-8")
    again = run("extract", "one", "--lang", "kk")
    assert again.output.endswith("; unchanged\n"), again.output
    path = po_path(project, "kk", "one")
    po = catalog.load(path)
    second = po.find("İkinci cümle de burada!")
    catalog.accept(second, "Екінші сөйлем де осында!")
    catalog.save(po, path)
    source = project / "seeds" / "one.txt"
    source.write_text(TEXT.replace("de burada!", "de hemen burada!"), "utf-8")
    edited = run("extract", "one", "--lang", "kk")  # still this article's catalog
    assert edited.exit_code == 0 and "1 changed" in edited.output, edited.output
    refs = references(pot.read_text("utf-8"))
    assert refs[:3] == ["#: seeds/one.txt:1:1", "#: seeds/one.txt:1:23", "#: seeds/one.txt:1:53"]
    assert refs[3:] == references(before)[3:]  # the words added moved the third start only
    result = run("diff", "--source", "one", "--no-pager")
    assert result.output.splitlines()[0] == "one · unit 2 · line 1, column 23 · kk"
    rendered = run("render", "one", "--lang", "kk", "--fallback", "source")
    assert rendered.exit_code == 0, rendered.output
    copy = (project / "out" / "kk" / "one.txt").read_text("utf-8")
    assert copy == source.read_text("utf-8")  # the changed unit is not published: its source
