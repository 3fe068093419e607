"""Tests stand on their own: the parser and format tests need no MT stack."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import REPO, subprocess_env

HEAVY = ("ctranslate2", "sentencepiece", "numpy", "tests.modelkit")

RUN = f"""
import json, sys
import pytest
code = pytest.main(sys.argv[2:])
print(json.dumps({{"code": int(code), "loaded": [m for m in {HEAVY!r} if m in sys.modules]}}))
"""


def test_parser_tests_run_without_the_model_kit(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A pytest run of two parser test files, in a process of its own: it passes, and
    none of the MT stack was imported (the model fixtures import it when used)."""
    files = ["tests/test_poformat.py", "tests/test_markdown.py"]
    # Not under this test's tmp_path: the inner run leaves malformed catalogs on purpose.
    inner = tmp_path_factory.mktemp("inner-run")
    options = ["-q", "-p", "no:cacheprovider", "--basetemp", str(inner)]
    done = subprocess.run(
        [sys.executable, "-c", RUN, "--", *options, *files],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=subprocess_env(),
        timeout=600,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["code"] == 0, done.stdout[-3000:]
    assert result["loaded"] == [], "the parser tests loaded the MT stack"
