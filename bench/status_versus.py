"""``status --json`` of this loctool against another checkout's, side by side.

On one project (e.g. the one ``python bench/catalog_scale.py --keep`` leaves), runs
``python -m loctool status --json`` with this repository's ``src`` and with ``--other``
(the ``src`` of another checkout, e.g. ``git worktree add /tmp/old 84e9446``), the two
interleaved, each with its own cache folder:

  cold       the rows of the last status forgotten (every catalog parsed; what a
             status remembers besides, like the gate's verdicts, kept)
  unchanged  the catalogs as the last status saw them

Both checkouts' modules are byte-compiled first, as an installed loctool's are.  Prints
wall and CPU (user + system, children included) seconds, best of ``--rounds``, and
this / other.

    python bench/status_versus.py --project PROJECT --other /tmp/old/src --rounds 5
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def status(src: Path, project: Path, cache_home: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one ``status --json``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "loctool", "-C", str(project), "status", "--json"],
        env={**os.environ, "PYTHONPATH": str(src), "XDG_CACHE_HOME": str(cache_home)},
        stdout=subprocess.DEVNULL,
        check=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def forget_rows(cache_home: Path) -> None:
    for path in cache_home.glob("loctool/*/status.json"):
        path.unlink()


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, required=True)
    parser.add_argument("--other", type=Path, required=True, help="the other checkout's src")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    codes = {"this": REPO / "src", "other": args.other.resolve()}
    best: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory(prefix="loctool-versus-") as tmp:
        homes = {name: Path(tmp) / name for name in codes}
        for name, src in codes.items():
            compileall.compile_dir(src / "loctool", quiet=1)
            status(src, args.project, homes[name])  # fill its caches
        for _ in range(args.rounds):
            for mode in ("cold", "unchanged"):
                for name, src in codes.items():
                    if mode == "cold":
                        forget_rows(homes[name])
                    wall, cpu = status(src, args.project, homes[name])
                    key = f"{mode} {name}"
                    old = best.get(key, (float("inf"), float("inf")))
                    best[key] = (min(old[0], wall), min(old[1], cpu))
    print(f"status --json on {args.project}, best of {args.rounds}, interleaved:")
    figures: dict[str, float] = {}
    for mode in ("cold", "unchanged"):
        (tw, tc), (ow, oc) = best[f"{mode} this"], best[f"{mode} other"]
        figures[f"{mode}/this"] = tw
        figures[f"{mode}/ratio"] = tw / ow
        print(
            f"  {mode:<9}  this {tw:6.3f} s wall {tc:6.3f} s CPU   other {ow:6.3f} s wall "
            f"{oc:6.3f} s CPU   this/other {tw / ow:5.2f} wall {tc / oc:5.2f} CPU"
        )
    return figures


if __name__ == "__main__":
    main()
