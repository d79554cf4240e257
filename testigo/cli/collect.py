"""`testigo collect --once`: run each enabled source once and show what it brought."""

from __future__ import annotations

import json
import sys
from typing import Any

import click
from rich import box
from rich.table import Table

from storage.queries.health import causes_text
from testigo.cli.common import config_from, console, engine_from, err_console
from testigo.collect import RunSummary, run_sources, select_sources


def abbreviate(cursor: dict[str, Any], width: int = 40) -> str:
    text = json.dumps(cursor, ensure_ascii=False, separators=(",", ":"))
    return text if len(text) <= width else text[: width - 1] + "…"


def summary_table(summaries: list[RunSummary]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1), collapse_padding=True)
    for name in ("source", "status", "pages", "fetched", "new", "updated", "quarantined", "errors"):
        table.add_column(
            name, no_wrap=True, justify="left" if name in ("source", "status") else "right"
        )
    table.add_column("cursor", overflow="fold", min_width=12)
    for s in summaries:
        table.add_row(
            s.source,
            s.status,
            *(str(n) for n in (s.pages, s.fetched, s.new, s.updated, s.quarantined)),
            str(len(s.errors)),
            abbreviate(s.cursor),
        )
    return table


@click.command()
@click.option("--once", is_flag=True, required=True, help="Run each source once, then exit.")
@click.option("--source", "names", multiple=True, help="Only this source (repeatable).")
@click.pass_context
def collect(ctx: click.Context, once: bool, names: tuple[str, ...]) -> None:
    """Collect from the configured sources once.

    Exit status 1 when a source failed entirely (fetched and stored nothing).
    """
    config = config_from(ctx)
    on, off = select_sources(config, names)
    err_console.print("sources on: " + (", ".join(s.name for s in on) or "none"))
    for source, why in off:
        err_console.print(f"source off: {source.name} ({why})")
    summaries = run_sources(engine_from(ctx), config, on)
    console.print(summary_table(summaries))
    for summary in summaries:
        for error in summary.errors:
            err_console.print(f"{summary.source}: {error}")
        if summary.quarantined:
            causes = causes_text(summary.quarantine_causes)
            err_console.print(f"{summary.source}: quarantined {summary.quarantined}: {causes}")
        if summary.retry_at:
            err_console.print(
                f"{summary.source}: rate limited until {summary.retry_at:%Y-%m-%d %H:%M:%S %Z}"
            )
    if any(s.failed_entirely for s in summaries):
        sys.exit(1)
