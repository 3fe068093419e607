"""Generate ``src/loctool/_unidata.py``: line-breaking class and column width of every
Unicode code point, as GNU gettext 0.21 sees them when it wraps PO strings.

gettext wraps with libunistring's ``ulc_width_linebreaks``; libunistring 1.0 (the one
gettext 0.21 runs with, e.g. on Debian 12) implements Unicode 14.0.  This script
reads the Unicode Character Database files of Debian's ``unicode-data`` package
(Unicode 15.0), keeps only what Unicode 14.0 had assigned, and applies libunistring's
resolution of the classes that UAX #14 leaves to the implementation:

* AI, SA, XX, SG → AL;  CB → ID;  CJ → NS;  NL → BK;
* OP and CP are split into an East Asian variant (East_Asian_Width W, F or H) and
  the rest; ID into ID and "ID2" (reserved code points that are Extended_Pictographic).

Widths follow libunistring's ``uc_width`` for a UTF-8 locale: 0 for non-spacing marks,
format controls, ZERO WIDTH characters and conjoining Hangul jamo; nothing for C0/C1
controls (also 0 here: gettext ignores them); 2 for East_Asian_Width W and F; else 1.

    apt-get install unicode-data
    python tests/tools/gen_unidata.py > src/loctool/_unidata.py

tests/test_linebreak.py checks the generated table against the installed libunistring
(its exported tables), code point by code point.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

UCD = Path("/usr/share/unicode")
VERSION = (14, 0)

# libunistring's class numbers (the rows and columns of its pair table, then the rest)
CLASSES = (
    "WJ GL B2 BA BB HY CL CP1 CP2 EX IN NS OP1 OP2 QU IS NU PO PR SY AL H2 H3 ID1 ID2 "
    "JL JV JT HL RI ZWJ EB EM BK CR LF CM ZW SP"
).split()
CODE = {name: i for i, name in enumerate(CLASSES)}
RESOLVE = {"AI": "AL", "SA": "AL", "XX": "AL", "SG": "AL", "CB": "ID1", "CJ": "NS", "NL": "BK"}

# Unassigned code points that UAX #14 gives a class other than XX (LineBreak.txt header).
UNASSIGNED_LB = (
    (0x3400, 0x4DBF, "ID"),
    (0x4E00, 0x9FFF, "ID"),
    (0xF900, 0xFAFF, "ID"),
    (0x1F000, 0x1FAFF, "ID"),
    (0x1FC00, 0x1FFFD, "ID"),
    (0x20000, 0x2FFFD, "ID"),
    (0x30000, 0x3FFFD, "ID"),
    (0x20A0, 0x20CF, "PR"),
)
# Unassigned code points that libunistring 1.0 counts as two columns wide (the wide
# blocks they lie in).
UNASSIGNED_WIDE = (
    (0x2E80, 0x2FFF),
    (0x3040, 0x309F),
    (0x3100, 0x318F),
    (0x31C0, 0x31EF),
    (0x3200, 0x32FF),
    (0xA000, 0xA4CF),
    (0xF900, 0xFAFF),
    (0xFE10, 0xFE1F),
    (0xFE50, 0xFE6F),
    (0xFF00, 0xFF00),
    (0x1F200, 0x1F2FF),
    (0x20000, 0x2FFFF),
    (0x30000, 0x3FFFF),
)
# Unicode 15.0 changed these; libunistring 1.0 has the Unicode 14.0 classes.
UNICODE_14_LB = {0x1DCD: "CM", 0x1DFC: "CM", 0x2057: "AL"}


def _fields(name: str) -> Iterator[tuple[int, int, list[str]]]:
    for line in (UCD / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split(";")]
        first, _, last = parts[0].partition("..")
        yield int(first, 16), int(last or first, 16), parts[1:]


def _assigned() -> bytearray:
    assigned = bytearray(0x110000)
    for first, last, (age,) in _fields("DerivedAge.txt"):
        if tuple(int(x) for x in age.split(".")) <= VERSION:
            assigned[first : last + 1] = b"\1" * (last - first + 1)
    for cp in range(0xFDD0, 0xFDF0):  # noncharacters: DerivedAge lists them, UnicodeData
        assigned[cp] = 0  # does not, libunistring treats them as unassigned
    for plane in range(17):
        assigned[plane * 0x10000 + 0xFFFE] = assigned[plane * 0x10000 + 0xFFFF] = 0
    return assigned


def _unicode_data() -> dict[int, tuple[str, str, str]]:
    """code point → (name, general category, bidi class); ranges expanded."""
    data: dict[int, tuple[str, str, str]] = {}
    start = None
    for line in (UCD / "UnicodeData.txt").read_text(encoding="utf-8").splitlines():
        cells = line.split(";")
        cp, name, cat, bidi = int(cells[0], 16), cells[1], cells[2], cells[4]
        if name.endswith(", First>"):
            start = cp
            continue
        if name.endswith(", Last>") and start is not None:
            for c in range(start, cp + 1):
                data[c] = ("", cat, bidi)
            start = None
            continue
        data[cp] = (name, cat, bidi)
    return data


def build() -> list[tuple[int, int]]:
    """Runs ``(first code point, class * 4 + width)`` covering 0..0x10FFFF."""
    assigned = _assigned()
    udata = _unicode_data()
    eaw = ["N"] * 0x110000
    for first, last, (value,) in _fields("EastAsianWidth.txt"):
        eaw[first : last + 1] = [value] * (last - first + 1)
    lb = ["XX"] * 0x110000
    for first, last, (value,) in _fields("LineBreak.txt"):
        lb[first : last + 1] = [value] * (last - first + 1)
    pictographic = set()
    for first, last, (value,) in _fields("emoji/emoji-data.txt"):
        if value == "Extended_Pictographic":
            pictographic.update(range(first, last + 1))

    def line_class(cp: int) -> str:
        if not assigned[cp]:
            value = next((v for a, b, v in UNASSIGNED_LB if a <= cp <= b), "XX")
            if value == "ID":
                return "ID2" if cp in pictographic else "ID1"
            return RESOLVE.get(value, value)
        value = UNICODE_14_LB.get(cp, lb[cp])
        if value in ("OP", "CP"):
            return value + ("2" if eaw[cp] in ("W", "F", "H") else "1")
        if value == "ID":
            return "ID1"
        return RESOLVE.get(value, value)

    def width(cp: int) -> int:
        if cp < 0x20 or 0x7F <= cp < 0xA0:
            return 0  # controls: ignored by gettext's wrapping
        if cp == 0xE0001 or 0xE0020 <= cp <= 0xE007F or 0xE0100 <= cp <= 0xE01EF:
            return 0
        if not assigned[cp]:
            return 2 if any(a <= cp <= b for a, b in UNASSIGNED_WIDE) else 1
        name, cat, bidi = udata.get(cp, ("", "Cn", ""))
        if (
            bidi == "NSM"
            or cat == "Cf"
            or name.startswith("ZERO WIDTH")
            or 0x1160 <= cp <= 0x11FF
            or 0xD7B0 <= cp <= 0xD7FF
        ):
            return 0
        return 2 if eaw[cp] in ("W", "F") else 1

    runs: list[tuple[int, int]] = []
    for cp in range(0x110000):
        value = CODE[line_class(cp)] * 4 + width(cp)
        if not runs or runs[-1][1] != value:
            runs.append((cp, value))
    return runs


def main() -> None:
    runs = build()
    body = " ".join(f"{cp:x}:{value:x}" for cp, value in runs)
    lines = [body[i : i + 88] for i in range(0, len(body), 88)]
    out = sys.stdout
    out.write('"""Unicode 14.0 line-breaking classes and column widths (libunistring 1.0).\n\n')
    out.write(
        "Generated by tests/tools/gen_unidata.py from the Unicode Character Database; do not\n"
    )
    out.write('edit.  RUNS: "first:value" (hex), value = class * 4 + width, class numbers as\n')
    out.write('CLASSES lists them."""\n\n')
    names = " ".join(CLASSES)
    half = names.index(" ", len(names) // 2)
    out.write(f'CLASSES = (\n    "{names[:half]}"\n    "{names[half:]}"\n).split()\n\n')
    out.write("RUNS = (\n")
    for chunk in lines:
        out.write(f'    "{chunk}"\n')
    out.write(")\n")


if __name__ == "__main__":
    main()
