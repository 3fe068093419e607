"""Projects of several articles for the streaming and cluster tests (plumbing only)."""

from __future__ import annotations

import random
import re
from pathlib import Path

from loctool import catalog
from loctool.model import State

from .conftest import SEED, po_path


def words() -> list[str]:
    text = SEED.read_text(encoding="utf-8")
    return [w for w in re.findall(r"[^\W\d_]+", text) if len(w) > 2]


def write_articles(root: Path, count: int, sentences: int = 8, seed: int = 5) -> list[str]:
    """``count`` articles of distinct Turkish-looking sentences (two paragraphs each),
    plus one sentence shared by every article; returns their slugs."""
    pool = words()
    rng = random.Random(seed)
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    slugs = []
    for n in range(count):
        lines = []
        for _ in range(sentences):
            body = " ".join(rng.choice(pool) for _ in range(rng.randint(3, 14)))
            lines.append(body[:1].upper() + body[1:] + ".")
        lines.append("Kazakistan ve Tacikistan işbirliği sürüyor.")
        half = len(lines) // 2
        slug = f"article-{n:02d}"
        text = " ".join(lines[:half]) + "\n\n" + " ".join(lines[half:]) + "\n"
        (root / "seeds" / f"{slug}.txt").write_text(text, encoding="utf-8")
        slugs.append(slug)
    return slugs


def article_states(root: Path, lang: str, slug: str) -> set[State]:
    return {
        e.state for e in catalog.load(po_path(root, lang, slug)).active()
    }


def catalogs(root: Path) -> dict[str, str]:
    """Every catalog's text without the date headers (runs a minute apart differ there)."""
    out = {}
    for path in sorted((root / "locales").rglob("*.po*")):
        lines = path.read_text(encoding="utf-8").splitlines()
        kept = [ln for ln in lines if not ln.startswith(('"POT-Creation-Date', '"PO-Revision'))]
        out[path.relative_to(root).as_posix()] = "\n".join(kept)
    return out
