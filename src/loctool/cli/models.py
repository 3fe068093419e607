"""``loctool models``: installed translation packages and models."""

from __future__ import annotations

from pathlib import Path

import click

from ..engines import multilingual, packages
from ..engines.argos import PIVOT
from ..engines.ct2 import select_device
from ..errors import PackageError, UsageError
from ..project import Config
from .app import App


@click.group("models")
def manage_models() -> None:
    """List, install and remove offline translation models."""


def _size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return str(size)


@manage_models.command("list")
@click.option(
    "--cluster",
    metavar="ADDRESS",
    is_flag=False,
    flag_value="",
    default=None,
    help="Also show what a Ray cluster offers (ADDRESS, or [cluster] address).",
)
@click.pass_obj
def list_models(app: App, cluster: str | None) -> None:
    """Installed packages, their sizes, the pairs reachable through English, and the
    device translation would use."""
    installed, broken = packages.scan()
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
    for path, problem in broken:
        click.echo(f"  broken: {path.name}: {problem}")
    models = multilingual.registered()
    click.echo(f"multilingual models ({multilingual.registry_path()}):")
    if not models:
        click.echo(
            "  (none; Kazakh and Tajik need one: see docs/models-and-scaling.md 'Kazakh and Tajik')"
        )
    for m in models:
        state = "" if m.path.is_dir() else "  [folder missing]"
        tokens = " ".join(f"{code}={tok}" for code, tok in sorted(m.tokens.items()))
        click.echo(f"  {m.name:<28} {m.path}{state}")
        click.echo(f"    languages: {tokens}")
        click.echo(f"    pairs: {' '.join(m.pairs())}")
    config = app.project.config
    try:
        device = select_device(config.device, config.compute_type, "translate.device")
        click.echo(f"device: {device} ({device.reason})")
    except UsageError as exc:  # translate says it as an error; a listing just shows it
        click.echo(f"device: none usable ({exc})")
    if cluster is not None:
        _show_cluster(cluster or config.cluster_address, config)


def _show_cluster(address: str | None, config: Config) -> None:
    from ..engines.base import DecodeOptions
    from ..engines.cluster import Cluster, validate_address

    if not address:
        raise UsageError("no address: give --cluster ADDRESS or set [cluster] address", "--cluster")
    validate_address(address)
    options = DecodeOptions()
    with Cluster(
        address, options, config.device, config.compute_type, config.cluster_model_root
    ) as cluster:
        place = cluster.place()
    click.echo(
        f"cluster {place.address}: {place.nodes} node(s), {place.cpus} CPU(s), "
        f"{place.gpus} GPU(s)"
    )
    click.echo(f"  workers: {place.actors} on {place.device}, compute type {place.compute_type}")
    click.echo(f"  models reach the workers {place.models}")


@manage_models.command("install")
@click.argument("what")
@click.option("--force", is_flag=True, help="Install again even when that version is installed.")
@click.pass_obj
def install(app: App, what: str, force: bool) -> None:
    """Install WHAT: an .argosmodel file, or a pair such as tr-en from the Argos index.

    The same version of a package that is installed already is left alone (it says
    so); --force installs it again."""
    path = Path(what)
    if path.suffix == ".argosmodel" or path.exists():
        done = packages.install(path, force=force)
    else:
        from ..engines.index import install_pair

        done = install_pair(what, force=force)
    package = done.package
    if done.already:
        click.echo(
            f"{package.name} ({package.pair}, v{package.version}) is already installed; "
            "nothing changed (--force installs it again)"
        )
        return
    verb = "reinstalled" if done.replaced else "installed"
    click.echo(f"{verb} {package.name} ({package.pair}, v{package.version})")


@manage_models.command("remove")
@click.argument("name")
@click.pass_obj
def remove(app: App, name: str) -> None:
    """Remove an argos package (by pair, e.g. tr-en, or folder name) or forget a
    registered multilingual model (its files stay)."""
    if multilingual.by_name(name) is not None:
        model = multilingual.unregister(name)
        click.echo(f"unregistered {model.name} (files left in {model.path})")
        return
    try:
        package = packages.remove(name)
    except PackageError:
        raise PackageError(f"no installed package or registered model {name!r}") from None
    click.echo(f"removed {package.name}")


@manage_models.command("add-multilingual")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--name", help="Name to register under (default: the folder name).")
@click.option(
    "--langs",
    "lang_spec",
    metavar="L[=TOKEN],…",
    help="Languages and their tokens (default: tr kk tg ru en with NLLB tokens).",
)
@click.option(
    "--tokenizer",
    type=click.Path(path_type=Path),
    help="The sentencepiece model, if it is not in FOLDER.",
)
@click.pass_obj
def add_multilingual(
    app: App, folder: Path, name: str | None, lang_spec: str | None, tokenizer: Path | None
) -> None:
    """Register a multilingual CTranslate2 model (e.g. NLLB-200) found in FOLDER."""
    model = multilingual.register(folder, name, lang_spec, tokenizer)
    click.echo(f"registered {model.name}: {' '.join(m for m in model.pairs())}")


@manage_models.command("available")
@click.pass_obj
def available(app: App) -> None:
    """Packages on the Argos index (needs the network)."""
    from ..engines.index import fetch_index

    for entry in fetch_index():
        click.echo(f"  {entry.pair:<8} v{entry.version:<6} {entry.name}")
