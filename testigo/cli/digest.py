"""`testigo digest`: write the day's digest as markdown and self-contained HTML."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import click
from sqlalchemy.orm import Session

from dashboard.digest import build_digest
from storage.digests import save_digest
from storage.privacy import Names
from testigo.cli.common import config_from
from testigo.cli.query import DAY, run_query


@click.command()
@click.option("--date", "day", type=DAY, help="The day (UTC) to report; default: yesterday.")
@click.option(
    "--out", "out_dir", type=click.Path(file_okay=False), help="Default: [digest] out_dir."
)
@click.option("--reveal", is_flag=True, help="Real names instead of pseudonyms (audited).")
@click.pass_context
def digest(ctx: click.Context, day: Any, out_dir: str | None, reveal: bool) -> None:
    """Write digest-YYYY-MM-DD.md and .html and record the digest in the database."""
    config = config_from(ctx)
    when = day.date() if day else date.today() - timedelta(1)
    folder = Path(out_dir or config.digest.out_dir)

    def body(session: Session, names: Names) -> None:
        built = build_digest(
            session,
            when,
            names=names,
            min_mentions=config.privacy.min_mentions,
            stigmatising=config.exposure.stigmatising_frames,
            hostile=config.exposure.hostile_actors,
            title=config.topic.title,
        )
        save_digest(session, when, built.markdown, built.html)
        folder.mkdir(parents=True, exist_ok=True)
        for suffix, text in (("md", built.markdown), ("html", built.html)):
            (folder / f"digest-{when.isoformat()}.{suffix}").write_text(text, "utf-8")
        click.echo(f"wrote {folder / f'digest-{when.isoformat()}.md'} and .html")

    run_query(ctx, f"digest --date {when}", reveal, body)
