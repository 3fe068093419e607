"""Issue 12, item 5 at the function level: ranges checked before they are expanded,
writes that fail leave nothing behind and name the file, files that are not regular
are never opened for reading.  (The command-line side is in tests/test_bad_inputs.py.)"""

from __future__ import annotations

import errno
import os
import threading
import tracemalloc
from pathlib import Path

import pytest

from loctool import catalog, files, review
from loctool.errors import CatalogError, SourceError, UsageError, WriteError

HEAD = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'


def test_unit_ranges_are_not_expanded_before_the_check(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_text(HEAD + '\nmsgid "a"\nmsgstr ""\n\nmsgid "b"\nmsgstr ""\n', encoding="utf-8")
    target = review.Target("kk", "x", path)
    tracemalloc.start()
    try:
        ranges = review.parse_units(["1-999999999", "5,3-4"])
        assert ranges == [(1, 999999999)]
        with pytest.raises(UsageError) as info:
            review.unit_numbers(target, ranges)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000, peak  # a billion numbers would take gigabytes
    assert str(info.value) == "--unit: no unit 3–999999999 (kk/x has units 1–2)"
    assert review.unit_numbers(target, review.parse_units(["2,1", "1-2"])) == [1, 2]


@pytest.mark.parametrize("value", ["0", "3-2", "x", "1-", "-4", "1" * 10, "1-" + "9" * 5000])
def test_bad_unit_values_are_one_short_line(value: str) -> None:
    with pytest.raises(UsageError) as info:
        review.parse_units([value])
    assert info.value.message.startswith("not a unit number or range: ")
    assert len(str(info.value)) < 100


def test_a_failed_write_names_the_file_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    existing = tmp_path / "kept.txt"
    existing.write_bytes(b"old")
    fresh = tmp_path / "new" / "deeper" / "made.mo"

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # as the kernel says it

    monkeypatch.setattr(os, "fsync", full)
    for path in (existing, fresh):
        with pytest.raises(WriteError) as info:
            files.write_atomic(path, b"new data")
        assert info.value.where == str(path)
        assert "No space left on device" in info.value.message
    assert existing.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.txt"]  # no temp, no folders


def test_files_that_are_not_regular_are_never_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.po"
    os.mkfifo(fifo)
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            catalog.read_text(fifo)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "reading a FIFO blocked"
    assert isinstance(outcome[0], CatalogError)
    assert outcome[0].message == "is a FIFO (named pipe), not a catalog"
    with pytest.raises(SourceError) as info:
        files.read_bytes(loop, "loop.txt", SourceError, "an article")
    assert info.value.message == "is a symbolic link loop"
    with pytest.raises(SourceError) as info:
        files.read_bytes(Path("/dev/zero"), "/dev/zero", SourceError, "an article")
    assert info.value.message == "is a device, not an article"


@pytest.mark.malformed_po
@pytest.mark.parametrize(
    ("header", "hint"),
    [
        ('"Content-Type: text/plain; charset=ISO-8859-1\\n"\n', "the header says charset="),
        ("", "set the charset of the header"),
        ('"Content-Type: text/plain; charset=CHARSET\\n"\n', "set the charset of the header"),
        ('"Content-Type: text/plain; charset=UTF-8\\n"\n', "although the header says"),
    ],
)
def test_a_latin1_catalog_gets_the_msgconv_hint(tmp_path: Path, header: str, hint: str) -> None:
    path = tmp_path / "latin1.po"
    text = f'msgid ""\nmsgstr ""\n{header}\nmsgid "French"\nmsgstr "Français"\n'
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(CatalogError) as info:
        catalog.load(path)
    assert info.value.message.startswith("not valid UTF-8 (byte 0xe7")
    assert hint in info.value.message and "msgconv --to-code=UTF-8" in info.value.message
    assert info.value.line == text.split("\n").index('msgstr "Français"') + 1
