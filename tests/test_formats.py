"""msgfmt-fatal problems (issue 11): loctool's verdict on format strings and line ends
equals GNU msgfmt's, on thousands of generated entries (msgfmt is the oracle).

Each generated catalog holds many entries, one msgctxt each; msgfmt runs once per
catalog and its complaints are mapped back to entries by line number."""

from __future__ import annotations

import os
import random
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from loctool import formats
from loctool.poformat import escape

RU_PLURALS = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);"
)
PLURAL_HEADERS = [
    "nplurals=2; plural=(n != 1);",
    RU_PLURALS,
    "nplurals=1; plural=0;",
    "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);",  # forms 0 and 1: one number each
]

Entry = tuple[str, str | None, list[str], list[str]]  # msgid, msgid_plural, msgstrs, flags


def write_catalog(path: Path, entries: list[Entry], plural_forms: str) -> list[tuple[int, int]]:
    """A catalog of ``entries`` (msgctxt "e<n>"); the line span of each entry."""
    lines = [
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        f'"Plural-Forms: {plural_forms}\\n"',
    ]
    spans = []
    for n, (msgid, plural, msgstrs, flags) in enumerate(entries):
        lines.append("")
        start = len(lines) + 1
        if flags:
            lines.append("#, " + ", ".join(flags))
        lines.append(f'msgctxt "e{n}"')
        lines.append(f'msgid "{escape(msgid)}"')
        if plural is None:
            lines.append(f'msgstr "{escape(msgstrs[0])}"')
        else:
            lines.append(f'msgid_plural "{escape(plural)}"')
            lines += [f'msgstr[{j}] "{escape(s)}"' for j, s in enumerate(msgstrs)]
        spans.append((start, len(lines)))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return spans


def msgfmt_verdicts(path: Path, spans: list[tuple[int, int]]) -> list[bool]:
    """For each entry: does ``msgfmt --check`` report a fatal error in it?"""
    done = subprocess.run(
        ["msgfmt", "--check", "-o", os.devnull, str(path)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "LC_ALL": "C"},
    )
    bad_lines = {
        int(m.group(1)) for m in re.finditer(rf"^{re.escape(str(path))}:(\d+): ", done.stderr, re.M)
    }
    return [any(start <= line <= end for line in bad_lines) for start, end in spans]


def compare(tmp_path: Path, name: str, entries: list[Entry], plural_forms: str) -> None:
    path = tmp_path / f"{name}.po"
    spans = write_catalog(path, entries, plural_forms)
    oracle = msgfmt_verdicts(path, spans)
    mismatches = []
    for (msgid, plural, msgstrs, flags), expected in zip(entries, oracle, strict=True):
        found = formats.problems(msgid, plural, msgstrs, flags, plural_forms)
        if bool(found) != expected:
            mismatches.append((msgid, plural, msgstrs, flags, expected, found))
    assert not mismatches, f"{len(mismatches)} of {len(entries)} differ, e.g. {mismatches[:5]}"
    assert any(oracle) and not all(oracle)  # the generator made both kinds
    path.unlink()  # broken on purpose: not for the autouse msgfmt oracle


# --------------------------------------------------------------------------- generators

WORDS = ["файл", "x", "жол", " ", "", "100", "%%", "қате"]


def c_directive(rng: random.Random) -> str:
    if rng.random() < 0.05:
        return rng.choice(["%<PRId64>", "%<PRIuMAX>", "%<PRIxLEAST16>", "%<PRIq8>", "%<PRId64"])
    pos = rng.choice(["", "", "", "1$", "2$", "3$", "0$"])
    flags = "".join(rng.choice(" +-#0'I") for _ in range(rng.choice([0, 0, 0, 1, 2])))
    width = rng.choice(["", "", "5", "*", "*1$", "*2$"])
    precision = rng.choice(["", "", "", ".2", ".*", ".*2$", "."])
    size = rng.choice(["", "", "", "h", "hh", "l", "ll", "L", "q", "j", "z", "Z", "t", "hl"])
    conv = rng.choice("diouxXeEfFgGaAcCsSpnm%@ykd")
    return f"%{pos}{flags}{width}{precision}{size}{conv}"


def python_directive(rng: random.Random) -> str:
    name = rng.choice(["", "", "", "(name)", "(count)", "(a(b))", "(x"])
    flags = rng.choice(["", "", "-", "0", "#", " "])
    width = rng.choice(["", "", "5", "*"])
    precision = rng.choice(["", "", ".2", ".0", ".*", ".00"])
    size = rng.choice(["", "", "", "l", "h"])
    conv = rng.choice("sdrcifgeExXou%aFy")
    return f"%{name}{flags}{width}{precision}{size}{conv}"


def brace_directive(rng: random.Random) -> str:
    return rng.choice(
        [
            "{name}",
            "{count}",
            "{0}",
            "{1}",
            "{}",
            "{a.b}",
            "{a[0]}",
            "{a[x]}",
            "{name:>10}",
            "{count:d}",
            "{name:{width}}",
            "{{",
            "}}",
            "{name!r}",
            "{name",
            "{a.}",
            "{ name}",
            "{n:{w:{x}}}",
        ]
    )


def sh_directive(rng: random.Random) -> str:
    return rng.choice(
        ["$name", "${name}", "$count", "${count}", "$1", "${a:-x}", "$", "$ü", "${}", "${9a}", "$$"]
    )


def format_string(rng: random.Random, directive: Callable[[random.Random], str]) -> list[str]:
    parts = []
    for _ in range(rng.choice([1, 1, 2, 2, 3])):
        parts += [rng.choice(WORDS), directive(rng)]
    return parts + [rng.choice(WORDS)]


def mutate(rng: random.Random, parts: list[str], directive: Callable[[random.Random], str]) -> str:
    parts = list(parts)
    slots = list(range(1, len(parts), 2))
    action = rng.random()
    if action < 0.3:
        pass  # the same directives, other words
    elif action < 0.45 and len(slots) > 1:
        a, b = rng.sample(slots, 2)
        parts[a], parts[b] = parts[b], parts[a]
    elif action < 0.6:
        parts[rng.choice(slots)] = directive(rng)
    elif action < 0.7:
        parts[rng.choice(slots)] = ""
    elif action < 0.8:
        parts.append(directive(rng))
    elif action < 0.9 and parts[1].startswith("%") and "$" not in parts[1]:
        # numbered directives in the translation, possibly reordered
        numbered = [(n, p) for n, p in enumerate(parts[1::2], 1) if p.startswith("%")]
        rng.shuffle(numbered)
        return " слово ".join(f"%{n}${p[1:]}" for n, p in numbered)
    else:
        parts = format_string(rng, directive)
    for n in range(0, len(parts), 2):
        parts[n] = rng.choice(WORDS)
    return "".join(parts)


GENERATORS = {
    "c-format": c_directive,
    "objc-format": c_directive,
    "python-format": python_directive,
    "python-brace-format": brace_directive,
    "sh-format": sh_directive,
}


@pytest.mark.parametrize("flag", sorted(GENERATORS))
def test_format_verdicts_equal_msgfmt(tmp_path: Path, flag: str) -> None:
    rng = random.Random(flag)
    directive = GENERATORS[flag]
    entries: list[Entry] = []
    for _ in range(1500):
        parts = format_string(rng, directive)
        entries.append(("".join(parts), None, [mutate(rng, parts, directive)], [flag]))
    compare(tmp_path, flag, entries, PLURAL_HEADERS[0])


@pytest.mark.parametrize("header", range(len(PLURAL_HEADERS)))
def test_plural_format_verdicts_equal_msgfmt(tmp_path: Path, header: int) -> None:
    plural_forms = PLURAL_HEADERS[header]
    forms = int(re.search(r"nplurals=(\d+)", plural_forms).group(1))  # type: ignore[union-attr]
    rng = random.Random(header)
    entries: list[Entry] = []
    for n in range(600):
        flag = rng.choice(["c-format", "python-format", "python-brace-format"])
        directive = GENERATORS[flag]
        parts = format_string(rng, directive)
        singular = "".join(parts) if rng.random() < 0.7 else rng.choice(WORDS) + " бір"
        msgstrs = [mutate(rng, parts, directive) for _ in range(forms)]
        flags = [flag] + (["range: 0..1"] if n % 7 == 0 else [])
        entries.append((singular, "".join(parts), msgstrs, flags))
    compare(tmp_path, f"plural{header}", entries, plural_forms)


def test_newline_verdicts_equal_msgfmt(tmp_path: Path) -> None:
    rng = random.Random(7)
    shapes = ["x", "\nx", "x\n", "\nx\n", "\n", "a\nb"]
    entries: list[Entry] = []
    for _ in range(300):
        msgid, plural = rng.choice(shapes), rng.choice([None, None, *shapes])
        count = 1 if plural is None else 2
        entries.append((msgid, plural, [rng.choice(shapes) for _ in range(count)], []))
    compare(tmp_path, "newlines", entries, PLURAL_HEADERS[0])


def test_other_format_languages_are_judged_by_msgfmt(tmp_path: Path) -> None:
    entries: list[Entry] = [
        ("%1 of %2", None, ["%2 / %1"], ["qt-format"]),
        ("%1 of %2", None, ["%1 / %3"], ["qt-format"]),
        ("%s and %d", None, ["%s және %d"], ["php-format"]),
        ("%s and %d", None, ["%d және %s"], ["php-format"]),
        ("{0} files", None, ["{0} файл"], ["csharp-format"]),
        ("{0} files", None, ["{1} файл"], ["csharp-format"]),
        ("%s x", None, ["%d x"], ["no-c-format"]),  # never checked
        ("%s x", None, ["%d x"], ["rust-format"]),  # unknown to msgfmt 0.21: ignored
    ]
    compare(tmp_path, "others", entries, PLURAL_HEADERS[0])


def test_messages_say_what_differs() -> None:
    (message,) = formats.problems("%d files in %s", None, ["%s файл"], ["c-format"])
    assert message == "c-format: msgstr has 1 format directive(s) (%s), msgid has 2 (%d %s)"
    assert formats.problems("%d of %s", None, ["%s из %d"], ["c-format"]) == [
        "c-format: argument 1: %s in msgstr but %d in msgid",
        "c-format: argument 2: %d in msgstr but %s in msgid",
    ]
    (message,) = formats.problems("%(n)d items", None, ["%(m)d элемент"], ["python-format"])
    assert message == "python-format: %(m)d is in msgstr but not in msgid"
    (message,) = formats.problems("line\n", None, ["жол"], [])
    assert "end with a line break" in message and "the source does" in message
    assert formats.problems("%1$s %2$d", None, ["%2$d %1$s"], ["c-format"]) == []
    assert formats.problems("100%% of %s", None, ["%s: 100%%"], ["c-format"]) == []
