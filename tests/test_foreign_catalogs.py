"""Foreign catalogs (issue 8): the real-world GNOME glib catalogs (kk, tg, ru) placed in a
project as ``locales/<lang>/LC_MESSAGES/glib.po`` — no source article, no template;
plural entries, msgctxt, obsolete entries, fuzzy entries and a fuzzy header.

``status``, ``check``, ``review --only untranslated``, ``accept`` and ``diff --rev`` work
on them, a write changes only the entries a reviewer decided on, and every catalog
written still passes ``msgfmt --check`` (the autouse oracle).  The load/save round trip
of each file is in ``tests/test_poformat.py``.
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from loctool import catalog, gate, review
from loctool.messages import Message
from loctool.model import Provenance, State

from .conftest import (
    FIXTURES,
    Runner,
    msgfmt_check,
    po_path,
    po_rel,
    require_gettext_0_21,
    snapshot,
)
from .reviewkit import REVIEWER, git, hide_identity

LANGS = ("kk", "ru", "tg")
ENTRY_ATTRS = (
    "msgid",
    "msgid_plural",
    "msgstr",
    "msgstr_plural",
    "msgctxt",
    "flags",
    "previous_msgid",
    "comment",
    "tcomment",
    "occurrences",
    "obsolete",
)


def glib(root: Path, lang: str) -> Path:
    return po_path(root, lang, "glib")


def statistics(path: Path) -> tuple[int, int, int]:
    """(translated, fuzzy, untranslated) as GNU msgfmt counts them."""
    done = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    counts = []
    for word in ("translated message", "fuzzy translation", "untranslated message"):
        found = re.search(rf"(\d+) {word}", done.stderr)
        counts.append(int(found.group(1)) if found else 0)
    return counts[0], counts[1], counts[2]


def fingerprint(entry: Message) -> tuple[object, ...]:
    return tuple(
        sorted(v.items()) if isinstance(v := getattr(entry, a), dict) else v for a in ENTRY_ATTRS
    )


@pytest.fixture
def foreign(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project (a git repository) holding only the three glib catalogs."""
    hide_identity(monkeypatch, tmp_path)
    root = tmp_path / "glib-project"
    for lang in LANGS:
        path = glib(root, lang)
        path.parent.mkdir(parents=True)
        shutil.copyfile(FIXTURES / "po" / f"glib_{lang}.po", path)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "glib catalogs")
    return root


def test_status_counts_what_msgfmt_counts(foreign: Path, run: Runner) -> None:
    before = snapshot(foreign)
    result = run("status", "--json", root=foreign)
    assert result.exit_code == 0, result.output
    rows = {r["lang"]: r for r in json.loads(result.stdout)}
    assert sorted(rows) == list(LANGS)
    for lang, row in rows.items():
        assert row["slug"] == "glib"
        translated, fuzzy, untranslated = statistics(glib(foreign, lang))
        assert row["reviewed"] + row["reviewed_with_errors"] == translated
        assert row["machine"] + row["changed"] == fuzzy
        assert row["untranslated"] == untranslated
    assert rows["ru"]["obsolete"] > 0
    table = run("status", root=foreign)
    assert table.exit_code == 0 and len(table.stdout.splitlines()) == 4
    assert snapshot(foreign) == before


def test_check_runs_over_every_translation(foreign: Path, run: Runner) -> None:
    before = snapshot(foreign)
    result = run("check", "--json", root=foreign)
    assert result.exit_code in (0, 1), result.output  # 1: real findings in real catalogs
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert report["summary"]["catalogs"] == 3
    translated = sum(statistics(glib(foreign, lang))[0] for lang in LANGS)
    fuzzy = sum(statistics(glib(foreign, lang))[1] for lang in LANGS)
    assert report["summary"]["checked"] == translated + fuzzy
    assert {i["file"] for i in report["issues"]} <= {po_rel(lang, "glib") for lang in LANGS}
    plain = run("check", "--lang", "kk", root=foreign)
    assert plain.exit_code in (0, 1) and "1 catalog(s), 1272 translation(s) checked" in plain.stdout
    assert snapshot(foreign) == before


def test_review_only_untranslated_changes_only_the_decided_entries(
    foreign: Path, run: Runner
) -> None:
    path = glib(foreign, "tg")
    before = {(e.msgctxt, e.msgid, e.obsolete): fingerprint(e) for e in catalog.load(path)}
    session = review.Session(
        review.Target("tg", "glib", path), REVIEWER, review.parse_only(["untranslated"])
    )
    pending = session.pending()
    assert all(i.state is State.UNTRANSLATED and not i.plural for i in pending)
    with_context = next(n for n, i in enumerate(pending) if i.key[0] is not None)
    plain_key, context_key = pending[1].key, pending[with_context].key

    keys = "s\ne\nТарҷумаи нав\n" + "s\n" * (with_context - 2) + "e\nБо контекст\nq\n"
    result = run(
        "review",
        "tg",
        "--only",
        "untranslated",
        "--inline",
        "--reviewer",
        REVIEWER,
        input=keys,
        root=foreign,
    )
    assert result.exit_code == 0, result.output
    assert "4 units with plural forms left out" in result.stdout
    assert "stopped: 0 accepted, 2 edited" in result.stdout

    po = catalog.load(path)
    after = {(e.msgctxt, e.msgid, e.obsolete): e for e in po}
    assert after.keys() == before.keys(), "no entry added, lost or reordered into another"
    decided = {plain_key: "Тарҷумаи нав", context_key: "Бо контекст"}
    for key, entry in after.items():
        if key[:2] in decided and not entry.obsolete:
            assert entry.msgstr == decided[key[:2]]
            assert entry.state is State.REVIEWED
        else:
            assert fingerprint(entry) == before[key], key
    assert po.metadata["Last-Translator"] == REVIEWER
    translated, fuzzy, untranslated = statistics(path)
    assert (translated, fuzzy, untranslated) == (79 + 2, 27, 758 - 2)


def test_accept_all_leaves_plural_entries_alone(foreign: Path, run: Runner) -> None:
    """A fuzzy plural entry of the tg catalog has two forms where Plural-Forms says one:
    accepting it would make the catalog invalid, so accept leaves plural entries alone.
    Eleven of the fuzzy drafts are still English: the gate refuses them."""
    path = glib(foreign, "tg")
    result = run("accept", "tg", "--all", "--reviewer", REVIEWER, root=foreign)
    assert result.exit_code == 1, result.output
    assert "accepted 14 units" in result.stdout
    assert "2 units with plural forms left alone (826, 839)" in result.stdout
    refused = [line for line in result.stdout.splitlines() if " refused: " in line]
    assert len(refused) == 11 and all("script: written in Latin" in x for x in refused)
    assert statistics(path) == (79 + 14, 2 + 11, 758)  # msgfmt --check: the autouse oracle
    line = run("accept", "tg", "--unit", "826", "--reviewer", REVIEWER, root=foreign)
    assert line.exit_code == 2 and "unit 826 of tg/glib has plural forms" in line.stderr


def test_diff_rev_sees_plural_forms_and_state_changes(foreign: Path, run: Runner) -> None:
    none = run("diff", "--rev", "HEAD", "--no-pager", root=foreign)
    assert none.exit_code == 0 and "no catalog changes since HEAD" in none.stdout

    ru = glib(foreign, "ru")
    po = catalog.load(ru)
    plural = next(e for e in po if e.msgid_plural and not e.obsolete)
    plural.msgstr_plural[1] = "ИЗМЕНЕНО " + plural.msgstr_plural[1]  # keeps its %-formats
    catalog.save(po, ru)
    forced = run("accept", "tg", "--all", "--force", "--reviewer", REVIEWER, root=foreign)
    assert forced.exit_code == 0

    result = run("diff", "--rev", "HEAD", "--no-pager", root=foreign)
    assert result.exit_code == 0, result.output
    assert "ru/glib · changed since HEAD · 1 translation changed" in result.stdout
    assert "[1]{+ ИЗМЕНЕНО+} Требовалось" in result.stdout
    assert (
        "tg/glib · changed since HEAD · 25 state changed, 11 QA override changed" in result.stdout
    )
    stat = run("diff", "--rev", "HEAD", "--stat", "--no-pager", root=foreign)
    assert stat.exit_code == 0 and "kk/glib" not in stat.stdout


# --------------------------------------------------------------------------- issue 11


DIRECTIVE = re.compile(
    r"%(?:\d+\$)?[-+ #0']*\d*(?:\.\d+)?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGcsp]"
)


def damage(msgid: str, msgstr: str, n: int) -> str | None:
    """What machine translation does to format strings and line ends, in turn."""
    found = DIRECTIVE.findall(msgstr)
    kind = n % 4
    if kind == 0 and len(found) >= 2 and found[0][-1] != found[1][-1]:
        a, b = found[0], found[1]
        return msgstr.replace(a, "\0", 1).replace(b, a, 1).replace("\0", b, 1)
    if kind == 1 and found and msgstr.replace(found[0], "", 1).strip():
        return msgstr.replace(found[0], "", 1)
    if kind == 2 and found and found[0][-1] in "sd":
        return msgstr.replace(found[0], found[0][:-1] + ("d" if found[0][-1] == "s" else "s"), 1)
    if kind == 3:
        return msgstr.rstrip("\n") if msgid.endswith("\n") else msgstr + "\n"
    return None


def machine_drafts_of(path: Path) -> dict[str, tuple[str, bool]]:
    """Make every translated c-format entry a machine draft (as if MT made it), damaging
    a share of them; msgid → (the original translation, damaged?)."""
    po = catalog.load(path)
    drafts = {}
    for n, entry in enumerate(e for e in po if not e.obsolete and not e.msgid_plural):
        if "c-format" not in entry.flags or entry.state is not State.REVIEWED:
            continue
        original = entry.msgstr
        bad = damage(entry.msgid, original, n)
        text = bad if bad is not None else original
        entry.flags.insert(0, "fuzzy")  # back to a draft: a machine may write it
        catalog.set_machine(entry, text, Provenance("argos", "x 1.0", text=text))
        drafts[entry.msgid] = (original, bad is not None)
    catalog.save(po, path)
    return drafts


@pytest.mark.parametrize("lang", LANGS)
def test_accept_and_review_never_write_what_msgfmt_rejects(
    foreign: Path, run: Runner, lang: str
) -> None:
    """Acceptance 2: on the real GNOME catalogs with machine drafts whose format strings
    and line ends were damaged, `accept --all`, `accept --all --force` and review edits
    leave catalogs that `msgfmt --check` accepts."""
    path = glib(foreign, lang)
    drafts = machine_drafts_of(path)
    damaged = {m for m, (_, bad) in drafts.items() if bad}
    assert len(damaged) >= 5  # tg has few c-format translations, kk and ru hundreds

    plain = run("accept", lang, "--all", "--reviewer", REVIEWER, root=foreign)
    assert plain.exit_code == 1
    assert msgfmt_check(path).returncode == 0, msgfmt_check(path).stderr
    forced = run("accept", lang, "--all", "--force", "--reviewer", REVIEWER, root=foreign)
    assert forced.exit_code == 1  # the damaged drafts: no override passes msgfmt
    fatal = [x for x in forced.stdout.splitlines() if "msgfmt would reject it" in x]
    assert len(fatal) == len(damaged)
    assert msgfmt_check(path).returncode == 0, msgfmt_check(path).stderr
    after = {e.msgid: e for e in catalog.load(path) if not e.obsolete}
    assert all(after[m].state is State.MACHINE for m in damaged)
    assert all(after[m].state is State.REVIEWED for m in drafts if m not in damaged)

    # review: the damaged drafts, edited — some with the damage kept (refused, even with
    # A), some with the original text typed on one line (the \n frame comes back)
    target = review.Target(lang, "glib", path)
    session = review.Session(target, REVIEWER, review.parse_only(["machine"]))
    keys, saved, refused = [], 0, 0
    for n, item in enumerate(session.pending()[:40]):
        if item.msgid not in damaged:
            keys.append("s")
            continue
        typed = item.msgstr if n % 2 else drafts[item.msgid][0]
        typed = " ".join(typed.split())
        text = review.frame_like(item.msgid, typed)
        verdict = gate.Verdict(session.findings(item, text))
        if verdict.fatal:
            keys.append(f"e\n{typed}\nA\ns")
            refused += 1
        else:
            keys.append(f"e\n{typed}" + ("\nA" if verdict.errors else ""))
            saved += 1
    assert saved and refused
    result = run(
        "review",
        lang,
        "--inline",
        "--only",
        "machine",
        "--reviewer",
        REVIEWER,
        input="\n".join([*keys, "q"]) + "\n",
        root=foreign,
    )
    assert result.exit_code == 0, result.output
    assert msgfmt_check(path).returncode == 0, msgfmt_check(path).stderr
    assert result.stdout.count("msgfmt would reject this catalog") == 2 * refused  # e, A
    assert re.search(rf"(stopped|finished): 0 accepted, {saved} edited", result.stdout)


def changed_lines(before: str, after: str) -> list[tuple[int, int]]:
    """Line ranges (0-based, end exclusive) of ``before`` that differ in ``after``."""
    matcher = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False)
    return [(i1, i2) for tag, i1, i2, _, _ in matcher.get_opcodes() if tag != "equal"]


def entry_lines(text: str, msgid: str) -> range:
    """The lines of the (non-header) entry whose msgid starts with ``msgid``."""
    blocks, start = [], 0
    lines = text.splitlines()
    for i, line in enumerate([*lines, ""]):
        if not line:
            blocks.append(range(start, i))
            start = i + 1
    quoted = f'"{msgid[:40]}'
    return next(b for b in blocks[1:] if any(quoted in lines[j] for j in b))


@pytest.mark.parametrize("start", ["msgcat", "original"])
def test_one_accept_changes_only_that_entry(
    foreign: Path, run: Runner, start: str, tmp_path: Path
) -> None:
    """``accept --unit`` on a catalog as GNU gettext writes it changes the entry's lines
    and the header's reviewer and date, nothing else.  On the GNOME original (written by a
    newer gettext) the rest of the file changes exactly as msgcat would change it."""
    require_gettext_0_21()
    path = glib(foreign, "tg")
    if start == "msgcat":
        subprocess.run(["msgcat", "-o", str(path), str(path)], check=True)
    before = path.read_text(encoding="utf-8")
    po = catalog.load(path)
    checks = gate.Gate.for_catalog(po, "tg")
    number, entry = max(
        (
            (n, e)
            for n, e in enumerate(po.active(), 1)
            if e.state is State.MACHINE
            and not e.msgid_plural
            and gate.decide(checks.judge(e, errors_only=True), REVIEWER, False).allowed
        ),
        key=lambda pair: len(pair[1].msgid),
    )
    result = run("accept", "tg", "--unit", str(number), "--reviewer", REVIEWER, root=foreign)
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    expected_rest = subprocess.run(
        ["msgcat", "-"], input=before, capture_output=True, text=True, check=True
    ).stdout
    header = range(0, before.splitlines().index(""))  # comments, msgid "", msgstr …
    own = entry_lines(before, entry.msgid)
    for first, last in changed_lines(expected_rest, after):
        assert all(i in header or i in own for i in range(first, last)), (first, last)
    hunks = changed_lines(before, after)
    if start == "msgcat":
        assert len(hunks) <= 2, hunks  # the header's two lines, the entry
        assert all(i in header or i in own for f, t in hunks for i in range(f, t))
    assert catalog.load(path).active()[number - 1].state is State.REVIEWED
