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
