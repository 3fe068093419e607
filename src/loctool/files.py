"""Files on disk, the base every stage and engine uses: reading what a user hands
loctool safely, decoding it as UTF-8, and replacing files atomically.

Reading: a FIFO would block a plain ``read`` forever, a device could be endless, and a
symbolic link loop makes ``Path.resolve`` raise ``RuntimeError``.  :func:`read_bytes`
checks the kind of file before opening it, opens without blocking, and checks again on
the open descriptor (the name may have been replaced in between); every problem is the
caller's one-line error class.

Writing: :func:`write_atomic` writes a temp file in the same folder, fsyncs it, renames
it over the target and fsyncs the folder, so a reader sees the old file or the new one,
never half of one; a failure changes nothing.  A killed writer's temp file
(``.<name>.<pid>.<random>.tmp``) is removed by the next write (:func:`remove_stale_temps`).

Nothing here knows what the bytes mean (catalogs, copies, registries, caches).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import time
from pathlib import Path

from .errors import LoctoolError, NotUtf8, WriteError


def kind(mode: int) -> str:
    """What a file that is neither a regular file nor a folder is, in words."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check(path: Path, where: str | Path, error: type[LoctoolError], what: str) -> os.stat_result:
    """The ``stat`` of ``path`` when it is a regular file (symbolic links followed);
    ``what`` names what it should be ("a catalog", "an article") in the messages."""
    try:
        info = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise error("is a symbolic link loop", where) from None
        if exc.errno == errno.ENOENT:
            broken = os.path.islink(path)
            raise error("broken symbolic link" if broken else "no such file", where) from None
        raise error(f"cannot read it: {exc.strerror}", where) from None
    if stat.S_ISDIR(info.st_mode):
        raise error(f"is a directory, not {what}", where)
    if not stat.S_ISREG(info.st_mode):
        raise error(f"is {kind(info.st_mode)}, not {what}", where)
    return info


def read_bytes(
    path: Path, where: str | Path, error: type[LoctoolError], what: str, limit: int | None = None
) -> bytes:
    """The bytes of a regular file (see :func:`check`); more than ``limit`` bytes is an
    error that says how large the file is."""
    info = check(path, where, error, what)
    if limit is not None and info.st_size > limit:
        raise error(f"{info.st_size} bytes is too large for {what} (limit {limit})", where)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise error(f"cannot read it: {exc.strerror}", where) from None
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):  # replaced since the check
            raise error(f"is {kind(opened.st_mode)}, not {what}", where)
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read() if limit is None else fh.read(limit + 1)
    except OSError as exc:
        raise error(f"cannot read it: {exc.strerror}", where) from None
    finally:
        os.close(fd)
    if limit is not None and len(data) > limit:
        raise error(f"{len(data)} bytes or more is too large for {what} (limit {limit})", where)
    return data


BOM = b"\xef\xbb\xbf"


def decode_utf8(data: bytes) -> str:
    """``data`` as text, a leading UTF-8 BOM dropped; bytes that are not UTF-8 raise
    :class:`NotUtf8` (the caller turns it into its own one-line error)."""
    start = len(BOM) if data.startswith(BOM) else 0
    try:
        return data[start:].decode("utf-8") if start else data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotUtf8(data, exc.start + start) from None


# --------------------------------------------------------------------------- writing


def write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Replace ``path`` with ``data``: temp file in the same folder, fsync, rename.  A
    failure (disk full, read-only folder …) leaves ``path`` as it was, removes the temp
    file and the folders made for it, and is a :class:`WriteError` that names ``path``.
    ``durable=False`` skips the fsyncs (a cache: losing it costs time, nothing more)."""
    missing = []  # the folders this write makes, deepest first
    for folder in (path.parent, *path.parent.parents):
        if folder.exists():
            break
        missing.append(folder)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_atomic(path, data, durable)
    except OSError as exc:
        for folder in missing:  # deepest first; only what this call made, only if empty
            with contextlib.suppress(OSError):
                folder.rmdir()
        reason = exc.strerror or str(exc)
        raise WriteError(f"cannot write it: {reason}; nothing was changed in it", path) from None


def _write_atomic(path: Path, data: bytes, durable: bool) -> None:
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
    prefix = f".{path.name}.{os.getpid()}."
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    remove_stale_temps(path)


STALE_AFTER = 3600.0  # seconds; a write takes milliseconds


def remove_stale_temps(path: Path) -> list[Path]:
    """Delete the temp files a killed writer of ``path`` left behind (``.<name>.<pid>.*.tmp``
    whose process is gone, or any ``.<name>.*.tmp`` older than an hour).  Every other
    reader ignores them: they are dot files that end in ``.tmp``."""
    removed: list[Path] = []
    start = f".{path.name}."
    try:
        found = [e for e in os.scandir(path.parent) if e.name.startswith(start)]
    except OSError:
        return removed
    now = time.time()
    for entry in found:
        if not entry.name.endswith(".tmp") or not entry.is_file(follow_symlinks=False):
            continue
        pid = entry.name[len(start) :].split(".", 1)[0]
        with contextlib.suppress(OSError):  # gone meanwhile: someone else cleaned up
            orphan = pid.isdigit() and not _alive(int(pid))
            if orphan or now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
