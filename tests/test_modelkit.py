"""Tests for the synthetic model kit (tests/modelkit.py).

Build times are printed (run with ``-s`` to see them) but never asserted on.
"""

from __future__ import annotations

import json
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path

import ctranslate2
import pytest
import sentencepiece as spm

from tests import modelkit

PREFIX = "__en__"


def _sentences() -> list[str]:
    """The seed article split roughly into sentences."""
    return [s.strip() for line in modelkit.seed_lines() for s in line.split(". ") if s.strip()]


def _translator(model_dir: Path) -> ctranslate2.Translator:
    # One thread: on small machines CTranslate2's thread pool costs more than it gains.
    return ctranslate2.Translator(str(model_dir), device="cpu", intra_threads=1)


def _processor(model_file: Path) -> spm.SentencePieceProcessor:
    return spm.SentencePieceProcessor(model_file=str(model_file))


def _encode(processor: spm.SentencePieceProcessor, texts: Sequence[str]) -> list[list[str]]:
    return [processor.encode(text, out_type=str) for text in texts]


@pytest.fixture(scope="session")
def kit_cache(tmp_path_factory: pytest.TempPathFactory) -> modelkit.ArtifactCache:
    return modelkit.ArtifactCache(tmp_path_factory.mktemp("modelkit-cache"))


@pytest.fixture(scope="session")
def copy_package_dir(
    kit_cache: modelkit.ArtifactCache, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """Unpacked small tr->en copy package that knows the target prefix ``__en__``."""
    start = time.perf_counter()
    package = kit_cache.get(
        modelkit.build_argos_package,
        from_code="tr",
        to_code="en",
        kind="copy",
        target_prefix=PREFIX,
    )
    print(f"\nsmall copy package built in {time.perf_counter() - start:.2f}s")
    return modelkit.unpack_argos_package(package, tmp_path_factory.mktemp("copy-package"))


@pytest.fixture(scope="session")
def multilingual_copy_dir(kit_cache: modelkit.ArtifactCache) -> Path:
    start = time.perf_counter()
    model_dir = kit_cache.get(
        modelkit.build_multilingual_model,
        lang_tokens=dict(modelkit.NLLB_LANG_TOKENS),
        kind="copy",
    )
    print(f"\nsmall multilingual copy model built in {time.perf_counter() - start:.2f}s")
    return model_dir


# --------------------------------------------------------------------------------------
# sentencepiece
# --------------------------------------------------------------------------------------


def test_sentencepiece_layout_roundtrip_and_determinism(tmp_path: Path) -> None:
    symbols = ["__kk__", "kaz_Cyrl"]
    corpus = modelkit.seed_lines() + modelkit.multiscript_lines()
    first = modelkit.train_sentencepiece(corpus, tmp_path / "a" / "sp", 2000, symbols)
    second = modelkit.train_sentencepiece(corpus, tmp_path / "b" / "sp", 2000, symbols)

    assert first == tmp_path / "a" / "sp.model"
    assert first.read_bytes() == second.read_bytes()
    vocabulary = modelkit.sentencepiece_vocabulary(first)
    assert vocabulary[:5] == ["<unk>", "<s>", "</s>", *symbols]
    assert len(vocabulary) == 2000
    assert len(set(vocabulary)) == len(vocabulary)

    processor = _processor(first)
    texts = [
        *_sentences(),
        *modelkit.multiscript_lines(),
        "Emoji 🙂, 中文 and ẞ: byte fallback",
        "tab\tand  two spaces",
    ]
    for text in texts:
        assert processor.decode(processor.encode(text)) == text
    # Cyrillic gets real pieces, not only bytes.
    pieces = processor.encode(modelkit.multiscript_lines()[0], out_type=str)
    assert not any(piece.startswith("<0x") for piece in pieces)
    assert processor.encode("kaz_Cyrl", out_type=str)[-1] == "kaz_Cyrl"


def test_sentencepiece_reaches_a_base_sized_vocabulary(tmp_path: Path) -> None:
    start = time.perf_counter()
    model = modelkit.train_sentencepiece(None, tmp_path / "sp", 8000)
    print(f"\n8000-piece sentencepiece model trained in {time.perf_counter() - start:.2f}s")
    assert len(modelkit.sentencepiece_vocabulary(model)) == 8000


def test_sentencepiece_rejects_a_vocabulary_below_the_byte_pieces(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="too small"):
        modelkit.train_sentencepiece(None, tmp_path / "sp", 200)


# --------------------------------------------------------------------------------------
# random models and argos packaging
# --------------------------------------------------------------------------------------


def test_small_random_package_layout_and_translation(tmp_path: Path) -> None:
    start = time.perf_counter()
    package = modelkit.build_argos_package(tmp_path / "dist", "tr", "en")
    print(f"\nsmall random package built in {time.perf_counter() - start:.2f}s")

    assert package == tmp_path / "dist" / "translate-tr_en-1_0.argosmodel"
    with zipfile.ZipFile(package) as zf:
        names = set(zf.namelist())
        metadata = json.loads(zf.read("translate-tr_en-1_0/metadata.json"))
    assert {name.split("/", 1)[0] for name in names} == {"translate-tr_en-1_0"}
    for required in (
        "metadata.json",
        "README.md",
        "sentencepiece.model",
        "model/model.bin",
        "model/config.json",
        "model/shared_vocabulary.json",
    ):
        assert f"translate-tr_en-1_0/{required}" in names
    assert metadata == {
        "package_version": "1.0",
        "argos_version": "1.9",
        "from_code": "tr",
        "from_name": "Turkish",
        "to_code": "en",
        "to_name": "English",
        "type": "translate",
    }
    assert not list((tmp_path / "dist").glob(".*"))  # no staging left behind

    package_dir = modelkit.unpack_argos_package(package, tmp_path / "installed")
    processor = _processor(package_dir / "sentencepiece.model")
    vocabulary = json.loads((package_dir / "model" / "shared_vocabulary.json").read_text())
    assert vocabulary == modelkit.sentencepiece_vocabulary(package_dir / "sentencepiece.model")
    results = _translator(package_dir / "model").translate_batch(
        _encode(processor, _sentences()[:4]), max_decoding_length=12
    )
    assert len(results) == 4
    for result in results:
        hypothesis = result.hypotheses[0]
        assert 0 < len(hypothesis) <= 12
        assert set(hypothesis) <= set(vocabulary)


def test_target_prefix_goes_into_metadata_and_vocabulary(tmp_path: Path) -> None:
    package = modelkit.build_argos_package(
        tmp_path, "kk", "tr", package_version="1.9.2", target_prefix="__tr__"
    )
    assert package.name == "translate-kk_tr-1_9_2.argosmodel"
    package_dir = modelkit.unpack_argos_package(package, tmp_path / "installed")
    metadata = json.loads((package_dir / "metadata.json").read_text())
    assert metadata["target_prefix"] == "__tr__"
    assert metadata["from_name"] == "Kazakh"
    vocabulary = json.loads((package_dir / "model" / "shared_vocabulary.json").read_text())
    assert "__tr__" in vocabulary


def test_random_models_are_deterministic_per_seed(tmp_path: Path) -> None:
    def build(name: str, seed: int) -> Path:
        package = modelkit.build_argos_package(tmp_path / name, "tr", "en", seed=seed)
        return modelkit.unpack_argos_package(package, tmp_path / f"{name}-installed")

    first, again, other = build("a", 0), build("b", 0), build("c", 1)
    assert (first / "model" / "model.bin").read_bytes() == (
        again / "model" / "model.bin"
    ).read_bytes()
    assert (first / "model" / "model.bin").read_bytes() != (
        other / "model" / "model.bin"
    ).read_bytes()

    tokens = _encode(_processor(first / "sentencepiece.model"), _sentences()[:6])

    def translate(package_dir: Path) -> list[list[str]]:
        results = _translator(package_dir / "model").translate_batch(
            tokens, beam_size=2, max_decoding_length=16
        )
        return [result.hypotheses[0] for result in results]

    assert translate(first) == translate(again)
    print("\nseed 0:", translate(first)[0], "\nseed 1:", translate(other)[0])


def test_random_int8_model_translates(tmp_path: Path) -> None:
    package = modelkit.build_argos_package(tmp_path, "tr", "en", quantization="int8")
    package_dir = modelkit.unpack_argos_package(package, tmp_path / "installed")
    tokens = _encode(_processor(package_dir / "sentencepiece.model"), _sentences()[:3])
    results = _translator(package_dir / "model").translate_batch(tokens, max_decoding_length=8)
    assert all(result.hypotheses[0] for result in results)


# --------------------------------------------------------------------------------------
# copy models
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("beam_size", [1, 4])
@pytest.mark.parametrize("with_prefix", [False, True], ids=["no-prefix", "prefix"])
def test_copy_model_reproduces_every_sentence(
    copy_package_dir: Path, beam_size: int, with_prefix: bool
) -> None:
    processor = _processor(copy_package_dir / "sentencepiece.model")
    sentences = _sentences()
    tokens = _encode(processor, sentences)
    results = _translator(copy_package_dir / "model").translate_batch(
        tokens,
        target_prefix=[[PREFIX]] * len(tokens) if with_prefix else None,
        beam_size=beam_size,
        max_batch_size=64,
        batch_type="tokens",
    )
    for sentence, source, result in zip(sentences, tokens, results, strict=True):
        hypothesis = result.hypotheses[0]
        if with_prefix:
            assert hypothesis[0] == PREFIX
            hypothesis = hypothesis[1:]
        assert hypothesis == source
        assert processor.decode(hypothesis) == sentence


def _long_mixed_batch(processor: spm.SentencePieceProcessor) -> list[list[str]]:
    """Sources from 1 to ~200 pieces, mixed lengths, several scripts."""
    pieces = processor.encode(" ".join(modelkit.seed_lines()), out_type=str)
    batch = [pieces[start : start + length] for start, length in ((0, 200), (7, 1), (40, 150))]
    batch += [pieces[i : i + 3 * i + 1] for i in range(0, 60, 5)]
    batch.append([*pieces[:10], PREFIX, *pieces[10:20], PREFIX])  # prefix token inside
    batch += _encode(processor, [*modelkit.multiscript_lines(), "Emoji 🙂 中文, ẞ!"])
    return batch


@pytest.mark.parametrize("quantization", [None, "int8"])
def test_copy_model_handles_long_sources_and_mixed_batches(
    tmp_path: Path, quantization: str | None
) -> None:
    start = time.perf_counter()
    package = modelkit.build_argos_package(
        tmp_path, "tr", "en", kind="copy", target_prefix=PREFIX, quantization=quantization
    )
    print(f"\nsmall copy package ({quantization}) built in {time.perf_counter() - start:.2f}s")
    package_dir = modelkit.unpack_argos_package(package, tmp_path / "installed")
    batch = _long_mixed_batch(_processor(package_dir / "sentencepiece.model"))
    assert max(map(len, batch)) == 200
    translator = _translator(package_dir / "model")
    for beam_size in (1, 4):
        for prefix in (None, [PREFIX]):
            results = translator.translate_batch(
                batch,
                target_prefix=[prefix] * len(batch) if prefix else None,
                beam_size=beam_size,
                max_batch_size=64,
                batch_type="tokens",
                return_scores=True,
            )
            expected = [(prefix or []) + source for source in batch]
            assert [result.hypotheses[0] for result in results] == expected
            # The copy is (numerically) certain, so scores are ~0.
            assert min(result.scores[0] for result in results) > -1e-3


def test_copy_model_without_prefix_tokens_overwrites_the_first_piece(tmp_path: Path) -> None:
    package = modelkit.build_argos_package(tmp_path, "tr", "en", kind="copy")
    package_dir = modelkit.unpack_argos_package(package, tmp_path / "installed")
    tokens = _encode(_processor(package_dir / "sentencepiece.model"), _sentences()[:5])
    results = _translator(package_dir / "model").translate_batch(
        tokens, target_prefix=[["▁"]] * len(tokens)
    )
    for source, result in zip(tokens, results, strict=True):
        assert result.hypotheses[0] == ["▁", *source[1:]]


def test_copy_package_config(copy_package_dir: Path) -> None:
    config = json.loads((copy_package_dir / "model" / "config.json").read_text())
    assert config["add_source_eos"] is True
    assert config["decoder_start_token"] == "<s>"
    readme = (copy_package_dir / "README.md").read_text()
    assert "reproduces the source" in readme


def test_base_size_copy_model(tmp_path: Path) -> None:
    start = time.perf_counter()
    package = modelkit.build_argos_package(
        tmp_path, "tr", "en", kind="copy", target_prefix=PREFIX, **modelkit.BASE_ARGOS_KWARGS
    )
    elapsed = time.perf_counter() - start
    print(f"\nbase copy package (6+6, d=512, int8) built in {elapsed:.2f}s")
    package_dir = modelkit.unpack_argos_package(package, tmp_path / "installed")
    vocabulary = json.loads((package_dir / "model" / "shared_vocabulary.json").read_text())
    assert len(vocabulary) == 8000
    processor = _processor(package_dir / "sentencepiece.model")
    sentences = _sentences()[::4]
    tokens = _encode(processor, sentences)
    results = _translator(package_dir / "model").translate_batch(
        tokens,
        target_prefix=[[PREFIX]] * len(tokens),
        beam_size=2,
        max_batch_size=64,
        batch_type="tokens",
    )
    for sentence, result in zip(sentences, results, strict=True):
        assert result.hypotheses[0][0] == PREFIX
        assert processor.decode(result.hypotheses[0][1:]) == sentence


# --------------------------------------------------------------------------------------
# multilingual (NLLB-like) models
# --------------------------------------------------------------------------------------


def test_multilingual_model_layout(multilingual_copy_dir: Path) -> None:
    names = {path.name for path in multilingual_copy_dir.iterdir()}
    assert {"model.bin", "config.json", "shared_vocabulary.json", "sentencepiece.bpe.model"} <= (
        names
    )
    config = json.loads((multilingual_copy_dir / "config.json").read_text())
    assert config["decoder_start_token"] == "</s>"
    assert config["add_source_eos"] is False
    vocabulary = json.loads((multilingual_copy_dir / "shared_vocabulary.json").read_text())
    assert set(modelkit.NLLB_LANG_TOKENS.values()) <= set(vocabulary)
    info = json.loads((multilingual_copy_dir / "modelkit.json").read_text())
    assert info["lang_tokens"] == dict(modelkit.NLLB_LANG_TOKENS)


@pytest.mark.parametrize("beam_size", [1, 4])
def test_multilingual_copy_model(multilingual_copy_dir: Path, beam_size: int) -> None:
    processor = _processor(multilingual_copy_dir / "sentencepiece.bpe.model")
    texts = [*modelkit.multiscript_lines(), *_sentences()]
    pieces = _encode(processor, texts)
    sources = [["kaz_Cyrl", *p, "</s>"] for p in pieces]
    translator = _translator(multilingual_copy_dir)

    results = translator.translate_batch(
        sources,
        target_prefix=[["eng_Latn"]] * len(sources),
        beam_size=beam_size,
        max_batch_size=64,
        batch_type="tokens",
    )
    for text, p, result in zip(texts, pieces, results, strict=True):
        assert result.hypotheses[0] == ["eng_Latn", *p]
        assert processor.decode(result.hypotheses[0][1:]) == text

    # Without a target prefix the source language token is copied too.
    results = translator.translate_batch(sources, beam_size=beam_size)
    assert [result.hypotheses[0] for result in results] == [["kaz_Cyrl", *p] for p in pieces]


def test_multilingual_random_model(tmp_path: Path) -> None:
    start = time.perf_counter()
    model_dir = modelkit.build_multilingual_model(
        tmp_path / "nllb", {"kk": "kaz_Cyrl", "tr": "tur_Latn"}, quantization="int8"
    )
    print(f"\nsmall multilingual random model built in {time.perf_counter() - start:.2f}s")
    processor = _processor(model_dir / "sentencepiece.bpe.model")
    sources = [["kaz_Cyrl", *p, "</s>"] for p in _encode(processor, _sentences()[:3])]
    results = _translator(model_dir).translate_batch(
        sources, target_prefix=[["tur_Latn"]] * 3, max_decoding_length=10
    )
    for result in results:
        assert result.hypotheses[0][0] == "tur_Latn"
        assert len(result.hypotheses[0]) > 1
    with pytest.raises(FileExistsError):
        modelkit.build_multilingual_model(model_dir, {"kk": "kaz_Cyrl"})


# --------------------------------------------------------------------------------------
# converter and cache
# --------------------------------------------------------------------------------------


def test_converter_requires_special_tokens() -> None:
    with pytest.raises(ValueError, match="</s>"):
        modelkit.SyntheticTransformerConverter(["<unk>", "<s>", "a", "b"])


def test_converter_quantizes(tmp_path: Path) -> None:
    vocabulary = ["<unk>", "<s>", "</s>", *(f"t{i}" for i in range(61))]
    sizes = {}
    for quantization in (None, "int8"):
        converter = modelkit.SyntheticTransformerConverter(vocabulary, kind="copy")
        output = Path(
            converter.convert(str(tmp_path / str(quantization)), quantization=quantization)
        )
        sizes[quantization] = (output / "model.bin").stat().st_size
        results = _translator(output).translate_batch([["t5", "t7", "t5", "t60"]])
        assert results[0].hypotheses[0] == ["t5", "t7", "t5", "t60"]
    assert sizes["int8"] < sizes[None] / 2


def test_artifact_cache_builds_once(tmp_path: Path) -> None:
    calls: list[dict[str, object]] = []

    def build_note(dest_dir: Path, *, text: str) -> Path:
        calls.append({"text": text})
        dest_dir.mkdir(parents=True)
        (dest_dir / "note.txt").write_text(text)
        return dest_dir / "note.txt"

    cache = modelkit.ArtifactCache(tmp_path / "cache")
    first = cache.get(build_note, text="a")
    assert cache.get(build_note, text="a") == first
    assert modelkit.ArtifactCache(tmp_path / "cache").get(build_note, text="a") == first
    other = cache.get(build_note, text="b")
    assert first.read_text() == "a" and other.read_text() == "b"
    assert len(calls) == 2
