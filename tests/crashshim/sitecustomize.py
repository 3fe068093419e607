"""Test-only hooks for the subprocess crash and race tests (tests/test_crashes.py,
tests/test_races.py).

Python imports ``sitecustomize`` at start-up from ``sys.path``; the tests put this folder
first on ``PYTHONPATH`` of the child only.  Nothing here is part of loctool.

``LOCTOOL_TEST_KILL=<target>:<n>`` makes the process SIGKILL itself, with no clean-up at
all, at the n-th call of:

* ``translate_pieces`` — :func:`loctool.engines.ct2.translate_pieces`, i.e. just before
  the n-th machine-translation batch (so after the batches before it were saved);
* ``replace`` — :func:`os.replace` onto a path ending in ``LOCTOOL_TEST_KILL_FILE``: the
  temp file is written and fsynced but not renamed yet (the worst moment of a write).

``LOCTOOL_TEST_PAUSE=<file>`` makes the process stop before its first machine-translation
batch (after ``translate`` planned its work, before it fills anything): it creates
``<file>.reached`` and waits until ``<file>`` exists (tests/test_races.py).

``LOCTOOL_TEST_FAIL=ENOSPC`` (or ``EROFS``) makes writes of files whose name ends in
``LOCTOOL_TEST_FAIL_FILE`` fail as on a full disk (the temp file is created, then
flushing it fails, as the kernel reports it: no file name) or a read-only folder (the
temp file cannot be created).
"""

from __future__ import annotations

import os
import signal
from typing import Any


def _install() -> None:
    spec = os.environ.get("LOCTOOL_TEST_KILL")
    if not spec:
        return
    target, _, nth = spec.partition(":")
    limit = int(nth or "1")
    calls = 0

    def tick() -> None:
        nonlocal calls
        calls += 1
        if calls >= limit:
            os.kill(os.getpid(), signal.SIGKILL)

    if target == "translate_pieces":
        from loctool.engines import ct2

        real_pieces = ct2.translate_pieces

        def pieces(*args: Any, **kwargs: Any) -> Any:
            tick()
            return real_pieces(*args, **kwargs)

        ct2.translate_pieces = pieces  # type: ignore[assignment]
    elif target == "replace":
        real_replace = os.replace
        suffix = os.environ.get("LOCTOOL_TEST_KILL_FILE", "")

        def replace(src: Any, dst: Any, **kwargs: Any) -> None:
            if os.fspath(dst).endswith(suffix):
                tick()
            real_replace(src, dst, **kwargs)

        os.replace = replace  # type: ignore[assignment]
    else:
        raise SystemExit(f"sitecustomize: unknown LOCTOOL_TEST_KILL target {target!r}")


def _install_failure() -> None:
    name = os.environ.get("LOCTOOL_TEST_FAIL")
    if not name:
        return
    import errno
    import tempfile

    code = getattr(errno, name)
    suffix = os.environ.get("LOCTOOL_TEST_FAIL_FILE", "")

    def ours(name: str) -> bool:  # a temp file of write_atomic: .<name>.<pid>.<random>.tmp
        return name.startswith(".") and suffix in name

    if code == errno.EROFS:
        real_mkstemp = tempfile.mkstemp

        def mkstemp(*args: Any, **kwargs: Any) -> Any:
            prefix = kwargs.get("prefix") or ""
            if ours(prefix):
                folder = os.fspath(kwargs.get("dir") or ".")
                raise OSError(code, os.strerror(code), os.path.join(folder, prefix + "x.tmp"))
            return real_mkstemp(*args, **kwargs)

        tempfile.mkstemp = mkstemp  # type: ignore[assignment]
    else:
        real_fsync = os.fsync

        def fsync(fd: Any) -> None:
            path = os.readlink(f"/proc/self/fd/{fd}") if isinstance(fd, int) else ""
            if ours(os.path.basename(path)) and path.endswith(".tmp"):
                raise OSError(code, os.strerror(code))
            real_fsync(fd)

        os.fsync = fsync  # type: ignore[assignment]


def _install_pause() -> None:
    release = os.environ.get("LOCTOOL_TEST_PAUSE")
    if not release:
        return
    import time

    from loctool.engines import ct2

    real_pieces = ct2.translate_pieces
    paused = False

    def pieces(*args: Any, **kwargs: Any) -> Any:
        nonlocal paused
        if not paused:
            paused = True
            with open(release + ".reached", "w"):
                pass
            deadline = time.monotonic() + 300
            while not os.path.exists(release) and time.monotonic() < deadline:
                time.sleep(0.02)
        return real_pieces(*args, **kwargs)

    ct2.translate_pieces = pieces  # type: ignore[assignment]


_install()
_install_failure()
_install_pause()
