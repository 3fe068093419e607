"""Bad inputs (issue 8): one table of the broken files, paths and options a user can hand
loctool, each run as a real ``python -m loctool`` subprocess.

Every case must end with one line on stderr, ``loctool: error: <where>: <what>``, the
documented exit code (2), no traceback, and every file and folder under the project
exactly as before (checksums of the whole tree: nothing changed, nothing created, no
lock or temp file left).  The "Errors" section of docs/reference.md lists these cases.

UTF-8 with a BOM and CRLF line ends are not errors: they must work, and come back
byte for byte on render (the last tests here).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from loctool import catalog
from loctool.cli import cli

from .conftest import (
    FIXTURES,
    REPO,
    SEED,
    SLUG,
    loctool_argv,
    po_path,
    po_rel,
    pot_rel,
    subprocess_env,
)
from .renderkit import fill
from .reviewkit import REVIEWER, fill_machine

KK = po_rel("kk")
KK_DIR = KK.rsplit("/", 1)[0]  # the folder of the kk catalogs
RU_TEXT = "Москва и Душанбе подписали соглашение о сотрудничестве. Это важный шаг."
TR_TEXT = "Türkiye ve Kazakistan arasında işbirliği güçleniyor. Şirketler çalışıyor."


# --------------------------------------------------------------------------- the project


@dataclass
class Ctx:
    """What a case's setup works with: the project and a folder outside it."""

    root: Path
    outside: Path

    def write(self, rel: str, data: bytes | str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    def po_text(self, rel: str = KK) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def line_of(self, text: str, needle: str) -> int:
        """1-based line of the first line of ``text`` equal to ``needle``."""
        return text.split("\n").index(needle) + 1


Setup = Callable[[Ctx], "str | None"]  # returns an extra expected substring, if any


@dataclass(frozen=True)
class Case:
    id: str
    args: tuple[str, ...]  # after ``loctool -C <project>``; {root}/{outside} are filled in
    message: str  # expected in the error line
    setup: Setup | None = None
    code: int = 2
    broken_po: bool = False  # leaves a malformed catalog in the project on purpose
    env: tuple[tuple[str, str], ...] = ()  # extra environment; {root}/{outside} filled in
    input: str | None = None  # standard input (keys for review)


def _seed(name: str, data: bytes) -> Setup:
    def setup(ctx: Ctx) -> None:
        ctx.write(f"seeds/{name}", data)

    return setup


def _po(mutate: Callable[[Ctx, str], tuple[str | bytes, str | None]], rel: str = KK) -> Setup:
    """Rewrite a catalog; ``mutate`` returns the new content and the expected text."""

    def setup(ctx: Ctx) -> str | None:
        data, expected = mutate(ctx, ctx.po_text(rel))
        ctx.write(rel, data)
        return expected

    return setup


def _first_empty_msgstr(text: str) -> int:
    """Index (0-based line) of the first ``msgstr ""`` of an entry (not the header)."""
    lines = text.split("\n")
    return next(i for i, line in enumerate(lines) if line == 'msgstr ""' and i > 3)


def _replace_line(text: str, index: int, new: str) -> str:
    lines = text.split("\n")
    lines[index] = new
    return "\n".join(lines)


def unterminated(ctx: Ctx, text: str) -> tuple[str, str]:
    i = _first_empty_msgstr(text)
    return _replace_line(text, i, 'msgstr "unterminated'), f"{KK}:{i + 1}: unterminated string"


def bad_escape(ctx: Ctx, text: str) -> tuple[str, str]:
    i = _first_empty_msgstr(text)
    new = _replace_line(text, i, 'msgstr "kötü \\q kaçış"')
    return new, f"{KK}:{i + 1}: invalid escape sequence \\q"


def duplicate(ctx: Ctx, text: str) -> tuple[str, str]:
    entries = text.split("\n\n")
    first = entries[1]
    start = text.count("\n", 0, text.index(first)) + 1
    again = text.rstrip("\n") + "\n\n" + first + "\n"
    line = again.count("\n", 0, again.rindex(first)) + 1
    return again, f"{KK}:{line}: duplicate message definition (first defined at line {start})"


def missing_msgstr(ctx: Ctx, text: str) -> tuple[str, str]:
    i = _first_empty_msgstr(text)
    lines = text.split("\n")
    entry_start = max(j for j in range(i) if lines[j] == "") + 2
    del lines[i]
    return "\n".join(lines), f"{KK}:{entry_start}: missing msgstr"


def plural_mismatch(ctx: Ctx, text: str) -> tuple[str, str]:
    extra = (
        '\nmsgid "{n} haber"\nmsgid_plural "{n} haberler"\n'
        'msgstr[0] "бір"\nmsgstr[1] "екі"\nmsgstr[2] "үш"\n'
    )
    line = text.rstrip("\n").count("\n") + 3
    return (
        text.rstrip("\n") + "\n" + extra,
        f"{KK}:{line}: Plural-Forms says nplurals=2 but this message has 3 forms",
    )


def koi8_charset(ctx: Ctx, text: str) -> tuple[str, str]:
    new = text.replace("charset=UTF-8", "charset=KOI8-R", 1)
    return new, f"{KK}:1: charset KOI8-R is not supported; convert the file to UTF-8"


def latin1_bytes(ctx: Ctx, text: str) -> tuple[bytes, str]:
    i = _first_empty_msgstr(text)
    new = _replace_line(text, i, 'msgstr "@a"').encode("utf-8").replace(b'"@a"', b'"\xe7a"')
    return new, f"{KK}:{i + 1}: not valid UTF-8"


def empty_po(ctx: Ctx, text: str) -> tuple[bytes, str]:
    return b"", f"{KK}: is empty"


def binary_po(ctx: Ctx, text: str) -> tuple[bytes, str]:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", f"{KK}: is a binary file"


def _dir_instead_of_po(ctx: Ctx) -> str:
    path = po_path(ctx.root, "ru", SLUG)
    path.unlink()
    path.mkdir()
    return f"{po_rel('ru')}: is a directory"


def _broken_pot(ctx: Ctx) -> str:
    rel = pot_rel()
    text = ctx.po_text(rel)
    i = _first_empty_msgstr(text)
    ctx.write(rel, _replace_line(text, i, 'msgstr "x'))
    # the source changes too, so extract would otherwise write every catalog
    seed = ctx.root / "seeds" / f"{SLUG}.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nYeni bir paragraf.\n", "utf-8")
    return f"{rel}:{i + 1}: unterminated string"


def _first_high_byte(data: bytes) -> tuple[int, str]:
    at = next(i for i, b in enumerate(data) if b >= 0x80)
    return data[:at].count(b"\n") + 1, f"0x{data[at]:02x}"


def latin1_declared(ctx: Ctx, text: str) -> tuple[bytes, str]:
    """A real Latin-1 catalog: the header says so and the bytes are Latin-1."""
    i = _first_empty_msgstr(text)
    new = _replace_line(text, i, 'msgstr "Fran\u00e7ais \u00e0 la carte"')
    data = new.replace("charset=UTF-8", "charset=ISO-8859-1", 1).encode("latin-1", "replace")
    line, byte = _first_high_byte(data)
    return data, (
        f"{KK}:{line}: not valid UTF-8 (byte {byte}; the header says charset=ISO-8859-1); "
        "convert the file to UTF-8 (msgconv --to-code=UTF-8)"
    )


def latin1_undeclared(ctx: Ctx, text: str) -> tuple[bytes, str]:
    """Latin-1 bytes and a header without a charset."""
    i = _first_empty_msgstr(text)
    new = _replace_line(text, i, 'msgstr "Fran\u00e7ais"')
    new = new.replace('"Content-Type: text/plain; charset=UTF-8\\n"\n', "", 1)
    data = new.encode("latin-1", "replace")
    line, byte = _first_high_byte(data)
    return data, f"{KK}:{line}: not valid UTF-8 (byte {byte}); set the charset of the header"


def plural_garbage(ctx: Ctx, text: str) -> tuple[str, str]:
    i = next(n for n, line in enumerate(text.split("\n")) if line.startswith('"Plural-Forms'))
    new = _replace_line(text, i, '"Plural-Forms: nplurals=two; plural=garbage;\\n"')
    return new, f"{KK}:1: Plural-Forms: invalid nplurals value in 'nplurals=two; plural=garbage;'"


def plural_out_of_range(ctx: Ctx, text: str) -> tuple[str, str]:
    i = next(n for n, line in enumerate(text.split("\n")) if line.startswith('"Plural-Forms'))
    new = _replace_line(text, i, '"Plural-Forms: nplurals=2; plural=n;\\n"')
    message = "Plural-Forms: nplurals = 2 but the plural expression can produce values as large"
    return new, f"{KK}:1: {message} as 2"


def _po_fifo(ctx: Ctx) -> None:
    path = ctx.root / KK
    path.unlink()
    os.mkfifo(path)


def _symlink_loop(ctx: Ctx) -> None:
    (ctx.root / "seeds" / "loop-a.txt").symlink_to("loop-b.txt")
    (ctx.root / "seeds" / "loop-b.txt").symlink_to("loop-a.txt")


def _seed_fifo(ctx: Ctx) -> None:
    os.mkfifo(ctx.root / "seeds" / "pipe.txt")


def _latin1_editor(ctx: Ctx) -> None:
    script = ctx.outside / "latin1-editor"
    script.write_text("#!/bin/sh\nprintf 'Fran\\347ais au caf\\351\\n' > \"$1\"\n")
    script.chmod(0o755)


def _source_changed(ctx: Ctx) -> None:
    seed = ctx.root / "seeds" / f"{SLUG}.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nYeni bir paragraf.\n", "utf-8")


SHIM = REPO / "tests" / "crashshim"


def failing(errno_name: str, file: str) -> tuple[tuple[str, str], ...]:
    """Environment that makes writes of ``file`` fail (see tests/crashshim)."""
    return (
        ("PYTHONPATH", f"{SHIM}{os.pathsep}{REPO / 'src'}"),
        ("LOCTOOL_TEST_FAIL", errno_name),
        ("LOCTOOL_TEST_FAIL_FILE", file),
    )


DISK_FULL = "cannot write it: No space left on device; nothing was changed in it"
READ_ONLY = "cannot write it: Read-only file system; nothing was changed in it"


def _symlink_outside(ctx: Ctx) -> None:
    target = ctx.outside / "elsewhere.txt"
    target.write_text(TR_TEXT + "\n", encoding="utf-8")
    (ctx.root / "seeds" / "linked.txt").symlink_to(target)


def _broken_symlink(ctx: Ctx) -> None:
    (ctx.root / "seeds" / "dangling.txt").symlink_to(ctx.outside / "gone.txt")


def _one_bad_among_good(ctx: Ctx) -> None:
    seed = ctx.root / "seeds" / f"{SLUG}.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nYeni bir paragraf.\n", "utf-8")
    ctx.write("seeds/zz-latin.txt", TR_TEXT.encode("cp1254"))


def _source_turned_cp1251(ctx: Ctx) -> None:
    ctx.write(f"seeds/{SLUG}.txt", RU_TEXT.encode("cp1251"))


def _bad_toml(ctx: Ctx) -> None:
    ctx.write("loctool.toml", 'targets = ["kk", \n')


# --------------------------------------------------------------------------- archives


def _zip(ctx: Ctx, name: str, members: dict[str, bytes], links: tuple[str, ...] = ()) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for member, data in members.items():
            zf.writestr(member, data)
        for link in links:
            info = zipfile.ZipInfo(link)
            info.external_attr = (0o120777 << 16) | 0x20
            zf.writestr(info, "/etc/passwd")
    ctx.write(f"inbox/{name}", buffer.getvalue())


META = {"type": "translate", "from_code": "tr", "to_code": "en", "package_version": "1.0"}


def _package(meta: dict[str, object] | bytes, prefix: str = "translate-tr_en-1_0/") -> dict:
    raw = meta if isinstance(meta, bytes) else json.dumps(meta).encode()
    return {
        f"{prefix}metadata.json": raw,
        f"{prefix}model/model.bin": b"\0" * 16,
        f"{prefix}model/config.json": b"{}",
        f"{prefix}sentencepiece.model": b"\0" * 16,
    }


def _archive(members: dict[str, bytes], links: tuple[str, ...] = ()) -> Setup:
    def setup(ctx: Ctx) -> None:
        _zip(ctx, "bad.argosmodel", members, links)

    return setup


def _truncated_zip(ctx: Ctx) -> None:
    _zip(ctx, "full.argosmodel", _package(META))
    data = (ctx.root / "inbox" / "full.argosmodel").read_bytes()
    (ctx.root / "inbox" / "full.argosmodel").unlink()
    ctx.write("inbox/bad.argosmodel", data[: len(data) // 2] + data[-22:])


# --------------------------------------------------------------------------- TMX and PO


def _tmx(body: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
        '<header srclang="tr" datatype="plaintext" segtype="sentence" adminlang="en" '
        'o-tmf="x" creationtool="x" creationtoolversion="1"/>\n'
        f"<body>{body}</body>\n</tmx>\n"
    )


TU = '<tu><tuv xml:lang="{a}"><seg>{s}</seg></tuv><tuv xml:lang="{b}"><seg>{t}</seg></tuv></tu>'

BOMB = (  # "billion laughs": 10^8 expansions of a 40-byte entity
    '<?xml version="1.0"?>\n<!DOCTYPE tmx [\n<!ENTITY a "'
    + "a" * 40
    + '">\n'
    + "".join(
        f'<!ENTITY {c} "{("&" + p + ";") * 10}">\n'
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + ']>\n<tmx version="1.4"><header srclang="tr"/><body><tu><tuv xml:lang="tr"><seg>&i;</seg>'
    "</tuv></tu></body></tmx>\n"
)

XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    '<tmx version="1.4"><header srclang="tr"/><body><tu><tuv xml:lang="tr"><seg>&x;</seg></tuv>'
    '<tuv xml:lang="kk"><seg>x</seg></tuv></tu></body></tmx>\n'
)


def _file(rel: str, data: bytes | str) -> Setup:
    def setup(ctx: Ctx) -> None:
        ctx.write(rel, data)

    return setup


MEMORY_PO = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: kk\\n"\n'
    '"X-Source-Language: tr\\n"\n\nmsgid "Merhaba"\nmsgstr "Сәлем"\n'
)


def _second_memory_file_broken(ctx: Ctx) -> str:
    """kk would be imported first (memory/tr-kk.po created); ru's memory file is broken."""
    ctx.write("memory/tr-ru.po", MEMORY_PO.replace("Сәлем", "Привет").encode() + b"\n\xff\n")
    tus = TU.format(a="tr", b="kk", s="Merhaba", t="Сәлем") + TU.format(
        a="tr", b="ru", s="Merhaba", t="Привет"
    )
    ctx.write("inbox/two.tmx", _tmx(tus))
    return "memory/tr-ru.po:10: not valid UTF-8"


def _memory_broken_source_changed(ctx: Ctx) -> str:
    """translate would re-extract the changed source before it reads the memory."""
    seed = ctx.root / "seeds" / f"{SLUG}.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nYeni bir paragraf.\n", "utf-8")
    ctx.write("memory/tr-en.po", MEMORY_PO + '\nmsgid "x"\nmsgstr "unterminated\n')
    return "memory/tr-en.po:11: unterminated string"


def _other_article_broken(ctx: Ctx) -> str:
    """translate of one article reads the other articles' catalogs (the memory)."""
    seed = ctx.root / "seeds" / f"{SLUG}.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nYeni bir paragraf.\n", "utf-8")
    ctx.write("seeds/other.txt", TR_TEXT + "\n")
    ctx.write(po_rel("en", "other"), MEMORY_PO + '\nmsgid "x"\nmsgstr "\\q"\n')
    return f"{po_rel('en', 'other')}:11: invalid escape sequence \\q"


def _corrupt_memory(ctx: Ctx) -> str:
    ctx.write("memory/tr-kk.po", MEMORY_PO + '\nmsgid "Merhaba"\nmsgstr "Сәлеметсіз"\n')
    ctx.write("inbox/good.po", MEMORY_PO.replace("Merhaba", "Günaydın"))
    return "memory/tr-kk.po:10: duplicate message definition (first defined at line 7)"


# --------------------------------------------------------------------------- issue 12


def _toml(text: str) -> Setup:
    def setup(ctx: Ctx) -> None:
        ctx.write("loctool.toml", text.format(outside=ctx.outside))

    return setup


def _symlink(rel: str, target: str) -> Setup:
    """``rel`` (in the project) becomes a link to ``target`` ({outside}, {root} filled in);
    an existing folder at ``rel`` moves to the target first."""

    def setup(ctx: Ctx) -> None:
        link = ctx.root / rel
        dest = Path(target.format(outside=ctx.outside, root=ctx.root))
        if link.is_dir():
            shutil.move(link, dest)
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(dest)

    return setup


def _both(*setups: Setup) -> Setup:
    def setup(ctx: Ctx) -> str | None:
        found = [s(ctx) for s in setups]
        return next((f for f in found if f), None)

    return setup


def _seeds_in_kk(ctx: Ctx) -> None:
    """seeds = "kk": the article lives where rendered Kazakh copies would go with --out ."""
    (ctx.root / "kk").mkdir()
    shutil.move(ctx.root / "seeds" / SEED.name, ctx.root / "kk" / SEED.name)
    ctx.write("loctool.toml", 'seeds = "kk"\n')


def _foreign(rel: str, template: bool = False) -> Setup:
    """A GNOME catalog (English source, gio/*.c references) where the article's goes."""

    def setup(ctx: Ctx) -> None:
        po = catalog.load(FIXTURES / "po" / "glib_kk.po")
        if template:
            for entry in po:
                entry.msgstr = ""
                entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
                entry.flags = [f for f in entry.flags if f != "fuzzy"]
        ctx.write(rel, catalog.dumps(po))

    return setup


def _article_replaced(ctx: Ctx) -> None:
    """Every kk unit reviewed, then the article is replaced by another text."""
    fill(ctx.root, "kk")
    ctx.write(f"seeds/{SLUG}.txt", TR_TEXT + "\n")


# --------------------------------------------------------------------------- the table

CASES = [
    # ---- extract: sources
    Case(
        "extract/cp1254",
        ("extract", "seeds/tr-cp1254.txt"),
        "seeds/tr-cp1254.txt:1: not valid UTF-8 (byte 0xfd); convert it, e.g. iconv -f cp1254",
        _seed("tr-cp1254.txt", ("Kazakistan'da ışık.\n" + TR_TEXT).encode("cp1254")),
    ),
    Case(
        "extract/cp1251",
        ("extract", "seeds/ru-cp1251.txt"),
        "seeds/ru-cp1251.txt:2: not valid UTF-8 (byte 0xcc); convert it, e.g. iconv -f cp1251",
        _seed("ru-cp1251.txt", ("Title\n" + RU_TEXT).encode("cp1251")),
    ),
    Case(
        "extract/utf16-no-bom",
        ("extract", "seeds/ru-utf16.txt"),
        "seeds/ru-utf16.txt: looks like UTF-16 without a BOM; save it as UTF-8",
        _seed("ru-utf16.txt", RU_TEXT.encode("utf-16-le")),
    ),
    Case(
        "extract/utf16-be-no-bom",
        ("extract", "seeds/tr-utf16be.txt"),
        "seeds/tr-utf16be.txt: looks like UTF-16 without a BOM; save it as UTF-8",
        _seed("tr-utf16be.txt", TR_TEXT.encode("utf-16-be")),
    ),
    Case(
        "extract/utf16-bom",
        ("extract", "seeds/tr-utf16bom.txt"),
        "seeds/tr-utf16bom.txt: is UTF-16; save it as UTF-8",
        _seed("tr-utf16bom.txt", TR_TEXT.encode("utf-16")),
    ),
    Case(
        "extract/empty",
        ("extract", "seeds/empty.txt"),
        "seeds/empty.txt: is empty",
        _seed("empty.txt", b""),
    ),
    Case(
        "extract/vtt-without-header",
        ("extract", "seeds/bulletin.vtt"),
        "seeds/bulletin.vtt:1: not a WebVTT file: the first line must start with WEBVTT",
        _seed("bulletin.vtt", "00:01.000 --> 00:02.000\nKota arttı.\n".encode()),
    ),
    Case(
        "extract/html-without-text",
        ("extract", "seeds/page.html"),
        "seeds/page.html: has no text to translate",
        _seed("page.html", b"<html><script>var x = 'Kota';</script><p>1.630</p></html>"),
    ),
    Case(
        "extract/whitespace-only",
        ("extract", "seeds/blank.txt"),
        "seeds/blank.txt: is empty",
        _seed("blank.txt", " \n\t\n\xa0\n\r\n".encode()),
    ),
    Case(
        "extract/binary",
        ("extract", "seeds/image.txt"),
        "seeds/image.txt: is a binary file, not a text article",
        _seed("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x08\x06"),
    ),
    Case(
        "extract/5mb-single-line",
        ("extract", "seeds/huge.txt"),
        "seeds/huge.txt: 5242880 bytes is too large for an article (limit 2097152)",
        _seed("huge.txt", b"kelime " * (5 * 1024 * 1024 // 7) + b"x" * (5 * 1024 * 1024 % 7)),
    ),
    Case(
        "extract/100kb-unit",
        ("extract", "seeds/dump.txt"),
        "seeds/dump.txt:1: a unit of 102400 characters (limit 5000); is sentence punctuation",
        _seed("dump.txt", b"kelime " * (102400 // 7) + b"x" * (102400 % 7)),
    ),
    Case("extract/directory", ("extract", "seeds"), "seeds: is a directory; give article files"),
    Case("extract/missing", ("extract", "seeds/nope.txt"), "seeds/nope.txt: no such file"),
    Case(
        "extract/symlink-outside",
        ("extract", "seeds/linked.txt"),
        "seeds/linked.txt: is outside the project",
        _symlink_outside,
    ),
    Case(
        "extract/all-with-symlink-outside",
        ("extract",),
        "seeds/linked.txt: is outside the project",
        _symlink_outside,
    ),
    Case(
        "extract/broken-symlink",
        ("extract", "seeds/dangling.txt"),
        "seeds/dangling.txt: broken symbolic link",
        _broken_symlink,
    ),
    Case(
        "extract/slug-with-dotdot",
        ("extract", "seeds/a..b.txt"),
        "seeds/a..b.txt: the file name must be a slug",
        _seed("a..b.txt", TR_TEXT.encode()),
    ),
    Case(
        "extract/path-with-dotdot",
        ("extract", "../outside/elsewhere.txt"),
        "../outside/elsewhere.txt: is outside the project",
        _symlink_outside,
    ),
    Case(
        "extract/unsupported-type",
        ("extract", "seeds/article.docx"),
        "seeds/article.docx: unsupported file type '.docx'; use .txt, .md, .html, .srt or .vtt",
        _seed("article.docx", b"PK\x03\x04"),
    ),
    Case(
        "extract/one-bad-among-good",
        ("extract",),
        "seeds/zz-latin.txt:1: not valid UTF-8",
        _one_bad_among_good,
    ),
    Case(
        "extract/unknown-lang", ("extract", "--lang", "kk,xx"), "--lang: unknown language code 'xx'"
    ),
    Case("extract/bad-toml", ("extract",), "loctool.toml: not valid TOML", _bad_toml),
    Case(
        "extract/no-project-folder",
        ("-C", "{outside}/nope", "extract"),
        "{outside}/nope: no such project folder",
    ),
    # ---- extract: existing catalogs
    Case("extract/po-unterminated", ("extract",), "", _po(unterminated), broken_po=True),
    Case("extract/pot-unterminated", ("extract",), "", _broken_pot, broken_po=True),
    Case("extract/po-is-a-directory", ("extract",), "", _dir_instead_of_po),
    Case("extract/po-empty-file", ("extract",), "", _po(empty_po), broken_po=True),
    Case(
        "review/po-latin1-declared",
        ("review", "kk", "--reviewer", REVIEWER, "--inline"),
        "",
        _po(latin1_declared),
        broken_po=True,
    ),
    Case(
        "review/po-latin1-undeclared",
        ("review", "kk", "--reviewer", REVIEWER, "--inline"),
        "",
        _po(latin1_undeclared),
        broken_po=True,
    ),
    Case(
        "accept/po-plural-forms-garbage",
        ("accept", "kk", "--all", "--reviewer", REVIEWER),
        "",
        _po(plural_garbage),
        broken_po=True,
    ),
    Case(
        "accept/po-plural-forms-out-of-range",
        ("accept", "kk", "--all", "--reviewer", REVIEWER),
        "",
        _po(plural_out_of_range),
        broken_po=True,
    ),
    Case(
        "review/po-fifo",
        ("review", "kk", "--reviewer", REVIEWER, "--inline"),
        f"{KK}: is a FIFO (named pipe), not a catalog",
        _po_fifo,
    ),
    Case("extract/po-fifo", ("extract",), f"{KK}: is a FIFO (named pipe), not a catalog", _po_fifo),
    Case("status/po-fifo", ("status",), f"{KK}: is a FIFO (named pipe), not a catalog", _po_fifo),
    Case(
        "extract/symlink-loop",
        ("extract", "seeds/loop-a.txt"),
        "seeds/loop-a.txt: is a symbolic link loop",
        _symlink_loop,
    ),
    Case(
        "extract/fifo",
        ("extract", "seeds/pipe.txt"),
        "seeds/pipe.txt: is a FIFO (named pipe), not an article",
        _seed_fifo,
    ),
    Case(
        "translate/device",
        ("translate", "/dev/zero"),
        "/dev/zero: is a device, not an article",
    ),
    Case(
        "accept/unit-range-beyond-the-catalog",
        ("accept", "kk", "--unit", "1-99999999", "--reviewer", REVIEWER),
        f"--unit: no unit 24–99999999 (kk/{SLUG} has units 1–23)",
    ),
    Case(
        "accept/unit-number-too-long",
        ("accept", "kk", "--unit", "2," + "9" * 5000, "--reviewer", REVIEWER),
        "--unit: not a unit number or range: '999999999999999999999999999999…'",
    ),
    Case(
        "review/editor-writes-latin1",
        ("review", "kk", "--reviewer", REVIEWER),
        "$EDITOR: {outside}/latin1-editor saved text that is not UTF-8 (byte 0xe7 on line 1)",
        _latin1_editor,
        env=(("EDITOR", "{outside}/latin1-editor"),),
        input="e\nq\n",
    ),
    Case(
        "extract/disk-full",
        ("extract",),
        f"{pot_rel()}: {DISK_FULL}",
        _source_changed,
        env=failing("ENOSPC", ".pot."),
    ),
    Case(
        "extract/read-only-folder",
        ("extract",),
        f"{pot_rel()}: {READ_ONLY}",
        _source_changed,
        env=failing("EROFS", ".pot."),
    ),
    Case(
        "accept/disk-full",
        ("accept", "kk", "--all", "--reviewer", REVIEWER),
        f"{KK}: {DISK_FULL}",
        env=failing("ENOSPC", f"{SLUG}.po."),
    ),
    Case(
        "render/disk-full",
        ("render", "--lang", "kk", "--allow-machine", "--fallback", "source"),
        f"out/kk/{SLUG}.txt: {DISK_FULL}",
        env=failing("ENOSPC", f"{SLUG}.txt."),
    ),
    Case(
        "render/read-only-folder",
        ("render", "--lang", "kk", "--allow-machine", "--fallback", "source"),
        f"out/kk/{SLUG}.txt: {READ_ONLY}",
        env=failing("EROFS", f"{SLUG}.txt."),
    ),
    Case(
        "memory/disk-full",
        ("memory", "import", "inbox/good.po"),
        f"memory/tr-kk.po: {DISK_FULL}",
        _file("inbox/good.po", MEMORY_PO),
        env=failing("ENOSPC", "tr-kk.po."),
    ),
    # ---- translate
    Case("translate/po-bad-escape", ("translate",), "", _po(bad_escape), broken_po=True),
    Case("translate/po-koi8-charset", ("translate",), "", _po(koi8_charset), broken_po=True),
    Case(
        "translate/cp1251-source",
        ("translate",),
        f"seeds/{SLUG}.txt:1: not valid UTF-8",
        _source_turned_cp1251,
    ),
    Case(
        "translate/broken-memory-file",
        ("translate", "--lang", "en"),
        "",
        _memory_broken_source_changed,
        broken_po=True,
    ),
    Case(
        "translate/other-article-catalog-broken",
        ("translate", f"seeds/{SLUG}.txt", "--lang", "en"),
        "",
        _other_article_broken,
        broken_po=True,
    ),
    Case("translate/unknown-lang", ("translate", "--lang", "zz"), "--lang: unknown language"),
    Case(
        "translate/unknown-engine",
        ("translate", "--engine", "deepl"),
        "--engine: unknown engine 'deepl'",
    ),
    Case("translate/missing", ("translate", "seeds/gone.txt"), "seeds/gone.txt: no such file"),
    # ---- review
    Case(
        "review/po-duplicate",
        ("review", "kk", "--reviewer", REVIEWER, "--inline"),
        "",
        _po(duplicate),
        broken_po=True,
    ),
    Case(
        "review/po-non-utf8",
        ("review", "kk", "--reviewer", REVIEWER, "--inline"),
        "",
        _po(latin1_bytes),
        broken_po=True,
    ),
    Case(
        "review/po-binary",
        ("review", "kk", "--reviewer", REVIEWER, "--inline"),
        "",
        _po(binary_po),
        broken_po=True,
    ),
    Case("review/unknown-lang", ("review", "xx"), "LANG: unknown language code 'xx'"),
    Case(
        "review/slug-with-dotdot",
        ("review", "kk", "../../seeds/x", "--reviewer", REVIEWER),
        "../../seeds/x: no such file",
    ),
    Case(
        "review/no-such-article",
        ("review", "kk", "nope", "--reviewer", REVIEWER),
        "SLUG: no article 'nope' (no source in seeds/, no catalog in locales/); give a slug "
        "or a source file",
    ),
    Case(
        "review/no-catalog-for-the-article",
        ("review", "kk", "seeds/other.txt", "--reviewer", REVIEWER),
        f"{po_rel('kk', 'other')}: no kk catalog for article 'other'",
        _seed("other.txt", TR_TEXT.encode()),
    ),
    # ---- accept
    Case(
        "accept/po-missing-msgstr",
        ("accept", "kk", "--all", "--reviewer", REVIEWER),
        "",
        _po(missing_msgstr),
        broken_po=True,
    ),
    Case(
        "accept/po-plural-mismatch",
        ("accept", "kk", "--all", "--reviewer", REVIEWER),
        "",
        _po(plural_mismatch),
        broken_po=True,
    ),
    Case(
        "accept/unknown-unit",
        ("accept", "kk", "--unit", "999", "--reviewer", REVIEWER),
        "--unit: no unit 999",
    ),
    Case("accept/unknown-lang", ("accept", "xx", "--all"), "LANG: unknown language code 'xx'"),
    Case(
        "accept/slug-with-dotdot",
        ("accept", "kk", "..", "--all", "--reviewer", REVIEWER),
        "..: is a directory; give an article's slug or source file",
    ),
    Case(
        "accept/unknown-slug",
        ("accept", "kk", "nope", "--all", "--reviewer", REVIEWER),
        "SLUG: no article 'nope'",
    ),
    # ---- render
    Case(
        "render/po-wrong-charset",
        ("render", "--lang", "kk", "--allow-machine"),
        "",
        _po(koi8_charset),
        broken_po=True,
    ),
    Case(
        "render/cp1251-source",
        ("render", "--lang", "kk", "--fallback", "source"),
        f"seeds/{SLUG}.txt:1: not valid UTF-8",
        _source_turned_cp1251,
    ),
    Case("render/unknown-lang", ("render", "--lang", "xx"), "--lang: unknown language code 'xx'"),
    Case("render/slug-with-dotdot", ("render", "a/../b"), "a/../b: no such file"),
    Case("render/unknown-slug", ("render", "nope"), "SLUG: no article 'nope'"),
    # ---- status, check, diff (issue 15)
    Case("status/unknown-slug", ("status", "nope"), "SLUG: no article 'nope'"),
    Case("status/not-a-slug", ("status", "a b"), "SLUG: not a valid article slug: 'a b'"),
    Case("check/unknown-slug", ("check", "nope"), "SLUG: no article 'nope'"),
    Case("diff/unknown-slug", ("diff", "--mt", "nope"), "SLUG: no article 'nope'"),
    Case(
        "diff/two-modes",
        ("diff", "--mt", "--source"),
        "choose one of --source, --mt and --rev REV (not --source and --mt together)",
    ),
    Case("diff/no-mode", ("diff",), "choose one of --source, --mt and --rev REV"),
    Case(
        "translate/unknown-slug", ("translate", "nope", "--lang", "kk"), "SLUG: no article 'nope'"
    ),
    Case(
        "translate/slug-without-source",
        ("translate", SLUG, "--lang", "kk"),
        f"SLUG: article '{SLUG}' has catalogs but no source in seeds/; give the source file",
        lambda ctx: (ctx.root / "seeds" / SEED.name).unlink(),
    ),
    Case(
        "check/glossary-bad-stem-mark",
        ("check",),
        "glossary.csv:2: 'Altın**': mark a stem with one * at the end of a word (Altın*)",
        _file("glossary.csv", "term,kk,tg,ru,en,note,dnt\nAltın**,Алтын,,,,,\n"),
    ),
    Case(
        "render/out-is-a-file",
        ("render", "--out", "seeds/" + SEED.name),
        "Invalid value for '--out': Directory 'seeds/kazakhstan-tajikistan-cooperation.txt' is a",
    ),
    # ---- models install
    Case(
        "models/not-a-zip",
        ("models", "install", "inbox/bad.argosmodel"),
        "inbox/bad.argosmodel: not a zip archive, so not an argos package",
        _file("inbox/bad.argosmodel", b"this is text, not a zip\n"),
    ),
    Case(
        "models/zip-not-a-package",
        ("models", "install", "inbox/bad.argosmodel"),
        "inbox/bad.argosmodel: no metadata.json: not an argos translation package",
        _archive({"readme/README.txt": b"hello"}),
    ),
    Case(
        "models/zip-dotdot-paths",
        ("models", "install", "inbox/bad.argosmodel"),
        "inbox/bad.argosmodel: unsafe path in archive: ../../evil.txt",
        _archive({**_package(META), "../../evil.txt": b"x"}),
    ),
    Case(
        "models/zip-absolute-path",
        ("models", "install", "inbox/bad.argosmodel"),
        "inbox/bad.argosmodel: unsafe path in archive: /tmp/evil.txt",
        _archive({**_package(META), "/tmp/evil.txt": b"x"}),
    ),
    Case(
        "models/zip-symlink",
        ("models", "install", "inbox/bad.argosmodel"),
        "inbox/bad.argosmodel: symbolic link in archive: translate-tr_en-1_0/link",
        _archive(_package(META), links=("translate-tr_en-1_0/link",)),
    ),
    Case(
        "models/zip-truncated",
        ("models", "install", "inbox/bad.argosmodel"),
        "inbox/bad.argosmodel: ",
        _truncated_zip,
    ),
    Case(
        "models/metadata-not-json",
        ("models", "install", "inbox/bad.argosmodel"),
        "inbox/bad.argosmodel: metadata.json is not valid JSON",
        _archive(_package(b"{not json")),
    ),
    Case(
        "models/metadata-unknown-lang",
        ("models", "install", "inbox/bad.argosmodel"),
        "inbox/bad.argosmodel: metadata.json: unknown language code 'xx'",
        _archive(_package({**META, "to_code": "xx"})),
    ),
    Case(
        "models/missing-file",
        ("models", "install", "inbox/gone.argosmodel"),
        "inbox/gone.argosmodel: no such file",
    ),
    Case(
        "models/directory",
        ("models", "install", "seeds"),
        "seeds: is a directory; give an .argosmodel file",
    ),
    # ---- memory import
    Case(
        "memory/tmx-not-xml",
        ("memory", "import", "inbox/bad.tmx"),
        "inbox/bad.tmx: not a TMX file: syntax error: line 1, column 0",
        _file("inbox/bad.tmx", "this is not xml at all\n"),
    ),
    Case(
        "memory/tmx-empty",
        ("memory", "import", "inbox/bad.tmx"),
        "inbox/bad.tmx: not a TMX file: no element found",
        _file("inbox/bad.tmx", b""),
    ),
    Case(
        "memory/tmx-wrong-root",
        ("memory", "import", "inbox/bad.tmx"),
        "inbox/bad.tmx: not a TMX file (root element <html>)",
        _file("inbox/bad.tmx", "<html><body/></html>"),
    ),
    Case(
        "memory/tmx-cp1251-declared-utf8",
        ("memory", "import", "inbox/bad.tmx"),
        "inbox/bad.tmx: not a TMX file: not well-formed (invalid token): line 4",
        _file(
            "inbox/bad.tmx",
            _tmx(TU.format(a="tr", b="ru", s="Merhaba", t="Привет")).encode("cp1251"),
        ),
    ),
    Case(
        "memory/tmx-entity-bomb",
        ("memory", "import", "inbox/bad.tmx"),
        "inbox/bad.tmx: not a TMX file: ",
        _file("inbox/bad.tmx", BOMB),
    ),
    Case(
        "memory/tmx-external-entity",
        ("memory", "import", "inbox/bad.tmx"),
        "inbox/bad.tmx: not a TMX file: ",
        _file("inbox/bad.tmx", XXE),
    ),
    Case(
        "memory/tmx-unknown-lang",
        ("memory", "import", "inbox/bad.tmx"),
        "inbox/bad.tmx: unknown language code 'xx'",
        _file("inbox/bad.tmx", _tmx(TU.format(a="tr", b="xx-YY", s="Merhaba", t="Hallo"))),
    ),
    Case(
        "memory/po-duplicate",
        ("memory", "import", "inbox/bad.po"),
        "inbox/bad.po:10: duplicate message definition (first defined at line 7)",
        _file("inbox/bad.po", MEMORY_PO + '\nmsgid "Merhaba"\nmsgstr "Сәлеметсіз"\n'),
        broken_po=True,
    ),
    Case(
        "memory/po-no-source-language",
        ("memory", "import", "inbox/bad.po"),
        "inbox/bad.po: no X-Source-Language header; pass --source-lang",
        _file("inbox/bad.po", MEMORY_PO.replace('"X-Source-Language: tr\\n"\n', "")),
    ),
    Case(
        "memory/corrupt-memory-file",
        ("memory", "import", "inbox/good.po"),
        "",
        _corrupt_memory,
        broken_po=True,
    ),
    Case(
        "memory/second-memory-file-broken",
        ("memory", "import", "inbox/two.tmx"),
        "",
        _second_memory_file_broken,
        broken_po=True,
    ),
    Case(
        "memory/not-po-or-tmx",
        ("memory", "import", "seeds/" + SEED.name),
        f"seeds/{SEED.name}: expected a .po or .tmx file",
    ),
    Case("memory/missing", ("memory", "import", "inbox/gone.tmx"), "inbox/gone.tmx: no such file"),
    Case("memory/directory", ("memory", "import", "seeds"), "seeds: is a directory"),
    Case(
        "memory/unknown-source-lang",
        ("memory", "import", "inbox/ok.tmx", "--source-lang", "qq"),
        "--source-lang: unknown language code 'qq'",
        _file("inbox/ok.tmx", _tmx(TU.format(a="tr", b="kk", s="Merhaba", t="Сәлем"))),
    ),
    # ---- issue 12: configured paths, output paths, foreign catalogs, config values
    Case(
        "extract/config-locales-outside",
        ("extract",),
        "loctool.toml: locales = '../escape' is outside the project (it resolves to ",
        _toml('locales = "../escape"\n'),
    ),
    Case(
        "extract/config-seeds-absolute",
        ("extract",),
        "loctool.toml: seeds = '{outside}' is outside the project",
        _toml('seeds = "{outside}"\n'),
    ),
    Case(
        "render/config-out-outside",
        ("render", "--lang", "kk", "--allow-machine", "--fallback", "source"),
        "loctool.toml: out = '../outside' is outside the project",
        _toml('out = "../outside"\n'),
    ),
    Case(
        "extract/locales-links-outside",
        ("extract",),
        "locales: is outside the project (it resolves to {outside}/locales)",
        _symlink("locales", "{outside}/locales"),
    ),
    Case(
        "render/config-out-is-the-project",
        ("render", "--lang", "kk", "--allow-machine", "--fallback", "source"),
        "loctool.toml: out = '.' contains the seeds folder seeds/",
        _toml('out = "."\n'),
    ),
    Case(
        "render/config-out-is-locales",
        ("render", "--lang", "kk", "--allow-machine", "--fallback", "source"),
        "loctool.toml: out = 'locales' contains the catalogs folder locales/",
        _toml('out = "locales"\n'),
    ),
    Case(
        "render/out-is-the-project",
        ("render", "--lang", "kk", "--allow-machine", "--fallback", "source", "--out", "."),
        "--out: contains the seeds folder seeds/",
    ),
    Case(
        "render/seeds-kk-out-dot",
        ("render", "--lang", "kk", "--allow-machine", "--fallback", "source", "--out", "."),
        "--out: contains the seeds folder kk/",
        _seeds_in_kk,
    ),
    Case(
        "render/out-is-locales",
        ("render", "--lang", "kk", "--allow-machine", "--out", "locales"),
        "--out: contains the catalogs folder locales/",
    ),
    Case(
        "render/out-inside-locales",
        ("render", "--lang", "kk", "--allow-machine", "--out", "locales/kk"),
        "--out: is inside the catalogs folder locales/",
    ),
    Case(
        "render/out-folder-links-into-seeds",
        ("render", "--lang", "kk", "--allow-machine", "--fallback", "source"),
        f"out/kk/{SLUG}.txt: the rendered copy would overwrite a source article, seeds/{SLUG}.txt",
        _symlink("out/kk", "../seeds"),
    ),
    Case(
        "render/copy-links-to-source",
        ("render", "--lang", "kk", "--allow-machine", "--fallback", "source"),
        f"out/kk/{SLUG}.txt: the rendered copy would overwrite a source article, seeds/{SLUG}.txt",
        _symlink(f"out/kk/{SLUG}.txt", f"../../seeds/{SLUG}.txt"),
    ),
    Case(
        "render/copy-links-to-config",
        ("render", "--lang", "kk", "--allow-machine", "--fallback", "source"),
        f"out/kk/{SLUG}.txt: the rendered copy would overwrite the project configuration",
        _both(_toml('team = "Newsroom"\n'), _symlink(f"out/kk/{SLUG}.txt", "../../loctool.toml")),
    ),
    Case(
        "render/out-outside-links-into-seeds",
        ("render", "--lang", "kk", "--allow-machine", "--fallback", "source", "--out", "{outside}"),
        f"{{outside}}/kk/{SLUG}.txt: the rendered copy would overwrite a source article",
        _symlink("../outside/kk", "{root}/seeds"),
    ),
    Case(
        "extract/catalog-folder-links-outside",
        ("extract",),
        KK_DIR + ": is outside the project (it resolves to {outside}/kk-messages)",
        _symlink(KK_DIR, "{outside}/kk-messages"),
    ),
    Case(
        "render/catalog-folder-links-outside",
        ("render", "--lang", "kk", "--allow-machine", "--fallback", "source"),
        KK_DIR + ": is outside the project (it resolves to {outside}/kk-messages)",
        _symlink(KK_DIR, "{outside}/kk-messages"),
    ),
    Case(
        "memory/memory-folder-links-outside",
        ("memory", "import", "inbox/ok.tmx"),
        "memory: is outside the project (it resolves to {outside}/memory)",
        _both(
            _file("inbox/ok.tmx", _tmx(TU.format(a="tr", b="kk", s="Merhaba", t="Сәлем"))),
            _file("../outside/memory/.keep", b""),
            _symlink("memory", "{outside}/memory"),
        ),
    ),
    Case(
        "extract/foreign-catalog",
        ("extract",),
        f"{KK}: not the catalog of seeds/{SLUG}.txt: 1272 of its 1272 entries do not come "
        "from this article; rename the article, or run `loctool extract --adopt`",
        _foreign(KK),
    ),
    Case(
        "translate/foreign-catalog",
        ("translate", "--lang", "kk"),
        f"{KK}: not the catalog of seeds/{SLUG}.txt: 1272 of its 1272 entries",
        _foreign(KK),
    ),
    Case(
        "extract/foreign-template",
        ("extract",),
        f"{pot_rel()}: not the catalog of seeds/{SLUG}.txt",
        _foreign(pot_rel(), template=True),
    ),
    Case(
        "extract/most-translations-obsolete",
        ("extract",),
        f"{KK}: seeds/{SLUG}.txt changed so much that 22 of the 23 translated entries would "
        "become obsolete; if that is right, run `loctool extract --adopt`",
        _article_replaced,
    ),
    Case(
        "extract/config-translate-not-a-table",
        ("extract",),
        "loctool.toml: translate: must be a table ([translate]), not an integer",
        _toml("translate = 3\n"),
    ),
    Case(
        "translate/config-unknown-engine",
        ("translate", "--lang", "kk"),
        "loctool.toml: engines.kk: unknown engine 'argoss' (expected auto, argos, multilingual",
        _toml('[engines]\nkk = "argoss"\n'),
    ),
    Case(
        "translate/config-default-engine-deepl",
        ("translate",),
        "loctool.toml: engines.default: unknown engine 'deepl'",
        _toml('[engines]\ndefault = "deepl"\n'),
    ),
    Case(
        "translate/config-beam-size-out-of-range",
        ("translate",),
        "loctool.toml: translate.beam_size: must be an integer from 1 to 16 (got 99)",
        _toml("[translate]\nbeam_size = 99\n"),
    ),
    Case(
        "extract/config-targets-not-a-list",
        ("extract",),
        "loctool.toml: targets: must be a list of language codes",
        _toml('targets = "kk"\n'),
    ),
    Case(
        "extract/config-team-two-lines",
        ("extract",),
        "loctool.toml: team: must be one line without control characters",
        _toml('team = "Newsroom\\nX-Injected: yes"\n'),
    ),
    Case(
        "check/glossary-is-a-directory",
        ("check",),
        "glossary.csv: is a directory; the glossary must be a CSV file",
        _file("glossary.csv/README", b"a folder, not the glossary\n"),
    ),
]


# The "Errors" table of docs/reference.md: its first column, and the cases each row stands for.
README_ROWS = {
    "cp1254 (Turkish) source": ["extract/cp1254"],
    "cp1251 (Cyrillic) source": [
        "extract/cp1251",
        "translate/cp1251-source",
        "render/cp1251-source",
    ],
    "UTF-16 without a BOM (LE or BE)": ["extract/utf16-no-bom", "extract/utf16-be-no-bom"],
    "UTF-16 with a BOM": ["extract/utf16-bom"],
    "empty or whitespace-only source": ["extract/empty", "extract/whitespace-only"],
    "binary file": ["extract/binary"],
    "WebVTT file whose first line is not `WEBVTT`": ["extract/vtt-without-header"],
    "HTML (or subtitles) with no text outside markup": ["extract/html-without-text"],
    "5 MB on a single line": ["extract/5mb-single-line"],
    "100 KB without sentence punctuation": ["extract/100kb-unit"],
    "one bad article among good ones": ["extract/one-bad-among-good"],
    "a directory as source": ["extract/directory"],
    "missing path": ["extract/missing", "translate/missing"],
    "symlink (or `../` path) to a file outside the project": [
        "extract/symlink-outside",
        "extract/all-with-symlink-outside",
        "extract/path-with-dotdot",
    ],
    "dangling symlink": ["extract/broken-symlink"],
    "file name that is not a slug (`a..b.txt`)": ["extract/slug-with-dotdot"],
    "other file types (`.docx` …)": ["extract/unsupported-type"],
    "a path that is no article (`../x`, `..`, `a/../b`) or no valid slug (`a b`)": [
        "review/slug-with-dotdot",
        "accept/slug-with-dotdot",
        "render/slug-with-dotdot",
        "status/not-a-slug",
    ],
    "unknown article slug": [
        "status/unknown-slug",
        "check/unknown-slug",
        "diff/unknown-slug",
        "render/unknown-slug",
        "review/no-such-article",
        "accept/unknown-slug",
        "translate/unknown-slug",
    ],
    "an article with catalogs whose source is gone, named by slug": [
        "translate/slug-without-source"
    ],
    "two `diff` modes at once (`--mt --source`), or none": ["diff/two-modes", "diff/no-mode"],
    "a glossary stem mark that is not one `*` at a word's end (`Altın**`)": [
        "check/glossary-bad-stem-mark"
    ],
    "unknown language code": [
        "extract/unknown-lang",
        "translate/unknown-lang",
        "render/unknown-lang",
        "review/unknown-lang",
        "accept/unknown-lang",
        "memory/unknown-source-lang",
    ],
    "unknown engine": ["translate/unknown-engine"],
    "broken `loctool.toml`": ["extract/bad-toml"],
    "`-C` folder that does not exist": ["extract/no-project-folder"],
    "PO/POT: unterminated string": ["extract/po-unterminated", "extract/pot-unterminated"],
    "PO: bad escape (also in another article's catalog, which the memory reads)": [
        "translate/po-bad-escape",
        "translate/other-article-catalog-broken",
    ],
    "PO: duplicate msgid": ["review/po-duplicate", "memory/po-duplicate"],
    "PO: missing msgstr": ["accept/po-missing-msgstr"],
    "PO: plural forms mismatch": ["accept/po-plural-mismatch"],
    "PO: charset other than UTF-8": ["translate/po-koi8-charset", "render/po-wrong-charset"],
    "PO: bytes that are not UTF-8": ["review/po-non-utf8"],
    "PO: binary file": ["review/po-binary"],
    "PO: empty file (truncated by some other tool)": ["extract/po-empty-file"],
    "PO in Latin-1 (non-ASCII bytes; the header says ISO-8859-1, or no charset)": [
        "review/po-latin1-declared",
        "review/po-latin1-undeclared",
    ],
    "PO: `Plural-Forms` that msgfmt rejects (`nplurals=two; plural=garbage`, values ≥ nplurals)": [
        "accept/po-plural-forms-garbage",
        "accept/po-plural-forms-out-of-range",
    ],
    "PO path is a FIFO, a device or a socket": [
        "review/po-fifo",
        "extract/po-fifo",
        "status/po-fifo",
    ],
    "article that is a symbolic link loop": ["extract/symlink-loop"],
    "article that is a FIFO, a device or a socket": ["extract/fifo", "translate/device"],
    "`--unit` range past the catalog's end (`1-99999999`) / a number too long": [
        "accept/unit-range-beyond-the-catalog",
        "accept/unit-number-too-long",
    ],
    "`$EDITOR` saves text that is not UTF-8": ["review/editor-writes-latin1"],
    "disk full or read-only folder while writing a template, catalog, copy, .mo or memory file": [
        "extract/disk-full",
        "extract/read-only-folder",
        "accept/disk-full",
        "render/disk-full",
        "render/read-only-folder",
        "memory/disk-full",
    ],
    "PO path is a directory": ["extract/po-is-a-directory"],
    "no catalog for the article": ["review/no-catalog-for-the-article"],
    "unit number out of range": ["accept/unknown-unit"],
    "`--out` is a file": ["render/out-is-a-file"],
    "not a zip": ["models/not-a-zip"],
    "zip that is not an argos package": ["models/zip-not-a-package"],
    "zip with `../` or absolute paths": ["models/zip-dotdot-paths", "models/zip-absolute-path"],
    "zip with a symbolic link": ["models/zip-symlink"],
    "truncated zip": ["models/zip-truncated"],
    "`metadata.json` not JSON / unknown language": [
        "models/metadata-not-json",
        "models/metadata-unknown-lang",
    ],
    "missing file / a directory": ["models/missing-file", "models/directory"],
    "TMX that is not XML (or empty)": ["memory/tmx-not-xml", "memory/tmx-empty"],
    "TMX with another root element": ["memory/tmx-wrong-root"],
    "TMX in cp1251 that says UTF-8": ["memory/tmx-cp1251-declared-utf8"],
    'TMX entity bomb ("billion laughs")': ["memory/tmx-entity-bomb"],
    "TMX with an external entity": ["memory/tmx-external-entity"],
    "TMX with an unknown language": ["memory/tmx-unknown-lang"],
    "PO without `X-Source-Language`": ["memory/po-no-source-language"],
    "broken memory file of the project": [
        "memory/corrupt-memory-file",
        "translate/broken-memory-file",
    ],
    "TMX for kk and ru, the ru memory file broken": ["memory/second-memory-file-broken"],
    "neither `.po` nor `.tmx` / missing / a directory": [
        "memory/not-po-or-tmx",
        "memory/missing",
        "memory/directory",
    ],
    'a configured folder outside the project (`locales = "../escape"`, absolute, a symlink)': [
        "extract/config-locales-outside",
        "extract/config-seeds-absolute",
        "render/config-out-outside",
        "extract/locales-links-outside",
    ],
    "`--out` or `out` that holds the seeds or the catalogs folder": [
        "render/config-out-is-the-project",
        "render/config-out-is-locales",
        "render/out-is-the-project",
        "render/seeds-kk-out-dot",
        "render/out-is-locales",
        "render/out-inside-locales",
    ],
    "a rendered copy that is, or links to, an input (a source, `loctool.toml`)": [
        "render/out-folder-links-into-seeds",
        "render/copy-links-to-source",
        "render/copy-links-to-config",
        "render/out-outside-links-into-seeds",
    ],
    "a catalog or memory folder that links outside the project": [
        "extract/catalog-folder-links-outside",
        "render/catalog-folder-links-outside",
        "memory/memory-folder-links-outside",
    ],
    "another project's catalog or template under the article's slug": [
        "extract/foreign-catalog",
        "translate/foreign-catalog",
        "extract/foreign-template",
    ],
    "a source change that would make most translated entries obsolete": [
        "extract/most-translations-obsolete"
    ],
    "a `loctool.toml` value its command-line twin rejects": [
        "extract/config-translate-not-a-table",
        "translate/config-unknown-engine",
        "translate/config-default-engine-deepl",
        "translate/config-beam-size-out-of-range",
        "extract/config-targets-not-a-list",
        "extract/config-team-two-lines",
    ],
    "`glossary.csv` is a directory": ["check/glossary-is-a-directory"],
}
COMMANDS = {"models": "models install", "memory": "memory import"}


def readme_errors() -> dict[str, tuple[str, str]]:
    """First cell → (command cell, exit cell) of the Errors table in docs/reference.md."""
    text = (REPO / "docs" / "reference.md").read_text(encoding="utf-8")
    section = text.split("\n## Errors\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if line.startswith("| ") and len(cells) == 4 and cells[2] != "exit":
            rows[cells[0]] = (cells[1], cells[2])
    return rows


def test_every_case_is_listed_in_the_readme_with_its_exit_code() -> None:
    listed = [case_id for ids in README_ROWS.values() for case_id in ids]
    assert sorted(listed) == sorted(c.id for c in CASES)
    codes = {c.id: c.code for c in CASES}
    table = readme_errors()
    assert table["UTF-8 with a BOM, CRLF line ends, or both"][1] == "0"  # they work
    for row, ids in README_ROWS.items():
        assert row in table, row
        commands, code = table[row]
        assert {str(codes[i]) for i in ids} == {code}, row
        for case_id in ids:
            command = case_id.split("/")[0]
            assert commands == "any" or f"`{COMMANDS.get(command, command)}" in commands, row


def test_the_table_is_large_and_covers_every_command() -> None:
    assert len(CASES) >= 30
    assert len({c.id for c in CASES}) == len(CASES)
    commands = {c.id.split("/")[0] for c in CASES}
    assert {"extract", "translate", "review", "accept", "render", "models", "memory"} <= commands


# --------------------------------------------------------------------------- running


def tree(root: Path) -> dict[str, str]:
    """Every path under ``root`` (folders and links included) with a checksum."""
    found: dict[str, str] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[rel] = "-> " + os.readlink(path)
            elif path.is_dir():
                found[rel] = "dir"
            elif not path.is_file():  # a FIFO: never read it
                found[rel] = f"special {stat.S_IFMT(path.stat().st_mode):o}"
            else:
                found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once: the seed extracted for kk, tg, ru, en; kk holds six machine drafts."""
    root = tmp_path_factory.mktemp("bad-inputs-base") / "proj"
    (root / "seeds").mkdir(parents=True)
    shutil.copyfile(SEED, root / "seeds" / SEED.name)
    result = CliRunner().invoke(cli, ["-C", str(root), "extract"])
    assert result.exit_code == 0, result.output
    fill_machine(root / KK, range(1, 7))
    return root


@pytest.fixture
def argos_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "runtime"))
    (tmp_path / "runtime").mkdir()
    return data


def _params() -> list:  # type: ignore[type-arg]
    return [
        pytest.param(case, id=case.id, marks=[pytest.mark.malformed_po] if case.broken_po else [])
        for case in CASES
    ]


@pytest.mark.parametrize("case", _params())
def test_bad_input(case: Case, base: Path, tmp_path: Path, argos_data: Path) -> None:
    root = tmp_path / "proj"
    shutil.copytree(base, root, symlinks=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    ctx = Ctx(root, outside)
    extra = case.setup(ctx) if case.setup is not None else None
    before = tree(root)
    outside_before = tree(tmp_path)

    args = [a.format(root=root, outside=outside) for a in case.args]
    if args[0] == "-C":
        argv = [sys.executable, "-m", "loctool", *args]
    else:
        argv = loctool_argv(root, *args)
    env = subprocess_env()
    env.update({k: v.format(root=root, outside=outside) for k, v in case.env})
    done = subprocess.run(
        argv, capture_output=True, text=True, env=env, cwd=root, timeout=300, input=case.input
    )

    assert done.returncode == case.code, done.stdout + done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    line = lines[0]
    assert line.startswith("loctool: error: "), line
    assert "Traceback" not in done.stderr + done.stdout
    assert "internal error" not in line
    message = case.message.format(root=root, outside=outside)
    assert line.startswith("loctool: error: " + message), line
    if extra:  # the catalog and line, relative to the project
        assert line.startswith("loctool: error: " + extra), line
    assert tree(root) == before, "the project is exactly as before"
    after = tree(tmp_path)
    left = sorted(
        p for p in set(after) - set(outside_before) if not p.startswith(("xdg-data", "runtime"))
    )
    assert left == [], "nothing was created outside the project either"
    leftovers = [p for p in after if re.search(r"(^|/)\.(install-|old-|removing-)|\.tmp$", p)]
    assert leftovers == []


# --------------------------------------------------------------------------- BOM and CRLF


def _variants() -> dict[str, bytes]:
    plain = SEED.read_bytes()
    assert b"\r" not in plain and not plain.startswith(b"\xef\xbb\xbf")
    crlf = plain.replace(b"\n", b"\r\n")
    return {"bom": b"\xef\xbb\xbf" + plain, "crlf": crlf, "bom+crlf": b"\xef\xbb\xbf" + crlf}


@pytest.mark.parametrize("variant", sorted(_variants()))
def test_bom_and_crlf_sources_work_and_come_back_on_render(
    variant: str, project: Path, tmp_path: Path
) -> None:
    data = _variants()[variant]
    seed = project / "seeds" / SEED.name
    seed.write_bytes(data)
    env = subprocess_env()

    def loctool(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            loctool_argv(project, *args), capture_output=True, text=True, env=env, timeout=300
        )

    done = loctool("extract")
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert "tr, 24 units (23 distinct)" in done.stdout
    for lang in ("kk", "en"):
        po = catalog.load(po_path(project, lang, SLUG))
        assert not any("\r" in e.msgid or "\ufeff" in e.msgid for e in po)
    fill(project, "kk")  # identity: every unit reviewed as its own text
    fill(project, "en", text=lambda msgid: f"[{msgid}]\nline two")  # a translation with a break
    done = loctool("render", "--lang", "kk,en", "--allow-qa-errors")  # stand-in texts
    assert done.returncode == 0, done.stderr
    assert seed.read_bytes() == data
    assert (project / "out" / "kk" / SEED.name).read_bytes() == data  # byte for byte
    translated = (project / "out" / "en" / SEED.name).read_bytes()
    assert translated.startswith(b"\xef\xbb\xbf") == data.startswith(b"\xef\xbb\xbf")
    if b"\r\n" in data:
        assert b"\n" not in translated.replace(b"\r\n", b"")
        assert translated.count(b"\r\n") == data.count(b"\r\n") + 24  # one per unit
    else:
        assert b"\r" not in translated
    assert b"[" in translated and b"\xef\xbb\xbf" not in translated[3:]
    # The second run changes nothing: same bytes, nothing written.
    again = loctool("extract")
    assert "unchanged" in again.stdout


# --------------------------------------------------------------------------- $EDITOR


def test_an_editor_that_fails_saves_nothing_and_says_so(base: Path, tmp_path: Path) -> None:
    """An editor that exits non-zero (``:cq`` in vim) cancels the edit: review says which
    editor and status, saves nothing, and goes on (here: to the quit key)."""
    root = tmp_path / "proj"
    shutil.copytree(base, root, symlinks=True)
    before = tree(root)
    env = {**subprocess_env(), "EDITOR": "false"}
    done = subprocess.run(
        loctool_argv(root, "review", "kk", "--reviewer", REVIEWER),
        input="e\nq\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "the editor (false) exited with status 1" in done.stdout
    assert "edit cancelled; nothing saved" in done.stdout
    assert tree(root) == before


def test_an_edit_in_the_editor_is_saved(base: Path, tmp_path: Path) -> None:
    """The other side: an editor that writes UTF-8 text saves it as reviewed."""
    root = tmp_path / "proj"
    shutil.copytree(base, root, symlinks=True)
    script = tmp_path / "editor"
    script.write_text("#!/bin/sh\nprintf 'Жаңа аударма\\n' > \"$1\"\n", encoding="utf-8")
    script.chmod(0o755)
    env = {**subprocess_env(), "EDITOR": str(script)}
    done = subprocess.run(
        loctool_argv(root, "review", "kk", "--reviewer", REVIEWER),
        input="e\nq\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    first = catalog.load(root / KK).active()[0]
    assert first.msgstr == "Жаңа аударма" and "fuzzy" not in first.flags
