"""Helpers for the check / render tests: fill catalogs without an MT engine."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from loctool import catalog
from loctool.model import Provenance

from .conftest import REPO, SLUG, po_path

SAMPLE_MD = REPO / "tests" / "data" / "sample.md"
MD_SLUG = SAMPLE_MD.stem


def fill(
    project: Path,
    lang: str,
    how: str = "reviewed",
    text: Callable[[str], str] = lambda msgid: msgid,
    units: list[int] | None = None,
    slug: str = SLUG,
) -> dict[str, str]:
    """Translate the units numbered ``units`` (1-based; default all) of a catalog with
    ``text(msgid)``, as ``reviewed`` or ``machine`` entries; returns msgid → msgstr."""
    path = po_path(project, lang, slug)
    po = catalog.load(path)
    done = {}
    for n, entry in enumerate(po.active(), start=1):
        if units is not None and n not in units:
            continue
        msgstr = text(entry.msgid)
        if how == "reviewed":
            catalog.accept(entry, msgstr)
        else:
            catalog.set_machine(entry, msgstr, Provenance("argos", "x 1.0", text=msgstr))
        done[entry.msgid] = msgstr
    catalog.save(po, path)
    return done


def add_markdown(project: Path) -> Path:
    dest = project / "seeds" / SAMPLE_MD.name
    shutil.copyfile(SAMPLE_MD, dest)
    return dest
