"""HTML sources (issue 14): units over prose only, lossless gaps, lang on render."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest

from loctool import catalog, htmldoc
from loctool.model import normalize_ws
from loctool.project import Source
from loctool.render import compose, placed
from loctool.source import build_article

from .conftest import REPO, Runner, pot_path
from .renderkit import fill

SAMPLE = REPO / "tests" / "data" / "sample.html"

EXPECTED = [
    "Kazakistan ve Tacikistan arasındaki işbirliği",  # <title>
    "Kazakistan ve <em>Tacikistan</em> arasındaki işbirliği",
    "Neredeyse <b>1 milyar dolar</b>; Duşanbe&#8217;deki yatırım forumunda imzalanan "
    "anlaşmaların miktarıdır.",
    'Ayrıntılar <a href="https://silkway.tv/haber/123?dil=tr&amp;s=2" title="Silk Way TV '
    'haberi">Silk Way TV sitesinde</a> yer alıyor.',
    "Tarım &amp; hayvancılık alanında <strong>kota <em>1.630</em> baş</strong> olarak belirlendi.",
    "Sorular için basin@silkway.tv adresine yazın.",
    "Bu cümle kalın yazılmıştır.",  # <b> around the whole sentence stays in the gap
    "Bu cümle ise normal&nbsp;yazılmıştır.",
    "Bilgi teknolojisi: <code>eGov</code> platformu ve dijital hükümet.",
    "Tarım ve meyve-sebze ürünleri",  # the link around the whole item stays in the gap
    "Su kaynakları",  # <br> ends a unit
    "ve buzullar",
    "Duşanbe&#8217;deki yatırım forumu",  # alt of <img>
    'Forumun açılışı (Fotoğraf: <span translate="no">Silk Way TV</span>)',
    "Yılın ilk yarısında 1.630 baş canlı hayvan tedarik ettik.",
    "Şimdi bunu 85 bin başa çıkarıyoruz.",
    "Başkentler",
    "Ülke",
    "Başkent",
    "Kazakistan",
    "Astana",
    "Tacikistan",
    "Duşanbe",
    "Kota",
    "Yıllık canlı hayvan sınırı.",
    'Daha fazla bilgi için <a href="https://silkway.tv">silkway.tv</a> adresine bakın veya '
    "<code>loctool check</code> çalıştırın.",
]


def article(text: str, name: str = "a.html"):  # type: ignore[no-untyped-def]
    return build_article(Source(Path(name), Path(name).stem, name), text, False, "tr")


def msgids(text: str) -> list[str]:
    return [u.msgid for u in article(text).units]


def test_sample_units_are_block_text_and_attributes() -> None:
    text = SAMPLE.read_text("utf-8")
    a = article(text, SAMPLE.name)
    assert [u.msgid for u in a.units] == EXPECTED
    assert all(u.translatable for u in a.units)
    alt = next(u for u in a.units if u.context)
    assert (alt.context, alt.note) == ('attr"', "alt attribute of <img>")


def test_identity_render_is_byte_for_byte() -> None:
    text = SAMPLE.read_text("utf-8")
    a = article(text, SAMPLE.name)
    assert compose(a, [u.text for u in a.units]) == text
    crlf = text.replace("\n", "\r\n")
    b = article(crlf)
    assert compose(b, [u.text for u in b.units]) == crlf


def test_what_is_never_a_unit() -> None:
    joined = "\n".join(msgids(SAMPLE.read_text("utf-8")))
    for hidden in (
        "font-weight",  # style
        "mesaj",  # script
        "Yorumlar",  # comment
        "tüm hakları",  # translate="no" block
        "kod bloğudur",  # pre
        "forum.jpg",
        "lead",
    ):
        assert hidden not in joined, hidden


@pytest.mark.parametrize(
    ("source", "units"),
    [
        ("<p>Bir. İki.</p>", ["Bir.", "İki."]),
        ("<p>Bir <b>iki. Üç</b> dört.</p>", ["Bir <b>iki. Üç</b> dört."]),  # not cut inside
        ("<p><b>Bir.</b> <i>İki.</i></p>", ["Bir.", "İki."]),  # wrapping stays outside
        ("<p><a href='x'><b>Bir iki</b></a></p>", ["Bir iki"]),
        ("<p><a href='x'>Bir</a> iki.</p>", ["<a href='x'>Bir</a> iki."]),
        ("<ul><li>Bir<li>İki</ul>", ["Bir", "İki"]),  # implied </li>
        ("<p>Bir<p>İki", ["Bir", "İki"]),  # implied </p>
        ("<li><p>İç içe.</p> Dış.</li>", ["İç içe.", "Dış."]),
        ("<p>Bitti.&raquo; Yeni cümle.</p>", ["Bitti.&raquo;", "Yeni cümle."]),
        ("<p>&laquo;Alıntı.&raquo; Sonra.</p>", ["&laquo;Alıntı.&raquo;", "Sonra."]),
        ("<p>&nbsp;Boşluk&nbsp;</p>", ["Boşluk"]),
        (
            "<p>Metin <img src=a.png alt='Logo yazısı'> devam.</p>",
            ["Metin <img src=a.png alt='Logo yazısı'> devam."],
        ),
        ("<p>Metin</p><img src=a.png alt=Logo>", ["Metin", "Logo"]),
        ("<p title='Başlık notu'>Metin</p>", ["Başlık notu", "Metin"]),
        (
            "<p>Kod <span translate=no>X</span> burada.</p>",
            ["Kod <span translate=no>X</span> burada."],
        ),
        ("<p translate='no'>Hayır</p><p>Evet</p>", ["Evet"]),
        ("<p>Stray</i> end tag.</p>", ["Stray</i> end tag."]),
        ("<p>Bir</p><script>var a = '<p>x</p>';", ["Bir"]),  # unclosed script at the end
        ("<textarea>Yazı</textarea><p>Metin</p>", ["Metin"]),
        ("<p>1.630 <b>2024</b></p><p>Metin</p>", ["1.630 <b>2024</b>", "Metin"]),
        # html.parser raises AssertionError on "<![x" (read as a bogus comment here)
        ("<p>Bir <![x]> iki.</p><![endif]>", ["Bir <![x]> iki."]),
        ("<p>Bir<![", ["Bir<!["]),  # unterminated at the end: text, as it came
    ],
)
def test_segmentation(source: str, units: list[str]) -> None:
    a = article(source)
    assert [u.msgid for u in a.units] == units
    assert compose(a, [u.text for u in a.units]) == source


def test_numbers_only_and_code_only_units_are_not_for_translation() -> None:
    a = article("<p>1.630 <b>2024</b></p><p><code>make</code> <code>all</code></p><p>Metin</p>")
    assert [u.translatable for u in a.units] == [False, False, True]


# --------------------------------------------------------------------------- lang / dir


@pytest.mark.parametrize(
    ("source", "lang", "expected"),
    [
        ('<html lang="tr"><p>x</p></html>', "kk", '<html lang="kk"><p>x</p></html>'),
        ("<html lang=tr><p>x</p></html>", "ru", "<html lang=ru><p>x</p></html>"),
        ("<!DOCTYPE html>\n<HTML>\n<p>x", "en", '<!DOCTYPE html>\n<HTML lang="en">\n<p>x'),
        ('<html lang="tr" dir="ltr">', "ar", '<html lang="ar" dir="rtl">'),
        ("<html>", "fa", '<html lang="fa" dir="rtl">'),
        ('<html xml:lang="tr" lang="tr">', "tg", '<html xml:lang="tg" lang="tg">'),
        (
            "<!-- c -->\n<article><p>x</p></article>\n",
            "kk",
            '<!-- c -->\n<article lang="kk"><p>x</p></article>\n',
        ),
        ("<p>a</p><p>b</p>", "kk", "<p>a</p><p>b</p>"),  # no single root: unchanged
    ],
)
def test_set_lang(source: str, lang: str, expected: str) -> None:
    assert htmldoc.set_lang(source, lang) == expected


def test_render_translates_units_sets_lang_and_escapes_attributes(
    project: Path, run: Runner
) -> None:
    shutil.copyfile(SAMPLE, project / "seeds" / "news.html")
    assert run("extract", "--lang", "en").exit_code == 0
    # A translation with quotes in an attribute value, and text marked as changed.
    fill(project, "en", text=lambda m: m.replace("Duşanbe", '"Dushanbe"') + " [en]", slug="news")
    result = run("render", "--lang", "en", "news", "--allow-qa-errors")  # stand-in texts
    assert result.exit_code == 0, result.output
    out = (project / "out" / "en" / "news.html").read_text("utf-8")
    assert '<html lang="en">' in out
    toks = htmldoc.tokens(out)
    img = next(t for t in toks if t.kind == "start" and t.tag == "img")
    assert dict(img.attrs)["alt"] == html.unescape('"Dushanbe"&#8217;deki yatırım forumu [en]')
    assert "&quot;Dushanbe&quot;" in out
    assert "<style>\n    p.lead { font-weight: bold; } /* Bu bir stil. */\n  </style>" in out
    assert '<div translate="no"><p>Silk Way TV — tüm hakları saklıdır.</p></div>' in out
    # Every text unit's translation is in place (one line), the attribute escaped.
    for msgid in EXPECTED:
        if msgid.startswith("Duşanbe&#8217;deki yatırım forumu"):
            continue
        assert msgid.replace("Duşanbe", '"Dushanbe"') + " [en]" in out, msgid


def test_a_no_break_space_in_a_translation_is_kept() -> None:
    a = article("<p>Kota 1.630 baş.</p>")
    assert placed(a, a.units[0], "Квота 1\u00a0630 голов.\n") == "Квота 1\u00a0630 голов."


def test_html_extract_through_the_cli_writes_notes_for_attributes(
    project: Path, run: Runner
) -> None:
    shutil.copyfile(SAMPLE, project / "seeds" / "news.html")
    assert run("extract", "--lang", "kk").exit_code == 0
    pot = catalog.load(pot_path(project, "news"))
    assert [e.msgid for e in pot] == list(dict.fromkeys(EXPECTED))
    alt = next(e for e in pot if e.msgid.startswith("Duşanbe&#8217;deki"))
    assert alt.comment == "alt attribute of <img>"
    assert pot.metadata["X-Source-Language"] == "tr"
    assert all(normalize_ws(e.msgid) == e.msgid for e in pot)
