"""PO text: a strict parser and a pure writer, both of the :mod:`loctool.messages` model.

:func:`parse` is strict where common PO libraries are lenient (unterminated strings,
unknown escapes, duplicate entries are errors; blank ``#.`` lines are kept): it gives
the verdicts of ``msgfmt --check`` and the line number of the first problem, and builds
:class:`~loctool.messages.Message` objects directly.  :func:`render` writes a catalog
the way GNU gettext 0.21's ``msgcat`` does (strings wrapped at 79 columns where Unicode
line breaking allows, see :mod:`loctool.linebreak`); comments are never wrapped, as
gettext never wraps them: the raw machine text lives in a comment and must survive.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from . import formats, linebreak, plural
from .errors import CatalogError
from .messages import Catalog, Key, Message

WIDTH = 79

_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(.*)$")
_VALID_ESCAPES = set("\\\"ntrabfv?'")
_CHARSET = re.compile(r"charset=([^\s;\\]+)", re.IGNORECASE)
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_ESCAPE_RE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))")


def _unescape_match(m: re.Match[str]) -> str:
    if m.group(1):
        return chr(int(m.group(1), 8))
    if m.group(2):
        return chr(int(m.group(2), 16))
    ch = m.group(3)
    return _ESCAPES.get(ch, ch)


def unescape(raw: str) -> str:
    return _ESCAPE_RE.sub(_unescape_match, raw) if "\\" in raw else raw


def _string(literal: str, path: str, line: int) -> str:
    """The value of one quoted PO string, strictly checked (as msgfmt does)."""
    # Fast path, for the well-formed strings that nearly every line holds; anything
    # else goes through the character loop, which names the problem.
    whole = _WELL_FORMED.fullmatch(literal)
    if whole is not None and ("\\" not in literal or _BAD_ESCAPE.search(whole.group(1)) is None):
        return unescape(whole.group(1))
    return _checked_string(literal, path, line)


# A quoted string (escapes kept) and nothing but blanks after it; an escape that msgfmt
# rejects (the inverse of _VALID_ESCAPES plus octal digits and \x).
_WELL_FORMED = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"\s*', re.DOTALL)
_BAD_ESCAPE = re.compile(r"\\[^\\\"ntrabfv?'0-7x]", re.DOTALL)


def _checked_string(literal: str, path: str, line: int) -> str:
    if not literal.startswith('"'):
        raise CatalogError("expected a quoted string", path, line)
    i, n = 1, len(literal)
    while i < n:
        ch = literal[i]
        if ch == "\\":
            if i + 1 >= n:
                break
            nxt = literal[i + 1]
            if nxt not in _VALID_ESCAPES and nxt not in "01234567x":
                raise CatalogError(f"invalid escape sequence \\{nxt}", path, line)
            i += 2
            continue
        if ch == '"':
            if literal[i + 1 :].strip():
                raise CatalogError("text after the closing quote", path, line)
            return unescape(literal[1:i])
        i += 1
    raise CatalogError("unterminated string", path, line)


def _reference(token: str) -> tuple[str, str]:
    """``file:line`` → (file, line); loctool's ``file:line:column`` → (file, "line:column")."""
    name, sep, num = token.rpartition(":")
    if not (sep and num.isdigit()):
        return (token, "")
    inner, sep, line = name.rpartition(":")
    if sep and line.isdigit() and inner:
        return (inner, f"{line}:{num}")
    return (name, num)


# A block: consecutive non-blank lines (blank as ``str.strip`` sees it); blank lines end
# an entry, so every block is parsed on its own.
_BLOCK = re.compile(r"^[^\S\n]*\S.*(?:\n[^\S\n]*\S.*)*", re.MULTILINE)
# The usual entry, read in one match: comments (no ``#~``/``#|``), an optional msgctxt,
# msgid and msgstr, each keyword followed by well-formed strings one per line (escapes
# msgfmt accepts).  Whatever else a block holds goes through the line by line reader.
_QUOTED = r'"[^"\\\n]*(?:\\[\\"ntrabfv?\'0-7x][^"\\\n]*)*"'
_STRINGS = rf"{_QUOTED}(?:\n{_QUOTED})*"
_ENTRY = re.compile(
    rf"((?:#(?![~|])[^\n]*\n)*)(?:msgctxt ({_STRINGS})\n)?msgid ({_STRINGS})\nmsgstr ({_STRINGS})"
)


def parse(text: str, path: str) -> Catalog:
    """Parse PO text strictly into a :class:`~loctool.messages.Catalog` (``path`` kept
    in it); :class:`CatalogError` names the line of the first problem."""
    entries: list[Message] = []
    number = 1  # the line each piece starts on
    # A piece between two "\n\n" that is a usual entry is a whole block (the lines
    # around it are empty); any other piece is split into blocks by _BLOCK.
    for piece in text.split("\n\n"):
        usual = _ENTRY.fullmatch(piece)
        if usual is not None:
            entries.append(_usual_entry(usual, number))
        else:
            entries.extend(_blocks(piece, number, path))
        number += piece.count("\n") + 2
    return _split_header(entries, path)


def _blocks(text: str, first: int, path: str) -> Iterator[Message]:
    """The entries of ``text`` (starting on line ``first``), block by block."""
    number, pos = first, 0
    for m in _BLOCK.finditer(text):
        number += text.count("\n", pos, m.start())
        pos = m.start()
        block = m.group()
        usual = _ENTRY.fullmatch(block)
        if usual is not None:
            yield _usual_entry(usual, number)
        else:
            yield from _parse_block(block.split("\n"), number, path)


def _strings(group: str) -> str:
    """The value of checked strings, one per line."""
    if "\\" not in group:
        return group[1:-1] if "\n" not in group else "".join(group[1:-1].split('"\n"'))
    return "".join(unescape(s[1:-1]) for s in group.split("\n"))


def _usual_entry(m: re.Match[str], number: int) -> Message:
    comments, msgctxt, msgid, msgstr = m.groups()
    entry = Message(_strings(msgid), _strings(msgstr), linenum=number)
    if msgctxt is not None:
        entry.msgctxt = _strings(msgctxt)
    if comments:
        tc_lines: list[str] = []
        gc_lines: list[str] = []
        for line in comments[:-1].split("\n"):
            _comment(line.rstrip(), entry, tc_lines, gc_lines)  # it starts with "#"
        if tc_lines:
            entry.tcomment = "\n".join(tc_lines)
        if gc_lines:
            entry.comment = "\n".join(gc_lines)
    return entry


def _comment(line: str, entry: Message, tc_lines: list[str], gc_lines: list[str]) -> None:
    """One comment line other than ``#|`` (stripped) into ``entry``."""
    kind = line[1:2]
    if kind == ".":
        gc_lines.append(line[3:] if line[2:3] == " " else line[2:])
    elif kind == ":":
        entry.occurrences.extend(map(_reference, line[2:].split()))
    elif kind == ",":
        entry.flags.extend(f for f in map(str.strip, line[2:].split(",")) if f)
    else:
        tc_lines.append(line[2:] if kind == " " else line[1:])


def _parse_block(  # noqa: C901 - one state machine
    lines: list[str], first: int, path: str
) -> list[Message]:
    """The entries of one block of non-blank lines starting at line ``first``, line by
    line: every form :data:`_ENTRY` does not read, and every error."""
    entries: list[Message] = []
    entry = Message("")
    # what the entry being read has seen so far
    has_msgid = has_msgstr = plural = started = False  # started: a keyword seen
    tc_lines: list[str] = []
    gc_lines: list[str] = []
    current = ""  # the keyword continuation strings belong to

    def close() -> None:
        nonlocal entry, current, started, has_msgid, has_msgstr, plural, tc_lines, gc_lines
        if started:  # comments without an entry are dropped, as gettext does
            if not has_msgid:
                raise CatalogError("entry without msgid", path, entry.linenum)
            if not has_msgstr:
                raise CatalogError("missing msgstr", path, entry.linenum)
            if tc_lines:
                entry.tcomment = "\n".join(tc_lines)
            if gc_lines:
                entry.comment = "\n".join(gc_lines)
            entries.append(entry)
        entry = Message("")
        tc_lines, gc_lines = [], []
        current = ""
        started = has_msgid = has_msgstr = plural = False

    for number, raw in enumerate(lines, start=first):
        line = raw.strip()  # "\r" of CRLF files included
        obsolete = False
        previous = False
        if line.startswith("#~"):
            line = line[2:].lstrip()
            obsolete = True
            if line.startswith("|"):
                previous = True
                line = line[1:].lstrip()
            if not line:
                continue
        elif line.startswith("#"):
            if started and has_msgstr:
                close()
            if not entry.linenum:
                entry.linenum = number
            if not line.startswith("#|"):
                _comment(line, entry, tc_lines, gc_lines)
                continue
            previous = True
            line = line[2:].strip()
        if line.startswith('"'):
            if not current:
                raise CatalogError("string without a keyword", path, number)
            _append(entry, current, _string(line, path, number))
            continue
        m = _KEYWORD.match(line)
        if not m:
            raise CatalogError(f"unknown keyword {line.split()[0][:30]!r}", path, number)
        keyword, index, rest = m.groups()
        value = _string(rest, path, number)
        if previous:
            if keyword.startswith("msgstr"):
                raise CatalogError("msgstr in a previous-msgid comment", path, number)
            current = f"previous_{keyword}"
            setattr(entry, current, value)
            continue
        if started and has_msgstr and keyword in ("msgctxt", "msgid"):
            close()
        if (
            started
            and not has_msgstr
            and ((keyword == "msgid" and has_msgid) or keyword == "msgctxt")
        ):
            raise CatalogError("missing msgstr", path, entry.linenum)
        if not entry.linenum:
            entry.linenum = number
        started = True
        entry.obsolete = entry.obsolete or obsolete
        if keyword == "msgctxt":
            entry.msgctxt = value
        elif keyword == "msgid":
            entry.msgid, has_msgid = value, True
        elif keyword == "msgid_plural":
            if not has_msgid or has_msgstr:
                raise CatalogError("msgid_plural out of place", path, number)
            entry.msgid_plural, plural = value, True
        else:
            if not has_msgid:
                raise CatalogError("msgstr before msgid", path, number)
            if index is None and plural:
                raise CatalogError("a plural message needs msgstr[N]", path, number)
            if index is not None and not plural:
                raise CatalogError("msgstr[N] without msgid_plural", path, number)
            if index is None:
                entry.msgstr = value
            else:
                entry.msgstr_plural[int(index)] = value
            has_msgstr = True
        current = keyword if index is None else f"msgstr[{index}]"
    close()
    return entries


def _append(entry: Message, current: str, value: str) -> None:
    if current == "msgstr":
        entry.msgstr += value
    elif current == "msgid":
        entry.msgid += value
    elif current.startswith("msgstr["):
        index = int(current[7:-1])
        entry.msgstr_plural[index] = entry.msgstr_plural.get(index, "") + value
    else:  # msgctxt, msgid_plural and the previous_… ones
        setattr(entry, current, (getattr(entry, current) or "") + value)


def _split_header(entries: list[Message], path: str) -> Catalog:
    header = next(
        (e for e in entries if e.msgid == "" and e.msgctxt is None and not e.obsolete), None
    )
    metadata: dict[str, str] = {}
    if header is not None:
        entries = [e for e in entries if e is not header]
        key = None
        for hline in header.msgstr.split("\n"):
            name, sep, value = hline.partition(":")
            if sep and name.strip() and " " not in name.strip():
                key = name.strip()
                metadata[key] = value.strip()
            elif key is not None and hline.strip():
                metadata[key] += "\n" + hline.strip()
    _check_catalog(metadata, entries, path, header.linenum if header else 1)
    return Catalog(
        entries,
        metadata,
        header=header.tcomment if header else "",
        header_flags=header.flags if header else [],
        path=path,
    )


def _check_catalog(metadata: dict[str, str], entries: list[Message], path: str, line: int) -> None:
    charset = _CHARSET.search(metadata.get("Content-Type", ""))
    if charset and charset.group(1).upper() not in ("UTF-8", "UTF8", "CHARSET"):
        raise CatalogError(
            f"charset {charset.group(1)} is not supported; convert the file to UTF-8 "
            "(msgconv --to-code=UTF-8)",
            path,
            line,
        )
    forms = metadata.get("Plural-Forms", "")
    has_plurals = any(  # as msgfmt counts them: translated, not fuzzy
        not e.obsolete and e.msgstr_plural.get(0) and "fuzzy" not in e.flags for e in entries
    )
    if forms or has_plurals:
        wrong = plural.problem(forms, has_plurals)
        if wrong is not None:
            raise CatalogError(f"Plural-Forms: {wrong}", path, line)
    found = _NPLURALS.search(forms)
    nplurals = int(found.group(1)) if found else None
    seen: dict[Key, int] = {}
    for e in entries:
        if e.obsolete:
            continue
        key = e.key
        if key in seen:
            raise CatalogError(
                f"duplicate message definition (first defined at line {seen[key]})",
                path,
                e.linenum,
            )
        seen[key] = e.linenum
        translated = any(e.msgstr_plural.values())
        count = len(e.msgstr_plural)
        if translated and "fuzzy" not in e.flags and nplurals not in (None, count):
            raise CatalogError(
                f"Plural-Forms says nplurals={nplurals} but this message has {count} forms",
                path,
                e.linenum,
            )


# --------------------------------------------------------------------------- writing
#
# The writer produces what GNU gettext 0.21's msgcat writes for the same catalog: strings
# wrapped by Unicode line breaking at 79 columns (linebreak.py), flags in gettext's
# order, references wrapped at 79 bytes, obsolete entries without a translation left
# out.  Reading a catalog and writing it back is therefore the same as ``msgcat``, and a
# change to one entry changes only that entry's lines.  One deliberate difference:
# control characters without a name (``\001``) are written as octal escapes, where
# msgcat writes the raw byte.

PAGE_WIDTH = WIDTH
NO_LIMIT = 1 << 30

# gettext's format languages, in the order of its #, flags
FORMATS = (
    "c objc python python-brace java java-printf csharp javascript scheme lisp elisp librep "
    "ruby sh awk lua object-pascal smalltalk qt qt-plural kde kde-kuit boost tcl perl "
    "perl-brace php gcc-internal gfc-internal ycp"
).split()
_FORMAT_RANK = {name: i for i, name in enumerate(FORMATS)}
_FLAG_SEPARATORS = re.compile(r"[\n \t\r\f\v,]+")
_RANGE = re.compile(r"(\d+)\.\.(\d+)")

_NAMED_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    "\\": "\\\\",
    '"': '\\"',
}
_SPECIAL = re.compile(r'[\\"\x00-\x1f\x7f]')  # what escape() changes


def _escape_char(ch: str) -> str:
    return _NAMED_ESCAPES.get(ch) or f"\\{ord(ch):03o}"


def escape(text: str) -> str:
    """``text`` as it goes between the quotes of a PO string.  Control characters are
    always escapes (``\\a``, ``\\001`` …), never raw bytes."""
    if _SPECIAL.search(text) is None:
        return text
    return _SPECIAL.sub(lambda m: _escape_char(m.group(0)), text)


@dataclass
class Flags:
    """An entry's ``#,`` flags as gettext understands them (unknown flags are dropped,
    as gettext drops them).  Parsed objects are shared: do not change them."""

    fuzzy: bool = False
    formats: dict[str, str] = field(default_factory=dict)  # language → yes/possible/no/…
    range: tuple[int, int] | None = None
    wrap: bool | None = None
    language: str | None = None  # the format whose directives are never broken

    @classmethod
    def parse(cls, flags: Iterable[str]) -> Flags:
        return _parse_flags(tuple(flags))

    @classmethod
    def _parse(cls, flags: tuple[str, ...]) -> Flags:
        out = cls()
        tokens = [t for t in _FLAG_SEPARATORS.split(",".join(flags)) if t]
        i = 0
        while i < len(tokens):
            token = tokens[i]
            i += 1
            if token == "fuzzy":
                out.fuzzy = True
            elif token.endswith("-format"):
                name, value = token[: -len("-format")], "yes"
                for prefix in ("no-", "possible-", "impossible-"):
                    if name.startswith(prefix) and name[len(prefix) :] in _FORMAT_RANK:
                        name, value = name[len(prefix) :], prefix[:-1]
                        break
                if name in _FORMAT_RANK:
                    out.formats[name] = value
            elif token == "range:" and i < len(tokens):
                found = _RANGE.match(tokens[i])
                i += 1
                if found and int(found.group(1)) <= int(found.group(2)):
                    out.range = (int(found.group(1)), int(found.group(2)))
            elif token in ("wrap", "no-wrap"):
                out.wrap = token == "wrap"
        # gettext keeps its formats in a fixed order, and protects the first one's
        # directives from line breaks
        out.formats = {n: out.formats[n] for n in sorted(out.formats, key=_FORMAT_RANK.__getitem__)}
        out.language = next((n for n, v in out.formats.items() if v in ("yes", "possible")), None)
        return out

    def line(self, translated: bool, obsolete: bool = False) -> str | None:
        """The ``#,`` line gettext writes, or None.  The fuzzy flag of an entry without a
        translation is left out; obsolete entries keep no range."""
        words = ["fuzzy"] if self.fuzzy and (translated or obsolete) else []
        for name, value in self.formats.items():
            if value in ("yes", "possible"):
                words.append(f"{name}-format")
            elif value == "no":
                words.append(f"no-{name}-format")
        if self.range is not None and not obsolete:
            words.append(f"range: {self.range[0]}..{self.range[1]}")
        if self.wrap is False:
            words.append("no-wrap")
        return "#, " + ", ".join(words) if words else None


@functools.lru_cache(maxsize=256)
def _parse_flags(flags: tuple[str, ...]) -> Flags:
    return Flags._parse(flags)  # entries share a handful of flag combinations


_NO_FLAGS = Flags()


# ---- format directives: gettext never breaks a line inside one


def directives(text: str, language: str | None, translated: bool) -> set[int]:
    """Indices inside the format directives of ``text`` (each directive's characters
    after its first), for the first format gettext would check.  Directives of other
    formats than C and Python hold no break opportunity in practice."""
    if language is None or "%" not in text:
        return set()
    return {
        i
        for start, end in formats.directive_spans(language, text, translated)
        for i in range(start + 1, end)
    }


# ---- strings


def _portions(text: str) -> list[tuple[int, str]]:
    """``text`` cut after each newline, with the offset of each piece."""
    if "\n" not in text[:-1]:
        return [(0, text)]
    out, start = [], 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        out.append((start, text[start:end]))
        start = end
    return out


def _escaped(portion: str, offset: int, inside: set[int]) -> tuple[str, set[int]]:
    """The portion as written between quotes, and the indices (in it) where gettext
    forbids a line break: within an escape, within a format directive, and before the
    ``\\n`` that ends the portion."""
    prohibited: set[int] = set()
    if not inside and _SPECIAL.search(portion) is None:
        return portion, prohibited
    specials = list(_SPECIAL.finditer(portion))
    escaped = escape(portion) if specials else portion
    if specials or inside:
        shift = 0  # how much longer the escaped text is before the current character
        marks = iter(specials)
        mark = next(marks, None)
        for k in sorted({m.start() for m in specials} | {k - offset for k in inside}):
            if not 0 <= k < len(portion):
                continue
            while mark is not None and mark.start() < k:
                shift += len(_escape_char(mark.group(0))) - 1
                mark = next(marks, None)
            at = k + shift
            if k + offset in inside:
                prohibited.add(at)
            if mark is not None and mark.start() == k:
                prohibited.update(range(at + 1, at + len(_escape_char(portion[k]))))
    if portion.endswith("\n"):
        prohibited.add(len(escaped) - 2)
    return escaped, prohibited


@functools.lru_cache(maxsize=4096)
def format_string(
    keyword: str,
    text: str,
    prefix: str = "",
    wrap: bool = True,
    language: str | None = None,
) -> tuple[str, ...]:
    """``keyword "text"`` wrapped as GNU gettext wraps it; ``prefix`` is ``"#| "``,
    ``"#~ "`` or ``"#~| "``; ``wrap`` False for ``no-wrap`` entries; ``language`` the
    format whose directives are never broken.  Cached: the template and the catalogs
    of an article, written one after the other, share their msgids, and a review
    writes the whole catalog again after each decision."""
    width = (PAGE_WIDTH if wrap else NO_LIMIT) - 1 - (len(prefix) + 1)
    if linebreak.plain(text) and (language is None or "%" not in text):
        # The usual case (Latin, Cyrillic … text without escapes), the short way.
        cuts = linebreak.plain_lines(text, width, len(keyword) + 1)
        if cuts is None:
            return (f'{prefix}{keyword} "{text}"',)
        bounds = [0, *cuts, len(text)]
        return (f'{prefix}{keyword} ""',) + tuple(
            f'{prefix}"{text[a:b]}"' for a, b in zip(bounds, bounds[1:], strict=False)
        )
    inside = directives(text, language, keyword.startswith("msgstr"))
    lines: list[str] = []
    first = True
    portions = _portions(text)
    for number, (offset, portion) in enumerate(portions):
        escaped, prohibited = _escaped(portion, offset, inside)
        piece = linebreak.Text(escaped, prohibited)
        start = len(keyword) + 1
        cuts = None
        # gettext puts the string on the keyword's line unless it is one of several
        # lines, or would be broken there: then the keyword gets "" and the string
        # starts on the next line.
        if first and escaped:
            if number < len(portions) - 1:
                first = False
            elif piece.kind == linebreak.OTHER:
                first = not piece.breaks(width, start)
            elif start + len(escaped) > width:  # too long: broken if it can be
                cuts = piece.breaks(width, 0)
                first = not cuts and not piece.can_break()
            if not first:
                lines.append(f'{prefix}{keyword} ""')
        if cuts is None:
            cuts = piece.breaks(width, start if first else 0)
        head = f"{prefix}{keyword} " if first else prefix
        bounds = [0, *cuts, len(escaped)]
        lines.append(f'{head}"{escaped[: bounds[1]]}"')
        lines.extend(
            f'{prefix}"{escaped[a:b]}"' for a, b in zip(bounds[1:], bounds[2:], strict=False)
        )
        first = False
    return tuple(lines)


# ---- entries


def _references(occurrences: Iterable[tuple[str, str]]) -> list[str]:
    """``#:`` lines: ``file:line`` words (leading ``./`` dropped, repeats dropped),
    wrapped before a word that would pass column 79 (counted in bytes, as gettext)."""
    words = dict.fromkeys(
        f"{_strip_dot_slash(name)}:{line}" if line else _strip_dot_slash(name)
        for name, line in occurrences
    )
    out: list[str] = []
    current, column = "#:", 2
    for word in words:
        size = (len(word) if word.isascii() else len(word.encode("utf-8"))) + 1
        if column > 2 and column + size > PAGE_WIDTH:
            out.append(current)
            current, column = "#:", 2
        current += " " + word
        column += size
    out.append(current)
    return out


def _strip_dot_slash(name: str) -> str:
    while name.startswith("./"):
        name = name[2:]
    return name


def _comment_lines(mark: str, text: str) -> list[str]:
    """Comment lines.  One that would end in a backslash gets a space after it: GNU
    gettext reads backslash-newline as a line continuation, joining the next line."""
    if not text:
        return []
    lines = [f"{mark} {line}" if line else mark for line in text.split("\n")]
    if "\\" in text:
        lines = [line + " " if line.endswith("\\") else line for line in lines]
    return lines


def _first_form(entry: Message) -> str:
    if entry.msgid_plural:
        forms = entry.msgstr_plural
        return forms[min(forms)] if forms else ""
    return entry.msgstr


def format_entry(entry: Message) -> list[str]:
    """Lines of one entry (no trailing blank line), as gettext writes them; [] for an
    obsolete entry without a translation (gettext drops those)."""
    obsolete = entry.obsolete
    translated = bool(_first_form(entry))
    if obsolete and not translated:
        return []
    lines = _comment_lines("#", entry.tcomment) if entry.tcomment else []
    if entry.comment:
        lines += _comment_lines("#.", entry.comment)
    if entry.occurrences:
        lines += _references(entry.occurrences)
    flags = Flags.parse(entry.flags) if entry.flags else _NO_FLAGS
    flag_line = flags.line(translated, obsolete) if entry.flags else None
    if flag_line:
        lines.append(flag_line)
    wrap, language = flags.wrap is not False, flags.language
    prefix = "#~ " if obsolete else ""
    if entry.previous_msgid is not None or entry.previous_msgctxt is not None:
        previous = "#~| " if obsolete else "#| "
        for keyword, value in (
            ("msgctxt", entry.previous_msgctxt),
            ("msgid", entry.previous_msgid),
            ("msgid_plural", entry.previous_msgid_plural),
        ):
            if value is not None:
                lines += format_string(keyword, value, previous, wrap, language)
    if entry.msgctxt is not None:
        lines += format_string("msgctxt", entry.msgctxt, prefix, wrap, language)
    lines += format_string("msgid", entry.msgid, prefix, wrap, language)
    if entry.msgid_plural:
        lines += format_string("msgid_plural", entry.msgid_plural, prefix, wrap, language)
        for index in sorted(entry.msgstr_plural):
            value = entry.msgstr_plural[index]
            lines += format_string(f"msgstr[{index}]", value, prefix, wrap, language)
    else:
        lines += format_string("msgstr", entry.msgstr, prefix, wrap, language)
    return lines


def generate_po(catalog: Catalog) -> Iterator[str]:
    """The whole file, line by line (each ending in ``\\n``)."""
    yield from render(catalog).splitlines(keepends=True)


def render(catalog: Catalog) -> str:
    """The whole file: the header entry, then the entries, obsolete ones last, each
    after a blank line."""
    header = "".join(f"{key}: {value}\n" for key, value in catalog.metadata.items())
    lines = _comment_lines("#", catalog.header)
    flags = Flags.parse(catalog.header_flags)
    flag_line = flags.line(bool(header))
    if flag_line:
        lines.append(flag_line)
    lines.append('msgid ""')
    lines += format_string("msgstr", header)
    entries = catalog.entries
    for entry in [e for e in entries if not e.obsolete] + [e for e in entries if e.obsolete]:
        block = format_entry(entry)
        if block:
            lines.append("")
            lines += block
    lines.append("")
    return "\n".join(lines)
