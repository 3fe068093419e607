"""The caches behind fast re-runs (issue 8, scale): extract records and status rows.

They live outside the project, are used only while every file they depend on holds the
same bytes, and never change what a command does, only how much it reads.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from loctool import cache, catalog, pipeline, stats
from loctool.messages import Catalog
from loctool.model import State
from loctool.project import Project

from .conftest import SLUG, Runner, po_path, snapshot
from .test_merge import edit_source


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many catalogs were parsed (every command reads them through catalog.loads)."""
    calls = {"loads": 0}
    real_loads = catalog.loads

    def loads(text: str, path: str | Path = "<string>") -> Catalog:
        calls["loads"] += 1
        return real_loads(text, path)

    monkeypatch.setattr(catalog, "loads", loads)
    return calls


def status(project: Path) -> dict[str, stats.Row]:
    return {row.lang: row for row in stats.collect(Project(project))}


def test_caches_live_outside_the_project(project: Path, run: Runner) -> None:
    assert run("extract").exit_code == 0
    before = snapshot(project)
    assert run("status").exit_code == 0
    assert run("extract").exit_code == 0
    assert snapshot(project) == before, "neither command wrote into the project"
    folder = cache.folder(project)
    assert {p.name for p in folder.iterdir()} == {"extract.json", "status.json"}
    assert project.resolve() not in folder.resolve().parents


def test_status_parses_only_catalogs_that_changed(
    project: Path, run: Runner, counted: dict[str, int]
) -> None:
    assert run("extract").exit_code == 0
    first = status(project)
    assert counted["loads"] == 4
    assert status(project) == first
    assert counted["loads"] == 4, "nothing changed: no catalog parsed again"

    path = po_path(project, "ru")
    po = catalog.load(path)
    catalog.accept(po[0], "Сотрудничество")
    catalog.save(po, path)
    counted["loads"] = 0
    again = status(project)
    assert counted["loads"] == 1, "only the changed catalog is parsed again"
    assert again["ru"].reviewed == 1 and again["ru"].untranslated == first["ru"].untranslated - 1
    assert {k: v for k, v in again.items() if k != "ru"} == {
        k: v for k, v in first.items() if k != "ru"
    }


def test_status_sees_a_same_size_rewrite_with_the_old_mtime(project: Path, run: Runner) -> None:
    """Bytes decide, not timestamps: a same-length edit with the old mtime is seen."""
    assert run("extract").exit_code == 0
    path = po_path(project, "en")
    po = catalog.load(path)
    catalog.accept(po[0], "A")
    catalog.save(po, path)
    assert status(project)["en"].reviewed == 1
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    assert '\nmsgstr "A"\n' in text
    with open(path, "r+", encoding="utf-8") as fh:  # in place: same inode, same size
        fh.write(text.replace('\nmsgstr "A"\n', '\nmsgstr ""\n', 1) + "\n")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size
    assert status(project)["en"].reviewed == 0


def test_a_damaged_status_cache_is_ignored(project: Path, run: Runner) -> None:
    assert run("extract").exit_code == 0
    first = status(project)
    store = cache.folder(project) / "status.json"
    for garbage in ("{not json", "[]", json.dumps({"code": cache.code_id(), "entries": 7})):
        store.write_text(garbage, encoding="utf-8")
        assert status(project) == first
    entries = json.loads(store.read_text(encoding="utf-8"))["entries"]
    for value in entries.values():
        value["row"] = {"units": "not a row"}
    store.write_text(json.dumps({"code": cache.code_id(), "entries": entries}), encoding="utf-8")
    assert status(project) == first


def test_no_change_extract_reads_no_catalog(
    project: Path, run: Runner, counted: dict[str, int]
) -> None:
    first = pipeline.extract(Project(project))
    counted["loads"] = 0
    again = pipeline.extract(Project(project))
    assert counted["loads"] == 0
    assert [r.written for r in again] == [()]
    (a,), (b,) = first, again
    assert (a.article, a.source_lang, a.targets) == (b.article, b.source_lang, b.targets)


def test_extract_without_records_writes_nothing_after_a_merge(project: Path, run: Runner) -> None:
    """The records rest on this: extract run on its own output writes nothing, even
    right after a merge that made fuzzy matches and obsolete entries."""
    assert run("extract").exit_code == 0
    path = po_path(project, "ru")
    po = catalog.load(path)
    for n, entry in enumerate(po, start=1):
        catalog.accept(entry, f"перевод {n}")
    catalog.save(po, path)
    edit_source(project)
    merged = pipeline.extract(Project(project))
    assert merged[0].written
    states = {e.state for e in catalog.load(path)}
    assert {State.CHANGED, State.OBSOLETE, State.UNTRANSLATED} <= states
    before = snapshot(project)
    for stored in cache.folder(project).iterdir():
        stored.unlink()
    assert [r.written for r in pipeline.extract(Project(project))] == [()]
    assert snapshot(project) == before


def test_extract_redoes_a_source_whose_catalogs_changed(project: Path, run: Runner) -> None:
    assert run("extract").exit_code == 0
    ru, kk = po_path(project, "ru"), po_path(project, "kk")
    # an entry deleted by hand comes back
    text = ru.read_text(encoding="utf-8")
    head, first_entry, rest = text.split("\n\n", 2)
    ru.write_text(head + "\n\n" + rest, encoding="utf-8")
    kk.unlink()  # a deleted catalog is made again
    (result,) = pipeline.extract(Project(project))
    assert set(result.written) == {ru, kk}
    assert ru.read_text(encoding="utf-8") == text
    assert [r.written for r in pipeline.extract(Project(project))] == [()]


def test_extract_redoes_a_source_whose_text_or_settings_changed(
    project: Path, run: Runner, counted: dict[str, int]
) -> None:
    assert run("extract").exit_code == 0
    src = project / "seeds" / f"{SLUG}.txt"
    src.write_text(src.read_text(encoding="utf-8") + "\n\nForum iki gün sürdü.\n", "utf-8")
    (result,) = pipeline.extract(Project(project))
    assert len(result.written) == 5
    assert "Forum iki gün sürdü." in {e.msgid for e in catalog.load(po_path(project, "ru"))}
    counted["loads"] = 0
    pipeline.extract(Project(project))
    assert counted["loads"] == 0
    # other settings: the POT and the four POs are read again
    (project / "loctool.toml").write_text('team = "Newsroom"\n', encoding="utf-8")
    (result,) = pipeline.extract(Project(project))
    assert counted["loads"] == 5 and result.written == ()


@pytest.mark.malformed_po
def test_a_catalog_broken_after_extract_is_still_reported(project: Path, run: Runner) -> None:
    assert run("extract").exit_code == 0
    bad = po_path(project, "tg")
    bad.write_text(bad.read_text(encoding="utf-8") + 'msgid "x"\n', encoding="utf-8")
    before = snapshot(project)
    result = run("extract")
    assert result.exit_code == 2
    assert f"{SLUG}.po:" in result.stderr and "missing msgstr" in result.stderr
    assert snapshot(project) == before


def test_status_rows_parsed_in_worker_processes_equal_the_sequential_ones(
    project: Path, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("extract").exit_code == 0
    path = po_path(project, "kk", SLUG)
    po = catalog.load(path)
    catalog.accept(po[0], "Қазақстан мен Тәжікстан арасындағы ынтымақтастық")
    catalog.save(po, path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(project.parent / "cache-seq"))
    monkeypatch.setattr(stats, "PARALLEL_FROM", 10**9)
    sequential = stats.collect(Project(project))
    monkeypatch.setenv("XDG_CACHE_HOME", str(project.parent / "cache-par"))
    monkeypatch.setattr(stats, "PARALLEL_FROM", 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert stats.collect(Project(project)) == sequential
    assert [r.reviewed for r in sequential if r.lang == "kk"] == [1]


@pytest.mark.malformed_po
def test_a_broken_catalog_found_by_a_worker_keeps_its_line(
    project: Path, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from loctool.errors import CatalogError

    assert run("extract").exit_code == 0
    path = po_path(project, "ru", SLUG)
    lines = path.read_text("utf-8").split("\n")
    broken = lines.index('msgstr ""', 20)
    lines[broken] = 'msgstr "unterminated'
    path.write_text("\n".join(lines), "utf-8")
    monkeypatch.setattr(stats, "PARALLEL_FROM", 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    with pytest.raises(CatalogError) as info:
        stats.collect(Project(project))
    assert info.value.line == broken + 1 and info.value.where == str(path)
