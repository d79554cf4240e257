"""`testigo export`: posts, annotations or exposure as CSV, JSON lines or Parquet."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from dataclasses import fields
from datetime import date
from typing import Any

import click

from storage.queries.export import AnnotationRow, export_annotations, export_posts
from storage.queries.exposure import ExposureRow, exposure
from storage.queries.posts import PostHit
from testigo.cli.common import config_from
from testigo.cli.output import plain
from testigo.cli.query import DAY, filters_from, run_query
from testigo.errors import UserError

WHAT = {"posts": PostHit, "annotations": AnnotationRow, "exposure": ExposureRow}


@click.command("export")
@click.option("--what", type=click.Choice(list(WHAT)), required=True)
@click.option(
    "--format", "file_format", type=click.Choice(["csv", "jsonl", "parquet"]), default="csv"
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    help="File to write (default: stdout; parquet needs it).",
)
@click.option("--since", type=DAY)
@click.option("--until", type=DAY)
@click.option("--platform")
@click.option("--lang")
@click.option("--date", "day", type=DAY, help="Day for --what exposure (default: today, UTC).")
@click.option("--reveal", is_flag=True, help="Real names instead of pseudonyms (audited).")
@click.pass_context
def export(
    ctx: click.Context,
    what: str,
    file_format: str,
    out: str | None,
    day: Any,
    reveal: bool,
    **o: Any,
) -> None:
    """Export for pandas, R and spreadsheets; names follow the same rules as queries."""
    if file_format == "parquet" and not out:
        raise UserError("--format parquet needs --out FILE")
    config = config_from(ctx)
    filters = filters_from(o)

    def body(session: Any, names: Any) -> None:
        if what == "posts":
            rows: Iterable[Any] = export_posts(session, filters, names=names)
        elif what == "annotations":
            rows = export_annotations(session, names=names)
        else:
            rows = exposure(
                session,
                day.date() if day else date.today(),
                sys.maxsize,
                filters,
                names=names,
                policy=config.exposure_policy(),
            )
        write(rows, WHAT[what], file_format, out)

    run_query(ctx, f"export --what {what}", reveal, body)


def write(rows: Iterable[Any], row_type: type, file_format: str, out: str | None) -> None:
    columns = [f.name for f in fields(row_type)]
    if file_format == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        data = [{c: getattr(r, c) for c in columns} for r in rows]
        table = pa.Table.from_pylist(data) if data else pa.table({c: [] for c in columns})
        assert out is not None  # the command refuses parquet without --out
        pq.write_table(table, out)
        return
    handle = open(out, "w", encoding="utf-8", newline="") if out else sys.stdout
    try:
        if file_format == "csv":
            writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows({c: plain(getattr(r, c)) for c in columns} for r in rows)
        else:
            for r in rows:
                handle.write(
                    json.dumps({c: plain(getattr(r, c)) for c in columns}, ensure_ascii=False)
                    + "\n"
                )
    finally:
        if out:
            handle.close()
