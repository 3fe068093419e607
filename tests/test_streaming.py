"""Translation streamed in chunks (issue 13): same output as one call per pair, progress
per chunk, articles saved as they finish; Ctrl-C, SIGTERM and SIGKILL keep them."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from loctool import catalog
from loctool.cli import cli
from loctool.engines import multilingual, stream
from loctool.engines.base import DecodeOptions
from loctool.engines.select import Engines
from loctool.model import State
from loctool.pipeline import Progress, translate
from loctool.project import Config, Project

from .conftest import REPO, loctool_argv, po_path, subprocess_env
from .streamkit import article_states, catalogs, write_articles
from .test_crashes import crash_env

LANGS = "en,ru,kk"
MARKUP = REPO / "tests" / "data" / "markup.md"


def cli_run(root: Path, *args: str) -> None:
    result = CliRunner().invoke(cli, ["-C", str(root), *args])
    assert result.exit_code == 0, result.output


def set_chunk_tokens(root: Path, tokens: int) -> None:
    (root / "loctool.toml").write_text(f"[translate]\nchunk_tokens = {tokens}\n", "utf-8")


@pytest.fixture
def models(install_pairs, nllb_model) -> None:
    """tr→en, en→ru (so tr→ru pivots through English) and a multilingual model for kk."""
    install_pairs("tr-en", "en-ru")
    multilingual.register(nllb_model(), "nllb-copy")


def test_chunked_output_is_the_single_call_output(tmp_path: Path, models, mt_calls) -> None:
    one, chunked = tmp_path / "one", tmp_path / "chunked"
    write_articles(one, 6)
    shutil.copyfile(MARKUP, one / "seeds" / "links.md")  # placeholders around the seam
    shutil.copytree(one, chunked)
    for root in (one, chunked):  # a memory hit in both: a reviewed unit of article 0
        cli_run(root, "extract", "--lang", LANGS)
        path = po_path(root, "en", "article-00")
        po = catalog.load(path)
        catalog.accept(po[0], "A reviewed English sentence.")
        catalog.save(po, path)
    set_chunk_tokens(one, 10**9)
    cli_run(one, "translate", "--lang", LANGS)
    single = len(mt_calls)
    set_chunk_tokens(chunked, 120)
    cli_run(chunked, "translate", "--lang", LANGS)
    # One call per pair and pivot leg (tr→en is mostly reused by tr→ru)…
    assert single <= 4
    assert len(mt_calls) - single > 3 * single  # …against many chunks for the same work
    # where a model emits <unk>, the source piece is copied (issue 11)
    assert all(call.kwargs["replace_unknowns"] is True for call in mt_calls)
    # … and for the scores the confidence is made from (issue 15)
    assert all(call.kwargs["return_scores"] is True for call in mt_calls)
    (one / "loctool.toml").unlink(), (chunked / "loctool.toml").unlink()
    assert catalogs(chunked) == catalogs(one)
    ru = catalog.load(po_path(chunked, "ru", "article-03"))
    assert {catalog.provenance(e).model for e in ru} == {"tr→en 1.0 + en→ru 1.0"}
    assert all(e.msgstr == e.msgid for e in ru)  # copy models: unit i got translation i
    links = catalog.load(po_path(chunked, "en", "links"))
    assert any("](https://" in e.msgid for e in links)
    assert all(e.msgstr == e.msgid for e in links)  # links went as placeholders and came back


def test_chunks_are_sized_in_tokens_shortest_first_within_a_wave() -> None:
    groups = [[f"a{i}" for i in range(6)], [f"b{i}" for i in range(6)], ["a0", "c0"]]
    counts = {t: (int(t[1:]) + 1) * 10 for g in groups for t in g}
    chunks = stream.plan(groups, counts, chunk_tokens=100, wave_chunks=2)
    texts = [t for c in chunks for t in c.texts]
    assert sorted(texts) == sorted(set(texts)) == sorted(counts)  # each text once
    assert all(c.tokens == sum(counts[t] for t in c.texts) for c in chunks)
    assert all(c.tokens <= 105 or len(c.texts) == 1 for c in chunks)
    # Wave 1 = article a (210 tokens >= 2 chunks' worth): sorted, before anything of b.
    first_wave = [t for c in chunks[:3] for t in c.texts]
    assert first_wave == sorted((f"a{i}" for i in range(6)), key=lambda t: counts[t])
    whole = stream.plan(groups, counts, chunk_tokens=100, wave_chunks=0)
    flat = [counts[t] for c in whole for t in c.texts]
    assert flat == sorted(flat)  # one wave: shortest first across every article


@pytest.fixture
def eight_articles(tmp_path: Path, install_pairs) -> tuple[Path, list[str]]:
    """A project of 8 articles (and their slugs), with a tr→en copy model installed."""
    install_pairs("tr-en")
    root = tmp_path / "p"
    return root, write_articles(root, 8)


def test_progress_is_reported_per_chunk_and_articles_are_saved_as_they_finish(
    eight_articles: tuple[Path, list[str]], mt_calls
) -> None:
    root, slugs = eight_articles
    project = Project(root, Config(source_language="tr", targets=("en",)))
    events: list[tuple[Progress, list[str]]] = []

    def progress(event: Progress) -> None:  # which articles are finished on disk now
        done = [s for s in slugs if article_states(root, "en", s) == {State.MACHINE}]
        events.append((event, done))

    result = translate(
        project,
        engines=Engines(DecodeOptions(threads=1)),
        chunk_tokens=100,
        on_progress=progress,
    )
    (lang,) = result.langs
    chunks = [e for e, _ in events]
    assert len(chunks) == len(mt_calls) == lang.chunks > 5
    assert [e.chunk for e in chunks] == list(range(1, lang.chunks + 1))
    assert {e.chunks for e in chunks} == {lang.chunks}
    assert sum(e.units for e in chunks) == lang.pending == lang.sent
    # (two chunks are in flight: their calls may start in either order)
    assert sorted(e.units for e in chunks) == sorted(len(c.source) for c in mt_calls)
    finished = [len(done) for _, done in events]
    assert finished == sorted(finished)
    assert 0 < finished[len(finished) // 2] < len(slugs), "articles finish along the way"
    assert finished[-1] == len(slugs)


def test_sigkill_mid_run_keeps_finished_articles_and_every_catalog_valid(
    tmp_path: Path, eight_articles: tuple[Path, list[str]], mt_calls
) -> None:
    root, slugs = eight_articles
    set_chunk_tokens(root, 100)
    twin = tmp_path / "twin"
    shutil.copytree(root, twin)
    cli_run(twin, "translate", "--lang", "en")
    chunks = len(mt_calls)
    assert chunks > 8
    done = subprocess.run(
        loctool_argv(root, "translate", "--lang", "en"),
        env=crash_env("translate_pieces", chunks - 2),  # killed before the last chunks
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    states = [article_states(root, "en", s) for s in slugs]
    assert all(s in ({State.MACHINE}, {State.UNTRANSLATED}) for s in states), states
    finished = [s for s, st in zip(slugs, states, strict=True) if st == {State.MACHINE}]
    assert 0 < len(finished) < len(slugs)
    for slug in slugs:  # every catalog parses (and msgfmt --check runs after the test)
        catalog.load(po_path(root, "en", slug))
    assert not list(root.rglob("*.tmp"))
    cli_run(root, "translate", "--lang", "en")  # the next run does the rest
    assert catalogs(root) == catalogs(twin)


@pytest.fixture
def slow_model(install_pairs, argos_home: Path) -> Path:
    """A random model big enough that one chunk takes seconds on one thread."""
    install_pairs("tr-en", kind="random", d_model=256, seed=3)
    return argos_home


@pytest.mark.parametrize(
    ("signum", "code", "word"),
    [
        (signal.SIGINT, 130, "interrupted"),
        (signal.SIGTERM, 143, "terminated"),
    ],
)
def test_signal_stops_a_long_run_at_once_and_keeps_finished_articles(
    tmp_path: Path, slow_model: Path, signum: int, code: int, word: str
) -> None:
    root = tmp_path / "p"
    slugs = write_articles(root, 10, sentences=10)
    set_chunk_tokens(root, 250)
    env = subprocess_env()
    env["XDG_DATA_HOME"] = str(slow_model.parent.parent)
    env["LOCTOOL_THREADS"] = "1"
    child = subprocess.Popen(
        loctool_argv(root, "translate", "--lang", "en"),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and child.poll() is None:
            paths = [po_path(root, "en", s) for s in slugs]
            if any(p.exists() and 'msgstr ""\n\n' not in p.read_text("utf-8") for p in paths):
                break  # the first article is saved; the run goes on with the next chunks
            time.sleep(0.05)
        assert child.poll() is None, "the run ended before it could be interrupted"
        time.sleep(0.5)  # well inside a chunk (each takes seconds on this model)
        sent = time.monotonic()
        child.send_signal(signum)
        _, err = child.communicate(timeout=60)
        elapsed = time.monotonic() - sent
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
    assert child.returncode == code, err
    assert err.strip().splitlines()[-1] == f"loctool: error: {word}; finished articles are saved"
    assert "Traceback" not in err
    assert elapsed < 2.0, f"took {elapsed:.1f} s to stop"
    states = [article_states(root, "en", s) for s in slugs]
    assert all(s in ({State.MACHINE}, {State.UNTRANSLATED}) for s in states), states
    assert 0 < states.count({State.MACHINE}) < len(slugs)
    assert not list(root.rglob("*.tmp"))


def test_engine_text_never_carries_control_characters() -> None:
    from loctool.engines.ct2 import clean

    # a random model's byte-fallback pieces decode to such characters; \x04 is fatal
    # to msgfmt (the context separator)
    assert clean("Bir\x04 iki\x00\x1b üç\x7f\x85 dört\n") == "Bir iki üç dört"
