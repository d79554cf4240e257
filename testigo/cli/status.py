"""`testigo status`: is the daemon keeping up? Sources, back-offs, annotation backlog, size."""

from __future__ import annotations

from datetime import datetime

import click
from rich import box
from rich.table import Table

from testigo.cli.common import config_from, console, engine_from
from testigo.status import daemon_status


def _when(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S}" if moment else "-"


@click.command()
@click.pass_context
def status(ctx: click.Context) -> None:
    """Show each source's last run, outcome, what it quarantined and why, new posts in 24 h,
    next run and back-off."""
    report = daemon_status(engine_from(ctx), config_from(ctx))
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title="sources (times in UTC)")
    columns = ("source", "state", "last run", "outcome", "quarantined", "new 24h", "next run",
               "back-off until")  # fmt: skip
    for name in columns:
        table.add_column(
            name, overflow="fold", no_wrap=name in ("outcome", "quarantined", "new 24h")
        )
    for s in report.sources:
        table.add_row(
            s.name, s.on, _when(s.last_run), s.outcome or "-", str(s.quarantined), str(s.new_24h),
            _when(s.next_run), _when(s.retry_at),
        )  # fmt: skip
    console.print(table)
    for s in report.sources:
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
