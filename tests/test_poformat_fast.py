"""The fast paths of the PO reader and writer agree with their plain versions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from loctool import linebreak, poformat
from loctool.errors import CatalogError

from .test_linebreak import PIECES as BREAK_PIECES

PIECES = ['"', "\\", "\\n", "\\t", '\\"', "\\\\", "\\q", "\\x4", "\\101", "a", "é", " ", "\t"]
literals = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


def outcome(read, literal: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    try:
        return "value", read(literal, "p.po", 3)
    except CatalogError as exc:
        return "error", exc.message


@settings(max_examples=1000)
@given(literals)
def test_string_fast_path_agrees_with_the_character_loop(body: str) -> None:
    for literal in (body, f'"{body}"', f'"{body}" ', f'"{body}"x'):
        assert outcome(poformat._string, literal) == outcome(poformat._checked_string, literal)


# BREAK_PIECES: words, spaces and the punctuation that makes direct break
# opportunities, in the scripts the fast paths cover (Latin, Cyrillic) and beyond (CJK,
# combining marks, Hebrew, regional indicators, line separators): every path is taken.
texts = st.lists(st.sampled_from(BREAK_PIECES), max_size=60).map("".join)


@settings(max_examples=1500)
@given(texts, st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=14))
def test_line_break_fast_paths_agree_with_the_character_loop(
    text: str, width: int, start: int
) -> None:
    """linebreak's shortcuts (regular and common text) against its UAX #14 loop, which
    tests/test_linebreak.py checks against libunistring itself."""
    prohibited = {i for i in range(0, len(text), 7)}
    expected = linebreak._breaks(text, width, start, prohibited)
    assert linebreak.Text(text, prohibited).breaks(width, start) == expected
    if linebreak.kind(text) != linebreak.OTHER:
        assert linebreak._Regular(text, prohibited).breaks(width, start) == (
            expected if start + len(text) > width else []
        )
    assert linebreak.Text(text, prohibited).can_break() == (
        linebreak._breaks(text, 0, 1, prohibited) != []
    )
    if linebreak.plain(text):
        layout = linebreak.plain_lines(text, width, start)
        broken = linebreak._breaks(text, width, start, ()) != []
        assert layout == (linebreak._breaks(text, width, 0, ()) if broken else None)


# Lines of entries, well-formed and not: comments of every kind, keywords with one or
# more strings, escapes msgfmt rejects, stray whitespace, CRLF, previous-msgid and
# obsolete lines, plural forms.
LINES = [
    "#. extracted",
    "#.",
    "#: seeds/a.txt:3:1 b.c:12",
    "#, fuzzy, c-format",
    "# translator ",
    "#",
    '#| msgid "old"',
    '#~ msgid "gone"',
    'msgctxt "ctx"',
    'msgid "a\\"b"',
    'msgid ""',
    'msgid  "two spaces"',
    'msgid_plural "as"',
    'msgstr "x\\ny"',
    'msgstr ""',
    'msgstr "bad \\q"',
    'msgstr "\\101\\x41"',
    'msgstr[0] "f"',
    '"continued \\t"',
    '"unterminated',
    '"trailing" ',
    ' "leading"',
    'msgstr "crlf"\r',
    'msgstring "b"',
]
COMMENTS = [line for line in LINES if line.startswith("#")]
STRINGS = [line for line in LINES if line.lstrip().startswith('"')] + ['"more"', '"\\\\"']


def keyword_lines(word: str) -> st.SearchStrategy[list[str]]:
    """A ``word…`` line (well-formed or not) and 0–2 continuation strings."""
    starts = [line for line in LINES if line.startswith(word)]
    return st.tuples(st.sampled_from(starts), st.lists(st.sampled_from(STRINGS), max_size=2)).map(
        lambda t: [t[0], *t[1]]
    )


shaped = st.tuples(  # the usual entry's shape, its lines well-formed or not
    st.lists(st.sampled_from(COMMENTS), max_size=4),
    st.one_of(st.just([]), keyword_lines("msgctxt")),
    keyword_lines("msgid"),
    keyword_lines("msgstr"),
).map(lambda parts: "\n".join(line for part in parts for line in part))
blocks = st.one_of(shaped, st.lists(st.sampled_from(LINES), min_size=1, max_size=8).map("\n".join))


def parsed(read, *args):  # type: ignore[no-untyped-def]
    try:
        return "entries", read(*args)
    except CatalogError as exc:
        return "error", (exc.message, exc.line)


@settings(max_examples=3000)
@given(blocks, st.integers(min_value=1, max_value=50))
def test_block_fast_path_agrees_with_the_line_reader(block: str, first: int) -> None:
    """Whatever block of lines the one-match reader takes, it reads as the line by line
    reader does (and it takes no block that reader rejects)."""
    usual = poformat._ENTRY.fullmatch(block)
    if usual is None:
        return
    slow = parsed(poformat._parse_block, block.split("\n"), first, "p.po")
    assert ("entries", [poformat._usual_entry(usual, first)]) == slow


def test_the_fast_path_takes_the_usual_entries() -> None:
    """Not a vacuous agreement: loctool's own entries go through the one-match reader."""
    for block in (
        '#. loctool-origin: mt\n#: seeds/a.txt:3:1\n#, fuzzy\nmsgid "a"\nmsgstr "b"',
        'msgctxt "c"\nmsgid ""\n"long "\n"text"\nmsgstr "\\"x\\""',
        'msgid ""\nmsgstr ""\n"Language: kk\\n"',
    ):
        assert poformat._ENTRY.fullmatch(block) is not None, block
