"""Shared fixtures.

* argostranslate creates folders under XDG_* at import time, so they point at a temp
  dir before anything imports it; no test touches the network or the real home.
* Every ``*.po`` / ``*.pot`` a test leaves under its ``tmp_path`` is checked with GNU
  ``msgfmt --check`` afterwards (the real tool is the oracle); tests that write broken
  catalogs on purpose opt out with ``@pytest.mark.malformed_po``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

_XDG = Path(tempfile.mkdtemp(prefix="loctool-tests-xdg-"))
for _name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
    os.environ[_name] = str(_XDG / _name.lower())
os.environ.pop("ARGOS_PACKAGES_DIR", None)
os.environ["NO_COLOR"] = "1"

from click.testing import CliRunner, Result  # noqa: E402

from loctool.cli import cli  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "kazakhstan-tajikistan-cooperation.txt"
SLUG = SEED.stem
FIXTURES = REPO / "tests" / "data" / "fixtures"  # copies of ../shared/fixtures (see README)
SHARED_FIXTURES = REPO.parent / "shared" / "fixtures"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "malformed_po: the test writes invalid catalogs on purpose")


def msgfmt_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["msgfmt", "--check", "-o", os.devnull, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(autouse=True)
def _msgfmt_oracle(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    yield
    if request.node.get_closest_marker("malformed_po"):
        return
    if shutil.which("msgfmt") is None:
        pytest.fail("GNU msgfmt is required by the tests (Debian package gettext)")
    for path in sorted(tmp_path.rglob("*.po*")):
        if path.suffix in (".po", ".pot") and path.is_file():
            result = msgfmt_check(path)
            assert result.returncode == 0, f"msgfmt --check {path}:\n{result.stderr}"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder holding the seed article."""
    root = tmp_path / "proj"
    (root / "seeds").mkdir(parents=True)
    shutil.copyfile(SEED, root / "seeds" / SEED.name)
    return root


Runner = Callable[..., Result]


@pytest.fixture
def run(project: Path) -> Runner:
    """Invoke ``loctool -C <project> ARGS…`` in-process; returns click's Result."""

    def invoke(*args: str, input: str | None = None, root: Path | None = None) -> Result:
        runner = CliRunner()
        return runner.invoke(cli, ["-C", str(root or project), *args], input=input)

    return invoke


def one_line_error(result: Result, code: int = 2) -> str:
    """Assert the design's error form: exit ``code``, one line on stderr, no traceback."""
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("loctool: error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes (to prove that nothing changed)."""
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


# --------------------------------------------------------------------------- models

os.environ["LOCTOOL_THREADS"] = "1"  # tiny test models are fastest on one thread

from . import modelkit  # noqa: E402


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> modelkit.ArtifactCache:
    return modelkit.ArtifactCache(tmp_path_factory.mktemp("modelkit"))


@pytest.fixture
def argos_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private argos package folder for this test (through XDG_DATA_HOME)."""
    data = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    return data / "argos-translate" / "packages"


@pytest.fixture
def argos_package(model_cache: modelkit.ArtifactCache) -> Callable[..., Path]:
    """Build (once per session) a test ``.argosmodel``: ``argos_package("tr", "en", kind=…)``."""

    def build(src: str, tgt: str, **params: object) -> Path:
        params.setdefault("kind", "copy")
        return model_cache.get(modelkit.build_argos_package, from_code=src, to_code=tgt, **params)

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
def nllb_model(model_cache: modelkit.ArtifactCache) -> Callable[..., Path]:
    """Build (once per session) an NLLB-like multilingual test model folder."""

    def build(**params: object) -> Path:
        params.setdefault("kind", "copy")
        params.setdefault("lang_tokens", dict(modelkit.NLLB_LANG_TOKENS))
        return model_cache.get(modelkit.build_multilingual_model, **params)

    return build
