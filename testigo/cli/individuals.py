"""`testigo individuals confirm|reject NAME`: settle a name from the review queue."""

from __future__ import annotations

import getpass

import click

from storage.engine import transaction
from storage.queries.review import set_status
from testigo.cli.common import config_from, engine_from
from testigo.errors import UserError
from testigo.pseudonym_key import pseudonym_key


@click.group()
def individuals() -> None:
    """Confirm or reject individuals found outside the watchlist (audited)."""


def _settle(ctx: click.Context, name: str, status: str) -> None:
    key = pseudonym_key(config_from(ctx))
    with transaction(engine_from(ctx)) as session:
        try:
            person = set_status(session, name, status, key=key, actor=getpass.getuser())
        except LookupError as error:
            raise UserError(str(error)) from None
        click.echo(f"individual {person.id} is now {status}")


@individuals.command()
@click.argument("name")
@click.pass_context
def confirm(ctx: click.Context, name: str) -> None:
    """NAME (a name or a person-… pseudonym) is an at-risk person to track."""
    _settle(ctx, name, "confirmed")


@individuals.command()
@click.argument("name")
@click.pass_context
def reject(ctx: click.Context, name: str) -> None:
    """NAME is not a private person at risk (left out of rankings and digests)."""
    _settle(ctx, name, "rejected")
