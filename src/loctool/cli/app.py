"""The shared state of one ``loctool`` invocation (click's ``ctx.obj``).

Its own module so that every command module can import it while ``cli/__init__.py``
imports the command modules at the top.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..project import Project


@dataclass
class App:
    """The folder the command runs for; the project found from it on first use."""

    start: Path
    _project: Project | None = None

    @property
    def project(self) -> Project:
        if self._project is None:
            self._project = Project.discover(self.start)
        return self._project

    def relative(self, where: str) -> str:
        """An absolute path inside the project, as a path relative to its root (the
        form of every other path loctool shows); anything else as it is."""
        path = Path(where)
        if not path.is_absolute():
            return where
        root = self._project.root if self._project is not None else self.start.resolve()
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return where
