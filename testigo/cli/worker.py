"""`testigo worker`: annotate stored posts; run one per machine beside a PostgreSQL database."""

from __future__ import annotations

import logging

import click

from storage.engine import queue_writers
from testigo.annotation_worker import AnnotationWorker, keep_annotating
from testigo.cli.common import config_from, engine_from
from testigo.logs import FORMATS, configure_logging
from testigo.pipeline_loading import load_configured_pipeline
from testigo.stopping import StopSignal

log = logging.getLogger("testigo.worker")


@click.command()
@click.option("--until-idle", is_flag=True, help="Exit once no post is left to annotate.")
@click.option("--log-format", type=click.Choice(FORMATS), default="text", show_default=True)
@click.pass_context
def worker(ctx: click.Context, until_idle: bool, log_format: str) -> None:
    """Annotate posts that the current NLP pipeline has not annotated yet.

    On PostgreSQL, several workers (on several machines) share the work and never
    annotate the same post twice. Ctrl-C or SIGTERM finishes the current batch.
    """
    configure_logging(log_format)
    config = config_from(ctx)
    engine = queue_writers(engine_from(ctx))
    pipeline = load_configured_pipeline(config)
    stop = StopSignal().install()
    annotator = AnnotationWorker(engine, pipeline, config.schedule.annotate_batch_size)
    keep_annotating(annotator, stop, config.schedule.annotate_interval_seconds, until_idle)
    log.info("worker: stopped")
