"""`testigo config show`: the effective config, secrets masked."""

from __future__ import annotations

import json

import click

from testigo.cli.common import config_from
from testigo.config_display import config_as_display


@click.group()
def config() -> None:
    """Inspect the configuration."""


@config.command()
@click.pass_context
def show(ctx: click.Context) -> None:
    """Print the effective config (file, environment overrides, defaults); secrets are masked."""
    click.echo(json.dumps(config_as_display(config_from(ctx)), indent=2, ensure_ascii=False))
