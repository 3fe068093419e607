"""The gate's remembered verdicts (issue 16, scale): ``status`` does not run the checks
again on a reviewed translation it judged before in the same context, and a remembered
verdict is never one about other content — the translation, the source, the flags, the
override, the glossary or the checks themselves (loctool's code).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from loctool import cache, catalog, gate, memory, qa, render, stats
from loctool.errors import RenderError
from loctool.glossary import Glossary, Term
from loctool.lexicon import Lexicon
from loctool.model import State
from loctool.project import Project

from .conftest import po_path

# a unit of the worked example with numbers, and a wrong number for its Kazakh copy
NUMBERED = "Geçen yıl ülkeler arasındaki ticaret"


@pytest.fixture
def judged(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The msgstrs the checks ran on (every time they ran)."""
    calls: list[str] = []
    real = qa.check_pair

    def counting(pair: qa.Pair, **kwargs: object) -> list[qa.Issue]:
        calls.append(pair.msgstr)
        return real(pair, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(qa, "check_pair", counting)
    return calls


def rows(root: Path) -> dict[str, stats.Row]:
    """The status rows by language, without the cached rows (every catalog is parsed
    and goes through the gate; the remembered verdicts stay)."""
    (cache.folder(root) / "status.json").unlink(missing_ok=True)
    return {row.lang: row for row in stats.collect(Project(root))}


def uncached(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, stats.Row]:
    """The status rows computed with an empty cache."""
    with monkeypatch.context() as m:
        fresh = tmp_path / f"fresh-{len(list(tmp_path.glob('fresh-*')))}"
        m.setenv("XDG_CACHE_HOME", str(fresh))
        return {row.lang: row for row in stats.collect(Project(root))}


def edit_kk(root: Path, change: object) -> None:
    """Apply ``change(entry)`` to the Kazakh entry of :data:`NUMBERED` and save."""
    path = po_path(root, "kk")
    po = catalog.load(path)
    (entry,) = [e for e in po if e.msgid.startswith(NUMBERED)]
    change(entry)  # type: ignore[operator]
    catalog.save(po, path)


def wrong_number(entry: catalog.POEntry) -> None:
    assert "464 миллион" in entry.msgstr
    entry.msgstr = entry.msgstr.replace("464 миллион", "465 миллион")


def stored(root: Path) -> dict[str, object]:
    data = json.loads((cache.folder(root) / "verdicts.json").read_text(encoding="utf-8"))
    entries: dict[str, object] = data["entries"]
    return entries


def test_a_second_status_runs_no_check_on_translations_judged_before(
    example: Path, judged: list[str]
) -> None:
    first = rows(example)
    reviewed = sum(r.reviewed + r.reviewed_with_errors for r in first.values())
    assert reviewed > 80 and len(judged) == reviewed
    assert len(stored(example)) == reviewed
    judged.clear()
    assert rows(example) == first
    assert judged == [], "every verdict came from the cache"


def test_a_changed_translation_is_judged_again(
    example: Path, judged: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = rows(example)
    assert first["kk"].reviewed_with_errors == 0
    judged.clear()

    edit_kk(example, wrong_number)
    again = rows(example)
    assert len(judged) == 1 and "465 миллион" in judged[0], "only the edited unit"
    assert again["kk"].reviewed_with_errors == 1
    assert again["kk"].reviewed == first["kk"].reviewed - 1
    assert again == uncached(example, tmp_path, monkeypatch)


def test_an_override_added_or_removed_changes_the_verdict(
    example: Path, judged: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit_kk(example, wrong_number)
    assert rows(example)["kk"].reviewed_with_errors == 1
    override = catalog.Override(("numbers",), "Editor <e@example.org>", catalog.now_stamp())
    edit_kk(example, lambda e: catalog.set_qa_override(e, override))
    judged.clear()
    row = rows(example)["kk"]
    assert (row.reviewed_with_errors, row.overridden) == (0, 1)
    assert len(judged) == 1, "the override is part of the content: judged again"
    assert rows(example) == uncached(example, tmp_path, monkeypatch)

    edit_kk(example, lambda e: catalog.set_qa_override(e, None))
    judged.clear()
    row = rows(example)["kk"]
    assert (row.reviewed_with_errors, row.overridden) == (1, 0)
    assert judged == [], "the same content as before the override: its verdict, remembered"
    assert rows(example) == uncached(example, tmp_path, monkeypatch)


def test_a_glossary_change_is_judged_again(
    example: Path, judged: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = rows(example)
    assert sum(r.reviewed_with_errors for r in first.values()) == 0
    glossary = example / "glossary.csv"
    original = glossary.read_text(encoding="utf-8")
    glossary.write_text(original + "milyar,,,,,a number word kept on purpose,yes\n", "utf-8")
    judged.clear()
    again = rows(example)
    reviewed = sum(r.reviewed + r.reviewed_with_errors for r in first.values())
    assert len(judged) == reviewed, "every unit judged again with the new glossary"
    # "milyar" is in two units, and no translation keeps it as written
    assert {lang: r.reviewed_with_errors for lang, r in again.items()} == dict.fromkeys(
        ("en", "kk", "ru", "tg"), 2
    )
    assert again == uncached(example, tmp_path, monkeypatch)
    glossary.write_text(original, "utf-8")
    judged.clear()
    assert rows(example) == first
    assert judged == [], "back to the old glossary: the old verdicts"


def test_verdicts_of_another_loctool_are_not_used(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit_kk(example, wrong_number)
    assert rows(example)["kk"].reviewed_with_errors == 1
    # the cache says every unit passes: a status of this loctool believes it …
    path = cache.folder(example) / "verdicts.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["entries"] = dict.fromkeys(data["entries"], True)
    path.write_text(json.dumps(data), encoding="utf-8")
    assert rows(example)["kk"].reviewed_with_errors == 0
    # … but changed checks (another version, edited code) judge again
    monkeypatch.setattr(cache, "code_id", lambda: "another loctool")
    assert rows(example)["kk"].reviewed_with_errors == 1


def test_a_damaged_verdict_is_not_used(example: Path, judged: list[str]) -> None:
    first = rows(example)
    path = cache.folder(example) / "verdicts.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["entries"] = dict.fromkeys(data["entries"], "yes")
    path.write_text(json.dumps(data), encoding="utf-8")
    judged.clear()
    assert rows(example) == first
    assert len(judged) == len(data["entries"])


def test_verdicts_beyond_the_project_are_pruned(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows(example)
    path = cache.folder(example) / "verdicts.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    live = set(data["entries"])
    data["entries"].update({f"gone-{n}": True for n in range(50)})
    path.write_text(json.dumps(data), encoding="utf-8")
    rows(example)
    assert set(stored(example)) == live | {f"gone-{n}" for n in range(50)}, "within bounds"
    monkeypatch.setattr(stats, "KEEP_VERDICTS", 1)
    monkeypatch.setattr(stats, "VERDICT_SLACK", 0)
    rows(example)
    assert set(stored(example)) == live


# --------------------------------------------------------------------------- the key


def entry(**changes: object) -> SimpleNamespace:
    """An entry with only what the content key covers: reading anything else fails."""
    fields: dict[str, object] = {
        "msgid": "Rogun 5 %s",
        "msgid_plural": "",
        "msgstr": "Рогун 5 %s",
        "msgstr_plural": {},
        "comment": "",
        "flags": [],
    }
    assert set(fields) == set(gate.KEYED)
    return SimpleNamespace(**{**fields, **changes})


GLOSSARY = Glossary([Term("Rogun", {"kk": ("Рогун",)})])


def test_the_gate_reads_nothing_of_an_entry_that_its_key_leaves_out() -> None:
    checks = gate.Gate("tr", "kk", GLOSSARY, plural_forms="nplurals=2; plural=(n != 1);")
    for changes in (
        {},
        {"flags": ["c-format"], "msgstr": "Рогун 6 %d"},
        {"comment": "loctool-qa-override: numbers; by A; 2026-01-01", "msgstr": "Рогун 6 %s"},
        {"msgid_plural": "Roguns %s", "msgstr_plural": {0: "Рогун 5 %s", 1: ""}},
        {"msgstr": ""},
    ):
        checks.passes(entry(**changes))  # type: ignore[arg-type]


def test_the_content_key_covers_every_field_the_checks_see() -> None:
    checks = gate.Gate("tr", "kk", GLOSSARY, plural_forms="nplurals=2; plural=(n != 1);")
    key = checks.content_key(entry())  # type: ignore[arg-type]
    assert key is not None and checks.content_key(entry()) == key  # type: ignore[arg-type]
    changed = {
        "msgid": "Rogun 6 %s",
        "msgid_plural": "Roguns %s",
        "msgstr": "Рогун 6 %s",
        "msgstr_plural": {0: "Рогун 5 %s", 1: "Рогун %s"},
        "comment": "loctool-qa-override: numbers; by A; 2026-01-01",
        "flags": ["c-format"],
    }
    assert set(changed) == set(gate.KEYED)
    for name, value in changed.items():
        assert checks.content_key(entry(**{name: value})) != key, name  # type: ignore[arg-type]
    # every field of the gate but its verdicts and the slug (for messages only) is keyed
    others = {
        "source_lang": "en",
        "target_lang": "tg",
        "glossary": Glossary([Term("Rogun", {"kk": ("Роғун",)})]),
        "plural_forms": "nplurals=1; plural=0;",
        "skip": ("numbers",),
    }
    unkeyed = {"slug", "verdicts", "lexicon", "_context"}
    assert set(others) == {f.name for f in dataclasses.fields(gate.Gate)} - unkeyed
    for name, value in others.items():
        other = dataclasses.replace(checks, **{name: value})
        assert other.content_key(entry()) != key, name  # type: ignore[arg-type]
    for glossary in (Glossary([Term("Rogun", dnt=True)]), None):
        other = dataclasses.replace(checks, glossary=glossary)
        assert other.content_key(entry()) != key  # type: ignore[arg-type]
    same = dataclasses.replace(checks, glossary=Glossary(list(GLOSSARY.terms)), slug="x")
    assert same.content_key(entry()) == key  # type: ignore[arg-type]
    # a lexicon is a whole project's words: such verdicts are not remembered
    learned = dataclasses.replace(checks, lexicon=Lexicon("kk"))
    assert learned.content_key(entry()) is None  # type: ignore[arg-type]


def test_the_content_key_changes_with_loctool(monkeypatch: pytest.MonkeyPatch) -> None:
    key = gate.Gate("tr", "kk").content_key(entry())  # type: ignore[arg-type]
    monkeypatch.setattr(cache, "code_id", lambda: "another loctool")
    assert gate.Gate("tr", "kk").content_key(entry()) != key  # type: ignore[arg-type]


def reviewed_entries(root: Path) -> int:
    refs = Project(root).catalogs()
    return sum(e.state is State.REVIEWED for ref in refs for e in catalog.load(ref.path))


def test_render_judges_each_unit_once_and_every_command_remembers_it(
    example: Path, judged: list[str]
) -> None:
    """render asks the gate about a unit three times (its copy, reviewed%, the .mo):
    the checks run once per reviewed entry, and the verdicts are the ones status and
    the memory use next."""
    project = Project(example)
    render.plan(project)
    reviewed = reviewed_entries(example)
    assert reviewed > 80 and len(judged) == reviewed
    judged.clear()
    render.plan(project)
    assert judged == [], "a second render judges nothing again"
    rows(example)
    memory.build(project, "tr", "kk")
    assert judged == [], "status and the memory use render's verdicts"
    edit_kk(example, wrong_number)
    with pytest.raises(RenderError, match="QA errors"):
        render.plan(project)
    assert len(judged) == 1 and "465 миллион" in judged[0], "only the edited unit"
