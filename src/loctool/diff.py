"""The three diff views and the word-level diff they share.

* :func:`source_changes` — units whose source changed since they were translated
  (``#| msgid``), previous → current source, word by word; and units translated from
  the memory for a similar source (``#| msgid`` is the memory's source);
* :func:`post_edits` — machine text → the translation a human accepted;
* :func:`rev_changes` — a catalog against the same file at a git revision, entry by
  entry (added, removed, source, translation, state and comment changes), not line by
  line.

Each view carries the translator comments (``# …``) of the units it shows.

No printing: every view returns data; :mod:`loctool.views` turns it into lines.
"""

from __future__ import annotations

import difflib
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from . import catalog, files
from .errors import CatalogError, NotUtf8, UsageError
from .messages import Catalog, Key, Message
from .model import Provenance, State, normalize_ws
from .project import CatalogRef, Project

OpKind = Literal["equal", "delete", "insert"]

# A number keeps its separators (1.630, 2,5) and a word its inner apostrophes (Turkish
# suffixes: Duşanbe’deki, 2024’ün), so each changes as a whole.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*(?:['’]\w+)*|\w+(?:['’]\w+)*|\s+|[^\w\s]")
_WORDISH = re.compile(r"\w")


# --------------------------------------------------------------------------- word diff


@dataclass(frozen=True)
class Op:
    kind: OpKind
    text: str


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[Op]:
    """Word-level diff of two texts: words, whitespace runs and single punctuation marks
    are the tokens.  A replacement is a deletion followed by an insertion; a little
    whitespace or punctuation left alone between two changes is folded into them, so
    ``a b c → x y z`` reads as one change instead of three."""
    a, b = _tokens(old), _tokens(new)
    ops: list[Op] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(Op("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            ops.append(Op("delete", "".join(a[i1:i2])))
        if j2 > j1:
            ops.append(Op("insert", "".join(b[j1:j2])))
    return _coalesce(_fold_whitespace(ops))


def _fold_whitespace(ops: list[Op]) -> list[Op]:
    out: list[Op] = []
    for i, op in enumerate(ops):
        between = 0 < i < len(ops) - 1 and "equal" not in (ops[i - 1].kind, ops[i + 1].kind)
        glue = len(op.text) <= 3 and not _WORDISH.search(op.text)
        if op.kind == "equal" and between and glue:
            out += [Op("delete", op.text), Op("insert", op.text)]
        else:
            out.append(op)
    return out


def _coalesce(ops: list[Op]) -> list[Op]:
    """Group each run of changes as all deletions, then all insertions."""
    out: list[Op] = []
    run_del: list[str] = []
    run_ins: list[str] = []

    def flush() -> None:
        if run_del:
            out.append(Op("delete", "".join(run_del)))
        if run_ins:
            out.append(Op("insert", "".join(run_ins)))
        run_del.clear()
        run_ins.clear()

    for op in ops:
        if op.kind == "equal":
            flush()
            if op.text:
                out.append(op)
        elif op.kind == "delete":
            run_del.append(op.text)
        else:
            run_ins.append(op.text)
    flush()
    return out


def distance(machine: str, final: str) -> float:
    """Normalized character edit distance (0 = unchanged, 1 = nothing in common)."""
    from rapidfuzz.distance import Levenshtein

    return float(Levenshtein.normalized_distance(normalize_ws(machine), normalize_ws(final)))


# --------------------------------------------------------------------------- catalogs


def translation(entry: Message) -> str:
    """The translation as one text: ``msgstr``, or every plural form as ``[0] … [1] …``
    (plural entries come with foreign catalogs)."""
    if not entry.msgid_plural:
        return entry.msgstr
    forms = entry.msgstr_plural
    return "  ".join(f"[{n}] {forms[n]}" for n in sorted(forms))


def note(entry: Message) -> str:
    """The translator comments of an entry, one per line ("" when it has none)."""
    return "\n".join(catalog.translator_comments(entry))


def first_line(entry: Message) -> str:
    """Where the entry's first unit starts: ``"5"``, or ``"5:150"`` (line 5, column 150)
    where several units share the line (see :func:`catalog.position`)."""
    return entry.occurrences[0][1] if entry.occurrences else ""


# --------------------------------------------------------------------------- --source


@dataclass(frozen=True)
class SourceChange:
    slug: str
    unit: int
    line: str
    previous: str
    current: str
    ops: list[Op]
    translations: dict[str, str]  # lang → the (stale) translation kept in that catalog
    # A similar translation from the memory (``previous`` is the memory's source, not an
    # earlier source of this article): how similar, e.g. "87%"; None for a real change.
    memory: str | None = None
    notes: dict[str, str] = field(default_factory=dict)  # lang → translator comments


def source_changes(refs: list[CatalogRef]) -> list[SourceChange]:
    """Changed units (fuzzy with ``#| msgid``), grouped across languages: the source of
    an article is the same for every language, so each change is listed once with the
    translation each catalog still holds.  A similar translation from the memory is
    listed against the memory's source, marked as such (``memory``)."""
    found: dict[tuple[str, str, str, str | None], SourceChange] = {}
    for ref in refs:
        po = catalog.load(ref.path)
        for n, entry in enumerate(po.active(), 1):
            if entry.state is not State.CHANGED or entry.previous_msgid is None:
                continue
            memory = catalog.memory_match(entry)
            key = (ref.slug, entry.previous_msgid, entry.msgid, memory)
            change = found.get(key)
            if change is None:
                change = SourceChange(
                    slug=ref.slug,
                    unit=n,
                    line=first_line(entry),
                    previous=entry.previous_msgid,
                    current=entry.msgid,
                    ops=word_diff(entry.previous_msgid, entry.msgid),
                    translations={},
                    memory=memory,
                )
                found[key] = change
            change.translations[ref.lang] = translation(entry)
            if entry.tcomment:
                change.notes[ref.lang] = note(entry)
    return sorted(found.values(), key=lambda c: (c.slug, c.unit))


# --------------------------------------------------------------------------- --mt


@dataclass(frozen=True)
class PostEdit:
    unit: int
    msgid: str
    machine: str
    final: str
    provenance: Provenance
    distance: float
    ops: list[Op]
    override: catalog.Override | None = None  # accepted over QA errors
    note: str = ""  # translator comments

    @property
    def edited(self) -> bool:
        return self.distance > 0


@dataclass(frozen=True)
class PostEditReport:
    ref: CatalogRef
    units: list[PostEdit]

    @property
    def edited(self) -> list[PostEdit]:
        return [u for u in self.units if u.edited]

    @property
    def mean_distance(self) -> float | None:
        return sum(u.distance for u in self.units) / len(self.units) if self.units else None


def post_edits_of(po: Catalog) -> list[PostEdit]:
    """Reviewed units with a machine origin: the machine text and what a human kept."""
    found = []
    for n, entry in enumerate(po.active(), 1):
        prov = catalog.provenance(entry)
        if prov is None or not prov.text or entry.state is not State.REVIEWED:
            continue
        found.append(
            PostEdit(
                unit=n,
                msgid=entry.msgid,
                machine=prov.text,
                final=entry.msgstr,
                provenance=prov,
                distance=distance(prov.text, entry.msgstr),
                ops=word_diff(prov.text, normalize_ws(entry.msgstr)),
                override=catalog.qa_override(entry),
                note=note(entry),
            )
        )
    return found


def post_edits(refs: list[CatalogRef]) -> list[PostEditReport]:
    return [PostEditReport(ref, post_edits_of(catalog.load(ref.path))) for ref in refs]


# --------------------------------------------------------------------------- --rev


ChangeKind = Literal["added", "removed", "modified"]


@dataclass(frozen=True)
class EntryChange:
    kind: ChangeKind
    unit: int | None  # number in the current catalog (None when removed)
    old_unit: int | None  # number at the revision (None when added)
    msgid: str
    old_msgid: str | None
    state: State | None
    old_state: State | None
    msgstr: str
    old_msgstr: str
    override: catalog.Override | None = None  # accepted over QA errors (now)
    old_override: catalog.Override | None = None
    note: str = ""  # translator comments (now)
    old_note: str = ""

    @property
    def override_changed(self) -> bool:
        return self.override != self.old_override

    @property
    def note_changed(self) -> bool:
        return self.kind == "modified" and self.note != self.old_note

    @property
    def source_changed(self) -> bool:
        return self.kind == "modified" and self.old_msgid != self.msgid

    @property
    def text_changed(self) -> bool:
        return self.kind == "modified" and self.old_msgstr != self.msgstr

    @property
    def state_changed(self) -> bool:
        return self.kind == "modified" and self.old_state != self.state


@dataclass(frozen=True)
class RevDiff:
    ref: CatalogRef
    rev: str
    status: Literal["added", "removed", "modified", "unchanged"]
    changes: list[EntryChange]

    def count(self, what: str) -> int:
        if what in ("added", "removed"):
            return sum(c.kind == what for c in self.changes)
        return sum(bool(getattr(c, what)) for c in self.changes)


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("git is not installed; --rev needs it") from None


def _check_rev(root: Path, rev: str) -> None:
    if rev.startswith("-"):
        raise UsageError(f"not a revision: {rev!r}", "--rev")
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != b"true":
        raise UsageError("the project is not in a git repository", "--rev")
    found = _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if found.returncode != 0:
        raise UsageError(f"unknown revision {rev!r}", "--rev")


def _at_rev(root: Path, rev: str, rel: str) -> Catalog | None:
    where = f"{rev}:{rel}"
    blob = _git(root, "rev-parse", "--verify", "--quiet", f"{rev}:./{rel}")
    if blob.returncode != 0:
        return None
    data = _git(root, "cat-file", "blob", blob.stdout.decode().strip())
    if data.returncode != 0:
        raise CatalogError(data.stderr.decode(errors="replace").strip() or "cannot read", where)
    try:
        text = files.decode_utf8(data.stdout)
    except NotUtf8 as bad:
        raise CatalogError("not valid UTF-8", where, bad.line) from None
    return catalog.loads(text, where)


def _catalogs_at_rev(project: Project, rev: str) -> dict[str, CatalogRef]:
    """The catalogs that existed at ``rev``, by project-relative path."""
    locales = project.rel(project.locales_dir)
    listed = _git(project.root, "ls-tree", "-r", "--name-only", rev, "--", f"./{locales}")
    if listed.returncode != 0:
        return {}
    found = {}
    for line in listed.stdout.decode(errors="replace").splitlines():
        ref = project.catalog_at(line)
        if ref is not None:
            found[line] = ref
    return found


def slugs_at_rev(project: Project, rev: str) -> set[str]:
    """The articles that had a catalog at git revision ``rev`` (checked first)."""
    _check_rev(project.root, rev)
    return {ref.slug for ref in _catalogs_at_rev(project, rev).values()}


def rev_changes(
    project: Project, rev: str, only_langs: list[str] | None = None, slug: str | None = None
) -> list[RevDiff]:
    """Compare every catalog (filtered) with the same file at git revision ``rev``."""
    _check_rev(project.root, rev)
    refs = {project.rel(r.path): r for r in project.catalogs(only_langs, slug)}
    for rel, old_ref in _catalogs_at_rev(project, rev).items():
        if rel in refs or (only_langs is not None and old_ref.lang not in only_langs):
            continue
        if slug is None or old_ref.slug == slug:
            refs[rel] = old_ref
    diffs = []
    for rel, ref in sorted(refs.items(), key=lambda kv: (kv[1].slug, kv[1].lang)):
        old = _at_rev(project.root, rev, rel)
        new = catalog.load(ref.path) if ref.path.exists() else None
        diffs.append(compare(ref, rev, old, new))
    return diffs


def compare(
    ref: CatalogRef, rev: str, old: Catalog | None, new: Catalog | None
) -> RevDiff:
    """Entry-aware comparison of two versions of one catalog."""
    old_entries = old.active() if old is not None else []
    new_entries = new.active() if new is not None else []
    old_pos: dict[Key, int] = {e.key: n for n, e in enumerate(old_entries, 1)}
    old_by_key: dict[Key, Message] = {e.key: e for e in old_entries}
    new_keys: set[Key] = {e.key for e in new_entries}
    gone: dict[Key, Message] = {
        k: e for k, e in old_by_key.items() if k not in new_keys
    }

    changes: list[EntryChange] = []
    fresh: list[tuple[int, Message]] = []
    for n, entry in enumerate(new_entries, 1):
        key = entry.key
        before = old_by_key.get(key)
        if before is None:
            fresh.append((n, entry))
            continue
        change = _modified(n, old_pos[key], before, entry)
        if change is not None:
            changes.append(change)

    # A new msgid may be an old unit whose source changed: pair through ``#| msgid``,
    # then by similarity (msgmerge's rule), so an edit is not shown as remove + add.
    for n, entry in fresh:
        before = _partner(entry, gone)
        if before is None:
            changes.append(_added(n, entry))
            continue
        key = before.key
        del gone[key]
        change = _modified(n, old_pos[key], before, entry)
        assert change is not None
        changes.append(change)
    for key, before in gone.items():
        changes.append(
            EntryChange(
                kind="removed",
                unit=None,
                old_unit=old_pos[key],
                msgid=before.msgid,
                old_msgid=before.msgid,
                state=None,
                old_state=before.state,
                msgstr="",
                old_msgstr=translation(before),
                old_note=note(before),
            )
        )
    changes.sort(key=lambda c: c.unit if c.unit is not None else (c.old_unit or 0) - 0.5)
    status: Literal["added", "removed", "modified", "unchanged"]
    if old is None:
        status = "added" if new is not None else "unchanged"
    elif new is None:
        status = "removed"
    else:
        status = "modified" if changes else "unchanged"
    return RevDiff(ref, rev, status, changes)


def _partner(entry: Message, gone: dict[Key, Message]) -> Message | None:
    if not gone:
        return None
    previous = entry.previous_key
    match = gone.get(previous) if previous is not None else None
    if match is not None:
        return match
    candidates = [e for e in gone.values() if e.msgctxt == entry.msgctxt]
    return catalog.most_similar(entry.msgid, candidates)


def _added(n: int, entry: Message) -> EntryChange:
    return EntryChange(
        kind="added",
        unit=n,
        old_unit=None,
        msgid=entry.msgid,
        old_msgid=None,
        state=entry.state,
        old_state=None,
        msgstr=translation(entry),
        old_msgstr="",
        override=catalog.qa_override(entry),
        note=note(entry),
    )


def _modified(
    n: int, old_n: int, before: Message, entry: Message
) -> EntryChange | None:
    old_state, new_state = before.state, entry.state
    old_text, new_text = translation(before), translation(entry)
    old_override, new_override = catalog.qa_override(before), catalog.qa_override(entry)
    old_note, new_note = note(before), note(entry)
    same = (old_text, old_state, old_override, old_note) == (
        new_text,
        new_state,
        new_override,
        new_note,
    )
    if before.msgid == entry.msgid and same:
        return None
    return EntryChange(
        kind="modified",
        unit=n,
        old_unit=old_n,
        msgid=entry.msgid,
        old_msgid=before.msgid,
        state=new_state,
        old_state=old_state,
        msgstr=new_text,
        old_msgstr=old_text,
        override=new_override,
        old_override=old_override,
        note=new_note,
        old_note=old_note,
    )
