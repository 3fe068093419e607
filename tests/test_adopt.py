"""Extract never silently takes over a catalog that is not the article's (issue 12).

A slug collision put a program's catalog (GNOME glib here, Remmina in the report) where
extract merges an article: every entry became obsolete, the untranslated ones were
dropped and the article's headers stamped on it.  Now extract refuses, naming the file,
unless ``--adopt``; the same flag is needed when a source change would retire more than
half of a catalog's translated entries.  What still counts as the article's own catalog:
entries whose ``#:`` reference names the article (wherever it moved) or whose msgid the
article still has — so a catalog run through ``msgcat --no-location`` is not foreign.

The one-line refusals as real subprocesses are rows of ``tests/test_bad_inputs.py``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from loctool import catalog, ownership
from loctool.model import State

from .conftest import FIXTURES, SEED, Runner, po_path, po_rel, snapshot
from .renderkit import fill

GLIB = FIXTURES / "po" / "glib_kk.po"
OTHER_ARTICLE = "Türkiye ve Kazakistan arasında işbirliği güçleniyor. Şirketler çalışıyor.\n"


def glib_project(project: Path) -> Path:
    """The seed saved as seeds/glib.txt next to GNOME's glib catalog for kk."""
    shutil.move(project / "seeds" / SEED.name, project / "seeds" / "glib.txt")
    path = po_path(project, "kk", "glib")
    path.parent.mkdir(parents=True)
    shutil.copyfile(GLIB, path)
    return path


def test_a_foreign_catalog_is_refused_then_adopted(project: Path, run: Runner) -> None:
    path = glib_project(project)
    before = snapshot(project)
    refused = run("extract")
    assert refused.exit_code == 2
    assert refused.stderr.startswith(
        f"loctool: error: {po_rel('kk', 'glib')}: not the catalog of seeds/glib.txt: "
        "1272 of its 1272 entries do not come from this article"
    )
    assert snapshot(project) == before  # nor any other language's catalog or the template

    glib = catalog.load(GLIB)
    kept = sum(1 for e in glib if catalog.compiled(e) or e.obsolete or "fuzzy" in e.flags)
    adopted = run("extract", "--adopt")
    assert adopted.exit_code == 0, adopted.output
    po = catalog.load(path)
    assert po.metadata["X-Source-Language"] == "tr"
    assert {e.msgid for e in po.active()} == {
        e.msgid for e in catalog.load(po_path(project, "ru", "glib")).active()
    }
    assert sum(1 for e in po if e.obsolete) == kept  # every glib translation kept as #~
    again = run("extract")
    assert again.exit_code == 0 and "unchanged" in again.output


def test_translate_refuses_too(project: Path, run: Runner) -> None:
    glib_project(project)
    before = snapshot(project)
    result = run("translate", "--lang", "kk")
    assert result.exit_code == 2
    assert "run `loctool extract --adopt`" in result.stderr
    assert snapshot(project) == before


def test_a_catalog_without_locations_is_still_the_articles(project: Path, run: Runner) -> None:
    """GNU msgcat --no-location strips every #: line; the msgids still match the article."""
    assert run("extract").exit_code == 0
    fill(project, "kk")
    path = po_path(project, "kk")
    subprocess.run(["msgcat", "--no-location", "-o", str(path), str(path)], check=True)
    assert "#:" not in path.read_text(encoding="utf-8")
    result = run("extract")
    assert result.exit_code == 0, result.output
    po = catalog.load(path)
    assert all(e.state is State.REVIEWED for e in po.active())
    assert all(e.occurrences for e in po.active())  # references are back


def test_a_moved_seeds_folder_keeps_its_catalogs(project: Path, run: Runner) -> None:
    """References name seeds/<slug>.txt; the article now lives in articles/."""
    assert run("extract").exit_code == 0
    fill(project, "kk")
    (project / "seeds").rename(project / "articles")
    text = (project / "articles" / SEED.name).read_text(encoding="utf-8")
    (project / "articles" / SEED.name).write_text(text + "\nYeni bir paragraf.\n", "utf-8")
    (project / "loctool.toml").write_text('seeds = "articles"\n', encoding="utf-8")
    result = run("extract")
    assert result.exit_code == 0, result.output
    refs = {ref for e in catalog.load(po_path(project, "kk")) for ref, _ in e.occurrences}
    assert refs == {f"articles/{SEED.name}"}


def test_obsoleting_most_translations_needs_adopt(project: Path, run: Runner) -> None:
    assert run("extract").exit_code == 0
    fill(project, "kk")
    translated = len(catalog.load(po_path(project, "kk")).active())
    (project / "seeds" / SEED.name).write_text(OTHER_ARTICLE, encoding="utf-8")
    before = snapshot(project)
    result = run("extract")
    assert result.exit_code == 2
    assert f"of the {translated} translated entries would become obsolete" in result.stderr
    assert snapshot(project) == before
    assert run("extract", "--adopt").exit_code == 0
    po = catalog.load(po_path(project, "kk"))
    assert sum(1 for e in po if e.obsolete) >= translated // 2


@pytest.mark.parametrize(("removed", "code"), [(2, 0), (3, 2)])
def test_more_than_half_of_the_translations(
    project: Path, run: Runner, removed: int, code: int
) -> None:
    """Four reviewed entries: deleting two of their sentences is an edit, three need
    --adopt."""
    assert run("extract").exit_code == 0
    reviewed = list(fill(project, "kk", units=[2, 3, 4, 5]))
    seed = project / "seeds" / SEED.name
    text = seed.read_text(encoding="utf-8")
    for msgid in reviewed[:removed]:
        assert msgid in text
        text = text.replace(msgid, "")
    seed.write_text(text, encoding="utf-8")
    result = run("extract")
    assert result.exit_code == code, result.output
    if code:
        assert f"{removed} of the 4 translated entries would become obsolete" in result.stderr


@pytest.mark.parametrize(
    ("header", "why"),
    [
        ("X-Source-Language: en", "X-Source-Language en, the article is tr"),
        ("Project-Id-Version: remmina 1.4", "Project-Id-Version 'remmina 1.4'"),
    ],
)
def test_an_empty_foreign_catalog_is_known_by_its_header(
    project: Path, run: Runner, header: str, why: str
) -> None:
    path = po_path(project, "kk")
    path.parent.mkdir(parents=True)
    path.write_text(
        f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"{header}\\n"\n',
        encoding="utf-8",
    )
    result = run("extract")
    assert result.exit_code == 2
    assert f"it belongs to another source ({why})" in result.stderr


def test_evidence_on_the_gnome_catalogs() -> None:
    for lang in ("kk", "ru", "tg"):
        po = catalog.load(FIXTURES / "po" / f"glib_{lang}.po")
        why = ownership.foreign(po, "glib", "tr", set())
        assert why is not None and "do not come from this article" in why
        # the same catalog *is* glib's when the article references match
        for entry in po:
            entry.occurrences = [("seeds/glib.md", "1")]
        assert ownership.foreign(po, "glib", "en", set()) is None
