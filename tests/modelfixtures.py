"""Fixtures that build and install test translation models (a pytest plugin, loaded by
``tests/conftest.py``).

The model kit (:mod:`tests.modelkit`: numpy, sentencepiece, CTranslate2) is imported
inside the fixtures, so only the tests that ask for a model load the MT stack; the
parser and format tests run without it (tests/test_isolation.py checks that).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .modelkit import ArtifactCache


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> ArtifactCache:
    from .modelkit import ArtifactCache

    return ArtifactCache(tmp_path_factory.mktemp("modelkit"))


@pytest.fixture
def argos_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private argos package folder for this test (through XDG_DATA_HOME)."""
    data = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    return data / "argos-translate" / "packages"


@pytest.fixture
def argos_package(model_cache: ArtifactCache) -> Callable[..., Path]:
    """Build (once per session) a test ``.argosmodel``: ``argos_package("tr", "en", kind=…)``."""
    from .modelkit import build_argos_package

    def build(src: str, tgt: str, **params: object) -> Path:
        params.setdefault("kind", "copy")
        return model_cache.get(build_argos_package, from_code=src, to_code=tgt, **params)

    return build


@pytest.fixture
def install_pairs(argos_home: Path, argos_package: Callable[..., Path]) -> Callable[..., None]:
    """Install test packages into this test's argos folder: ``install_pairs("tr-en", …)``."""
    from loctool.engines import packages

    def install(*pairs: str, **params: object) -> None:
        for pair in pairs:
            src, tgt = pair.split("-")
            packages.install(argos_package(src, tgt, **params))

    return install


class Call:
    """One recorded ``translate_batch`` call."""

    def __init__(self, model_dir: Path, source: list[list[str]], kwargs: dict[str, object]):
        self.model_dir = Path(model_dir)
        self.source = source
        self.kwargs = kwargs


@pytest.fixture
def mt_calls(monkeypatch: pytest.MonkeyPatch) -> list[Call]:
    """Record every ``translate_batch`` call made through the real CTranslate2 translators."""
    from loctool.engines import ct2

    calls: list[Call] = []
    real = ct2.translator

    class Recorder:
        def __init__(self, inner: object, model_dir: Path) -> None:
            self.inner, self.model_dir = inner, model_dir

        def translate_batch(self, source: list[list[str]], **kwargs: object) -> object:
            calls.append(Call(self.model_dir, [list(s) for s in source], kwargs))
            return self.inner.translate_batch(source, **kwargs)  # type: ignore[attr-defined]

    monkeypatch.setattr(ct2, "translator", lambda d, *a: Recorder(real(d, *a), d))
    return calls


@pytest.fixture
def nllb_model(model_cache: ArtifactCache) -> Callable[..., Path]:
    """Build (once per session) an NLLB-like multilingual test model folder."""
    from .modelkit import NLLB_LANG_TOKENS, build_multilingual_model

    def build(**params: object) -> Path:
        params.setdefault("kind", "copy")
        params.setdefault("lang_tokens", dict(NLLB_LANG_TOKENS))
        return model_cache.get(build_multilingual_model, **params)

    return build
