"""Review shows translation-memory suggestions and glossary hits (issue 7)."""

from __future__ import annotations

import re
from pathlib import Path

from loctool import catalog

from .conftest import SLUG, Runner, po_path

SIMILAR = "Her iki taraf da ticaret cirosunu hızla artırmakla ilgileniyor."


def test_card_shows_memory_match_with_score_and_diff_and_glossary_hits(
    project: Path, run: Runner
) -> None:
    (project / "glossary.csv").write_text(
        "term,kk,tg,ru,en,note,dnt\n"
        "Kazakistan,Қазақстан,Қазоқистон,Казахстан,Kazakhstan,,\n"
        "Silk Way TV,,,,,TV channel,yes\n",
        encoding="utf-8",
    )
    assert run("extract", "--lang", "kk").exit_code == 0
    path = po_path(project, "kk", SLUG)
    po = catalog.load(path)
    for entry in po:
        if entry.msgid.startswith("Her iki taraf"):
            catalog.accept(entry, "Екі тарап та тауар айналымын арттыруға мүдделі.")
    catalog.save(po, path)
    (project / "seeds" / "follow-up.txt").write_text(
        f"{SIMILAR}\n\nKazakistan ve Tacikistan bu konuda işbirliğine kararlıdır.\n\nSilk Way TV\n",
        encoding="utf-8",
    )
    assert run("extract", "--lang", "kk", "seeds/follow-up.txt").exit_code == 0
    result = run(
        "review",
        "kk",
        "follow-up",
        "--inline",
        "--reviewer",
        "Test <t@example.org>",
        input="s\ns\nq\n",
    )
    assert result.exit_code == 0, result.output
    out = result.output
    first = out.split("unit 2/3")[0]
    print(first)
    assert re.search(rf"memory +9\d% · kk/{SLUG}\.po#3", first), first
    assert "{+hızla +}" in first
    assert "Екі тарап та тауар айналымын арттыруға мүдделі." in first
    second = out.split("unit 2/3")[1]
    assert "glossary  Kazakistan → Қазақстан" in second
    assert "Silk Way TV → Silk Way TV (keep as is)" in out
