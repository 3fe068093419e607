"""Device selection (issue 13) with the CUDA device count stubbed (no GPU here), and
the settings that choose it, checked like their command-line twins."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from loctool.engines import ct2
from loctool.errors import LoctoolError, UsageError
from loctool.project import load_config

from .conftest import Runner, loctool_argv, one_line_error, snapshot, subprocess_env


@pytest.fixture
def gpus(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """``gpus(n)``: CTranslate2 reports n CUDA devices."""
    import ctranslate2

    def set_count(n: int) -> None:
        monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: n)

    return set_count


def test_auto_uses_cuda_when_ctranslate2_sees_a_gpu(gpus) -> None:
    gpus(2)
    device = ct2.select_device("auto")
    assert (device.name, device.compute_type, device.gpus) == ("cuda", "int8_float16", 2)
    assert str(device) == "cuda (2 GPUs), compute type int8_float16"
    assert ct2.select_device("auto", "float16").compute_type == "float16"
    assert ct2.select_device("cpu").name == "cpu", "cpu stays cpu with a GPU there"


def test_auto_falls_back_to_the_cpu_with_int8(gpus) -> None:
    gpus(0)
    device = ct2.select_device("auto")
    assert (device.name, device.compute_type, device.gpus) == ("cpu", "int8", 0)
    assert device.reason == "auto: no CUDA GPU seen"
    assert ct2.select_device("cpu", "float32").compute_type == "float32"


def test_cuda_without_a_gpu_and_unknown_values_are_errors(gpus) -> None:
    gpus(0)
    with pytest.raises(UsageError, match="sees no CUDA GPU"):
        ct2.select_device("cuda")
    with pytest.raises(UsageError, match="unknown device 'gpu'"):
        ct2.select_device("gpu")
    with pytest.raises(UsageError, match="unknown compute type 'int4'"):
        ct2.select_device("cpu", "int4")


def test_the_translator_is_placed_on_every_gpu(gpus, monkeypatch: pytest.MonkeyPatch) -> None:
    import ctranslate2

    gpus(2)
    made: list[dict[str, object]] = []
    monkeypatch.setattr(ctranslate2, "Translator", lambda path, **kw: made.append(kw) or kw)
    ct2.translator.__wrapped__(Path("m"), 4, "cuda", "int8_float16")
    ct2.translator.__wrapped__(Path("m"), 4, "cpu", "int8")
    assert made[0] == {
        "device": "cuda",
        "compute_type": "int8_float16",
        "device_index": [0, 1],
        "inter_threads": 2,
    }
    assert made[1] == {
        "device": "cpu",
        "compute_type": "int8",
        "inter_threads": 4,
        "intra_threads": 1,
    }


def test_a_run_uses_the_configured_device_and_compute_type(
    project: Path, run: Runner, install_pairs, mt_calls, monkeypatch: pytest.MonkeyPatch
) -> None:
    install_pairs("tr-en")
    loaded: list[tuple[object, ...]] = []
    real = ct2.load
    monkeypatch.setattr(
        ct2, "load", lambda d, o: loaded.append((o.device, o.compute_type)) or real(d, o)
    )
    assert run("translate", "--lang", "en").exit_code == 0
    assert loaded == [("cpu", "int8")]
    (project / "loctool.toml").write_text('[translate]\ncompute_type = "float32"\n', "utf-8")
    shutil.rmtree(project / "locales")
    assert run("translate", "--lang", "en").exit_code == 0
    assert loaded[-1] == ("cpu", "float32")


def test_models_list_shows_the_device(run: Runner, gpus) -> None:
    gpus(0)
    result = run("models", "list")
    assert result.exit_code == 0
    assert "device: cpu, compute type int8 (auto: no CUDA GPU seen)" in result.output
    gpus(1)
    result = run("models", "list")
    assert "device: cuda (1 GPU), compute type int8_float16 (auto: 1 CUDA GPU(s) seen)" in (
        result.output
    )


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[translate]\ndevice = "gpu"\n', "translate.device: unknown device 'gpu'"),
        ("[translate]\ndevice = 1\n", "translate.device: must be a string, not an integer"),
        ('[translate]\ncompute_type = "int4"\n', "translate.compute_type: unknown compute type"),
        ("[translate]\nchunk_tokens = 0\n", "translate.chunk_tokens: must be a positive integer"),
        ('[cluster]\naddress = "head"\n', "cluster.address: not a Ray address: 'head'"),
        ('[cluster]\naddress = "ray://head:99999"\n', "cluster.address: not a Ray address"),
        ('[cluster]\nmodel_root = "models"\n', "cluster.model_root: must be an absolute path"),
        ("[cluster]\nworkers = 3\n", "unknown setting cluster.workers"),
        ('cluster = "local"\n', "cluster: must be a table ([cluster]), not a string"),
    ],
)
def test_config_validation(tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / "loctool.toml"
    path.write_text(toml, "utf-8")
    with pytest.raises(LoctoolError) as caught:
        load_config(path)
    assert message in str(caught.value)


def test_good_settings_are_read(tmp_path: Path) -> None:
    path = tmp_path / "loctool.toml"
    path.write_text(
        '[translate]\ndevice = "cpu"\ncompute_type = "int8_float32"\nchunk_tokens = 4096\n'
        '[cluster]\naddress = "ray://head.example.org:10001"\nmodel_root = "/shared/models"\n',
        "utf-8",
    )
    config = load_config(path)
    assert (config.device, config.compute_type, config.chunk_tokens) == (
        "cpu",
        "int8_float32",
        4096,
    )
    assert (config.cluster_address, config.cluster_model_root) == (
        "ray://head.example.org:10001",
        "/shared/models",
    )


@pytest.mark.parametrize(
    ("args", "toml", "message"),
    [
        (("--device", "cuda"), "", "--device: device cuda, but CTranslate2 sees no CUDA GPU here"),
        ((), '[translate]\ndevice = "cuda"\n', "translate.device: device cuda, but CTranslate2"),
        (("--compute-type", "int4"), "", "--compute-type: unknown compute type 'int4'"),
        (("--cluster", "nowhere"), "", "--cluster: not a Ray address: 'nowhere'"),
        ((), '[translate]\ndevice = "tpu"\n', "loctool.toml: translate.device: unknown device"),
    ],
)
def test_bad_device_settings_are_one_line_errors_and_change_nothing(
    project: Path, args: tuple[str, ...], toml: str, message: str
) -> None:
    if toml:
        (project / "loctool.toml").write_text(toml, "utf-8")
    before = snapshot(project)
    done = subprocess.run(
        loctool_argv(project, "translate", *args),
        env=subprocess_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    line = one_line_error(_Result(done))
    assert message in line, line
    assert snapshot(project) == before


class _Result:
    """A finished subprocess, shaped like click's Result for ``one_line_error``."""

    def __init__(self, done: subprocess.CompletedProcess[str]) -> None:
        self.exit_code = done.returncode
        self.stderr = done.stderr
        self.output = done.stdout + done.stderr


def test_models_list_shows_an_unusable_device_without_failing(
    project: Path, run: Runner, gpus
) -> None:
    gpus(0)
    (project / "loctool.toml").write_text('[translate]\ndevice = "cuda"\n', "utf-8")
    result = run("models", "list")
    assert result.exit_code == 0, result.output
    assert "device: none usable (translate.device: device cuda, but CTranslate2 sees no" in (
        result.output
    )
