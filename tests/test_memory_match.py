"""A similar translation from the memory in a brand-new article is not a source change
(issue 15): the entry says so (``#. loctool-memory-match``), ``diff --source`` shows it
against the memory's source, and it ends when a person accepts the unit."""

from __future__ import annotations

import re
from pathlib import Path

from loctool import catalog, diff
from loctool.messages import Message
from loctool.model import Provenance, State
from loctool.project import Project

from .conftest import SLUG, Runner, po_path

ORIGINAL = "Her iki taraf da ticaret cirosunu artırmakla ilgileniyor."
SIMILAR = "Her iki taraf da ticaret cirosunu hızla artırmakla ilgileniyor."
HUMAN = "Екі тарап та тауар айналымын арттыруға мүдделі."


def review_original(project: Path, run: Runner) -> None:
    assert run("extract", "--lang", "kk").exit_code == 0
    path = po_path(project, "kk", SLUG)
    po = catalog.load(path)
    catalog.accept(po.find(ORIGINAL), HUMAN)
    catalog.save(po, path)


def follow_up(project: Path, run: Runner) -> Message:
    """A new article with a sentence similar to a reviewed one, translated (no engine:
    only the memory fills anything)."""
    (project / "seeds" / "follow-up.txt").write_text(
        f"{SIMILAR}\n\nTamamen başka bir cümle.\n", encoding="utf-8"
    )
    result = run("translate", "follow-up", "--lang", "kk")
    assert result.exit_code == 0, result.output
    assert "1 similar translation from memory" in result.output
    return catalog.load(po_path(project, "kk", "follow-up")).find(SIMILAR)


def test_a_memory_match_is_recorded_and_told_from_a_source_change(
    project: Path, run: Runner
) -> None:
    review_original(project, run)
    entry = follow_up(project, run)
    assert entry.state is State.CHANGED  # fuzzy, the memory's source in #|
    assert entry.previous_msgid == ORIGINAL and entry.msgstr == HUMAN
    assert catalog.is_memory_match(entry)
    assert re.fullmatch(r"9\d%", catalog.memory_match(entry) or "")
    assert f"#. loctool-memory-match: {catalog.memory_match(entry)}\n" in po_path(
        project, "kk", "follow-up"
    ).read_text("utf-8")
    # a real change: the reviewed article's own source edited
    source = project / "seeds" / f"{SLUG}.txt"
    source.write_text(source.read_text("utf-8").replace(ORIGINAL, SIMILAR), "utf-8")
    assert run("extract", SLUG, "--lang", "kk").exit_code == 0
    real = catalog.load(po_path(project, "kk", SLUG)).find(SIMILAR)
    assert real.state is State.CHANGED and real.previous_msgid == ORIGINAL
    assert not catalog.is_memory_match(real) and catalog.memory_match(real) is None


def test_diff_source_shows_it_against_the_memory_source_and_says_so(
    project: Path, run: Runner
) -> None:
    review_original(project, run)
    entry = follow_up(project, run)
    result = run("diff", "--source", "follow-up", "--no-pager")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    score = catalog.memory_match(entry)
    assert lines[0] == (
        f"follow-up · unit 1 · line 1 · kk · similar translation from memory "
        f"({score} similar source)"
    )
    assert lines[1] == (
        "  memory    Her iki taraf da ticaret cirosunu {+hızla +}artırmakla ilgileniyor."
    )
    assert lines[2] == f"  kk        {HUMAN}"
    assert lines[-1] == "1 similar translation from memory in 1 article"
    stat = run("diff", "--source", "--stat", "--no-pager")
    assert "kk/follow-up" in stat.output and "0 changed, 1 similar from memory" in stat.output
    [change] = diff.source_changes(Project(project).catalogs(["kk"], "follow-up"))
    assert change.memory == score and change.previous == ORIGINAL


def test_the_match_survives_a_source_edit_and_ends_with_acceptance(
    project: Path, run: Runner
) -> None:
    review_original(project, run)
    follow_up(project, run)
    source = project / "seeds" / "follow-up.txt"
    edited = SIMILAR.replace("hızla", "çok hızla")
    source.write_text(source.read_text("utf-8").replace(SIMILAR, edited), "utf-8")
    assert run("extract", "follow-up", "--lang", "kk").exit_code == 0
    path = po_path(project, "kk", "follow-up")
    entry = catalog.load(path).find(edited)
    # still the memory's translation for the memory's source: the #| keeps that source
    assert catalog.is_memory_match(entry) and entry.previous_msgid == ORIGINAL
    po = catalog.load(path)
    catalog.accept(po.find(edited))
    catalog.save(po, path)
    assert "loctool-memory-match" not in path.read_text("utf-8")
    source.write_text(source.read_text("utf-8").replace(edited, SIMILAR), "utf-8")
    assert run("extract", "follow-up", "--lang", "kk").exit_code == 0
    later = catalog.load(path).find(SIMILAR)
    assert later.state is State.CHANGED and later.previous_msgid == edited
    assert not catalog.is_memory_match(later), "after review, a source edit is a real change"


def test_a_fresh_machine_draft_keeps_the_memory_label(project: Path, run: Runner) -> None:
    """--refresh-changed replaces the text by a machine draft; the #| is still the
    memory's source, so the entry is still a memory match."""
    review_original(project, run)
    follow_up(project, run)
    path = po_path(project, "kk", "follow-up")
    po = catalog.load(path)
    entry = po.find(SIMILAR)
    catalog.set_machine(entry, "Машина аудармасы.", Provenance("argos", "x 1.0"))
    catalog.save(po, path)
    entry = catalog.load(path).find(SIMILAR)
    assert catalog.is_memory_match(entry) and catalog.previous_translation(entry) == HUMAN


def test_accept_all_names_memory_matches_apart_from_source_changes(
    project: Path, run: Runner
) -> None:
    review_original(project, run)
    follow_up(project, run)
    result = run("accept", "kk", "follow-up", "--all", "--reviewer", "T <t@example.org>")
    assert "1 similar translation from memory left alone (1)" in result.output
    assert "source changed since translation" not in result.output
