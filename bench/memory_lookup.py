"""Translation-memory lookup: the word index against a linear scan, same scorer.

Builds a memory of ``--entries`` units (default 50,000): sentences of 5-28 words drawn
with a Zipf distribution (as words are in real text) from the seed article's words and
made-up Turkish-looking ones, then runs ``--queries`` lookups (default 1,000: a mix
of exact repeats, one- and two-word edits of stored units, and unrelated sentences)

  (a) through ``Memory.fuzzy`` (inverted index of words, rarest words first),
  (b) as a linear scan: ``rapidfuzz.process.extractOne`` over every unit,

both with ``fuzz.ratio`` and a 75 % cut-off, and prints queries per second, the ratio
(goal >= 20x) and the recall of the index (best score equal to the scan's).

    python bench/memory_lookup.py
    python bench/memory_lookup.py --entries 2000 --queries 100     # seconds
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from loctool.memory import FUZZY_THRESHOLD, Memory  # noqa: E402

SEED = REPO / "seeds" / "kazakhstan-tajikistan-cooperation.txt"


def vocabulary(size: int, rng: random.Random) -> list[str]:
    """The seed's words, then made-up Turkish-looking words, in frequency-rank order."""
    seed = [w.strip(".,:;") for w in SEED.read_text(encoding="utf-8").split()]
    words = list(dict.fromkeys(w for w in seed if w))
    syllables = "ka za ki stan lar ler ın in de da ye ta cik bay mur gul sar tep ol an"
    parts = syllables.split()
    while len(words) < size:
        word = "".join(rng.choice(parts) for _ in range(rng.randint(2, 4)))
        if word not in words:
            words.append(word)
    return words


def corpus(entries: int, queries: int, seed: int = 5) -> tuple[list[str], list[str]]:
    """Sentences with Zipf-distributed words (as in real text), and the queries."""
    rng = random.Random(seed)
    words = vocabulary(20_000, rng)
    weights = [1 / (rank + 1) ** 1.05 for rank in range(len(words))]
    cumulative = list(itertools.accumulate(weights))

    def sentence() -> str:
        n = rng.randint(5, 28)
        return " ".join(rng.choices(words, cum_weights=cumulative, k=n)) + "."

    stored = list(dict.fromkeys(sentence() for _ in range(entries)))
    asked = []
    for n in range(queries):
        kind = n % 4
        if kind == 0:
            asked.append(rng.choice(stored))
        elif kind in (1, 2):
            parts = rng.choice(stored).split()
            for _ in range(kind):
                parts[rng.randrange(len(parts))] = rng.choices(words, cum_weights=cumulative)[0]
            asked.append(" ".join(parts))
        else:
            asked.append(sentence())
    return stored, asked


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=1_000)
    args = parser.parse_args(argv)
    from rapidfuzz import fuzz, process

    stored, asked = corpus(args.entries, args.queries)
    start = time.perf_counter()
    tm = Memory("tr", "en")
    for n, text in enumerate(stored):
        tm.add(text, f"translation {n}", f"bench#{n}")
    build = time.perf_counter() - start

    start = time.perf_counter()
    indexed = [tm.fuzzy(q, limit=1) for q in asked]
    t_index = time.perf_counter() - start

    start = time.perf_counter()
    linear = [
        process.extractOne(q, stored, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
        for q in asked
    ]
    t_linear = time.perf_counter() - start

    agree = sum(
        (not got and want is None) or (bool(got) and want is not None and got[0].score == want[1])
        for got, want in zip(indexed, linear, strict=True)
    )
    hits = sum(want is not None for want in linear)
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    print(
        f"memory: {len(tm)} units (built in {build:.2f} s); {len(asked)} queries, {hits} with "
        f"a match >= {FUZZY_THRESHOLD:.0f}%"
    )
    print(f"  (a) word index   {t_index:8.3f} s  {len(asked) / t_index:10.1f} queries/s")
    print(f"  (b) linear scan  {t_linear:8.3f} s  {len(asked) / t_linear:10.1f} queries/s")
    ratio = t_linear / t_index
    print(f"  index/scan speed ratio {ratio:.1f}x  (goal >= 20x)")
    print(f"  recall: {agree}/{len(asked)} queries get the scan's best score")
    return {"ratio": ratio, "recall": agree / len(asked)}


if __name__ == "__main__":
    main()
