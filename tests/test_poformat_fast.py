"""The fast paths of the PO reader and writer agree with their plain versions."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from loctool import poformat
from loctool.errors import CatalogError

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


def greedy(line: str, room: int) -> list[str]:
    """The plain version of :func:`poformat.wrap`: words (each with its trailing
    spaces) added while they fit."""
    pieces: list[str] = []
    current = ""
    for word in re.split(r"(?<= )(?=[^ ])", line):
        if current and len(current) + len(word) > room:
            pieces.append(current)
            current = ""
        current += word
    if current:
        pieces.append(current)
    return pieces


words = st.lists(st.sampled_from([" ", "  ", "a", "bb", "kelime", "uzunbirkelimedaha", "\\n"]))


@settings(max_examples=1000)
@given(words.map("".join), st.integers(min_value=1, max_value=30))
def test_wrap_agrees_with_the_greedy_word_loop(line: str, room: int) -> None:
    assert poformat.wrap(line, room) == greedy(line, room)
