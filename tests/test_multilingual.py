"""The multilingual engine for Kazakh and Tajik (issue 4): plumbing, never quality."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from loctool import catalog
from loctool.engines import multilingual
from loctool.messages import Catalog
from loctool.model import State

from .conftest import SLUG, Runner, one_line_error, po_path, snapshot

NLLB = {"tr": "tur_Latn", "kk": "kaz_Cyrl", "tg": "tgk_Cyrl", "ru": "rus_Cyrl", "en": "eng_Latn"}


def po(project: Path, lang: str) -> Catalog:
    return catalog.load(po_path(project, lang, SLUG))


@pytest.fixture
def registered(run: Runner, argos_home: Path, nllb_model) -> Path:
    folder = nllb_model()
    result = run("models", "add-multilingual", str(folder), "--name", "nllb-test")
    assert result.exit_code == 0, result.output
    return folder


def test_registration_lists_the_model_and_its_pairs(run: Runner, registered: Path) -> None:
    listing = run("models", "list").output
    assert "nllb-test" in listing and str(registered) in listing
    assert "kk=kaz_Cyrl" in listing and "tr-kk" in listing and "tr-tg" in listing
    assert run("models", "remove", "nllb-test").exit_code == 0
    assert multilingual.registered() == []
    assert registered.is_dir(), "unregistering leaves the files alone"


def test_exact_tokens_handed_to_ctranslate2(
    project: Path, run: Runner, registered: Path, mt_calls
) -> None:
    result = run("translate", "--lang", "kk,tg")
    assert result.exit_code == 0, result.output
    assert [c.model_dir for c in mt_calls] == [registered, registered]
    sp = __import__("sentencepiece").SentencePieceProcessor(
        model_file=str(registered / "sentencepiece.bpe.model")
    )
    for call, token in zip(mt_calls, ("kaz_Cyrl", "tgk_Cyrl"), strict=True):
        assert call.kwargs["target_prefix"] == [[token]] * len(call.source)
        for source in call.source:
            assert source[0] == "tur_Latn" and source[-1] == "</s>"
            assert source[1:-1] == sp.encode(sp.decode(source[1:-1]), out_type=str)
    first = {sp.decode(s[1:-1]) for s in mt_calls[0].source}
    assert first == {e.msgid for e in po(project, "kk")}
    for lang, token in (("kk", "kaz_Cyrl"), ("tg", "tgk_Cyrl")):
        for entry in po(project, lang):
            assert entry.msgstr == entry.msgid, "copy model: unit i got translation i"
            assert token not in entry.msgstr and "tur_Latn" not in entry.msgstr
            prov = catalog.provenance(entry)
            assert prov is not None and (prov.engine, prov.model) == ("multilingual", "nllb-test")


@pytest.mark.parametrize(
    ("breakage", "needle"),
    [
        ("no-model", "no CTranslate2 model"),
        ("no-tokenizer", "no tokenizer"),
        ("bad-token", "not in the model vocabulary: kk=kaz_Arab"),
        ("missing", "no such folder"),
    ],
)
def test_registration_errors_register_nothing(
    breakage: str, needle: str, run: Runner, argos_home: Path, nllb_model, tmp_path: Path
) -> None:
    folder = tmp_path / "model"
    shutil.copytree(nllb_model(), folder)
    args = ["models", "add-multilingual", str(folder)]
    if breakage == "no-model":
        (folder / "model.bin").unlink()
    elif breakage == "no-tokenizer":
        (folder / "sentencepiece.bpe.model").unlink()
    elif breakage == "bad-token":
        args += ["--langs", "tr,kk=kaz_Arab"]
    else:
        args[2] = str(tmp_path / "nowhere")
    before = snapshot(tmp_path)
    line = one_line_error(run(*args))
    assert needle in line
    assert multilingual.registered() == []
    assert not multilingual.registry_path().exists()
    assert snapshot(tmp_path) == before


def test_engine_choice_from_config_auto_and_override(
    project: Path, run: Runner, registered: Path, install_pairs
) -> None:
    install_pairs("tr-en", "en-ru")
    # automatic: argos where a package (or pivot) exists, multilingual for kk/tg
    assert run("translate").exit_code == 0
    engines = {
        lang: {catalog.provenance(e).engine for e in po(project, lang)}  # type: ignore[union-attr]
        for lang in ("kk", "tg", "ru", "en")
    }
    assert engines == {
        "kk": {"multilingual"},
        "tg": {"multilingual"},
        "ru": {"argos"},
        "en": {"argos"},
    }


def test_config_selects_multilingual_for_a_language(
    project: Path, run: Runner, registered: Path, install_pairs
) -> None:
    install_pairs("tr-en")
    (project / "loctool.toml").write_text('[engines]\nen = "multilingual:nllb-test"\n', "utf-8")
    assert run("translate", "--lang", "en").exit_code == 0
    assert {catalog.provenance(e).engine for e in po(project, "en")} == {"multilingual"}  # type: ignore[union-attr]


def test_engine_option_overrides_config(
    project: Path, run: Runner, registered: Path, install_pairs
) -> None:
    install_pairs("tr-en")
    (project / "loctool.toml").write_text('[engines]\nen = "argos"\n', "utf-8")
    assert run("translate", "--lang", "en", "--engine", "multilingual").exit_code == 0
    assert {catalog.provenance(e).engine for e in po(project, "en")} == {"multilingual"}  # type: ignore[union-attr]
    result = run("translate", "--lang", "en", "--engine", "deepl")
    assert "unknown engine 'deepl'" in one_line_error(result)


def test_kazakh_without_any_engine_says_what_to_install(
    project: Path, run: Runner, argos_home
) -> None:
    result = run("translate", "--lang", "kk")
    assert result.exit_code == 0
    (line,) = result.stderr.strip().splitlines()
    assert "tr→kk" in line and "add-multilingual" in line and "Kazakh and Tajik" in line
    assert all(e.state is State.UNTRANSLATED for e in po(project, "kk"))


def test_registry_survives_as_json(run: Runner, registered: Path) -> None:
    data = json.loads(multilingual.registry_path().read_text("utf-8"))
    assert data["nllb-test"]["tokens"] == NLLB
    assert data["nllb-test"]["path"] == str(registered)


@pytest.mark.parametrize(
    ("lang", "text", "flagged"),
    [
        ("kk", "Kazakhstan and Tajikistan are cooperating", "written in Latin script"),
        ("en", "Казахстан и Таджикистан сотрудничают", "written in Cyrillic script"),
        ("kk", "Қазақстан мен Тәжікстан ынтымақтасады", ""),
        ("en", "Kazakhstan and Tajikistan are cooperating", ""),
        ("tg", "Ҳамкории Қазоқистон ва Тоҷикистон дар соҳаи кишоварзӣ", ""),
        (
            "kk",
            "Сотрудничество между Казахстаном и Таджикистаном в области сельского хозяйства",
            "reads like Russian",
        ),
    ],
)
def test_script_check_of_machine_output(lang: str, text: str, flagged: str) -> None:
    from loctool.qa import machine_notes

    notes = machine_notes("Kazakistan ve Tacikistan işbirliği yapıyor", text, "tr", lang)
    if flagged:
        assert len(notes) == 1 and flagged in notes[0]
    else:
        assert notes == []


def test_wrong_script_output_is_noted_in_the_catalog_and_status(
    project: Path, run: Runner, registered: Path
) -> None:
    # The copy model "translates" into the Turkish source: Latin script, wrong for kk.
    assert run("translate", "--lang", "kk").exit_code == 0
    for entry in po(project, "kk"):
        notes = catalog.qa_notes(entry)
        if entry.msgid == "Silk Way TV":  # a name copied as is is not a wrong script
            assert notes == []
            continue
        assert notes and "script" in notes[0] and "Latin" in notes[0]
    (row,) = json.loads(run("status", "--json", "--lang", "kk").stdout)
    assert row["qa_warnings"] == row["units"] - 1 == 22
    assert "qa_warnings" in run("status").stdout
