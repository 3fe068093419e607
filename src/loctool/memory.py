"""Translation memory: what humans already approved, reused before any machine.

A memory holds (source text → translation) pairs for one language pair, from

* every **reviewed** entry of every catalog in the project whose real source language
  is ``src`` (origin ``kk/slug.po#3``): its ``X-Source-Language``, else the language of
  its msgids (a foreign catalog from a program is usually English, never "ours"), that
  passes the publication gate (:mod:`loctool.gate`: no QA error nobody overrode),
* imports (``loctool memory import FILE.po|FILE.tmx``), kept in the project as
  ``memory/<src>-<tgt>.po`` (a plain catalog: diffable, reviewable, msgfmt-clean).

A unit keeps the ``msgctxt`` of its entry: an exact match needs the same context (the
same words in another context may need another translation); fuzzy matches cross them.

Lookups: an exact match is a dict hit; fuzzy matches (rapidfuzz ``fuzz.ratio`` ≥ 75)
come from an inverted index of words — the postings of the query's rarest words give a
short list ranked by shared words, which is then scored — instead of scoring every
entry (``bench/memory_lookup.py`` compares the two, with the recall).
"""

from __future__ import annotations

import contextlib
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from . import catalog, gate, langs
from .detect import detect_language
from .errors import MemoryFileError, SourceError
from .glossary import for_project
from .messages import Catalog, Key, Message
from .model import State, normalize_ws
from .project import Project

FUZZY_THRESHOLD = 75.0
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Unit:
    """One memory unit."""

    source: str
    target: str
    origin: str  # "kk/slug.po#3" or "memory/tr-kk.po (import of file.tmx)"
    context: str | None = None  # msgctxt


@dataclass(frozen=True)
class Match:
    unit: Unit
    score: float  # 100 for an exact match


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.casefold()) if len(w) > 1]


@dataclass
class Memory:
    """The memory of one language pair, indexed for exact and fuzzy lookups."""

    src: str
    tgt: str
    units: list[Unit] = field(default_factory=list)
    _exact: dict[tuple[str | None, str], int] = field(default_factory=dict, repr=False)
    _postings: dict[str, list[int]] = field(default_factory=dict, repr=False)

    def add(self, source: str, target: str, origin: str, context: str | None = None) -> None:
        source, target = normalize_ws(source), normalize_ws(target)
        if not source or not target or (context, source) in self._exact:
            return  # the first (document-ordered) translation of a text wins
        index = len(self.units)
        self.units.append(Unit(source, target, origin, context))
        self._exact[(context, source)] = index
        for word in set(words(source)):
            self._postings.setdefault(word, []).append(index)

    def __len__(self) -> int:
        return len(self.units)

    def exact(self, text: str, context: str | None = None) -> Unit | None:
        index = self._exact.get((context, normalize_ws(text)))
        return self.units[index] if index is not None else None

    def candidates(self, text: str, budget: int = 4000, keep: int = 48) -> list[int]:
        """A short list of entries likely to be similar: postings of the query's rarest
        words (at least two words, then until ``budget`` postings), ranked by how many of
        those words they share, within the length window the threshold allows."""
        postings = [self._postings[w] for w in set(words(text)) if w in self._postings]
        postings.sort(key=len)
        counts: Counter[int] = Counter()
        used = 0
        for n, posting in enumerate(postings):
            if n >= 2 and used + len(posting) > budget:
                break
            counts.update(posting)
            used += len(posting)
        low, high = _length_window(len(text), FUZZY_THRESHOLD)
        fitting = (i for i, _ in counts.most_common() if low <= len(self.units[i].source) <= high)
        return list(itertools.islice(fitting, keep))

    def fuzzy(self, text: str, limit: int = 3, threshold: float = FUZZY_THRESHOLD) -> list[Match]:
        """Best matches ≥ ``threshold`` (exact ones included, score 100)."""
        from rapidfuzz import fuzz, process

        text = normalize_ws(text)
        pool = self.candidates(text)
        if not pool:
            return []
        found = process.extract(
            text,
            [self.units[i].source for i in pool],
            scorer=fuzz.ratio,
            score_cutoff=threshold,
            limit=limit,
        )
        return [Match(self.units[pool[i]], score) for _, score, i in found]


def _length_window(length: int, threshold: float) -> tuple[float, float]:
    """Lengths b for which fuzz.ratio (2·LCS/(a+b)) can reach ``threshold`` with a."""
    s = threshold / 100
    return length * s / (2 - s), length * (2 - s) / s


# --------------------------------------------------------------------------- building


def _learnable(entry: Message) -> bool:
    """What the memory learns from: a reviewed translation of one text (not plural)."""
    return not entry.msgid_plural and entry.state is State.REVIEWED


def _reviewed(po: Catalog, checks: gate.Gate) -> Iterator[tuple[int, Message]]:
    """Reviewed entries fit to learn from: not plural, and passing the gate."""
    number = 0
    for entry in po:
        if entry.obsolete:
            continue
        number += 1
        if _learnable(entry) and checks.passes(entry):
            yield number, entry


def build(project: Project, src: str, tgt: str, exclude: Iterable[Path] = ()) -> Memory:
    """The memory for ``src → tgt``: reviewed catalog entries first, then imports."""
    memory = Memory(src, tgt)
    skip = {p.resolve() for p in exclude}
    glossary = for_project(project.root, src)  # its do-not-translate terms gate the units
    with gate.remembered(project.root) as verdicts:
        for ref in project.catalogs([tgt]):
            if ref.path.resolve() in skip:
                continue
            po = catalog.load(ref.path)
            if source_language(po, project.rel(ref.path)) != src:
                continue
            checks = gate.Gate.for_catalog(
                po, tgt, slug=ref.slug, glossary=glossary, verdicts=verdicts
            )
            checks.source_lang = src  # the language the catalog was found translated from
            for number, entry in _reviewed(po, checks):
                memory.add(entry.msgid, entry.msgstr, ref.origin(number), entry.msgctxt)
    imported = project.memory_path(src, tgt)
    if imported.is_file():
        po = catalog.load(imported)
        for entry in po:
            if _learnable(entry):
                origin = _comment(entry) or project.rel(imported)
                memory.add(entry.msgid, entry.msgstr, origin, entry.msgctxt)
    return memory


def source_language(po: Catalog, where: str) -> str | None:
    """The language a catalog was translated from: its ``X-Source-Language`` header,
    else the language of its msgids (None when they tell nothing, e.g. only symbols)."""
    declared = catalog.source_language(po)
    if declared:
        return declared
    sample: list[str] = []
    for entry in po:
        if not entry.obsolete and entry.msgid:
            sample.append(entry.msgid)
            if sum(map(len, sample)) > 4000:
                break
    try:
        return detect_language("\n".join(sample), where) if sample else None
    except SourceError:
        return None


def check_inputs(project: Project, tgts: Iterable[str], skip: Iterable[Path] = ()) -> None:
    """Parse every file :func:`build` reads for these target languages (the imported
    memory files and the languages' catalogs) but ``skip`` (read by the caller anyway):
    a broken one raises :class:`~loctool.errors.CatalogError` with its line."""
    skipped = {p.resolve() for p in skip}
    for_project(project.root)  # the gate reads the glossary too
    paths = list(project.memory_files().values())
    paths += [ref.path for ref in project.catalogs(list(tgts))]
    for path in paths:
        if path.resolve() not in skipped:
            catalog.load(path)


def _comment(entry: Message) -> str:
    for line in entry.comment.split("\n") if entry.comment else ():
        if line.startswith("loctool-tm: "):
            return line[len("loctool-tm: ") :]
    return ""


# --------------------------------------------------------------------------- imports


@dataclass(frozen=True)
class Imported:
    src: str
    tgt: str
    path: Path
    added: int
    skipped: int


def _tmx_lang(value: str | None) -> str:
    return (value or "").replace("-", "_").split("_")[0].lower()


class Pair(NamedTuple):
    """One translation read from an import file."""

    source: str
    target: str
    context: str | None = None  # msgctxt (PO only)


def read_tmx(path: Path, src: str | None) -> tuple[str, dict[str, list[Pair]]]:
    """(source language, {target language: [pairs]}) from a TMX 1.4 file."""
    import xml.etree.ElementTree as ET

    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise MemoryFileError(f"not a TMX file: {exc}", path) from None
    if root.tag != "tmx":
        raise MemoryFileError(f"not a TMX file (root element <{root.tag}>)", path)
    header = root.find("header")
    declared = _tmx_lang(header.get("srclang") if header is not None else None)
    source = src or (declared if declared and declared != "*all*" else "")
    if not source:
        raise MemoryFileError("the TMX header has no srclang; pass --source-lang", path)
    pairs: dict[str, list[Pair]] = {}
    body = root.find("body")
    for tu in body.iter("tu") if body is not None else ():
        segs: dict[str, str] = {}
        for tuv in tu.findall("tuv"):
            lang = _tmx_lang(tuv.get(xml_lang) or tuv.get("lang"))
            seg = tuv.find("seg")
            if lang and seg is not None:
                segs.setdefault(lang, normalize_ws("".join(seg.itertext())))
        if segs.get(source):
            for lang, text in segs.items():
                if lang != source and text:
                    pairs.setdefault(lang, []).append(Pair(segs[source], text))
    return source, pairs


def read_po(path: Path, src: str | None) -> tuple[str, dict[str, list[Pair]]]:
    po = catalog.load(path)
    source = src or catalog.source_language(po)
    target = po.metadata.get(catalog.LANGUAGE, "")
    if not source:
        raise MemoryFileError(f"no {catalog.SOURCE_LANGUAGE} header; pass --source-lang", path)
    if not target:
        raise MemoryFileError("no Language header: which language is this?", path)
    pairs = [Pair(e.msgid, e.msgstr, e.msgctxt) for e in po if _learnable(e)]
    return source, {_tmx_lang(target): pairs}


def import_file(
    project: Project, path: Path, src: str | None = None, only: list[str] | None = None
) -> list[Imported]:
    """Add the translations of a PO or TMX file to the project's memory files."""
    if path.is_dir():
        raise MemoryFileError("is a directory; give a .po or .tmx file", path)
    if not path.is_file():
        raise MemoryFileError("no such file", path)
    if src is not None:
        langs.validate(src, "--source-lang")
    reader = read_tmx if path.suffix.lower() == ".tmx" else read_po
    if path.suffix.lower() not in (".tmx", ".po"):
        raise MemoryFileError("expected a .po or .tmx file", path)
    source, pairs = reader(path, src)
    source = langs.validate(source, str(path))
    plans = []
    for tgt, units in sorted(pairs.items()):
        if only is not None and tgt not in only:
            continue
        tgt = langs.validate(tgt, str(path))
        plans.append((tgt, units))
    if not plans:
        raise MemoryFileError("no translations to import", path)
    targets = [project.memory_path(source, tgt) for tgt, _ in plans]
    with contextlib.ExitStack() as stack:
        for target in sorted(targets):
            stack.enter_context(catalog.locked(target))
        # every memory file is read (and checked) before the first one is written
        merged = [
            _merge_into(target, source, tgt, units, path.name)
            for target, (tgt, units) in zip(targets, plans, strict=True)
        ]
        for po, old_text, result in merged:
            catalog.save(po, result.path, old_text)
    return [result for _, _, result in merged]


def _merge_into(
    target: Path, src: str, tgt: str, units: list[Pair], name: str
) -> tuple[Catalog, str | None, Imported]:
    old_text = catalog.read_text(target) if target.exists() else None
    po = catalog.loads(old_text, target) if old_text is not None else _new_memory(src, tgt)
    known: set[Key] = {e.key for e in po}
    added = skipped = 0
    for source, translation, context in units:
        source, translation = normalize_ws(source), normalize_ws(translation)
        if not source or not translation or (context, source) in known:
            skipped += 1
            continue
        known.add((context, source))
        po.append(
            Message(source, translation, msgctxt=context, comment=f"loctool-tm: import of {name}")
        )
        added += 1
    return po, old_text, Imported(src, tgt, target, added, skipped)


def _new_memory(src: str, tgt: str) -> Catalog:
    return Catalog(
        header=f"loctool translation memory, {src} → {tgt}.",
        metadata={
            "Project-Id-Version": f"memory {src}-{tgt}",
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            catalog.LANGUAGE: tgt,
            catalog.PLURAL_FORMS: langs.plural_forms(tgt),
            catalog.SOURCE_LANGUAGE: src,
        },
    )
