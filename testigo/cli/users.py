"""`testigo users`: dashboard accounts and their roles."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click
from sqlalchemy.orm import Session

from storage.engine import transaction
from storage.users import (
    ROLES,
    AccountError,
    add_user,
    list_users,
    remove_user,
    set_password,
    set_role,
)
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
    password = _password(password_stdin)
    with _accounts(ctx) as session:
        account = add_user(session, name, password, role)
    click.echo(f"added {account.username} ({account.role})")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@contextmanager
def _accounts(ctx: click.Context) -> Iterator[Session]:
    """A transaction on the users table; a bad request becomes one line, not a traceback."""
    try:
        with transaction(engine_from(ctx)) as session:
            yield session
    except AccountError as error:
        raise UserError(str(error)) from None


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
    """Remove user NAME; their open sessions end at once."""
    with _accounts(ctx) as session:
        remove_user(session, name)
    click.echo(f"removed {name}")


@users.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.pass_context
def passwd(ctx: click.Context, name: str, password_stdin: bool) -> None:
    """Set a new password for NAME; every open session of theirs ends."""
    password = _password(password_stdin)
    with _accounts(ctx) as session:
        ended = set_password(session, name, password)
    click.echo(f"password of {name} changed; {ended} open session(s) ended")


@users.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(ROLES))
@click.pass_context
def role(ctx: click.Context, name: str, role: str) -> None:
    """Give NAME another role; every open session of theirs ends."""
    with _accounts(ctx) as session:
        ended = set_role(session, name, role)
    click.echo(f"{name} is now {role}; {ended} open session(s) ended")
