"""The worked example in the repository (issue 7): the seed article translated into
kk, tg, ru and en and reviewed by the project team with `loctool review`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from loctool import catalog
from loctool.cli import cli
from loctool.messages import Message
from loctool.model import State
from loctool.project import Project

from .conftest import REPO, SEED, SLUG, po_path, read_mo

LANGS = ("kk", "tg", "ru", "en")


def invoke(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["-C", str(root), *args])


def test_every_unit_is_reviewed_by_the_team(example: Path) -> None:
    rows = json.loads(invoke(example, "status", "--json").stdout)
    assert {r["lang"] for r in rows} == set(LANGS)
    for row in rows:
        assert row["units"] == row["reviewed"] == 23
        assert row["reviewed_pct"] == 100.0
    for lang in LANGS:
        po = catalog.load(po_path(example, lang, SLUG))
        assert po.metadata["Last-Translator"] == "loctool project team <team@loctool.example>"
        assert all(e.state is State.REVIEWED for e in po if not e.obsolete)


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
            for e in catalog.load(po_path(example, lang, SLUG))
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
        po = catalog.load(po_path(example, lang, SLUG))
        for entry in po:
            assert entry.msgstr in copy
        assert "arasındaki" not in copy and copy.endswith("Silk Way TV")
        # The compiled catalog reads back to the same translations.
        compiled = read_mo(Project(example).mo_path(lang, SLUG))
        assert {e.msgid: e.msgstr for e in compiled} == {e.msgid: e.msgstr for e in po}


# --------------------------------------------------------------------------- issue 11


def test_check_raises_no_false_alarm_on_the_reviewed_example(example: Path) -> None:
    """Every check (the lexicon of kk and tg too) stays quiet on the team's translations."""
    result = invoke(example, "check")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "4 catalog(s), 92 translation(s) checked, 0 untranslated: 0 error(s), 0 warning(s)\n"
    )


def _inject(lang: str, entries: list[Message]) -> dict[int, str]:
    """The kinds of mistakes issue 11 lists, one per unit; {unit: the check to catch it}."""
    expected = {3: "fragment", 5: "doubled", 15: "lookalike", 12: "unknown"}
    entries[2].msgstr = entries[2].msgstr.rstrip(".") + " ticaret cirosunu artırmakla."
    entries[4].msgstr = entries[4].msgstr.rstrip(".") + ".."
    latin, cyrillic = ("a", "а") if lang == "en" else ("а", "a")
    entries[14].msgstr = entries[14].msgstr.replace(latin, cyrillic, 1)
    entries[11].msgstr = "⁇ " + entries[11].msgstr
    glossary = (REPO / "glossary.csv").read_text(encoding="utf-8")  # leave its terms alone
    if lang in ("kk", "tg"):  # a word of the language's own letters, typed with Russian ones
        own = {"kk": "әғқңөұүһі", "tg": "ғӣқӯҳҷ"}[lang]
        russian = {"kk": "агкноуухи", "tg": "гикухч"}[lang]
        words = [set(e.msgstr.split()) for e in entries]
        for n, entry in enumerate(entries, 1):
            if n in expected:
                continue
            shared = [
                w
                for w in sorted(words[n - 1])
                if any(ch in own for ch in w)
                and w.isalpha()
                and w not in glossary
                and any(w in other for m, other in enumerate(words, 1) if m != n)
            ]
            if shared:
                typed = shared[0].translate(str.maketrans(own, russian))
                entry.msgstr = entry.msgstr.replace(shared[0], typed)
                expected[n] = "spelling"
                break
    return expected


@pytest.mark.parametrize("lang", LANGS)
def test_check_finds_mistakes_injected_into_the_example(example: Path, lang: str) -> None:
    path = po_path(example, lang, SLUG)
    po = catalog.load(path)
    expected = _inject(lang, po.active())
    catalog.save(po, path)
    result = invoke(example, "check", "--lang", lang, "--json")
    assert result.exit_code == 1
    found = {(i["unit"], i["check"]) for i in json.loads(result.stdout)["issues"]}
    assert found == set(expected.items())
