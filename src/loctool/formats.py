"""What ``msgfmt --check`` rejects in one entry: format strings and line ends.

GNU msgfmt refuses a catalog (a *fatal* error, no ``.mo``) when a translated, non-fuzzy
entry

* marked ``#, c-format`` (or ``python-format``, ``python-brace-format``, … — any
  ``*-format`` or ``possible-*-format`` flag) has a msgstr whose format directives do
  not fit the msgid's: another count, another type for an argument (``%d`` vs ``%s``,
  ``%ld`` vs ``%d``), a named argument the msgid lacks, or an invalid directive;
* has a msgid and msgstr (each ``msgstr[n]``) that do not both begin, or both end,
  with ``\\n``.

:func:`problems` answers the same, in GNU gettext 0.21's terms, without running msgfmt,
for the formats found in real catalogs: C (``c-format``, ``objc-format``), Python
(``python-format``, ``python-brace-format``) and shell (``sh-format``).  Any other
``*-format`` flag is judged by GNU msgfmt itself on a one-entry catalog when it is
installed; without it such an entry is reported as not verifiable (never passed
blindly).  The tests hold the Python rules to msgfmt's verdict on generated cases.

Plural entries follow msgfmt: ``msgstr[j]`` is compared with ``msgid_plural``, strictly
(same arguments) when form *j* is used for many numbers under the catalog's
``Plural-Forms`` and loosely (a subset) for a form used for one number only.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from . import plural as plurals

# What GNU msgfmt 0.21 knows (the flag name without "-format"); other flags are ignored
# by msgfmt, so by us too.
KNOWN = frozenset(
    (
        "c objc sh python python-brace lisp elisp librep scheme smalltalk java csharp awk "
        "object-pascal ycp tcl perl perl-brace php gcc-internal gfc-internal qt qt-plural "
        "kde kde-kuit boost lua javascript"
    ).split()
)

_FLAG = re.compile(r"(?:possible-)?([a-z0-9+-]+?)-format")
_RANGE = re.compile(r"range:\s*(\d+)\.\.(\d+)")


def kinds(flags: Sequence[str]) -> list[str]:
    """The format languages msgfmt checks for an entry with these flags (``c-format`` and
    ``possible-c-format`` count, ``no-c-format`` and ``impossible-c-format`` do not)."""
    found: list[str] = []
    for flag in flags:
        flag = flag.strip()
        if flag.startswith(("no-", "impossible-")):
            continue
        match = _FLAG.fullmatch(flag)
        if match and match.group(1) in KNOWN and match.group(1) not in found:
            found.append(match.group(1))
    return found


# --------------------------------------------------------------------------- C


# Argument types, as bit sets: a basic type, "unsigned", and a size.
_INT, _DOUBLE, _CHAR, _STRING, _OBJECT, _POINTER, _COUNT = 1, 2, 3, 4, 5, 6, 7
_UNSIGNED = 1 << 3
_SHORT, _SCHAR, _LONG, _LONGLONG = 1 << 4, 2 << 4, 1 << 6, 2 << 6
_SIZE_T, _INTMAX_T, _PTRDIFF_T = 1 << 22, 1 << 20, 1 << 23
_C99 = {
    "MAX": 1 << 20,
    "PTR": 1 << 21,
    "8": 1 << 8,
    "16": 1 << 9,
    "32": 1 << 10,
    "64": 1 << 11,
    "LEAST8": 1 << 12,
    "LEAST16": 1 << 13,
    "LEAST32": 1 << 14,
    "LEAST64": 1 << 15,
    "FAST8": 1 << 16,
    "FAST16": 1 << 17,
    "FAST32": 1 << 18,
    "FAST64": 1 << 19,
}
_C99_MACRO = re.compile(r"PRI([diouxX])(MAX|PTR|(?:LEAST|FAST)?(?:8|16|32|64))>")


class _Invalid(Exception):
    """The string is not a valid format string; the message says why."""


@dataclass(frozen=True)
class Directives:
    """What a format string asks for: positional argument types (with the directive
    that first asked, for messages) and named arguments (name → type)."""

    positional: tuple[tuple[object, str], ...] = ()
    named: tuple[tuple[str, object, str], ...] = ()  # sorted by name

    @property
    def names(self) -> dict[str, tuple[object, str]]:
        return {name: (kind, shown) for name, kind, shown in self.named}


def _digits(text: str, i: int) -> int:
    while i < len(text) and text[i].isdigit() and text[i].isascii():
        i += 1
    return i


def _number_then_dollar(text: str, i: int) -> tuple[int, int]:
    """``m$`` at ``i``: (m, index after ``$``), or (0, i) when there is none."""
    end = _digits(text, i)
    if end > i and end < len(text) and text[end] == "$":
        number = int(text[i:end])
        if number == 0:
            raise _Invalid("argument number 0 (numbers start at 1)")
        return number, end + 1
    return 0, i


def _width(text: str, i: int, add: Callable[[int, int, str], None], shown: str) -> int:
    """A width or precision at ``i``: ``*`` or ``*m$`` (an int argument) or digits."""
    if i < len(text) and text[i] == "*":
        number, i = _number_then_dollar(text, i + 1)
        add(number, _INT, shown)
        return i
    return _digits(text, i)


def _parse_c(  # noqa: C901
    text: str, translated: bool, objc: bool = False, spans: list[tuple[int, int]] | None = None
) -> Directives:
    """The directives of a C format string; ``spans`` (when given) receives the
    ``(start, end)`` of every directive read before the first invalid one."""
    numbered: list[tuple[int, int, str]] = []
    unnumbered: list[tuple[int, str]] = []

    def add(number: int, kind: int, shown: str) -> None:
        if number:
            if unnumbered:
                raise _Invalid("numbered (%1$s) and unnumbered (%s) directives are mixed")
            numbered.append((number, kind, shown))
        else:
            if numbered:
                raise _Invalid("numbered (%1$s) and unnumbered (%s) directives are mixed")
            unnumbered.append((kind, shown))

    i, n = 0, len(text)
    while (start := text.find("%", i)) >= 0:
        i = start + 1
        number, i = _number_then_dollar(text, i)
        while i < n and (text[i] in " +-#0'" or (translated and text[i] == "I")):
            i += 1
        i = _width(text, i, add, "*")
        if i < n and text[i] == ".":
            i = _width(text, i + 1, add, ".*")
        if i < n and text[i] == "<":
            macro = _C99_MACRO.match(text, i + 1)
            if macro is None:
                raise _Invalid(f"{text[start : i + 1]}…: not an ISO C99 <PRI…> macro")
            kind = _INT | (0 if macro.group(1) in "di" else _UNSIGNED) | _C99[macro.group(2)]
            i = macro.end()
            add(number, kind, text[start:i])
            if spans is not None:
                spans.append((start, i))
            continue
        size = 0
        while i < n and text[i] in "hlLqjzZt":
            ch = text[i]
            if ch == "h":
                size = _SCHAR if size & (_SHORT | _SCHAR) else _SHORT
            elif ch == "l":
                size = _LONGLONG if size & (_LONG | _LONGLONG) else _LONG
            elif ch in "Lq":
                size = _LONGLONG
            elif ch == "j":
                size = _INTMAX_T
            elif ch in "zZ":
                size = _SIZE_T
            else:
                size = _PTRDIFF_T
            i += 1
        if i >= n:
            raise _Invalid(f"“{text[start:]}” is unterminated")
        conv = text[i]
        wide = _LONG if size & (_LONG | _LONGLONG) else 0
        kind = 0
        if conv in "%m":
            kind = 0
        elif conv == "c":
            kind = _CHAR | wide
        elif conv == "C":
            kind = _CHAR | _LONG
        elif conv == "s":
            kind = _STRING | wide
        elif conv == "S":
            kind = _STRING | _LONG
        elif conv in "id":
            kind = _INT | size
        elif conv in "ouxX":
            kind = _INT | _UNSIGNED | size
        elif conv in "eEfFgGaA":
            kind = _DOUBLE | (size & _LONGLONG)
        elif conv == "@" and objc:
            kind = _OBJECT
        elif conv == "p":
            kind = _POINTER
        elif conv == "n":
            kind = _COUNT | size
        else:
            raise _Invalid(f"“{text[start : i + 1]}”: unknown conversion ‘{conv}’")
        i += 1
        if kind:
            add(number, kind, text[start:i])
        if spans is not None:
            spans.append((start, i))
    if numbered:
        by_number: dict[int, tuple[int, str]] = {}
        for number, kind, shown in sorted(numbered, key=lambda t: t[0]):
            if number in by_number and by_number[number][0] != kind:
                raise _Invalid(f"argument {number} is used with two different types")
            by_number.setdefault(number, (kind, shown))
        for expected, number in enumerate(sorted(by_number), 1):
            if number != expected:
                raise _Invalid(f"refers to argument {number} but not to argument {expected}")
        return Directives(tuple(by_number[k] for k in sorted(by_number)))
    return Directives(tuple(unnumbered))


def _check_positional(
    a: Directives, b: Directives, equality: bool, where: tuple[str, str]
) -> list[str]:
    left, right = a.positional, b.positional
    if len(left) != len(right) if equality else len(left) < len(right):
        return [
            f"{where[1]} has {len(right)} format directive(s) ({_shown(right)}), "
            f"{where[0]} has {len(left)} ({_shown(left)})"
        ]
    return [
        f"argument {n}: {kind_b[1]} in {where[1]} but {kind_a[1]} in {where[0]}"
        for n, (kind_a, kind_b) in enumerate(zip(left, right, strict=False), 1)
        if kind_a[0] != kind_b[0]
    ]


def _shown(items: tuple[tuple[object, str], ...]) -> str:
    return " ".join(shown for _, shown in items) or "none"


# --------------------------------------------------------------------------- Python


_ANY, _PCHAR, _PSTRING, _PINT, _PFLOAT = "any", "char", "string", "integer", "float"


def _parse_python(  # noqa: C901
    text: str, translated: bool, spans: list[tuple[int, int]] | None = None
) -> Directives:
    """The directives of a Python ``%`` format string; ``spans`` as for :func:`_parse_c`."""
    named: dict[str, tuple[str, str]] = {}
    unnamed: list[tuple[str, str]] = []

    def star(shown: str) -> None:  # a width or precision read from the arguments
        if named:
            raise _Invalid("named %(…)s and unnamed %s directives are mixed")
        unnamed.append((_PINT, shown))

    i, n = 0, len(text)
    while (start := text.find("%", i)) >= 0:
        i = start + 1
        name = None
        if i < n and text[i] == "(":
            depth, j = 0, i + 1
            while j < n:
                if text[j] == "(":
                    depth += 1
                elif text[j] == ")":
                    if depth == 0:
                        break
                    depth -= 1
                j += 1
            if j >= n:
                raise _Invalid(f"“{text[start:]}” is unterminated")
            name, i = text[i + 1 : j], j + 1
        while i < n and text[i] in "-+ #0":
            i += 1
        if i < n and text[i] == "*":
            star("*")
            i += 1
        else:
            i = _digits(text, i)
        zero_precision = False
        if i < n and text[i] == ".":
            i += 1
            if i < n and text[i] == "*":
                star(".*")
                i += 1
            elif i < n and text[i].isdigit() and text[i].isascii():
                end = _digits(text, i)
                zero_precision = set(text[i:end]) == {"0"}
                i = end
        if i < n and text[i] in "hlL":
            i += 1
        if i >= n:
            raise _Invalid(f"“{text[start:]}” is unterminated")
        conv = text[i]
        if conv == "%":
            kind = ""
        elif conv == "c":
            kind = _PCHAR
        elif conv in "sr":
            kind = _ANY if zero_precision else _PSTRING
        elif conv in "iduoxX":
            kind = _PINT
        elif conv in "eEfgG":
            kind = _PFLOAT
        else:
            raise _Invalid(f"“{text[start : i + 1]}”: unknown conversion ‘{conv}’")
        i += 1
        shown = text[start:i]
        if name is not None:
            if unnamed:
                raise _Invalid("named %(…)s and unnamed %s directives are mixed")
            if name in named:
                old = named[name][0]
                if old != kind and _ANY not in (old, kind):
                    raise _Invalid(f"%({name}) is used with two different types")
                if old == _ANY:
                    named[name] = (kind, shown)
            else:
                named[name] = (kind, shown)
        elif conv != "%":
            if named:
                raise _Invalid("named %(…)s and unnamed %s directives are mixed")
            unnamed.append((kind, shown))
        if spans is not None:
            spans.append((start, i))
    return Directives(tuple(unnamed), tuple((k, *named[k]) for k in sorted(named)))


def directive_spans(language: str, text: str, translated: bool) -> list[tuple[int, int]]:
    """Where the directives of a ``c``, ``objc`` or ``python`` format string are, up to
    the first invalid one (gettext's writer never breaks a line inside one)."""
    spans: list[tuple[int, int]] = []
    try:
        if language in ("c", "objc"):
            _parse_c(text, translated, objc=language == "objc", spans=spans)
        elif language == "python":
            _parse_python(text, translated, spans=spans)
    except _Invalid:
        pass
    return spans


def _compatible(a: object, b: object, equality: bool) -> bool:
    return a == b or (not equality and _ANY in (a, b))


def _check_python(
    a: Directives, b: Directives, equality: bool, where: tuple[str, str]
) -> list[str]:
    if a.named and b.positional:
        return [f"{where[0]} expects a mapping (%(name)s), {where[1]} a tuple (%s)"]
    if a.positional and b.named:
        return [f"{where[0]} expects a tuple (%s), {where[1]} a mapping (%(name)s)"]
    found = _check_names(a, b, equality, where)
    if not found:
        mine = a.names
        for name, kind, shown in b.named:
            if not _compatible(mine[name][0], kind, equality):
                found.append(f"%({name}): {shown} in {where[1]} but {mine[name][1]} in {where[0]}")
                break
    if a.positional or b.positional:
        left, right = a.positional, b.positional
        if len(left) != len(right):
            found.append(
                f"{where[1]} has {len(right)} format directive(s) ({_shown(right)}), "
                f"{where[0]} has {len(left)} ({_shown(left)})"
            )
        else:
            found += [
                f"argument {n}: {y[1]} in {where[1]} but {x[1]} in {where[0]}"
                for n, (x, y) in enumerate(zip(left, right, strict=True), 1)
                if not _compatible(x[0], y[0], equality)
            ]
    return found


def _check_names(a: Directives, b: Directives, equality: bool, where: tuple[str, str]) -> list[str]:
    """msgfmt's rule for named arguments: the msgstr's names are the msgid's (all of them
    when ``equality``); the first difference is reported."""
    mine, theirs = a.names, b.names
    for name in sorted(set(mine) | set(theirs)):
        if name not in mine:
            return [f"{theirs[name][1]} is in {where[1]} but not in {where[0]}"]
        if name not in theirs and equality:
            return [f"{mine[name][1]} of {where[0]} is missing in {where[1]}"]
    return []


_BRACE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[0-9]+")
_BRACE_ATTR = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _brace_directive(text: str, i: int, top: bool, names: dict[str, tuple[str, str]]) -> int:
    """Parse the directive at ``text[i] == '{'``; the index after it."""
    start = i
    i += 1
    if top and i < len(text) and text[i] == "{":
        return i + 1
    field = _BRACE_NAME.match(text, i)
    if field is None:
        if i >= len(text):
            raise _Invalid(f"“{text[start:]}” is unterminated")
        raise _Invalid(f"‘{text[i]}’ cannot start a field name in “{text[start : i + 1]}”")
    i = field.end()
    while i < len(text) and text[i] in ".[":
        if text[i] == ".":
            attr = _BRACE_ATTR.match(text, i + 1)
            if attr is None:
                raise _Invalid(f"“{text[start : i + 2]}”: not an attribute name")
            i = attr.end()
        else:
            item = _BRACE_NAME.match(text, i + 1)
            if item is None:
                raise _Invalid(f"“{text[start : i + 2]}”: not an index")
            i = item.end()
            if i >= len(text) or text[i] != "]":
                raise _Invalid(f"“{text[start:i]}”: unterminated [index]")
            i += 1
    if i < len(text) and text[i] == ":":
        if not top:
            raise _Invalid(f"“{text[start:i]}”: a nested directive cannot have a format spec")
        i += 1
        if i < len(text) and text[i] == "{":
            i = _brace_directive(text, i, False, names)
        else:
            if i < len(text) and (i + 1 < len(text) and text[i + 1] in "<>=^"):
                i += 2
            elif i < len(text) and text[i] in "<>=^":
                i += 1
            if i < len(text) and text[i] in "+- ":
                i += 1
            if i < len(text) and text[i] == "#":
                i += 1
            if i < len(text) and text[i] == "0":
                i += 1
            i = _digits(text, i)
            if i + 1 < len(text) and text[i] == "." and text[i + 1].isdigit():
                i = _digits(text, i + 1)
            if i < len(text) and text[i] in "bcdoxXneEfFgG%":
                i += 1
    if i >= len(text) or text[i] != "}":
        raise _Invalid(f"“{text[start : i + 1]}” is unterminated")
    if top:  # msgfmt 0.21 names an argument by all of "name.attr[i]:spec"
        names.setdefault(text[start + 1 : i], ("", text[start : i + 1]))
    return i + 1


def _parse_python_brace(text: str, translated: bool) -> Directives:
    names: dict[str, tuple[str, str]] = {}
    i = 0
    while i < len(text):
        if text[i] == "{":
            i = _brace_directive(text, i, True, names)
        else:
            i += 1
    return Directives((), tuple((k, *names[k]) for k in sorted(names)))


_SH_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _parse_sh(text: str, translated: bool) -> Directives:
    names: dict[str, tuple[str, str]] = {}
    i = 0
    while i < len(text):
        if text[i] != "$":
            i += 1
            continue
        start = i
        i += 1
        if i < len(text) and text[i] == "{":
            end = text.find("}", i + 1)
            body = text[i + 1 : end] if end >= 0 else text[i + 1 :]
            for pos, ch in enumerate(body):
                if not ch.isascii():
                    raise _Invalid(f"“{text[start:]}”: a non-ASCII variable name")
                if pos and ch in "-=+?:":
                    raise _Invalid(f"“{text[start : i + 2 + pos]}”: shell brace syntax")
                if not (ch.isalnum() or ch == "_") or (pos == 0 and ch.isdigit()):
                    raise _Invalid(f"“{text[start : i + 2 + pos]}”: not a plain variable")
            if end < 0:
                raise _Invalid(f"“{text[start:]}” is unterminated")
            if not body:
                raise _Invalid("“${}”: a variable with an empty name")
            name, i = body, end + 1
        else:
            match = _SH_NAME.match(text, i)
            if match is None:
                if i >= len(text):
                    raise _Invalid("a “$” at the end is unterminated")
                kind = "a non-ASCII variable name" if not text[i].isascii() else "not a variable"
                raise _Invalid(f"“{text[start : i + 1]}”: {kind}")
            name, i = match.group(0), match.end()
        names.setdefault(name, ("", text[start:i]))
    return Directives((), tuple((k, *names[k]) for k in sorted(names)))


Parser = Callable[[str, bool], Directives]
Checker = Callable[[Directives, Directives, bool, tuple[str, str]], list[str]]


def _check_brace(a: Directives, b: Directives, equality: bool, where: tuple[str, str]) -> list[str]:
    """msgfmt 0.21 compares Python brace names only where it wants equality."""
    return _check_names(a, b, equality, where) if equality else []


_NATIVE: dict[str, tuple[Parser, Checker]] = {
    "c": (_parse_c, _check_positional),
    "objc": (lambda text, translated: _parse_c(text, translated, objc=True), _check_positional),
    "python": (_parse_python, _check_python),
    "python-brace": (_parse_python_brace, _check_brace),
    "sh": (_parse_sh, _check_names),
}


# --------------------------------------------------------------------------- plurals


@lru_cache(maxsize=64)
def often(plural_forms: str) -> tuple[bool, ...] | None:
    """For each plural form, whether the catalog's ``Plural-Forms`` uses it for many
    numbers (at least 5 of 0‥1000, msgfmt's rule); None when the header cannot say."""
    nplurals = re.search(r"nplurals\s*=\s*(\d+)", plural_forms)
    plural = re.search(r"plural\s*=\s*([^;]*)", plural_forms)
    if nplurals is None or plural is None:
        return (False, True)  # msgfmt's default, the Germanic n != 1
    try:
        rule = _rule(plural_forms)
        if rule is None:
            return None
        counts = [0] * int(nplurals.group(1))
        for n in range(1001):
            counts[rule(n)] += 1
    except (ValueError, IndexError, ZeroDivisionError, OverflowError, RecursionError):
        return None
    return tuple(c >= 5 for c in counts)


def _strict(form: int, forms: int, plural_forms: str, flags: Sequence[str]) -> bool:
    if forms < 2:
        return True
    table = often(plural_forms)
    if table is None or form >= len(table) or not table[form]:
        return False
    for flag in flags:
        match = _RANGE.fullmatch(flag.strip())
        if match:
            low, high = int(match.group(1)), min(int(match.group(2)), int(match.group(1)) + 1000)
            rule = _rule(plural_forms)
            if rule is not None and sum(rule(n) == form for n in range(low, high + 1)) <= 1:
                return False
    return True


@lru_cache(maxsize=64)
def _rule(plural_forms: str) -> Callable[[int], int] | None:
    plural = re.search(r"plural\s*=\s*([^;]*)", plural_forms)
    try:
        return plurals.parse(plural.group(1)) if plural else (lambda n: int(n != 1))
    except ValueError:
        return None


# --------------------------------------------------------------------------- checks


def newline_problems(msgid: str, msgid_plural: str | None, msgstrs: Sequence[str]) -> list[str]:
    """msgfmt's rule: msgid, msgid_plural and every msgstr all begin with ``\\n`` or none
    does; the same for the end."""
    if not msgid:
        return []
    found = []
    names = ["msgstr"] if msgid_plural is None else [f"msgstr[{j}]" for j in range(len(msgstrs))]
    for where, test in (("begin", str.startswith), ("end", str.endswith)):
        want = test(msgid, "\n")
        if msgid_plural is not None and test(msgid_plural, "\n") != want:
            found.append(f"msgid and msgid_plural do not both {where} with a line break (\\n)")
        for name, text in zip(names, msgstrs, strict=True):
            if test(text, "\n") != want:
                side = "the source does" if want else "the source does not"
                found.append(
                    f"{name} and msgid do not both {where} with a line break (\\n); {side}"
                )
    return found


def format_problems(
    msgid: str,
    msgid_plural: str | None,
    msgstrs: Sequence[str],
    flags: Sequence[str],
    plural_forms: str = "",
) -> list[str]:
    """Why msgfmt would reject this entry's format strings (empty: it would not)."""
    found: list[str] = []
    for kind in kinds(flags):
        if kind in _NATIVE:
            found += _native(kind, msgid, msgid_plural, msgstrs, flags, plural_forms)
        else:
            found += _by_msgfmt(kind, msgid, msgid_plural, tuple(msgstrs), plural_forms)
    return found


def _native(
    kind: str,
    msgid: str,
    msgid_plural: str | None,
    msgstrs: Sequence[str],
    flags: Sequence[str],
    plural_forms: str,
) -> list[str]:
    parse, check = _NATIVE[kind]
    source = msgid_plural if msgid_plural is not None else msgid
    try:
        wanted = parse(source, False)
    except _Invalid:
        return []  # msgfmt checks nothing against a msgid that is no format string
    found = []
    label = "msgid_plural" if msgid_plural is not None else "msgid"
    for j, text in enumerate(msgstrs):
        name = f"msgstr[{j}]" if msgid_plural is not None else "msgstr"
        try:
            given = parse(text, True)
        except _Invalid as exc:
            found.append(f"{kind}-format: {name} is not a valid format string: {exc}")
            continue
        strict = msgid_plural is None or _strict(j, len(msgstrs), plural_forms, flags)
        found += [f"{kind}-format: {p}" for p in check(wanted, given, strict, (label, name))]
    return found


@lru_cache(maxsize=256)
def _by_msgfmt(
    kind: str, msgid: str, msgid_plural: str | None, msgstrs: tuple[str, ...], plural_forms: str
) -> list[str]:
    """Ask GNU msgfmt about a format language loctool does not parse itself."""
    from .poformat import escape

    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return [f"{kind}-format cannot be verified here: GNU msgfmt is not installed"]
    header = "Content-Type: text/plain; charset=UTF-8\\n"
    if msgid_plural is not None:
        header += f"Plural-Forms: {escape(plural_forms or 'nplurals=2; plural=(n != 1);')}\\n"
    lines = ['msgid ""', f'msgstr "{header}"', "", f"#, {kind}-format", f'msgid "{escape(msgid)}"']
    if msgid_plural is None:
        lines.append(f'msgstr "{escape(msgstrs[0])}"')
    else:
        lines.append(f'msgid_plural "{escape(msgid_plural)}"')
        lines += [f'msgstr[{j}] "{escape(text)}"' for j, text in enumerate(msgstrs)]
    with tempfile.TemporaryDirectory(prefix="loctool-msgfmt-") as tmp:
        path = os.path.join(tmp, "entry.po")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
        done = subprocess.run(
            [msgfmt, "--check-format", "-o", os.devnull, path],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "LC_ALL": "C"},
        )
    if done.returncode == 0:
        return []
    said = [
        line.split(": ", 1)[1] if line.startswith(path) else line
        for line in done.stderr.splitlines()
        if line.strip() and "fatal error" not in line
    ]
    return [f"{kind}-format: {line}" for line in said] or [f"{kind}-format: msgfmt refuses it"]


def problems(
    msgid: str,
    msgid_plural: str | None,
    msgstrs: Sequence[str],
    flags: Sequence[str] = (),
    plural_forms: str = "",
) -> list[str]:
    """Everything msgfmt would reject in this entry, were it not fuzzy.  An entry whose
    (first) msgstr is empty is untranslated: msgfmt leaves it out, and so does this."""
    if not msgstrs or not msgstrs[0]:
        return []
    return newline_problems(msgid, msgid_plural, msgstrs) + format_problems(
        msgid, msgid_plural, msgstrs, flags, plural_forms
    )
