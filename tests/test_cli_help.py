"""``loctool --help`` and every group's ``--help`` list each command with the whole first
paragraph of its help: click would cut it at 45 characters, mid-phrase."""

from __future__ import annotations

import click
from click.testing import CliRunner

from loctool.cli import cli


def _listed(group: click.Group, args: list[str]) -> str:
    result = CliRunner().invoke(cli, [*args, "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def test_every_command_is_listed_with_its_whole_summary() -> None:
    groups: list[tuple[click.Group, list[str]]] = [(cli, [])]
    groups += [
        (command, [name])
        for name, command in cli.commands.items()
        if isinstance(command, click.Group)
    ]
    assert len(groups) > 1  # models and memory have subcommands
    for group, args in groups:
        listing = _listed(group, args)
        for name, command in group.commands.items():
            summary = " ".join((command.help or "").strip().split("\n\n")[0].split())
            assert summary and f"{name} {summary}" in listing, (args, name)
            assert "..." not in summary
