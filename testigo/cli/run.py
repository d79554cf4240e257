"""`testigo run`: the daemon (collect, annotate, roll up, digest, retention on a schedule)."""

from __future__ import annotations

import logging

import click

from storage.engine import queue_writers, scheduler_lock
from testigo.cli.common import config_from, engine_from
from testigo.daemon import Daemon, run_forever, run_once
from testigo.errors import UserError
from testigo.logs import FORMATS, configure_logging
from testigo.pipeline_loading import load_configured_pipeline
from testigo.stopping import StopSignal

log = logging.getLogger("testigo.daemon")
STANDBY_POLL_SECONDS = 5.0


@click.command()
@click.option("--once", is_flag=True, help="Every source once, annotate until idle, roll up, exit.")
@click.option("--no-worker", is_flag=True, help="Do not annotate here (run `testigo worker`s).")
@click.option("--standby", is_flag=True, help="If another daemon runs, wait and take over.")
@click.option("--log-format", type=click.Choice(FORMATS), default="text", show_default=True)
@click.pass_context
def run(ctx: click.Context, once: bool, no_worker: bool, standby: bool, log_format: str) -> None:
    """Run Testigo: collect on schedule, annotate, keep rollups, digest and retention.

    One daemon runs per database; Ctrl-C or SIGTERM stops it cleanly.
    """
    configure_logging(log_format)
    config = config_from(ctx)
    engine = queue_writers(engine_from(ctx))
    stop = StopSignal().install()
    lock = scheduler_lock(engine)
    while not lock.acquire():
        if not standby:
            raise UserError(
                f"another `testigo run` already schedules this database ({lock.where}); "
                "stop it first, or use --standby to take over when it stops"
            )
        log.info("standby: another daemon holds %s; waiting", lock.where)
        if stop.wait(STANDBY_POLL_SECONDS):
            return
    try:
        # Running on, the daemon's worker is a child process that loads its own pipeline.
        pipeline = load_configured_pipeline(config) if once and not no_worker else None
        if pipeline is not None:
            log.info("annotation: pipeline version %s", pipeline.version)
        in_child = None if once or no_worker else log_format
        daemon = Daemon(engine, config, stop, pipeline, worker_process_log_format=in_child)
        (run_once if once else run_forever)(daemon)
    finally:
        lock.release()
