"""Reading the files a user hands loctool: regular files only, never blocking.

A FIFO would block a plain ``read`` forever, a device could be endless, and a symbolic
link loop makes ``Path.resolve`` raise ``RuntimeError``.  :func:`read_bytes` checks the
kind of file before opening it, opens without blocking, and checks again on the open
descriptor (the name may have been replaced in between); every problem is the caller's
one-line error class.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .errors import LoctoolError


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
