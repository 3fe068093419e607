"""Option bundles shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from .. import langs

F = TypeVar("F", bound=Callable[..., Any])


def _parse_langs(ctx: click.Context, param: click.Parameter, value: str | None) -> list[str] | None:
    return langs.parse_list(value, "--lang")


def lang_option(
    help_text: str = "Only these target languages (comma-separated).",
) -> Callable[[F], F]:
    return click.option(
        "-l", "--lang", "only_langs", metavar="L,…", callback=_parse_langs, help=help_text
    )


def json_option(f: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")(f)


def reviewer_option(f: F) -> F:
    return click.option(
        "--reviewer", metavar="'NAME <MAIL>'", help="Who signs (default: git's user)."
    )(f)
