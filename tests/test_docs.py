"""The documentation says what the code does (issue 16).

README.md is the front door and docs/*.md are the guides and the reference.  These tests
read them next to the code they describe, so that a new command, option, check or
setting cannot ship undocumented, a renamed heading cannot leave a dead link, and the
README's commands and sample output stay the ones that really work:

* every command and option of the CLI (read from ``loctool.cli``) has its section in
  docs/reference.md, and every command section there is a real command;
* every module of ``src/loctool`` is in the reference's code layout table;
* every check of ``qa.REGISTRY`` is in the reference's check table with its level;
* every ``loctool.toml`` setting of ``project.SETTINGS`` is in the configuration table,
  with its default, and the example there is a valid configuration;
* every key of ``status --json`` and ``check --json`` is in the reference's schemas;
* every relative link in README.md and docs/*.md points to a file and heading that exist;
* the README's install and test commands are the lines ``.ci/run`` runs, and the output
  shown for the worked example (README, editor's guide) is what the commands print.

(The bad-input table of docs/reference.md is kept in step by tests/test_bad_inputs.py.)
"""

from __future__ import annotations

import json
import re
import subprocess
import tomllib
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from loctool import project as project_module
from loctool import qa
from loctool.cli import cli
from loctool.stats import Row

from .conftest import REPO, po_path

DOCS = REPO / "docs"
REFERENCE = DOCS / "reference.md"
README = REPO / "README.md"
DOCUMENTS = [README, *sorted(DOCS.glob("*.md"))]


# --------------------------------------------------------------------------- markdown


def without_code(text: str) -> str:
    """The text with fenced code blocks blanked out (their lines kept, so that line
    numbers still match)."""
    lines = text.split("\n")
    inside = False
    for i, line in enumerate(lines):
        if line.lstrip().startswith("```"):
            inside = not inside
            lines[i] = ""
        elif inside:
            lines[i] = ""
    return "\n".join(lines)


def headings(text: str) -> Iterator[tuple[int, str]]:
    """(level, title) of every ATX heading outside code blocks."""
    for line in without_code(text).split("\n"):
        match = re.match(r"(#{1,6}) +(.*?) *#*$", line)
        if match:
            yield len(match.group(1)), match.group(2)


def anchor(title: str) -> str:
    """GitHub's anchor for a heading: lower case, markup and punctuation out (hyphens
    and underscores stay), spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", title)  # a link: its text
    text = text.replace("`", "").replace("*", "").lower()
    text = "".join(ch for ch in text if ch.isalnum() or ch in " -_")
    return text.replace(" ", "-")


def anchors(text: str) -> set[str]:
    found: set[str] = set()
    seen: dict[str, int] = {}
    for _, title in headings(text):
        slug = anchor(title)
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        found.add(slug if n == 0 else f"{slug}-{n}")
    return found


def section(text: str, title: str) -> str:
    """The body of the heading ``title``, up to the next heading of its level or above."""
    lines = without_code(text).split("\n")
    raw = text.split("\n")
    for i, line in enumerate(lines):
        match = re.match(r"(#{1,6}) +(.*?) *$", line)
        if match and match.group(2) == title:
            level = len(match.group(1))
            end = len(lines)
            for j in range(i + 1, len(lines)):
                nxt = re.match(r"(#{1,6}) ", lines[j])
                if nxt and len(nxt.group(1)) <= level:
                    end = j
                    break
            return "\n".join(raw[i + 1 : end])
    raise AssertionError(f"no heading {title!r}")


def table_rows(text: str) -> list[list[str]]:
    """The cells of every table row (header and separator rows left out); ``\\|`` inside
    a cell is a pipe, not a cell boundary."""
    rows = []
    for line in text.split("\n"):
        if not line.startswith("|") or re.match(r"\|[-| :]+\|$", line):
            continue
        cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        rows.append(cells)
    return rows[1:] if rows else rows  # the first row is the header


def code_spans(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


# --------------------------------------------------------------------------- commands


def leaf_commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from leaf_commands(command, (*path, name))
        else:
            yield (*path, name)


def command_at(path: tuple[str, ...]) -> click.Command:
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return command


def option_names(command: click.Command) -> list[str]:
    names = []
    for param in command.params:
        if isinstance(param, click.Option) and "--help" not in param.opts:
            names.extend(param.opts + param.secondary_opts)
    return names


def documented(names: list[str], text: str) -> list[str]:
    """The names that start no code span of ``text`` outside its code blocks (a synopsis
    alone does not document an option: its table row or its sentence does)."""
    starts = set()
    for span in code_spans(without_code(text)):
        starts.add(re.split(r"[ =\[\]|,)]", span.lstrip("[("), maxsplit=1)[0])
    return [n for n in names if n not in starts]


def test_every_command_has_a_section_in_the_reference() -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    commands = {"loctool " + " ".join(path) for path in leaf_commands(cli)}
    sections = {title for level, title in headings(text) if title.startswith("loctool ")}
    assert sections == commands


@pytest.mark.parametrize("path", list(leaf_commands(cli)), ids=" ".join)
def test_every_option_is_in_its_commands_section(path: tuple[str, ...]) -> None:
    body = section(REFERENCE.read_text(encoding="utf-8"), "loctool " + " ".join(path))
    assert documented(option_names(command_at(path)), body) == []
    for param in command_at(path).params:  # every choice of a choice option, too
        if isinstance(param, click.Option) and isinstance(param.type, click.Choice):
            for choice in param.type.choices:
                assert str(choice) in body, (param.name, choice)


def test_the_global_options_are_in_the_reference() -> None:
    body = section(REFERENCE.read_text(encoding="utf-8"), "Commands")
    assert documented([*option_names(cli), "-h", "--help"], body) == []


# --------------------------------------------------------------------------- code layout


def test_every_module_is_in_the_code_layout_table() -> None:
    """A maintainer finds every module of ``src/loctool`` (and of ``engines/``) in the
    reference's code layout table, and nothing there that is gone."""
    body = section(REFERENCE.read_text(encoding="utf-8"), "Code layout").split("\n#")[0]
    rows = table_rows(body)
    listed = {span for row in rows for span in code_spans(row[0])}
    package = REPO / "src" / "loctool"
    modules = {p.name for p in package.glob("*.py") if p.name not in ("__init__.py", "__main__.py")}
    modules |= {f"{p.name}/" for p in package.iterdir() if (p / "__init__.py").is_file()}
    assert (sorted(modules - listed), sorted(listed - modules)) == ([], [])
    (engines,) = [row for row in rows if code_spans(row[0]) == ["engines/"]]
    in_engines = {p.name for p in (package / "engines").glob("*.py") if p.name != "__init__.py"}
    assert sorted(in_engines - set(code_spans(engines[1]))) == []


# --------------------------------------------------------------------------- checks


def test_every_check_is_in_the_check_table_with_its_level() -> None:
    body = section(REFERENCE.read_text(encoding="utf-8"), "Quality checks")
    table = [(code_spans(row[0])[0], row[1]) for row in table_rows(body) if len(row) == 5]
    registered = [(c.id, c.level + ("\\*" if c.fatal else "")) for c in qa.REGISTRY.values()]
    assert table == registered


# --------------------------------------------------------------------------- configuration


def config_table() -> dict[str, list[str]]:
    body = section(REFERENCE.read_text(encoding="utf-8"), "Configuration (`loctool.toml`)")
    return {code_spans(row[0])[0]: row for row in table_rows(body) if len(row) == 5}


def test_every_setting_is_in_the_configuration_table() -> None:
    assert list(config_table()) == [s.key for s in project_module.SETTINGS]


def test_the_documented_defaults_are_the_real_ones() -> None:
    table = config_table()
    defaults = project_module.Config()
    for setting in project_module.SETTINGS:
        value = getattr(defaults, setting.field)
        cell = table[setting.key][2]
        if isinstance(value, bool) or value in (None, "", {}):
            continue  # computed defaults (detected, per device, none) are said in words
        if isinstance(value, tuple):
            assert f"`{json.dumps(list(value))}`" in cell, setting.key
        elif isinstance(value, int):
            assert f"`{value}`" in cell, setting.key
        else:
            assert f'`"{value}"`' in cell or f"`{value}`" in cell, setting.key


def test_every_compute_type_is_listed() -> None:
    from loctool.engines.ct2 import COMPUTE_TYPES

    cell = config_table()["translate.compute_type"][4]
    assert [t for t in COMPUTE_TYPES if f"`{t}`" not in cell] == []


def test_the_configuration_example_sets_every_key_and_is_valid(tmp_path: Path) -> None:
    body = section(REFERENCE.read_text(encoding="utf-8"), "Configuration (`loctool.toml`)")
    example = re.findall(r"```toml\n(.*?)```", body, flags=re.S)[-1]
    path = tmp_path / "loctool.toml"
    path.write_text(example, encoding="utf-8")
    project_module.load_config(path)  # raises on any bad key or value
    keys = set()
    for key, value in tomllib.loads(example).items():
        if isinstance(value, dict) and key != "engines":  # [engines] is one setting
            keys |= {f"{key}.{name}" for name in value}
        else:
            keys.add(key)
    assert keys == {s.key for s in project_module.SETTINGS}


# --------------------------------------------------------------------------- JSON


CHECK_SCHEMA = "check --json (schema `loctool-check/1`)"


def schema_keys(title: str) -> set[str]:
    """The keys the first column of a schema table names: `a` · `b`, or
    `issues[].file` / `line` (the second key is in the same object as the first)."""
    body = section(REFERENCE.read_text(encoding="utf-8"), title)
    keys: set[str] = set()
    for row in table_rows(body):
        spans = code_spans(row[0])
        prefix = re.match(r"[a-z_]+\[\]\.", spans[0]) if spans else None
        keys.update(spans[:1])
        keys.update((prefix.group(0) if prefix else "") + span for span in spans[1:])
    return keys


def invoke(root: Path, *args: str) -> click.testing.Result:
    return CliRunner().invoke(cli, ["-C", str(root), *args])


def test_status_json_keys_are_documented(example: Path) -> None:
    rows = json.loads(invoke(example, "status", "--json").stdout)
    documented_keys = schema_keys("status --json")
    assert set(rows[0]) == documented_keys, set(rows[0]) ^ documented_keys
    assert set(Row("s", "l", 0, 0, 0, 0, 0, 0, 0, 0).as_dict()) == documented_keys


def test_check_json_keys_are_documented(example: Path) -> None:
    catalog = po_path(example, "en")
    text = catalog.read_text(encoding="utf-8")
    assert "1,630 head" in text
    catalog.write_text(text.replace("1,630 head", "1.630 head"), encoding="utf-8")
    result = invoke(example, "check", "--json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    keys = schema_keys(CHECK_SCHEMA)
    assert set(report) <= keys
    assert {f"issues[].{k}" for k in report["issues"][0]} <= keys
    table = section(REFERENCE.read_text(encoding="utf-8"), CHECK_SCHEMA)
    for key in [*report["summary"], *report["checks"][0]]:
        assert f"`{key}`" in table, key


# --------------------------------------------------------------------------- links


def links(path: Path) -> Iterator[str]:
    text = without_code(path.read_text(encoding="utf-8"))
    text = re.sub(r"`[^`\n]*`", "", text)  # inline code is not a link
    yield from re.findall(r"\[[^\]]*\]\(([^)\s]+)\)", text)


def broken(path: Path, target: str) -> bool:
    """Whether a relative link of ``path`` misses its file or its heading."""
    file_part, _, fragment = target.partition("#")
    file = (path.parent / file_part).resolve() if file_part else path
    if not file.exists():
        return True
    return bool(fragment) and (file.suffix != ".md" or fragment not in anchors(file.read_text()))


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_every_relative_link_points_to_a_file_and_heading(path: Path) -> None:
    relative = [t for t in links(path) if not re.match(r"[a-z]+:", t)]  # not https:, mailto:
    assert [t for t in relative if broken(path, t)] == []


def test_the_docs_sections_messages_point_to_exist() -> None:
    """Messages and docstrings that send the user to ``docs/<file>.md 'Heading'``."""
    pointers = []
    for source in sorted((REPO / "src" / "loctool").rglob("*.py")):
        text = source.read_text(encoding="utf-8")
        pointers += re.findall(r"docs/([\w-]+\.md) '([^']+)'", text)
        pointers += [(name, "") for name in re.findall(r"docs/([\w-]+\.md)", text)]
    assert pointers
    for name, title in pointers:
        assert (DOCS / name).is_file(), name
        if title:
            assert title in {t for _, t in headings((DOCS / name).read_text())}, (name, title)


def test_every_guide_is_linked_from_the_readme() -> None:
    linked = {(README.parent / t).resolve() for t in links(README)}
    assert set(DOCS.glob("*.md")) <= linked


def test_the_links_test_sees_a_broken_anchor() -> None:
    assert "commands" in anchors(REFERENCE.read_text(encoding="utf-8"))
    assert anchor("Configuration (`loctool.toml`)") == "configuration-loctooltoml"
    assert anchor("check --json (schema `loctool-check/1`)") == "check---json-schema-loctool-check1"
    assert "no-such-heading" not in anchors(REFERENCE.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- README


def ci_lines(marker: str) -> list[str]:
    """The commands under ``# README: <marker>`` in .ci/run, up to the next blank line."""
    lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").split("\n")
    start = lines.index(f"# README: {marker}") + 1
    block = []
    for line in lines[start:]:
        if not line.strip():
            break
        block.append(line)
    return block


def readme_commands() -> list[str]:
    """The command lines of the README's first shell block (comments left out)."""
    block = re.search(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    assert block is not None
    return [ln for ln in block.group(1).split("\n") if ln.strip() and not ln.startswith("#")]


def test_the_readme_installs_and_tests_as_ci_does() -> None:
    install, test = ci_lines("install"), ci_lines("test")
    assert install and test
    assert readme_commands() == [*install, *test, ".venv/bin/loctool render"]


def test_the_readme_is_a_front_door() -> None:
    assert len(README.read_text(encoding="utf-8").split("\n")) <= 150


def transcript(path: Path, command: str) -> list[str]:
    """The output a console block of ``path`` shows for ``$ <command>`` (the first such
    block), up to the next prompt or the end of the block."""
    text = path.read_text(encoding="utf-8")
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.S):
        lines = block.rstrip("\n").split("\n")
        for i, line in enumerate(lines):
            if line == f"$ {command}":
                out = []
                for nxt in lines[i + 1 :]:
                    if nxt.startswith("$ "):
                        break
                    out.append(nxt)
                return out
    raise AssertionError(f"{path.name}: no `$ {command}`")


# The worked-example transcripts of the docs, in the order they run on a fresh clone.
WORKED_EXAMPLE = [
    (README, ".venv/bin/loctool render"),
    (README, "head -3 out/en/kazakhstan-tajikistan-cooperation.txt"),
    (DOCS / "editors-guide.md", "loctool status"),
    (DOCS / "editors-guide.md", ".venv/bin/loctool check"),
    (
        DOCS / "editors-guide.md",
        "sed -n 7,12p out/en/kazakhstan-tajikistan-cooperation.txt | cut -c1-90",
    ),
]


def test_the_worked_example_output_in_the_docs_is_real(example: Path) -> None:
    for path, command in WORKED_EXAMPLE:
        shown = transcript(path, command)
        args = command.removeprefix(".venv/bin/")
        if args.startswith("loctool "):
            result = invoke(example, *args.split()[1:])
            assert result.exit_code == 0, result.output
            output = result.stdout
        else:
            output = subprocess.run(
                args, shell=True, cwd=example, capture_output=True, text=True, check=True
            ).stdout
        assert output.rstrip("\n").split("\n") == shown, (path.name, command)
