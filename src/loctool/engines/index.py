"""The Argos package index: the only place loctool uses the network, and only when
asked (``models available``, ``models install PAIR``).  Offline, it says so in one line.
"""

from __future__ import annotations

import json
import os
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .. import langs
from ..errors import PackageError
from .packages import Installed, install, same_installed

DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
TIMEOUT = 20


@dataclass(frozen=True)
class IndexEntry:
    from_code: str
    to_code: str
    version: str
    links: tuple[str, ...]

    @property
    def pair(self) -> str:
        return f"{self.from_code}-{self.to_code}"

    @property
    def name(self) -> str:
        return f"translate-{self.from_code}_{self.to_code}-{self.version.replace('.', '_')}"


def index_url() -> str:
    base = os.environ.get("ARGOS_PACKAGE_INDEX", DEFAULT_INDEX)
    return base if base.endswith(".json") else base.rstrip("/") + "/index.json"


def _offline(what: str, exc: BaseException) -> PackageError:
    reason = getattr(exc, "reason", exc)
    return PackageError(
        f"cannot reach {what} ({reason}); offline? Download the .argosmodel file on a "
        "connected machine and run `loctool models install FILE.argosmodel`"
    )


def fetch_index() -> list[IndexEntry]:
    url = index_url()
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            data = json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        raise _offline("the Argos package index", exc) from None
    except (ValueError, UnicodeDecodeError):
        raise PackageError("the Argos package index is not valid JSON", url) from None
    entries = []
    for item in data if isinstance(data, list) else []:
        usable = isinstance(item, dict) and item.get("type", "translate") == "translate"
        if usable and item.get("from_code") and item.get("to_code") and item.get("links"):
            entries.append(
                IndexEntry(
                    str(item["from_code"]),
                    str(item["to_code"]),
                    str(item.get("package_version", "")),
                    tuple(str(link) for link in item["links"]),
                )
            )
    return entries


def install_pair(pair: str, force: bool = False) -> Installed:
    """Download the index's package for ``pair`` (e.g. ``tr-en``) and install it; not
    when that version is installed already (unless ``force``)."""
    src, sep, tgt = pair.partition("-")
    if not sep:
        raise PackageError(f"expected a file.argosmodel or a pair like tr-en, got {pair!r}")
    langs.validate(src), langs.validate(tgt)
    match = [e for e in fetch_index() if e.from_code == src and e.to_code == tgt]
    if not match:
        raise PackageError(f"the Argos index has no {pair} package")
    entry = match[-1]
    same = same_installed(entry.from_code, entry.to_code, entry.version)
    if same is not None and not force:
        return Installed(same, already=True)
    fd, tmp = tempfile.mkstemp(suffix=".argosmodel")
    os.close(fd)
    try:
        last: BaseException | None = None
        for link in entry.links:
            try:
                with urllib.request.urlopen(link, timeout=TIMEOUT) as response:
                    Path(tmp).write_bytes(response.read())
                break
            except (urllib.error.URLError, OSError, TimeoutError) as exc:
                last = exc
        else:
            raise _offline(f"the download of {entry.name}", last or OSError("no link"))
        return install(Path(tmp), force=force)
    finally:
        os.unlink(tmp)
