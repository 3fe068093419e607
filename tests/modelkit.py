"""Synthetic CTranslate2 translation models for tests and benchmarks.

Everything here is built on the fly, offline, from numpy arrays: no download, no torch,
no ``argostranslate.translate``.  The artefacts only exist under ``tests/`` and ``bench/``
and must never ship with the product.

Two kinds of weights are available:

``"random"``
    Weights from a seeded numpy RNG (deterministic for a given seed).  The output is
    nonsense by design and may run until ``max_decoding_length``, so pass a small
    ``max_decoding_length`` when translating with a random model.

``"copy"``
    Weights designed by hand so that the translation *is* the source (a plumbing test:
    every machine translation must equal its source).  Exact guarantees, for sources of
    up to ``max_decoding_length`` (CTranslate2 default 256) pieces, greedy or beam search,
    batched or not, float32 or int8:

    * plain model (``prefix_tokens=()``, config ``add_source_eos=True``): the output
      hypothesis equals the source pieces.  CTranslate2 appends ``</s>`` to the source;
      the model copies it, which ends decoding.
    * with a target prefix ``[p]`` where ``p`` is one of the model's ``prefix_tokens``
      (argos packages built with ``target_prefix=p``): the output is ``[p] + source``,
      i.e. the prefix token followed by the full copy.  Only the token at decoder
      position 1 is looked at, so ``p`` inside the source is copied like any other
      piece; but a source that *starts* with ``p`` yields ``[p] + source`` even
      without a target prefix.
    * with a target prefix token that is *not* a prefix token of the model, the prefix
      overwrites the first output piece: output is ``[p] + source[1:]``.
    * multilingual (NLLB-style, see :func:`build_multilingual_model`): no prefix tokens,
      ``decoder_start_token="</s>"``, no automatic source ``</s>``.  For the source
      ``[src_lang] + pieces + ["</s>"]`` and ``target_prefix=[[tgt_lang]]`` the output is
      ``[tgt_lang] + pieces`` (decoder position t copies source position t, and position
      0 is forced to the prefix).  Without a target prefix the output is
      ``[src_lang] + pieces``.  The source must end with ``</s>``, otherwise decoding
      runs to ``max_decoding_length``.
    * ``min_decoding_length`` (CTranslate2 default 1) still applies: an empty source
      yields one spurious piece.

How the copy model works (decoder positions start at 0 for the start token):

* All features live in a basis orthogonal to the all-ones vector, so the (pre-norm)
  layer norms with gamma=1, beta=0 only rescale the residual stream.
* Encoder input = token code (unit vector in a "token" subspace) + position code
  (a sinusoidal code in a "position" subspace, loaded into ``position_encodings``);
  all encoder layers are filler (tiny random weights), so the memory is a rescaled copy
  of the input.
* Decoder token embeddings only say "prefix token or not"; decoder position
  encodings carry the position code of t.
* Decoder layer 0 self-attention attends to position 1 (query = constant bias) and
  raises a *gate* feature unless that token is a prefix token; the layer-0 FFN uses the
  gate and ReLU pairs to rotate the position code from t to t-1 when the gate is open
  (a sinusoidal code shifts by a fixed linear map).
* The last decoder layer's cross-attention matches the decoder position code against
  the source position codes with a large logit scale (all heads identical, ~one-hot
  attention) and writes that source token's code into an "output" subspace.
* The output projection rows are the token codes, so the copied token is the argmax
  with a logit gap of several dozen nats.

Public API
----------
``SEED_ARTICLE``, ``seed_lines()``, ``multiscript_lines()``
    The default corpora (Turkish seed article; plus Kazakh/Tajik/Russian/English lines).
``train_sentencepiece(text_or_lines, out_prefix, vocab_size, user_symbols=())``
    Train a byte-fallback, identity-normalised sentencepiece model in-process.
``sentencepiece_vocabulary(model_path)``
    The pieces of a sentencepiece model in id order (the CTranslate2 vocabulary).
``ModelShape`` / ``SMALL_SHAPE`` / ``BASE_SHAPE``
    Transformer hyper-parameters (layers, d_model, heads, ffn_dim, max_positions).
``SyntheticTransformerConverter(vocabulary, kind=..., shape=..., seed=..., ...)``
    A ``ctranslate2.converters.Converter``; ``.convert(dir, quantization="int8")``.
``build_ct2_model(output_dir, vocabulary, ...)``
    Convenience wrapper around the converter.
``build_argos_package(dest_dir, from_code, to_code, ...)``
    Write a real ``.argosmodel`` zip into ``dest_dir``; ``argos_package_name(...)`` gives
    its name (``translate-tr_en-1_0``).  ``BASE_ARGOS_KWARGS`` selects the base size.
``unpack_argos_package(package_file, dest_dir)``
    Extract a package; returns its top-level folder (what argos installs).
``build_multilingual_model(dest_dir, lang_tokens, ...)``
    Write an NLLB-like CTranslate2 folder with ``sentencepiece.bpe.model``;
    ``NLLB_LANG_TOKENS`` maps tr/kk/tg/ru/en to NLLB language tokens.
``ArtifactCache(root).get(builder, **params)``
    Build an artefact once per parameter set (per session or persistently).

Suggested fixtures for ``tests/conftest.py``::

    @pytest.fixture(scope="session")
    def model_cache(tmp_path_factory) -> modelkit.ArtifactCache:
        return modelkit.ArtifactCache(tmp_path_factory.mktemp("modelkit"))

    @pytest.fixture(scope="session")
    def copy_package(model_cache) -> Path:
        return model_cache.get(
            modelkit.build_argos_package, from_code="tr", to_code="en", kind="copy"
        )

    @pytest.fixture(scope="session")
    def session_models(model_cache) -> dict[str, Path]:
        return {
            "random_tr_en": model_cache.get(
                modelkit.build_argos_package, from_code="tr", to_code="en"
            ),
            "copy_tr_en": model_cache.get(
                modelkit.build_argos_package, from_code="tr", to_code="en", kind="copy"
            ),
            "nllb_copy": model_cache.get(
                modelkit.build_multilingual_model,
                lang_tokens=dict(modelkit.NLLB_LANG_TOKENS),
                kind="copy",
            ),
        }

Tip: load these tiny models with ``ctranslate2.Translator(..., intra_threads=1)``; on
small machines the default thread pool makes them ~40x slower.

Benchmarks: ``build_argos_package(..., kind="copy", **BASE_ARGOS_KWARGS)`` gives a
6+6 layer, d=512, int8 model with an ~8000 piece vocabulary whose output length equals
the input length (unlike a random model, which rambles on until the length limit).
"""

from __future__ import annotations

import collections
import functools
import hashlib
import io
import json
import math
import os
import random
import shutil
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import sentencepiece as spm
from ctranslate2.converters import Converter
from ctranslate2.specs import attention_spec, common_spec, transformer_spec

__all__ = [
    "BASE_ARGOS_KWARGS",
    "BASE_SHAPE",
    "NLLB_LANG_TOKENS",
    "SEED_ARTICLE",
    "SMALL_SHAPE",
    "ArtifactCache",
    "ModelKind",
    "ModelShape",
    "SyntheticTransformerConverter",
    "argos_package_name",
    "build_argos_package",
    "build_ct2_model",
    "build_multilingual_model",
    "multiscript_lines",
    "seed_lines",
    "sentencepiece_vocabulary",
    "train_sentencepiece",
    "unpack_argos_package",
]

ModelKind = Literal["random", "copy"]

SEED_ARTICLE = (
    Path(__file__).resolve().parents[1] / "seeds" / "kazakhstan-tajikistan-cooperation.txt"
)

#: NLLB language tokens for the languages the product cares about.
NLLB_LANG_TOKENS: Mapping[str, str] = {
    "tr": "tur_Latn",
    "kk": "kaz_Cyrl",
    "tg": "tgk_Cyrl",
    "ru": "rus_Cyrl",
    "en": "eng_Latn",
}

#: Hand-written lines in the other scripts/languages of the workflow, so that a
#: sentencepiece model trained on them has real pieces (not only bytes) for them.
_MULTISCRIPT_TEXT = """\
Қазақстан мен Тәжікстан арасындағы ынтымақтастық жыл сайын нығайып келеді.
Екі ел ауыл шаруашылығы, цифрлық технологиялар және сауда салаларында бірлесіп жұмыс істейді.
Өткен жылы елдер арасындағы тауар айналымы бір миллиард доллардан асты.
Ҳамкорӣ байни Қазоқистон ва Тоҷикистон сол то сол густариш меёбад.
Дар форуми сармоягузорӣ дар Душанбе созишномаҳо ба маблағи қариб як миллиард доллар имзо шуданд.
Тарафҳо ба рушди савдо, кишоварзӣ ва технологияҳои рақамӣ таваҷҷуҳ доранд.
Сотрудничество между Казахстаном и Таджикистаном развивается с каждым годом.
На инвестиционном форуме в Душанбе подписаны соглашения почти на один миллиард долларов.
Стороны заинтересованы в развитии торговли, сельского хозяйства и цифровых технологий.
Cooperation between Kazakhstan and Tajikistan keeps growing every year.
Agreements worth almost one billion dollars were signed at the investment forum in Dushanbe.
Both sides are interested in trade, agriculture and digital technologies.
"""

_LANGUAGE_NAMES: Mapping[str, str] = {
    "en": "English",
    "kk": "Kazakh",
    "ru": "Russian",
    "tg": "Tajik",
    "tr": "Turkish",
}

_F32 = np.float32


# --------------------------------------------------------------------------------------
# Corpora and sentencepiece
# --------------------------------------------------------------------------------------


def seed_lines() -> list[str]:
    """Non-blank lines (paragraphs) of the Turkish seed article, stripped."""
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def multiscript_lines() -> list[str]:
    """Kazakh, Tajik, Russian and English sample lines (Cyrillic and Latin scripts)."""
    return _MULTISCRIPT_TEXT.splitlines()


def _as_lines(text_or_lines: str | Iterable[str] | None) -> list[str]:
    if text_or_lines is None:
        return seed_lines()
    if isinstance(text_or_lines, str):
        text_or_lines = text_or_lines.splitlines()
    return [line for line in text_or_lines if line.strip()]


def _pseudo_text(lines: Sequence[str], num_chars: int, seed: int, order: int = 2) -> list[str]:
    """Deterministic character-Markov-chain babble that imitates ``lines``.

    Used to grow a tiny corpus so that sentencepiece can reach a large vocabulary.
    """
    start, stop = "\x02", "\x03"
    transitions: dict[str, list[str]] = collections.defaultdict(list)
    for line in lines:
        padded = start * order + line + stop
        for i in range(order, len(padded)):
            transitions[padded[i - order : i]].append(padded[i])
    rng = random.Random(seed)
    out: list[str] = []
    total = 0
    while total < num_chars:
        context, chars = start * order, []
        while len(chars) < 300:
            char = rng.choice(transitions[context])
            if char == stop:
                break
            chars.append(char)
            context = (context + char)[-order:]
        line = "".join(chars)
        if line.strip():
            out.append(line)
            total += len(line)
    return out


def train_sentencepiece(
    text_or_lines: str | Iterable[str] | None,
    out_prefix: str | os.PathLike[str],
    vocab_size: int = 1000,
    user_symbols: Sequence[str] = (),
    *,
    model_type: Literal["unigram", "bpe"] = "unigram",
    augment: bool = True,
    seed: int = 0,
) -> Path:
    """Train a sentencepiece model in-process and return the path of ``<out_prefix>.model``.

    ``text_or_lines`` is a text, an iterable of lines, or ``None`` for the seed article.
    The model uses byte fallback, full character coverage, identity normalisation and
    keeps whitespace as is, so ``decode(encode(x)) == x`` for any single-line ``x``
    without leading/trailing or repeated spaces, in any script.  The layout is
    ``<unk>``, ``<s>``, ``</s>`` at ids 0..2, then ``user_symbols``, then the 256 byte
    pieces, then learnt pieces.  When the corpus is too small for ``vocab_size`` and
    ``augment`` is true, it is extended with deterministic character-level babble
    (about 30 characters per requested piece); the vocabulary may still come out
    smaller than requested (``hard_vocab_limit=False``).  Training is deterministic
    and quiet.
    """
    lines = _as_lines(text_or_lines)
    if not lines:
        raise ValueError("empty sentencepiece training corpus")
    required = 3 + len(user_symbols) + 256 + len(set("".join(lines)))
    if vocab_size <= required:
        raise ValueError(f"vocab_size={vocab_size} too small: this corpus needs > {required}")
    wanted_chars = 30 * vocab_size
    have_chars = sum(len(line) for line in lines)
    if augment and have_chars < wanted_chars:
        lines = lines + _pseudo_text(lines, wanted_chars - have_chars, seed)
    model = io.BytesIO()
    spm.set_random_generator_seed(seed)
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,  # (a model_prefix would be recorded in the model file)
        model_type=model_type,
        vocab_size=vocab_size,
        hard_vocab_limit=False,
        byte_fallback=True,
        character_coverage=1.0,
        normalization_rule_name="identity",
        remove_extra_whitespaces=False,
        user_defined_symbols=list(user_symbols),
        input_sentence_size=0,
        max_sentence_length=1 << 16,
        num_threads=1,
        minloglevel=2,
    )
    out_prefix = Path(out_prefix)
    out_prefix.parent.mkdir(parents=True, exist_ok=True)
    model_path = out_prefix.with_name(out_prefix.name + ".model")
    model_path.write_bytes(model.getvalue())
    processor = spm.SentencePieceProcessor(model_proto=model.getvalue())
    out_prefix.with_name(out_prefix.name + ".vocab").write_text(
        "".join(
            f"{processor.id_to_piece(i)}\t{processor.get_score(i):g}\n"
            for i in range(processor.get_piece_size())
        ),
        encoding="utf-8",
    )
    return model_path


def sentencepiece_vocabulary(model_path: str | os.PathLike[str]) -> list[str]:
    """Pieces of a sentencepiece model in id order (``<unk>``, ``<s>``, ``</s>`` first)."""
    processor = spm.SentencePieceProcessor(model_file=str(model_path))
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


# --------------------------------------------------------------------------------------
# Model shapes and weights
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelShape:
    """Hyper-parameters of a synthetic Transformer (pre-norm, ReLU, sinusoid-style PE)."""

    layers: tuple[int, int] = (2, 2)
    d_model: int = 64
    heads: int = 4
    ffn_dim: int = 256
    max_positions: int = 1024

    def __post_init__(self) -> None:
        if self.d_model % self.heads:
            raise ValueError(f"d_model={self.d_model} not divisible by heads={self.heads}")

    @property
    def head_dim(self) -> int:
        return self.d_model // self.heads


SMALL_SHAPE = ModelShape()
BASE_SHAPE = ModelShape(layers=(6, 6), d_model=512, heads=8, ffn_dim=2048)

#: Keyword arguments for a "base"-sized (Argos-like) package, e.g. for the benchmark.
BASE_ARGOS_KWARGS: Mapping[str, Any] = {
    "layers": BASE_SHAPE.layers,
    "d_model": BASE_SHAPE.d_model,
    "heads": BASE_SHAPE.heads,
    "ffn_dim": BASE_SHAPE.ffn_dim,
    "vocab_size": 8000,
    "quantization": "int8",
}


def _gaussian(rng: np.random.Generator, shape: tuple[int, ...], std: float) -> np.ndarray:
    return (rng.standard_normal(shape, dtype=_F32) * _F32(std)).astype(_F32)


def _sinusoids(length: int, depth: int) -> np.ndarray:
    """The classic Transformer sinusoidal position table, shape (length, depth)."""
    half = depth // 2
    inv_freq = np.exp(-math.log(10000.0) * np.arange(half) / max(half - 1, 1))
    angles = np.arange(length)[:, None] * inv_freq[None, :]
    return np.concatenate([np.sin(angles), np.cos(angles)], axis=1).astype(_F32)


def _set_layer_norm(spec: common_spec.LayerNormSpec, depth: int) -> None:
    spec.gamma = np.ones(depth, dtype=_F32)
    spec.beta = np.zeros(depth, dtype=_F32)


def _set_linear(
    spec: common_spec.LinearSpec, weight: np.ndarray, bias: np.ndarray | None = None
) -> None:
    spec.weight = np.ascontiguousarray(weight, dtype=_F32)
    spec.bias = np.zeros(weight.shape[0], _F32) if bias is None else bias.astype(_F32)


def _fill_random_layers(
    spec: transformer_spec.TransformerSpec,
    shape: ModelShape,
    rng: np.random.Generator,
    scale: float,
) -> None:
    """Give every attention/FFN sublayer N(0, scale²/fan_in) weights and identity norms."""
    d, f = shape.d_model, shape.ffn_dim

    def linear(spec_: common_spec.LinearSpec, fan_out: int, fan_in: int) -> None:
        _set_linear(spec_, _gaussian(rng, (fan_out, fan_in), scale / math.sqrt(fan_in)))

    def attention(spec_: attention_spec.MultiHeadAttentionSpec) -> None:
        _set_layer_norm(spec_.layer_norm, d)
        if len(spec_.linear) == 2:  # self-attention: fused qkv + output
            linear(spec_.linear[0], 3 * d, d)
        else:  # cross-attention: query, fused kv, output
            linear(spec_.linear[0], d, d)
            linear(spec_.linear[1], 2 * d, d)
        linear(spec_.linear[-1], d, d)

    def ffn(spec_: transformer_spec.FeedForwardSpec) -> None:
        _set_layer_norm(spec_.layer_norm, d)
        linear(spec_.linear_0, f, d)
        linear(spec_.linear_1, d, f)

    for layer in spec.encoder.layer:
        attention(layer.self_attention)
        ffn(layer.ffn)
    for layer in spec.decoder.layer:
        attention(layer.self_attention)
        attention(layer.attention)
        ffn(layer.ffn)
    _set_layer_norm(spec.encoder.layer_norm, d)
    _set_layer_norm(spec.decoder.layer_norm, d)


def _fill_random(
    spec: transformer_spec.TransformerSpec, shape: ModelShape, vocab_size: int, seed: int
) -> None:
    """Random weights, scaled like an untrained OpenNMT-py Transformer."""
    rng = np.random.default_rng(seed)
    d = shape.d_model
    _fill_random_layers(spec, shape, rng, scale=1.0)
    for side in (spec.encoder, spec.decoder):
        side.scale_embeddings = True  # embeddings * sqrt(d_model), as OpenNMT does
        side.position_encodings.encodings = _sinusoids(shape.max_positions, d)
    spec.encoder.embeddings[0].weight = _gaussian(rng, (vocab_size, d), d**-0.5)
    spec.decoder.embeddings.weight = _gaussian(rng, (vocab_size, d), d**-0.5)
    _set_linear(spec.decoder.projection, _gaussian(rng, (vocab_size, d), d**-0.5))


# ---- copy model -----------------------------------------------------------------------

#: Attention logit (before softmax) at the matching position.
_ATTENTION_LOGIT = 80.0
#: Output logit of the copied token (others get at most this times their cosine).
_OUTPUT_LOGIT = 120.0


@functools.lru_cache(maxsize=8)
def _position_frequencies(num_pairs: int, length: int) -> np.ndarray:
    """Frequencies whose sinusoidal code best separates positions 0..length-1.

    Picks, among a fixed pseudo-random family, the set maximising the margin
    ``1 - max_{0<δ<length} mean_k cos(ω_k δ)`` between a code's self-similarity (1) and
    its similarity to any other position.  Deterministic (fixed RNG seed).
    """
    rng = np.random.default_rng(12345)
    deltas = np.arange(1, length)
    best, best_margin = np.empty(0), -1.0
    for _ in range(300):
        freqs = rng.uniform(0.05, math.pi, num_pairs)
        margin = 1.0 - float(np.cos(np.outer(deltas, freqs)).mean(axis=1).max())
        if margin > best_margin:
            best, best_margin = freqs, margin
    return best


def _position_code(length: int, num_pairs: int) -> tuple[np.ndarray, np.ndarray]:
    """Unit-norm codes of shape (length, 2*num_pairs) and the matrix S with S@c[t] = c[t-1]."""
    freqs = _position_frequencies(num_pairs, length)
    angles = np.arange(length)[:, None] * freqs[None, :]
    code = np.empty((length, 2 * num_pairs))
    code[:, 0::2], code[:, 1::2] = np.cos(angles), np.sin(angles)
    code /= math.sqrt(num_pairs)
    shift = np.zeros((2 * num_pairs, 2 * num_pairs))
    for k, w in enumerate(freqs):  # rotation by -w within each (cos, sin) pair
        c, s = math.cos(w), math.sin(w)
        shift[2 * k : 2 * k + 2, 2 * k : 2 * k + 2] = [[c, s], [-s, c]]
    return code, shift


def _zero_mean_basis(depth: int) -> np.ndarray:
    """Orthonormal DCT-II basis as columns; column 0 is constant, all others sum to 0."""
    n = np.arange(depth)[:, None] + 0.5
    k = np.arange(depth)[None, :]
    basis = np.cos(math.pi * n * k / depth) * math.sqrt(2.0 / depth)
    basis[:, 0] = 1.0 / math.sqrt(depth)
    return basis


def _fill_copy(
    spec: transformer_spec.TransformerSpec,
    shape: ModelShape,
    vocab_size: int,
    prefix_ids: Sequence[int],
    seed: int,
    filler_scale: float,
) -> None:
    """Hand-designed weights whose translation reproduces the source (see module doc).

    Weights are first designed in "feature coordinates" (coordinate 0 unused) and then
    mapped to the model basis with a zero-mean orthonormal basis, so layer norms act as
    pure rescaling.  Sublayers that take no part in copying get tiny random weights.
    """
    d, heads, head_dim = shape.d_model, shape.heads, shape.head_dim
    if shape.layers[1] < 2:
        raise ValueError("the copy model needs at least 2 decoder layers")
    num_pairs = min(head_dim // 2, 16)
    m = 2 * num_pairs  # position code width
    pos = np.arange(1, 1 + m)
    is_ordinary, is_prefix, gate = 1 + m, 2 + m, 3 + m
    tok = np.arange(4 + m, d)  # token subspace (decoder: copied-token subspace)
    k = len(tok)
    if num_pairs < 4 or k < 16:
        raise ValueError(f"d_model={d}/heads={heads} too small for a copy model")
    if shape.ffn_dim < 2 * m:
        raise ValueError(f"ffn_dim must be >= {2 * m} for a copy model")

    rng = np.random.default_rng(seed)
    _fill_random_layers(spec, shape, rng, scale=filler_scale)
    basis = _zero_mean_basis(d)
    code, shift = _position_code(shape.max_positions, num_pairs)
    token_code = rng.standard_normal((vocab_size, k))
    token_code /= np.linalg.norm(token_code, axis=1, keepdims=True)

    def reads(weight: np.ndarray) -> np.ndarray:
        """Rows over feature coordinates -> rows over the model basis.

        For weights that read the residual stream, and for tables of residual vectors
        (embeddings, position encodings).
        """
        return (weight @ basis.T).astype(_F32)

    def writes(weight: np.ndarray) -> np.ndarray:
        """A weight producing feature coordinates -> producing residual-stream vectors."""
        return (basis @ weight).astype(_F32)

    def per_head(block: np.ndarray) -> np.ndarray:
        """(m, d) rows reading the position code, repeated at the start of every head."""
        weight = np.zeros((d, d))
        for h in range(heads):
            weight[h * head_dim : h * head_dim + m] = block
        return weight

    # Residual magnitudes (layer norms make the overall scale irrelevant).
    unit = math.sqrt(d)
    g_pos, g_tok, g_flag, g_gate, g_out = unit, unit, 0.3 * unit, unit, unit
    read_pos = np.zeros((m, d))
    read_pos[:, pos] = np.eye(m)

    # Encoder: token code + position code; the memory is kappa * (that).
    spec.encoder.scale_embeddings = False
    spec.decoder.scale_embeddings = False
    enc_embed = np.zeros((vocab_size, d))
    enc_embed[:, tok] = g_tok * token_code
    spec.encoder.embeddings[0].weight = reads(enc_embed)
    pos_table = np.zeros((shape.max_positions, d))
    pos_table[:, pos] = g_pos * code
    spec.encoder.position_encodings.encodings = reads(pos_table)
    spec.decoder.position_encodings.encodings = reads(pos_table)
    kappa = math.sqrt(d) / math.hypot(g_tok, g_pos)

    # Decoder embeddings: only "ordinary" vs "prefix" (same norm either way).
    dec_embed = np.zeros((vocab_size, d))
    dec_embed[:, is_ordinary] = g_flag
    dec_embed[list(prefix_ids), is_ordinary] = 0.0
    dec_embed[list(prefix_ids), is_prefix] = g_flag
    spec.decoder.embeddings.weight = reads(dec_embed)

    # Decoder layer 0 self-attention: look at position 1; gate := "it is ordinary".
    scale0 = math.sqrt(d) / math.hypot(g_pos, g_flag)
    query_gain = _ATTENTION_LOGIT * math.sqrt(head_dim) / (scale0 * g_pos)
    qkv_weight = np.zeros((3 * d, d))
    qkv_bias = np.zeros(3 * d)
    for h in range(heads):
        qkv_bias[h * head_dim : h * head_dim + m] = query_gain * code[1]
    qkv_weight[d : 2 * d] = per_head(read_pos)
    qkv_weight[2 * d, is_ordinary] = 1.0  # head 0, value dim 0
    out_weight = np.zeros((d, d))
    out_weight[gate, 0] = g_gate / (scale0 * g_flag)
    self_attention = spec.decoder.layer[0].self_attention
    _set_linear(self_attention.linear[0], reads(qkv_weight), qkv_bias)
    _set_linear(self_attention.linear[1], writes(out_weight))

    # Decoder layer 0 FFN: position code c[t] -> c[t-1] unless the gate is raised.
    # h± = relu(±(S-I) c - M * gate); residual += (h+ - h-) / scale0.
    f = shape.ffn_dim
    gate_gain = 3.0 * (2.0 / math.sqrt(num_pairs)) * g_pos / g_gate
    ffn_in = np.zeros((f, d))
    ffn_in[:m, pos] = shift - np.eye(m)
    ffn_in[m : 2 * m, pos] = np.eye(m) - shift
    ffn_in[: 2 * m, gate] = -gate_gain
    ffn_out = np.zeros((d, f))
    ffn_out[pos, :m] = np.eye(m) / scale0
    ffn_out[pos, m : 2 * m] = -np.eye(m) / scale0
    ffn = spec.decoder.layer[0].ffn
    _set_linear(ffn.linear_0, reads(ffn_in))
    _set_linear(ffn.linear_1, writes(ffn_out))

    # Last decoder layer cross-attention: attend to the source position with the same
    # code and write that source token's code into the output subspace.
    scale2 = math.sqrt(d) / math.sqrt(g_pos**2 + g_flag**2 + g_gate**2)
    cross_gain = _ATTENTION_LOGIT * math.sqrt(head_dim) / (scale2 * kappa * g_pos**2)
    kv_weight = np.zeros((2 * d, d))
    kv_weight[:d] = per_head(read_pos)
    kv_weight[d + np.arange(k), tok] = 1.0
    out_weight = np.zeros((d, d))
    out_weight[tok, np.arange(k)] = g_out / (kappa * g_tok)
    cross = spec.decoder.layer[-1].attention
    _set_linear(cross.linear[0], reads(cross_gain * per_head(read_pos)))
    _set_linear(cross.linear[1], reads(kv_weight))
    _set_linear(cross.linear[2], writes(out_weight))

    # Output projection: token codes, read from the output subspace.
    scale3 = math.sqrt(d) / math.sqrt(g_pos**2 + g_flag**2 + g_gate**2 + g_out**2)
    projection = np.zeros((vocab_size, d))
    projection[:, tok] = _OUTPUT_LOGIT / (scale3 * g_out) * token_code
    _set_linear(spec.decoder.projection, reads(projection))


# --------------------------------------------------------------------------------------
# Converter
# --------------------------------------------------------------------------------------


class SyntheticTransformerConverter(Converter):
    """Converter producing a random or copy Transformer for ``vocabulary``.

    Source and target share ``vocabulary`` (saved as ``shared_vocabulary.json``).  It must
    contain ``<unk>``, ``<s>`` and ``</s>``.  ``prefix_tokens`` (copy model only) are the
    target-prefix tokens after which the copy is shifted by one (see module doc).
    ``add_source_eos`` defaults to ``True`` for the copy model (it needs a final ``</s>``
    to stop) and ``False`` for the random model (like OpenNMT-py conversions).
    Use ``convert(output_dir, quantization=..., force=...)`` as with any converter.
    """

    def __init__(
        self,
        vocabulary: Sequence[str],
        *,
        kind: ModelKind = "random",
        shape: ModelShape = SMALL_SHAPE,
        seed: int = 0,
        prefix_tokens: Iterable[str] = (),
        decoder_start_token: str = "<s>",
        add_source_eos: bool | None = None,
        filler_scale: float = 0.02,
    ) -> None:
        self.vocabulary = list(vocabulary)
        missing = {"<unk>", "<s>", "</s>", decoder_start_token} - set(self.vocabulary)
        if missing:
            raise ValueError(f"vocabulary lacks {sorted(missing)}")
        if kind not in ("random", "copy"):
            raise ValueError(f"unknown model kind {kind!r}")
        index = {token: i for i, token in enumerate(self.vocabulary)}
        self.prefix_ids = sorted(index[token] for token in prefix_tokens)
        self.kind: ModelKind = kind
        self.shape = shape
        self.seed = seed
        self.decoder_start_token = decoder_start_token
        self.add_source_eos = kind == "copy" if add_source_eos is None else add_source_eos
        self.filler_scale = filler_scale

    def _load(self) -> transformer_spec.TransformerSpec:
        spec = transformer_spec.TransformerSpec.from_config(self.shape.layers, self.shape.heads)
        vocab_size = len(self.vocabulary)
        if self.kind == "copy":
            _fill_copy(spec, self.shape, vocab_size, self.prefix_ids, self.seed, self.filler_scale)
        else:
            _fill_random(spec, self.shape, vocab_size, self.seed)
        spec.register_source_vocabulary(self.vocabulary)
        spec.register_target_vocabulary(self.vocabulary)
        spec.config.add_source_eos = self.add_source_eos
        spec.config.decoder_start_token = self.decoder_start_token
        return spec


def build_ct2_model(
    output_dir: str | os.PathLike[str],
    vocabulary: Sequence[str],
    *,
    kind: ModelKind = "random",
    shape: ModelShape = SMALL_SHAPE,
    seed: int = 0,
    quantization: str | None = None,
    prefix_tokens: Iterable[str] = (),
    decoder_start_token: str = "<s>",
    add_source_eos: bool | None = None,
) -> Path:
    """Write a CTranslate2 model directory (model.bin, config.json, shared_vocabulary.json)."""
    converter = SyntheticTransformerConverter(
        vocabulary,
        kind=kind,
        shape=shape,
        seed=seed,
        prefix_tokens=prefix_tokens,
        decoder_start_token=decoder_start_token,
        add_source_eos=add_source_eos,
    )
    return Path(converter.convert(str(output_dir), quantization=quantization, force=True))


# --------------------------------------------------------------------------------------
# Packaging
# --------------------------------------------------------------------------------------


def _shape_from(
    layers: tuple[int, int], d_model: int, heads: int, ffn_dim: int | None
) -> ModelShape:
    return ModelShape(
        layers=(layers[0], layers[1]), d_model=d_model, heads=heads, ffn_dim=ffn_dim or 4 * d_model
    )


def _write_zip(source_dir: Path, zip_path: Path) -> None:
    """Zip ``source_dir`` (as the single top-level folder) reproducibly."""
    files = sorted(p for p in source_dir.rglob("*") if p.is_file())
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for directory in sorted({p.parent for p in files} | {source_dir}):
            arcname = directory.relative_to(source_dir.parent).as_posix() + "/"
            zf.writestr(zipfile.ZipInfo(arcname, date_time=(2024, 1, 1, 0, 0, 0)), "")
        for path in files:
            info = zipfile.ZipInfo(
                path.relative_to(source_dir.parent).as_posix(), date_time=(2024, 1, 1, 0, 0, 0)
            )
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes(), compresslevel=1)


def argos_package_name(from_code: str, to_code: str, package_version: str = "1.0") -> str:
    """Name of the package folder / file stem, e.g. ``translate-tr_en-1_0``."""
    return f"translate-{from_code}_{to_code}-{package_version.replace('.', '_')}"


def build_argos_package(
    dest_dir: str | os.PathLike[str],
    from_code: str,
    to_code: str,
    *,
    kind: ModelKind = "random",
    package_version: str = "1.0",
    target_prefix: str | None = None,
    layers: tuple[int, int] = (2, 2),
    d_model: int = 64,
    heads: int = 4,
    ffn_dim: int | None = None,
    vocab_size: int = 1000,
    quantization: str | None = None,
    seed: int = 0,
    spm_corpus: str | Iterable[str] | None = None,
) -> Path:
    """Build ``<dest_dir>/translate-<from>_<to>-<version>.argosmodel`` and return its path.

    The zip holds one folder ``translate-<from>_<to>-<version>/`` with ``metadata.json``,
    ``README.md``, ``sentencepiece.model`` (trained on ``spm_corpus``, default: the seed
    article) and ``model/`` (CTranslate2).  ``target_prefix`` is added to the vocabulary
    (as a sentencepiece user symbol) and to the metadata; a copy model then outputs
    ``[target_prefix] + source`` when given that prefix.
    """
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    name = argos_package_name(from_code, to_code, package_version)
    staging = dest_dir / f".{name}.staging"
    shutil.rmtree(staging, ignore_errors=True)
    package_dir = staging / name
    package_dir.mkdir(parents=True)
    try:
        prefix_tokens = [target_prefix] if target_prefix else []
        sp_model = train_sentencepiece(
            spm_corpus, staging / "spm", vocab_size, prefix_tokens, seed=seed
        )
        shutil.copyfile(sp_model, package_dir / "sentencepiece.model")
        build_ct2_model(
            package_dir / "model",
            sentencepiece_vocabulary(sp_model),
            kind=kind,
            shape=_shape_from(layers, d_model, heads, ffn_dim),
            seed=seed,
            quantization=quantization,
            prefix_tokens=prefix_tokens,
        )
        metadata: dict[str, Any] = {
            "package_version": package_version,
            "argos_version": "1.9",
            "from_code": from_code,
            "from_name": _LANGUAGE_NAMES.get(from_code, from_code),
            "to_code": to_code,
            "to_name": _LANGUAGE_NAMES.get(to_code, to_code),
            "type": "translate",
        }
        if target_prefix:
            metadata["target_prefix"] = target_prefix
        (package_dir / "metadata.json").write_text(
            json.dumps(metadata, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        (package_dir / "README.md").write_text(
            f"# Synthetic {kind} model {from_code} -> {to_code}\n\n"
            "Built by `tests/modelkit.py` for tests and benchmarks only. "
            + (
                "Its translation reproduces the source.\n"
                if kind == "copy"
                else f"Random weights (seed {seed}); the output is nonsense.\n"
            ),
            encoding="utf-8",
        )
        zip_path = dest_dir / f"{name}.argosmodel"
        _write_zip(package_dir, zip_path)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return zip_path


def unpack_argos_package(
    package_file: str | os.PathLike[str], dest_dir: str | os.PathLike[str]
) -> Path:
    """Extract an ``.argosmodel`` into ``dest_dir`` and return the package folder."""
    with zipfile.ZipFile(package_file) as zf:
        top_level = {name.split("/", 1)[0] for name in zf.namelist()}
        if len(top_level) != 1:
            raise ValueError(f"{package_file}: expected one top-level folder, got {top_level}")
        zf.extractall(dest_dir)
    return Path(dest_dir) / top_level.pop()


def build_multilingual_model(
    dest_dir: str | os.PathLike[str],
    lang_tokens: Mapping[str, str],
    *,
    kind: ModelKind = "random",
    layers: tuple[int, int] = (2, 2),
    d_model: int = 64,
    heads: int = 4,
    ffn_dim: int | None = None,
    vocab_size: int = 1500,
    quantization: str | None = None,
    seed: int = 0,
    spm_corpus: str | Iterable[str] | None = None,
) -> Path:
    """Write an NLLB-like CTranslate2 model folder at ``dest_dir`` and return it.

    Like ``ct2-transformers-converter --model facebook/nllb-200-distilled-600M`` plus the
    tokenizer: ``model.bin``, ``config.json`` (``decoder_start_token="</s>"``, no
    automatic source ``</s>``), ``shared_vocabulary.json`` containing the language
    tokens (``lang_tokens`` maps language codes to tokens such as ``kaz_Cyrl``), and
    ``sentencepiece.bpe.model``.  ``spm_corpus`` defaults to the seed article plus
    :func:`multiscript_lines`.  Also writes ``modelkit.json`` (build parameters).
    See the module doc for the copy model's exact output.
    """
    dest_dir = Path(dest_dir)
    if dest_dir.exists() and any(dest_dir.iterdir()):
        raise FileExistsError(f"{dest_dir} is not empty")
    if spm_corpus is None:
        spm_corpus = seed_lines() + multiscript_lines()
    tokens = list(dict.fromkeys(lang_tokens.values()))
    staging = dest_dir.with_name(f".{dest_dir.name}.staging")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        sp_model = train_sentencepiece(spm_corpus, staging / "spm", vocab_size, tokens, seed=seed)
        build_ct2_model(
            dest_dir,
            sentencepiece_vocabulary(sp_model),
            kind=kind,
            shape=_shape_from(layers, d_model, heads, ffn_dim),
            seed=seed,
            quantization=quantization,
            decoder_start_token="</s>",
            add_source_eos=False,
        )
        shutil.copyfile(sp_model, dest_dir / "sentencepiece.bpe.model")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    info = {"kind": kind, "lang_tokens": dict(lang_tokens), "seed": seed}
    (dest_dir / "modelkit.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return dest_dir


# --------------------------------------------------------------------------------------
# Caching
# --------------------------------------------------------------------------------------


@functools.cache
def _source_fingerprint() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


class ArtifactCache:
    """Builds each artefact once per ``(builder, params)`` under ``root``.

    ``get(builder, **params)`` calls ``builder(<fresh dir>, **params)`` the first time and
    returns the path it produced; later calls (also from other processes sharing
    ``root``) return the same path.  Keys include a hash of this module's source, so a
    persistent cache (e.g. ``bench/.cache``) is rebuilt when the kit changes.
    """

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def key(self, builder: Callable[..., Path], params: Mapping[str, Any]) -> str:
        blob = json.dumps([_source_fingerprint(), params], sort_keys=True, default=str)
        return f"{builder.__name__}-{hashlib.sha256(blob.encode()).hexdigest()[:16]}"

    def get(self, builder: Callable[..., Path], /, **params: Any) -> Path:
        key = self.key(builder, params)
        final = self.root / key
        marker = final / ".artifact"
        if not marker.exists():
            staging = self.root / f".{key}.{os.getpid()}.tmp"
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir()
            result = builder(staging / "out", **params)
            (staging / ".artifact").write_text(result.relative_to(staging).as_posix())
            try:
                staging.rename(final)
            except OSError:  # built concurrently by another process
                shutil.rmtree(staging, ignore_errors=True)
        return final / marker.read_text()
