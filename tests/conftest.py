"""Shared fixtures.

* argostranslate creates folders under XDG_* at import time, so they point at a temp
  dir before anything imports it; no test touches the network or the real home.
* Every ``*.po`` / ``*.pot`` a test leaves under its ``tmp_path`` is checked with GNU
  ``msgfmt --check`` afterwards (the real tool is the oracle); tests that write broken
  catalogs on purpose opt out with ``@pytest.mark.malformed_po``.
* The fixtures that build test models live in :mod:`tests.modelfixtures`; they load the
  model kit (numpy, sentencepiece, CTranslate2) only when a test asks for one, so the
  parser and format tests run without the MT stack.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

_XDG = Path(tempfile.mkdtemp(prefix="loctool-tests-xdg-"))
for _name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
    os.environ[_name] = str(_XDG / _name.lower())
os.environ.pop("ARGOS_PACKAGES_DIR", None)
os.environ["NO_COLOR"] = "1"
os.environ["LOCTOOL_THREADS"] = "1"  # tiny test models are fastest on one thread
# The hand-wired copy models decide by narrow logit margins.  On a CPU without AVX-512
# (e.g. AMD EPYC with AVX2), CTranslate2's int8 GEMM goes through oneDNN's u8s8 kernels,
# whose 16-bit intermediate sums saturate and flip the copy for sources of 150+ pieces;
# with Intel MKL (CTranslate2's choice on Intel CPUs anyway) the copy is exact.  Tests
# and their child processes (CLI runs, Ray workers) use MKL on every CPU.
os.environ["CT2_USE_MKL"] = "1"

from click.testing import CliRunner, Result  # noqa: E402

from loctool import catalog  # noqa: E402
from loctool.cli import cli  # noqa: E402
from loctool.messages import Catalog  # noqa: E402
from loctool.project import Config, Project  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "kazakhstan-tajikistan-cooperation.txt"
SLUG = SEED.stem
FIXTURES = REPO / "tests" / "data" / "fixtures"  # copies of ../shared/fixtures (see README)
SHARED_FIXTURES = REPO.parent / "shared" / "fixtures"

pytest_plugins = ["tests.modelfixtures"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "malformed_po: the test writes invalid catalogs on purpose")


def require_gettext_0_21() -> None:
    """Skip a test whose oracle is the exact line layout of GNU msgcat 0.21: loctool
    writes catalogs as gettext 0.21 (Debian 12, what CI installs) does, and other
    releases break some lines elsewhere (e.g. before “)."""
    found = subprocess.run(["msgcat", "--version"], capture_output=True, text=True, check=False)
    first = found.stdout.splitlines()[0] if found.stdout else ""
    if not first.endswith((" 0.21", " 0.21.1")):
        pytest.skip(f"the layout oracle is GNU gettext 0.21; found {first or 'no msgcat'}")


def msgfmt_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["msgfmt", "--check", "-o", os.devnull, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


def read_mo(path: Path) -> Catalog:
    """A .mo file as GNU msgunfmt reads it (the oracle), parsed as a catalog."""
    shown = subprocess.run(["msgunfmt", str(path)], capture_output=True, text=True, check=True)
    return catalog.loads(shown.stdout, f"msgunfmt {path}")


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


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the repository's worked example project (seeds, catalogs, glossary and
    configuration, no compiled catalogs)."""
    root = tmp_path / "example"
    for name in ("seeds", "locales"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("*.mo"))
    for name in ("glossary.csv", "loctool.toml"):
        shutil.copyfile(REPO / name, root / name)
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


# The project layout is Project's: the tests ask it (or these helpers) for a path and
# never join "locales", "LC_MESSAGES" or "templates" themselves.  tests/test_project.py
# pins the layout itself.


def po_path(root: Path, lang: str, slug: str = SLUG) -> Path:
    """The catalog of article ``slug`` in ``lang`` of the project at ``root``, where
    :class:`loctool.project.Project` puts it (the layout is not repeated in the tests)."""
    return Project(root).po_path(lang, slug)


def pot_path(root: Path, slug: str = SLUG) -> Path:
    """The template of article ``slug`` of the project at ``root``."""
    return Project(root).pot_path(slug)


@functools.cache
def _default_layout() -> Project:
    return Project(REPO, Config())  # the folders of a project without loctool.toml


def po_rel(lang: str, slug: str = SLUG) -> str:
    """The catalog of ``slug`` in ``lang`` as loctool names it in its messages (relative
    to the root of a project with the default folders): ``locales/kk/LC_MESSAGES/a.po``."""
    layout = _default_layout()
    return layout.rel(layout.po_path(lang, slug))


def pot_rel(slug: str = SLUG) -> str:
    """The template of ``slug`` as loctool names it: ``locales/templates/a.pot``."""
    layout = _default_layout()
    return layout.rel(layout.pot_path(slug))


def subprocess_env() -> dict[str, str]:
    """The environment for a ``loctool`` child process: this checkout's sources first."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONUNBUFFERED"] = "1"
    env.pop("EDITOR", None)
    env.pop("VISUAL", None)
    return env


def loctool_argv(project: Path, *args: str) -> list[str]:
    """``loctool -C <project> ARGS…`` as a child process runs it."""
    return [sys.executable, "-m", "loctool", "-C", str(project), *args]


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes (to prove that nothing changed)."""
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }
