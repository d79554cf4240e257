"""`testigo digest`: write the day's digest as markdown and self-contained HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from storage.engine import transaction
from testigo.cli.common import config_from, engine_from
from testigo.cli.query import DAY, names_for
from testigo.digest import write_digest, yesterday


@click.command()
@click.option("--date", "day", type=DAY, help="The day (UTC) to report; default: yesterday.")
@click.option(
    "--out", "out_dir", type=click.Path(file_okay=False), help="Default: [digest] out_dir."
)
@click.option("--reveal", is_flag=True, help="Real names instead of pseudonyms (audited).")
@click.pass_context
def digest(ctx: click.Context, day: Any, out_dir: str | None, reveal: bool) -> None:
    """Write digest-YYYY-MM-DD.md and .html and record the digest in the database."""
    when = day.date() if day else yesterday()
    engine = engine_from(ctx)
    with transaction(engine) as session:
        names = names_for(ctx, session, reveal, f"digest --date {when}")
    path = write_digest(
        engine, config_from(ctx), when, names=names, out_dir=Path(out_dir) if out_dir else None
    )
    click.echo(f"wrote {path} and {path.with_suffix('.html')}")
