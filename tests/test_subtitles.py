"""Subtitle sources (issue 14): SRT and WebVTT cues as units, everything else kept byte for
byte, lines re-broken at render, the ``subtitle`` check."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from loctool import catalog, subtitles
from loctool.project import Source
from loctool.render import compose, placed
from loctool.source import build_article

from .conftest import REPO, Runner, po_path
from .renderkit import fill

DATA = REPO / "tests" / "data"
SRT = DATA / "sample.srt"
VTT = DATA / "sample.vtt"


def article(text: str, name: str):  # type: ignore[no-untyped-def]
    return build_article(Source(Path(name), Path(name).stem, name), text, False, "tr")


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")  # keep CRLF


def test_srt_units_are_cue_texts_with_their_screen_time() -> None:
    a = article(read(SRT), "s.srt")
    assert [(u.msgid, u.translatable, u.note) for u in a.units] == [
        (
            "Kazakistan ve Tacikistan arasındaki işbirliği her yıl güçleniyor.",
            True,
            "subtitle: on screen for 1.80 s",  # the shorter of its two cues
        ),
        ("{\\an8}<i>Duşanbe, yatırım forumu</i>", True, "subtitle: on screen for 2.50 s"),
        (
            "Neredeyse <b>1 milyar dolarlık</b> anlaşma imzalandı.",
            True,
            "subtitle: on screen for 3.60 s",
        ),
        ("- Kota ne kadar? - 1.630 baş.", True, "subtitle: on screen for 2.00 s"),
        ("♪ 1.630 ♪", False, "subtitle: on screen for 0.90 s"),
        (
            '<font color="#ffff00">Ayrıntılar silkway.tv adresinde.</font>',
            True,
            "subtitle: on screen for 1.80 s",
        ),
        (
            "Kazakistan ve Tacikistan arasındaki işbirliği her yıl güçleniyor.",
            True,
            "subtitle: on screen for 1.80 s",
        ),
    ]


def test_vtt_units_leave_header_style_notes_regions_and_settings_in_the_gaps() -> None:
    text = read(VTT)
    a = article(text, "s.vtt")
    assert [u.msgid for u in a.units] == [
        "Kazakistan ve Tacikistan arasındaki işbirliği her yıl güçleniyor.",
        "<v Aydarbek Saparov>Kota bazında 1.630 baş canlı hayvan tedarik ettik.",
        "<c.sari>Duşanbe</c> &amp; Astana arasında ticaret&nbsp;artıyor.",
        "<00:00:11.000>Su <00:00:11.500>kaynakları <00:00:12.000>ve <i>buzullar</i>",
        "Ayrıntılar https://silkway.tv/haber/123 adresinde.",
    ]
    gaps = "".join(a.gaps)
    for kept in (
        "WEBVTT - Akşam bülteni",
        "::cue(.sari)",
        "NOTE Bu dosya",
        "İkinci not",
        "region:alt align:start line:85%",
        "position:10%,line-left size:80%",
        "giris\n",
        "id:alt",
    ):
        assert kept in gaps, kept


@pytest.mark.parametrize("path", [SRT, VTT])
def test_identity_render_is_byte_identical(path: Path) -> None:
    text = read(path)
    a = article(text, path.name)
    assert compose(a, [u.text for u in a.units]) == text
    assert compose(a, [placed(a, u, u.msgid) for u in a.units]) == text


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("Short line.", ["Short line."]),
        (
            "Cooperation between Kazakhstan and Tajikistan grows every year.",
            ["Cooperation between Kazakhstan", "and Tajikistan grows every year."],
        ),
        (
            "Nearly <b>one billion dollars</b> worth of agreements were signed.",
            ["Nearly <b>one billion dollars</b>", "worth of agreements were signed."],
        ),
        ("- How big is the quota? - 1,630 head.", ["- How big is the quota?", "- 1,630 head."]),
    ],
)
def test_wrap(text: str, lines: list[str]) -> None:
    dialog = text.startswith("- ")
    got = subtitles.wrap(text, dialog=dialog)
    assert got == lines
    assert all(len(subtitles.visible(line)) <= subtitles.MAX_LINE for line in got)


def test_wrap_keeps_no_break_spaces_and_never_breaks_there() -> None:
    text = "Квота выросла до 85\u00a0000 голов, сообщил министр сельского хозяйства."
    lines = subtitles.wrap(text)
    assert len(lines) == 2 and "85\u00a0000" in "".join(lines)
    assert not any(line.endswith("85") for line in lines)


def test_wrap_never_makes_more_than_two_lines() -> None:
    long = " ".join(["kelime"] * 30)
    lines = subtitles.wrap(long)
    assert len(lines) == 2
    assert subtitles.line_problems(long) == [
        "a line of 104 characters (limit 42, in at most 2 lines)"
    ]


def test_render_rebreaks_lines_and_keeps_crlf(project: Path, run: Runner) -> None:
    shutil.copyfile(SRT, project / "seeds" / "bulletin.srt")
    assert run("extract", "--lang", "en").exit_code == 0
    english = {
        "Kazakistan ve Tacikistan arasındaki işbirliği her yıl güçleniyor.": (
            "Cooperation between Kazakhstan and Tajikistan grows every year."
        ),
        "- Kota ne kadar? - 1.630 baş.": "- How big is the quota? - 1,630 head.",
        "{\\an8}<i>Duşanbe, yatırım forumu</i>": "{\\an8}<i>Dushanbe, investment forum</i>",
    }
    fill(project, "en", text=lambda m: english.get(m, m), slug="bulletin")
    result = run("render", "--lang", "en", "bulletin", "--allow-qa-errors")  # stand-ins
    assert result.exit_code == 0, result.output
    out = (project / "out" / "en" / "bulletin.srt").read_bytes().decode()
    assert (
        "1\r\n00:00:01,000 --> 00:00:04,200\r\n"
        "Cooperation between Kazakhstan\r\nand Tajikistan grows every year.\r\n\r\n"
    ) in out
    assert "{\\an8}<i>Dushanbe, investment forum</i>\r\n" in out
    assert "- How big is the quota?\r\n- 1,630 head.\r\n" in out
    assert "00:00:14,200 --> 00:00:16,000 X1:100 X2:600 Y1:50 Y2:100\r\n" in out
    assert "\n\n\n" not in out.replace("\r", "")


def test_subtitle_check_reads_the_screen_time(project: Path, run: Runner) -> None:
    shutil.copyfile(SRT, project / "seeds" / "bulletin.srt")
    assert run("extract", "--lang", "en").exit_code == 0
    slow = (
        "Cooperation between Kazakhstan and Tajikistan, two Central Asian neighbours, is growing."
    )
    fill(
        project,
        "en",
        text=lambda m: slow if m.startswith("Kazakistan") else m.replace("Kota", "Quota"),
        slug="bulletin",
    )
    result = run("check", "--lang", "en", "--json")
    findings = [f for f in json.loads(result.output)["issues"] if f["check"] == "subtitle"]
    assert [f["msgid"][:10] for f in findings] == ["Kazakistan", "Kazakistan"]
    messages = [f["message"] for f in findings]
    assert messages[0].startswith("48.9 characters per second over 1.80 s on screen (limit 21)")
    assert messages[1] == "a line of 46 characters (limit 42, in at most 2 lines)"
    po = catalog.load(po_path(project, "en", "bulletin"))
    assert po[0].comment == "subtitle: on screen for 1.80 s"


@pytest.mark.parametrize(
    ("text", "units"),
    [
        (
            "1\n00:00:01,000 --> 00:00:02,000\nBir\n2\n00:00:03,000 --> 00:00:04,000\nİki\n",
            ["Bir", "İki"],
        ),  # no blank line between cues
        (
            "1\n00:00:01,000 --> 00:00:02,000\nBir\n\nİki satır\n\n"
            "2\n00:00:03,000 --> 00:00:04,000\nÜç\n",
            ["Bir", "İki satır", "Üç"],
        ),  # a blank line inside a cue
        ("\n\n1\n00:00:01,000 --> 00:00:02,000\n  Boşluklu  \n\n\n", ["Boşluklu"]),
        ("1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:03,000 --> 00:00:04,000\nMetin", ["Metin"]),
    ],
)
def test_srt_in_the_wild(text: str, units: list[str]) -> None:
    a = article(text, "x.srt")
    assert [u.msgid for u in a.units] == units
    assert compose(a, [u.text for u in a.units]) == text


def test_vtt_times_without_hours_and_durations() -> None:
    assert subtitles.duration("00:04.500 --> 00:07.000 position:10%") == 2.5
    assert subtitles.duration("01:00:00,000 --> 01:00:01,5") == 1.5
    assert subtitles.duration("Kota ne kadar?") is None


def test_a_vtt_without_its_header_is_refused(project: Path, run: Runner) -> None:
    (project / "seeds" / "bad.vtt").write_text("00:01.000 --> 00:02.000\nMetin\n", "utf-8")
    result = run("extract", "seeds/bad.vtt")
    assert result.exit_code == 2
    assert "seeds/bad.vtt:1: not a WebVTT file" in result.output


def test_markup_check_sees_lost_cue_codes_and_tags() -> None:
    from loctool import qa

    msgid = "{\\an8}<i>Duşanbe</i> <00:00:11.500>forumu"
    good = "{\\an8}<i>Dushanbe</i> <00:00:11.500>forum"
    assert [i.check for i in qa.check_entry(msgid, good, "tr", "en")] == []
    bad = "<i>Dushanbe forum"
    (issue,) = [i for i in qa.check_entry(msgid, bad, "tr", "en") if i.check == "markup"]
    assert issue.message == "tags lost or changed: “</i>”, “<00:00:11.500>”, “{\\an8}”"
