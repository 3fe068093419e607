"""Plural-Forms headers are checked as GNU ``msgfmt --check`` checks them (the oracle)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loctool import catalog, plural
from loctool.errors import CatalogError

TOKENS = ["n", "0", "1", "2", "10", "(", ")", "?", ":", "||", "&&", "==", "!=", "<", ">", "<="]
TOKENS += [">=", "+", "-", "*", "/", "%", "!", " ", "x", "=", "&"]


def msgfmt_accepts(header: str) -> bool:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plural.po"
        path.write_text(
            'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            f'"Plural-Forms: {header}\\n"\n',
            encoding="utf-8",
        )
        done = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, check=False
        )
        return done.returncode == 0


KNOWN = [
    "nplurals=2; plural=(n != 1);",
    "nplurals=1; plural=0;",
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
    "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 ? 4 : 5;",
    "nplurals=two; plural=garbage;",
    "nplurals=2; plural=garbage;",
    "nplurals=2; plural=n;",
    "nplurals=2; plural=n/0;",
    "nplurals=2; plural=n-1;",
    "nplurals=2; plural=1 ? 0 : n/0;",
    "nplurals=2; plural=n==0 || n/0;",
    "nplurals=0; plural=0;",
    "nplurals=2x; plural=n>1;",
]


@pytest.mark.parametrize("header", KNOWN)
def test_known_headers_get_msgfmts_verdict(header: str) -> None:
    assert (plural.problem(header, False) is None) == msgfmt_accepts(header)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 4), st.lists(st.sampled_from(TOKENS), min_size=1, max_size=10))
def test_generated_expressions_get_msgfmts_verdict(nplurals: int, tokens: list[str]) -> None:
    header = f"nplurals={nplurals}; plural={''.join(tokens)};"
    assert (plural.problem(header, False) is None) == msgfmt_accepts(header), header


@pytest.mark.malformed_po
def test_an_invalid_plural_forms_header_is_refused_on_load(tmp_path: Path) -> None:
    path = tmp_path / "bad.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=two; plural=garbage;\\n"\n\nmsgid "a"\nmsgstr "b"\n',
        encoding="utf-8",
    )
    with pytest.raises(CatalogError) as info:
        catalog.load(path)
    assert info.value.line == 1
    assert info.value.message.startswith("Plural-Forms: invalid nplurals value")
