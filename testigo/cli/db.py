"""`testigo db`: schema migrations."""

from __future__ import annotations

import click

from storage.migrate import current_revision, head_revision
from testigo.cli.common import config_from
from testigo.config import mask_url
from testigo.database import database_revision, open_database


@click.group()
def db() -> None:
    """Manage the database schema (Alembic migrations)."""


@db.command()
@click.pass_context
def upgrade(ctx: click.Context) -> None:
    """Apply every pending migration."""
    config = config_from(ctx)
    engine = open_database(config)
    click.echo(f"{mask_url(config.database.url)} is at revision {current_revision(engine)} (head)")


@db.command()
@click.pass_context
def current(ctx: click.Context) -> None:
    """Show the database's revision and whether migrations are pending."""
    config = config_from(ctx)
    revision = database_revision(config)
    head = head_revision()
    state = "up to date" if revision == head else f"behind head {head}: run `testigo db upgrade`"
    click.echo(f"{mask_url(config.database.url)}: revision {revision or 'none'} ({state})")
