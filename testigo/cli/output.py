"""Query results as a table, a JSON array of flat objects, or CSV with a header row."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, fields, is_dataclass
from datetime import date, datetime
from typing import Any

import click
from rich.table import Table

from testigo.cli.common import console

FORMATS = ("table", "json", "csv")
format_option = click.option(
    "--format", "output_format", type=click.Choice(FORMATS), default="table", show_default=True
)


def plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def records(rows: Sequence[Any]) -> list[dict[str, Any]]:
    return [{k: plain(v) for k, v in asdict(row).items()} for row in rows]


def emit(rows: Sequence[Any], output_format: str, row_type: type) -> None:
    """Print rows of one dataclass type; the header is known even when there are no rows."""
    assert is_dataclass(row_type)
    columns = [f.name for f in fields(row_type)]
    data = records(rows)
    if output_format == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
    elif output_format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(data)
    else:
        table = Table(*columns, show_lines=False)
        for row in data:
            table.add_row(*("" if row[c] is None else str(row[c]) for c in columns))
        console.print(table)
        if not data:
            console.print("(nothing matched)")
