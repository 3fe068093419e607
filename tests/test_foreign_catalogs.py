"""Foreign catalogs (issue 8): the real-world GNOME glib catalogs (kk, tg, ru) placed in a
project as ``locales/<lang>/LC_MESSAGES/glib.po`` — no source article, no template;
plural entries, msgctxt, obsolete entries, fuzzy entries and a fuzzy header.

``status``, ``check``, ``review --only untranslated``, ``accept`` and ``diff --rev`` work
on them, a write changes only the entries a reviewer decided on, and every catalog
written still passes ``msgfmt --check`` (the autouse oracle).  The load/save round trip
of each file is in ``tests/test_poformat.py``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from loctool import catalog, review
from loctool.model import State

from .conftest import FIXTURES, Runner, snapshot
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
    return root / "locales" / lang / "LC_MESSAGES" / "glib.po"


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


def fingerprint(entry: catalog.POEntry) -> tuple[object, ...]:
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
        assert row["reviewed"] == translated
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
    assert {i["file"] for i in report["issues"]} <= {
        f"locales/{lang}/LC_MESSAGES/glib.po" for lang in LANGS
    }
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
            assert catalog.state(entry) is State.REVIEWED
        else:
            assert fingerprint(entry) == before[key], key
    assert po.metadata["Last-Translator"] == REVIEWER
    translated, fuzzy, untranslated = statistics(path)
    assert (translated, fuzzy, untranslated) == (79 + 2, 27, 758 - 2)


def test_accept_all_leaves_plural_entries_alone(foreign: Path, run: Runner) -> None:
    """A fuzzy plural entry of the tg catalog has two forms where Plural-Forms says one:
    accepting it would make the catalog invalid, so accept leaves plural entries alone."""
    path = glib(foreign, "tg")
    result = run("accept", "tg", "--all", "--reviewer", REVIEWER, root=foreign)
    assert result.exit_code == 0, result.output
    assert "accepted 25 units" in result.stdout
    assert "2 units with plural forms left alone (826, 839)" in result.stdout
    assert statistics(path) == (79 + 25, 2, 758)  # msgfmt --check passes: the autouse oracle
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
    assert run("accept", "tg", "--all", "--reviewer", REVIEWER, root=foreign).exit_code == 0

    result = run("diff", "--rev", "HEAD", "--no-pager", root=foreign)
    assert result.exit_code == 0, result.output
    assert "ru/glib · changed since HEAD · 1 translation changed" in result.stdout
    assert "[1]{+ ИЗМЕНЕНО+} Требовалось" in result.stdout
    assert "tg/glib · changed since HEAD · 25 state changed" in result.stdout
    stat = run("diff", "--rev", "HEAD", "--stat", "--no-pager", root=foreign)
    assert stat.exit_code == 0 and "kk/glib" not in stat.stdout
