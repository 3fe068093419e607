"""The ``multilingual`` engine: one CTranslate2 model with language tokens (NLLB-200).

The Argos index has no Kazakh and no Tajik model; NLLB-200 covers ``tur_Latn``,
``kaz_Cyrl``, ``tgk_Cyrl``, ``rus_Cyrl`` and ``eng_Latn`` in one model.  A model is
*registered* (``loctool models add-multilingual DIR``): its folder, tokenizer and
language-token map are validated and recorded in
``$XDG_DATA_HOME/loctool/multilingual.json``; the files stay where they are.

Source tokens are ``[src_token] + pieces + ["</s>"]``, the target prefix is
``[tgt_token]`` and is stripped from the output.  The texts of one call (a chunk of a
language pair) go into one ``translate_batch``.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import files, langs
from ..errors import EngineUnavailable, PackageError
from ..model import Provenance, Suggestion
from . import ct2
from .base import DecodeOptions

DEFAULT_TOKENS = {
    "tr": "tur_Latn",
    "kk": "kaz_Cyrl",
    "tg": "tgk_Cyrl",
    "ru": "rus_Cyrl",
    "en": "eng_Latn",
}
TOKENIZER_NAMES = ("sentencepiece.bpe.model", "sentencepiece.model", "spm.model")
_NAME_OK = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


@dataclass(frozen=True)
class MultilingualModel:
    name: str
    path: Path  # the CTranslate2 model folder
    tokenizer: Path
    tokens: dict[str, str] = field(default_factory=dict)  # language code → language token

    def serves(self, src: str, tgt: str) -> bool:
        return src in self.tokens and tgt in self.tokens and src != tgt

    def pairs(self) -> list[str]:
        codes = sorted(self.tokens)
        return [f"{a}-{b}" for a in codes for b in codes if a != b]


def registry_path() -> Path:
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "loctool" / "multilingual.json"


def registered() -> list[MultilingualModel]:
    path = registry_path()
    if not path.is_file():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError, UnicodeDecodeError):
        raise PackageError("the model registry is not valid JSON; fix or delete it", path) from None
    return [
        MultilingualModel(
            name=name,
            path=Path(item["path"]),
            tokenizer=Path(item["tokenizer"]),
            tokens=dict(item["tokens"]),
        )
        for name, item in sorted(data.items())
    ]


def _save(models: Sequence[MultilingualModel]) -> None:
    data = {
        m.name: {"path": str(m.path), "tokenizer": str(m.tokenizer), "tokens": m.tokens}
        for m in models
    }
    text = json.dumps(data, indent=2, sort_keys=True) + "\n"
    files.write_atomic(registry_path(), text.encode())


def vocabulary(model_dir: Path) -> set[str]:
    """The target/shared vocabulary of a CTranslate2 model folder."""
    for name in ("shared_vocabulary", "target_vocabulary"):
        json_path, txt_path = model_dir / f"{name}.json", model_dir / f"{name}.txt"
        if json_path.is_file():
            return set(json.loads(json_path.read_text(encoding="utf-8")))
        if txt_path.is_file():
            return set(txt_path.read_text(encoding="utf-8").splitlines())
    raise PackageError("no vocabulary file (shared_vocabulary.json/.txt) in the model", model_dir)


def parse_langs(spec: str | None) -> dict[str, str]:
    """``"kk,tg"`` or ``"kk=kaz_Cyrl,xx=..."`` → code → token (defaults for bare codes)."""
    if not spec:
        return dict(DEFAULT_TOKENS)
    tokens: dict[str, str] = {}
    for item in spec.split(","):
        code, _, token = item.strip().partition("=")
        code = langs.validate(code, "--langs")
        if not token:
            if code not in DEFAULT_TOKENS:
                raise PackageError(f"no default language token for {code!r}; write {code}=TOKEN")
            token = DEFAULT_TOKENS[code]
        tokens[code] = token
    return tokens


def register(
    folder: Path,
    name: str | None = None,
    lang_spec: str | None = None,
    tokenizer: Path | None = None,
) -> MultilingualModel:
    """Validate a converted model folder and record it; nothing is recorded on error."""
    folder = folder.resolve()
    if not folder.is_dir():
        raise PackageError("no such folder", folder)
    if not (folder / "model.bin").is_file() or not (folder / "config.json").is_file():
        raise PackageError("no CTranslate2 model here (model.bin, config.json)", folder)
    if tokenizer is None:
        found = [folder / n for n in TOKENIZER_NAMES if (folder / n).is_file()]
        if not found:
            raise PackageError(
                f"no tokenizer ({', '.join(TOKENIZER_NAMES)}); copy the model's sentencepiece "
                "file into the folder or pass --tokenizer",
                folder,
            )
        tokenizer = found[0]
    elif not tokenizer.is_file():
        raise PackageError("no such tokenizer file", tokenizer)
    ct2.sentencepiece_model(tokenizer.resolve())  # loads, or one-line error
    tokens = parse_langs(lang_spec)
    vocab = vocabulary(folder)
    missing = [f"{code}={tok}" for code, tok in tokens.items() if tok not in vocab]
    if missing:
        raise PackageError(
            f"language token(s) not in the model vocabulary: {', '.join(missing)}", folder
        )
    name = name or folder.name
    if not name or not set(name) <= _NAME_OK:
        raise PackageError(f"model name {name!r}: use letters, digits, '.', '_', '-'")
    model = MultilingualModel(name, folder, tokenizer.resolve(), tokens)
    others = [m for m in registered() if m.name != name]
    _save([*others, model])
    return model


def unregister(name: str) -> MultilingualModel:
    models = registered()
    match = [m for m in models if m.name == name]
    if not match:
        raise PackageError(f"no registered multilingual model {name!r} (see `loctool models list`)")
    _save([m for m in models if m.name != name])
    return match[0]


class MultilingualEngine:
    name = "multilingual"

    def __init__(self, model: MultilingualModel, options: DecodeOptions) -> None:
        self.model = model
        self.options = options
        self.calls: list[tuple[str, str, int]] = []

    def token_counts(self, texts: Sequence[str], src: str, tgt: str) -> list[int]:
        tokenizer = ct2.sentencepiece_model(self.model.tokenizer)
        return [len(tokenizer.encode(t)) + 2 for t in texts]  # + language token, </s>

    def folders(self) -> list[Path]:
        """What this engine reads: the model folder, and the tokenizer file if it lies
        elsewhere."""
        inside = self.model.tokenizer.parent == self.model.path
        return [self.model.path] if inside else [self.model.path, self.model.tokenizer]

    def relocated(
        self, where: Callable[[Path], Path], options: DecodeOptions
    ) -> MultilingualEngine:
        """The same engine reading its files from where ``where`` maps them."""
        inside = self.model.tokenizer.parent == self.model.path
        path = where(self.model.path)
        tokenizer = path / self.model.tokenizer.name if inside else where(self.model.tokenizer)
        model = dataclasses.replace(self.model, path=path, tokenizer=tokenizer)
        return MultilingualEngine(model, options)

    def translate_batch(self, texts: Sequence[str], src: str, tgt: str) -> list[Suggestion | None]:
        if not self.model.serves(src, tgt):
            raise EngineUnavailable(f"model {self.model.name} does not serve {src}→{tgt}")
        if not self.model.path.is_dir():
            raise EngineUnavailable("the registered model folder is gone", self.model.path)
        distinct = sorted(set(texts))
        tokenizer = ct2.sentencepiece_model(self.model.tokenizer)
        sources = [[self.model.tokens[src], *tokenizer.encode(t), "</s>"] for t in distinct]
        translator = ct2.load(self.model.path, self.options)
        found = ct2.translate_pieces(translator, sources, self.options, [self.model.tokens[tgt]])
        self.calls.append((src, tgt, len(distinct)))
        language_tokens = set(self.model.tokens.values())
        done = {
            text: ct2.clean(tokenizer.decode([p for p in hyp.pieces if p not in language_tokens]))
            for text, hyp in zip(distinct, found, strict=True)
        }
        sure = {text: hyp.confidence for text, hyp in zip(distinct, found, strict=True)}
        out: list[Suggestion | None] = []
        for text in texts:
            result = done[text]
            prov = Provenance(self.name, self.model.name, "", result)
            out.append(Suggestion(result, prov, sure[text]) if result else None)
        return out


def by_name(name: str | None) -> MultilingualModel | None:
    models = registered()
    if name is None:
        return models[0] if models else None
    return next((m for m in models if m.name == name), None)


def for_pair(
    src: str, tgt: str, models: Mapping[str, MultilingualModel] | None = None
) -> MultilingualModel | None:
    pool = list(models.values()) if models is not None else registered()
    return next((m for m in pool if m.serves(src, tgt)), None)
