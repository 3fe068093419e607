"""loctool's line breaking against libunistring 1.0, the library GNU gettext 0.21 wraps
PO strings with: its exported property and pair tables, its column widths and its
``ulc_width_linebreaks`` itself (through ctypes, as an oracle like msgfmt)."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loctool import linebreak

LIBUNISTRING_1_0 = 0x0100_00


@functools.cache
def unistring() -> ctypes.CDLL:
    name = ctypes.util.find_library("unistring") or "libunistring.so.2"
    try:
        lib = ctypes.CDLL(name)
        version = ctypes.c_int.in_dll(lib, "_libunistring_version").value
    except (OSError, ValueError):
        pytest.skip("libunistring (a dependency of GNU gettext) is not installed")
    if version != LIBUNISTRING_1_0:
        pytest.skip(f"the oracle is libunistring 1.0 (gettext 0.21); found {version:#x}")
    lib.uc_width.restype = ctypes.c_int
    lib.uc_width.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
    lib.ulc_width_linebreaks_v2.restype = ctypes.c_int
    return lib


# libunistring's resolution of the classes UAX #14 leaves open, for UTF-8 text
AI, SA, XX, CB = 40, 41, 42, 39
RESOLVED = {AI: linebreak.AL, SA: linebreak.AL, XX: linebreak.AL, CB: linebreak._INDEX["ID1"]}


def test_classes_and_widths_of_every_code_point_are_libunistrings() -> None:
    lib = unistring()

    class Table(ctypes.Structure):  # the layout of libunistring 1.0's lbrkprop2.h
        _fields_ = [
            ("level1", ctypes.c_int * 15),
            ("level2", ctypes.c_int * (4 << 9)),
            ("level3", ctypes.c_ubyte * (246 << 7)),
        ]

    table = Table.in_dll(lib, "libunistring_unilbrkprop")
    level1, level2, level3 = list(table.level1), list(table.level2), bytes(table.level3)

    def lbp(cp: int) -> int:
        l1 = level1[cp >> 16] if cp >> 16 < 15 else -1
        l2 = level2[l1 + ((cp >> 7) & 511)] if l1 >= 0 else -1
        return level3[l2 + (cp & 127)] if l2 >= 0 else XX

    ours = linebreak.table()
    wrong = []
    for cp in range(0x110000):
        cls = RESOLVED.get(lbp(cp), lbp(cp))
        width = max(lib.uc_width(cp, b"UTF-8"), 0)  # gettext ignores control characters
        if ours[cp] != cls * 4 + width:
            wrong.append(f"U+{cp:04X}: ours {ours[cp] >> 2}/{ours[cp] & 3}, {cls}/{width}")
    assert wrong == [], wrong[:20]


def test_pair_table_is_libunistrings() -> None:
    pairs = (ctypes.c_ubyte * (33 * 33)).in_dll(unistring(), "libunistring_unilbrk_table")
    assert [bytes(pairs[i * 33 : i * 33 + 33]) for i in range(33)] == list(linebreak.PAIRS)


PIECES = [
    " ",
    "  ",
    "a",
    "kelime",
    "uzunbirkelimedahauzunbirkelimedaha",
    "ёлка",
    "Қазақстан",
    "1.630",
    "%s",
    "%%",
    "\\\\",
    '\\"',
    "\\n",
    ".",
    ",",
    "/",
    "-",
    "—",
    "…",
    "!",
    "?",
    "(",
    ")",
    "«",
    "»",
    "“",
    "”",
    "'",
    "$",
    "\u00a0",
    "\u00ad",
    "´",
    "中文",
    "日本語",
    "한국어",
    "\u0301",
    "\u05d0\u05d1",
    "\U0001f1e6\U0001f1e8",
    "\U0001f468\u200d\U0001f469",
    "\u2028",
    "\u0085",
    "\u200b",
    "\u2060",
    "\ufeff",
    "\t",
    "https://example.com/a?b=c&d=e",
]
texts = st.lists(
    st.sampled_from(PIECES) | st.characters(blacklist_categories=("Cs",)), max_size=80
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(
    texts,
    st.sampled_from([77, 76, 74, 71, 30, 5, 1, 0]),
    st.sampled_from([0, 1, 6, 7, 13]),
    st.sets(st.integers(min_value=0, max_value=200), max_size=10),
)
def test_breaks_are_libunistrings(text: str, width: int, start: int, prohibited: set[int]) -> None:
    lib = unistring()
    data = text.encode("utf-8", "surrogatepass")
    offsets, at = [], 0
    for ch in text:
        offsets.append(at)
        at += len(ch.encode("utf-8", "surrogatepass"))
    overrides = bytearray(len(data))  # UC_BREAK_UNDEFINED
    for i in prohibited:
        if i < len(text):
            overrides[offsets[i]] = 1  # UC_BREAK_PROHIBITED
    out = ctypes.create_string_buffer(len(data))
    lib.ulc_width_linebreaks_v2(data, len(data), width, start, 0, bytes(overrides), b"UTF-8", out)
    expected = [i for i, off in enumerate(offsets) if out.raw[off] == 2]  # UC_BREAK_POSSIBLE
    assert linebreak.breaks(text, width, start, prohibited) == expected
