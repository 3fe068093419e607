"""Strict PO parsing and the GNU-style writer."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loctool import catalog, poformat
from loctool.errors import CatalogError
from loctool.messages import Message

from .conftest import FIXTURES, SHARED_FIXTURES, msgfmt_check, require_gettext_0_21

HEAD = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)

BAD = {
    "unterminated string": (HEAD + 'msgid "a"\nmsgstr "b\n', 7),
    "invalid escape sequence \\q": (HEAD + 'msgid "a"\nmsgstr "b\\q"\n', 7),
    "duplicate message definition (first defined at line 6)": (
        HEAD + 'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',
        9,
    ),
    "missing msgstr": (HEAD + 'msgid "a"\n\nmsgid "b"\nmsgstr "c"\n', 6),
    "Plural-Forms says nplurals=2 but this message has 3 forms": (
        HEAD + 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\nmsgstr[2] "z"\n',
        6,
    ),
    "charset KOI8-R is not supported": (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=KOI8-R\\n"\n',
        1,
    ),
    "unknown keyword 'msgstring'": (HEAD + 'msgid "a"\nmsgstring "b"\n', 7),
    "string without a keyword": ('"dangling"\n', 1),
}


@pytest.mark.malformed_po
@pytest.mark.parametrize("problem", sorted(BAD))
def test_malformed_po_is_rejected_with_its_line(problem: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    text, line = BAD[problem]
    path = tmp_path / "bad.po"
    path.write_text(text, encoding="utf-8")
    if "charset" not in problem:  # a KOI8-R catalog is valid gettext; loctool wants UTF-8
        assert msgfmt_check(path).returncode != 0, "the oracle agrees that the file is broken"
    with pytest.raises(CatalogError) as info:
        catalog.load(path)
    assert problem in info.value.message
    assert info.value.line == line


@pytest.mark.malformed_po
def test_non_utf8_catalog_names_the_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "latin.po"
    path.write_bytes(HEAD.encode() + b'msgid "a"\nmsgstr "\xe7a"\n')
    with pytest.raises(CatalogError) as info:
        catalog.load(path)
    assert info.value.line == 7
    assert "UTF-8" in info.value.message


def test_writer_wraps_strings_but_never_comments() -> None:
    po = catalog.loads(HEAD)
    long = "kelime " * 30
    entry = Message(msgid=long.strip(), msgstr="", comment="loctool-mt: " + long.strip())
    po.append(entry)
    text = catalog.dumps(po)
    assert "#. loctool-mt: " + long.strip() + "\n" in text
    assert max(len(line) for line in text.splitlines() if not line.startswith("#")) <= 79
    again = catalog.loads(text)
    assert again[0].msgid == long.strip()
    assert again[0].comment == entry.comment


def test_escapes_round_trip() -> None:
    po = catalog.loads(HEAD)
    tricky = 'tab\there "quote" back\\slash\nnew line'
    po.append(Message(msgid=tricky, msgstr=tricky))
    again = catalog.loads(catalog.dumps(po))
    assert again[0].msgid == tricky and again[0].msgstr == tricky


ATTRS = (
    "msgid",
    "msgid_plural",
    "msgstr",
    "msgstr_plural",
    "msgctxt",
    "flags",
    "previous_msgctxt",
    "previous_msgid",
    "previous_msgid_plural",
    "comment",
    "tcomment",
    "occurrences",
    "obsolete",
)


def fixture_paths() -> list:  # type: ignore[type-arg]
    return sorted((FIXTURES / "po").glob("*.po"))


def test_fixture_copies_equal_the_shared_originals() -> None:
    assert [p.name for p in fixture_paths()] == ["glib_kk.po", "glib_ru.po", "glib_tg.po"]
    if SHARED_FIXTURES.is_dir():
        for path in fixture_paths():
            assert path.read_bytes() == (SHARED_FIXTURES / "po" / path.name).read_bytes()


@pytest.mark.parametrize("path", fixture_paths(), ids=lambda p: p.name)
def test_foreign_catalog_round_trip_changes_no_entry(path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    original = catalog.load(path)
    out = tmp_path / path.name
    catalog.save(original, out)
    again = catalog.load(out)
    assert len(again) == len(original)
    for a, b in zip(original, again, strict=True):
        for attr in ATTRS:
            assert getattr(a, attr) == getattr(b, attr), (attr, a.msgid)
    assert again.metadata == original.metadata
    assert again.header == original.header
    assert again.header_flags == original.header_flags
    # Writing it again is a fixed point.
    assert catalog.dumps(again) == out.read_text(encoding="utf-8")
    # And GNU msgcat sees the same catalog in both files.
    import subprocess

    def msgcat(p):  # type: ignore[no-untyped-def]
        return subprocess.run(
            ["msgcat", "--no-wrap", "--sort-output", str(p)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    assert msgcat(out) == msgcat(path)
    # msgfmt --check is no worse (the originals pass it), the counts of translated, fuzzy
    # and untranslated messages are the same, and the compiled catalogs are identical.
    original_check, saved_check = msgfmt_check(path), msgfmt_check(out)
    assert saved_check.returncode <= original_check.returncode, saved_check.stderr
    assert len(saved_check.stderr.splitlines()) <= len(original_check.stderr.splitlines())

    def compiled(p, mo):  # type: ignore[no-untyped-def]
        done = subprocess.run(
            ["msgfmt", "--statistics", "-o", str(mo), str(p)],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stderr.replace(str(p), ""), mo.read_bytes()

    assert compiled(out, tmp_path / "saved.mo") == compiled(path, tmp_path / "original.mo")


# --------------------------------------------------------------------------- GNU layout


def msgcat(path: Path) -> str:
    """GNU msgcat's rendering of a catalog (gettext 0.21 wraps as libunistring 1.0);
    --force-po: a catalog with a header alone is written too."""
    require_gettext_0_21()
    done = subprocess.run(
        ["msgcat", "--force-po", str(path)], capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.mark.parametrize("path", fixture_paths(), ids=lambda p: p.name)
def test_saved_foreign_catalog_is_what_msgcat_writes(path: Path, tmp_path: Path) -> None:
    """load → save gives msgcat's bytes, and msgcat over the saved file changes nothing.
    (The GNOME originals were written by a newer gettext, whose line breaking differs
    from gettext 0.21's in a few places, e.g. before “ in glib_kk.po.)"""
    out = tmp_path / path.name
    catalog.save(catalog.load(path), out)
    written = out.read_text(encoding="utf-8")
    assert written == msgcat(path)
    assert msgcat(out) == written


def test_control_characters_are_written_as_escapes(tmp_path: Path) -> None:
    """\\a, \\b, \\f, \\v and octal/hex escapes read from a PO come back as escapes, never
    as raw control bytes (msgcat writes the unnamed ones raw; loctool does not)."""
    path = tmp_path / "controls.po"
    path.write_text(
        HEAD + 'msgid "bell\\a back\\b feed\\f tab\\v oct\\001 hex\\x02 del\\177"\nmsgstr ""\n',
        encoding="utf-8",
    )
    po = catalog.load(path)
    assert po[0].msgid == "bell\a back\b feed\f tab\v oct\x01 hex\x02 del\x7f"
    catalog.save(po, path)
    data = path.read_bytes()
    assert not any(b < 0x20 and b != 0x0A or b == 0x7F for b in data), data
    assert b'msgid "bell\\a back\\b feed\\f tab\\v oct\\001 hex\\002 del\\177"' in data
    assert catalog.load(path)[0].msgid == po[0].msgid


# Pieces for generated catalogs: words in the project's scripts and beyond, punctuation
# that allows breaks without a space, escapes, newlines, format directives, long URLs.
TEXT_PIECES = [
    "kelime",
    "Ürdün Kralı II. Abdullah",
    "Қазақстан",
    "Тоҷикистон",
    "ёлка",
    "uzun" * 12,
    "中文字符",
    "日本語のテキスト",
    "한국어",
    "\u05e9\u05dc\u05d5\u05dd",
    "e\u0301",
    "😀",
    "\U0001f1f9\U0001f1f7",
    "https://example.com/haber?utm_source=x&utm_medium=y&id=" + "9" * 90,
    "org.freedesktop.DBus",
    "a/b/c",
    "e-mail",
    "1.630",
    "2,5",
    "%s",
    "%d",
    "%%",
    "% d",
    "%1$s",
    "%(name)s",
    "{name}",
    "\\",
    '"',
    "\n",
    "\t",
    "\a",
    "\r",
    "(x)",
    "[y]",
    "«»",
    "“quoted”",
    "—",
    "–",
    "…",
    "!",
    "?",
    ".",
    ",",
    ";",
    ":",
    "\u00a0",
    "\u200b",
    "\u2060",
    "\u00ad",
    "\u2028",
]
texts = st.lists(
    st.sampled_from(TEXT_PIECES)
    | st.just(" ")
    | st.characters(
        blacklist_categories=("Cs", "Co", "Cn", "Cc", "Zl", "Zp"), blacklist_characters="\ufeff"
    ),
    max_size=45,
).map("".join)
FLAG_SETS = [
    [],
    ["fuzzy"],
    ["c-format"],
    ["fuzzy", "c-format"],
    ["python-format"],
    ["no-c-format"],
    ["no-wrap"],
    ["possible-c-format"],
    ["range: 0..10", "c-format"],
    ["objc-format"],
]


@st.composite
def catalogs(draw: st.DrawFn) -> str:
    entries = []
    msgids = draw(st.lists(texts, min_size=1, max_size=12, unique=True))
    for n, msgid in enumerate(msgids):
        entry = Message(
            msgid=f"{msgid}{n}",
            msgstr=draw(texts),
            flags=list(draw(st.sampled_from(FLAG_SETS))),
            occurrences=[
                (
                    draw(st.sampled_from(["./a.c", "src/very/long/path/to/module.py", "ş.txt"])),
                    str(i),
                )
                for i in range(draw(st.integers(0, 9)))
            ],
            comment=draw(st.sampled_from(["", "loctool-mt: x\\", "line\n\nline"])),
            msgctxt=draw(st.none() | texts),
            previous_msgid=draw(st.none() | texts),
            obsolete=draw(st.booleans()),
        )
        entries.append(entry)
    po = catalog.loads(HEAD)
    po.metadata["X-Note"] = draw(texts).replace("\n", " ")
    po.extend(entries)
    return catalog.dumps(po)


@settings(max_examples=60, deadline=None)
@given(catalogs())
def test_msgcat_over_a_written_catalog_changes_nothing(text: str) -> None:
    """Strings of any script, punctuation, escapes, newlines, long URLs and format
    directives, under every kind of flag: msgcat writes back exactly what loctool wrote."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.po"
        path.write_text(text, encoding="utf-8")
        assert msgcat(path) == text


@pytest.mark.parametrize("flags", [["c-format"], ["python-format"], []])
def test_no_line_is_broken_inside_a_format_directive(flags: list[str], tmp_path: Path) -> None:
    """``% d``, ``%1$ s`` and ``%(a b)s`` hold a space, ``%%`` a break between two ``%``:
    with a format flag gettext keeps them whole (at whatever column they fall), without
    one it does not; loctool writes what msgcat writes either way, and it is the
    directives that make the difference."""
    po = catalog.loads(HEAD)
    for k in range(60, 80):
        for directive in ("% d", "%%", "%1$ s", "%(a b)s", "% -5d"):
            for tail in (" word", "word", "%% x"):
                po.append(
                    Message(msgid=f"{'x' * k} a{directive}{tail} {len(po)}", flags=flags)
                )
    path = tmp_path / "directives.po"
    catalog.save(po, path)
    written = path.read_text(encoding="utf-8")
    assert msgcat(path) == written
    if flags:
        unprotected = pytest.MonkeyPatch()
        unprotected.setattr(poformat, "directives", lambda text, language, translated: set())
        poformat.format_string.cache_clear()
        try:
            assert catalog.dumps(po) != written
        finally:
            unprotected.undo()
            poformat.format_string.cache_clear()
