"""Inline markup through machine translation (issue 14, acceptance 1): placeholders around
the engine, through the real CLI and real (synthetic) CTranslate2 models.

* A random-weight model returns garbage: every URL, e-mail address, code span and link
  target of the Markdown and HTML samples is either in the msgstr exactly, or the unit
  carries an error-level ``markup`` note — never silent damage.
* A copy model returns its input: every rendered copy equals its source (an HTML copy
  differs only by the ``lang`` of its root element).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from loctool import catalog, htmldoc, pipeline
from loctool.engines import ct2
from loctool.engines.select import Choice
from loctool.messages import Message
from loctool.model import Provenance, Suggestion
from loctool.project import Project

from .conftest import REPO, Runner, po_path

DATA = REPO / "tests" / "data"
# What must come back unchanged, listed by hand from the files (the test's own oracle).
VERBATIM = {
    "sample.md": [
        "https://silkway.tv/haber/123",  # link target
        "`eGov`",
        "https://silkway.tv",  # autolink
        "`loctool check`",
    ],
    "markup.md": [
        "https://silkway.tv/kaynak",
        "https://www.bloomberght.com/kazakistan-tacikistan-123",
        "basin@silkway.tv",
        "destek@silkway.tv",
        "`KZ-TJ-2024`",
        "https://silkway.tv/img/harita.png",
        "[arsiv]",  # a reference link's label
        "`loctool render --lang kk`",
        "https://silkway.tv/log?id=7&tur=a",
    ],
    "sample.html": [
        "https://silkway.tv/haber/123?dil=tr&amp;s=2",
        "basin@silkway.tv",
        "<code>eGov</code>",
        '<span translate="no">Silk Way TV</span>',
        '"https://silkway.tv"',
        "<code>loctool check</code>",
    ],
}
SAMPLES = {"sample.md": "news-md.md", "markup.md": "links.md", "sample.html": "news.html"}
SUBTITLES = {"sample.srt": "bulletin.srt", "sample.vtt": "captions.vtt"}


def add_samples(project: Path, names: dict[str, str]) -> None:
    for name, dest in names.items():
        shutil.copyfile(DATA / name, project / "seeds" / dest)


def entries(project: Path, lang: str, seed: str) -> list[Message]:
    slug = Path(seed).stem
    return catalog.load(po_path(project, lang, slug)).active()


def decoded(calls: list) -> list[str]:
    """The texts of the one ``translate_batch`` call, as the engine's tokenizer reads them."""
    (call,) = calls
    tokenizer = ct2.sentencepiece_model(call.model_dir.parent / "sentencepiece.model")
    return [tokenizer.decode(pieces) for pieces in call.source]


def markup_errors(entry: Message) -> list[str]:
    return [n for n in catalog.qa_notes(entry) if n.startswith("error: markup:")]


def test_random_model_never_damages_markup_silently(
    project: Path, run: Runner, install_pairs
) -> None:
    (project / "seeds" / "kazakhstan-tajikistan-cooperation.txt").unlink()
    add_samples(project, SAMPLES)
    install_pairs("tr-en", kind="random")
    result = run("translate", "--lang", "en")
    assert result.exit_code == 0, result.output
    flagged = kept = 0
    for name, seed in SAMPLES.items():
        covered = set()
        for entry in entries(project, "en", seed):
            assert entry.msgstr, entry.msgid
            prov = catalog.provenance(entry)
            assert prov is not None and prov.text == entry.msgstr
            for item in VERBATIM[name]:
                if item not in entry.msgid:
                    continue
                covered.add(item)
                if item in entry.msgstr:
                    kept += 1
                else:
                    assert markup_errors(entry), (item, entry.msgid, entry.msgstr)
                    flagged += 1
        assert covered == set(VERBATIM[name]), f"{name}: the oracle lists items not in units"
    # Garbage output loses some elements (flagged) and a lost URL is put back (kept).
    assert flagged and kept
    check = run("check", "--lang", "en")
    assert check.exit_code == 1 and "markup" in check.output


def test_copy_model_renders_every_copy_as_its_source(
    project: Path, run: Runner, install_pairs
) -> None:
    add_samples(project, {**SAMPLES, **SUBTITLES})
    install_pairs("tr-en", "en-ru")
    assert run("translate", "--lang", "en,ru").exit_code == 0
    for lang in ("en", "ru"):
        for seed in [*SAMPLES.values(), *SUBTITLES.values()]:
            for entry in entries(project, lang, seed):
                assert entry.msgstr == entry.msgid
                assert not markup_errors(entry)
        if lang == "en":  # no false alarm from markup, tags or cue codes (a copied
            # Turkish "1.630" is a real numbers error in English; copies are untranslated)
            assert run("check", "--lang", "en", "--skip", "numbers,untranslated").exit_code == 0
        result = run("render", "--lang", lang, "--allow-machine", "--allow-qa-errors")
        assert result.exit_code == 0, result.output
        for seed in [*SAMPLES.values(), *SUBTITLES.values()]:
            source = (project / "seeds" / seed).read_bytes()
            copy = (project / "out" / lang / seed).read_bytes()
            if seed.endswith(".html"):
                text = source.decode()
                assert copy.decode() == htmldoc.set_lang(text, lang)
                assert copy.decode().replace(f'<html lang="{lang}">', '<html lang="tr">') == text
            else:
                assert copy == source, seed


def test_multilingual_copy_model_renders_every_copy_as_its_source(
    project: Path, run: Runner, argos_home: Path, nllb_model
) -> None:
    (project / "seeds" / "kazakhstan-tajikistan-cooperation.txt").unlink()
    add_samples(project, {**SAMPLES, **SUBTITLES})
    assert run("models", "add-multilingual", str(nllb_model()), "--name", "nllb").exit_code == 0
    assert run("translate", "--lang", "kk").exit_code == 0
    assert run("render", "--lang", "kk", "--allow-machine", "--allow-qa-errors").exit_code == 0
    for seed in [*SAMPLES.values(), *SUBTITLES.values()]:
        source = (project / "seeds" / seed).read_bytes().decode()
        copy = (project / "out" / "kk" / seed).read_bytes().decode()
        assert copy == (htmldoc.set_lang(source, "kk") if seed.endswith(".html") else source)


def test_the_engine_sees_placeholders_not_markup(
    project: Path, run: Runner, install_pairs, mt_calls
) -> None:
    (project / "seeds" / "kazakhstan-tajikistan-cooperation.txt").unlink()
    add_samples(project, {"markup.md": "links.md"})
    install_pairs("tr-en")
    assert run("translate", "--lang", "en").exit_code == 0
    sent = decoded(mt_calls)
    joined = "\n".join(sent)
    for hidden in ("https://", "@silkway.tv", "`", "**", "](", "<span"):
        assert hidden not in joined, hidden
    assert "Bloomberg HT" in joined  # link text is translated
    assert any("[/" in text for text in sent)


@pytest.mark.parametrize("flags", ["c-format", "no-c-format"])
def test_format_specifiers_are_protected_only_where_the_entry_says_so(
    project: Path, run: Runner, install_pairs, mt_calls, flags: str
) -> None:
    """In Turkish prose ``%50`` is fifty percent; only a ``c-format`` entry's ``%s`` is a
    format specifier the engine must not see."""
    (project / "seeds" / "kazakhstan-tajikistan-cooperation.txt").unlink()
    (project / "seeds" / "fmt.txt").write_text(
        "Dosya %s silindi, %50 indirim.\n\nFiyatlar %50 arttı.\n", encoding="utf-8"
    )
    assert run("extract", "--lang", "en").exit_code == 0
    po_file = po_path(project, "en", "fmt")
    po = catalog.load(po_file)
    po[0].flags.append(flags)
    catalog.save(po, po_file)
    install_pairs("tr-en")
    assert run("translate", "--lang", "en").exit_code == 0
    sent = sorted(decoded(mt_calls))
    if flags == "c-format":
        assert sent == ["Dosya [1] silindi, %50 indirim.", "Fiyatlar %50 arttı."]
    else:
        assert sent == ["Dosya %s silindi, %50 indirim.", "Fiyatlar %50 arttı."]
    for entry in entries(project, "en", "fmt.txt"):
        assert entry.msgstr == entry.msgid  # the copy model, through placeholders


class Scripted:
    """An engine that answers each protected text with a scripted output."""

    name = "scripted"

    def __init__(self, answers: dict[str, str]) -> None:
        self.answers = answers
        self.seen: list[str] = []

    def translate_batch(self, texts, src, tgt):  # type: ignore[no-untyped-def]
        self.seen += texts
        out = []
        for text in texts:
            answer = self.answers.get(text, text)
            out.append(Suggestion(answer, Provenance(self.name, "s 1", "", answer)))
        return out


class Chooser:
    def __init__(self, engine: Scripted) -> None:
        self.engine = engine

    def choose(self, src: str, tgt: str) -> Choice:
        return Choice(self.engine)


def test_raw_output_repairs_and_errors_are_recorded_on_the_entry(project: Path) -> None:
    (project / "seeds" / "kazakhstan-tajikistan-cooperation.txt").unlink()
    (project / "seeds" / "links.md").write_text(
        "Ayrıntılar [burada](https://a.tv/x) var.\n\n"
        "Bkz. https://a.tv/y adresi.\n\n"
        "Komut `make` çalıştı.\n",
        encoding="utf-8",
    )
    engine = Scripted(
        {
            "Ayrıntılar [1]burada[/1] var.": "Details [1] here [/ 1] exist.",
            "Bkz. [1] adresi.": "See the address.",
            "Komut [1] çalıştı.": "The command ran.",
        }
    )
    pipeline.translate(Project(project), only=["en"], engines=Chooser(engine))  # type: ignore[arg-type]
    assert sorted(engine.seen) == sorted(engine.answers)  # the engine saw only tokens
    found = {e.msgid: e for e in entries(project, "en", "links.md")}
    link = found["Ayrıntılar [burada](https://a.tv/x) var."]
    assert link.msgstr == "Details [here](https://a.tv/x) exist."
    prov = catalog.provenance(link)
    assert prov is not None and prov.raw == "Details [1] here [/ 1] exist."
    assert "#. loctool-mt-raw: Details [1] here [/ 1] exist." in catalog.dumps(
        catalog.load(po_path(project, "en", "links"))
    )
    assert not catalog.qa_notes(link)
    url = found["Bkz. https://a.tv/y adresi."]
    assert url.msgstr == "See the address https://a.tv/y."
    assert catalog.qa_notes(url) == [
        "warning: markup: the engine dropped URL “https://a.tv/y”; put back at the end"
    ]
    code = found["Komut `make` çalıştı."]
    assert code.msgstr == "The command ran."
    assert catalog.qa_notes(code) == ["error: markup: the engine dropped code “`make`”"]
