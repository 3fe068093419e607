"""Argos translation packages: where they live, what they hold, safe install / remove.

Packages are read from argos's own package folder (so packages installed by
``argospm`` count), located with argos's rules but computed on every call rather than
frozen at import time: ``ARGOS_PACKAGES_DIR``, else the same key in
``$XDG_CONFIG_HOME/argos-translate/settings.json``, else
``$XDG_DATA_HOME/argos-translate/packages``.  Nothing here imports argostranslate.

An ``.argosmodel`` file is a zip holding one folder with ``metadata.json``, ``model/``
(a CTranslate2 model: ``model.bin`` + ``config.json``) and ``sentencepiece.model`` or
``bpe.model``.  Installing validates all of that (and refuses absolute or ``..``
paths, links and zip bombs) in a temporary folder, then renames it into place.  The
same version of a package that is already installed is left alone (``force``: replaced).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .. import langs
from ..errors import PackageError, UsageError

MAX_UNPACKED = 8 * 1024**3
MAX_MEMBERS = 10_000


def _home() -> Path:
    return Path(os.environ.get("HOME") or Path.home())


def packages_dir() -> Path:
    env = os.environ.get("ARGOS_PACKAGES_DIR")
    if env:
        return Path(env)
    config = Path(os.environ.get("XDG_CONFIG_HOME") or _home() / ".config")
    settings = config / "argos-translate" / "settings.json"
    if settings.is_file():
        try:
            value = json.loads(settings.read_text(encoding="utf-8")).get("ARGOS_PACKAGES_DIR")
        except (ValueError, OSError, AttributeError):
            value = None
        if value:
            return Path(value)
    data = Path(os.environ.get("XDG_DATA_HOME") or _home() / ".local" / "share")
    return data / "argos-translate" / "packages"


@dataclass(frozen=True)
class Package:
    """An installed argos package."""

    path: Path
    from_code: str
    to_code: str
    version: str
    target_prefix: str
    tokenizer: Path  # sentencepiece.model or bpe.model

    @property
    def pair(self) -> str:
        return f"{self.from_code}-{self.to_code}"

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def label(self) -> str:
        """How provenance names the package, from its metadata.json: ``tr→en 1.9``
        (whatever its folder is called)."""
        return f"{self.from_code}→{self.to_code} {self.version}".strip()

    @property
    def model_dir(self) -> Path:
        return self.path / "model"

    def size(self) -> int:
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())


def _read_package(folder: Path) -> Package:
    """Validate an unpacked package folder."""
    meta_path = folder / "metadata.json"
    if not meta_path.is_file():
        raise PackageError("no metadata.json: not an argos translation package")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise PackageError("metadata.json is not valid JSON") from None
    if not isinstance(meta, dict):
        raise PackageError("metadata.json must hold an object")
    if meta.get("type", "translate") != "translate":
        raise PackageError(f"package type {meta.get('type')!r} is not a translation package")
    codes = []
    for key in ("from_code", "to_code"):
        code = meta.get(key)
        if not isinstance(code, str) or not code:
            raise PackageError(f"metadata.json has no {key}")
        try:
            codes.append(langs.validate(code))
        except UsageError as exc:  # reported with the package file, like every other problem
            raise PackageError(f"metadata.json: {exc.message}") from None
    model = folder / "model"
    if not (model / "model.bin").is_file() or not (model / "config.json").is_file():
        raise PackageError("model/ does not hold a CTranslate2 model (model.bin, config.json)")
    for name in ("sentencepiece.model", "bpe.model"):
        if (folder / name).is_file():
            tokenizer = folder / name
            break
    else:
        raise PackageError("no tokenizer (sentencepiece.model or bpe.model)")
    prefix = meta.get("target_prefix") or ""
    if not isinstance(prefix, str):
        raise PackageError("target_prefix must be a string")
    return Package(
        path=folder,
        from_code=codes[0],
        to_code=codes[1],
        version=str(meta.get("package_version", "")),
        target_prefix=prefix,
        tokenizer=tokenizer,
    )


def scan(folder: Path | None = None) -> tuple[list[Package], list[tuple[Path, str]]]:
    """Installed packages, and the folders that are not valid packages (with why)."""
    base = folder or packages_dir()
    good: list[Package] = []
    bad: list[tuple[Path, str]] = []
    if base.is_dir():
        for child in sorted(base.iterdir()):
            if child.is_dir() and not child.name.startswith("."):
                try:
                    good.append(_read_package(child))
                except PackageError as exc:
                    bad.append((child, exc.message))
    return good, bad


def installed(folder: Path | None = None) -> list[Package]:
    """Installed, valid packages; broken folders are skipped (``models list`` shows them)."""
    return scan(folder)[0]


def _check_members(zf: zipfile.ZipFile) -> str:
    """Safety checks; returns the single top-level folder name ('' if files sit at the root)."""
    members = zf.infolist()
    if len(members) > MAX_MEMBERS:
        raise PackageError(f"{len(members)} files is too many for a translation package")
    if sum(m.file_size for m in members) > MAX_UNPACKED:
        raise PackageError("unpacks to more than 8 GiB")
    tops = set()
    for m in members:
        name = PurePosixPath(m.filename)
        if m.filename.startswith(("/", "\\")) or name.is_absolute() or ".." in name.parts:
            raise PackageError(f"unsafe path in archive: {m.filename}")
        if "\\" in m.filename or ":" in name.parts[0]:
            raise PackageError(f"unsafe path in archive: {m.filename}")
        mode = m.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise PackageError(f"symbolic link in archive: {m.filename}")
        tops.add(name.parts[0])
    if "metadata.json" in (m.filename for m in members):
        return ""  # files at the root of the archive
    if len(tops) != 1:
        raise PackageError("expected one package folder in the archive")
    return tops.pop()


@dataclass(frozen=True)
class Installed:
    """What :func:`install` did."""

    package: Package
    already: bool = False  # that version was installed already: nothing was changed
    replaced: bool = False  # installed again over the same folder (``force``)


def same_installed(
    from_code: str, to_code: str, version: str, folder: Path | None = None
) -> Package | None:
    """The installed package of that pair and version, if any."""
    for other in installed(folder):
        if (other.from_code, other.to_code, other.version) == (from_code, to_code, version):
            return other
    return None


def _metadata(zf: zipfile.ZipFile, top: str) -> dict[str, object] | None:
    """The archive's metadata.json, when it reads as an object (else None: the full
    validation says what is wrong)."""
    try:
        meta = json.loads(zf.read(f"{top}/metadata.json" if top else "metadata.json"))
    except (KeyError, ValueError, UnicodeDecodeError, zipfile.BadZipFile, OSError):
        return None
    return meta if isinstance(meta, dict) else None


def install(file: Path, folder: Path | None = None, *, force: bool = False) -> Installed:
    """Validate and install an ``.argosmodel`` file; on any problem nothing is installed.
    When the same version of the package is installed, nothing is done unless ``force``
    (then it is installed again over itself)."""
    if file.is_dir():
        raise PackageError("is a directory; give an .argosmodel file", file)
    if not file.is_file():
        raise PackageError("no such file", file)
    if not zipfile.is_zipfile(file):
        raise PackageError("not a zip archive, so not an argos package", file)
    base = folder or packages_dir()
    if not force:
        try:
            with zipfile.ZipFile(file) as zf:
                top = _check_members(zf)
                meta = _metadata(zf, top)
        except PackageError as exc:
            raise PackageError(exc.message, file) from None
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise PackageError(f"broken archive ({exc})", file) from None
        if meta is not None:
            same = same_installed(
                str(meta.get("from_code")),
                str(meta.get("to_code")),
                str(meta.get("package_version", "")),
                folder=base,
            )
            if same is not None and same.name == (top or same.name):
                return Installed(same, already=True)
    base.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".install-", dir=base))
    try:
        try:
            with zipfile.ZipFile(file) as zf:
                top = _check_members(zf)
                zf.extractall(staging)
        except PackageError as exc:
            raise PackageError(exc.message, file) from None
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise PackageError(f"broken archive ({exc})", file) from None
        unpacked = staging / top if top else staging
        try:
            package = _read_package(unpacked)
        except PackageError as exc:
            raise PackageError(exc.message, file) from None
        name = top or f"translate-{package.from_code}_{package.to_code}-{package.version}"
        target = base / name
        for other in installed(base):
            if other.pair == package.pair and other.path != target:
                raise PackageError(
                    f"{other.name} already serves {package.pair}; "
                    f"run `loctool models remove {package.pair}` first",
                    file,
                )
        replaced = target.exists()
        _replace(unpacked, target)
        return Installed(_read_package(target), replaced=replaced)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _replace(new: Path, target: Path) -> None:
    old = None
    if target.exists():
        old = target.with_name(f".old-{target.name}-{os.getpid()}")
        os.rename(target, old)
    os.rename(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def find(pair_or_name: str, folder: Path | None = None) -> Package:
    for package in installed(folder):
        if pair_or_name in (package.pair, package.name):
            return package
    raise PackageError(f"no installed package {pair_or_name!r} (see `loctool models list`)")


def remove(pair_or_name: str, folder: Path | None = None) -> Package:
    package = find(pair_or_name, folder)
    trash = package.path.with_name(f".removing-{package.name}-{os.getpid()}")
    os.rename(package.path, trash)
    shutil.rmtree(trash, ignore_errors=True)
    return package
