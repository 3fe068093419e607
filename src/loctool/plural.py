"""The ``Plural-Forms`` header, checked as GNU ``msgfmt --check`` checks it.

``nplurals`` must be a number and ``plural`` a C expression of ``n`` in gettext's
grammar (``?:``, ``||``, ``&&``, ``== !=``, ``< > <= >=``, ``+ -``, ``* / %``, ``!``,
parentheses, ``n`` and decimal numbers); evaluated for n = 0 … 1000 in unsigned long
arithmetic, it must never divide by zero, go negative or reach ``nplurals``.
:func:`problem` returns what msgfmt would complain about, or None.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

MASK = (1 << 64) - 1  # C unsigned long
Expr = Callable[[int], int]

_TOKEN = re.compile(r"[ \t]*(?:(\d+)|(\|\||&&|==|!=|<=|>=|[<>+\-*/%!?:()n]))")
_BINARY: list[tuple[str, ...]] = [
    ("||",),
    ("&&",),
    ("==", "!="),
    ("<", ">", "<=", ">="),
    ("+", "-"),
    ("*", "/", "%"),
]


class _Invalid(Exception):
    pass


_DivisionByZero = ZeroDivisionError  # what an evaluator raises, as C's SIGFPE


def _tokens(text: str) -> list[str]:
    """The tokens of an expression, which ends at ``;``, a newline or the end."""
    out: list[str] = []
    pos = 0
    while True:
        rest = text[pos:].lstrip(" \t")
        if not rest or rest[0] in ";\n":
            return out
        found = _TOKEN.match(text, pos)
        if found is None:
            raise _Invalid
        out.append(found.group(1) or found.group(2))
        pos = found.end()


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens, self.at = tokens, 0

    def peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self, token: str | None = None) -> str:
        found = self.peek()
        if found is None or (token is not None and found != token):
            raise _Invalid
        self.at += 1
        return found

    def conditional(self) -> Expr:
        test = self.binary(0)
        if self.peek() != "?":
            return test
        self.take("?")
        yes = self.conditional()
        self.take(":")
        no = self.conditional()
        return lambda n: yes(n) if test(n) else no(n)

    def binary(self, level: int) -> Expr:
        if level == len(_BINARY):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek() in _BINARY[level]:
            left = _combine(self.take(), left, self.binary(level + 1))
        return left

    def unary(self) -> Expr:
        token = self.take()
        if token == "!":
            inner = self.unary()
            return lambda n: int(not inner(n))
        if token == "n":
            return lambda n: n
        if token.isdigit():
            value = int(token) & MASK
            return lambda n: value
        if token == "(":
            inner = self.conditional()
            self.take(")")
            return inner
        raise _Invalid


def _combine(op: str, left: Expr, right: Expr) -> Expr:
    if op == "||":
        return lambda n: int(bool(left(n)) or bool(right(n)))
    if op == "&&":
        return lambda n: int(bool(left(n)) and bool(right(n)))

    def apply(n: int) -> int:
        a, b = left(n), right(n)
        if op in ("/", "%") and b == 0:
            raise _DivisionByZero
        return {
            "==": lambda: int(a == b),
            "!=": lambda: int(a != b),
            "<": lambda: int(a < b),
            ">": lambda: int(a > b),
            "<=": lambda: int(a <= b),
            ">=": lambda: int(a >= b),
            "+": lambda: (a + b) & MASK,
            "-": lambda: (a - b) & MASK,
            "*": lambda: (a * b) & MASK,
            "/": lambda: a // b,
            "%": lambda: a % b,
        }[op]()

    return apply


def parse(expression: str) -> Expr | None:
    """The plural expression as a function of n (in C's unsigned long arithmetic; it
    raises ZeroDivisionError where C would trap), or None when it is not valid.  The
    expression ends at ``;``, a newline or the end of the text."""
    try:
        parser = _Parser(_tokens(expression))
        expr = parser.conditional()
        if parser.peek() is not None:
            return None
        return expr
    except (_Invalid, RecursionError):
        return None


@functools.lru_cache(maxsize=64)
def problem(header: str, has_plurals: bool) -> str | None:
    """What ``msgfmt --check`` reports about a ``Plural-Forms`` value, or None."""
    at_plural = header.find("plural=")
    at_nplurals = header.find("nplurals=")
    if at_plural < 0 or at_nplurals < 0:
        if has_plurals:
            missing = "plural=EXPRESSION" if at_plural < 0 else "nplurals=INTEGER"
            return f"the catalog has plural forms but Plural-Forms has no {missing}"
        return None
    shown = repr(header if len(header) <= 80 else header[:80] + "…")
    count = re.match(r"\s*(\d+)", header[at_nplurals + len("nplurals=") :])
    if count is None:
        return f"invalid nplurals value in {shown}; expected e.g. nplurals=2; plural=(n != 1);"
    nplurals = int(count.group(1))
    expr = parse(header[at_plural + len("plural=") :])
    if expr is None:
        return f"invalid plural expression in {shown}; expected e.g. nplurals=2; plural=(n != 1);"
    for n in range(1001):
        try:
            value = expr(n)
        except _DivisionByZero:
            return f"the plural expression in {shown} can divide by zero"
        except RecursionError:
            return f"invalid plural expression in {shown}"
        if value >= 1 << 63:
            return f"the plural expression in {shown} can produce negative values"
        if value >= nplurals:
            return (
                f"nplurals = {nplurals} but the plural expression can produce values "
                f"as large as {value}"
            )
    return None
