"""Re-extract merges like msgmerge (issue 2, acceptance 5), with GNU msgmerge as oracle."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from loctool import catalog
from loctool.messages import Message
from loctool.model import State

from .conftest import SLUG, Runner, po_path, pot_path, snapshot

EDIT_OLD = "Her iki taraf da ticaret cirosunu artırmakla ilgileniyor."
EDIT_NEW = "Her iki taraf da ticaret hacmini artırmakla çok ilgileniyor."
REMOVED = "Kazakistan ve Tacikistan bu konuda işbirliğine kararlıdır."
ADDED = "Forum iki gün sürdü."


def review_everything(path: Path) -> None:
    """Act as a translator: give every entry a (fake-but-honest) reviewed translation."""
    po = catalog.load(path)
    for n, entry in enumerate(po, start=1):
        catalog.accept(entry, f"перевод {n}")
    catalog.save(po, path)


def edit_source(project: Path) -> None:
    src = project / "seeds" / f"{SLUG}.txt"
    text = src.read_text(encoding="utf-8")
    assert EDIT_OLD in text and REMOVED in text
    text = text.replace(EDIT_OLD, EDIT_NEW).replace(" " + REMOVED, "")
    text = text.replace("Silk Way TV", f"{ADDED}\n\nSilk Way TV")
    src.write_text(text, encoding="utf-8")


def by_msgid(path: Path) -> dict[str, Message]:
    return {e.msgid: e for e in catalog.load(path)}


def test_first_extract_writes_template_and_four_catalogs(project: Path, run: Runner) -> None:
    result = run("extract")
    assert result.exit_code == 0, result.output
    pot = catalog.load(pot_path(project))
    titles = [e for e in pot if e.msgid == "Kazakistan ve Tacikistan arasındaki işbirliği"]
    assert len(titles) == 1
    assert titles[0].occurrences == [
        (f"seeds/{SLUG}.txt", "1"),
        (f"seeds/{SLUG}.txt", "3"),
    ]
    assert not any(e.msgid.startswith("-") for e in pot)
    assert pot.metadata["X-Source-Language"] == "tr"
    for lang in ("kk", "tg", "ru", "en"):
        po = catalog.load(po_path(project, lang))
        assert po.metadata["Language"] == lang
        assert po.metadata["Plural-Forms"].startswith("nplurals=")
        assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
        assert po.metadata["X-Source-Language"] == "tr"
        assert [e.msgid for e in po] == [e.msgid for e in pot]
    assert not (project / "locales" / "tr").exists()


def test_rerun_without_source_change_is_byte_identical(project: Path, run: Runner) -> None:
    assert run("extract").exit_code == 0
    review_everything(po_path(project, "ru"))
    before = snapshot(project)
    mtimes = {p: p.stat().st_mtime_ns for p in project.rglob("*") if p.is_file()}
    result = run("extract")
    assert result.exit_code == 0
    assert "unchanged" in result.output
    assert snapshot(project) == before
    assert {p: p.stat().st_mtime_ns for p in project.rglob("*") if p.is_file()} == mtimes


def test_edited_sentence_becomes_changed_with_previous_msgid(project: Path, run: Runner) -> None:
    run("extract")
    review_everything(po_path(project, "ru"))
    old = by_msgid(po_path(project, "ru"))[EDIT_OLD]
    edit_source(project)
    assert run("extract").exit_code == 0
    entry = by_msgid(po_path(project, "ru"))[EDIT_NEW]
    assert entry.state is State.CHANGED
    assert entry.previous_msgid == EDIT_OLD
    assert entry.msgstr == old.msgstr
    assert "fuzzy" in entry.flags


def test_removed_sentence_becomes_obsolete(project: Path, run: Runner) -> None:
    run("extract")
    review_everything(po_path(project, "ru"))
    edit_source(project)
    run("extract")
    entry = by_msgid(po_path(project, "ru"))[REMOVED]
    assert entry.obsolete
    text = po_path(project, "ru").read_text(encoding="utf-8")
    assert f'#~ msgid "{REMOVED}"' in text


def test_new_sentence_is_untranslated(project: Path, run: Runner) -> None:
    run("extract")
    review_everything(po_path(project, "ru"))
    edit_source(project)
    run("extract")
    entry = by_msgid(po_path(project, "ru"))[ADDED]
    assert entry.state is State.UNTRANSLATED


def test_reviewed_entries_are_untouched(project: Path, run: Runner) -> None:
    run("extract")
    review_everything(po_path(project, "ru"))
    before = by_msgid(po_path(project, "ru"))
    edit_source(project)
    run("extract")
    after = by_msgid(po_path(project, "ru"))
    unchanged = [m for m in before if m in after and m not in (EDIT_OLD, REMOVED)]
    assert len(unchanged) >= 20
    for msgid in unchanged:
        a, b = before[msgid], after[msgid]
        assert b.state is State.REVIEWED
        assert (a.msgstr, a.flags, a.comment, a.tcomment) == (
            b.msgstr,
            b.flags,
            b.comment,
            b.tcomment,
        )


def test_merge_agrees_with_gnu_msgmerge(project: Path, run: Runner, tmp_path: Path) -> None:
    run("extract")
    review_everything(po_path(project, "ru"))
    old_po = tmp_path / "old.po"
    old_po.write_bytes(po_path(project, "ru").read_bytes())
    edit_source(project)
    run("extract")
    pot = pot_path(project)
    gnu = tmp_path / "gnu.po"
    subprocess.run(
        ["msgmerge", "--quiet", "--previous", "-o", str(gnu), str(old_po), str(pot)],
        check=True,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
    )

    def summary(path: Path) -> set[tuple[object, ...]]:
        return {
            (
                e.msgid,
                e.msgstr,
                "fuzzy" in e.flags,
                e.previous_msgid,
                e.obsolete,
                tuple(e.occurrences),
            )
            for e in catalog.load(path)
        }

    assert summary(po_path(project, "ru")) == summary(gnu)
