"""The `testigo` command finds every verb by name although it imports verbs only on use."""

from __future__ import annotations

import click
from click.testing import CliRunner

from testigo.cli import COMMANDS, cli


def test_help_lists_every_verb_and_each_resolves_to_its_own_command() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    context = click.Context(cli)
    names = cli.list_commands(context)
    assert len(names) == len(COMMANDS)
    for name in names:
        assert name in result.output
        command = cli.get_command(context, name)
        assert command is not None and command.name == name


def test_an_unknown_verb_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["annotat"])
    assert result.exit_code == 2 and "No such command" in result.output
