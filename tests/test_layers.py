"""The code's shape, read from the source with ``ast`` (docs/reference.md, "Code layout"):
which module may import which, and where exception classes live."""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "loctool"

BASE = {"errors", "model", "files", "langs"}  # what every layer may use
CHECKS = {"qa", "gate", "check"}
STAGES = {"pipeline", "review", "reviewloop", "render", "memory", "diff", "stats", "views"}


@lru_cache(maxsize=1)
def modules() -> dict[str, tuple[ast.Module, bool]]:
    """Every module of the package by its name relative to ``loctool`` ("engines.ct2";
    "" is ``loctool/__init__.py``), with whether it is a package."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        package = parts[-1] == "__init__"
        name = ".".join(parts[:-1] if package else parts)
        found[name] = (ast.parse(path.read_text(encoding="utf-8"), str(path)), package)
    return found


def _resolve(importer: str, node: ast.ImportFrom) -> list[str]:
    """The dotted names (relative to ``loctool``, or external as "ext:<top>") that one
    ``from … import …`` statement of ``importer`` reaches."""
    tree = modules()
    if node.level == 0:
        module = node.module or ""
        if module != "loctool" and not module.startswith("loctool."):
            return [f"ext:{module.split('.')[0]}"]
        base = module.split(".")[1:]
    else:
        parts = importer.split(".") if importer else []
        base = parts if tree[importer][1] else parts[:-1]
        base = base[: len(base) - (node.level - 1)]
        base += node.module.split(".") if node.module else []
    found = []
    for alias in node.names:  # ``from . import catalog`` names a module itself
        sub = ".".join([*base, alias.name])
        found.append(sub if sub in tree else ".".join(base))
    return found


@lru_cache(maxsize=1)
def imports() -> dict[str, set[str]]:
    """Module → what it imports, at the top or inside functions."""
    graph = {}
    for name, (module, _) in modules().items():
        targets: set[str] = set()
        for node in ast.walk(module):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    top = alias.name.split(".")
                    inside = top[0] == "loctool" and len(top) > 1
                    targets.add(".".join(top[1:]) if inside else f"ext:{top[0]}")
            elif isinstance(node, ast.ImportFrom):
                targets.update(_resolve(name, node))
        graph[name] = targets - {""}  # loctool/__init__.py holds only __version__
    return graph


def layer(name: str) -> str:
    """The top-level module or subpackage a module belongs to ("engines", "catalog")."""
    return name.split(".")[0]


def breaks(
    importers: set[str], may: set[str] | None = None, never: frozenset[str] | set[str] = frozenset()
) -> list[str]:
    """``importer → target`` for every import of a module in the layers ``importers`` that
    leaves its own layer for one of the package not in ``may`` (an allow-list), or goes to
    ``never`` (which may name libraries: "ext:click")."""
    bad = []
    for importer, targets in sorted(imports().items()):
        if layer(importer) not in importers:
            continue
        for target in sorted(targets):
            if layer(target) == layer(importer):
                continue
            outside = may is not None and not target.startswith("ext:") and layer(target) not in may
            if outside or layer(target) in never:
                bad.append(f"{importer} → {target}")
    return bad


def test_the_graph_is_read() -> None:
    graph = imports()
    assert {"catalog", "files", "engines.base"} <= graph["pipeline"]
    assert "messages" in graph["catalog"] and "mo" in graph["catalog"]
    assert "engines.ct2" in graph["engines.argos"]  # ``from . import ct2``
    assert "ext:click" in graph["cli"]


def test_the_base_imports_only_itself() -> None:
    assert breaks(BASE, may=BASE) == []


def test_engines_translate_texts_and_reach_no_stage() -> None:
    """Engines get texts and give suggestions: no catalog, pipeline, review or CLI."""
    assert breaks({"engines"}, may=BASE) == []


def test_catalog_knows_po_files_and_nothing_above() -> None:
    po_format = {"poformat", "messages", "mo", "formats", "plural", "linebreak"}
    assert breaks({"catalog", "poformat"}, may=BASE | po_format) == []


def test_checks_judge_and_run_no_stage() -> None:
    assert breaks(CHECKS, never=STAGES | {"pipeline", "cli", "engines"}) == []


def test_no_stage_imports_the_cli_or_click() -> None:
    everything = {layer(name) for name in modules()} - {"cli", "__main__"}
    assert breaks(everything, never={"cli", "ext:click"}) == []


# --------------------------------------------------------------------------- errors


def _exception_names() -> set[str]:
    """Names of the exception classes defined in the package (by their bases, to a fixed
    point: a subclass of a subclass of Exception counts)."""
    known = {"Exception", "BaseException", "OSError", "ValueError", "RuntimeError"}
    while True:
        more = {
            node.name
            for module, _ in modules().values()
            for node in ast.walk(module)
            if isinstance(node, ast.ClassDef)
            and any(_base_name(b) in known for b in node.bases)
            and node.name not in known
        }
        if not more:
            return known
        known |= more


def _base_name(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def test_exception_classes_live_in_errors_py() -> None:
    exceptions = _exception_names()
    elsewhere = [
        f"{name}.{node.name}"
        for name, (module, _) in modules().items()
        if name != "errors"
        for node in ast.walk(module)
        if isinstance(node, ast.ClassDef)
        and node.name in exceptions
        and not node.name.startswith("_")  # a parser's private signal, caught at home
    ]
    assert elsewhere == []
    assert "RenderError" in exceptions and "GlossaryError" in exceptions  # the walk works
