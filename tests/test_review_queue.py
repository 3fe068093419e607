"""Review as a translator works (issue 15): a whole language in one session, worst first
on request; back / go to / find / comment on the card; reviewed units opened again
through the gate; the previous human translation as the start of an edit; conflicts
that keep what was typed; cards wrapped to the terminal; engine confidence stored,
shown and used.  Driven through piped lines (in process and in real subprocesses) and
key by key on a pseudo-terminal."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from pathlib import Path

import pytest

from loctool import catalog, review, reviewloop, stats
from loctool.cli import term
from loctool.messages import Message
from loctool.model import Provenance, State
from loctool.project import Project
from loctool.views import labelled, plain

from .conftest import Runner, loctool_argv, one_line_error, po_path, snapshot, subprocess_env
from .reviewkit import LETTERS, REVIEWER, entries, hide_identity, states
from .test_review import FakeUI, interrupt, send, start_review

ARTICLES = {
    "alpha": (
        "Tarım bakanlığı yeni bir program açıkladı\n\n"
        "Bakanlık, çiftçilere destek vermek için yeni bir program hazırladı. "
        "Program önümüzdeki ay başlayacak.\n\n"
        "Bakan, programın bütün bölgelerde uygulanacağını söyledi.\n"
    ),
    "beta": (
        "Şehirde yeni bir kütüphane açıldı\n\n"
        "Kütüphane, öğrencilerin ders çalışması için her gün açık olacak. "
        "Binada geniş bir okuma salonu bulunuyor.\n\n"
        "Belediye başkanı, kitap bağışı yapan vatandaşlara teşekkür etti.\n"
    ),
    "zeta": (
        "Dağlarda kış erken geldi\n\n"
        "Köylerde yollar karla kapandı ve okullar tatil edildi. "
        "Belediye ekipleri yolları açmak için çalışıyor.\n\n"
        "Vatandaşlar dikkatli olmaya davet edildi.\n"
    ),
}
CYRILLIC = {"alpha": "альфа", "beta": "бета", "zeta": "зета"}
UNITS = 4  # per article


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    hide_identity(monkeypatch, tmp_path)
    monkeypatch.delenv("COLUMNS", raising=False)


def draft(slug: str, n: int, msgid: str) -> str:
    """A stand-in machine draft that passes the gate: Kazakh letters, the unit's own
    tag, final punctuation like the source — plumbing, never a translation."""
    end = msgid[-1] if msgid[-1] in ".!?" else ""
    return f"{CYRILLIC[slug]} машина «{LETTERS[n - 1]}»: аударма мәтіні{end}"


def fill(path: Path, slug: str, confidences: dict[int, float | None] | None = None) -> None:
    po = catalog.load(path)
    for n, entry in enumerate(po.active(), 1):
        text = draft(slug, n, entry.msgid)
        conf = (confidences or {}).get(n)
        catalog.set_machine(
            entry, text, Provenance("argos", "translate-tr_en 1.0", text=text, confidence=conf)
        )
    catalog.save(po, path)


@pytest.fixture
def three(project: Path, run: Runner) -> Path:
    """A project of three short articles with kk machine drafts for every unit."""
    for seed in (project / "seeds").iterdir():
        seed.unlink()
    for slug, text in ARTICLES.items():
        (project / "seeds" / f"{slug}.txt").write_text(text, encoding="utf-8")
    assert run("extract", "--lang", "kk").exit_code == 0
    for slug in ARTICLES:
        fill(po_path(project, "kk", slug), slug)
    return project


def cards(output: str) -> list[str]:
    """``slug:N`` of every card a review printed, in order."""
    return [
        f"{slug}:{n}"
        for n, slug in re.findall(r"^unit (\d+)/\d+ · ([\w-]+) ·", output, re.MULTILINE)
    ]


def kk(project: Path, slug: str) -> list[Message]:
    return entries(po_path(project, "kk", slug))


def review_kk(*extra: str) -> list[str]:
    return ["review", "kk", "--inline", "--reviewer", REVIEWER, *extra]


def session(project: Path, **options: object) -> review.Session:
    targets = review.find_catalogs(Project(project), "kk", None)
    return review.Session(targets, REVIEWER, root=project, **options)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the queue


def test_a_language_without_a_slug_is_one_session_article_by_article(
    three: Path, run: Runner
) -> None:
    result = run(*review_kk(), input="a\n" + "s\n" * 5 + "a\nq\n")
    assert result.exit_code == 0, result.output
    assert "kk · 12 units to review (12 machine) in 3 articles" in result.stdout
    assert cards(result.stdout) == [f"{s}:{n}" for s in ARTICLES for n in range(1, 5)][:8]
    assert "3 of 12 to review" in result.stdout
    assert result.stdout.rstrip().endswith(
        "stopped: 2 accepted, 0 edited, 5 skipped; 10 left to review in kk (3 articles)"
    )
    assert states(po_path(three, "kk", "alpha"))[0] is State.REVIEWED
    assert states(po_path(three, "kk", "beta"))[2] is State.REVIEWED
    # resumed: the first unit still waiting, in article order
    again = run(*review_kk(), input="q\n")
    assert cards(again.stdout) == ["alpha:2"]
    assert "10 units to review" in again.stdout


def test_order_risk_errors_then_warnings_then_low_confidence(three: Path, run: Runner) -> None:
    confidences = {
        "alpha": {1: 0.91, 2: 0.40, 3: 0.40, 4: None},
        "beta": {1: 0.40, 2: 0.95, 3: 0.12, 4: 0.77},
        "zeta": {1: 0.50, 2: None, 3: 0.40, 4: 0.99},
    }
    for slug, scores in confidences.items():
        fill(po_path(three, "kk", slug), slug, scores)
    # an error (the draft is the Turkish source) on zeta:4 and beta:2; a warning (final
    # punctuation lost) on alpha:4 and zeta:1
    for slug, n, how in (("zeta", 4, "error"), ("beta", 2, "error"), ("alpha", 4, "warning")):
        path = po_path(three, "kk", slug)
        po = catalog.load(path)
        entry = po.active()[n - 1]
        text = entry.msgid if how == "error" else entry.msgstr.rstrip(".") + " !"
        prov = catalog.provenance(entry)
        catalog.set_machine(entry, text, Provenance("argos", text=text, confidence=prov.confidence))
        catalog.save(po, path)
    path = po_path(three, "kk", "zeta")
    po = catalog.load(path)
    first = po.active()[0]
    first.msgstr = first.msgstr + "!"  # zeta:1 is a title: a final mark it lacks
    catalog.save(po, path)

    expected = [
        # errors, lowest confidence first; ties by article
        "beta:2",  # 0.95
        "zeta:4",  # 0.99
        # warnings
        "zeta:1",  # 0.50
        "alpha:4",  # none
        # the rest by confidence, none last, ties by article then unit
        "beta:3",  # 0.12
        "alpha:2",  # 0.40
        "alpha:3",  # 0.40
        "beta:1",  # 0.40
        "zeta:3",  # 0.40
        "beta:4",  # 0.77
        "alpha:1",  # 0.91
        "zeta:2",  # none
    ]
    queue = session(three, order="risk").pending()
    assert [f"{i.slug}:{i.unit}" for i in queue] == expected
    assert [i.ref for i in session(three, order="risk").pending()] == [i.ref for i in queue]
    result = run(*review_kk("--order", "risk"), input="s\n" * 12)
    assert cards(result.stdout) == expected
    assert "riskiest first" in result.stdout
    assert "origin    argos · confidence 0.95" in result.stdout
    # without --order risk: article by article, unit by unit
    document = session(three).pending()
    assert [f"{i.slug}:{i.unit}" for i in document] == [
        f"{s}:{n}" for s in ARTICLES for n in range(1, 5)
    ]


def test_risk_order_does_not_depend_on_the_order_targets_come_in(three: Path) -> None:
    for slug in ARTICLES:
        fill(po_path(three, "kk", slug), slug, {1: 0.5, 2: 0.5, 3: 0.5, 4: 0.5})
    targets = review.find_catalogs(Project(three), "kk", None)
    one = review.Session(targets, REVIEWER, order="risk").queue()
    other = review.Session(list(reversed(targets)), REVIEWER, order="risk").queue()
    assert one == other
    assert [(slug, n) for slug in ARTICLES for n in range(1, 5)] == [
        (i.slug, i.unit) for i in review.Session(targets, REVIEWER, order="risk").pending()
    ]


# --------------------------------------------------------------------------- navigation


def test_back_goto_find_and_comment(three: Path, run: Runner) -> None:
    keys = [
        "a",  # alpha:1 accepted
        "p",  # back to alpha:1 (reviewed now: shown as it is)
        "b",  # at the first unit: stays
        "s",  # → alpha:2
        "g 4",  # unit 4 of this article
        "g zeta:2",  # another article
        "g nope:1",  # no such article
        "g 9",  # no such unit
        "/okuma SALONU",  # find (case-insensitive): beta:3
        "c Kitap sözcüğünü sözlüğe bakarak kontrol et",
        "c",  # the comment on the next line
        "okuma salonu = оқу залы",
        "/hiç yok",
        "q",
    ]
    result = run(*review_kk(), input="\n".join(keys) + "\n")
    assert result.exit_code == 0, result.output
    assert cards(result.stdout) == [
        "alpha:1",
        "alpha:2",
        "alpha:1",
        "alpha:2",
        "alpha:4",
        "zeta:2",
        "beta:3",
    ]
    assert "unit 1/4 · alpha · reviewed" in result.stdout
    assert "this is the first unit of the review" in result.stdout
    assert "no article 'nope' in this review (alpha, beta, zeta)" in result.stdout
    assert "no unit 9: kk/zeta has units 1–4" in result.stdout
    assert "comment added to unit 3" in result.stdout
    assert "no unit contains 'hiç yok'" in result.stdout
    unit = kk(three, "beta")[2]
    assert unit.tcomment == ("Kitap sözcüğünü sözlüğe bakarak kontrol et\nokuma salonu = оқу залы")
    assert unit.state is State.MACHINE  # a comment decides nothing
    text = po_path(three, "kk", "beta").read_text(encoding="utf-8")
    assert "# Kitap sözcüğünü sözlüğe bakarak kontrol et\n# okuma salonu = оқу залы\n" in text
    # shown on the card next time
    again = run(*review_kk("beta", "--unit", "3"), input="q\n")
    assert "comment   Kitap sözcüğünü sözlüğe bakarak kontrol et" in again.stdout
    assert "          okuma salonu = оқу залы" in again.stdout


def test_goto_and_find_reach_units_outside_the_queue(three: Path, run: Runner) -> None:
    path = po_path(three, "kk", "alpha")
    assert run("accept", "kk", "alpha", "--unit", "4", "--reviewer", REVIEWER).exit_code == 0
    keys = ["/bütün bölgelerde", "p", "g 4", "q"]
    result = run(*review_kk("--only", "machine"), input="\n".join(keys) + "\n")
    assert "11 units to review (11 machine)" in result.stdout
    assert cards(result.stdout) == ["alpha:1", "alpha:4", "alpha:1", "alpha:4"]
    assert "unit 4/4 · alpha · reviewed" in result.stdout
    assert "found 'bütün bölgelerde' outside this review's units; showing it" in result.stdout
    assert states(path)[3] is State.REVIEWED


def test_find_wraps_round_and_goto_article(three: Path, run: Runner) -> None:
    keys = ["g zeta:3", "/Tarım", "g beta", "/Köylerde", "q"]
    result = run(*review_kk(), input="\n".join(keys) + "\n")
    assert cards(result.stdout) == ["alpha:1", "zeta:3", "alpha:1", "beta:1", "zeta:2"]


def test_units_jumped_over_come_round_at_the_end(three: Path, run: Runner) -> None:
    result = run(*review_kk(), input="g zeta:4\na\ns\nq\n")
    assert cards(result.stdout) == ["alpha:1", "zeta:4", "alpha:1", "alpha:2"]
    assert "back to the units you went past without a decision" in result.stdout
    assert result.stdout.rstrip().endswith(
        "1 accepted, 0 edited, 1 skipped; 11 left to review in kk (3 articles)"
    )
    # skipped units do not come round: skipping everything ends the review
    done = run(*review_kk(), input="s\n" * 11)
    assert "review finished: 0 accepted, 0 edited, 11 skipped" in done.stdout
    assert "went past" not in done.stdout


def test_help_lists_every_key(three: Path, run: Runner) -> None:
    result = run(*review_kk(), input="?\nq\n")
    for key in ("p, b", "g N", "/TEXT", "accept despite QA errors"):
        assert key in result.stdout
    assert "add a translator comment" in result.stdout
    # no unit before the first: no [p]rev
    assert "[a]ccept [e]dit [s]kip [g]o [/]find [c]omment [q]uit [?]help > " in result.stdout


# --------------------------------------------------------------------------- reopening


def test_only_reviewed_and_unit_open_reviewed_units_through_the_gate(
    three: Path, run: Runner
) -> None:
    path = po_path(three, "kk", "alpha")
    assert run("accept", "kk", "alpha", "--all", "--reviewer", REVIEWER).exit_code == 0
    po = catalog.load(path)
    # a later problem `check` finds: a reviewed translation lost its number
    target = po.active()[1]
    target.msgstr = "Министрлік 2024 жылы бағдарлама дайындады."
    catalog.save(po, path)
    assert run("check", "--lang", "kk").exit_code == 1

    result = run(*review_kk("alpha", "--only", "reviewed"), input="a\na\nq\n")
    assert result.exit_code == 0, result.output
    assert "4 units to review (4 reviewed)" in result.stdout
    assert "unit 1 stays reviewed as it is" in result.stdout  # passes: nothing written
    assert "qa        ✖ error: numbers:" in result.stdout
    assert "not saved: QA errors above; press A" in result.stdout

    fixed = "Министрлік фермерлерге қолдау көрсету үшін жаңа бағдарлама дайындады."
    result = run(*review_kk("alpha", "--unit", "2"), input=f"e\n{fixed}\nq\n")
    assert result.exit_code == 0, result.output
    assert re.search(
        r"^unit 2/4 · reviewed · seeds/alpha.txt:3\S* · 1 of 1 to review", result.stdout, re.M
    )
    entry = kk(three, "alpha")[1]
    assert entry.msgstr == fixed and entry.state is State.REVIEWED
    assert catalog.provenance(entry).text == draft("alpha", 2, entry.msgid)  # kept
    assert run("check", "--lang", "kk").exit_code == 0


def test_a_reopened_unit_needs_capital_a_and_records_it(three: Path, run: Runner) -> None:
    path = po_path(three, "kk", "beta")
    assert run("accept", "kk", "beta", "--all", "--reviewer", REVIEWER).exit_code == 0
    before = path.read_bytes()
    result = run(*review_kk("beta", "--unit", "3"), input="e\nOkuma salonu var.\nq\n")
    assert "✖ error: script" in result.stdout
    assert path.read_bytes() == before  # refused: nothing written
    result = run(*review_kk("beta", "--unit", "3"), input="e\nOkuma salonu var.\nA\n")
    assert "saved unit 3 as reviewed despite" in result.stdout
    entry = kk(three, "beta")[2]
    override = catalog.qa_override(entry)
    assert override is not None and "script" in override.checks and override.by == REVIEWER
    # the recorded override covers it now: a keeps it, nothing is written
    before = path.read_bytes()
    kept = run(*review_kk("beta", "--unit", "3"), input="a\n")
    assert "the recorded override covers these errors" in kept.stdout
    assert "unit 3 stays reviewed as it is" in kept.stdout
    assert path.read_bytes() == before


def test_unit_numbers_are_checked(three: Path, run: Runner) -> None:
    before = snapshot(three)
    assert "no unit 7 (kk/alpha has units 1–4)" in one_line_error(
        run(*review_kk("alpha", "--unit", "2,7"))
    )
    assert "not a unit number or range" in one_line_error(run(*review_kk("alpha", "--unit", "x")))
    assert "unknown kind 'fuzzy'; choose from machine, changed, untranslated, reviewed" in (
        one_line_error(run(*review_kk("--only", "fuzzy")))
    )
    assert snapshot(three) == before


# --------------------------------------------------------------------------- changed units


def change_and_retranslate(
    three: Path, run: Runner, retranslate: bool, edit: tuple[str, str] = ("bölgelerde", "illerde")
) -> tuple[int, str]:
    """alpha:4 reviewed by hand, then its source edited and re-extracted (and, with
    ``retranslate``, a new machine draft made for the new source)."""
    human = "Министр бағдарлама барлық өңірлерде жүзеге асырылатынын айтты."
    assert run(*review_kk("alpha", "--unit", "4"), input=f"e\n{human}\n").exit_code == 0
    seed = three / "seeds" / "alpha.txt"
    seed.write_text(
        seed.read_text(encoding="utf-8").replace(*edit),
        encoding="utf-8",
    )
    assert run("extract", "--lang", "kk").exit_code == 0
    path = po_path(three, "kk", "alpha")
    if retranslate:
        po = catalog.load(path)
        entry = po.active()[3]
        text = "машина жаңа аударма мәтіні."
        catalog.set_machine(entry, text, Provenance("argos", text=text, confidence=0.31))
        catalog.save(po, path)
    assert states(path)[3] is State.CHANGED
    return 4, human


@pytest.mark.parametrize("retranslate", [True, False], ids=["new-draft", "merge-kept"])
def test_edit_of_a_changed_unit_starts_from_the_human_translation(
    three: Path, run: Runner, retranslate: bool
) -> None:
    unit, human = change_and_retranslate(three, run, retranslate)
    s = session(three, only=frozenset({State.CHANGED}))
    item = s.item(s.queue()[0])
    assert item is not None and item.unit == unit
    assert item.draft == human
    assert review.editor_text(item).startswith(human + "\n")
    ui = FakeUI(["e", "Министр бағдарлама барлық облыстарда іске асатынын айтты.", "q"])
    reviewloop.run(s, ui)
    assert ui.edits == [human]
    entry = kk(three, "alpha")[unit - 1]
    assert entry.state is State.REVIEWED and "облыстарда" in entry.msgstr


def test_edit_of_a_changed_unit_in_the_editor_and_on_a_terminal(
    three: Path, run: Runner, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from loctool.cli import cli

    from .test_review import editor

    unit, human = change_and_retranslate(three, run, retranslate=True)
    command, seen = editor(tmp_path, "Министр бағдарлама барлық облыстарда жүретінін айтты.")
    result = CliRunner().invoke(
        cli,
        ["-C", str(three), "review", "kk", "alpha", "--only", "changed", "--reviewer", REVIEWER],
        input="e\n",
        env={"EDITOR": command},
    )
    assert result.exit_code == 0, result.output
    shown = seen.read_text(encoding="utf-8")
    assert shown.startswith(human + "\n")  # the human text on top, not the new draft
    assert "# Current translation: машина жаңа аударма мәтіні." in shown
    assert "# Source before it changed: Bakan, programın bütün bölgelerde" in shown
    assert kk(three, "alpha")[unit - 1].msgstr.startswith("Министр бағдарлама барлық облыс")

    unit, human = change_and_retranslate(three, run, True, ("illerde", "şehirlerde"))
    tty = Terminal(loctool_argv(three, *review_kk("alpha", "--only", "changed")), columns=200)
    try:
        tty.expect(r"help > ")
        tty.key("e")
        tty.expect(r"new\s+" + re.escape(human))  # ready to edit on the line
        tty.line("")  # Enter: saved as it stands
        tty.expect(r"saved unit 4 as reviewed")
    finally:
        assert tty.close() == 0
    entry = kk(three, "alpha")[unit - 1]
    assert entry.msgstr == human and entry.state is State.REVIEWED


def test_card_of_a_changed_unit_shows_both_and_the_source_diff(three: Path, run: Runner) -> None:
    unit, human = change_and_retranslate(three, run, retranslate=True)
    result = run(*review_kk("alpha", "--only", "changed"), input="q\n")
    out = result.stdout
    assert f"unit {unit}/4 · source changed since translation" in out
    assert "source    Bakan, programın bütün [-bölgelerde-]{+illerde+} uygulanacağını" in out
    assert f"previous  {human}" in out
    assert "current   машина жаңа аударма мәтіні." in out
    assert "origin    argos · confidence 0.31" in out
    assert "e starts from the previous translation" in out


# --------------------------------------------------------------------------- conflicts


def meanwhile(path: Path, unit: int, change: str) -> None:
    """Another process changes unit ``unit`` of the catalog at ``path``."""
    with catalog.locked(path):
        po = catalog.load(path)
        entry = po.active()[unit - 1]
        if change == "review":
            catalog.accept(entry, "басқа адамның аудармасы.")
            catalog.mark_reviewed_by(po, "Bolat Serik <bolat@example.org>")
        elif change == "machine":
            text = "жаңа машина нұсқасы."
            catalog.set_machine(entry, text, Provenance("multilingual", text=text))
        catalog.save(po, path)


def edit_with(hook: object, *answers: str) -> FakeUI:
    """Edit unit 1 ("e", then the typed text); ``hook`` runs while the text is typed."""

    class Typing(FakeUI):
        def edit(self, item: review.Item, text: str) -> str | None:
            if not self.edits and callable(hook):
                hook()
            return super().edit(item, text)

    return Typing(["e", "менің аудармам.", *answers])


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("review", "reviewed by Bolat Serik <bolat@example.org>"),
        ("machine", "a new machine draft (multilingual)"),
    ],
)
def test_a_conflict_keeps_what_was_typed_keep_mine(three: Path, change: str, reason: str) -> None:
    path = po_path(three, "kk", "alpha")
    ui = edit_with(lambda: meanwhile(path, 2, change), "k", "q")
    ui.answers.insert(0, "s")  # to alpha:2
    summary = reviewloop.run(session(three), ui)
    (conflict,) = ui.conflicts
    assert conflict.reason == reason
    assert conflict.mine == "менің аудармам."
    assert conflict.fresh is not None and conflict.fresh.unit == 2
    entry = kk(three, "alpha")[1]
    assert entry.msgstr == "менің аудармам." and entry.state is State.REVIEWED
    assert summary.edited == 1


def test_a_conflict_take_theirs(three: Path) -> None:
    path = po_path(three, "kk", "alpha")
    ui = edit_with(lambda: meanwhile(path, 1, "review"), "t", "q")
    summary = reviewloop.run(session(three), ui)
    assert any("kept theirs: unit 1 is reviewed; moving on" in m for m in ui.told)
    assert kk(three, "alpha")[0].msgstr == "басқа адамның аудармасы."
    assert ui.shown == [1, 2] and summary.elsewhere == 1 and summary.edited == 0


def test_a_conflict_edit_again_starts_from_mine(three: Path) -> None:
    path = po_path(three, "kk", "alpha")
    ui = edit_with(lambda: meanwhile(path, 1, "machine"), "e", "менің екінші нұсқам.", "q")
    reviewloop.run(session(three), ui)
    assert ui.edits == [draft("alpha", 1, kk(three, "alpha")[0].msgid), "менің аудармам."]
    assert kk(three, "alpha")[0].msgstr == "менің екінші нұсқам."


def test_a_conflict_when_the_source_changed(three: Path, run: Runner) -> None:
    seed = three / "seeds" / "alpha.txt"

    def edit_source() -> None:
        seed.write_text(
            seed.read_text(encoding="utf-8").replace(
                "yeni bir program açıkladı", "yeni bir plan açıkladı"
            ),
            encoding="utf-8",
        )
        assert run("extract", "--lang", "kk").exit_code == 0

    ui = edit_with(edit_source, "k", "q")
    reviewloop.run(session(three), ui)
    (conflict,) = ui.conflicts
    assert conflict.reason == "the source changed"
    assert conflict.fresh is not None and "plan" in conflict.fresh.msgid
    entry = kk(three, "alpha")[0]
    assert "plan" in entry.msgid and entry.msgstr == "менің аудармам."
    assert entry.state is State.REVIEWED


def test_conflict_on_a_pipe_shows_theirs_and_mine(
    three: Path, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = po_path(three, "kk", "alpha")
    real = review.Session.decide
    done: list[bool] = []

    def decide(self, item, text=None, override=False):  # type: ignore[no-untyped-def]
        if text == "менің аудармам." and not done:  # another process, while it was typed
            meanwhile(path, 1, "review")
            done.append(True)
        return real(self, item, text, override)

    monkeypatch.setattr(review.Session, "decide", decide)
    result = run(*review_kk(), input="e\nменің аудармам.\nx\nk\nq\n")
    out = result.stdout
    assert (
        "not saved yet: reviewed by Bolat Serik <bolat@example.org> while you were deciding" in out
    )
    assert "theirs    басқа адамның аудармасы." in out
    assert "mine      менің аудармам." in out
    assert "[k]eep mine [t]ake theirs [e]dit again > " in out
    assert "press k to keep your text" in out  # after the x
    entry = kk(three, "alpha")[0]
    assert entry.msgstr == "менің аудармам." and entry.state is State.REVIEWED


# --------------------------------------------------------------------------- wrapping


def test_wrap_at_word_boundaries_with_a_hanging_indent() -> None:
    line = labelled("source", "Bakanlık, çiftçilere destek vermek için yeni bir program hazırladı.")
    parts = [plain(x) for x in term.wrap(line, 40)]
    assert parts == [
        "  source    Bakanlık, çiftçilere destek",
        "            vermek için yeni bir program",
        "            hazırladı.",
    ]
    assert all(len(p) <= 40 for p in parts)
    assert term.wrap(line, None) == [line]  # a pipe without COLUMNS: one line
    long = labelled("raw", "x" * 50)
    assert [plain(x) for x in term.wrap(long, 30)] == [
        "  raw       " + "x" * 18,
        "            " + "x" * 18,
        "            " + "x" * 14,
    ]
    assert term.cells("漢字ab") == 6 and term.cells("е\u0301") == 1


def test_wrapped_diff_marks_stay_balanced() -> None:
    from loctool.diff import word_diff
    from loctool.views import diff_spans

    old = "Neredeyse 1 milyar dolar; Duşanbe’deki yatırım forumu çerçevesinde imzalandı."
    new = "Neredeyse 1,2 milyar dolar; Duşanbe’de düzenlenen yatırım forumu kapsamında imzalandı."
    line = labelled("source", diff_spans(word_diff(old, new)))
    for width in (30, 45, 60):
        parts = [plain(x) for x in term.wrap(line, width)]
        assert all(len(p) <= width for p in parts), parts
        assert all(p.startswith(" " * 12) for p in parts[1:])
        for part in parts:
            assert part.count("[-") == part.count("-]") and part.count("{+") == part.count("+}")
        words = " ".join(p[12:] for p in parts).split()
        assert words[:2] == ["Neredeyse", "[-1-]{+1,2+}"]


def test_cards_wrap_to_columns_on_a_pipe(
    three: Path, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "50")
    result = run(*review_kk("beta"), input="s\nq\n")
    lines = result.stdout.splitlines()
    at = next(n for n, x in enumerate(lines) if x.startswith("  source    Kütüphane,"))
    assert lines[at] == "  source    Kütüphane, öğrencilerin ders çalışması"
    assert lines[at + 1] == "            için her gün açık olacak."
    card = lines[next(n for n, x in enumerate(lines) if x.startswith("unit 2/4")) : at + 4]
    assert all(len(x) <= 50 for x in card), card


# --------------------------------------------------------------------------- confidence


def test_status_shows_the_mean_confidence(three: Path, run: Runner) -> None:
    fill(po_path(three, "kk", "alpha"), "alpha", {1: 0.9, 2: 0.5, 3: 0.4})
    fill(po_path(three, "kk", "beta"), "beta", {})
    rows = {r["slug"]: r for r in json.loads(run("status", "--json", "--lang", "kk").stdout)}
    assert rows["alpha"]["confidence"] == 0.6 and rows["alpha"]["confident"] == 3
    assert rows["beta"]["confidence"] is None and rows["beta"]["confident"] == 0
    lines = run("status", "--lang", "kk").stdout.splitlines()
    assert lines[0].endswith("post-edit  confidence")
    (alpha,) = [x for x in lines if x.startswith("alpha ")]
    (beta,) = [x for x in lines if x.startswith("beta ")]
    assert alpha.split()[-1] == "0.600" and beta.split()[-1] == "–"
    row = stats.row_for("alpha", "kk", catalog.load(po_path(three, "kk", "alpha")))
    assert row.confidence == pytest.approx(0.6)


# --------------------------------------------------------------------------- diff


def test_translator_comments_in_diff(three: Path, run: Runner) -> None:
    from .reviewkit import git

    git(three, "init", "-q")
    git(three, "add", "-A")
    git(three, "commit", "-qm", "drafts")
    keys = "c okuma salonu: sözlüğe bak\ne\nЖаңа кітапхана ашылды\n"
    assert run(*review_kk("beta"), input=keys + "q\n").exit_code == 0
    rev = run("diff", "--rev", "HEAD", "--lang", "kk", "--no-pager")
    assert "unit 1 · machine → reviewed · comment added" in rev.stdout
    assert "comment   {+okuma salonu: sözlüğe bak+}" in rev.stdout
    stat = run("diff", "--rev", "HEAD", "--stat")
    assert "1 comment changed" in stat.stdout
    mt = run("diff", "--mt", "--lang", "kk", "--no-pager")
    assert "comment   okuma salonu: sözlüğe bak" in mt.stdout
    git(three, "add", "-A")
    git(three, "commit", "-qm", "reviewed")
    po = catalog.load(po_path(three, "kk", "beta"))
    po.active()[0].tcomment = "okuma salonu: sözlüğe bakıldı"
    catalog.save(po, po_path(three, "kk", "beta"))
    changed = run("diff", "--rev", "HEAD", "--lang", "kk", "--no-pager")
    assert "unit 1 · reviewed · comment changed" in changed.stdout
    assert "[-okuma salonu: sözlüğe bak-]" in changed.stdout
    assert "{+okuma salonu: sözlüğe bakıldı+}" in changed.stdout


def test_translator_comments_in_diff_source(three: Path, run: Runner) -> None:
    change_and_retranslate(three, run, retranslate=False)
    assert run(*review_kk("alpha", "--only", "changed"), input="c eski çeviri\nq\n").exit_code == 0
    out = run("diff", "--source", "--no-pager").stdout
    assert "kk note   eski çeviri" in out


# --------------------------------------------------------------------------- acceptance 2


def test_a_language_review_with_back_goto_comment_interrupted_and_resumed(
    three: Path, run: Runner
) -> None:
    """Three articles: accept, comment, back, go to another article and within it,
    edit; Ctrl-C; then the next session picks up exactly the units still waiting."""
    proc, out = start_review(three, *review_kk())
    try:
        out.until(r"^unit 1/4 · alpha ")
        send(proc, "a\n")  # alpha:1 accepted
        out.until(r"^unit 2/4 · alpha ")
        send(proc, "c Bakanlık adını editörle kontrol et\n")
        out.until(r"comment added to unit 2")
        send(proc, "p\n")  # back: alpha:1, reviewed
        out.until(r"^unit 1/4 · alpha · reviewed")
        send(proc, "g zeta:3\n")
        out.until(r"^unit 3/4 · zeta ")
        send(proc, "e\nКөшелерді тазалау жұмыстары жалғасуда.\n")
        out.until(r"saved unit 3 as reviewed")
        out.until(r"^unit 4/4 · zeta ")
        send(proc, "g 1\n")  # unit 1 of the current article (zeta)
        out.until(r"^unit 1/4 · zeta ")
        send(proc, "a\n")
        out.until(r"saved unit 1 as reviewed")
        out.until(r"^unit \d/4 · zeta ")
        assert states(po_path(three, "kk", "zeta"))[:3] == [
            State.REVIEWED,
            State.MACHINE,
            State.REVIEWED,
        ]
        summary = interrupt(proc, out)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130
    assert summary.startswith("interrupted: 2 accepted, 1 edited, 0 skipped, 1 comment added;")
    assert summary.rstrip().endswith("9 left to review in kk (3 articles)")
    assert proc.stderr is not None and "Traceback" not in proc.stderr.read()

    alpha = kk(three, "alpha")
    assert [e.state for e in alpha] == [State.REVIEWED] + [State.MACHINE] * 3
    assert alpha[1].tcomment == "Bakanlık adını editörle kontrol et"
    zeta = kk(three, "zeta")
    assert zeta[2].msgstr == "Көшелерді тазалау жұмыстары жалғасуда."

    resumed = run(*review_kk(), input="s\n" * 9)
    assert "9 units to review (9 machine) in 3 articles" in resumed.stdout
    assert cards(resumed.stdout) == [
        "alpha:2",
        "alpha:3",
        "alpha:4",
        "beta:1",
        "beta:2",
        "beta:3",
        "beta:4",
        "zeta:2",
        "zeta:4",
    ]
    assert "comment   Bakanlık adını editörle kontrol et" in resumed.stdout


# --------------------------------------------------------------------------- key by key


class Terminal:
    """A review on a pseudo-terminal: single keys reach click.getchar, lines reach
    readline, as when a person types."""

    def __init__(self, argv: list[str], columns: int = 100) -> None:
        import fcntl
        import pty
        import struct
        import termios
        import threading

        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
        env = subprocess_env()
        env["TERM"] = "xterm"  # NO_COLOR keeps the output plain
        env.pop("COLUMNS", None)
        env.pop("LINES", None)
        self.proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.master = master
        self.buffer = ""
        self.read = 0
        self.lock = threading.Lock()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        import codecs

        decoder = codecs.getincrementaldecoder("utf-8")("replace")  # reads split characters
        while True:
            try:
                data = os.read(self.master, 4096)
            except OSError:
                return
            if not data:
                return
            with self.lock:
                self.buffer += decoder.decode(data)

    def text(self) -> str:
        with self.lock:
            return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\r", "", self.buffer)

    def expect(self, pattern: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = re.compile(pattern, re.MULTILINE).search(self.text(), self.read)
            if found:
                self.read = found.end()
                return found.group(0)
            time.sleep(0.05)
        raise AssertionError(f"no {pattern!r} in:\n{self.text()[self.read :]}")

    def _mode(self, ready: object, timeout: float = 30.0) -> None:
        import termios

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if ready(termios.tcgetattr(self.master)[3]):  # type: ignore[operator]
                return
            time.sleep(0.02)
        raise AssertionError(f"the terminal never got ready:\n{self.text()[self.read :]}")

    def key(self, key: str) -> None:
        """One key press, once the program waits for one (click reads it in raw mode,
        which discards what was typed before)."""
        import termios

        self._mode(lambda lflag: not lflag & termios.ISIG)
        os.write(self.master, key.encode())

    def line(self, text: str) -> None:
        """A line typed at readline (after g, / and c, or an inline edit), Enter at the
        end: once readline reads (not canonical, signals on: not click's raw mode)."""
        import termios

        self._mode(lambda lflag: not lflag & termios.ICANON and lflag & termios.ISIG)
        for ch in text + "\r":  # one key at a time, as a person types
            os.write(self.master, ch.encode())
            time.sleep(0.01)

    def close(self) -> int:
        try:
            return self.proc.wait(timeout=30)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            os.close(self.master)


def test_key_by_key_on_a_terminal(three: Path) -> None:
    alpha4 = kk(three, "alpha")[3]
    tty = Terminal(loctool_argv(three, *review_kk()), columns=60)
    try:
        tty.expect(r"unit 1/4 · alpha ")
        tty.expect(r"\[\?\]help > ")
        tty.key("a")  # one key, no Enter
        tty.expect(r"saved unit 1 as reviewed")
        tty.expect(r"unit 2/4 · alpha ")
        tty.expect(r"  source    Bakanlık, çiftçilere[^\n]*\n {12}\S")  # wrapped to 60
        tty.expect(r"help > ")
        tty.key("g")
        tty.line("zeta:2")  # the rest of the line after g
        tty.expect(r"unit 2/4 · zeta ")
        tty.expect(r"help > ")
        tty.key("/")
        tty.line("kütüphane")
        tty.expect(r"unit 1/4 · beta ")
        tty.expect(r"help > ")
        tty.key("c")
        tty.expect(r"comment\s+")
        tty.line("başlık kısa kalsın")
        tty.expect(r"comment added to unit 1")
        tty.expect(r"help > ")
        tty.key("p")  # the unit before in the review's order
        tty.expect(r"unit 4/4 · alpha ")
        tty.expect(r"help > ")
        tty.key("e")
        tty.expect(r"new\s+" + re.escape(alpha4.msgstr))  # the draft, ready to edit
        tty.line("\x15Министр бұл туралы айтты.")  # Ctrl-U clears the line first
        tty.expect(r"saved unit 4 as reviewed")
        tty.expect(r"help > ")
        tty.key("q")
        tty.expect(r"stopped: 1 accepted, 1 edited, 0 skipped, 1 comment added;")
    finally:
        code = tty.close()
    assert code == 0
    assert kk(three, "beta")[0].tcomment == "başlık kısa kalsın"
    assert kk(three, "alpha")[3].msgstr == "Министр бұл туралы айтты."
    assert states(po_path(three, "kk", "alpha"))[0] is State.REVIEWED


def test_key_by_key_ctrl_c_then_resume(three: Path, run: Runner) -> None:
    tty = Terminal(loctool_argv(three, *review_kk()))
    try:
        tty.expect(r"help > ")
        tty.key("a")
        tty.expect(r"unit 2/4 · alpha ")
        tty.expect(r"help > ")
        tty.key("\x03")  # Ctrl-C, read as a key in raw mode
        tty.expect(r"interrupted: 1 accepted")
    finally:
        code = tty.close()
    assert code == 130
    again = run(*review_kk(), input="q\n")
    assert cards(again.stdout) == ["alpha:2"]


def test_a_memory_match_is_labelled_on_the_card(project: Path, run: Runner) -> None:
    from .test_memory_match import HUMAN, follow_up, review_original

    review_original(project, run)
    entry = follow_up(project, run)
    result = run(*review_kk("follow-up"), input="q\n")
    assert result.exit_code == 0, result.output
    card = result.stdout.split("unit 1/2")[1].split("> ")[0]
    score = catalog.memory_match(entry)
    assert f" · similar translation from memory ({score} similar source) · " in card
    assert "source changed" not in card
    assert "memory    Her iki taraf da ticaret cirosunu {+hızla +}artırmakla ilgileniyor." in card
    assert f"current   {HUMAN}" in card and "previous" not in card
    s = review.Session(review.find_catalog(Project(project), "kk", "follow-up"), REVIEWER)
    item = s.item(s.queue()[0])
    assert item is not None and item.draft == HUMAN and item.human_before is None
