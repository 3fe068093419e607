"""Translation on a Ray cluster (issue 13), on a local Ray instance shared by the tests:
the same bytes as the local path, a killed worker recovered, and one-line errors."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from loctool import catalog
from loctool.cli import cli
from loctool.engines import multilingual
from loctool.engines.base import DecodeOptions
from loctool.engines.cluster import EXTRA
from loctool.engines.select import Engines
from loctool.model import State
from loctool.pipeline import Progress, translate
from loctool.project import Config, Project

from .conftest import REPO, loctool_argv, one_line_error, po_path, snapshot, subprocess_env
from .streamkit import catalogs, write_articles
from .test_device import _Result

ray = pytest.importorskip("ray", reason="the cluster extra: pip install '.[cluster]'")

LANGS = "en,ru,kk"
MARKUP = REPO / "tests" / "data" / "markup.md"
SHARED = "Kazakistan ve Tacikistan işbirliği sürüyor."  # in every article


@pytest.fixture(scope="session")
def local_ray(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """One local Ray instance for every cluster test (``--cluster local`` joins it).
    Ray keeps its token in ``~/.ray``: a temporary home during ``ray.init``; the model
    copies the workers unpack are removed afterwards."""
    import logging

    from loctool.engines.cluster import node_cache

    cache = node_cache()
    before = set(cache.iterdir()) if cache.is_dir() else set()
    home = os.environ.get("HOME")
    os.environ["HOME"] = str(tmp_path_factory.mktemp("ray-home"))
    try:
        ray.init(
            num_cpus=2, include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False
        )
    finally:
        if home is None:
            del os.environ["HOME"]
        else:
            os.environ["HOME"] = home
    yield
    ray.shutdown()
    for path in set(cache.iterdir()) - before if cache.is_dir() else ():
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink()


def cli_run(root: Path, *args: str) -> None:
    result = CliRunner().invoke(cli, ["-C", str(root), *args])
    assert result.exit_code == 0, result.output


@pytest.fixture
def two_projects(tmp_path: Path, install_pairs, nllb_model) -> tuple[Path, Path]:
    """Twin projects of 5 articles, a reviewed unit (a memory hit) in each; copy models
    for tr→en, en→ru (pivot for tr→ru) and a multilingual model for kk."""
    install_pairs("tr-en", "en-ru")
    multilingual.register(nllb_model(), "nllb-copy")
    local, remote = tmp_path / "local", tmp_path / "cluster"
    write_articles(local, 5)
    shutil.copyfile(MARKUP, local / "seeds" / "links.md")  # placeholders around the seam
    (local / "loctool.toml").write_text("[translate]\nchunk_tokens = 150\n", "utf-8")
    cli_run(local, "extract", "--lang", LANGS)
    path = po_path(local, "en", "article-01")
    po = catalog.load(path)
    catalog.accept(po.find(SHARED), "A reviewed English sentence.")
    catalog.save(po, path)
    shutil.copytree(local, remote)
    return local, remote


def test_cluster_confidences_are_the_local_ones(
    local_ray, tmp_path: Path, install_pairs
) -> None:
    """Issue 15: a random en→ru model behind a copy tr→en one, so every ru draft has its
    own confidence (the product of the pivot's legs); the cluster writes the same bytes."""
    install_pairs("tr-en")
    install_pairs("en-ru", kind="random")
    local, remote = tmp_path / "local", tmp_path / "cluster"
    write_articles(local, 4, sentences=5)
    (local / "loctool.toml").write_text("[translate]\nchunk_tokens = 80\n", "utf-8")
    shutil.copytree(local, remote)
    cli_run(local, "translate", "--lang", "en,ru")
    cli_run(remote, "translate", "--lang", "en,ru", "--cluster", "local")
    assert catalogs(remote) == catalogs(local)
    ru = catalog.load(po_path(remote, "ru", "article-01"))
    values = {catalog.provenance(e).confidence for e in ru}
    assert None not in values and len(values) > 3


@pytest.mark.parametrize("models", ["object store", "model_root"])
def test_cluster_output_is_byte_identical_to_the_local_path(
    local_ray, two_projects: tuple[Path, Path], models: str, tmp_path_factory
) -> None:
    local, remote = two_projects
    if models == "model_root":  # every model lies under the test session's base folder
        root = tmp_path_factory.getbasetemp()
        (remote / "loctool.toml").write_text(
            f'[translate]\nchunk_tokens = 150\n[cluster]\nmodel_root = "{root}"\n', "utf-8"
        )
    cli_run(local, "translate", "--lang", LANGS)
    cli_run(remote, "translate", "--lang", LANGS, "--cluster", "local")
    (remote / "loctool.toml").write_bytes((local / "loctool.toml").read_bytes())
    assert catalogs(remote) == catalogs(local)
    ru = catalog.load(po_path(remote, "ru", "article-02"))
    assert {catalog.provenance(e).model for e in ru} == {"tr→en 1.0 + en→ru 1.0"}
    kk = catalog.load(po_path(remote, "kk", "article-02"))
    assert all(e.msgstr == e.msgid for e in kk)  # copy model; language tokens stripped
    hit = catalog.load(po_path(remote, "en", "article-03")).find(SHARED)
    assert catalog.provenance(hit).engine == "memory"
    assert hit.msgstr == "A reviewed English sentence."
    before = snapshot(remote)
    cli_run(remote, "translate", "--lang", LANGS, "--cluster", "local")
    assert snapshot(remote) == before


def test_a_killed_worker_is_restarted_and_its_chunks_retried(
    local_ray, two_projects: tuple[Path, Path]
) -> None:
    from loctool.engines.cluster import Cluster

    local, remote = two_projects
    cli_run(local, "translate", "--lang", "en")
    options = DecodeOptions(threads=1)
    killed: list[int] = []
    with Cluster("local", options) as cluster:
        (first,) = cluster.pids()

        def kill_once(progress: Progress) -> None:
            if not killed:  # after the first chunk: more are queued on the actor
                os.kill(first, signal.SIGKILL)
                killed.append(first)

        project = Project(remote, Config(targets=("en",), chunk_tokens=150))
        result = translate(
            project,
            engines=Engines(options),
            runner=cluster,
            chunk_tokens=150,
            on_progress=kill_once,
        )
        (after,) = cluster.pids()
    assert killed and after != first, "a new worker process took over"
    (lang,) = result.langs
    assert lang.chunks > 3 and lang.sent == lang.pending - lang.from_memory
    assert catalogs(remote) == catalogs(local)
    for slug in ("article-00", "article-04"):
        states = {e.state for e in catalog.load(po_path(remote, "en", slug))}
        assert states <= {State.MACHINE, State.REVIEWED}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("scheme", ["", "ray://"])
def test_unreachable_address_is_one_line_and_changes_nothing(tmp_path: Path, scheme: str) -> None:
    root = tmp_path / "p"
    write_articles(root, 1)
    before = snapshot(root)
    address = f"{scheme}127.0.0.1:{free_port()}"
    done = subprocess.run(
        loctool_argv(root, "translate", "--cluster", address),
        env=subprocess_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    line = one_line_error(_Result(done))
    assert line.startswith(f"loctool: error: --cluster: cannot reach the Ray cluster at {address}")
    assert "ray start --head" in line
    assert snapshot(root) == before


def test_without_ray_the_error_names_the_extra(tmp_path: Path) -> None:
    fake = tmp_path / "no-ray"
    (fake / "ray").mkdir(parents=True)
    (fake / "ray" / "__init__.py").write_text("raise ImportError('No module named ray')\n")
    root = tmp_path / "p"
    write_articles(root, 1)
    env = subprocess_env()
    env["PYTHONPATH"] = str(fake) + os.pathsep + env["PYTHONPATH"]
    before = snapshot(root)
    for args in (("translate", "--cluster", "local"), ("models", "list", "--cluster", "local")):
        done = subprocess.run(
            loctool_argv(root, *args), env=env, capture_output=True, text=True, timeout=120
        )
        line = one_line_error(_Result(done))
        assert line == f"loctool: error: --cluster: Ray is not installed: {EXTRA}"
    assert snapshot(root) == before
    # and the base install never imports Ray
    code = "import sys, loctool.cli, loctool.pipeline; print('ray' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "False"


def test_models_list_cluster_says_how_models_reach_the_workers(local_ray, tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    result = CliRunner().invoke(cli, ["-C", str(root), "models", "list", "--cluster", "local"])
    assert result.exit_code == 0, result.output
    assert "cluster local: 1 node(s), 2 CPU(s), 0 GPU(s)" in result.output
    assert "workers: 1 on cpu, compute type int8" in result.output
    assert "through Ray's object store" in result.output
    (root / "loctool.toml").write_text(
        '[cluster]\naddress = "local"\nmodel_root = "/srv/models"\n', "utf-8"
    )
    result = CliRunner().invoke(cli, ["-C", str(root), "models", "list", "--cluster"])
    assert result.exit_code == 0, result.output
    assert "from /srv/models (a shared path every node sees)" in result.output
