"""Catalog scale: 20,000 units over 200 articles, loctool against GNU msgmerge.

A deterministic generator writes 200 Turkish-looking articles of 100 distinct units
each (the seed article's words and sentence lengths; titles, paragraphs, speaker lines
with dialog, and boilerplate sentences shared across articles) into a project with
``source_language = "tr"`` and the four targets kk, tg, ru, en.  Then, side by side in
one run (the modes interleaved, best of ``--repeat`` rounds), this times

  (1) the first ``extract``: 200 POTs + 800 POs written (in process), and the same with
      language detection on (no ``source_language`` in the config);
  (2) a merge: the POs get translations (reviewed, post-edited and machine, written
      through the catalog API, not timed) that read like text to the checks: words of
      the worked example's kk/tg/ru/en translations, the source's numbers in each
      language's notation, names transliterated, glossary terms (its glossary is
      copied in), and a few flaws a reviewer lets through (a changed digit, a Latin
      letter in a Cyrillic word, source words left in — errors, some overridden —, a
      doubled word, a lost full stop); ~5 % of the sentences are edited and a few
      added and removed, then ``loctool extract`` re-extracts and merges into the 800
      POs (end to end as ``python -m loctool extract``, and in process) against GNU
      ``msgmerge --previous -q -o OUT old.po new.pot`` over the same 800 pairs, one
      process per pair in sequence as a Makefile would (the goal's yardstick), and with
      ``xargs -P2`` for reference;
  (3) a no-change re-run of ``extract`` (in process; detection on and off), and once
      with extract's records dropped (every catalog read, merged and compared again);
  (4) ``status`` on the 800 catalogs: ``stats.collect`` in process, and
      ``python -m loctool status --json`` end to end, each with an empty cache (every
      catalog parsed, every reviewed unit through the publication gate's checks),
      cold (no cached rows: every catalog parsed, the gate's verdicts remembered from
      the last status) and with the catalogs unchanged since the last status;

and prints the figures and their ratios with the goals (merge <= 2x msgmerge, no-change
re-run <= 0.5x the first run, status < 1 s).  Entry states of loctool's merge and
msgmerge's are compared as a sanity check.  Nothing here touches the network.

    python bench/catalog_scale.py              # 200 articles x 100 units, best of 3
    python bench/catalog_scale.py --repeat 1   # quicker
    python bench/catalog_scale.py --tiny       # seconds; used by the test suite
    python bench/catalog_scale.py --keep       # keep the generated project to look at
"""

from __future__ import annotations

import argparse
import compileall
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

_tmp = Path(tempfile.mkdtemp(prefix="loctool-bench-scale-"))
for _name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR"):
    os.environ[_name] = str(_tmp / _name.lower())
    Path(os.environ[_name]).mkdir(mode=0o700, parents=True, exist_ok=True)

from loctool import cache, catalog, numbers, pipeline, stats  # noqa: E402
from loctool.glossary import Glossary, Term, for_project  # noqa: E402
from loctool.model import Provenance  # noqa: E402
from loctool.project import Project  # noqa: E402
from loctool.segment import segment  # noqa: E402

SEED = REPO / "seeds" / "kazakhstan-tajikistan-cooperation.txt"
SOURCE, TARGETS = "tr", ("kk", "tg", "ru", "en")
NBSP_LINE = "\u00a0\n"

# --------------------------------------------------------------------------- corpus


@dataclass
class Block:
    """A piece of an article: a title, a paragraph, a speaker line with its dialog, or a
    sign-off line."""

    kind: str  # "title" | "para" | "speaker" | "plain"
    sentences: list[str]
    speaker: str = ""


@dataclass
class Corpus:
    """Words and shapes taken from the seed article."""

    words: list[str]
    edge_words: list[str]  # alphabetic words of 5+ letters: first and last words
    names: list[str]  # capitalized words: speaker names
    lengths: list[int]  # words per sentence
    boilerplate: list[str] = field(default_factory=list)


def load_corpus(rng: random.Random) -> Corpus:
    text = SEED.read_text(encoding="utf-8")
    units = [" ".join(text[s:e].split()) for s, e in segment(text, "tr")]
    words = [w.strip(".,:;-") for u in units for w in u.split()]
    words = [w for w in words if w and not w.endswith(".")]
    edge = [w for w in words if w.isalpha() and len(w) > 4]
    names = sorted({w for w in edge if w[0].isupper()})
    lengths = [len(u.split()) for u in units if len(u.split()) >= 4]
    corpus = Corpus(words, edge, names, lengths)
    corpus.boilerplate = [sentence(corpus, rng) for _ in range(30)]
    corpus.boilerplate += ["Silk Way TV", "Haberin devamı yarın.", "Kaynak: Silk Way TV."]
    return corpus


def sentence(corpus: Corpus, rng: random.Random, length: int | None = None) -> str:
    n = max(3, length or rng.choice(corpus.lengths))
    inner = [rng.choice(corpus.words) for _ in range(n - 2)]
    body = " ".join([rng.choice(corpus.edge_words), *inner, rng.choice(corpus.edge_words)])
    return body[:1].upper() + body[1:] + rng.choice(".....!?")


def speaker(corpus: Corpus, rng: random.Random) -> str:
    name = " ".join(rng.sample(corpus.names, 2))
    role = " ".join(rng.choice(corpus.words).lower() for _ in range(rng.randint(2, 4)))
    return f"{name}, {role}:"


def make_article(corpus: Corpus, rng: random.Random, units: int) -> list[Block]:
    """Blocks holding ``units`` distinct units (title, speakers and sentences)."""
    seen: set[str] = set()

    def fresh(make: Callable[[], str]) -> str:
        while True:
            text = make()
            if text not in seen:
                seen.add(text)
                return text

    title = fresh(lambda: sentence(corpus, rng, rng.randint(4, 8)).rstrip(".!?"))
    blocks = [Block("title", [title])]
    left = units - 1
    shared = rng.sample(corpus.boilerplate[:-3], 3)  # repeated across articles
    while left > 1:
        if rng.random() < 0.25 and left >= 3:  # a speaker line and what they said
            said = [fresh(lambda: sentence(corpus, rng)) for _ in range(min(left - 2, 3))]
            blocks.append(Block("speaker", said, fresh(lambda: speaker(corpus, rng))))
            left -= 1 + len(said)
        else:
            n = min(left - 1, rng.randint(2, 6))
            para = [fresh(lambda: sentence(corpus, rng)) for _ in range(n)]
            if shared and rng.random() < 0.3 and shared[-1] not in seen:
                seen.discard(para[-1])
                para[-1] = shared.pop()
                seen.add(para[-1])
            blocks.append(Block("para", para))
            left -= n
    blocks.append(Block("plain", [corpus.boilerplate[-3 + rng.randrange(3)]]))
    return blocks


def render_article(blocks: list[Block]) -> str:
    """Blank lines between paragraphs, an NBSP line before a speaker (as in the seed),
    the speaker's words on the next line after a dialog dash."""
    out = ""
    for block in blocks:
        if out:
            out += "\n\n" + NBSP_LINE + "\n" if block.kind == "speaker" else "\n\n"
        if block.kind == "speaker":
            out += f"{block.speaker}\n-" + " ".join(block.sentences)
        else:
            out += " ".join(block.sentences)
    return out + "\n"


def edit_articles(
    articles: dict[str, list[Block]], corpus: Corpus, rng: random.Random, share: float
) -> Counter[str]:
    """Edit ``share`` of the sentences (one word replaced, added or dropped), add and
    remove a few; returns what was done."""
    done: Counter[str] = Counter()
    for blocks in articles.values():
        for block in blocks:
            if block.kind not in ("para", "speaker"):
                continue
            for i, text in enumerate(block.sentences):
                if rng.random() >= share or text in corpus.boilerplate:
                    continue
                words = text[:-1].split()
                k = rng.randrange(1, len(words))
                how = rng.choice(("replace", "add", "drop")) if len(words) > 4 else "add"
                if how == "replace":
                    words[k] = rng.choice(corpus.words)
                elif how == "add":
                    words.insert(k, rng.choice(corpus.words))
                else:
                    del words[k]
                block.sentences[i] = " ".join(words) + text[-1]
                done["edited"] += 1
        paras = [b for b in blocks if b.kind == "para" and len(b.sentences) > 1]
        if rng.random() < 0.25:
            rng.choice(paras).sentences.append(sentence(corpus, rng))
            done["added"] += 1
        if rng.random() < 0.25:
            victim = rng.choice(paras)
            victim.sentences.pop(rng.randrange(len(victim.sentences)))
            done["removed"] += 1
    return done


# --------------------------------------------------------------------------- project

_TURKISH = "abcçdefgğhıijklmnoöprsştuüvyzqwx"
_NAMES = {  # Turkish letters in names as each Cyrillic language writes them
    "kk": "а б дж ч д е ф г ғ х ы и ж к л м н о ө п р с ш т у ү в й з к у кс",
    "tg": "а б ҷ ч д е ф г ғ ҳ и и ж к л м н о ӯ п р с ш т у ю в й з к в кс",
    "ru": "а б дж ч д е ф г г х ы и ж к л м н о ё п р с ш т у ю в й з к у кс",
}
CYRILLIC = {
    lang: str.maketrans(
        {**dict(zip(_TURKISH, letters.split(), strict=True)), "İ": "И", "I": "Ы"}
        | {a.upper(): b.capitalize() for a, b in zip(_TURKISH, letters.split(), strict=True)}
    )
    for lang, letters in _NAMES.items()
}
EXAMPLE = REPO / "locales"  # the worked example: reviewed kk, tg, ru, en translations
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
LOOKALIKE = str.maketrans("аеоірс", "aeoipc")  # Cyrillic letters and their Latin twins
FLAWS = (  # what a reviewed translation gets wrong, and how often (per unit)
    ("number", 0.010),  # a digit changed: error (numbers)
    ("lookalike", 0.008),  # a Latin letter inside a Cyrillic word: error (lookalike)
    ("fragment", 0.006),  # three source words left in: error (fragment)
    ("doubled", 0.010),  # a word typed twice: warning
    ("stop", 0.010),  # the final full stop dropped: warning
)
MARK = "\ue000"  # where a number of the source goes
GLOSSARY = Glossary.load(REPO / "glossary.csv", "tr")  # the worked example's
OVERRIDDEN = 0.3  # of the units with an error: accepted over it, the override recorded


@dataclass
class Language:
    """A target language as the worked example's reviewed translations write it."""

    code: str
    words: list[str]  # lowercase words, as often as they occur
    ratio: float  # target words per source word


def load_languages() -> dict[str, Language]:
    languages = {}
    for lang in TARGETS:
        po = catalog.load(EXAMPLE / lang / "LC_MESSAGES" / SEED.with_suffix(".po").name)
        pairs = [(e.msgid, e.msgstr) for e in po if e.msgstr and not e.obsolete]
        words = [w for _, text in pairs for w in _WORD.findall(text) if w.islower()]
        # not a scale word (мың, million): after a number it would change the number
        words = [w for w in words if [n.value for n in numbers.read(f"7 {w}", lang)] == [7]]
        source = sum(len(_WORD.findall(msgid)) for msgid, _ in pairs)
        target = sum(len(_WORD.findall(text)) for _, text in pairs)
        languages[lang] = Language(lang, words, target / source)
    return languages


@lru_cache(maxsize=4096)
def term_of(word: str) -> Term | None:
    """The glossary term a word of the source is (Kazakistan’ın: Kazakistan*), if any."""
    found = GLOSSARY.hits(word) if GLOSSARY is not None else []
    return found[0] if len(found) == 1 and len(found[0].term.split()) == 1 else None


def realistic(msgid: str, lang: Language, glossary: Glossary | None) -> str:
    """A translation of ``msgid`` that reads like real text to the checks: words of the
    target language (as many as its translations use), the source's numbers in the
    target's notation, names transliterated or as the glossary writes them, do-not-
    translate terms kept, the source's final punctuation.  The same msgid always gets
    the same text."""
    rng = random.Random(f"{lang.code}:{msgid}")
    body = msgid.rstrip(".!?:…")
    end = msgid[len(body) :]
    found = numbers.read(body, SOURCE)
    pieces, at = [], 0
    for n, number in enumerate(found):  # numbers (with scale words) become one token
        start = body.index(number.token, at)
        pieces += [body[at:start], f" {MARK}{n} "]
        at = start + len(number.token)
    body = "".join(pieces) + body[at:]
    hits = glossary.hits(msgid) if glossary is not None else []
    out: list[str] = []
    for n, token in enumerate(body.split()):
        if token.startswith(MARK):
            out.append(numbers.format_value(found[int(token[1:])].value, lang.code))
            continue
        word = token.strip(",;:()\"'’")
        term = next((t for t in hits if word in t.term.split()), None) or term_of(word)
        if term is not None and (word[:1].isupper() or term.term.islower()):
            forms = term.expected(lang.code)
            if term.dnt or not forms:
                out.append(word)
            elif word.casefold().startswith(term.term.split()[0].casefold()):
                out.append(forms[0].replace("*", ""))
            continue
        if word[:1].isupper() and n:  # a name
            if lang.code == "en":
                out.append(word)
            else:
                out.append(word if lang.code == "en" else word.translate(CYRILLIC[lang.code]))
            continue
        share = lang.ratio
        while share > 0:  # on average ``ratio`` target words per source word
            word = rng.choice(lang.words)
            if rng.random() < share and (not out or out[-1] != word):
                out.append(word)
            share -= 1
    if not out:
        out.append(rng.choice(lang.words))
    if "," in body and len(out) > 4:
        out[len(out) // 2] += ","
    text = " ".join(out)
    for term in hits:  # do-not-translate terms stay as written
        if term.dnt and term.term not in text:
            text += " " + term.term
    return text[:1].upper() + text[1:] + end


def flawed(text: str, msgid: str, lang: str, rng: random.Random) -> tuple[str, str]:
    """``text`` with one of :data:`FLAWS` (or none: ``""``), chosen by ``rng``."""
    roll = rng.random()
    for kind, share in FLAWS:
        if roll >= share:
            roll -= share
            continue
        words = text.split()
        if kind == "number" and any(ch.isdigit() for ch in text):
            at = next(i for i, ch in enumerate(text) if ch.isdigit())
            return text[:at] + str((int(text[at]) + 1) % 10) + text[at + 1 :], kind
        if kind == "lookalike" and lang != "en":
            for i, word in enumerate(words):
                swapped = word.translate(LOOKALIKE)
                if swapped != word and len(word) > 3:
                    k = next(j for j, ch in enumerate(word) if ch != swapped[j])
                    words[i] = word[:k] + swapped[k] + word[k + 1 :]
                    return " ".join(words), kind
        if kind == "fragment":
            plain = [w for w in msgid.split() if w.isalpha() and w.islower()]
            if len(plain) >= 4:
                k = rng.randrange(len(plain) - 2)
                words.insert(len(words) // 2, " ".join(plain[k : k + 3]))
                return " ".join(words), kind
        if kind == "doubled" and len(words) > 2:
            k = rng.randrange(1, len(words) - 1)
            if words[k].isalpha():
                words.insert(k, words[k])
                return " ".join(words), kind
        if kind == "stop" and text.endswith("."):
            return text[:-1], kind
        return text, ""
    return text, ""


def machine_draft(text: str, lang: Language, rng: random.Random) -> str:
    """What an engine might have said before a reviewer fixed it: some words differ."""
    words = text.split()
    for k in range(1, len(words)):
        if words[k].isalpha() and words[k].islower() and rng.random() < 0.2:
            other = rng.choice(lang.words)
            if other not in (words[k - 1], words[k + 1 : k + 2]):
                words[k] = other
    return " ".join(words)


def write_config(root: Path, detect: bool) -> None:
    """The configuration, and the worked example's glossary (its terms and do-not-
    translate names are what the checks look for)."""
    lines = [] if detect else ['source_language = "tr"']
    lines.append('targets = ["kk", "tg", "ru", "en"]')
    (root / "loctool.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copyfile(REPO / "glossary.csv", root / "glossary.csv")


def write_sources(root: Path, articles: dict[str, list[Block]]) -> None:
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    for slug, blocks in articles.items():
        (root / "seeds" / f"{slug}.txt").write_text(render_article(blocks), encoding="utf-8")


def translate_catalogs(project: Project, rng: random.Random) -> Counter[str]:
    """Give every PO translations through the catalog API (:func:`realistic` text):
    about half reviewed (some of them post-edited machine drafts, a few with a flaw of
    :data:`FLAWS`, some errors overridden), a third machine drafts, the rest
    untranslated.  Returns the states and flaws given."""
    counts: Counter[str] = Counter()
    prov = Provenance("argos", "translate-tr_en 1.9", "", "")
    glossary = for_project(project.root, SOURCE)
    assert glossary is not None and glossary.terms == GLOSSARY.terms
    languages = load_languages()
    for path in sorted(project.locales_dir.glob("*/LC_MESSAGES/*.po")):
        lang = languages[path.parent.parent.name]
        po = catalog.load(path)
        for entry in po:
            roll = rng.random()
            text = realistic(entry.msgid, lang, glossary)
            if roll < 0.5:
                if roll < 0.25:  # a post-edited machine draft
                    catalog.set_machine(entry, machine_draft(text, lang, rng), prov)
                text, flaw = flawed(text, entry.msgid, lang.code, rng)
                catalog.accept(entry, text)
                if flaw in ("number", "lookalike", "fragment") and rng.random() < OVERRIDDEN:
                    by = "Bench Reviewer <bench@example.org>"
                    override = catalog.Override((flaw,), by, "2026-12-01 08:00+0000")
                    catalog.set_qa_override(entry, override)
                    flaw += " (overridden)"
                if flaw:
                    counts[flaw] += 1
            elif roll < 0.82:
                catalog.set_machine(entry, machine_draft(text, lang, rng), prov)
            counts[entry.state.value] += 1
        catalog.save(po, path)
    return counts


# --------------------------------------------------------------------------- timing


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "loctool", "-C", str(root), *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )


def msgmerge_pairs(pairs: list[tuple[Path, Path, Path]], parallel: int) -> None:
    """``msgmerge --previous -q -o OUT old.po new.pot`` per pair: one process each, in
    sequence (``parallel`` 1, like a Makefile), or through ``xargs -P``."""
    if parallel == 1:
        for old, pot, out in pairs:
            subprocess.run(
                ["msgmerge", "--previous", "-q", "-o", str(out), str(old), str(pot)], check=True
            )
        return
    args = "".join(f"{out}\0{old}\0{pot}\0" for old, pot, out in pairs)
    subprocess.run(
        ["xargs", "-0", "-n3", f"-P{parallel}", "msgmerge", "--previous", "-q", "-o"],
        input=args.encode(),
        check=True,
    )


@dataclass
class Figures:
    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, name: str, value: float) -> None:
        self.seconds[name] = min(value, self.seconds.get(name, float("inf")))


def build(args: argparse.Namespace) -> tuple[dict[str, list[Block]], Corpus, random.Random]:
    rng = random.Random(args.seed)
    corpus = load_corpus(rng)
    articles = {
        f"article-{n:03d}": make_article(corpus, rng, args.units) for n in range(args.articles)
    }
    return articles, corpus, rng


def forget(root: Path, name: str) -> None:
    """Drop one of loctool's caches of a project (``extract`` records, ``status`` rows,
    the gate's ``verdicts``)."""
    (cache.folder(root) / f"{name}.json").unlink(missing_ok=True)


def extract_quietly(root: Path) -> float:
    """Time an in-process extract that must write nothing."""
    start = time.perf_counter()
    results = pipeline.extract(Project(root))
    seconds = time.perf_counter() - start
    assert not any(r.written for r in results), "a no-change re-run wrote files"
    return seconds


def entry_summary(path: Path) -> set[tuple[object, ...]]:
    return {(e.msgid, e.msgstr, "fuzzy" in e.flags, e.obsolete) for e in catalog.load(path)}


def compare_with_gnu(project: Project, pairs: list[tuple[Path, Path, Path]]) -> str:
    """Entry states after loctool's merge and after msgmerge's, and how many catalogs
    hold the same (msgid, msgstr, fuzzy, obsolete) entries."""
    same = 0
    ours: Counter[str] = Counter()
    gnu: Counter[str] = Counter()
    for _, _, out in pairs:
        mine = project.po_path(out.parent.name, out.stem)
        ours.update(e.state.value for e in catalog.load(mine))
        gnu.update(e.state.value for e in catalog.load(out))
        same += entry_summary(mine) == entry_summary(out)
    return (
        f"entry states after the merge, loctool  {dict(sorted(ours.items()))}\n"
        f"                              msgmerge {dict(sorted(gnu.items()))}\n"
        f"  catalogs with the same msgid/msgstr/fuzzy/obsolete entries: {same}/{len(pairs)}\n"
        "  (a machine draft whose source changed is 'changed' in loctool, with #| msgid;\n"
        "  msgmerge keeps an already fuzzy entry without #|, so it stays 'machine')"
    )


LABELS = {
    "first": "(1) first extract, source_language set",
    "first_detect": "(1) first extract, language detection",
    "merge_cli": "(2) merge: loctool extract (CLI, end to end)",
    "merge": "(2) merge: loctool extract (in process)",
    "msgmerge": "(2) GNU msgmerge, sequential (Makefile-like)",
    "msgmerge_p2": "(2) GNU msgmerge, xargs -P2",
    "nochange": "(3) no-change re-run, source_language set",
    "nochange_detect": "(3) no-change re-run, language detection",
    "nochange_full": "(3) no-change re-run, extract records dropped",
    "nochange_after_merge": "(3) no-change re-run after the merge",
    "status_empty": "(4) status in process, empty cache",
    "status_cold": "(4) status in process, cold (no cached rows)",
    "status": "(4) status in process, catalogs unchanged",
    "status_cli_empty": "(4) status --json CLI, empty cache",
    "status_cli_cold": "(4) status --json CLI, cold",
    "status_cli": "(4) status --json CLI, catalogs unchanged",
}


def report(fig: Figures, repeat: int, catalogs: int) -> dict[str, float]:
    s = fig.seconds
    print(f"\nfigures (best of {repeat}, modes interleaved), {catalogs} PO catalogs:")
    for key, label in LABELS.items():
        print(f"  {label:<48} {s[key]:8.3f} s")
    ratios = {
        "merge/msgmerge": s["merge_cli"] / s["msgmerge"],
        "merge_inproc/msgmerge": s["merge"] / s["msgmerge"],
        "merge/msgmerge_p2": s["merge_cli"] / s["msgmerge_p2"],
        "nochange/first": s["nochange"] / s["first"],
        "nochange_detect/first_detect": s["nochange_detect"] / s["first_detect"],
        "nochange_full/first": s["nochange_full"] / s["first"],
        "detect/first": s["first_detect"] / s["first"],
    }
    lines = [
        ("merge, CLI / msgmerge sequential", ratios["merge/msgmerge"], "(goal <= 2)"),
        ("merge, in process / msgmerge sequential", ratios["merge_inproc/msgmerge"], ""),
        ("merge, CLI / msgmerge xargs -P2", ratios["merge/msgmerge_p2"], ""),
        ("no-change re-run / first extract", ratios["nochange/first"], "(goal <= 0.5)"),
        ("the same, language detection on", ratios["nochange_detect/first_detect"], ""),
        ("the same, extract records dropped", ratios["nochange_full/first"], ""),
        ("first extract, detection on / off", ratios["detect/first"], ""),
    ]
    print("ratios and goals:")
    for label, value, goal in lines:
        print(f"  {label:<44} {value:6.2f}  {goal}".rstrip())
    for label, key in (
        ("empty cache, in process", "status_empty"),
        ("empty cache, CLI", "status_cli_empty"),
        ("cold (no cached row), in process", "status_cold"),
        ("cold (no cached row), CLI", "status_cli_cold"),
        ("catalogs unchanged, in process", "status"),
        ("catalogs unchanged, CLI", "status_cli"),
    ):
        print(f"  status, {label:<36} {s[key]:6.3f} s  (goal < 1 s)")
    return {**s, **ratios}


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--units", type=int, default=100, help="distinct units per article")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--edit", type=float, default=0.05, help="share of sentences edited")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tiny", action="store_true", help="a few articles, one round")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args(argv)
    if args.tiny:
        args.articles, args.units, args.repeat = 4, 30, 1
    wall = time.perf_counter()
    # The CLI runs start as an installed loctool does: with its modules' bytecode cached
    # (pip compiles it on install; PYTHONDONTWRITEBYTECODE would otherwise make every
    # process compile loctool again, ~0.15 s here)
    compileall.compile_dir(REPO / "src" / "loctool", quiet=1)
    gnu = subprocess.run(["msgmerge", "--version"], capture_output=True, text=True, check=True)
    print(
        f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; "
        f"{gnu.stdout.splitlines()[0]}"
    )

    articles, corpus, rng = build(args)
    work = _tmp / "work"
    root, detect_root = work / "project", work / "project-detect"
    for where, detect in ((root, False), (detect_root, True)):
        where.mkdir(parents=True)
        write_config(where, detect)
        write_sources(where, articles)
    fig = Figures()

    # (1) first extract, (3) no-change re-runs, interleaved
    results: list[pipeline.Extracted] = []
    for _ in range(args.repeat):
        for key, where in (("first", root), ("first_detect", detect_root)):
            shutil.rmtree(where / "locales", ignore_errors=True)
            start = time.perf_counter()
            results = pipeline.extract(Project(where))
            fig.add(key, time.perf_counter() - start)
        fig.add("nochange", extract_quietly(root))
        fig.add("nochange_detect", extract_quietly(detect_root))
        forget(root, "extract")
        fig.add("nochange_full", extract_quietly(root))
    units = sum(len(r.article.translatable_units()) for r in results)
    found = Counter(r.source_lang for r in results)
    project = Project(root)
    catalogs = len(list(project.locales_dir.glob("*/LC_MESSAGES/*.po")))
    print(
        f"\ncorpus: {len(articles)} articles, {units} units, {catalogs} PO catalogs + "
        f"{len(results)} POTs; detected source languages {dict(found)}"
    )

    # (2) the merge: translations given, sources edited
    given = translate_catalogs(project, rng)
    done = edit_articles(articles, corpus, rng, args.edit)
    write_sources(root, articles)
    print(
        f"translations given: {dict(sorted(given.items()))}; "
        f"sources: {done['edited']} sentences edited, {done['added']} added, "
        f"{done['removed']} removed"
    )
    before = work / "before"
    shutil.copytree(project.locales_dir, before)
    pipeline.extract(project)  # the new POTs, for msgmerge
    new_pots = work / "templates"
    shutil.copytree(project.locales_dir / "templates", new_pots)
    pairs = []
    for po in sorted(before.glob("*/LC_MESSAGES/*.po")):
        out = work / "gnu" / po.parent.parent.name / po.name
        out.parent.mkdir(parents=True, exist_ok=True)
        pairs.append((po, new_pots / f"{po.stem}.pot", out))

    def restore() -> None:
        shutil.rmtree(project.locales_dir)
        shutil.copytree(before, project.locales_dir)

    for _ in range(args.repeat):
        restore()
        fig.add("merge_cli", timed(lambda: run_cli(root, "extract")))
        restore()
        fig.add("merge", timed(lambda: pipeline.extract(project)))
        fig.add("msgmerge", timed(lambda: msgmerge_pairs(pairs, 1)))
        fig.add("msgmerge_p2", timed(lambda: msgmerge_pairs(pairs, 2)))
        fig.add("nochange_after_merge", extract_quietly(root))
        # (4) status: with an empty cache (rows computed from every catalog, every
        # reviewed unit checked), cold (rows computed, the verdicts of the last status
        # remembered), then with the catalogs unchanged since the last status
        for name, run in (
            ("status", lambda: stats.collect(project)),
            ("status_cli", lambda: run_cli(root, "status", "--json")),
        ):
            forget(root, "status")
            forget(root, "verdicts")
            fig.add(f"{name}_empty", timed(run))
            forget(root, "status")
            fig.add(f"{name}_cold", timed(run))
            fig.add(name, timed(run))

    figures = report(fig, args.repeat, catalogs)
    rows = stats.collect(project)
    print(
        "status after the merge: "
        + ", ".join(
            f"{sum(getattr(r, name) for r in rows):,} {name.replace('_', ' ')}"
            for name in ("reviewed", "reviewed_with_errors", "overridden", "qa_warnings")
        )
    )
    print(compare_with_gnu(project, pairs))
    print(f"total bench time {time.perf_counter() - wall:.0f} s")
    if args.keep:
        print(f"files kept in {work}")
    else:
        shutil.rmtree(_tmp, ignore_errors=True)
    return figures


if __name__ == "__main__":
    main()
