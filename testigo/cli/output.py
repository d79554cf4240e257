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

from testigo.cli.common import console, err_console

FORMATS = ("table", "json", "csv")
WIDEST_CELL = 30  # a wider value folds onto more lines rather than push columns out
CELL_PADDING = 3
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
        print_table(columns, data)


def print_table(columns: list[str], data: list[dict[str, Any]]) -> None:
    """A table if its columns fit the terminal (80 columns when piped), else one block per
    row, a field a line, as psql's expanded display: nothing is cut to "…"."""
    cells = [{c: _cell(row[c]) for c in columns} for row in data]
    if not data:
        if fits(columns, cells, console.width):
            console.print(Table(*columns))
        console.print("(nothing matched)")
    elif fits(columns, cells, console.width):
        table = Table(*columns)
        for row in cells:
            table.add_row(*(row[c] for c in columns))
        console.print(table)
    else:
        print_records(columns, cells)
        err_console.print(
            f"{len(columns)} columns do not fit in {console.width}: one block per row; "
            "--format csv or --format json gives a table for a spreadsheet or a script"
        )


def fits(columns: list[str], cells: list[dict[str, str]], width: int) -> bool:
    """Whether the columns (each value up to WIDEST_CELL wide, folding beyond) fit `width`."""
    needed = sum(
        min(max([len(column), *(len(row[column]) for row in cells)]), WIDEST_CELL) + CELL_PADDING
        for column in columns
    )
    return needed + 1 <= width


def print_records(columns: list[str], cells: list[dict[str, str]]) -> None:
    for number, row in enumerate(cells, 1):
        console.rule(f"row {number}", align="left")
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for column in columns:
            grid.add_row(column, row[column])
        console.print(grid)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)
