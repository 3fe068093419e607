"""Text views for review and diff: lines of styled spans, no printing.

A line is a list of ``(role, text)`` spans.  Roles: ``""`` plain, ``"del"`` / ``"ins"``
removed / added words, ``"head"`` a heading, ``"meta"`` secondary information,
``"label"`` the label in front of a text (a wrapped text hangs after it),
``"warn"`` a warning, ``"ok"`` a confirmation, ``"key"`` a key to press, ``"added"`` /
``"removed"`` a label for a whole added / removed unit.  The command line
paints them (colour on a terminal) or marks changes up as ``[-removed-]{+added+}``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from .catalog import Override
from .diff import EntryChange, Op, PostEditReport, RevDiff, SourceChange, word_diff
from .model import Issue, Provenance, State
from .review import Conflict, Item
from .reviewloop import KEYS

Span = tuple[str, str]
Line = list[Span]

LABEL = 9  # width of the labels in front of texts


def diff_spans(ops: Iterable[Op]) -> Line:
    roles = {"equal": "", "delete": "del", "insert": "ins"}
    return [(roles[op.kind], op.text) for op in ops]


def labelled(label: str, body: Line | str, role: str = "") -> Line:
    spans = [(role, body)] if isinstance(body, str) else body
    return [("label", f"  {label:<{LABEL}} "), *spans]


def origin(prov: Provenance) -> str:
    parts = [prov.engine or "machine"]
    if prov.model:
        parts.append(prov.model)
    if prov.pivot:
        parts.append(f"via {prov.pivot}")
    if prov.confidence is not None:
        parts.append(f"confidence {prov.confidence:.2f}")
    return " · ".join(parts)


def notes(label: str, note: str) -> list[Line]:
    """Translator comments, one line each, under one label."""
    return [
        labelled(label if n == 0 else "", line, "meta") for n, line in enumerate(note.splitlines())
    ]


def plain(line: Line) -> str:
    """A line as text with ``[-…-]{+…+}`` marks (what a pipe receives)."""
    marks = {"del": ("[-", "-]"), "ins": ("{+", "+}")}
    out = []
    for role, text in line:
        left, right = marks.get(role, ("", ""))
        out.append(f"{left}{text}{right}")
    return "".join(out)


# --------------------------------------------------------------------------- review


MEMORY_MATCH_TEXT = "similar translation from memory"
STATE_TEXT = {
    State.MACHINE: "machine draft",
    State.CHANGED: "source changed since translation",
    State.UNTRANSLATED: "untranslated",
    State.REVIEWED: "reviewed",
}


def card(item: Item, index: int, count: int, article: bool = False) -> list[Line]:
    """Everything a reviewer needs to decide on one unit (``article``: name it, in a
    review of several)."""
    where = f" · {item.references[0]}" if item.references else ""
    head: Line = [("head", f"unit {item.unit}/{item.total}"), ("meta", " · ")]
    if article:
        head += [("head", item.slug), ("meta", " · ")]
    state = STATE_TEXT[item.state]
    if item.memory_match is not None:
        state = f"{MEMORY_MATCH_TEXT} ({item.memory_match} similar source)"
    head += [
        ("warn" if item.state is State.CHANGED else "meta", state),
        ("meta", f"{where} · {index} of {count} to review"),
    ]
    lines: list[Line] = [[], head]
    if item.previous_msgid is not None:
        # a memory match: the word diff runs from the memory's source to this unit's
        label = "memory" if item.memory_match is not None else "source"
        lines.append(labelled(label, diff_spans(word_diff(item.previous_msgid, item.msgid))))
    else:
        lines.append(labelled("source", item.msgid))
    human = item.human_before
    if human is not None and human != item.msgstr:
        lines.append(labelled("previous", human, "meta"))
    elif item.previous_translation:
        lines.append(labelled("previous", item.previous_translation, "meta"))
    if item.msgstr:
        lines.append(labelled("current", item.msgstr))
    else:
        lines.append(labelled("current", "(no translation yet)", "meta"))
    prov = item.provenance
    if prov is not None:
        if prov.text and prov.text != " ".join(item.msgstr.split()):
            lines.append(labelled("machine", prov.text))
        if prov.raw:  # what the engine returned, placeholders still in it
            lines.append(labelled("raw", prov.raw, "meta"))
        lines.append(labelled("origin", origin(prov), "meta"))
    if human is not None and item.draft != item.msgstr:
        lines.append(labelled("", "e starts from the previous translation", "meta"))
    lines.extend(notes("comment", item.note))
    lines.extend(labelled("glossary", term, "meta") for term in item.terms)
    for match in item.similar:
        lines.append(labelled("memory", f"{match.score:.0f}% · {match.origin}", "meta"))
        lines.append(labelled("", diff_spans(word_diff(match.source, item.msgid))))
        lines.append(labelled("", match.target))
    if item.override is not None:
        lines.append(labelled("override", override_text(item.override), "meta"))
    if item.findings:
        lines.extend(labelled("qa", finding_text(i), "warn") for i in item.findings)
    else:
        lines.extend(labelled("qa", f"⚠ {note}", "warn") for note in item.qa)
    if item.state is State.REVIEWED and item.errors and item.passes:
        lines.append(labelled("", "the recorded override covers these errors", "meta"))
    elif item.errors and item.state is not State.UNTRANSLATED:
        lines.append(
            labelled("", "a will not accept this: press A to accept despite the errors", "meta")
        )
    return lines


def conflict_lines(conflict: Conflict) -> list[Line]:
    """Another process changed a unit while the reviewer typed: theirs against mine."""
    fresh = conflict.fresh
    lines: list[Line] = [
        [("warn", f"  not saved yet: {conflict.reason} while you were deciding")],
    ]
    if fresh is not None and fresh.msgid != conflict.shown.msgid:
        lines.append(labelled("source", diff_spans(word_diff(conflict.shown.msgid, fresh.msgid))))
    if fresh is not None:
        theirs = fresh.msgstr or "(no translation)"
        lines.append(labelled("theirs", theirs, "" if fresh.msgstr else "meta"))
        lines.append(labelled("", f"{STATE_TEXT[fresh.state]} · unit {fresh.unit}", "meta"))
    if conflict.mine is not None:
        lines.append(labelled("mine", conflict.mine))
    return lines


def finding_text(issue: Issue) -> str:
    """``✖ error: numbers: …`` or ``⚠ warning: punctuation: …``."""
    mark = "✖" if issue.level == "error" else "⚠"
    return f"{mark} {issue.level}: {issue.check}: {issue.message}"


def override_text(override: Override) -> str:
    """``numbers, script · by NAME · DATE``: who accepted what despite QA errors."""
    return f"{', '.join(override.checks)} · by {override.by} · {override.date}"


def choices_line(choices: Iterable[tuple[str, str]]) -> Line:
    """``[a]ccept [e]dit … > ``: keys to press, each with the rest of its word."""
    keys: Line = []
    for key, word in choices:
        keys += [("meta", "["), ("key", key), ("meta", f"]{word} ")]
    return [*keys, ("", "> ")]


def prompt(item: Item, back: bool = True) -> Line:
    """The keys offered on a card (``back``: there is a unit before this one)."""
    offered = []
    for key, word in (
        ("a", "ccept"),
        ("A", "ccept despite errors"),
        ("e", "dit"),
        ("s", "kip"),
        ("p", "rev"),
        ("g", "o"),
        ("/", "find"),
        ("c", "omment"),
        ("q", "uit"),
        ("?", "help"),
    ):
        if key in "aA" and item.state is State.UNTRANSLATED:
            continue
        if key == "A" and (not item.errors or (item.state is State.REVIEWED and item.passes)):
            continue
        if key == "p" and not back:
            continue
        offered.append((key, word))
    return choices_line(offered)


def help_lines() -> list[Line]:
    width = max(len(key) for key, _ in KEYS)
    return [[("key", f"  {key:<{width}}"), ("", f"  {text}")] for key, text in KEYS]


# --------------------------------------------------------------------------- diff --source


def source_view(changes: list[SourceChange]) -> list[Line]:
    if not changes:
        return [[("meta", "no source changes waiting for review")]]
    lines: list[Line] = []
    for change in changes:
        line, _, column = change.line.partition(":")
        at = f" · line {line}" if line else ""
        at += f", column {column}" if column else ""
        head: Line = [
            ("head", f"{change.slug} · unit {change.unit}"),
            ("meta", f"{at} · {' '.join(sorted(change.translations))}"),
        ]
        if change.memory is not None:
            head.append(("meta", f" · {MEMORY_MATCH_TEXT} ({change.memory} similar source)"))
        lines.append(head)
        # a memory match: the word diff runs from the memory's source to this unit's
        lines.append(labelled("memory" if change.memory else "source", diff_spans(change.ops)))
        for lang, text in sorted(change.translations.items()):
            lines.append(labelled(lang, text or "(empty)", "" if text else "meta"))
            lines.extend(notes(f"{lang} note", change.notes.get(lang, "")))
        lines.append([])
    lines.append([("meta", _source_summary(changes))])
    return lines


def _source_summary(changes: list[SourceChange]) -> str:
    similar = sum(c.memory is not None for c in changes)
    changed = len(changes) - similar
    parts = []
    if changed:
        parts.append(f"{changed} changed unit{'s' * (changed != 1)}")
    if similar:
        parts.append(f"{similar} similar translation{'s' * (similar != 1)} from memory")
    slugs = len({c.slug for c in changes})
    return f"{' and '.join(parts)} in {slugs} article{'s' * (slugs != 1)}"


def source_stat(changes: list[SourceChange], labels: list[tuple[str, str]]) -> list[Line]:
    """Per catalog (``(lang, slug)`` pairs): how many units wait with a changed source,
    and how many with a similar translation from the memory."""
    counts = {key: [0, 0] for key in labels}
    for change in changes:
        for lang in change.translations:
            counts.setdefault((lang, change.slug), [0, 0])[change.memory is not None] += 1
    rows = []
    for (lang, slug), (changed, similar) in counts.items():
        text = f"{changed} changed" + (f", {similar} similar from memory" if similar else "")
        rows.append((f"{lang}/{slug}", text))
    return _table(rows, "no catalogs")


# --------------------------------------------------------------------------- diff --mt


def _mean(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def mt_view(reports: list[PostEditReport]) -> list[Line]:
    lines: list[Line] = []
    for report in reports:
        if not report.units:
            continue
        edited = report.edited
        lines.append(
            [
                ("head", report.ref.label),
                (
                    "meta",
                    f" · {len(edited)} of {len(report.units)} reviewed machine units edited"
                    f" · mean post-edit distance {_mean(report.mean_distance)}",
                ),
            ]
        )
        for unit in edited:
            lines.append(
                [
                    ("head", f"unit {unit.unit}"),
                    ("meta", f" · distance {unit.distance:.3f} · {origin(unit.provenance)}"),
                ]
            )
            lines.append(labelled("source", unit.msgid, "meta"))
            lines.append(labelled("post-edit", diff_spans(unit.ops)))
            lines.extend(notes("comment", unit.note))
            if unit.override is not None:
                lines.append(labelled("override", override_text(unit.override), "warn"))
        lines.append([])
    if not lines:
        return [[("meta", "no reviewed machine translations yet")]]
    return lines[:-1]


def mt_stat(reports: list[PostEditReport]) -> list[Line]:
    return _table(
        [
            (
                r.ref.label,
                f"{len(r.units)} reviewed machine units, {len(r.edited)} edited, "
                f"mean distance {_mean(r.mean_distance)}",
            )
            for r in reports
        ],
        "no catalogs",
    )


# --------------------------------------------------------------------------- diff --rev


def _state(value: State | None) -> str:
    return value.value if value is not None else "–"


def _whole(head: str, kind: str, meta: str, msgid: str, text: str, style: str) -> list[Line]:
    """An entry added or removed as a whole: a head line, its source and its text."""
    lines = [[("head", head), (kind, f" {kind}"), ("meta", f" · {meta}")]]
    lines.append(labelled("source", msgid))
    if text:
        lines.append(labelled("text", [(style, text)]))
    return lines


def _rev_change(change: EntryChange) -> list[Line]:
    if change.kind == "added":
        lines = _whole(
            f"unit {change.unit}", "added", _state(change.state), change.msgid, change.msgstr, "ins"
        )
        lines.extend(notes("comment", change.note))
        if change.override is not None:
            lines.append(labelled("override", override_text(change.override), "warn"))
        return lines
    if change.kind == "removed":
        was = f"was {_state(change.old_state)}"
        return _whole(
            f"was unit {change.old_unit}", "removed", was, change.msgid, change.old_msgstr, "del"
        )
    what = []
    if change.source_changed:
        what.append("source changed")
    if change.state_changed:
        what.append(f"{_state(change.old_state)} → {_state(change.state)}")
    elif change.state is not None:
        what.append(change.state.value)
    if change.text_changed and not change.state_changed:
        what.append("translation edited")
    if change.override_changed:
        what.append("QA override " + ("recorded" if change.override else "removed"))
    if change.note_changed:
        what.append(
            "comment added"
            if not change.old_note
            else "comment removed"
            if not change.note
            else "comment changed"
        )
    lines = [[("head", f"unit {change.unit}"), ("meta", " · " + " · ".join(what))]]
    if change.source_changed and change.old_msgid is not None:
        lines.append(labelled("source", diff_spans(word_diff(change.old_msgid, change.msgid))))
    else:
        lines.append(labelled("source", change.msgid, "meta"))
    if change.text_changed:
        lines.append(labelled("text", diff_spans(word_diff(change.old_msgstr, change.msgstr))))
    elif change.msgstr:
        lines.append(labelled("text", change.msgstr, "meta"))
    if change.note_changed:
        lines.extend(_note_diff(change.old_note, change.note))
    else:
        lines.extend(notes("comment", change.note))
    if change.override is not None:
        lines.append(labelled("override", override_text(change.override), "warn"))
    return lines


def _note_diff(old: str, new: str) -> list[Line]:
    """Translator comments then and now: lines kept as they are, removed and added ones
    marked."""
    before, after = old.splitlines(), new.splitlines()
    lines: list[Line] = []
    for kind, text in _line_ops(before, after):
        role = {"equal": "meta", "delete": "del", "insert": "ins"}[kind]
        lines.append(labelled("comment" if not lines else "", [(role, text)]))
    return lines


def _line_ops(old: list[str], new: list[str]) -> list[tuple[str, str]]:
    ops: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops += [("equal", line) for line in old[i1:i2]]
            continue
        ops += [("delete", line) for line in old[i1:i2]]
        ops += [("insert", line) for line in new[j1:j2]]
    return ops


STATUS_TEXT = {
    "added": "new since",
    "removed": "deleted since",
    "modified": "changed since",
    "unchanged": "unchanged since",
}


def rev_view(diffs: list[RevDiff], rev: str) -> list[Line]:
    lines: list[Line] = []
    for d in diffs:
        if d.status == "unchanged":
            continue
        lines.append(
            [("head", d.ref.label), ("meta", f" · {STATUS_TEXT[d.status]} {rev} · {_counts(d)}")]
        )
        for change in d.changes:
            lines.extend(_rev_change(change))
        lines.append([])
    if not lines:
        return [[("meta", f"no catalog changes since {rev}")]]
    return lines[:-1]


def _counts(d: RevDiff) -> str:
    parts = [
        (d.count("added"), "added"),
        (d.count("removed"), "removed"),
        (d.count("source_changed"), "source changed"),
        (d.count("text_changed"), "translation changed"),
        (d.count("state_changed"), "state changed"),
        (d.count("override_changed"), "QA override changed"),
        (d.count("note_changed"), "comment changed"),
    ]
    return ", ".join(f"{n} {what}" for n, what in parts if n) or "no unit changes"


def rev_stat(diffs: list[RevDiff], rev: str) -> list[Line]:
    changed = [d for d in diffs if d.status != "unchanged"]
    rows = [(d.ref.label, f"{STATUS_TEXT[d.status]} {rev}: {_counts(d)}") for d in changed]
    return _table(rows, f"no catalog changes since {rev}")


# --------------------------------------------------------------------------- helpers


def _table(rows: list[tuple[str, str]], empty: str) -> list[Line]:
    if not rows:
        return [[("meta", empty)]]
    width = max(len(name) for name, _ in rows)
    return [[("head", f"{name:<{width}}"), ("", f"  {text}")] for name, text in rows]
