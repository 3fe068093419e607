"""Quality checks on one translation: functions that only return Issues, in a registry.

Each check has an id, a level and a one-line message.  ``error`` means the published
copy would be wrong (a changed number, a broken link, the wrong alphabet, text left in
the source language) and blocks publication unless a person overrides it (see
:mod:`loctool.gate`); ``warning`` means a human should look (a missing full stop, an odd
length, a doubled word).  *Fatal* checks are what ``msgfmt --check`` rejects (format
strings, line ends): no override can pass them.

:func:`check_pair` runs every check on one :class:`Pair` — a msgid/msgstr with, where
known, its entry's context (``*-format`` flags, plural forms, the catalog's
``Plural-Forms``, the project's lexicon); :func:`check_entry` is the same for a bare
pair.  Checks are cheap and import nothing heavy (``status`` runs them over every
catalog), so ``review`` shows them live and ``translate`` stores some as
``#. loctool-qa:`` notes.  An empty msgstr yields only the ``empty`` issue (and what
msgfmt would reject).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from . import formats, htmldoc, numbers, subtitles
from .detect import KK_LETTERS, KK_ONLY, SCRIPT_OF_LANG, TG_LETTERS, TG_ONLY, script_counts
from .glossary import Glossary, Term, contains, contains_verbatim, fold, term_regex
from .langs import english_name as _english_name
from .lexicon import Lexicon
from .model import Issue, normalize_ws

ERROR = "error"
WARNING = "warning"

LENGTH_MIN_CHARS = 20  # shorter sources are not judged by length
LENGTH_RATIO = (0.4, 2.5)  # translation length / source length, in characters
PROFILE_MIN_LETTERS = 40  # a kk/tg text this long without its own letters reads as Russian
SCRIPT_NAMES = {"Cyrl": "Cyrillic", "Latn": "Latin", "Other": "another"}
NOT_TAJIK = frozenset("цщыь")  # Russian letters the Tajik alphabet (1998) does not have

_URL = re.compile(r"(?:https?|ftp)://[^\s<>\[\]()\"'«»]+|www\.[^\s<>\[\]()\"'«»]+", re.I)
_MAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_LINK_TARGET = re.compile(r"\]\(\s*(<[^>\n]*>|[^\s()]+(?:\([^\s()]*\)[^\s()]*)*)")
_AUTOLINK = re.compile(r"<(?:[a-z][a-z0-9+.-]{1,31}:[^\s<>]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>", re.I)
_WORD = re.compile(r"[^\W\d_]+")
# code, tags, links, URLs, e-mails, character references
_NOT_PROSE = re.compile(r"[`<{@]|\]\(|://|www\.|&#?\w+;", re.I)


@lru_cache(maxsize=64)
def english_name(lang: str) -> str:
    return _english_name(lang)


_UNKNOWN = ("\u2047", "<unk>")  # SentencePiece's ⁇ and the <unk> token
FRAGMENT_WORDS = 3  # source words in a row that make an untranslated fragment
_CLOSERS = "\"'”’»)]}*_`"
_FINAL = ".!?…:;"
_BRACKETS = ("()", "[]", "{}")


@dataclass(frozen=True)
class Pair:
    """What a check looks at: a translation and, where known, its entry's context."""

    msgid: str
    msgstr: str  # msgstr, or msgstr[0] of a plural entry
    source_lang: str
    target_lang: str
    glossary: Glossary | None = None
    notes: tuple[str, ...] = ()  # the entry's extracted comments (a subtitle's screen time)
    flags: tuple[str, ...] = ()  # the entry's flags: c-format, python-format, fuzzy …
    msgid_plural: str | None = None
    forms: tuple[str, ...] = ()  # msgstr[0], msgstr[1] … of a plural entry
    plural_forms: str = ""  # the catalog's Plural-Forms header
    lexicon: Lexicon | None = None  # the project's known words (kk, tg)
    learned: bool = False  # this translation is one of the lexicon's sources

    @cached_property
    def hits(self) -> tuple[Term, ...]:
        return tuple(self.glossary.hits(self.msgid)) if self.glossary is not None else ()

    @property
    def target_name(self) -> str:
        return english_name(self.target_lang)

    @cached_property
    def prose_msgid(self) -> str:
        return _prose(self.msgid)

    @cached_property
    def prose_msgstr(self) -> str:
        return _prose(self.msgstr)

    @cached_property
    def number_differences(self) -> tuple[list[str], bool]:
        return _number_differences(self)

    @property
    def msgstrs(self) -> tuple[str, ...]:
        """Every translated string: the msgstr, or each plural form."""
        return self.forms if self.msgid_plural is not None else (self.msgstr,)


Func = Callable[[Pair], Iterable[str]]


@dataclass(frozen=True)
class Seek:
    """A check's screen that is one regular expression: the check can only fire when the
    pattern is found in the msgid or a msgstr (``source``), or in a msgstr.  ``by_lang``
    gives a pattern per target language instead (a language without one: never fires).
    :func:`check_pair` joins the screens of many checks into one search."""

    pattern: str = ""
    source: bool = True
    by_lang: tuple[tuple[str, str], ...] = ()

    def regex(self, lang: str) -> str | None:
        return dict(self.by_lang).get(lang) if self.by_lang else self.pattern

    def __call__(self, p: Pair) -> bool:
        pattern = self.regex(p.target_lang)
        if pattern is None:
            return False
        rx = _compiled(pattern)
        texts = (p.msgid, *p.msgstrs) if self.source else p.msgstrs
        return any(rx.search(t) for t in texts)


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@dataclass(frozen=True)
class Check:
    id: str
    level: str
    description: str
    func: Func
    fatal: bool = False  # msgfmt --check rejects it: never overridden
    screen: Callable[[Pair], bool] | None = None  # cheap: False means it cannot fire (Seek)

    def run(self, pair: Pair, slug: str = "", unit: int = 0) -> list[Issue]:
        if self.screen is not None and not self.screen(pair):
            return []
        return self.found(pair, slug, unit)

    def found(self, pair: Pair, slug: str = "", unit: int = 0) -> list[Issue]:
        """The issues, without the screen (the caller looked already)."""
        return [
            Issue(self.id, self.level, msg, pair.target_lang, slug, unit, pair.msgid)
            for msg in self.func(pair)
        ]


REGISTRY: dict[str, Check] = {}


def check(
    check_id: str,
    level: str,
    description: str,
    fatal: bool = False,
    screen: Callable[[Pair], bool] | None = None,
) -> Callable[[Func], Func]:
    """Register a check: ``func`` yields one-line messages, :meth:`Check.run` makes Issues.
    ``screen`` is a cheap look at the pair's characters that rules the check out (False)
    before it runs: ``status`` checks every reviewed unit of a project."""

    def register(func: Func) -> Func:
        REGISTRY[check_id] = Check(check_id, level, description, func, fatal, screen)
        return func

    return register


def fatal_ids() -> frozenset[str]:
    """The checks no override can pass (what msgfmt --check rejects)."""
    return _FATAL or _fatal()


_FATAL: frozenset[str] = frozenset()


def _fatal() -> frozenset[str]:
    global _FATAL
    _FATAL = frozenset(c.id for c in REGISTRY.values() if c.fatal)
    return _FATAL


def check_pair(
    pair: Pair,
    *,
    skip: Sequence[str] = (),
    slug: str = "",
    unit: int = 0,
    levels: Sequence[str] = (ERROR, WARNING),
    first: bool = False,
) -> list[Issue]:
    """Every issue of one translation, in registry order (only checks of ``levels``);
    with ``first``, only the first check that finds something (enough to say no)."""
    steps, either, in_msgstr = _plan(tuple(levels), tuple(skip), pair.target_lang)
    empty = REGISTRY["empty"].run(pair, slug, unit)
    if empty:  # nothing else to judge, but what msgfmt would refuse
        fatal = [c for c, _, _ in steps if c.fatal]
        return ([] if "empty" in skip else empty) + [
            i for c in fatal for i in c.run(pair, slug, unit)
        ]
    texts = pair.msgstrs
    # one search for every Seek screen at once; only where it finds something, each one
    found = (either is not None and either.search(pair.msgid)) or (
        in_msgstr is not None and any(map(in_msgstr.search, texts))
    )
    issues: list[Issue] = []
    for check_, src, dst in steps:
        if dst is not None:  # a Seek screen
            if not found:
                continue
            if not ((src is not None and src.search(pair.msgid)) or any(map(dst.search, texts))):
                continue
            issues.extend(check_.found(pair, slug, unit))
        else:
            issues.extend(check_.run(pair, slug, unit))
        if first and issues:
            break
    return issues


Step = tuple["Check", re.Pattern[str] | None, re.Pattern[str] | None]


@lru_cache(maxsize=64)
def _plan(
    levels: tuple[str, ...], skip: tuple[str, ...], lang: str
) -> tuple[list[Step], re.Pattern[str] | None, re.Pattern[str] | None]:
    """The checks to run, each with its :class:`Seek` screen compiled for the msgid and
    for a msgstr (None, None: another screen or none), and every Seek screen joined into
    one pattern for the msgid and one for a msgstr."""
    steps: list[Step] = []
    joined: dict[bool, list[str]] = {True: [], False: []}  # for the msgid: for a msgstr
    for c in REGISTRY.values():
        if c.id in skip or c.level not in levels:
            continue
        if not isinstance(c.screen, Seek):
            steps.append((c, None, None))
            continue
        pattern = c.screen.regex(lang)
        if pattern is None:
            continue  # it cannot fire for this language
        rx = re.compile(pattern)
        steps.append((c, rx if c.screen.source else None, rx))
        joined[False].append(f"(?:{pattern})")
        if c.screen.source:
            joined[True].append(f"(?:{pattern})")
    either, in_msgstr = (
        re.compile("|".join(joined[k])) if joined[k] else None for k in (True, False)
    )
    return steps, either, in_msgstr


def check_entry(
    msgid: str,
    msgstr: str,
    source_lang: str,
    target_lang: str,
    glossary: Glossary | None = None,
    *,
    skip: Sequence[str] = (),
    slug: str = "",
    unit: int = 0,
    notes: Sequence[str] = (),
) -> list[Issue]:
    """Every issue of one msgid/msgstr pair without entry context, in registry order."""
    pair = Pair(msgid, msgstr, source_lang, target_lang, glossary, tuple(notes))
    return check_pair(pair, skip=skip, slug=slug, unit=unit)


MACHINE_CHECKS = ("script", "letters", "profile", "unknown")


def machine_notes(msgid: str, text: str, source_lang: str, target_lang: str) -> list[str]:
    """Notes ``translate`` stores with a machine draft whose alphabet or letter profile is
    not the target language's (an engine answering in the wrong language)."""
    pair = Pair(msgid, text, source_lang, target_lang, None)
    return [note(issue) for check_id in MACHINE_CHECKS for issue in REGISTRY[check_id].run(pair)]


def note(issue: Issue) -> str:
    """The one-line form stored in a ``#. loctool-qa:`` comment."""
    return f"{issue.level}: {issue.check}: {issue.message}"


# ----------------------------------------------------------------------------- helpers


def _verbatim_items(text: str) -> list[str]:
    """What a translation must copy unchanged: code spans, link targets, URLs, e-mails."""
    items = [m.group(0) for m in _CODE.finditer(text)]
    rest = _CODE.sub(" ", text)
    items += [m.group(1) for m in _LINK_TARGET.finditer(rest)]
    items += [m.group(0) for m in _AUTOLINK.finditer(rest)]
    bare = _LINK_TARGET.sub("](", _AUTOLINK.sub(" ", rest))
    items += [m.group(0).rstrip(".,;:!?") for m in _URL.finditer(bare)]
    items += [m.group(0) for m in _MAIL.finditer(_URL.sub(" ", bare))]
    return items


def _prose(text: str) -> str:
    """``text`` without code, URLs and e-mail addresses (what scripts are judged on)."""
    if not _NOT_PROSE.search(text):
        return text
    text = htmldoc.without_tags(text)  # tag names and attributes are not prose
    if "&" in text:  # &#8217; is an apostrophe, not the number 8217
        text = html.unescape(text)
    for code in subtitles.codes(text) if "<" in text or "{" in text else ():
        text = text.replace(code, " ")  # nor are cue timestamps and {\an8} codes
    text = _CODE.sub(" ", text)
    text = _LINK_TARGET.sub("] ", _AUTOLINK.sub(" ", text))
    return _MAIL.sub(" ", _URL.sub(" ", text))


def _dnt_spans_removed(text: str, terms: Iterable[Term]) -> str:
    folded = fold(text)
    for term in terms:
        if term.dnt:
            folded = term_regex(term.source_pattern).sub(" ", folded)
    return folded


def _quote(items: Iterable[str]) -> str:
    return ", ".join(f"“{item}”" for item in items)


# ----------------------------------------------------------------------------- checks


@check("empty", ERROR, "the translation is blank or has no words or numbers")
def _empty(p: Pair) -> Iterator[str]:
    if not p.msgstr.strip():
        yield "the translation is empty (it would be published as nothing)"
    elif not any(ch.isalnum() for ch in p.msgstr) and any(ch.isalnum() for ch in p.msgid):
        yield f"the translation {p.msgstr.strip()!r} has no words or numbers"
    elif p.msgid_plural is not None:
        blank = [str(n) for n, form in enumerate(p.forms) if not form.strip()]
        if blank:
            yield f"plural form msgstr[{'], msgstr['.join(blank)}] is empty"


def _source_name(p: Pair) -> str:
    return english_name(p.source_lang) if p.source_lang not in ("", "und") else "source"


def _text_words(text: str) -> list[str]:
    """Words of a text's prose that are not names or acronyms (lowercase words)."""
    return [w for w in _WORD.findall(_prose(text)) if w.islower()]


_LOWERCASE = {  # lowercase letters of a script: a fragment of the source is written in them
    "Latn": re.compile(r"[a-z\u00df-\u00ff\u0100-\u024f]"),
    "Cyrl": re.compile(r"[\u0430-\u045f\u0460-\u052f]"),
}


def _shares_words(p: Pair) -> bool:
    """Whether a lowercase word of the msgstr is in the msgid (cheap: a fragment needs
    two such words, written in the source's alphabet)."""
    lower = _LOWERCASE.get(SCRIPT_OF_LANG.get(p.source_lang, ""))
    if lower is not None and not lower.search(p.msgstr):
        return False
    plain = {w for w in _WORD.findall(p.msgstr) if w.islower()}
    return bool(plain) and not plain.isdisjoint(_WORD.findall(p.msgid.lower()))


@check(
    "untranslated",
    ERROR,
    "the translation is the source text (names and acronyms excepted)",
    screen=lambda p: p.msgstr.split() == p.msgid.split(),
)
def _untranslated(p: Pair) -> Iterator[str]:
    if p.source_lang == p.target_lang or p.msgstr.split() != p.msgid.split():
        return
    rest = _dnt_spans_removed(" ".join(_text_words(p.msgid)), p.hits)
    if any(ch.isalpha() for ch in rest):
        name = _source_name(p)
        yield f"the translation is identical to the {'' if name == 'source' else name + ' '}source"


_PROSE_WORD = re.compile(r"[^\W\d_]+(?:[-’'][^\W\d_]+)*")
_EDGE = "\"'“”‘’«»„()[]{}<>,.;:!?…—–"


def _prose_words(text: str) -> list[tuple[str, int, int] | None]:
    """The whitespace-separated tokens of a text that are plain words (letters, inner
    hyphens or apostrophes, punctuation around them), with their spans; None for any
    other token (code, identifiers, paths, numbers), which breaks a run of words."""
    out: list[tuple[str, int, int] | None] = []
    for m in re.finditer(r"\S+", text):
        token = m.group(0)
        core = token.strip(_EDGE)
        if core and _PROSE_WORD.fullmatch(core):
            start = m.start() + token.index(core)
            out.append((core, start, start + len(core)))
        else:
            out.append(None)
    return out


@check(
    "fragment",
    ERROR,
    f"{FRAGMENT_WORDS}+ words of source text left in the translation",
    screen=_shares_words,
)
def _fragment(p: Pair) -> Iterator[str]:
    if p.source_lang == p.target_lang or p.msgstr.split() == p.msgid.split():
        return
    if not _shares_words(p):
        return
    src = [w[0].casefold() if w else None for w in _prose_words(p.prose_msgid)]
    grams = {
        tuple(src[i : i + FRAGMENT_WORDS])
        for i in range(len(src) - FRAGMENT_WORDS + 1)
        if None not in src[i : i + FRAGMENT_WORDS]
    }
    if not grams:
        return
    text = p.prose_msgstr
    found = _prose_words(text)
    dst = [w[0].casefold() if w else None for w in found]
    runs: list[tuple[int, int]] = []  # overlapping copied trigrams, joined
    for i in range(len(dst) - FRAGMENT_WORDS + 1):
        if tuple(dst[i : i + FRAGMENT_WORDS]) in grams:
            if runs and i <= runs[-1][1]:
                runs[-1] = (runs[-1][0], i + FRAGMENT_WORDS)
            else:
                runs.append((i, i + FRAGMENT_WORDS))
    dnt = {w for t in p.hits if t.dnt for w in _WORD.findall(fold(t.term))}
    for start, end in runs:
        words = [w for w in found[start:end] if w is not None]
        plain = [w[0] for w in words if w[0].islower() and fold(w[0]) not in dnt]
        if len(plain) >= 2:  # not a name such as "Bank of America"
            copied = text[words[0][1] : words[-1][2]]
            yield f"{_source_name(p)} text left untranslated: “{copied}”"


def _number_differences(p: Pair) -> tuple[list[str], bool]:
    """What differs between the numbers of msgid and msgstr, and whether it may all be
    small numbers written as words on the other side (differences on one side only)."""
    src_text, dst_text = p.prose_msgid, p.prose_msgstr
    source = numbers.read(src_text, p.source_lang)
    target = numbers.read(dst_text, p.target_lang)
    missing = {n.value for n in source} - {n.value for n in target}
    extra = {n.value for n in target} - {n.value for n in source}
    # a number written as a word on the other side is no difference (6 → six, алты)
    missing = {v for v in missing if not numbers.spelled(v, dst_text, p.target_lang)}
    extra = {v for v in extra if not numbers.spelled(v, src_text, p.source_lang)}
    wordlike = not (missing and extra) and all(numbers.small(v) for v in missing | extra)
    parts = []
    for n in source:
        if n.value in missing:
            missing.discard(n.value)
            expected = numbers.format_value(n.value, p.target_lang)
            written = f" (source “{n.token}”)" if expected != n.token else ""
            parts.append(f"missing {expected}{written}")
    for n in target:
        if n.value in extra:
            extra.discard(n.value)
            reading = numbers.format_value(n.value, p.target_lang)
            means = f" (= {reading} in {p.target_name} notation)" if reading != n.token else ""
            parts.append(f"unexpected “{n.token}”{means}")
    return parts, wordlike


@check(
    "numbers",
    ERROR,
    "numbers differ (read with each language's separators)",
    screen=Seek(r"\d"),
)
def _numbers(p: Pair) -> Iterator[str]:
    parts, wordlike = p.number_differences
    if parts and not wordlike:
        yield "numbers differ: " + "; ".join(parts)


@check(
    "number-word",
    WARNING,
    "a small number is in digits on one side only (a word?)",
    screen=Seek(r"\d"),
)
def _number_word(p: Pair) -> Iterator[str]:
    parts, wordlike = p.number_differences
    if parts and wordlike:
        yield "; ".join(parts) + " — check it is written as a word"


_IMAGE = re.compile(r"!\[[^\]\n]*\]\(")
_LINK = re.compile(r"(?<!!)\[[^\]\n]*\]\(")
_REF_LINK = re.compile(r"(?<!!)\[[^\]\n]+\]\[[^\]\n]*\]")
_EMPHASIS = re.compile(r"\*+|_+")


def markdown_structure(text: str) -> Counter[str]:
    """Markdown inline elements of a text, counted: code spans, links, images, reference
    links and emphasis delimiter runs (``*``, ``**``, ``_`` … that open or close, not an
    asterisk between spaces or an underscore inside a word)."""
    counts: Counter[str] = Counter()
    counts["code span"] = len(_CODE.findall(text))
    text = _CODE.sub(" ", text)
    counts["image"] = len(_IMAGE.findall(text))
    counts["link"] = len(_LINK.findall(text))
    counts["reference link"] = len(_REF_LINK.findall(text))
    text = _LINK_TARGET.sub("] ", _AUTOLINK.sub(" ", text))
    text = _MAIL.sub(" ", _URL.sub(" ", text))
    for m in _EMPHASIS.finditer(text):
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        if before.isspace() and after.isspace():
            continue  # 2 * 3
        if m.group(0)[0] == "_" and before.isalnum() and after.isalnum():
            continue  # snake_case
        counts[f"emphasis {m.group(0)}"] += 1
    return +counts


@check(
    "markup",
    ERROR,
    "links, code, URLs, e-mails, tags or Markdown markup not kept as in the source",
    screen=Seek(r"[`\[\]<{@*_]|://|(?i:www\.)"),
)
def _markup(p: Pair) -> Iterator[str]:
    lost = Counter(_verbatim_items(p.msgid)) - Counter(_verbatim_items(p.msgstr))
    if lost:
        yield "not copied unchanged: " + _quote(sorted(lost.elements()))
    yield from _tag_changes(p)
    source, target = markdown_structure(p.msgid), markdown_structure(p.msgstr)
    if source != target:
        kinds = sorted(set(source) | set(target))
        yield "Markdown differs: " + ", ".join(
            f"{source[k]} {k} in the source, {target[k]} here"
            for k in kinds
            if source[k] != target[k]
        )


def _tags(text: str) -> Counter[str]:
    """HTML tags (attributes a translator may translate, alt and title, aside) and
    subtitle codes (``{\\an8}``, ``<00:01.000>`` timestamps) of a text."""
    if "<" not in text and "{" not in text:
        return Counter()
    return htmldoc.tag_signatures(text) + Counter(subtitles.codes(text))


def _tag_changes(p: Pair) -> Iterator[str]:
    """Tags and codes of the source that the translation lost or changed."""
    source, target = _tags(p.msgid), _tags(p.msgstr)
    lost, extra = source - target, target - source
    if lost:
        yield "tags lost or changed: " + _quote(sorted(lost.elements()))
    if extra and source:
        yield "tags not in the source: " + _quote(sorted(extra.elements()))


@check(
    "unknown",
    ERROR,
    "the machine's unknown-token marker ⁇ or <unk> is in the translation",
    screen=Seek("\u2047|<unk>", source=False),
)
def _unknown(p: Pair) -> Iterator[str]:
    for marker in _UNKNOWN:
        if any(marker in text for text in p.msgstrs) and marker not in p.msgid:
            yield (
                f"“{marker}” marks characters the translation model could not write: "
                "restore them from the source"
            )


@check(
    "format",
    ERROR,
    "format specifiers (c-format, python-format …) differ",
    fatal=True,
    screen=lambda p: bool(p.flags),
)
def _format(p: Pair) -> Iterator[str]:
    if p.flags:
        yield from formats.format_problems(
            p.msgid, p.msgid_plural, p.msgstrs, p.flags, p.plural_forms
        )


@check(
    "newlines",
    ERROR,
    "msgid and msgstr do not both begin/end with a line break",
    fatal=True,
    screen=Seek("\n"),
)
def _newlines(p: Pair) -> Iterator[str]:
    if p.msgstrs and p.msgstrs[0]:
        yield from formats.newline_problems(p.msgid, p.msgid_plural, p.msgstrs)


_BRACKET_OF = {pair: re.compile(f"[{re.escape(pair)}]") for pair in _BRACKETS}


def _bracket_state(text: str, pair: str) -> tuple[int, bool]:
    """(opened − closed, whether a bracket closes before it opens) for one kind."""
    opened, closed = text.count(pair[0]), text.count(pair[1])
    if not closed:
        return opened, False
    depth = 0
    for ch in _BRACKET_OF[pair].findall(text):  # the brackets alone, in order
        depth += 1 if ch == pair[0] else -1
        if depth < 0:
            return opened - closed, True
    return opened - closed, False


@check(
    "brackets",
    ERROR,
    "brackets ( ) [ ] { } do not match as in the source",
    screen=Seek(r"[()\[\]{}]"),
)
def _brackets(p: Pair) -> Iterator[str]:
    for pair in _BRACKETS:
        if pair[0] not in p.msgid + p.msgstr and pair[1] not in p.msgid + p.msgstr:
            continue
        src_depth, src_neg = _bracket_state(p.msgid, pair)
        dst_depth, dst_neg = _bracket_state(p.msgstr, pair)
        if dst_depth != src_depth or (dst_neg and not src_neg):
            opened, closed = p.msgstr.count(pair[0]), p.msgstr.count(pair[1])
            yield (
                f"unbalanced {pair[0]} {pair[1]}: {opened} opened, {closed} closed "
                f"(source: {p.msgid.count(pair[0])} opened, {p.msgid.count(pair[1])} closed)"
            )


def _quote_imbalance(text: str) -> int:
    return (
        abs(text.count("«") - text.count("»"))
        + abs(text.count("‹") - text.count("›"))
        + (text.count("“") + text.count("”") + text.count("„")) % 2
        + text.count('"') % 2
    )


@check(
    "quotes",
    WARNING,
    "quotation marks are unbalanced where the source's are not",
    screen=Seek('["«»‹›“”„]'),
)
def _quotes(p: Pair) -> Iterator[str]:
    if _quote_imbalance(p.msgstr) != _quote_imbalance(p.msgid):
        yield "quotation marks are unbalanced (the source's are not, or differently)"


def _final(text: str) -> str:
    text = text.rstrip().rstrip(_CLOSERS).rstrip()
    if text.endswith("..."):
        return "…"
    return text[-1] if text and text[-1] in _FINAL else ""


@check("punctuation", WARNING, "the final punctuation differs from the source's")
def _punctuation(p: Pair) -> Iterator[str]:
    src, dst = _final(p.msgid), _final(p.msgstr)
    if src == dst:
        return
    if not dst:
        yield f"no final punctuation; the source ends with {src!r}"
    elif not src:
        yield f"ends with {dst!r} but the source has no final punctuation"
    else:
        yield f"ends with {dst!r} but the source ends with {src!r}"


_DOUBLED_WORD = re.compile(r"\b([^\W\d_]+)[ \u00a0](\1)\b", re.IGNORECASE)
_DOUBLED_MARK = re.compile(r"(?<![.!?])([.!?])\1(?![.!?])|([,;:])\2")
LEGIT_DOUBLES = {"en": frozenset({"had", "that"})}  # "he had had", "said that that …"


@check("doubled", WARNING, "a word or a punctuation mark is doubled (для для, cooperation..)")
def _doubled(p: Pair) -> Iterator[str]:
    source_doubles = _DOUBLED_WORD.search(p.msgid) is not None  # Bora Bora → Бора Бора
    for m in _DOUBLED_WORD.finditer(p.msgstr):
        word = m.group(1).casefold()
        if word in LEGIT_DOUBLES.get(p.target_lang, ()) or source_doubles:
            continue
        yield f"doubled word “{m.group(0)}”"
    for m in _DOUBLED_MARK.finditer(p.msgstr):
        if m.group(0) not in p.msgid:
            before = p.msgstr[max(0, m.start() - 12) : m.start()].split(" ")[-1]
            yield f"doubled punctuation “{before}{m.group(0)}”"


@check("whitespace", WARNING, "leading or trailing whitespace, or a blank line, in the translation")
def _whitespace(p: Pair) -> Iterator[str]:
    if p.msgstr != p.msgstr.strip():
        yield "leading or trailing whitespace"
    if re.search(r"\n[^\S\n]*\n", p.msgstr):
        yield "a blank line would split the paragraph"


@check("length", WARNING, "the translation is unusually short or long for its source")
def _length(p: Pair) -> Iterator[str]:
    source, target = normalize_ws(p.msgid), normalize_ws(p.msgstr)
    if len(source) < LENGTH_MIN_CHARS:
        return
    ratio = len(target) / len(source)
    low, high = LENGTH_RATIO
    if not low <= ratio <= high:
        yield f"{ratio:.2f}× the length of the source (expected {low}–{high}×)"


_LETTER = re.compile(r"[^\W\d_]")
_IN_SCRIPT = {
    "Cyrl": re.compile(r"[\u0400-\u0482\u048a-\u052f]"),
    "Latn": re.compile(r"[A-Za-z\u00aa\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]"),
}


def fast_script_counts(text: str) -> Counter[str]:
    """:func:`loctool.detect.script_counts` counted with regular expressions when every
    letter is in the common Cyrillic and Latin blocks (what that function would say of
    them), and by that function otherwise."""
    total = len(_LETTER.findall(text))
    counts = Counter({name: len(rx.findall(text)) for name, rx in _IN_SCRIPT.items()})
    if counts["Cyrl"] + counts["Latn"] != total:
        return script_counts(text)
    return +counts


_OTHER_LETTER = {  # a letter of another script than the target's
    "Cyrl": r"[^\W\d_\u0400-\u052f]",
    "Latn": r"[^\W\d_A-Za-z\u00c0-\u024f]",
}


@check(
    "script",
    ERROR,
    "the translation is not in the target language's alphabet",
    screen=Seek(
        by_lang=tuple((lang, _OTHER_LETTER[s]) for lang, s in SCRIPT_OF_LANG.items()), source=False
    ),
)
def _script(p: Pair) -> Iterator[str]:
    expected = SCRIPT_OF_LANG.get(p.target_lang)
    if expected is None:
        return
    if SCRIPT_OF_LANG.get(p.source_lang) not in (None, expected):
        # names and do-not-translate terms copied from a source in another alphabet only
        # add letters of that alphabet: if the whole text passes, the rest does too
        counts = fast_script_counts(p.prose_msgstr)
        if counts[expected] * 2 > sum(counts.values()):
            return
    kept = {w for w in _WORD.findall(p.prose_msgid) if not w.islower()}  # names, acronyms
    words = [w for w in _WORD.findall(p.prose_msgstr) if w not in kept]
    text = _dnt_spans_removed(" ".join(words), p.hits) if p.hits else " ".join(words)
    counts = fast_script_counts(text)
    total = sum(counts.values())
    if not total or counts[expected] * 2 > total:
        return
    found, n = counts.most_common(1)[0]
    yield (
        f"written in {SCRIPT_NAMES[found]} script ({n} of {total} letters); "
        f"{p.target_name} is written in {SCRIPT_NAMES[expected]}"
    )


_LATIN = "A-Za-z\u00c0-\u024f"
_CYRILLIC = "\u0400-\u052f"
_MIXED_HINT = re.compile(f"[{_LATIN}][{_CYRILLIC}]|[{_CYRILLIC}][{_LATIN}]")


@check(
    "lookalike",
    ERROR,
    "a word mixes Latin and Cyrillic letters (i for і, a for а)",
    screen=Seek(_MIXED_HINT.pattern, source=False),
)
def _lookalike(p: Pair) -> Iterator[str]:
    if not _MIXED_HINT.search(p.msgstr):
        return
    source = set(_WORD.findall(p.msgid))
    expected = SCRIPT_OF_LANG.get(p.target_lang)
    for word in dict.fromkeys(_WORD.findall(p.prose_msgstr)):
        if word in source or not _MIXED_HINT.search(word):
            continue
        counts = script_counts(word)
        main = expected if expected is not None and expected in counts else None
        main = main or counts.most_common(1)[0][0]
        odd = sorted({ch for ch in word if script_counts(ch).get(main) is None})
        yield (
            f"“{word}” mixes alphabets: {' '.join(odd)} "
            f"{'is' if len(odd) == 1 else 'are'} not {SCRIPT_NAMES.get(main, main)}"
        )


def _letters_of(text: str, letters: frozenset[str]) -> list[str]:
    return sorted(letters.intersection(text.lower()))


_FOREIGN = {
    "kk": TG_ONLY,  # ӣ ӯ ҳ ҷ
    "tg": KK_ONLY,  # ә ң ө ұ ү һ і
    "ru": KK_LETTERS | TG_LETTERS,
}


_FOREIGN_RE = {
    lang: re.compile("[" + "".join(sorted(letters | {c.upper() for c in letters})) + "]")
    for lang, letters in _FOREIGN.items()
}


@check(
    "letters",
    ERROR,
    "letters of another of Kazakh, Tajik or Russian",
    screen=Seek(
        by_lang=tuple((lang, rx.pattern) for lang, rx in _FOREIGN_RE.items()), source=False
    ),
)
def _letters(p: Pair) -> Iterator[str]:
    foreign = _FOREIGN.get(p.target_lang)
    if foreign is None:
        return
    found = _letters_of(p.msgstr, foreign)
    if not found:
        return
    kk, tg = any(ch in KK_ONLY for ch in found), any(ch in TG_ONLY for ch in found)
    origin = "Kazakh" if kk and not tg else "Tajik" if tg and not kk else "Kazakh or Tajik"
    yield f"{' '.join(found)}: {origin} letters, not used in {p.target_name}"


@check(
    "spelling",
    WARNING,
    "a kk/tg word written with Russian letters (Арине for Әрине)",
    screen=lambda p: p.lexicon is not None,
)
def _spelling(p: Pair) -> Iterator[str]:
    if p.lexicon is None or p.lexicon.lang != p.target_lang:
        return
    for written, known in p.lexicon.suspects(p.msgstr, own=p.learned):
        yield f"“{written}”: the project writes “{known}” ({p.target_name} letters)"


@check(
    "profile",
    WARNING,
    "the Cyrillic letter profile reads like another language",
    screen=lambda p: p.target_lang in ("kk", "tg"),
)
def _profile(p: Pair) -> Iterator[str]:
    own = {"kk": KK_LETTERS, "tg": TG_LETTERS}.get(p.target_lang)
    if own is None:
        return
    cyrillic = fast_script_counts(p.msgstr)["Cyrl"]
    if cyrillic >= PROFILE_MIN_LETTERS and not _letters_of(p.msgstr, own):
        yield (
            f"none of {p.target_name}'s own letters ({' '.join(sorted(own))}) "
            f"in {cyrillic} Cyrillic letters: reads like Russian"
        )
    if p.target_lang == "tg":
        found = _letters_of(p.msgstr, NOT_TAJIK)
        if found:
            yield f"{' '.join(found)}: not in the Tajik alphabet (Russian spelling?)"


@check(
    "dnt",
    ERROR,
    "a do-not-translate glossary term is not kept as written",
    screen=lambda p: p.glossary is not None,
)
def _dnt(p: Pair) -> Iterator[str]:
    for term in p.hits:
        if term.dnt and not contains_verbatim(p.msgstr, term.term):
            yield f"do-not-translate “{term.term}” must stay as written"


@check(
    "glossary",
    WARNING,
    "a glossary term is not translated as the glossary says",
    screen=lambda p: p.glossary is not None,
)
def _glossary(p: Pair) -> Iterator[str]:
    for term in p.hits:
        if term.dnt:
            continue
        forms = term.expected(p.target_lang)
        written = term.expected_patterns(p.target_lang)
        if forms and not any(contains(p.msgstr, form) for form in written):
            yield f"“{term.term}” should be " + " or ".join(f"“{form}”" for form in forms)


@check("subtitle", WARNING, "a subtitle is read too fast or does not fit two lines of 42")
def _subtitle(p: Pair) -> Iterator[str]:
    seconds = subtitles.note_duration(p.notes)
    if seconds is None:
        return
    speed = subtitles.reading_speed(p.msgstr, seconds, "vtt")
    if speed > subtitles.MAX_CPS:
        yield (
            f"{speed:.1f} characters per second over {seconds:.2f} s on screen "
            f"(limit {subtitles.MAX_CPS:g}); shorten it"
        )
    yield from subtitles.line_problems(p.msgstr, "vtt")
