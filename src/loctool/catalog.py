"""Gettext catalogs: load, template from an article, merge, save; entry states.

The one module that knows PO details: what an entry's key is, the header names loctool
reads (:data:`SOURCE_LANGUAGE` …), what loctool writes into extracted comments
(provenance, QA notes, overrides) and the similarity rule of a merge.  Reading goes
through the strict parser in :mod:`loctool.poformat` into the one model of
:mod:`loctool.messages` (every command reads catalogs through :func:`load` /
:func:`loads`), writing through its pure generator; ``.mo`` images through
:mod:`loctool.mo`.  Files are replaced atomically (:func:`loctool.files.write_atomic`)
under a per-file lock (:func:`locked`).

Entry states (:class:`loctool.model.State`, :attr:`loctool.messages.Message.state`):

* untranslated — empty msgstr;
* machine — fuzzy, made by an engine or the memory (provenance in ``#. loctool-…``);
* changed — fuzzy with ``#| msgid``: the source changed since it was translated, or
  (``#. loctool-memory-match``, :func:`is_memory_match`) the translation was made from
  the memory for the similar source in ``#| msgid``;
* reviewed — not fuzzy: a human accepted it.  Nothing but a human changes it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from . import __version__, files, langs, mo, poformat
from .errors import CatalogError, LoctoolError, NotUtf8
from .messages import Catalog, Message
from .model import Article, Provenance, State, Unit

ORIGIN = "loctool-origin: "
MT_TEXT = "loctool-mt: "
MT_RAW = "loctool-mt-raw: "  # the engine's output with placeholders, when it differs
QA_NOTE = "loctool-qa: "
QA_OVERRIDE = "loctool-qa-override: "
OLD_TEXT = "loctool-previous: "
# A translation from the memory made for a *similar* source (the one in ``#| msgid``),
# not a change of this article's source: ``#. loctool-memory-match: 87%``.
MEMORY_MATCH = "loctool-memory-match: "
OURS = "loctool-"

DEFAULT_DATE = "YEAR-MO-DA HO:MI+ZONE"
DEFAULT_TRANSLATOR = "FULL NAME <EMAIL@ADDRESS>"
FUZZY_THRESHOLD = 60.0  # msgmerge's fstrcmp bound is 0.6

# Header fields other modules read or set: by these names, never by their own strings
SOURCE_LANGUAGE = "X-Source-Language"
LANGUAGE = "Language"
PLURAL_FORMS = "Plural-Forms"
LAST_TRANSLATOR = "Last-Translator"
CREATED = "POT-Creation-Date"


def source_language(po: Catalog) -> str:
    """The language a catalog's msgids are in, as its header says ("" when it does not)."""
    return po.metadata.get(SOURCE_LANGUAGE, "").strip()


def plural_forms(po: Catalog) -> str:
    return po.metadata.get(PLURAL_FORMS, "")


def now_stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")


# --------------------------------------------------------------------------- reading


def read_text(path: Path) -> str:
    """Decode a catalog file; non-UTF-8 bytes are reported with their line."""
    data = files.read_bytes(path, path, CatalogError, "a catalog")
    if not data.removeprefix(files.BOM).strip():  # truncated, not a catalog with no entries
        raise CatalogError("is empty; restore it (e.g. from git) or delete it", path)
    if b"\x00" in data:
        raise CatalogError("is a binary file, not a PO catalog", path)
    try:
        return files.decode_utf8(data)
    except NotUtf8 as bad:
        raise CatalogError(_not_utf8(data, bad.offset), path, bad.line) from None


_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")


def _not_utf8(data: bytes, at: int) -> str:
    """The message for a catalog that is not UTF-8, with the way to convert it."""
    found = _CHARSET.search(data)
    charset = found.group(1).decode("ascii") if found else ""
    byte = f"byte 0x{data[at]:02x}"
    if charset.upper().replace("_", "-") in ("UTF-8", "UTF8"):
        return (
            f"not valid UTF-8 ({byte}) although the header says charset={charset}; if the "
            "file is in another encoding, say so in the header and convert it (msgconv "
            "--to-code=UTF-8)"
        )
    if charset and charset.upper() != "CHARSET":
        return (
            f"not valid UTF-8 ({byte}; the header says charset={charset}); convert the "
            "file to UTF-8 (msgconv --to-code=UTF-8)"
        )
    return (
        f"not valid UTF-8 ({byte}); set the charset of the header to the file's encoding "
        "(e.g. charset=ISO-8859-1), then convert it to UTF-8 (msgconv --to-code=UTF-8)"
    )


def loads(text: str, path: str | Path = "<string>") -> Catalog:
    """Parse PO/POT text strictly; :class:`CatalogError` carries path and line."""
    return poformat.parse(text, str(path))


def load(path: Path) -> Catalog:
    """Read and parse a PO/POT file strictly: the one way every command reads one."""
    return loads(read_text(path), path)


def dumps(po: Catalog) -> str:
    return poformat.render(po)


# --------------------------------------------------------------------------- writing


def _lock_path(path: Path) -> Path:
    base = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    folder = Path(base) / f"loctool-locks-{os.getuid()}"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:20]
    return folder / f"{digest}.lock"


@contextlib.contextmanager
def locked(path: Path, timeout: float = 60.0) -> Iterator[None]:
    """Hold the lock of one catalog (read-modify-write must happen inside)."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(_lock_path(path)), timeout=timeout)
    try:
        with lock:
            yield
    except Timeout:
        raise CatalogError("is locked by another loctool process", path) from None


def save(po: Catalog, path: Path, old_text: str | None = None) -> bool:
    """Write ``po`` to ``path`` unless the file already holds exactly that text."""
    text = dumps(po)
    if old_text is None and path.exists():
        with contextlib.suppress(LoctoolError, UnicodeDecodeError):
            old_text = files.read_bytes(path, path, CatalogError, "a catalog").decode("utf-8")
    if text == old_text:
        return False
    files.write_atomic(path, text.encode("utf-8"))
    return True


def mo_bytes(po: Catalog, keep: Callable[[Message], bool] | None = None) -> bytes:
    """The .mo image of a catalog, as msgfmt writes it (:mod:`loctool.mo`): the header
    and every reviewed (non-fuzzy, translated, not obsolete) entry ``keep`` accepts.
    Like msgfmt, the header leaves out POT-Creation-Date, so re-extracting alone never
    changes a .mo."""
    header = "".join(f"{k}: {v}\n" for k, v in po.metadata.items() if k != CREATED)
    pairs = [(b"", header.encode("utf-8"))]
    for entry in po:
        if not compiled(entry) or (keep is not None and not keep(entry)):
            continue
        forms = (
            [entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural)]
            if entry.msgid_plural
            else [entry.msgstr]
        )
        key = mo.original(entry.msgid, entry.msgctxt, entry.msgid_plural)
        pairs.append((key, mo.translation(forms)))
    return mo.image(pairs)


def compiled(entry: Message) -> bool:
    """Whether msgfmt compiles an entry (counts it translated): not obsolete, not fuzzy,
    a translation in msgstr or any plural form, and a msgid or context."""
    if entry.obsolete or entry.fuzzy or not (entry.msgid or entry.msgctxt):
        return False
    return entry.translated


def compile_mo(po: Catalog, path: Path) -> None:
    """Compile reviewed (non-fuzzy) translations into a .mo file, atomically."""
    files.write_atomic(path, mo_bytes(po))


# --------------------------------------------------------------------------- building


def _metadata(slug: str, source_lang: str, created: str) -> dict[str, str]:
    return {
        "Project-Id-Version": slug,
        "Report-Msgid-Bugs-To": "",
        CREATED: created,
        "PO-Revision-Date": DEFAULT_DATE,
        "Last-Translator": DEFAULT_TRANSLATOR,
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"loctool {__version__}",
        SOURCE_LANGUAGE: source_lang,
    }


HEADER_ORDER = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Plural-Forms",
)


def _ordered(metadata: dict[str, str]) -> dict[str, str]:
    """GNU's header order, then any other fields in their given order."""
    known = {k: metadata[k] for k in HEADER_ORDER if k in metadata}
    return known | {k: v for k, v in metadata.items() if k not in known}


def template(article: Article, ref: str, source_lang: str, created: str) -> Catalog:
    """The POT of an article: one entry per distinct unit, references ``path:line`` (see
    :func:`position`)."""
    po = Catalog(
        header=f"Template for {article.slug}, extracted from {ref} by loctool.",
        metadata=_metadata(article.slug, source_lang, created),
    )
    by_msgid: dict[str, Message] = {}
    units = article.translatable_units()
    shared = {line for line, n in Counter(u.line for u in units).items() if n > 1}
    for unit in units:
        msgid = unit.msgid
        entry = by_msgid.get(msgid)
        if entry is None:
            entry = Message(msgid)
            by_msgid[msgid] = entry
            po.append(entry)
        entry.occurrences.append((ref, position(article.text, unit, unit.line in shared)))
        notes = entry.comment.split("\n") if entry.comment else []
        if unit.note and unit.note not in notes:
            entry.comment = "\n".join([*notes, unit.note])
    return po


def position(text: str, unit: Unit, column: bool) -> str:
    """Where a unit starts, for its ``#:`` reference: the line, and where several units
    start on that line (a one-line article, inline HTML) also the column, 1-based in
    characters: ``path:line:column``, the form compilers print and editors jump to.
    GNU tools keep the text as it is (msgcat, msgmerge) and msgfmt accepts it."""
    if not column:
        return str(unit.line)
    return f"{unit.line}:{unit.start - text.rfind(chr(10), 0, unit.start)}"


def _our_comments(entry: Message) -> list[str]:
    return [c for c in entry.comment.split("\n") if c.startswith(OURS)] if entry.comment else []


def _with_template_comments(tpl: Message, old: Message | None) -> str:
    lines = [c for c in tpl.comment.split("\n") if c] if tpl.comment else []
    if old is not None:
        lines += _our_comments(old)
    return "\n".join(lines)


def _placed(entry: Message, tpl: Message) -> Message:
    """A copy of ``entry`` where the template entry ``tpl`` stands: active, with the
    template's references and extracted comments (and loctool's own comments kept)."""
    placed = entry.copy()
    placed.obsolete = False
    placed.occurrences = list(tpl.occurrences)
    placed.comment = _with_template_comments(tpl, entry)
    return placed


def merge(tpl: Catalog, old: Catalog | None, lang: str, header: dict[str, str]) -> Catalog:
    """msgmerge semantics: exact matches keep everything but references; a new msgid
    similar to an old translated one becomes fuzzy with ``#| msgid`` and the old
    msgstr; unused translated entries become obsolete; new ones are untranslated.
    Reviewed entries whose msgid is unchanged come through untouched."""
    if old is None:
        slug = tpl.metadata.get("Project-Id-Version", "")
        po = Catalog(
            header=f"{langs.english_name(lang)} translation of {slug}.",
            metadata=_ordered({**tpl.metadata, **header}),
        )
        old_entries: list[Message] = []
    else:
        po = Catalog(
            header=old.header, metadata=dict(old.metadata), header_flags=list(old.header_flags)
        )
        for key in (CREATED, SOURCE_LANGUAGE):
            if key in tpl.metadata:
                po.metadata[key] = tpl.metadata[key]
        for key, value in header.items():
            po.metadata.setdefault(key, value)
        old_entries = old.entries

    active = {e.key: e for e in old_entries if not e.obsolete}
    retired = {e.key: e for e in old_entries if e.obsolete}
    used: set[int] = set()
    merged: list[Message | None] = []
    unmatched: list[tuple[int, Message]] = []
    for tpl_entry in tpl:
        match = active.get(tpl_entry.key) or retired.get(tpl_entry.key)
        if match is None:
            unmatched.append((len(merged), tpl_entry))
            merged.append(None)
            continue
        used.add(id(match))
        merged.append(_placed(match, tpl_entry))

    if unmatched:
        candidates = [e for e in old_entries if id(e) not in used and e.msgid and e.translated]
        for index, tpl_entry in unmatched:
            similar = most_similar(tpl_entry.msgid, candidates)
            if similar is None:
                fresh = tpl_entry.copy()
                fresh.msgstr = ""
                merged[index] = fresh
                continue
            used.add(id(similar))
            keep_previous = similar.fuzzy and similar.previous_msgid is not None
            fuzzy = _placed(similar, tpl_entry)
            fuzzy.msgid, fuzzy.msgctxt = tpl_entry.msgid, tpl_entry.msgctxt
            fuzzy.flags = ["fuzzy"] + [f for f in similar.flags if f != "fuzzy"]
            if not keep_previous:
                fuzzy.previous_msgid, fuzzy.previous_msgctxt = similar.msgid, similar.msgctxt
            merged[index] = fuzzy

    po.extend(e for e in merged if e is not None)
    for entry in old_entries:
        if id(entry) in used:
            continue
        if entry.obsolete:
            po.append(entry)
        elif entry.translated:
            retired_entry = entry.copy()
            retired_entry.obsolete, retired_entry.occurrences = True, []
            po.append(retired_entry)
    return po


@dataclass(frozen=True)
class Changes:
    """What a new template changes against the previous one, in distinct units (entries),
    paired as :func:`merge` pairs them: like msgmerge's statistics, per article."""

    new: int = 0  # msgids not there before, and not an edit of one that went
    changed: int = 0  # edits of a previous msgid (a merge keeps the translation, fuzzy)
    removed: int = 0  # previous msgids that went (translations become obsolete)
    unchanged: int = 0

    @property
    def any(self) -> bool:
        return bool(self.new or self.changed or self.removed)


def changes(old: Catalog | None, new: Catalog) -> Changes:
    """Compare two templates of one article (``old`` None: the first extraction)."""
    if old is None:
        return Changes(new=len(new))
    before = old.by_key()
    now = {e.key for e in new}
    gone = [e for key, e in before.items() if key not in now]
    fresh = [e for e in new if e.key not in before]
    edited = 0
    for entry in fresh:
        similar = most_similar(entry.msgid, gone)
        if similar is not None:
            gone.remove(similar)
            edited += 1
    return Changes(len(fresh) - edited, edited, len(gone), len(new) - len(fresh))


def most_similar(msgid: str, candidates: Sequence[Message]) -> Message | None:
    """The candidate whose msgid is most like ``msgid`` (msgmerge's rule: a similarity of
    :data:`FUZZY_THRESHOLD` percent at least), or None."""
    if not candidates:
        return None
    from rapidfuzz import fuzz, process

    best = process.extractOne(
        msgid,
        [c.msgid for c in candidates],
        scorer=fuzz.ratio,
        score_cutoff=FUZZY_THRESHOLD,
    )
    return candidates[best[2]] if best else None


# --------------------------------------------------------------------------- entries


def _comment_value(entry: Message, prefix: str) -> str | None:
    for line in entry.comment.split("\n") if entry.comment else ():
        if line.startswith(prefix):
            return line[len(prefix) :]
    return None


def provenance(entry: Message) -> Provenance | None:
    """The machine origin of an entry (kept after a human edit), or None."""
    origin = _comment_value(entry, ORIGIN)
    if origin is None:
        return None
    fields = dict(part.strip().split("=", 1) for part in origin.split(";") if "=" in part)
    return Provenance(
        engine=fields.get("engine", ""),
        model=fields.get("model", ""),
        pivot=fields.get("pivot", ""),
        text=_comment_value(entry, MT_TEXT) or "",
        raw=_comment_value(entry, MT_RAW) or "",
        confidence=_confidence(fields.get("confidence")),
    )


def _confidence(value: str | None) -> float | None:
    """``confidence=0.873`` → 0.873; absent or not a number in [0, 1] → None."""
    try:
        number = float(value) if value is not None else None
    except ValueError:
        return None
    return number if number is not None and 0.0 <= number <= 1.0 else None


def previous_translation(entry: Message) -> str | None:
    """The human translation a machine draft replaced (``#. loctool-previous:``), if any."""
    return _comment_value(entry, OLD_TEXT)


def qa_notes(entry: Message) -> list[str]:
    if QA_NOTE not in entry.comment:  # most entries: no note, nothing to split
        return []
    return [c[len(QA_NOTE) :] for c in entry.comment.split("\n") if c.startswith(QA_NOTE)]


@dataclass(frozen=True)
class Override:
    """A reviewer's decision to accept a translation despite error-level QA findings:
    ``#. loctool-qa-override: numbers, script; by NAME <mail>; 2026-11-27 07:23+0000``.
    It covers those checks only, for the text it was made on."""

    checks: tuple[str, ...]
    by: str
    date: str

    def line(self) -> str:
        return f"{', '.join(self.checks)}; by {self.by}; {self.date}"


def qa_override(entry: Message) -> Override | None:
    """The override recorded on an entry, or None (also for a line that does not parse)."""
    value = _comment_value(entry, QA_OVERRIDE)
    if value is None or "; by " not in value:
        return None
    checks, _, rest = value.partition("; by ")
    by, _, date = rest.rpartition("; ")
    names = tuple(c.strip() for c in checks.split(",") if c.strip())
    return Override(names, by.strip(), date.strip()) if names and by.strip() else None


def set_qa_override(entry: Message, override: Override | None) -> None:
    """Record (or, with None, remove) the QA override of an entry."""
    ours = [c for c in _our_comments(entry) if not c.startswith(QA_OVERRIDE)]
    if override is not None:
        ours.append(QA_OVERRIDE + override.line())
    _set_our_comments(entry, ours)


def _set_our_comments(entry: Message, ours: list[str]) -> None:
    others = (
        [c for c in entry.comment.split("\n") if c and not c.startswith(OURS)]
        if entry.comment
        else []
    )
    entry.comment = "\n".join(others + ours)


def set_machine(entry: Message, text: str, prov: Provenance, qa: Sequence[str] = ()) -> None:
    """Fill an entry with a machine suggestion: fuzzy, provenance in extracted comments.
    Refuses (ValueError) to touch a reviewed entry."""
    current = entry.state
    if current is State.REVIEWED:
        raise ValueError("a reviewed entry is never overwritten by a machine")
    ours = []
    if current is State.CHANGED and entry.msgstr:
        ours.append(OLD_TEXT + " ".join(entry.msgstr.split()))
        match = _comment_value(entry, MEMORY_MATCH)
        if match is not None:  # the #| still holds the memory's source, not an old one
            ours.append(MEMORY_MATCH + match)
    fields = [f"engine={prov.engine}"]
    if prov.model:
        fields.append(f"model={prov.model}")
    if prov.pivot:
        fields.append(f"pivot={prov.pivot}")
    if prov.confidence is not None:
        fields.append(f"confidence={prov.confidence:.3f}")
    ours.append(ORIGIN + "; ".join(fields))
    ours.append(MT_TEXT + " ".join(text.split()))
    if prov.raw and prov.raw != text:
        ours.append(MT_RAW + " ".join(prov.raw.split()))
    ours.extend(QA_NOTE + note for note in qa)
    _set_our_comments(entry, ours)
    entry.msgstr = text
    entry.fuzzy = True


def set_similar(
    entry: Message, source: str, text: str, prov: Provenance, score: float | None = None
) -> None:
    """Fill an untranslated entry from a *similar* reviewed text (a fuzzy memory match,
    ``score`` its similarity in percent): state changed, ``#| msgid`` holding the text it
    was made for, so the translator sees the word diff, and a
    ``#. loctool-memory-match`` line that tells it from a change of the article's own
    source (:func:`is_memory_match`).  Refuses (ValueError) anything but an untranslated
    entry."""
    if entry.state is not State.UNTRANSLATED:
        raise ValueError("only untranslated entries take a similar translation")
    set_machine(entry, text, prov)
    entry.previous_msgid = source
    match = f"{score:.0f}%" if score is not None else "similar"
    _set_our_comments(entry, [*_our_comments(entry), MEMORY_MATCH + match])


def is_memory_match(entry: Message) -> bool:
    """Whether a changed entry holds a translation from the memory made for the similar
    source in ``#| msgid`` ("similar translation from memory"), rather than a translation
    of this article's own earlier source ("source changed since translation").  Accepting
    the entry ends it: a later source change is a real one."""
    return entry.state is State.CHANGED and _comment_value(entry, MEMORY_MATCH) is not None


def memory_match(entry: Message) -> str | None:
    """How similar the memory's source was (``"87%"``), for a memory match; else None."""
    return _comment_value(entry, MEMORY_MATCH) if is_memory_match(entry) else None


def accept(entry: Message, msgstr: str | None = None, override: Override | None = None) -> None:
    """Mark an entry reviewed (optionally with an edited translation), recording the QA
    override the decision needed (an earlier one is dropped: it was for another decision)."""
    if msgstr is not None:
        entry.msgstr = msgstr
    entry.fuzzy = False
    entry.clear_previous()
    drop = (QA_NOTE, OLD_TEXT, QA_OVERRIDE, MEMORY_MATCH)
    notes = [c for c in _our_comments(entry) if not c.startswith(drop)]
    if override is not None:
        notes.append(QA_OVERRIDE + override.line())
    _set_our_comments(entry, notes)


def translator_comments(entry: Message) -> list[str]:
    """The translator comments of an entry (``# …`` lines), one string per line."""
    return [line for line in entry.tcomment.split("\n") if line.strip()] if entry.tcomment else []


def add_translator_comment(entry: Message, text: str) -> str:
    """Add one ``# `` line to an entry's translator comments (after those it has) and
    return it: whitespace runs become one space and control characters go, so a comment
    stays one PO line."""
    line = " ".join("".join(ch for ch in text if ch.isprintable() or ch.isspace()).split())
    if not line:
        raise ValueError("an empty comment")
    entry.tcomment = f"{entry.tcomment}\n{line}" if entry.tcomment else line
    return line


def mark_reviewed_by(po: Catalog, reviewer: str) -> None:
    po.metadata[LAST_TRANSLATOR] = reviewer
    po.metadata["PO-Revision-Date"] = now_stamp()
