"""`testigo annotate`: JSON Lines of posts in, one annotation line per input line out."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from nlp.jsonl import annotate_stream
from testigo.config import load_config
from testigo.pipeline_loading import load_configured_pipeline

if TYPE_CHECKING:  # spaCy is imported when the pipeline loads (testigo.pipeline_loading)
    from nlp.pipeline import Pipeline


def configured_pipeline(ctx: click.Context) -> Pipeline:
    """The pipeline the config asks for ([nlp] models and data_dir), loaded before any work."""
    return load_configured_pipeline(load_config((ctx.find_root().obj or {}).get("config_path")))


@click.command("annotate")
@click.argument(
    "input_path",
    metavar="[FILE|-]",
    default="-",
    type=click.Path(exists=True, dir_okay=False, allow_dash=True),
)
@click.option(
    "--out",
    "out_path",
    default="-",
    show_default=True,
    type=click.Path(dir_okay=False, writable=True, allow_dash=True),
    help="Where to write the annotation lines.",
)
@click.option(
    "--processes",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="Worker processes; output order is kept.",
)
@click.pass_context
def annotate(ctx: click.Context, input_path: str, out_path: str, processes: int) -> None:
    """Annotate posts: reads {"id", "text", "lang"?} lines, writes actors, frames, individuals."""
    pipeline = configured_pipeline(ctx)
    failed = 0
    with click.open_file(input_path, "rb") as source, click.open_file(out_path, "wb") as sink:
        for result in annotate_stream(source, pipeline, processes):
            sink.write(result.output)
            for line_no, error in result.errors:
                failed += 1
                click.echo(f"line {line_no}: {error}", err=True)
    if failed:
        click.echo(f"{failed} line(s) could not be annotated", err=True)
        sys.exit(1)
