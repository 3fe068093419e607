"""Engine confidence (issue 15): every machine draft records how sure the model was,
``confidence=0.873`` in its ``#. loctool-origin:`` line — the geometric mean of the
probabilities of the tokens the model chose (both legs multiplied through a pivot).
Random-weight models give nonsense text; the tests check the number against
CTranslate2's own token log-probabilities (``score_batch``) and that it does not
depend on how a run is cut into chunks."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest

from loctool import catalog
from loctool.engines import ct2, multilingual
from loctool.engines.argos import ArgosEngine
from loctool.engines.base import DecodeOptions
from loctool.engines.packages import installed
from loctool.engines.select import Engines
from loctool.model import Provenance
from loctool.pipeline import translate
from loctool.project import Config, Project

from . import modelkit
from .conftest import SLUG, Runner, po_path
from .streamkit import catalogs, write_articles

FIXED = DecodeOptions(threads=1, max_decoding_length=16)  # output length independent of batch


# --------------------------------------------------------------------------- the number


def test_confidence_is_the_mean_log_probability_of_the_chosen_tokens() -> None:
    # 10 pieces ended by </s>: CTranslate2's score is the sum over 11 tokens / 10
    assert ct2.confidence(-0.5, 10, 0, 100) == pytest.approx(math.exp(-0.5 * 10 / 11))
    # a forced language token: in the length, not among the chosen tokens
    assert ct2.confidence(-0.5, 10, 1, 100) == pytest.approx(math.exp(-0.5))
    # cut at the decoding limit: no </s> was chosen
    assert ct2.confidence(-0.5, 16, 1, 16) == pytest.approx(math.exp(-0.5 * 16 / 15))
    assert ct2.confidence(0.0, 5, 0, 100) == 1.0
    for bad in (None, float("-inf"), float("nan")):
        assert ct2.confidence(bad, 5, 0, 100) is None
    assert ct2.confidence(-1.0, 0, 0, 0) is None  # nothing chosen at all


@pytest.fixture(scope="module")
def random_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("confidence")
    package = modelkit.build_argos_package(root, "tr", "en", kind="random", target_prefix="__en__")
    return modelkit.unpack_argos_package(package, root / "installed")


@pytest.fixture(scope="module")
def copy_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("confidence-copy")
    package = modelkit.build_argos_package(root, "tr", "en", kind="copy")
    return modelkit.unpack_argos_package(package, root / "installed")


def _sources(folder: Path, count: int = 12) -> list[list[str]]:
    sp = ct2.sentencepiece_model(folder / "sentencepiece.model")
    return [sp.encode(line) for line in modelkit.seed_lines()[:count]]


@pytest.mark.parametrize("beam_size", [1, 4])
@pytest.mark.parametrize("prefix", [(), ("__en__",)])
def test_it_agrees_with_ctranslate2s_token_log_probabilities(
    random_package: Path, beam_size: int, prefix: tuple[str, ...]
) -> None:
    """The oracle: ``score_batch`` gives each token's log-probability for the hypothesis
    found; the confidence is exp of their mean over the tokens the model chose (not the
    forced prefix; ``</s>`` only when the hypothesis ended before the limit)."""
    options = DecodeOptions(threads=1, beam_size=beam_size, max_decoding_length=16)
    model = ct2.load(random_package / "model", options)
    sources = _sources(random_package)
    found = ct2.translate_pieces(model, sources, options, prefix)
    targets = [list(prefix) + h.pieces for h in found]
    oracle = model.score_batch(sources, targets)
    for hyp, target, scored in zip(found, targets, oracle, strict=True):
        chosen = scored.log_probs[len(prefix) : len(target)]  # a random model never ends
        assert len(target) == 16
        expected = math.exp(sum(chosen) / len(chosen))
        assert hyp.confidence == pytest.approx(expected, rel=2e-3)
        assert 0.0 < hyp.confidence < 0.5  # random weights: far from sure


def test_a_hypothesis_that_ends_counts_its_end_token(copy_package: Path) -> None:
    options = DecodeOptions(threads=1)
    model = ct2.load(copy_package / "model", options)
    sources = _sources(copy_package, 4)
    found = ct2.translate_pieces(model, sources, options)
    oracle = model.score_batch(sources, [h.pieces for h in found])
    for hyp, source, scored in zip(found, sources, oracle, strict=True):
        assert hyp.pieces == source  # the copy model ends where the source ends …
        assert len(scored.log_probs) == len(source) + 1  # … with </s>, which counts
        expected = math.exp(sum(scored.log_probs) / len(scored.log_probs))
        assert hyp.confidence == pytest.approx(expected, abs=1e-4)
        assert hyp.confidence > 0.99


def test_chunks_do_not_change_the_third_decimal(random_package: Path) -> None:
    """The same texts in one call, in chunks of 5 and one by one: CTranslate2 batches them
    differently (padding), the recorded confidences are the same."""
    model = ct2.load(random_package / "model", FIXED)
    sources = _sources(random_package, 30)

    def run(size: int) -> list[str]:
        out = []
        for start in range(0, len(sources), size):
            found = ct2.translate_pieces(model, sources[start : start + size], FIXED)
            out += [f"{h.confidence:.3f}" for h in found]
        return out

    whole = run(len(sources))
    assert run(5) == whole == run(1)
    assert len(set(whole)) > 3  # not one constant


# --------------------------------------------------------------------------- engines


def test_a_pivot_multiplies_its_legs(install_pairs) -> None:
    install_pairs("tr-en", "en-ru", kind="random")
    texts = ["Kazakistan ve Tacikistan işbirliği.", "Duşanbe'de bir toplantı yapıldı."]
    pivot = ArgosEngine(installed(), FIXED).translate_batch(texts, "tr", "ru")
    first = ArgosEngine(installed(), FIXED).translate_batch(texts, "tr", "en")
    for text, through, leg in zip(texts, pivot, first, strict=True):
        assert through is not None and leg is not None, text
        (second,) = ArgosEngine(installed(), FIXED).translate_batch([leg.text], "en", "ru")
        assert second is not None
        assert through.score == pytest.approx(leg.score * second.score)
        assert through.score < min(leg.score, second.score)


def test_the_multilingual_engine_says_how_sure_it_is(nllb_model) -> None:
    model = multilingual.register(nllb_model(), "nllb-copy")
    engine = multilingual.MultilingualEngine(model, DecodeOptions(threads=1))
    found = engine.translate_batch(["Kazakistan ve Tacikistan.", "Bir cümle daha."], "tr", "kk")
    for suggestion in found:
        assert suggestion is not None and suggestion.score is not None
        assert 0.99 < suggestion.score <= 1.0  # a copy model: certain


# --------------------------------------------------------------------------- catalogs


def test_confidence_is_written_read_and_kept_through_review(
    project: Path, run: Runner, install_pairs
) -> None:
    install_pairs("tr-en", kind="random")
    result = run("translate", "--lang", "en")
    assert result.exit_code == 0, result.output
    path = po_path(project, "en", SLUG)
    text = path.read_text("utf-8")
    lines = [line for line in text.splitlines() if line.startswith("#. loctool-origin:")]
    assert len(lines) == 23
    for line in lines:
        assert line.startswith("#. loctool-origin: engine=argos; model=tr→en 1.0; confidence=0.")
        assert len(line.rsplit("=", 1)[1]) == 5  # three decimals
    po = catalog.load(path)
    entry = po[0]
    prov = catalog.provenance(entry)
    assert prov is not None and prov.confidence is not None and 0 < prov.confidence < 1
    catalog.accept(entry, "A human translation.")
    catalog.save(po, path)
    assert catalog.provenance(catalog.load(path)[0]).confidence == prov.confidence


def test_memory_hits_and_old_drafts_carry_no_confidence(project: Path, run: Runner) -> None:
    assert run("extract", "--lang", "kk").exit_code == 0
    path = po_path(project, "kk", SLUG)
    po = catalog.load(path)
    catalog.set_machine(po[0], "Бір сөйлем.", Provenance("memory", "kk/x.po#3", text="x"))
    catalog.set_machine(po[1], "Екі сөйлем.", Provenance("argos", "tr→kk 1.0", confidence=0.8734))
    catalog.save(po, path)
    text = path.read_text("utf-8")
    assert "#. loctool-origin: engine=memory; model=kk/x.po#3\n" in text
    assert "#. loctool-origin: engine=argos; model=tr→kk 1.0; confidence=0.873\n" in text
    po = catalog.load(path)
    assert catalog.provenance(po[0]).confidence is None
    assert catalog.provenance(po[1]).confidence == 0.873
    recorded = po[1].comment
    for value in ("high", "1.5", "-0.1", "nan"):  # hand-edited nonsense reads as unknown
        po[1].comment = recorded.replace("confidence=0.873", f"confidence={value}")
        assert catalog.provenance(po[1]).confidence is None


def test_chunked_runs_write_the_same_confidences(tmp_path: Path, install_pairs) -> None:
    """The pipeline with a copy tr→en model and a random en→ru one (so the pivot's
    product varies): one call per pair and chunks of 60 tokens write byte-identical
    catalogs."""
    install_pairs("tr-en")
    install_pairs("en-ru", kind="random")
    one, chunked = tmp_path / "one", tmp_path / "chunked"
    write_articles(one, 4, sentences=5)
    shutil.copytree(one, chunked)
    for root, tokens in ((one, 10**9), (chunked, 60)):
        project = Project(root, Config(targets=("en", "ru"), chunk_tokens=tokens))
        translate(project, engines=Engines(FIXED), chunk_tokens=tokens)
    assert catalogs(chunked) == catalogs(one)
    ru = catalog.load(po_path(chunked, "ru", "article-01"))
    values = {catalog.provenance(e).confidence for e in ru}
    assert None not in values and len(values) > 3
