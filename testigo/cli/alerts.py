"""`testigo alerts run|test`: evaluate and send the `[[alerts]]` rules on demand."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from storage.writes import utcnow
from testigo.alert_senders import DeliveryError, send
from testigo.alerts import AlertRun, run_alerts, test_message
from testigo.cli.common import config_from, engine_from
from testigo.cli.query import DAY
from testigo.errors import UserError


@click.group()
def alerts() -> None:
    """Alerts on exposure jumps and spikes, by webhook or email ([[alerts]] in the config)."""


@alerts.command("run")
@click.option("--date", "day", type=DAY, help="The day evaluated (default: today, UTC).")
@click.option("--dry-run", is_flag=True, help="Print what would be sent; record and send nothing.")
@click.pass_context
def run_cmd(ctx: click.Context, day: Any, dry_run: bool) -> None:
    """Evaluate every rule on the day, send what is new, and retry every unsent alert.

    An alert goes out once per rule, person or id, and day: running again sends nothing new.
    """
    config = config_from(ctx)
    if not config.alerts:
        raise UserError(f"{config.path}: no [[alerts]] rules configured (see README, Alerts)")
    when: date = day.date() if day else utcnow().date()
    run = run_alerts(engine_from(ctx), config, when, dry_run=dry_run)
    _report(run, dry_run)
    if run.failed:
        ctx.exit(1)


def _report(run: AlertRun, dry_run: bool) -> None:
    if dry_run:
        click.echo(f"alerts {run.day.isoformat()}: {len(run.new)} would be sent (dry run)")
        for found in run.new:
            click.echo(f"  {found.rule}: {found.kind} {found.target} {_facts(found.facts)}")
        return
    click.echo(run.summary())
    for failure in run.failed:
        click.echo(f"  not delivered, kept for the next run: {failure}", err=True)


def _facts(facts: dict[str, Any]) -> str:
    shown = ("score", "rise", "posts", "spike_score")
    return " ".join(f"{key}={facts[key]:g}" for key in shown if key in facts)


@alerts.command("test")
@click.argument("name")
@click.pass_context
def test_cmd(ctx: click.Context, name: str) -> None:
    """Send a test message through the rule NAME's channel (no data in it)."""
    config = config_from(ctx)
    rule = next((r for r in config.alerts if r.name == name), None)
    if rule is None:
        known = ", ".join(r.name for r in config.alerts) or "none configured"
        raise UserError(f"no alert rule named {name!r} (rules: {known})")
    try:
        send(rule, test_message(rule), config.secret)
    except DeliveryError as error:
        raise UserError(f"alert {name!r}: test message not delivered: {error}") from None
    click.echo(f"alert {name!r}: test message delivered ({rule.kind})")
