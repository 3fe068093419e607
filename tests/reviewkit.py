"""Helpers for the review / accept / diff tests: catalogs with machine drafts built
through :func:`loctool.catalog.set_machine` (the plumbing, not translation quality)."""

from __future__ import annotations

import queue
import re
import subprocess
import threading
import time
from functools import lru_cache
from pathlib import Path

import pytest

from loctool import catalog, numbers
from loctool.messages import Message
from loctool.model import Provenance, State

from .conftest import REPO, SLUG, Runner, po_path, pot_path

REVIEWER = "Ayşe Demir <ayse@example.org>"
PROV = {"engine": "argos", "model": "translate-tr_en 1.0"}
EDIT_OLD = "Her iki taraf da ticaret cirosunu artırmakla ilgileniyor."
EDIT_NEW = "Her iki taraf da ticaret hacmini artırmakla çok ilgileniyor."


LETTERS = "абвгдежзийклмнопрстуфхцчшщэюя"


@lru_cache(maxsize=1)
def _seed_msgids() -> list[str]:
    """The seed's units in catalog order (the worked example's template)."""
    return [e.msgid for e in catalog.load(pot_path(REPO))]


def machine_text(n: int) -> str:
    """A stand-in machine draft for unit ``n`` of the seed: Kazakh letters, a tag of its
    own, and the unit's numbers in Kazakh notation — plumbing that passes the
    publication gate (the QA checks), never a translation."""
    found = numbers.read(_seed_msgids()[n - 1], "tr")
    figures = "; ".join(numbers.format_value(x.value, "kk") for x in found)
    return f"машина «{LETTERS[n - 1]}»: аударма мәтіні" + (f" ({figures})" if figures else "")


def fill_machine(path: Path, units: range | list[int]) -> None:
    """Give the units numbered ``units`` (1-based) a machine draft with provenance."""
    po = catalog.load(path)
    active = po.active()
    for n in units:
        text = machine_text(n)
        catalog.set_machine(active[n - 1], text, Provenance(text=text, **PROV))
    catalog.save(po, path)


def machine_project(run: Runner, project: Path, units: range | list[int] = range(1, 7)) -> Path:
    """Extract the seed, then machine drafts for ``units`` of the kk catalog."""
    assert run("extract").exit_code == 0
    path = po_path(project, "kk")
    fill_machine(path, units)
    return path


def states(path: Path) -> list[State]:
    return [e.state for e in catalog.load(path).active()]


def entries(path: Path) -> list[Message]:
    return catalog.load(path).active()


def change_source(project: Path) -> None:
    src = project / "seeds" / f"{SLUG}.txt"
    text = src.read_text(encoding="utf-8")
    assert EDIT_OLD in text
    src.write_text(text.replace(EDIT_OLD, EDIT_NEW), encoding="utf-8")


def unit_of(path: Path, msgid: str) -> int:
    return next(n for n, e in enumerate(entries(path), 1) if e.msgid == msgid)


def hide_identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Hide the machine's git identity and editor settings from the command."""
    empty = tmp_path / "empty-gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=Test", "-c", "user.email=t@example.org", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


class Lines:
    """Read a child's stdout line by line, with a timeout (the prompt has no newline)."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        assert proc.stdout is not None
        stream = proc.stdout
        threading.Thread(target=lambda: [self.lines.put(x) for x in stream], daemon=True).start()

    def until(self, pattern: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            self.seen.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no line matching {pattern!r}; got:\n{''.join(self.seen)}")


def interactive(argv: list[str], env: dict[str, str]) -> tuple[subprocess.Popen[str], Lines]:
    """A child process to talk to through pipes, and its output line by line."""
    proc = subprocess.Popen(
        argv,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
        env=env,
    )
    return proc, Lines(proc)
