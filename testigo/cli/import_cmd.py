"""`testigo import FILE`: load posts from normalised JSONL/CSV, twarc2 or 4CAT files."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

from testigo.cli.common import engine_from, err_console
from testigo.importer import FORMATS, import_file


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "file_format",
    type=click.Choice(FORMATS),
    default="auto",
    show_default=True,
    help="jsonl/csv: normalised posts; twarc2: any twarc2 output; 4cat: a 4CAT dataset "
    "CSV. auto tells them apart by the file's first record.",
)
@click.option("--platform", help="Platform for records that do not name one.")
@click.option(
    "--processes",
    type=click.IntRange(min=1),
    help="Processes parsing JSON Lines beside the one writing. Default: one per CPU.",
)
@click.pass_context
def import_posts(
    ctx: click.Context,
    file: Path,
    file_format: str | None,
    platform: str | None,
    processes: int | None,
) -> None:
    """Import posts from FILE: normalised posts (JSONL or CSV), twarc2 or 4CAT (see README).

    Bad lines are written with their line number and reason to FILE.rejects.jsonl;
    the exit status is 1 when anything was rejected. On SQLite, an import at least as
    big as the posts already stored runs as one transaction (other writers wait).
    """
    engine = engine_from(ctx)
    columns = (*Progress.get_default_columns()[:2], BarColumn(), DownloadColumn())
    with Progress(*columns, TimeRemainingColumn(), console=err_console, transient=True) as bar:
        task = bar.add_task(f"importing {file.name}", total=file.stat().st_size)
        summary = import_file(
            engine,
            file,
            file_format=file_format,
            platform=platform,
            processes=processes,
            progress=lambda done: bar.advance(task, done),
            status=lambda phase: bar.update(task, description=phase),
        )
    click.echo(
        f"read {summary.read}, new {summary.new}, updated {summary.updated}, "
        f"rejected {summary.rejected}"
    )
    if summary.rejected:
        click.echo(f"rejected lines and reasons: {summary.rejects_path}", err=True)
        sys.exit(1)
