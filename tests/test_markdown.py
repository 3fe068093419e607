"""Markdown sources: prose-only units over a real parser's structure (issue 6)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from loctool import catalog
from loctool.markdown import Span, segment
from loctool.model import Unit

from .conftest import Runner, pot_path
from .renderkit import MD_SLUG, SAMPLE_MD, add_markdown

SAMPLE = SAMPLE_MD.read_text(encoding="utf-8")


def units(text: str, lang: str = "tr") -> list[str]:
    return [text[s.start : s.end] for s in segment(text, lang)]


def msgids(text: str) -> list[str]:
    return [as_unit(text, s).msgid for s in segment(text, "tr") if s.translatable]


def as_unit(text: str, span: Span) -> Unit:
    piece = text[span.start : span.end]
    return Unit(piece, span.start, span.end, 1, span.translatable, span.markup)


def rebuild(text: str, spans: list[Span]) -> str:
    out, pos = [], 0
    for s in spans:
        out += [text[pos : s.start], text[s.start : s.end]]
        pos = s.end
    return "".join(out) + text[pos:]


_FRONT_MATTER = re.compile(r"(---|\+\+\+)\r?\n.*?\r?\n\1[ \t]*(?:\r?\n|$)", re.S)
_BREAK = re.compile(r"\r\n|\r|\n")


def check_no_prose_lost(text: str, spans: list[Span]) -> None:
    """Rebuilding from gaps and units is true of any spans, even when a unit is lost (it
    just becomes part of a gap).  So: every letter of ``text`` is inside a unit, unless
    it is in a gap by design: front matter, or a line markdown-it reads as a code block,
    a fence or an HTML block."""
    assert rebuild(text, spans) == text
    inside = [False] * len(text)
    for span in spans:
        inside[span.start : span.end] = [True] * (span.end - span.start)
    front = _FRONT_MATTER.match(text)
    skip = front.end() if front else 0
    line_starts = [0] + [m.end() for m in _BREAK.finditer(text)]
    lines = _BREAK.split(text)
    front_lines = len(_BREAK.findall(text[:skip]))
    body = "\n".join("" if n < front_lines else line for n, line in enumerate(lines))
    exempt: set[int] = set()
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    for token in parser.parse(body):
        if token.type in ("code_block", "fence", "html_block") and token.map:
            exempt.update(range(*token.map))
    line = 0
    for i, ch in enumerate(text):
        while line + 1 < len(line_starts) and line_starts[line + 1] <= i:
            line += 1
        if ch.isalpha() and not inside[i] and i >= skip and line not in exempt:
            raise AssertionError(f"{ch!r} at {i} (line {line + 1}) is in no unit: {text!r}")


def test_sample_units_are_the_prose_and_nothing_else() -> None:
    assert msgids(SAMPLE) == [
        "Kazakistan ve Tacikistan arasındaki *işbirliği*",
        "Neredeyse **1 milyar dolar**; Duşanbe’deki yatırım forumunda imzalanan anlaşmaların "
        "miktarıdır.",
        'Ayrıntılar [Silk Way TV sitesinde](https://silkway.tv/haber/123 "Silk Way TV") '
        "yer alıyor.",
        "Geçen yıl ticaret 1 milyar doları aştı.",
        "Öne çıkan alanlar",
        "Tarım ve *meyve-sebze* ürünleri.",
        "Kota 1.630 baş.",
        "Bilgi teknolojisi: `eGov` platformu ve dijital hükümet deneyimi.",
        "Su kaynakları ve buzullar",
        "Birinci adım anlaşmaların imzalanmasıdır.",
        "İkinci adım uygulamadır.",
        "Yılın ilk yarısında kota bazında 1.630 baş canlı hayvan tedarik ettik.",
        "Şimdi bunu 85 bin başa çıkarıyoruz.",
        "Aydarbek Saparov, Kazakistan tarım bakanı",
        "Bu cümle kalın yazılmıştır.",
        "Bu cümle ise normal.",
        "Satır sonu zorunlu kırılımdan sonra gelir.",
        "Son satır.",
        "Ülke",
        "Başkent",
        "Kazakistan",
        "Astana",
        "Tacikistan",
        "Duşanbe",
        "Daha fazla bilgi için <https://silkway.tv> adresine bakın veya `loctool check` "
        "çalıştırın.",
        "Silk Way TV",
    ]


def test_sample_is_lossless_and_markup_stays_in_gaps() -> None:
    spans = segment(SAMPLE, "tr")
    check_no_prose_lost(SAMPLE, spans)
    joined = "\n".join(units(SAMPLE))
    for never in ("title:", "lang: tr", "```", "bash", "loctool render", "<div", "Kaynak", "|"):
        assert never not in joined, never  # front matter, code, HTML blocks, table pipes
    for marker in ("# ", "- ", "1. ", "> ", "—", "\\"):
        assert not any(u.startswith(marker) or u.endswith(marker) for u in units(SAMPLE))


def test_a_quote_spanning_lines_keeps_its_markers_out_of_the_msgid() -> None:
    text = "> Birinci cümle burada\n> devam ediyor. İkinci\n>cümle.\n"
    (first, second) = segment(text, "tr")
    assert text[first.start : first.end] == "Birinci cümle burada\n> devam ediyor."
    assert first.markup == ((text.index("\n>") + 1, text.index("\n>") + 2),)
    assert as_unit(text, first).msgid == "Birinci cümle burada devam ediyor."
    assert as_unit(text, second).msgid == "İkinci cümle."


def test_sentences_are_never_cut_inside_inline_markup() -> None:
    text = (
        "Bir [İlk. İkinci](https://a.b/c. D) bağlantı. Sonra `kod. Kod` ve **kalın. Ağır** son.\n"
    )
    assert units(text) == [
        "Bir [İlk. İkinci](https://a.b/c. D) bağlantı.",
        "Sonra `kod. Kod` ve **kalın. Ağır** son.",
    ]


def test_sentence_ends_are_found_next_to_markup() -> None:
    text = "**Kalın cümle.** Normal cümle. [Bağlantılı](x.html) cümle. *Bir. İki.*\n"
    assert units(text) == [
        "Kalın cümle.",  # emphasis wrapping a whole sentence is markup around the unit
        "Normal cümle.",
        "[Bağlantılı](x.html) cümle.",
        "Bir.",
        "İki.",
    ]
    assert units("**Kalın bir. Kalın iki.** Düz üç.\n") == ["Kalın bir.", "Kalın iki.", "Düz üç."]


def test_markup_only_blocks_are_not_for_translation() -> None:
    text = "`make all`\n\n<https://silkway.tv>\n\n![Harita](map.png)\n\nsnake_case_name\n"
    spans = segment(text, "tr")
    assert [(text[s.start : s.end], s.translatable) for s in spans] == [
        ("`make all`", False),
        ("<https://silkway.tv>", False),
        ("![Harita](map.png)", True),  # the alt text is prose
        ("snake_case_name", True),
    ]


def test_hard_breaks_end_units_and_stay_in_gaps() -> None:
    text = "Birinci satır\\\nikinci satır  \nüçüncü satır\n"
    assert units(text) == ["Birinci satır", "ikinci satır", "üçüncü satır"]


def test_crlf_tabs_and_nbsp_lines() -> None:
    lf = "# Başlık\n\n- Bir madde.\n\tdevam.\n\n\u00a0\n\nSon. Bitti.\n"
    crlf = lf.replace("\n", "\r\n")
    assert [u.replace("\r", "") for u in units(crlf)] == units(lf)
    assert units(lf) == ["Başlık", "Bir madde.\n\tdevam.", "Son.", "Bitti."]
    check_no_prose_lost(crlf, segment(crlf, "tr"))


def test_setext_headings_tables_and_nested_containers() -> None:
    text = (
        "Başlık\n======\n\n"
        "> - Alıntıda madde.\n>   İkinci satır.\n\n"
        "| Ad | Not \\| ek |\n|----|----|\n| `x` | Açıklama |\n"
    )
    assert units(text) == [
        "Başlık",
        "Alıntıda madde.",
        "İkinci satır.",
        "Ad",
        "Not \\| ek",
        "`x`",
        "Açıklama",
    ]


MARKDOWN_BITS = st.sampled_from(
    ["Bir", "cümle.", " ", "\n", "\n\n", "> ", "- ", "1. ", "# ", "`", "**", "_", "[", "](u)",
     "\\", "|", "---", "\t", "\r\n", "<b>", "</b>", "\u00a0", "İki", "  \n", "```\n", "===\n"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(MARKDOWN_BITS, max_size=30).map("".join))
def test_any_markdown_is_cut_losslessly(text: str) -> None:
    spans = segment(text, "tr")
    pos = 0
    for span in spans:
        assert pos <= span.start < span.end <= len(text)
        assert text[span.start : span.end].strip()
        assert all(span.start < a < b < span.end for a, b in span.markup)
        pos = span.end
    check_no_prose_lost(text, spans)


def test_the_check_catches_a_lost_unit() -> None:
    """What the lossless checks above are for: a segmenter that loses a unit fails them."""
    spans = segment(SAMPLE, "tr")
    check_no_prose_lost(SAMPLE, spans)
    for drop in (0, len(spans) // 2, len(spans) - 1):
        with pytest.raises(AssertionError, match="is in no unit"):
            check_no_prose_lost(SAMPLE, spans[:drop] + spans[drop + 1 :])


def test_extract_reads_markdown_sources(project: Path, run: Runner) -> None:
    add_markdown(project)
    result = run("extract", f"seeds/{MD_SLUG}.md")
    assert result.exit_code == 0, result.output
    assert "tr, 26 units" in result.stdout
    pot = catalog.load(pot_path(project, MD_SLUG))
    ids = [e.msgid for e in pot]
    assert "Şimdi bunu 85 bin başa çıkarıyoruz." in ids
    assert not any("```" in i or i.startswith(("#", ">", "-")) for i in ids)
    assert not any("loctool render" in i or "title:" in i or "Kaynak" in i for i in ids)
    refs = {e.msgid: e.occurrences for e in pot}
    assert refs["Öne çıkan alanlar"] == [(f"seeds/{MD_SLUG}.md", "12")]
