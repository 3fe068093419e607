"""The publication gate: may this translation go to a reader?

A translation passes when none of its QA findings (:mod:`loctool.qa`) is an error, or
every error is covered by a recorded override (``#. loctool-qa-override: CHECKS; by
NAME; DATE``).  An override covers the checks it names and nothing else, and no
override covers a *fatal* check (what ``msgfmt --check`` rejects: format strings, line
ends).  Everything that moves a translation toward a reader asks here and nowhere else:

* ``accept`` and ``review`` (:func:`decide`) — a unit with errors is not made reviewed
  unless the reviewer overrides them explicitly, which is recorded;
* ``render`` — a unit whose translation does not pass is not published;
* the translation memory — it does not learn from a reviewed unit that does not pass;
* ``status`` — such a unit is *reviewed with errors*, not reviewed;
* ``check`` — it reports errors, marks overridden ones, and fails on the others.

A :class:`Gate` holds what the checks need to know about one catalog (languages,
glossary, Plural-Forms, the project's lexicon) and judges its
:class:`~loctool.messages.Message` entries.

:meth:`Gate.passes` can remember its answers in :class:`Verdicts`, keyed by a digest of
everything the checks see (:meth:`Gate.content_key`: msgid, msgstr, plural forms,
flags, comments with the override, languages, Plural-Forms, the glossary's terms and
loctool's code), so ``status`` runs the checks again only on translations it has not
judged in that exact context before.  Any change to one of them is another key: a
remembered answer is never one about other content.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from pathlib import Path

from . import cache, catalog, qa
from .glossary import Glossary, for_project
from .lexicon import Lexicon
from .messages import Catalog, Message
from .model import Issue, State

Override = catalog.Override


@dataclass(frozen=True)
class Verdict:
    """The findings on one translation and what they mean for publication."""

    issues: tuple[Issue, ...]
    override: Override | None = None  # recorded on the entry

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.level == qa.ERROR)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.level != qa.ERROR)

    @property
    def fatal(self) -> tuple[Issue, ...]:
        fatal = qa.fatal_ids()
        return tuple(i for i in self.errors if i.check in fatal)

    def overridden(self, issue: Issue) -> bool:
        """Whether the recorded override covers this finding."""
        return (
            issue.level == qa.ERROR
            and self.override is not None
            and issue.check in self.override.checks
            and issue.check not in qa.fatal_ids()
        )

    @property
    def blocking(self) -> tuple[Issue, ...]:
        """Errors no override covers: the translation must not reach a reader."""
        return tuple(i for i in self.errors if not self.overridden(i))

    @property
    def passes(self) -> bool:
        return not self.blocking


@dataclass(frozen=True)
class Decision:
    """Whether a reviewer's acceptance may be saved, and the override to record."""

    allowed: bool
    override: Override | None = None
    refused: tuple[Issue, ...] = ()  # the findings that stop it (when not allowed)
    fatal: bool = False  # refused for a fatal check: no override can help


def decide(verdict: Verdict, reviewer: str, override: bool) -> Decision:
    """Acceptance of a translation judged ``verdict`` (an override recorded earlier does
    not count: it was made for another decision).  Errors refuse it unless ``override``
    (``--force``, review's ``A``); fatal ones refuse it always."""
    if verdict.fatal:
        return Decision(False, refused=verdict.fatal, fatal=True)
    if not verdict.errors:
        return Decision(True)
    if not override:
        return Decision(False, refused=verdict.errors)
    checks = tuple(dict.fromkeys(i.check for i in verdict.errors))
    return Decision(True, Override(checks, reviewer, catalog.now_stamp()))


def translated_before(entry: Message) -> bool:
    """Whether an entry whose msgstr is empty records an earlier translation (a machine
    origin, a replaced text, an override) or has other plural forms filled: an emptied
    translation, not one never made."""
    if entry.msgid_plural and any(entry.msgstr_plural.values()):
        return True
    comment = entry.comment or ""
    marks = (catalog.ORIGIN, catalog.MT_TEXT, catalog.OLD_TEXT, catalog.QA_OVERRIDE)
    return any(line.startswith(marks) for line in comment.split("\n"))


def judged(entry: Message) -> bool:
    """Whether the checks apply to an entry: translated, or emptied (not obsolete)."""
    st = entry.state
    if st is State.OBSOLETE:
        return False
    if st is State.UNTRANSLATED:
        return "fuzzy" not in entry.flags and translated_before(entry)
    return True


@dataclass
class Verdicts:
    """Answers of :meth:`Gate.passes` by content key: ``known`` from earlier runs (a
    cache, read only), ``found`` in this run, and the keys ``used`` (hit or found)."""

    known: Mapping[str, object] = field(default_factory=dict)
    found: dict[str, bool] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    def get(self, key: str) -> bool | None:
        value = self.found.get(key)
        if value is None:
            remembered = self.known.get(key)
            value = remembered if isinstance(remembered, bool) else None  # damaged: not used
        if value is not None:
            self.used.add(key)
        return value

    def put(self, key: str, passes: bool) -> None:
        self.found[key] = passes
        self.used.add(key)


@contextlib.contextmanager
def remembered(root: Path) -> Iterator[Verdicts]:
    """The verdicts earlier runs found for the project at ``root`` (the cache ``status``
    keeps, see :class:`Verdicts`); those found inside the block are saved to it when
    the block ends, so that the next command does not judge them again."""
    store = cache.Store(root, "verdicts")
    verdicts = Verdicts(store.entries)
    try:
        yield verdicts
    finally:
        for key, passes in verdicts.found.items():
            store.put(key, passes)
        store.save()


# what :meth:`Gate.pair` and :meth:`Gate.passes` read of an entry: all of it is keyed
KEYED = ("msgid", "msgid_plural", "msgstr", "msgstr_plural", "comment", "flags")
_read = attrgetter(*KEYED)


@lru_cache(maxsize=8)  # the same glossary serves every catalog of a language
def glossary_digest(glossary: Glossary | None) -> str:
    """A digest of what the checks read from a glossary: its source language and terms."""
    if glossary is None:
        return "-"
    return cache.text_digest(repr((glossary.source_lang, glossary.terms)))


@dataclass
class Gate:
    """The checks' view of one catalog; ``verdicts`` remembers :meth:`passes`."""

    source_lang: str
    target_lang: str
    glossary: Glossary | None = None
    plural_forms: str = ""
    lexicon: Lexicon | None = None
    slug: str = ""
    skip: tuple[str, ...] = field(default_factory=tuple)
    verdicts: Verdicts | None = None
    _context: hashlib.blake2b | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def for_catalog(
        cls,
        po: Catalog,
        lang: str,
        root: Path | None = None,
        *,
        slug: str = "",
        glossary: Glossary | None = None,
        lexicon: Lexicon | None = None,
        verdicts: Verdicts | None = None,
    ) -> Gate:
        """The gate of a catalog (its headers say the languages and plural forms); the
        project's ``glossary.csv`` (under ``root``) feeds the do-not-translate checks
        unless a glossary is given."""
        source = catalog.source_language(po) or "und"
        if glossary is None and root is not None:
            glossary = for_project(root, source if source != "und" else None)
        return cls(
            source_lang=source,
            target_lang=lang,
            glossary=glossary,
            plural_forms=catalog.plural_forms(po),
            lexicon=lexicon,
            slug=slug,
            verdicts=verdicts,
        )

    def pair(self, entry: Message, text: str | None = None) -> qa.Pair:
        """What the checks see of ``entry`` (with ``text`` as its msgstr, for an edit)."""
        plural = entry.msgid_plural or None
        forms: tuple[str, ...] = ()
        if plural is not None:
            forms = tuple(entry.msgstr_plural.get(n, "") for n in range(_forms(entry)))
        msgstr = text if text is not None else (forms[0] if forms else entry.msgstr)
        learned = (
            self.lexicon is not None
            and text is None
            and plural is None
            and entry.state is State.REVIEWED
        )
        return qa.Pair(
            entry.msgid or "",
            msgstr,
            self.source_lang,
            self.target_lang,
            self.glossary,
            notes=tuple(entry.comment.split("\n")) if entry.comment else (),
            flags=tuple(entry.flags),
            msgid_plural=plural,
            forms=forms,
            plural_forms=self.plural_forms,
            lexicon=self.lexicon,
            learned=learned,
        )

    def judge(
        self,
        entry: Message,
        text: str | None = None,
        *,
        unit: int = 0,
        errors_only: bool = False,
    ) -> Verdict:
        """The findings on ``entry`` (or on ``text`` proposed for it) and its override.
        ``errors_only`` runs the error-level checks alone (enough to decide, cheaper)."""
        levels: Sequence[str] = (qa.ERROR,) if errors_only else (qa.ERROR, qa.WARNING)
        issues = qa.check_pair(
            self.pair(entry, text), skip=self.skip, slug=self.slug, unit=unit, levels=levels
        )
        return Verdict(tuple(issues), catalog.qa_override(entry) if text is None else None)

    def passes(self, entry: Message) -> bool:
        """Whether ``entry``'s translation may reach a reader: :attr:`Verdict.passes`,
        found the short way (the checks the override covers are not run, and the first
        error found is the answer), or remembered in :attr:`verdicts`."""
        key = self.content_key(entry) if self.verdicts is not None else None
        if key is not None and self.verdicts is not None:
            known = self.verdicts.get(key)
            if known is not None:
                return known
        override = catalog.qa_override(entry)
        covered = () if override is None else tuple(set(override.checks) - qa.fatal_ids())
        found = qa.check_pair(
            self.pair(entry), skip=self.skip + covered, levels=(qa.ERROR,), first=True
        )
        if key is not None and self.verdicts is not None:
            self.verdicts.put(key, not found)
        return not found

    def content_key(self, entry: Message) -> str | None:
        """A digest of everything :meth:`passes` depends on: what it reads of the entry
        (:data:`KEYED`: texts, plural forms, flags, the comments holding the override),
        this gate's languages, Plural-Forms, glossary terms and skipped checks, and
        loctool's code; None with a lexicon (a whole project's words: not remembered)."""
        if self.lexicon is not None:
            return None
        if self._context is None:
            context = repr(
                (
                    cache.code_id(),
                    self.source_lang,
                    self.target_lang,
                    self.plural_forms,
                    glossary_digest(self.glossary),
                    self.skip,
                )
            ).encode("utf-8", "surrogatepass")
            self._context = hashlib.blake2b(b"%d:%s" % (len(context), context), digest_size=16)
        digest = self._context.copy()
        digest.update(_entry_text(entry).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()


def _entry_text(entry: Message) -> str:
    """What the gate reads of an entry (:data:`KEYED`) as one unambiguous text: each
    field after its length (``repr`` of the whole, as before, costs twice as much)."""
    msgid, plural, msgstr, forms, comment, flags = _read(entry)
    f, g = repr(forms) if forms else "", ",".join(flags)  # a flag holds no comma
    return (
        f"{len(msgid)}:{msgid}{len(plural)}:{plural}{len(msgstr)}:{msgstr}"
        f"{len(f)}:{f}{len(comment)}:{comment}{len(g)}:{g}"
    )


def _forms(entry: Message) -> int:
    return max(entry.msgstr_plural) + 1 if entry.msgstr_plural else 0


def project_lexicon(
    lang: str, texts: Sequence[str], glossary: Glossary | None = None
) -> Lexicon | None:
    """The lexicon of a kk or tg project: its reviewed translations and glossary forms
    (None for other languages)."""
    from .lexicon import applies

    if not applies(lang):
        return None
    lexicon = Lexicon(lang).learn_all(texts)
    if glossary is not None:
        lexicon.learn_all(form for term in glossary.terms for form in term.expected(lang))
    return lexicon
