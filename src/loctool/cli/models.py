"""``loctool models``: installed translation packages and models."""

from __future__ import annotations

from pathlib import Path

import click

from ..engines import packages
from ..engines.argos import PIVOT
from . import App


@click.group("models")
def command() -> None:
    """List, install and remove offline translation models."""


def _size(n: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


@command.command("list")
@click.pass_obj
def list_models(app: App) -> None:
    """Installed packages, their sizes, and the pairs reachable through English."""
    installed = packages.installed()
    folder = packages.packages_dir()
    click.echo(f"argos packages in {folder}:")
    if not installed:
        click.echo("  (none)")
    for p in installed:
        prefix = f"  target_prefix={p.target_prefix}" if p.target_prefix else ""
        click.echo(f"  {p.pair:<8} {p.name:<28} v{p.version:<6} {_size(p.size()):>10}{prefix}")
    pairs = {(p.from_code, p.to_code) for p in installed}
    pivots = sorted(
        (a, c)
        for a, b in pairs
        if b == PIVOT
        for b2, c in pairs
        if b2 == PIVOT and c != a and (a, c) not in pairs
    )
    if pivots:
        click.echo("through English: " + ", ".join(f"{a}-{c}" for a, c in pivots))
    for path, problem in packages.broken():
        click.echo(f"  broken: {path.name}: {problem}")


@command.command("install")
@click.argument("what")
@click.pass_obj
def install(app: App, what: str) -> None:
    """Install WHAT: an .argosmodel file, or a pair such as tr-en from the Argos index."""
    path = Path(what)
    if path.suffix == ".argosmodel" or path.exists():
        package = packages.install(path)
    else:
        from ..engines.index import install_pair

        package = install_pair(what)
    click.echo(f"installed {package.name} ({package.pair}, v{package.version})")


@command.command("remove")
@click.argument("name")
@click.pass_obj
def remove(app: App, name: str) -> None:
    """Remove an installed package (by pair, e.g. tr-en, or by folder name)."""
    package = packages.remove(name)
    click.echo(f"removed {package.name}")


@command.command("available")
@click.pass_obj
def available(app: App) -> None:
    """Packages on the Argos index (needs the network)."""
    from ..engines.index import fetch_index

    for entry in fetch_index():
        click.echo(f"  {entry.pair:<8} v{entry.version:<6} {entry.name}")
