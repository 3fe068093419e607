"""Whose catalog is this?  The checks extract makes before it merges into a PO.

A catalog at ``locales/<lang>/LC_MESSAGES/<slug>.po`` may belong to something else than
the article ``seeds/<slug>.txt``: a program's catalog (GNOME, Remmina …) that shares the
slug, or a file copied in by hand.  Merging would make all its entries obsolete, drop the
untranslated ones and stamp this article's headers on it.  So extract first asks
:func:`foreign` whether most of the catalog's entries come from this article — a ``#:``
reference to a file named ``<slug>.<txt|md|…>``, or a msgid the article still has — and,
for a catalog without such entries, whether its ``X-Source-Language`` and
``Project-Id-Version`` say otherwise.  Then :func:`obsoleted` counts how many of its
translated entries the merge would retire.  Either finding stops extract unless the user
passes ``--adopt``.  Pure functions over parsed catalogs: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from . import catalog
from .messages import Catalog
from .project import SOURCE_SUFFIXES


@dataclass(frozen=True)
class Evidence:
    """What a catalog says about where its entries come from."""

    entries: int  # active entries (not obsolete, not the header)
    foreign: int  # of those, entries with neither a reference to the article nor its msgid
    source_lang: str  # X-Source-Language ("" when absent)
    project: str  # Project-Id-Version ("" when absent)


def _from_article(refs: Iterable[tuple[str, str]], names: frozenset[str]) -> bool:
    """Whether a reference names the article's file (``names``: its slug with each
    article suffix), in any folder.  Plain string work: extract asks this of every
    entry of every catalog it merges into."""
    return any(ref.rpartition("/")[2] in names for ref, _ in refs)


def evidence(po: Catalog, slug: str, msgids: set[str]) -> Evidence:
    """Count the active entries of ``po`` that do not come from article ``slug``
    (whose current msgids are ``msgids``)."""
    active = [e for e in po if not e.obsolete and (e.msgid or e.msgctxt)]
    names = frozenset(slug + suffix for suffix in SOURCE_SUFFIXES)
    foreign = sum(
        1
        for e in active
        if not _from_article(e.occurrences, names) and (e.msgctxt or e.msgid not in msgids)
    )
    return Evidence(
        len(active),
        foreign,
        catalog.source_language(po),
        po.metadata.get("Project-Id-Version", "").strip(),
    )


def foreign(po: Catalog, slug: str, lang: str, msgids: set[str]) -> str | None:
    """Why ``po`` is not this article's catalog (``lang``: the article's language), or
    None when it is."""
    ev = evidence(po, slug, msgids)
    headers = []
    if ev.source_lang and ev.source_lang != lang:
        headers.append(f"{catalog.SOURCE_LANGUAGE} {ev.source_lang}, the article is {lang}")
    if ev.project and ev.project != slug:
        headers.append(f"Project-Id-Version {ev.project!r}")
    detail = f" ({'; '.join(headers)})" if headers else ""
    if ev.entries and 2 * ev.foreign > ev.entries:
        return f"{ev.foreign} of its {ev.entries} entries do not come from this article{detail}"
    if not ev.entries and headers:
        return f"it belongs to another source{detail}"
    return None


def obsoleted(old: Catalog, new: Catalog) -> tuple[int, int]:
    """(translated entries of ``old``, how many of them ``new`` holds only as obsolete)."""
    retired = {e.key for e in new if e.obsolete}
    kept = {e.key for e in new if not e.obsolete}
    before = [e.key for e in old if catalog.compiled(e)]
    gone = sum(1 for key in before if key in retired and key not in kept)
    return len(before), gone
