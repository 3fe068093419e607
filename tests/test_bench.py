"""The benchmarks run (at a tiny size); their timings are never asserted on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO


def bench(script: str, *args: str, env: dict[str, str] | None = None) -> str:
    """What ``python bench/SCRIPT ARGS…`` prints (it must succeed)."""
    return subprocess.run(
        [sys.executable, f"bench/{script}", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    ).stdout


@pytest.mark.parametrize("engine", ["argos", "multilingual"])
def test_mt_throughput_runs_tiny(engine: str) -> None:
    out = bench("mt_throughput.py", "--tiny", "--kind", "copy", "--engine", engine)
    assert "(a) raw translate_batch" in out and "(c) one unit per call" in out
    assert "b/a throughput ratio" in out and "b/c throughput ratio" in out


def test_catalog_scale_runs_tiny() -> None:
    out = bench("catalog_scale.py", "--tiny")
    for figure in (
        "(1) first extract",
        "(2) merge: loctool extract (CLI, end to end)",
        "(2) GNU msgmerge, sequential",
        "(3) no-change re-run",
        "(4) status in process",
        "(4) status --json CLI",
    ):
        assert figure in out
    assert "merge, CLI / msgmerge sequential" in out
    assert "no-change re-run / first extract" in out
    assert "catalogs with the same msgid/msgstr/fuzzy/obsolete entries" in out
    assert "(4) status in process, empty cache" in out and "status after the merge:" in out


def test_status_versus_runs(example: Path) -> None:
    """The side-by-side status bench, run against this checkout itself."""
    out = bench(
        "status_versus.py", "--project", str(example), "--other", str(REPO / "src"), "--rounds", "1"
    )
    assert "best of 1, interleaved" in out
    for mode in ("cold", "unchanged"):
        assert f"  {mode} " in out and "this/other" in out


def test_mt_throughput_chunks_and_cluster_run_tiny(tmp_path: Path) -> None:
    pytest.importorskip("ray", reason="the cluster extra: pip install '.[cluster]'")
    env = {**os.environ, "HOME": str(tmp_path)}  # Ray keeps a token in ~/.ray
    out = bench(
        "mt_throughput.py",
        *("--tiny", "--kind", "copy", "--engine", "argos", "--modes", "b,b1", "--cluster", "local"),
        env=env,
    )
    for figure in ("(b) loctool translate", "(b1) loctool, one call", "(k) loctool on Ray"):
        assert figure in out
    assert "b/b1 throughput ratio" in out and "k/b throughput ratio" in out
