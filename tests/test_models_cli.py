"""`loctool models`: list, install (file or pair), remove; broken packages (issue 3)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from loctool.engines import packages

from .conftest import Runner, loctool_argv, one_line_error, snapshot, subprocess_env


def test_install_list_remove(run: Runner, argos_home: Path, argos_package) -> None:
    result = run("models", "install", str(argos_package("tr", "en")))
    assert result.exit_code == 0, result.output
    assert "installed translate-tr_en-1_0 (tr-en, v1.0)" in result.output
    assert run("models", "install", str(argos_package("en", "ru"))).exit_code == 0
    listing = run("models", "list").output
    assert str(argos_home) in listing
    assert "tr-en" in listing and "en-ru" in listing and "MiB" in listing
    assert "through English: tr-ru" in listing
    assert (argos_home / "translate-tr_en-1_0" / "model" / "model.bin").is_file()

    assert run("models", "remove", "tr-en").exit_code == 0
    assert not (argos_home / "translate-tr_en-1_0").exists()
    assert "tr-en" not in run("models", "list").output
    line = one_line_error(run("models", "remove", "tr-en"))
    assert "no installed package or registered model 'tr-en'" in line


def test_packages_dir_is_argos_own(argos_home: Path) -> None:
    """Packages installed by argospm count: same folder as argostranslate.settings."""
    code = "from argostranslate import settings; print(settings.package_data_dir)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ
    ).stdout.strip()
    assert Path(out) == packages.packages_dir() == argos_home


def test_the_same_version_again_is_already_installed_and_force_reinstalls(
    argos_home: Path, argos_package, tmp_path: Path
) -> None:
    file = argos_package("tr", "en")
    env = {**subprocess_env(), "XDG_DATA_HOME": str(argos_home.parent.parent)}

    def models_install(*args: str) -> subprocess.CompletedProcess[str]:
        argv = loctool_argv(tmp_path, "models", "install", str(file), *args)
        return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)

    first = models_install()
    assert first.returncode == 0, first.stderr
    assert first.stdout == "installed translate-tr_en-1_0 (tr-en, v1.0)\n"
    folder = argos_home / "translate-tr_en-1_0"
    (folder / "local-note.txt").write_text("left by hand\n", encoding="utf-8")
    before = snapshot(argos_home)
    again = models_install()
    assert again.returncode == 0 and again.stderr == ""
    assert again.stdout == (
        "translate-tr_en-1_0 (tr-en, v1.0) is already installed; nothing changed "
        "(--force installs it again)\n"
    )
    assert snapshot(argos_home) == before
    forced = models_install("--force")
    assert forced.returncode == 0, forced.stderr
    assert forced.stdout == "reinstalled translate-tr_en-1_0 (tr-en, v1.0)\n"
    assert not (folder / "local-note.txt").exists(), "the folder was replaced"
    assert [p.name for p in packages.installed()] == ["translate-tr_en-1_0"]
    assert not [p for p in argos_home.iterdir() if p.name.startswith(".")], "no leftovers"


def test_another_version_for_a_pair_is_refused(
    run: Runner, argos_home: Path, argos_package
) -> None:
    assert run("models", "install", str(argos_package("tr", "en"))).exit_code == 0
    other = argos_package("tr", "en", package_version="2.0")
    for extra in ((), ("--force",)):
        line = one_line_error(run("models", "install", str(other), *extra))
        assert "already serves tr-en" in line
    assert [p.name for p in packages.installed()] == ["translate-tr_en-1_0"]


def _rezip(
    source: Path, dest: Path, *, drop: str = "", add: dict[str, bytes] | None = None
) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(dest, "w") as zout:
        for item in zin.infolist():
            if drop and drop in item.filename:
                continue
            zout.writestr(item, zin.read(item))
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dest


def _broken_cases(good: Path, tmp: Path) -> dict[str, tuple[Path, str]]:
    not_zip = tmp / "notzip.argosmodel"
    not_zip.write_bytes(b"PK but not really a zip")
    foreign = tmp / "foreign.argosmodel"
    with zipfile.ZipFile(foreign, "w") as zf:
        zf.writestr("docs/readme.txt", "hello")
    bad_json = _rezip(
        good,
        tmp / "badjson.argosmodel",
        drop="metadata.json",
        add={"translate-tr_en-1_0/metadata.json": b"{not json"},
    )
    traversal = tmp / "traversal.argosmodel"
    buf = io.BytesIO(good.read_bytes())
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(traversal, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item))
        zout.writestr("../evil.txt", "gotcha")
    return {
        "not a zip": (not_zip, "not a zip archive"),
        "foreign zip": (foreign, "no metadata.json"),
        "no model": (_rezip(good, tmp / "nomodel.argosmodel", drop="/model/"), "CTranslate2"),
        "no tokenizer": (
            _rezip(good, tmp / "notok.argosmodel", drop="sentencepiece.model"),
            "no tokenizer",
        ),
        "bad metadata": (bad_json, "not valid JSON"),
        "path traversal": (traversal, "unsafe path"),
    }


@pytest.mark.parametrize(
    "case",
    ["not a zip", "foreign zip", "no model", "no tokenizer", "bad metadata", "path traversal"],
)
def test_broken_package_installs_nothing(
    case: str, run: Runner, argos_home: Path, argos_package, tmp_path: Path
) -> None:
    assert run("models", "install", str(argos_package("en", "ru"))).exit_code == 0
    file, needle = _broken_cases(argos_package("tr", "en"), tmp_path)[case]
    before = snapshot(argos_home)
    line = one_line_error(run("models", "install", str(file)))
    assert needle in line and file.name in line
    assert snapshot(argos_home) == before
    assert not (tmp_path / "evil.txt").exists() and not (argos_home.parent / "evil.txt").exists()


def test_install_pair_offline_says_so(run: Runner, argos_home: Path, monkeypatch) -> None:
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://127.0.0.1:9/")  # nothing listens there
    line = one_line_error(run("models", "install", "tr-en"))
    assert "cannot reach the Argos package index" in line and "offline?" in line
    assert not argos_home.exists() or not any(argos_home.iterdir())


def test_install_pair_from_an_index(
    run: Runner, argos_home: Path, argos_package, tmp_path: Path, monkeypatch
) -> None:
    """The index path end to end, with a file:// index instead of the network."""
    file = argos_package("tr", "en")
    index = tmp_path / "index.json"
    index.write_text(
        json.dumps(
            [
                {
                    "type": "translate",
                    "from_code": "tr",
                    "to_code": "en",
                    "package_version": "1.0",
                    "links": [file.as_uri()],
                }
            ]
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", index.as_uri())
    assert "tr-en" in run("models", "available").output
    result = run("models", "install", "tr-en")
    assert result.exit_code == 0, result.output
    assert [p.pair for p in packages.installed()] == ["tr-en"]
    moved = file.rename(tmp_path / "moved.argosmodel")  # a download now fails …
    try:
        again = run("models", "install", "tr-en")  # … but none is tried
        assert again.exit_code == 0, again.output
        assert "is already installed; nothing changed" in again.output
        assert one_line_error(run("models", "install", "tr-en", "--force"))
    finally:
        moved.rename(file)
    line = one_line_error(run("models", "install", "tr-kk"))
    assert "no tr-kk package" in line
