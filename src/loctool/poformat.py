"""PO text: a strict syntax check and a pure writer.

polib's parser is lenient (it accepts unterminated strings, unknown escapes and
duplicate entries) and drops blank ``#.`` lines, so :func:`parse` is our own: strict,
with the verdicts of ``msgfmt --check`` and the line number of the first problem.
:func:`generate_po` writes a catalog the way GNU gettext does (strings wrapped at 79
columns after spaces and ``\\n``), except that comments are never wrapped: the raw
machine text lives in a comment and must survive.

Both use polib's attribute names; neither imports polib (catalog.py does).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .errors import CatalogError

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


@dataclass
class RawEntry:
    """One parsed entry, with polib's attribute names."""

    linenum: int
    obsolete: bool = False
    tcomment: str = ""
    comment: str = ""
    occurrences: list[tuple[str, str]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    msgctxt: str | None = None
    msgid: str | None = None
    msgid_plural: str = ""
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    has_msgstr: bool = False
    plural: bool = False
    tc_lines: list[str] = field(default_factory=list, repr=False)
    gc_lines: list[str] = field(default_factory=list, repr=False)


@dataclass
class Parsed:
    header: str  # the header entry's translator comments
    header_flags: list[str]
    metadata: dict[str, str]
    entries: list[RawEntry]


def _reference(token: str) -> tuple[str, str]:
    """``file:line`` → (file, line); loctool's ``file:line:column`` → (file, "line:column")."""
    name, sep, num = token.rpartition(":")
    if not (sep and num.isdigit()):
        return (token, "")
    inner, sep, line = name.rpartition(":")
    if sep and line.isdigit() and inner:
        return (inner, f"{line}:{num}")
    return (name, num)


def parse(text: str, path: str) -> Parsed:  # noqa: C901 - one state machine
    """Parse PO text strictly; :class:`CatalogError` names the line of the first problem."""
    entries: list[RawEntry] = []
    entry = RawEntry(1)
    current = ""  # the keyword continuation strings belong to
    started = False  # the entry has seen a keyword

    def close() -> None:
        nonlocal entry, current, started
        if started:  # comments without an entry are dropped, as gettext does
            if entry.msgid is None:
                raise CatalogError("entry without msgid", path, entry.linenum)
            if not entry.has_msgstr:
                raise CatalogError("missing msgstr", path, entry.linenum)
            entry.tcomment = "\n".join(entry.tc_lines)
            entry.comment = "\n".join(entry.gc_lines)
            entries.append(entry)
        entry = RawEntry(0)
        current = ""
        started = False

    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()  # "\r" of CRLF files included
        if not line:
            close()
            continue
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
            if started and entry.has_msgstr:
                close()
            if not entry.linenum:
                entry.linenum = number
            kind, body = line[:2], line[2:]
            if kind == "#|":
                previous = True
                line = body.strip()
            else:
                if kind == "#.":
                    entry.gc_lines.append(body[1:] if body.startswith(" ") else body)
                elif kind == "#:":
                    entry.occurrences.extend(_reference(t) for t in body.split())
                elif kind == "#,":
                    entry.flags.extend(f.strip() for f in body.split(",") if f.strip())
                else:
                    body = line[1:]
                    entry.tc_lines.append(body[1:] if body.startswith(" ") else body)
                continue
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
            attr = f"previous_{keyword}"
            if keyword.startswith("msgstr"):
                raise CatalogError("msgstr in a previous-msgid comment", path, number)
            setattr(entry, attr, value)
            current = attr
            continue
        if started and entry.has_msgstr and keyword in ("msgctxt", "msgid"):
            close()
        if (
            started
            and not entry.has_msgstr
            and ((keyword == "msgid" and entry.msgid is not None) or keyword == "msgctxt")
        ):
            raise CatalogError("missing msgstr", path, entry.linenum)
        if not entry.linenum:
            entry.linenum = number
        started = True
        entry.obsolete = entry.obsolete or obsolete
        if keyword == "msgctxt":
            entry.msgctxt = value
        elif keyword == "msgid":
            entry.msgid = value
        elif keyword == "msgid_plural":
            if entry.msgid is None or entry.has_msgstr:
                raise CatalogError("msgid_plural out of place", path, number)
            entry.msgid_plural, entry.plural = value, True
        else:
            if entry.msgid is None:
                raise CatalogError("msgstr before msgid", path, number)
            if index is None and entry.plural:
                raise CatalogError("a plural message needs msgstr[N]", path, number)
            if index is not None and not entry.plural:
                raise CatalogError("msgstr[N] without msgid_plural", path, number)
            if index is None:
                entry.msgstr = value
            else:
                entry.msgstr_plural[int(index)] = value
            entry.has_msgstr = True
        current = keyword if index is None else f"msgstr[{index}]"
    close()
    return _split_header(entries, path)


def _append(entry: RawEntry, current: str, value: str) -> None:
    if current == "msgstr":
        entry.msgstr += value
    elif current == "msgid" and entry.msgid is not None:
        entry.msgid += value
    elif current.startswith("msgstr["):
        index = int(current[7:-1])
        entry.msgstr_plural[index] = entry.msgstr_plural.get(index, "") + value
    else:
        setattr(entry, current, (getattr(entry, current) or "") + value)


def _split_header(entries: list[RawEntry], path: str) -> Parsed:
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
    return Parsed(
        header=header.tcomment if header else "",
        header_flags=header.flags if header else [],
        metadata=metadata,
        entries=entries,
    )


def _check_catalog(metadata: dict[str, str], entries: list[RawEntry], path: str, line: int) -> None:
    charset = _CHARSET.search(metadata.get("Content-Type", ""))
    if charset and charset.group(1).upper() not in ("UTF-8", "UTF8", "CHARSET"):
        raise CatalogError(
            f"charset {charset.group(1)} is not supported; convert the file to UTF-8 "
            "(msgconv --to-code=UTF-8)",
            path,
            line,
        )
    found = _NPLURALS.search(metadata.get("Plural-Forms", ""))
    nplurals = int(found.group(1)) if found else None
    seen: dict[tuple[str | None, str | None], int] = {}
    for e in entries:
        if e.obsolete:
            continue
        key = (e.msgctxt, e.msgid)
        if key in seen:
            raise CatalogError(
                f"duplicate message definition (first defined at line {seen[key]})",
                path,
                e.linenum,
            )
        seen[key] = e.linenum
        translated = any(e.msgstr_plural.values())
        forms = len(e.msgstr_plural)
        if e.plural and translated and "fuzzy" not in e.flags and nplurals not in (None, forms):
            raise CatalogError(
                f"Plural-Forms says nplurals={nplurals} but this message has "
                f"{len(e.msgstr_plural)} forms",
                path,
                e.linenum,
            )


# --------------------------------------------------------------------------- writing


_SPECIAL = re.compile(r'[\\"\t\r\n\v\b\f]')  # what escape() changes
_PARAGRAPH = re.compile(r"[^\n]*\n|[^\n]+")


def escape(text: str) -> str:
    if _SPECIAL.search(text) is None:
        return text
    return (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\t", "\\t")
        .replace("\r", "\\r")
        .replace("\n", "\\n")
        .replace("\v", "\\v")
        .replace("\b", "\\b")
        .replace("\f", "\\f")
    )


def _chunks(text: str, room: int) -> list[str]:
    """Escaped pieces of ``text`` split after newlines and spaces, each at most ``room``."""
    lines: list[str] = []
    for para in _PARAGRAPH.findall(text) if "\n" in text else [text]:
        escaped = escape(para)
        if len(escaped) <= room:
            lines.append(escaped)
            continue
        lines.extend(wrap(escaped, room))
    return lines


def wrap(line: str, room: int) -> list[str]:
    """``line`` cut greedily into pieces of at most ``room`` characters, each cut after a
    space that a non-space follows; a longer word stays whole."""
    pieces = []
    start, end = 0, len(line)
    while end - start > room:
        cut = _last_break(line, start, start + room)
        if cut is None:
            cut = _first_break(line, start + room) or end
        pieces.append(line[start:cut])
        start = cut
    if start < end:
        pieces.append(line[start:])
    return pieces


def _last_break(line: str, start: int, limit: int) -> int | None:
    """The last break point ``p`` with ``start < p <= limit``, or None."""
    space = line.rfind(" ", start, limit)
    while space >= 0 and line[space + 1] == " ":
        space = line.rfind(" ", start, space)
    return space + 1 if space >= 0 else None


def _first_break(line: str, start: int) -> int | None:
    """The first break point ``p > start``, or None."""
    space = line.find(" ", start)
    while space >= 0 and (space + 1 == len(line) or line[space + 1] == " "):
        space = line.find(" ", space + 1)
    return space + 1 if space >= 0 else None


def format_string(keyword: str, text: str, prefix: str = "") -> list[str]:
    """``keyword "text"`` wrapped GNU-style; ``prefix`` is ``"#| "`` or ``"#~ "``."""
    head = f"{prefix}{keyword} "
    single = f'{head}"{escape(text)}"'
    if len(single) <= WIDTH and "\n" not in text[:-1]:
        return [single]
    return [f'{head}""'] + [f'{prefix}"{p}"' for p in _chunks(text, WIDTH - len(prefix) - 2)]


def _wrap_words(prefix: str, words: Iterable[str]) -> list[str]:
    out: list[str] = []
    current = prefix
    for word in words:
        if current != prefix and len(current) + 1 + len(word) > WIDTH:
            out.append(current)
            current = prefix
        current = f"{current} {word}"
    if current != prefix:
        out.append(current)
    return out


def format_entry(entry: Any) -> list[str]:
    """Lines of one entry (no trailing blank line)."""
    lines: list[str] = []
    obsolete = bool(entry.obsolete)
    kw_prefix = "#~ " if obsolete else ""
    prev_prefix = "#~| " if obsolete else "#| "
    for tline in entry.tcomment.split("\n") if entry.tcomment else ():
        lines.append(f"# {tline}" if tline else "#")
    for cline in entry.comment.split("\n") if entry.comment else ():
        lines.append(f"#. {cline}" if cline else "#.")
    if entry.occurrences:
        refs = [f"{f}:{n}" if n else f for f, n in entry.occurrences]
        lines.extend(_wrap_words("#:", refs))
    if entry.flags:
        lines.append("#, " + ", ".join(entry.flags))
    for attr, kw in (
        ("previous_msgctxt", "msgctxt"),
        ("previous_msgid", "msgid"),
        ("previous_msgid_plural", "msgid_plural"),
    ):
        value = getattr(entry, attr, None)
        if value is not None:
            lines.extend(format_string(kw, value, prev_prefix))
    if entry.msgctxt is not None:
        lines.extend(format_string("msgctxt", entry.msgctxt, kw_prefix))
    lines.extend(format_string("msgid", entry.msgid, kw_prefix))
    if entry.msgid_plural:
        lines.extend(format_string("msgid_plural", entry.msgid_plural, kw_prefix))
        for index in sorted(entry.msgstr_plural):
            lines.extend(format_string(f"msgstr[{index}]", entry.msgstr_plural[index], kw_prefix))
    else:
        lines.extend(format_string("msgstr", entry.msgstr, kw_prefix))
    return lines


def generate_po(po: Any) -> Iterator[str]:
    """The whole file, line by line (each ending in ``\\n``)."""
    if po.header:
        for hline in po.header.split("\n"):
            if not hline:
                yield "#\n"
            elif hline[:1] in ",:":
                yield f"#{hline}\n"
            else:
                yield f"# {hline}\n"
    header_flags = po.metadata_is_fuzzy
    if header_flags:
        flags = header_flags if isinstance(header_flags, list) else ["fuzzy"]
        yield "#, " + ", ".join(flags) + "\n"
    yield 'msgid ""\n'
    yield 'msgstr ""\n'
    for key, value in po.metadata.items():
        for piece in _chunks(f"{key}: {value}\n", WIDTH - 2):
            yield f'"{piece}"\n'
    entries = [e for e in po if not e.obsolete] + [e for e in po if e.obsolete]
    for entry in entries:
        yield "\n"
        for line in format_entry(entry):
            yield line + "\n"


def render(po: Any) -> str:
    return "".join(generate_po(po))
