"""Small caches that make repeated runs cheap; kept outside the project.

A cache entry remembers what loctool computed from some files together with a digest
of those files' bytes (:func:`file_digest`), and is used only while every digest still
matches and the loctool code is the same (:func:`code_id`).  Digests, not timestamps:
hashing the 800 catalogs of a large project takes a few hundredths of a second, and a
file rewritten in place within one clock tick cannot fool it.

The files live in ``$XDG_CACHE_HOME/loctool/<project hash>/`` (``~/.cache`` by
default), never in the project.  Losing them only costs time; a damaged one is ignored.
Nothing is locked: two runs that save at once lose one run's entries, nothing more.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import __version__, files
from .errors import LoctoolError

VERSION = 1  # of the cache files' layout


def file_digest(path: Path) -> str | None:
    """A digest of the file's bytes; None if it cannot be read or is no regular file
    (a FIFO is never opened: reading it would block)."""
    try:
        data = files.read_bytes(path, path, LoctoolError, "a file")
    except LoctoolError:
        return None
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def text_digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


@lru_cache(maxsize=1)
def code_id() -> str:
    """A fingerprint of loctool's own modules (so editing the code drops every entry)."""
    package = Path(__file__).resolve().parent
    parts = [__version__, str(VERSION)]
    for path in sorted(package.rglob("*.py")):
        st = path.stat()
        parts.append(f"{path.relative_to(package)}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]


def folder(root: Path) -> Path:
    """The cache folder of the project at ``root``."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home directory: a private folder in the temp dir
            base = os.path.join(tempfile.gettempdir(), f"loctool-cache-{os.getuid()}")
    digest = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    return Path(base) / "loctool" / digest


class Store:
    """One JSON cache file of a project: ``entries`` maps keys to JSON values."""

    def __init__(self, root: Path, name: str) -> None:
        self.path = folder(root) / f"{name}.json"
        self.entries: dict[str, Any] = {}
        self.changed = False
        with contextlib.suppress(OSError, ValueError):
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("code") == code_id():
                entries = data.get("entries")
                self.entries = entries if isinstance(entries, dict) else {}

    def get(self, key: str) -> Any:
        return self.entries.get(key)

    def put(self, key: str, value: Any) -> None:
        if self.entries.get(key) != value:
            self.entries[key] = value
            self.changed = True

    def drop(self, key: str) -> None:
        if self.entries.pop(key, None) is not None:
            self.changed = True

    def save(self) -> None:
        """Write the file if anything changed (atomically, without fsync: a cache)."""
        if not self.changed:
            return
        text = json.dumps({"code": code_id(), "entries": self.entries}, ensure_ascii=False)
        with contextlib.suppress(OSError, LoctoolError):
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            files.write_atomic(self.path, text.encode("utf-8"), durable=False)
        self.changed = False
