"""loctool.toml and the path rule (issue 12).

* Every setting is one row of ``project.SETTINGS`` and gets the validation of its
  command-line twin; every Config field is settable.
* One rule for every configured folder: inside the project once symbolic links are
  resolved, else refused; ``out`` holds neither the seeds nor the catalogs.
* A rendered copy never lands on an input; ``--out`` may point outside the project (the
  user's explicit choice) but not onto a source.

The CLI side of each refusal (one line, exit 2, nothing changed) is in
``tests/test_bad_inputs.py``; these tests pin the rules themselves.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from loctool.errors import LoctoolError
from loctool.project import SETTINGS, Config, Project, load_config

from .conftest import SEED, SLUG, Runner, snapshot
from .renderkit import fill

QA = "--allow-qa-errors"  # the copies hold stand-in texts: paths are tested here


def config(tmp_path: Path, text: str) -> Config:
    path = tmp_path / "loctool.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def refused(root: Path, text: str) -> str:
    """The error of a project whose loctool.toml is ``text``; nothing on disk changes."""
    (root / "loctool.toml").write_text(text, encoding="utf-8")
    before = snapshot(root.parent)
    with pytest.raises(LoctoolError) as info:
        Project(root)
    assert snapshot(root.parent) == before
    return str(info.value)


# --------------------------------------------------------------------------- settings


def test_every_config_field_is_a_setting() -> None:
    fields = {f.name for f in dataclasses.fields(Config)}
    assert {s.field for s in SETTINGS} == fields
    assert len({s.key for s in SETTINGS}) == len(SETTINGS)


def test_a_full_config_is_read(tmp_path: Path) -> None:
    got = config(
        tmp_path,
        'source_language = "tr"\ntargets = ["kk", "ru", "kk"]\nseeds = "articles"\n'
        'locales = "l10n"\nout = "public"\nteam = "Newsroom <l10n@example.org>"\n'
        '[engines]\ndefault = "argos"\nkk = "multilingual:nllb"\n'
        "[translate]\nbeam_size = 16\nbatch_tokens = 64\n",
    )
    assert got == Config(
        source_language="tr",
        targets=("kk", "ru"),  # duplicates dropped, as --lang does
        seeds="articles",
        locales="l10n",
        out="public",
        team="Newsroom <l10n@example.org>",
        engines={"default": "argos", "kk": "multilingual:nllb"},
        beam_size=16,
        batch_tokens=64,
    )
    assert config(tmp_path, "") == Config()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("translate = 3", "translate: must be a table ([translate]), not an integer"),
        ('translate = "fast"', "translate: must be a table ([translate]), not a string"),
        ("[translate]\nbeam = 2", "unknown setting translate.beam"),
        ("[translate]\nbeam_size = 0", "translate.beam_size: must be an integer from 1 to 16"),
        ("[translate]\nbeam_size = 17", "translate.beam_size: must be an integer from 1 to 16"),
        ("[translate]\nbeam_size = 4.0", "translate.beam_size: must be an integer from 1 to 16"),
        ("[translate]\nbeam_size = true", "translate.beam_size: must be an integer"),
        ('[translate]\nbatch_tokens = "64"', "translate.batch_tokens: must be a positive integer"),
        ('[engines]\nkk = "argoss"', "engines.kk: unknown engine 'argoss' (expected auto, argos"),
        ('[engines]\nkk = "deepl"', "engines.kk: unknown engine 'deepl'"),
        ('[engines]\ndefault = "argos:x"', "engines.default: unknown engine 'argos:x'"),
        ("[engines]\nkk = 3", "engines.kk: must be a string, not an integer"),
        ('[engines]\nxx = "auto"', "engines.xx: unknown language code 'xx'"),
        ("engines = 3", "engines: must be a table"),
        ('engines = ["argos"]', "engines: must be a table"),
        ('targets = "kk"', "targets: must be a list of language codes"),
        ("targets = []", "targets: no language code given"),
        ('targets = ["kk", 3]', "targets: must be a list of language codes"),
        ('targets = ["kk,ru"]', "targets: must be a list of language codes, one per string"),
        ('targets = ["kk", "xx"]', "targets: unknown language code 'xx'"),
        ("source_language = 3", "source_language: must be a string, not an integer"),
        ('source_language = "turkish"', "source_language: unknown language code 'turkish'"),
        ("seeds = 3", "seeds: must be a string, not an integer"),
        ('locales = ""', "locales: must be a folder path"),
        ('out = "a\\u0000b"', "out: must be a folder path"),
        ('team = "a\\nb"', "team: must be one line without control characters"),
        ("team = 1", "team: must be a string, not an integer"),
        ('colour = "red"', "unknown setting 'colour'"),
    ],
)
def test_bad_values_are_refused_like_their_command_line_twins(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(LoctoolError) as info:
        config(tmp_path, text + "\n")
    assert info.value.where == str(tmp_path / "loctool.toml")
    assert info.value.message.startswith(message), info.value.message


def test_every_setting_has_a_refused_value(tmp_path: Path) -> None:
    """A new row of SETTINGS comes with a check: a TOML table where a scalar belongs (or
    a number where a table belongs) is refused for every key."""
    for setting in SETTINGS:
        table, _, name = setting.key.rpartition(".")
        value = "3" if setting.key == "engines" else "{ x = 1 }"
        text = f"[{table}]\n{name} = {value}\n" if table else f"{name} = {value}\n"
        with pytest.raises(LoctoolError) as info:
            config(tmp_path, text)
        assert info.value.message.startswith(setting.key + ": "), info.value.message


# --------------------------------------------------------------------------- the path rule


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('locales = "../escape"', "locales = '../escape' is outside the project"),
        ('seeds = "../elsewhere"', "seeds = '../elsewhere' is outside the project"),
        ('out = "../outside"', "out = '../outside' is outside the project"),
        ('out = "/tmp"', "out = '/tmp' is outside the project"),
        ('locales = "seeds/../.."', "locales = 'seeds/../..' is outside the project"),
        ('out = "."', "out = '.' contains the seeds folder seeds/"),
        ('out = "seeds"', "out = 'seeds' contains the seeds folder seeds/"),
        ('out = "locales"', "out = 'locales' contains the catalogs folder locales/"),
        ('out = "locales/kk"', "out = 'locales/kk' is inside the catalogs folder locales/"),
        ('seeds = "out/kk"', "contains the seeds folder out/kk/"),
        ('locales = "out/l10n"', "contains the catalogs folder out/l10n/"),
        ('seeds = "seeds/' + SEED.name + '"', f"seeds = 'seeds/{SEED.name}' is not a folder"),
    ],
)
def test_configured_folders_stay_inside_the_project(project: Path, text: str, message: str) -> None:
    assert message in refused(project, text + "\n")


@pytest.mark.parametrize("folder", ["seeds", "locales", "out"])
def test_a_default_folder_that_links_outside_is_refused(
    project: Path, tmp_path: Path, folder: str
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if folder == "seeds":
        shutil.move(project / "seeds", elsewhere / "seeds")
        target = elsewhere / "seeds"
    else:
        target = elsewhere
    (project / folder).symlink_to(target)
    with pytest.raises(LoctoolError) as info:
        Project(project)
    assert info.value.where == str(project.resolve() / folder)
    assert str(info.value.message).startswith(f"is outside the project (it resolves to {target}")


def test_folders_inside_the_project_may_be_links_or_the_root(project: Path) -> None:
    (project / "l10n").mkdir()
    (project / "locales").symlink_to("l10n")
    Project(project)  # a link that stays inside is fine
    (project / "loctool.toml").write_text('seeds = "."\nout = "site/copies"\n', "utf-8")
    Project(project)  # articles at the root; copies in a subfolder


# --------------------------------------------------------------------------- render


def test_out_outside_the_project_is_the_users_choice(
    project: Path, run: Runner, tmp_path: Path
) -> None:
    assert run("extract").exit_code == 0
    fill(project, "kk")
    site = tmp_path / "site"
    result = run("render", "--lang", "kk", "--out", str(site), QA)
    assert result.exit_code == 0, result.output
    assert (site / "kk" / SEED.name).read_bytes() == SEED.read_bytes()  # identity catalog
    assert not (project / "out").exists()


def test_out_that_holds_the_project_is_refused_even_outside(
    project: Path, run: Runner, tmp_path: Path
) -> None:
    assert run("extract").exit_code == 0
    fill(project, "kk")
    before = snapshot(tmp_path)
    result = run("render", "--lang", "kk", "--out", str(tmp_path), QA)
    assert result.exit_code == 2
    assert "--out: contains the seeds folder seeds/" in result.stderr
    assert snapshot(tmp_path) == before


def test_render_never_writes_over_a_source_outside_seeds(project: Path, run: Runner) -> None:
    """An article extracted from another folder of the project is a source too: its
    catalog's references name it, so a copy that would land on it is refused."""
    (project / "copies" / "kk").mkdir(parents=True)
    elsewhere = project / "copies" / "kk" / SEED.name
    shutil.move(project / "seeds" / SEED.name, elsewhere)
    assert run("extract", str(elsewhere)).exit_code == 0
    fill(project, "kk")
    shutil.copyfile(elsewhere, project / "seeds" / SEED.name)  # the same article in seeds/
    before = snapshot(project)
    result = run("render", "--lang", "kk", "--out", "copies", QA)
    assert result.exit_code == 2
    assert f"copies/kk/{SLUG}.txt: the rendered copy would overwrite a source article" in (
        result.stderr
    )
    assert snapshot(project) == before


@pytest.mark.parametrize("folder", ["locales/kk/LC_MESSAGES", "locales/templates", "locales/ru"])
def test_catalog_folders_that_link_outside_are_refused(
    project: Path, run: Runner, tmp_path: Path, folder: str
) -> None:
    assert run("extract").exit_code == 0
    elsewhere = tmp_path / "elsewhere"
    shutil.move(project / folder, elsewhere)
    (project / folder).symlink_to(elsewhere)
    with pytest.raises(LoctoolError) as info:
        Project(project)
    assert info.value.where == str(project.resolve() / folder)
    assert info.value.message.startswith(f"is outside the project (it resolves to {elsewhere})")


def test_a_folder_that_is_a_symlink_loop_is_one_error(project: Path) -> None:
    (project / "locales").symlink_to("locales")
    with pytest.raises(LoctoolError) as info:
        Project(project)
    assert info.value.message.startswith("cannot resolve the path")


def test_two_copies_never_share_a_file(project: Path, run: Runner) -> None:
    assert run("extract").exit_code == 0
    fill(project, "kk")
    fill(project, "ru")
    (project / "out" / "ru").mkdir(parents=True)
    (project / "out" / "kk").symlink_to("ru")
    before = snapshot(project)
    result = run("render", "--lang", "ru,kk", QA)
    assert result.exit_code == 2
    assert "the kk and ru copies of" in result.stderr and "would be the same file" in result.stderr
    assert snapshot(project) == before


def test_the_layout_follows_the_configured_folders(project: Path) -> None:
    """Every path of the layout comes from Project, configured folders included: the
    other modules ask it (review, diff --rev, memory, render) instead of joining names."""
    (project / "loctool.toml").write_text('locales = "po"\nout = "copies"\n', encoding="utf-8")
    proj = Project(project)
    root = proj.root
    assert proj.po_path("kk", SLUG) == root / "po" / "kk" / "LC_MESSAGES" / f"{SLUG}.po"
    assert proj.pot_path(SLUG) == root / "po" / "templates" / f"{SLUG}.pot"
    assert proj.out_path("kk", proj.article(SLUG)) == root / "copies" / "kk" / SEED.name
    assert proj.memory_path("tr", "kk") == root / "memory" / "tr-kk.po"
    ref = proj.catalog_at(f"po/kk/LC_MESSAGES/{SLUG}.po")
    assert ref is not None and (ref.lang, ref.slug, ref.path) == (
        "kk",
        SLUG,
        proj.po_path("kk", SLUG),
    )
    assert ref.origin(3) == f"kk/{SLUG}.po#3"
    for elsewhere in (
        f"locales/kk/LC_MESSAGES/{SLUG}.po",  # the default folder, not this project's
        f"po/kk/{SLUG}.po",
        f"po/kk/LC_MESSAGES/{SLUG}.mo",
        f"po/kk/LC_MESSAGES/sub/{SLUG}.po",
        f"po/templates/{SLUG}.pot",
    ):
        assert proj.catalog_at(elsewhere) is None, elsewhere


HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n'


def test_memory_files_are_found_by_language_pair(project: Path) -> None:
    proj = Project(project)
    assert proj.memory_files() == {}
    proj.memory_dir.mkdir()
    for name in ("tr-kk.po", "en-ru.po", "notes.txt", "nopair.po"):
        (proj.memory_dir / name).write_text(HEADER, encoding="utf-8")
    assert proj.memory_files() == {
        ("en", "ru"): proj.memory_path("en", "ru"),
        ("tr", "kk"): proj.memory_path("tr", "kk"),
    }
