"""The benchmarks run (at a tiny size); their timings are never asserted on."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import REPO


@pytest.mark.parametrize("engine", ["argos", "multilingual"])
def test_mt_throughput_runs_tiny(engine: str) -> None:
    out = subprocess.run(
        [sys.executable, "bench/mt_throughput.py", "--tiny", "--kind", "copy", "--engine", engine],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    ).stdout
    assert "(a) raw translate_batch" in out and "(c) one unit per call" in out
    assert "b/a throughput ratio" in out and "b/c throughput ratio" in out
