"""Errors raised by loctool stages.

Every error a user can cause is a :class:`LoctoolError`.  The CLI turns it into one line,
``loctool: error: <where>: <what>``, at a single boundary; stages never print.

Every exception class that leaves the module raising it is defined here (a test keeps it
so); a parser may keep a private one (``_Invalid``) that it catches itself.
"""

from __future__ import annotations

from pathlib import Path


class LoctoolError(Exception):
    """A problem the user can fix.  ``where`` names the file (and line) when known."""

    exit_code = 2

    def __init__(self, message: str, where: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.where = str(where) if where is not None else None
        self.line = line

    def __str__(self) -> str:
        if self.where is None:
            return self.message
        loc = self.where if self.line is None else f"{self.where}:{self.line}"
        return f"{loc}: {self.message}"


class SourceError(LoctoolError):
    """A source article cannot be read or used."""


class CatalogError(LoctoolError):
    """A PO/POT file is malformed or cannot be written."""


class WriteError(LoctoolError):
    """A file cannot be written (disk full, read-only folder, no permission …)."""


class GlossaryError(LoctoolError):
    """``glossary.csv`` is malformed."""


class RenderError(LoctoolError):
    """A localized copy cannot be made under the chosen policy."""


class UsageError(LoctoolError):
    """Bad option values (unknown language code, unknown unit number …)."""


class EngineUnavailable(LoctoolError):
    """No engine can serve a language pair, or a model is missing or broken."""


class PackageError(LoctoolError):
    """A translation package file is broken, foreign or unsafe."""


class MemoryFileError(LoctoolError):
    """A translation-memory import file (PO/TMX) cannot be read."""


class ClusterError(LoctoolError):
    """The Ray cluster cannot be used (Ray missing, address unreachable, workers lost)."""


class Interrupted(LoctoolError):
    """Ctrl-C (exit 130) or SIGTERM (exit 143) stopped a run; finished work is saved."""

    def __init__(self, message: str, exit_code: int = 130) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class Unreachable(Exception):
    """A review ``g`` address that names no unit of the session (the message says why):
    the review loop says so and goes on; not a user error that ends the command."""


class EditorFailed(Exception):
    """The editor exited with a status other than 0 (as ``:cq`` in vim does): the review
    loop reports it and goes on; not a user error that ends the command."""

    def __init__(self, editor: str, status: int) -> None:
        super().__init__(f"{editor} exited with status {status}")
        self.editor, self.status = editor, status


class NotUtf8(ValueError):
    """Bytes that are not UTF-8 (:func:`loctool.files.decode_utf8`): the offset of the
    first bad byte, the byte and its line.  Not a user error by itself: each reader turns
    it into its own one-line error."""

    def __init__(self, data: bytes, offset: int) -> None:
        self.offset = offset
        self.byte = data[offset]
        self.line = data.count(b"\n", 0, offset) + 1
        super().__init__(f"not valid UTF-8 (byte 0x{self.byte:02x}, line {self.line})")
