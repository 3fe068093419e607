"""`loctool render`: localized copies and .mo files (issue 6, acceptance 2, 3 and 4)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from loctool import catalog, langs
from loctool.messages import Catalog, Message
from loctool.model import Article, Provenance
from loctool.project import Project
from loctool.render import Policy, compose, plan
from loctool.source import build_article, read_text

from .conftest import SEED, SLUG, Runner, one_line_error, po_path, po_rel, read_mo, snapshot
from .renderkit import MD_SLUG, SAMPLE_MD, add_markdown, fill

LANGS = ("kk", "tg", "ru", "en")
# These tests place stand-in texts (the source itself, ⟦tags⟧) to see where each unit
# lands; the QA checks rightly call those untranslated, so the gate is opened here and
# tested on its own in tests/test_gate.py.
LAYOUT = "--allow-qa-errors"


def out(project: Path, lang: str, slug: str = SLUG, ext: str = ".txt") -> Path:
    return project / "out" / lang / f"{slug}{ext}"


def mo_path(project: Path, lang: str, slug: str = SLUG) -> Path:
    return Project(project).mo_path(lang, slug)


def article(project: Path, name: str) -> Article:
    src = Project(project).source(project / "seeds" / name)
    return build_article(src, *read_text(src), "tr")


def tag(msgid: str) -> str:
    return f"⟦{msgid}⟧"


# ------------------------------------------------------------------- identity (acceptance 2)


def test_identity_render_reproduces_the_seed_byte_for_byte(project: Path, run: Runner) -> None:
    assert run("extract").exit_code == 0
    for lang in LANGS:
        fill(project, lang)
    result = run("render", LAYOUT)
    assert result.exit_code == 0, result.output
    for lang in LANGS:
        assert out(project, lang).read_bytes() == SEED.read_bytes()
    assert f"out/kk/{SLUG}.txt: 24 units (24 reviewed); written" in result.stdout


def test_identity_render_keeps_bom_and_crlf(project: Path, run: Runner) -> None:
    seed = project / "seeds" / f"{SLUG}.txt"
    data = b"\xef\xbb\xbf" + SEED.read_bytes().replace(b"\n", b"\r\n")
    seed.write_bytes(data)
    assert run("extract").exit_code == 0
    fill(project, "ru")
    assert run("render", LAYOUT, "--lang", "ru").exit_code == 0
    assert out(project, "ru").read_bytes() == data


def test_identity_render_reproduces_the_markdown_sample(project: Path, run: Runner) -> None:
    add_markdown(project)
    assert run("extract").exit_code == 0
    fill(project, "en", slug=MD_SLUG)
    result = run("render", LAYOUT, "--lang", "en", MD_SLUG)
    assert result.exit_code == 0, result.output
    assert out(project, "en", MD_SLUG, ".md").read_bytes() == SAMPLE_MD.read_bytes()


# ------------------------------------------------------------------- translations in place


def test_translations_replace_units_and_every_gap_stays(project: Path, run: Runner) -> None:
    assert run("extract").exit_code == 0
    fill(project, "kk", text=tag)
    assert run("render", LAYOUT, "--lang", "kk").exit_code == 0
    text = out(project, "kk").read_text(encoding="utf-8")
    source = SEED.read_text(encoding="utf-8")
    art = article(project, f"{SLUG}.txt")
    expected = compose(art, [tag(u.msgid) if u.translatable else u.text for u in art.units])
    assert text == expected
    # the skeleton is the source's: lines, NBSP lines, dialog dashes, the last line
    assert len(text.split("\n")) == len(source.split("\n"))
    assert text.count("\n\u00a0\n") == source.count("\n\u00a0\n") == 5
    assert "\n\n\n-⟦Veterinerlik Gıda" in text
    assert text.endswith("⟦Silk Way TV⟧")


def test_markdown_translations_keep_the_structure(project: Path, run: Runner) -> None:
    from markdown_it import MarkdownIt

    add_markdown(project)
    assert run("extract").exit_code == 0
    fill(project, "kk", text=lambda m: "Аударма: " + m, slug=MD_SLUG)
    fill(project, "ru", text=lambda m: "Перевод\nв две строки: " + m, slug=MD_SLUG)
    for lang in ("kk", "ru"):
        assert run("render", LAYOUT, "--lang", lang, MD_SLUG).exit_code == 0
        md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
        shape = [(t.type, t.tag, t.level) for t in md.parse(SAMPLE_MD.read_text(encoding="utf-8"))]
        text = out(project, lang, MD_SLUG, ".md").read_text(encoding="utf-8")
        assert [(t.type, t.tag, t.level) for t in md.parse(text)] == shape
    ru = out(project, "ru", MD_SLUG, ".md").read_text(encoding="utf-8")
    assert "ettik. Перевод в две строки: Şimdi bunu 85 bin başa çıkarıyoruz.\n>\n" in ru
    assert "[Silk Way TV sitesinde](https://silkway.tv/haber/123" in ru
    assert "```bash\nloctool render --lang kk\n```" in ru


# ------------------------------------------------------------------- policies (acceptance 3)


def test_default_render_needs_reviewed_units_and_writes_nothing(project: Path, run: Runner) -> None:
    assert run("extract").exit_code == 0
    fill(project, "kk")  # complete and reviewed
    fill(project, "tg", how="machine")  # machine drafts only
    before = snapshot(project)
    line = one_line_error(run("render", LAYOUT))
    assert f"{po_rel('tg')}: cannot render tg: 24 of 24 units" in line
    assert "(24 machine;" in line and "(and 2 more catalog(s))" in line
    assert line.endswith("use --allow-machine, --fallback source, --min-reviewed PCT")
    assert snapshot(project) == before  # not even the complete kk copy, nor any .mo


def test_allow_machine_uses_drafts_but_not_changed_entries(project: Path, run: Runner) -> None:
    assert run("extract").exit_code == 0
    fill(project, "tg", how="machine", text=tag)
    result = run("render", LAYOUT, "--lang", "tg", "--allow-machine")
    assert result.exit_code == 0, result.output
    assert "24 units (24 machine)" in result.stdout
    assert "⟦Her iki taraf da ticaret cirosunu artırmakla ilgileniyor.⟧" in out(
        project, "tg"
    ).read_text(encoding="utf-8")
    # the source changes: the entry becomes "changed" (an old translation) — not rendered
    seed = project / "seeds" / f"{SLUG}.txt"
    seed.write_text(
        seed.read_text(encoding="utf-8").replace("artırmakla", "çok artırmakla"), encoding="utf-8"
    )
    assert run("extract").exit_code == 0
    before = snapshot(project)
    line = one_line_error(run("render", LAYOUT, "--lang", "tg", "--allow-machine"))
    assert "1 changed" in line and "--allow-machine" not in line
    assert snapshot(project) == before


def test_fallback_source_fills_missing_units(project: Path, run: Runner) -> None:
    assert run("extract").exit_code == 0
    fill(project, "ru", text=tag, units=[1, 3])
    result = run("render", LAYOUT, "--lang", "ru", "--fallback", "source")
    assert result.exit_code == 0, result.output
    assert "24 units (3 reviewed, 21 source)" in result.stdout  # unit 1 occurs twice
    text = out(project, "ru").read_text(encoding="utf-8")
    assert text.startswith("⟦Kazakistan ve Tacikistan arasındaki işbirliği⟧\n\n⟦Kazak")
    assert "\nAydarbek Saparov, Kazakistan tarım bakanı:\n" in text


def test_min_reviewed_skips_a_catalog_like_po4a_keep(project: Path, run: Runner) -> None:
    assert run("extract").exit_code == 0
    fill(project, "kk")  # 100 %
    fill(project, "en", units=list(range(1, 12)))  # 11 of 23 = 47.8 %
    before = snapshot(project)
    result = run("render", LAYOUT, "--lang", "kk,en", "--min-reviewed", "50")
    assert result.exit_code == 0, result.output
    assert f"skipped en/{SLUG}: 47.8% reviewed, below --min-reviewed 50" in result.stdout
    assert out(project, "kk").exists() and mo_path(project, "kk").exists()
    assert not out(project, "en").exists() and not mo_path(project, "en").exists()
    after = snapshot(project)
    assert {k for k in after if k not in before} == {
        f"out/kk/{SLUG}.txt",
        Project(project).rel(mo_path(project, "kk")),
    }
    # a lower bar lets it through, with the missing units from the source
    result = run("render", LAYOUT, "--lang", "en", "--min-reviewed", "40", "--fallback", "source")
    assert result.exit_code == 0 and "12 source" in result.stdout


def test_min_reviewed_does_not_rescue_a_catalog_above_it(project: Path, run: Runner) -> None:
    assert run("extract").exit_code == 0
    fill(project, "en", units=list(range(1, 12)))
    before = snapshot(project)
    line = one_line_error(run("render", LAYOUT, "--lang", "en", "--min-reviewed", "40"))
    assert "cannot render en: 12 of 24 units" in line
    assert snapshot(project) == before


def test_stale_catalog_is_reported(project: Path, run: Runner) -> None:
    assert run("extract").exit_code == 0
    fill(project, "kk")
    seed = project / "seeds" / f"{SLUG}.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\n\nYeni bir cümle.\n", encoding="utf-8")
    line = one_line_error(run("render", LAYOUT, "--lang", "kk"))
    assert "1 not in the catalog" in line and "run `loctool extract`" in line


def test_out_dir_slug_and_unchanged_second_run(project: Path, run: Runner, tmp_path: Path) -> None:
    assert run("extract").exit_code == 0
    fill(project, "kk")
    target = tmp_path / "copies"
    result = run("render", LAYOUT, "--lang", "kk", "--out", str(target), SLUG)
    assert result.exit_code == 0, result.output
    assert (target / "kk" / f"{SLUG}.txt").read_bytes() == SEED.read_bytes()
    assert not (project / "out").exists()
    again = run("render", LAYOUT, "--lang", "kk", "--out", str(target), SLUG)
    assert again.stdout.count("; unchanged") == 2


def test_usage_errors(project: Path, run: Runner) -> None:
    assert "no catalogs to render" in one_line_error(run("render"))
    assert run("extract", "--lang", "kk").exit_code == 0
    assert "no catalog; run `loctool extract`" in one_line_error(run("render", "--lang", "ru"))
    assert "no article 'nope'" in one_line_error(run("render", "nope"))
    assert "--min-reviewed" in run("render", "--min-reviewed", "101").stderr


def test_plan_is_pure(project: Path, run: Runner) -> None:
    assert run("extract").exit_code == 0
    fill(project, "kk", text=tag)
    before = snapshot(project)
    result = plan(Project(project), ["kk"], policy=Policy(allow_qa_errors=True))
    (output,) = result.outputs
    assert output.origins["reviewed"] == 24 and output.messages == 23
    assert snapshot(project) == before


# ------------------------------------------------------------------- .mo files (acceptance 4)


def test_mo_files_read_back_to_the_reviewed_translations(project: Path, run: Runner) -> None:
    assert run("extract").exit_code == 0
    reviewed = fill(project, "kk", text=tag, units=list(range(1, 21)))
    fill(project, "kk", how="machine", text=lambda m: "машина", units=[21, 22])
    assert run("render", LAYOUT, "--lang", "kk", "--fallback", "source").exit_code == 0
    path = mo_path(project, "kk")
    mo = read_mo(path)  # GNU msgunfmt reads it
    assert {e.msgid: e.msgstr for e in mo} == reviewed  # machine drafts are not compiled
    assert mo.metadata["Language"] == "kk"
    assert mo.metadata["X-Source-Language"] == "tr"
    # the .mo is what msgfmt itself compiles from the catalog, byte for byte
    gnu = path.with_name("gnu.mo")
    subprocess.run(["msgfmt", "-o", str(gnu), str(po_path(project, "kk"))], check=True)
    assert gnu.read_bytes() == path.read_bytes()
    os.unlink(gnu)


def test_mo_of_machine_only_catalog_has_only_the_header(project: Path, run: Runner) -> None:
    assert run("extract").exit_code == 0
    fill(project, "ru", how="machine")
    assert run("render", LAYOUT, "--lang", "ru", "--allow-machine").exit_code == 0
    path = mo_path(project, "ru")
    assert list(read_mo(path)) == []  # msgunfmt shows no message (nor the header then)
    assert b"\nLanguage: ru\n" in path.read_bytes()
    gnu = path.with_name("gnu.mo")
    subprocess.run(["msgfmt", "-o", str(gnu), str(po_path(project, "ru"))], check=True)
    assert gnu.read_bytes() == path.read_bytes()  # msgfmt's own .mo: the header alone
    os.unlink(gnu)


@pytest.mark.parametrize("lang", ["kk", "en"])
def test_compile_mo_keeps_plural_and_context_entries(tmp_path: Path, lang: str) -> None:
    po = Catalog(
        metadata={
            "Content-Type": "text/plain; charset=UTF-8",
            "Language": lang,
            "Plural-Forms": langs.plural_forms(lang),
        }
    )
    po.append(Message("a", "ә"))
    po.append(Message("b", "б", msgctxt="ctx"))
    po.append(Message("one", msgid_plural="many", msgstr_plural={0: "1", 1: "2"}))
    po.append(Message("c", "draft", flags=["fuzzy"]))
    po.append(Message("d", "old", obsolete=True))
    path = tmp_path / "x.mo"
    catalog.compile_mo(po, path)
    mo = read_mo(path)
    got = {e.key: e.msgstr or dict(e.msgstr_plural) for e in mo}
    assert got == {(None, "a"): "ә", ("ctx", "b"): "б", (None, "one"): {0: "1", 1: "2"}}
    # byte for byte what msgfmt compiles from the same catalog
    source = tmp_path / "x.po"
    catalog.save(po, source)
    subprocess.run(["msgfmt", "-o", str(tmp_path / "gnu.mo"), str(source)], check=True)
    assert (tmp_path / "gnu.mo").read_bytes() == path.read_bytes()


@pytest.mark.parametrize("count", [0, 1, 2, 7, 300, 2000])
def test_mo_equals_msgfmt_byte_for_byte(tmp_path: Path, count: int) -> None:
    """Sizes that make msgfmt's hash table collide and probe (and the empty one): the
    same bytes as msgfmt, and msgunfmt reads back every message."""
    po = Catalog(
        metadata={"Content-Type": "text/plain; charset=UTF-8", "Language": "kk"}
        | {"Plural-Forms": langs.plural_forms("kk")}
    )
    for n in range(count):
        context = "ctx" if n % 5 == 0 else None
        if n % 7 == 3:
            forms = {0: f"ә{n}", 1: f"ә{n}с"}
            po.append(Message(f"{n} алма", msgid_plural=f"{n} алмалар", msgstr_plural=forms))
        else:
            po.append(Message(f"сөйлем {n} ş", f"аударма {n}", msgctxt=context))
    source, ours, gnu = tmp_path / "x.po", tmp_path / "x.mo", tmp_path / "gnu.mo"
    catalog.save(po, source)
    catalog.compile_mo(po, ours)
    subprocess.run(["msgfmt", "-o", str(gnu), str(source)], check=True)
    assert ours.read_bytes() == gnu.read_bytes()
    back = read_mo(ours)
    assert {e.key for e in back} == {e.key for e in po}


def test_machine_entries_keep_their_provenance_after_render(project: Path, run: Runner) -> None:
    assert run("extract").exit_code == 0
    fill(project, "en", how="machine")
    assert run("render", LAYOUT, "--lang", "en", "--allow-machine").exit_code == 0
    entry = catalog.load(po_path(project, "en")).active()[0]
    assert catalog.provenance(entry) == Provenance("argos", "x 1.0", "", entry.msgstr)
