"""The worked example in the repository (issue 7): the seed article translated into
kk, tg, ru and en and reviewed by the project team with `loctool review`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from loctool import catalog
from loctool.cli import cli
from loctool.model import State

from .conftest import REPO, SEED, SLUG

LANGS = ("kk", "tg", "ru", "en")


@pytest.fixture
def example(tmp_path: Path) -> Path:
    root = tmp_path / "example"
    for name in ("seeds", "locales"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("*.mo"))
    for name in ("glossary.csv", "loctool.toml"):
        shutil.copyfile(REPO / name, root / name)
    return root


def invoke(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["-C", str(root), *args])


def test_every_unit_is_reviewed_by_the_team(example: Path) -> None:
    rows = json.loads(invoke(example, "status", "--json").stdout)
    assert {r["lang"] for r in rows} == set(LANGS)
    for row in rows:
        assert row["units"] == row["reviewed"] == 23
        assert row["reviewed_pct"] == 100.0
    for lang in LANGS:
        po = catalog.load(example / "locales" / lang / "LC_MESSAGES" / f"{SLUG}.po")
        assert po.metadata["Last-Translator"] == "loctool project team <team@loctool.example>"
        assert all(catalog.state(e) is State.REVIEWED for e in po if not e.obsolete)


def test_check_passes(example: Path) -> None:
    result = invoke(example, "check", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["summary"]["checked"] == 92
    assert report["summary"]["errors"] == 0


def test_names_follow_each_languages_standard_spelling(example: Path) -> None:
    expected = {
        "kk": ("Қазақстан", "Тәжікстан", "Душанбе", "Рогун"),
        "tg": ("Қазоқистон", "Тоҷикистон", "Душанбе", "Роғун"),
        "ru": ("Казахстан", "Таджикистан", "Душанбе", "Рогунской"),
        "en": ("Kazakhstan", "Tajikistan", "Dushanbe", "Rogun"),
    }
    for lang, names in expected.items():
        text = "\n".join(
            e.msgstr
            for e in catalog.load(example / "locales" / lang / "LC_MESSAGES" / f"{SLUG}.po")
        )
        for name in names:
            assert name in text, (lang, name)


def test_render_gives_four_copies_with_the_source_layout(example: Path) -> None:
    result = invoke(example, "render")
    assert result.exit_code == 0, result.output
    source = SEED.read_text(encoding="utf-8").split("\n")
    for lang in LANGS:
        copy = (example / "out" / lang / f"{SLUG}.txt").read_text(encoding="utf-8")
        lines = copy.split("\n")
        assert len(lines) == len(source)
        for src_line, out_line in zip(source, lines, strict=True):
            if not src_line.strip():
                assert out_line == src_line  # blank and NBSP lines come back exactly
            else:
                assert out_line.strip()
            assert src_line.startswith("-") == out_line.startswith("-")  # dialog dashes
        po = catalog.load(example / "locales" / lang / "LC_MESSAGES" / f"{SLUG}.po")
        for entry in po:
            assert entry.msgstr in copy
        assert "arasındaki" not in copy and copy.endswith("Silk Way TV")
        # The compiled catalog reads back to the same translations.
        compiled = polib.mofile(str(example / "locales" / lang / "LC_MESSAGES" / f"{SLUG}.mo"))
        assert {e.msgid: e.msgstr for e in compiled} == {e.msgid: e.msgstr for e in po}
