"""``loctool check``: quality checks on every translated unit; exit 1 on any error.

``--json`` prints one object (schema ``loctool-check/1``, documented in docs/reference.md)::

    {"schema": "loctool-check/1",
     "summary": {"catalogs", "checked", "untranslated", "errors", "warnings",
                 "overridden"},
     "checks": [{"id", "level", "fatal", "description"}, …],
     "issues": [{"article", "lang", "file", "line", "unit", "state",
                 "check", "level", "message", "msgid", "msgstr",
                 "overridden", "override"}, …]}

Issues are sorted by article, language, unit and check (registry order); keys never
disappear, new keys may be added in the same schema version.  An error covered by the
entry's recorded override is listed with ``"overridden": true`` and its ``override``
(``{"checks", "by", "date"}``); it is not counted in ``errors`` and does not fail the run.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

import click

from .app import App
from .options import json_option, lang_option

if TYPE_CHECKING:
    from ..check import Finding, Report

SCHEMA = "loctool-check/1"


def to_json(report: Report) -> dict[str, Any]:
    from .. import qa

    return {
        "schema": SCHEMA,
        "summary": {
            "catalogs": report.catalogs,
            "checked": report.checked,
            "untranslated": report.untranslated,
            "errors": report.count(qa.ERROR),
            "warnings": report.count(qa.WARNING),
            "overridden": report.overridden,
        },
        "checks": [
            {"id": c.id, "level": c.level, "fatal": c.fatal, "description": c.description}
            for c in qa.REGISTRY.values()
        ],
        "issues": [_issue(f) for f in report.findings],
    }


def _issue(f: Finding) -> dict[str, Any]:
    i = f.issue
    return {
        "article": i.slug,
        "lang": i.lang,
        "file": f.path,
        "line": f.line,
        "unit": i.unit,
        "state": f.state,
        "check": i.check,
        "level": i.level,
        "message": i.message,
        "msgid": i.msgid,
        "msgstr": f.msgstr,
        "overridden": f.overridden,
        "override": None
        if f.override is None
        else {"checks": list(f.override.checks), "by": f.override.by, "date": f.override.date},
    }


def line_for(f: Finding) -> str:
    """``file:line: level: check: unit N (lang): message`` — one line per issue; an
    overridden error reads ``error (overridden by NAME, DATE)``."""
    i = f.issue
    level = i.level
    if f.override is not None:
        level += f" (overridden by {f.override.by}, {f.override.date})"
    return f"{f.path}:{f.line}: {level}: {i.check}: unit {i.unit} ({i.lang}): {i.message}"


def summary(report: Report) -> str:
    from .. import qa

    errors, warnings = report.count(qa.ERROR), report.count(qa.WARNING)
    overridden = f", {report.overridden} overridden" if report.overridden else ""
    return (
        f"{report.catalogs} catalog(s), {report.checked} translation(s) checked, "
        f"{report.untranslated} untranslated: {errors} error(s), {warnings} warning(s)"
        f"{overridden}"
    )


def _parse_ids(ctx: click.Context, param: click.Parameter, value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


@click.command("check")
@click.argument("slug", required=False)
@lang_option("Only these languages (comma-separated).")
@click.option("--skip", metavar="ID,…", callback=_parse_ids, help="Leave out these checks.")
@click.option("--list-checks", is_flag=True, help="List the checks and their levels.")
@json_option
@click.pass_obj
def check_catalogs(
    app: App,
    slug: str | None,
    only_langs: list[str] | None,
    skip: list[str],
    list_checks: bool,
    as_json: bool,
) -> None:
    """Quality checks on translated units; exit 1 when an error-level check fails."""
    from .. import qa
    from ..check import run

    if list_checks:
        for c in qa.REGISTRY.values():
            level = f"{c.level}*" if c.fatal else c.level
            click.echo(f"{c.id:<13} {level:<8} {c.description}")
        click.echo("* msgfmt --check rejects it: no override (accept --force, review A) passes")
        return
    report = run(app.project, only_langs, slug, skip)
    if as_json:
        click.echo(json.dumps(to_json(report), ensure_ascii=False, indent=2))
    else:
        for finding in report.findings:
            click.echo(line_for(finding))
        click.echo(summary(report) if report.catalogs else "no catalogs to check")
    if report.failed:
        sys.exit(1)
