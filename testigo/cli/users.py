"""`testigo users`: dashboard accounts and their roles."""

from __future__ import annotations

import sys

import click

from storage.engine import transaction
from storage.users import ROLES, AccountError, add_user, list_users, remove_user
from testigo.cli.common import engine_from
from testigo.errors import UserError


@click.group()
def users() -> None:
    """Manage dashboard users (admin, analyst: see names; viewer: pseudonyms only)."""


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.pass_context
def add(ctx: click.Context, name: str, role: str, password_stdin: bool) -> None:
    """Add user NAME; the password is prompted for (never an argument, so not in shell history)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with transaction(engine_from(ctx)) as session:
            account = add_user(session, name, password, role)
    except AccountError as error:
        raise UserError(str(error)) from None
    click.echo(f"added {account.username} ({account.role})")


@users.command("list")
@click.pass_context
def list_(ctx: click.Context) -> None:
    """List users with their roles."""
    with transaction(engine_from(ctx)) as session:
        accounts = list_users(session)
    if not accounts:
        click.echo("no users yet: testigo users add NAME --role admin")
    for account in accounts:
        click.echo(f"{account.username:<24} {account.role:<8} {account.created_at:%Y-%m-%d}")


@users.command("remove")
@click.argument("name")
@click.pass_context
def remove(ctx: click.Context, name: str) -> None:
    """Remove user NAME; their open sessions stop working at the next request."""
    try:
        with transaction(engine_from(ctx)) as session:
            remove_user(session, name)
    except AccountError as error:
        raise UserError(str(error)) from None
    click.echo(f"removed {name}")
