"""Translation memory (issue 7): exact and similar hits, imports, provenance."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from loctool import catalog, memory, numbers
from loctool.model import State
from loctool.project import Project

from .conftest import FIXTURES, SEED, SLUG, Runner, loctool_argv, po_path, snapshot, subprocess_env

CHANGED_OLD = "Her iki taraf da ticaret cirosunu artırmakla ilgileniyor."
CHANGED_NEW = "Her iki taraf da ticaret cirosunu hızla artırmakla ilgileniyor."
ADDED = "Forum iki gün sürdü ve başarıyla sona erdi."


def review_all(path: Path, prefix: str) -> dict[str, str]:
    """Act as the translator: a reviewed translation for every unit (text is ours; it
    keeps the unit's numbers, so the publication gate lets the memory learn it)."""
    po = catalog.load(path)
    lang = po.metadata["Language"]
    done = {}
    for n, entry in enumerate(po, start=1):
        found = numbers.read(entry.msgid, "tr")
        figures = "; ".join(numbers.format_value(x.value, lang) for x in found)
        words = "translation x" if lang == "en" else "аударма ж"  # in the target's alphabet
        text = f"{words}{'x' * n if lang == 'en' else 'ж' * n} {prefix}"
        catalog.accept(entry, text + (f" ({figures})" if figures else ""))
        done[entry.msgid] = entry.msgstr
    catalog.save(po, path)
    return done


def test_index_exact_and_fuzzy() -> None:
    tm = memory.Memory("tr", "en")
    tm.add("Kazakistan ve Tacikistan arasındaki işbirliği", "Cooperation", "en/a.po#1")
    tm.add("Her iki taraf da ticaret cirosunu artırmakla ilgileniyor.", "Both sides", "en/a.po#2")
    assert tm.exact("Kazakistan  ve Tacikistan arasındaki işbirliği").target == "Cooperation"
    assert tm.exact("Kazakistan ve Tacikistan") is None
    (match,) = tm.fuzzy(CHANGED_NEW)
    assert match.unit.target == "Both sides" and 75 <= match.score < 100
    assert tm.fuzzy("Tamamen başka bir cümle burada duruyor.") == []


def test_fuzzy_index_agrees_with_a_linear_scan() -> None:
    import random

    from rapidfuzz import fuzz, process

    rng = random.Random(3)
    words = SEED.read_text("utf-8").split()
    tm = memory.Memory("tr", "en")
    for n in range(3000):
        tm.add(" ".join(rng.choice(words) for _ in range(rng.randint(4, 16))), f"t{n}", "x")
    sources = [u.source for u in tm.units]
    for _ in range(200):
        base = rng.choice(sources).split()
        base[rng.randrange(len(base))] = rng.choice(words)
        query = " ".join(base)
        linear = process.extractOne(query, sources, scorer=fuzz.ratio, score_cutoff=75)
        found = tm.fuzzy(query, limit=1)
        assert (linear is None) == (not found), query
        if linear:
            assert found[0].score == pytest.approx(linear[1])


def test_second_version_reuses_memory_and_sends_only_the_new_unit(
    project: Path, run: Runner, install_pairs, mt_calls
) -> None:
    install_pairs("tr-en")
    assert run("translate", "--lang", "en").exit_code == 0
    reviewed = review_all(po_path(project, "en"), "EN")
    mt_calls.clear()

    text = SEED.read_text("utf-8").replace(CHANGED_OLD, CHANGED_NEW)
    text = text.replace("Silk Way TV", f"{ADDED}\n\nSilk Way TV")
    (project / "seeds" / "cooperation-v2.txt").write_text(text, encoding="utf-8")
    result = run("translate", "--lang", "en", "seeds/cooperation-v2.txt")
    assert result.exit_code == 0, result.output
    assert "22 from memory" in result.output and "1 similar" in result.output

    (call,) = mt_calls
    assert len(call.source) == 1, "only the new unit goes to the engine"
    po = {e.msgid: e for e in catalog.load(po_path(project, "en", "cooperation-v2"))}
    assert po[ADDED].msgstr == ADDED  # the copy model's draft
    changed = po[CHANGED_NEW]
    assert changed.state is State.CHANGED
    assert changed.previous_msgid == CHANGED_OLD
    assert changed.msgstr == reviewed[CHANGED_OLD]
    for msgid, entry in po.items():
        if msgid in (ADDED, CHANGED_NEW):
            continue
        assert entry.state is State.MACHINE, "memory hits are drafts, not reviewed"
        assert entry.msgstr == reviewed[msgid]
        prov = catalog.provenance(entry)
        assert prov is not None and prov.engine == "memory"
        assert prov.model.startswith(f"en/{SLUG}.po#")
    diff = run("diff", "--source", "--lang", "en", "cooperation-v2")
    assert "{+hızla +}" in diff.output


def test_memory_never_overwrites_a_reviewed_entry(project: Path, run: Runner) -> None:
    assert run("extract", "--lang", "en").exit_code == 0
    shutil.copyfile(SEED, project / "seeds" / "copy.txt")
    assert run("extract", "--lang", "en").exit_code == 0
    review_all(po_path(project, "en"), "FIRST")
    review_all(po_path(project, "en", "copy"), "SECOND")
    before = snapshot(project / "locales")
    result = run("translate", "--lang", "en")
    assert result.exit_code == 0
    assert snapshot(project / "locales") == before


def tmx(tmp_path: Path, body: str, header: str = '<header srclang="tr-TR" />') -> Path:
    path = tmp_path / "old.tmx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">'
        f"{header}<body>{body}</body></tmx>",
        encoding="utf-8",
    )
    return path


def test_tmx_import_feeds_translate(
    project: Path, run: Runner, tmp_path: Path, install_pairs, mt_calls
) -> None:
    path = tmx(
        tmp_path,
        '<tu><tuv xml:lang="tr-TR"><seg>Silk Way TV</seg></tuv>'
        '<tuv xml:lang="kk-KZ"><seg>Silk Way TV</seg></tuv>'
        '<tuv xml:lang="ru"><seg>Silk Way TV</seg></tuv></tu>'
        '<tu><tuv xml:lang="tr"><seg>Kazakistan ve <bpt i="1">&lt;b&gt;</bpt>Tacikistan'
        '<ept i="1">&lt;/b&gt;</ept> arasındaki işbirliği</seg></tuv>'
        '<tuv xml:lang="kk"><seg>Қазақстан мен Тәжікстан арасындағы ынтымақтастық</seg></tuv>'
        "</tu>",
    )
    result = run("memory", "import", str(path))
    assert result.exit_code == 0, result.output
    assert "tr→kk: 2 unit(s) added to memory/tr-kk.po" in result.output
    assert "tr→ru: 1 unit(s) added" in result.output
    again = run("memory", "import", str(path))
    assert "0 unit(s) added" in again.output and "already known" in again.output
    assert run("translate", "--lang", "kk").exit_code == 0
    po = {e.msgid: e for e in catalog.load(po_path(project, "kk"))}
    title = po["Kazakistan ve Tacikistan arasındaki işbirliği"]
    assert title.msgstr == "Қазақстан мен Тәжікстан арасындағы ынтымақтастық"
    assert catalog.provenance(title).engine == "memory"  # type: ignore[union-attr]
    assert "import of old.tmx" in catalog.provenance(title).model  # type: ignore[union-attr]
    assert mt_calls == []  # no kk engine installed; the rest stays untranslated


def test_po_import(project: Path, run: Runner, tmp_path: Path) -> None:
    assert run("extract", "--lang", "ru").exit_code == 0
    source = po_path(project, "ru")
    review_all(source, "RU")
    other = tmp_path / "other.po"
    shutil.copyfile(source, other)
    result = run("memory", "import", str(other))
    assert result.exit_code == 0, result.output
    assert "tr→ru: 23 unit(s) added" in result.output
    tm = memory.build(Project(project), "tr", "ru", exclude=[source])
    assert len(tm) == 23


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("this is not xml", "not a TMX file"),
        ("<html><body/></html>", "not a TMX file (root element <html>)"),
        ('<tmx version="1.4"><header/><body/></tmx>', "no srclang"),
    ],
)
def test_bad_tmx_is_one_line_and_changes_nothing(
    project: Path, run: Runner, tmp_path: Path, content: str, needle: str
) -> None:
    path = tmp_path / "bad.tmx"
    path.write_text(content, encoding="utf-8")
    before = snapshot(project)
    result = run("memory", "import", str(path))
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert needle in line and line.startswith("loctool: error: ")
    assert snapshot(project) == before


# --------------------------------------------------------------------------- issue 12


def glib_catalogs(project: Path) -> None:
    """GNOME's glib catalogs (English source, no X-Source-Language) next to the article."""
    for lang in ("kk", "ru"):
        path = po_path(project, lang, "glib")
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(FIXTURES / "po" / f"glib_{lang}.po", path)


def test_foreign_catalogs_count_for_their_real_source_language(project: Path, run: Runner) -> None:
    glib_catalogs(project)
    assert run("extract").exit_code == 0
    review_all(po_path(project, "kk"), "KK")
    proj = Project(project)
    ours = memory.build(proj, "tr", "kk")
    assert len(ours) == 23  # the article's reviewed units, no glib strings
    assert {u.origin.split("#")[0] for u in ours.units} == {f"kk/{SLUG}.po"}
    english = memory.build(proj, "en", "kk")
    assert len(english) > 500 and all(u.origin.startswith("kk/glib.po#") for u in english.units)
    assert english.exact("Setting default applications not supported yet") is not None
    assert memory.build(proj, "tr", "ru").units == []


def test_memory_stats_shows_the_english_catalogs(project: Path) -> None:
    glib_catalogs(project)
    done = subprocess.run(
        loctool_argv(project, "memory", "stats"),
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == ["en→kk", "en→ru"]


def test_catalog_contexts_are_kept(project: Path) -> None:
    glib_catalogs(project)
    tm = memory.build(Project(project), "en", "kk")
    contextual = [u for u in tm.units if u.context == "GDateTime"]
    assert contextual
    unit = contextual[0]
    assert tm.exact(unit.source, "GDateTime") == unit
    assert tm.exact(unit.source) != unit  # a lookup without the context does not find it


CONTEXT_PO = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: kk\\n"\n'
    '"X-Source-Language: tr\\n"\n\n'
    'msgctxt "menu"\nmsgid "Aç"\nmsgstr "Ашу"\n\n'
    'msgctxt "door"\nmsgid "Aç"\nmsgstr "Аш"\n\n'
    'msgid "Aç"\nmsgstr "Ашық"\n'
)


def test_po_import_keeps_msgctxt(project: Path, run: Runner, tmp_path: Path) -> None:
    source = tmp_path / "contexts.po"
    source.write_text(CONTEXT_PO, encoding="utf-8")
    result = run("memory", "import", str(source))
    assert result.exit_code == 0, result.output
    assert "tr→kk: 3 unit(s) added" in result.output
    stored = catalog.load(project / "memory" / "tr-kk.po")
    assert sorted((e.msgctxt or "", e.msgstr) for e in stored) == [
        ("", "Ашық"),
        ("door", "Аш"),
        ("menu", "Ашу"),
    ]
    tm = memory.build(Project(project), "tr", "kk")
    assert tm.exact("Aç", "menu").target == "Ашу"  # type: ignore[union-attr]
    assert tm.exact("Aç", "door").target == "Аш"  # type: ignore[union-attr]
    assert tm.exact("Aç").target == "Ашық"  # type: ignore[union-attr]
    again = run("memory", "import", str(source))
    assert "0 unit(s) added" in again.output and "3 already known" in again.output
