"""The code's shape, read from the source with ``ast`` (docs/reference.md, "Code layout")."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "loctool"


def modules() -> dict[str, ast.Module]:
    """Every module of the package by dotted name relative to ``loctool``."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return found


# --------------------------------------------------------------------------- errors


def _exception_names(tree: dict[str, ast.Module]) -> set[str]:
    """Names of the exception classes defined in the package (by their bases, to a fixed
    point: a subclass of a subclass of Exception counts)."""
    known = {"Exception", "BaseException", "OSError", "ValueError", "RuntimeError"}
    while True:
        more = {
            node.name
            for module in tree.values()
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
    tree = modules()
    exceptions = _exception_names(tree)
    elsewhere = [
        f"{name}.{node.name}"
        for name, module in tree.items()
        if name != "errors"
        for node in ast.walk(module)
        if isinstance(node, ast.ClassDef)
        and node.name in exceptions
        and not node.name.startswith("_")  # a parser's private signal, caught at home
    ]
    assert elsewhere == []
    assert "RenderError" in exceptions and "GlossaryError" in exceptions  # the walk works
