"""`loctool translate` with argos packages (issue 3): plumbing, never quality."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from loctool import catalog
from loctool.messages import Catalog
from loctool.model import State

from .conftest import SEED, SLUG, Runner, po_path

LANGS = ("en", "ru")


def po(project: Path, lang: str) -> Catalog:
    return catalog.load(po_path(project, lang, SLUG))


def test_copy_model_fills_every_unit_with_its_own_source(
    project: Path, run: Runner, install_pairs, mt_calls
) -> None:
    install_pairs("tr-en", "en-ru")
    result = run("translate", "--lang", "en,ru")
    assert result.exit_code == 0, result.output
    for lang in LANGS:
        catalog_ = po(project, lang)
        assert len(catalog_) == 23
        for entry in catalog_:
            # The copy model's output is its input: unit i got translation i.
            assert entry.msgstr == entry.msgid
            assert entry.state is State.MACHINE
            assert "fuzzy" in entry.flags


def test_pivot_provenance_names_both_packages(
    project: Path, run: Runner, install_pairs, mt_calls
) -> None:
    """Both legs run, the second on the first one's output.  tr→en is a copy model and
    en→ru a random one, whose output differs from its input: a pivot that skipped its
    second leg would leave the Turkish source in the Russian catalog."""
    install_pairs("tr-en")
    install_pairs("en-ru", kind="random")
    assert run("translate", "--lang", "ru").exit_code == 0
    first, second = mt_calls  # one call per leg, each with its own model
    assert first.model_dir.parent.name == "translate-tr_en-1_0"
    assert second.model_dir.parent.name == "translate-en_ru-1_0"
    # the copy model's output is its input: the second leg got the first leg's output
    assert sorted(second.source) == sorted(first.source)
    filled = [e for e in po(project, "ru") if e.msgstr]
    assert len(filled) > 20
    for entry in filled:
        assert entry.msgstr != entry.msgid, "the en→ru leg changed every text"
        prov = catalog.provenance(entry)
        assert prov is not None
        assert prov.engine == "argos"
        assert prov.model == "tr→en 1.0 + en→ru 1.0"
        assert prov.pivot == "en"
        assert prov.text == entry.msgstr


def test_one_batch_per_language_pair_sorted_and_deduplicated(
    project: Path, run: Runner, install_pairs, mt_calls
) -> None:
    second = project / "seeds" / "second-article.txt"
    second.write_text(
        "Kazakistan ve Tacikistan arasındaki işbirliği\n\nYeni bir cümle burada. Bir tane daha.\n",
        encoding="utf-8",
    )
    install_pairs("tr-en", "en-ru")
    assert run("translate", "--lang", "en,ru").exit_code == 0
    pairs = [c.model_dir.parent.name for c in mt_calls]
    # tr→en once for both articles (and reused as the pivot's first leg), en→ru once.
    assert pairs == ["translate-tr_en-1_0", "translate-en_ru-1_0"]
    first = mt_calls[0]
    assert len(first.source) == 25  # 23 seed units + 2 new; the shared title once
    assert len({tuple(s) for s in first.source}) == len(first.source)
    lengths = [len(s) for s in first.source]
    assert lengths == sorted(lengths)
    assert first.kwargs["beam_size"] == 4
    assert first.kwargs["batch_type"] == "tokens"
    assert first.kwargs["max_batch_size"] == 128


def test_beam_size_option(project: Path, run: Runner, install_pairs, mt_calls) -> None:
    install_pairs("tr-en")
    assert run("translate", "--lang", "en", "--beam-size", "2").exit_code == 0
    assert [c.kwargs["beam_size"] for c in mt_calls] == [2]


def test_target_prefix_is_forced_and_stripped(
    project: Path, run: Runner, install_pairs, mt_calls
) -> None:
    install_pairs("tr-en", target_prefix="__en__")
    assert run("translate", "--lang", "en").exit_code == 0
    (call,) = mt_calls
    prefixes = call.kwargs["target_prefix"]
    assert prefixes == [["__en__"]] * len(call.source)
    for entry in po(project, "en"):
        assert entry.msgstr == entry.msgid
        assert "__en__" not in entry.msgstr


def test_reviewed_entry_is_byte_identical_and_rerun_sends_nothing(
    project: Path, run: Runner, install_pairs, mt_calls
) -> None:
    install_pairs("tr-en")
    assert run("extract").exit_code == 0
    path = po_path(project, "en", SLUG)
    catalog_ = catalog.load(path)
    catalog.accept(catalog_[1], "Almost 1 billion dollars: the sum of the agreements signed.")
    catalog.save(catalog_, path)
    reviewed_block = path.read_text("utf-8").split("\n\n")[2]
    assert "Almost 1 billion" in reviewed_block

    assert run("translate", "--lang", "en").exit_code == 0
    assert path.read_text("utf-8").split("\n\n")[2] == reviewed_block
    assert len(mt_calls[0].source) == 22  # everything but the reviewed unit

    before = path.read_bytes()
    mt_calls.clear()
    result = run("translate", "--lang", "en")
    assert result.exit_code == 0
    assert mt_calls == [], "an unchanged project sends 0 units to any engine"
    assert "nothing to translate" in result.output
    assert path.read_bytes() == before


def test_same_input_same_output(tmp_path: Path, install_pairs, argos_package) -> None:
    install_pairs("tr-en", kind="random", seed=7)
    outputs = []
    for n in range(2):
        root = tmp_path / f"run{n}"
        (root / "seeds").mkdir(parents=True)
        (root / "seeds" / SEED.name).write_bytes(SEED.read_bytes())
        from click.testing import CliRunner

        from loctool.cli import cli

        result = CliRunner().invoke(cli, ["-C", str(root), "translate", "--lang", "en"])
        assert result.exit_code == 0, result.output
        outputs.append(
            [
                (e.msgid, e.msgstr)
                for e in catalog.load(po_path(root, "en", SLUG))
            ]
        )
    assert outputs[0] == outputs[1]
    assert all(msgstr for _, msgstr in outputs[0]), "the random model produced text"


def test_missing_pair_warns_and_other_languages_proceed(
    project: Path, run: Runner, install_pairs
) -> None:
    install_pairs("tr-en")
    result = run("translate", "--lang", "en,ru,kk")
    assert result.exit_code == 0
    warnings = result.stderr.strip().splitlines()
    assert len(warnings) == 2
    assert any("tr→ru" in w and "models install" in w for w in warnings)
    assert any("tr→kk" in w and "add-multilingual" in w for w in warnings)
    assert all(e.state is State.MACHINE for e in po(project, "en"))
    assert all(e.state is State.UNTRANSLATED for e in po(project, "ru"))
    strict = run("translate", "--lang", "en,ru", "--strict")
    assert strict.exit_code == 3


def test_refresh_changed_keeps_the_old_translation_visible(
    project: Path, run: Runner, install_pairs
) -> None:
    install_pairs("tr-en")
    assert run("translate", "--lang", "en").exit_code == 0
    path = po_path(project, "en", SLUG)
    catalog_ = catalog.load(path)
    target = next(e for e in catalog_ if e.msgid.startswith("Her iki taraf"))
    catalog.accept(target, "Both sides are interested in more trade.")
    catalog.save(catalog_, path)
    src = project / "seeds" / f"{SLUG}.txt"
    src.write_text(
        src.read_text("utf-8").replace("cirosunu artırmakla", "hacmini artırmakla"), "utf-8"
    )
    assert run("translate", "--lang", "en").exit_code == 0
    changed = next(e for e in catalog.load(path) if e.msgid.startswith("Her iki taraf"))
    assert changed.state is State.CHANGED
    assert changed.msgstr == "Both sides are interested in more trade."

    assert run("translate", "--lang", "en", "--refresh-changed").exit_code == 0
    fresh = next(e for e in catalog.load(path) if e.msgid.startswith("Her iki taraf"))
    assert fresh.msgstr == fresh.msgid  # the copy model's new draft
    assert "loctool-previous: Both sides are interested in more trade." in fresh.comment
    assert fresh.previous_msgid is not None


def test_no_torch_and_no_argos_translate_after_a_run(
    project: Path, install_pairs, argos_home: Path
) -> None:
    install_pairs("tr-en")
    code = (
        "import sys, json\n"
        "from loctool.cli import cli\n"
        f"try:\n    cli(['-C', {str(project)!r}, 'translate', '--lang', 'en'])\n"
        "except SystemExit as e:\n    assert not e.code, e.code\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('torch', 'argostranslate', 'stanza', 'spacy', 'ctranslate2'))))\n"
    )
    env = {
        **__import__("os").environ,
        "XDG_DATA_HOME": str(argos_home.parent.parent),
    }
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert "ctranslate2" in loaded, "the run really translated"
    assert not [m for m in loaded if m.startswith(("torch", "stanza", "spacy"))]
    assert "argostranslate.translate" not in loaded
    assert all(e.state is State.MACHINE for e in po(project, "en"))


def test_batch_size_from_the_project_settings(
    project: Path, run: Runner, install_pairs, mt_calls
) -> None:
    install_pairs("tr-en")
    (project / "loctool.toml").write_text("[translate]\nbatch_tokens = 64\n", "utf-8")
    assert run("translate", "--lang", "en").exit_code == 0
    assert [c.kwargs["max_batch_size"] for c in mt_calls] == [64]
    (project / "loctool.toml").write_text("[translate]\nbatch_tokens = 0\n", "utf-8")
    result = run("translate", "--lang", "en")
    assert result.exit_code == 2
    assert "loctool.toml: translate.batch_tokens: must be a positive integer" in result.stderr


def test_the_pipeline_notes_drafts_in_the_wrong_alphabet(project: Path, install_pairs) -> None:
    """QA notes on machine output are the pipeline's own default (the command and the
    throughput benchmark run the same path): a tr→kk copy model answers in Latin
    letters, and every draft says so."""
    from loctool.engines.base import DecodeOptions
    from loctool.engines.select import Engines
    from loctool.pipeline import translate
    from loctool.project import Project
    from loctool.qa import machine_notes

    install_pairs("tr-kk")
    outcome = translate(Project(project), only=["kk"], engines=Engines(DecodeOptions(threads=1)))
    assert outcome.langs[0].filled == 23
    noted = 0
    for entry in po(project, "kk"):
        assert entry.state is State.MACHINE
        notes = catalog.qa_notes(entry)
        assert notes == machine_notes(entry.msgid, entry.msgstr, "tr", "kk")
        noted += any(n.startswith("error: script: ") for n in notes)
    assert noted >= 20  # all but names such as "Silk Way TV"
