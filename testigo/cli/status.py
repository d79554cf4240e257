"""`testigo status`: is the daemon keeping up? Sources, back-offs, annotation backlog, size."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from rich import box
from rich.table import Table

from testigo.cli.common import config_from, console, engine_from
from testigo.status import daemon_status


def _relative(moment: datetime | None, now: datetime) -> str:
    """'5m ago', 'in 2h', '-': short enough for seven columns in 80."""
    if moment is None:
        return "-"
    seconds = (moment - now).total_seconds()
    size = abs(seconds)
    for unit, length in (("d", 86400), ("h", 3600), ("m", 60)):
        if size >= length:
            amount = f"{int(size // length)}{unit}"
            break
    else:
        amount = f"{int(size)}s"
    return f"in {amount}" if seconds > 0 else f"{amount} ago"


@click.command()
@click.pass_context
def status(ctx: click.Context) -> None:
    """Show each source's last run, outcome, what it quarantined, new posts in 24 h, next
    run and back-off.

    Fits 80 columns: why a source is off, and the causes of what it quarantined, are listed
    under the table, not in it.
    """
    now = datetime.now(UTC)
    report = daemon_status(engine_from(ctx), config_from(ctx), now)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title="sources")
    table.add_column("source", overflow="fold")
    for name in ("on", "last", "outcome", "quar.", "new 24h", "next", "back-off"):
        table.add_column(name, no_wrap=True)
    for s in report.sources:
        state, _, _ = s.on.partition(":")
        table.add_row(
            s.name, state, _relative(s.last_run, now), s.outcome or "-", str(s.quarantined),
            str(s.new_24h), _relative(s.next_run, now), _relative(s.retry_at, now),
        )  # fmt: skip
    console.print(table)
    for s in report.sources:
        if ":" in s.on:
            console.print(f"{s.name} is {s.on}", soft_wrap=False)
        if s.quarantined:
            console.print(f"{s.name}: last run quarantined {s.quarantined}: {s.causes}")
    versions = ", ".join(f"{v}: {n}" for v, n in report.annotated_by_version.items()) or "none"
    console.print(f"annotation backlog: {report.never_annotated} posts never annotated")
    console.print(f"annotated by pipeline version: {versions}")
    console.print(f"last digest: {report.last_digest or 'none yet'}")
    size = report.database_bytes
    console.print(
        f"database size: {f'{size / 1_048_576:.1f} MiB' if size is not None else 'unknown'}"
    )
