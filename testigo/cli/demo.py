"""`testigo demo`: see Testigo work in minutes, offline, without accounts or the user's data."""

from __future__ import annotations

import socket
from datetime import timedelta

import click

from testigo.cli.common import console
from testigo.cli.dashboard import dashboard as dashboard_command
from testigo.demo import run
from testigo.demo.replay import ReplayServer
from testigo.demo.sample import DAYS, Sample, generate
from testigo.digest import write_digest
from testigo.errors import UserError


@click.command()
@click.option("--no-serve", is_flag=True, help="Stop after the digests and print the figures.")
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False),
    help="Keep the demo here (default: a new temporary folder).",
)
@click.option("--port", type=int, default=8000, show_default=True, help="Dashboard port.")
@click.pass_context
def demo(ctx: click.Context, no_serve: bool, folder: str | None, port: int) -> None:
    """Collect a bundled sample from a local replay of seven platforms, annotate it, build
    rollups and 30 daily digests, then serve the dashboard. Touches nothing of yours."""
    if not no_serve:
        _check_port(port)  # before minutes of work, not after
    where = run.prepare_folder(folder)
    sample = generate()
    click.echo(f"demo folder: {where}")
    with ReplayServer(sample) as replay:
        click.echo(f"replay server: {replay.base_url} ({len(sample.posts)} items, 7 platforms)")
        config = run.demo_config(where, replay.base_url)
        engine, summaries = run.collect_and_annotate(config)
    for summary in summaries:
        errors = f"  {'; '.join(summary.errors)}" if summary.errors else ""
        click.echo(
            f"collected {summary.source:<16} {summary.status:<8} {summary.pages:>3} pages "
            f"{summary.new:>5} new {summary.quarantined:>3} quarantined{errors}"
        )
    for offset in range(DAYS):
        write_digest(engine, config, sample.first_day + timedelta(offset))
    # The dashboard command reads the config and engine from the root context.
    ctx.find_root().obj.update(config=config, engine=engine)
    logins = run.add_demo_users(engine)
    report(sample, run.count(engine), config.digest.out_dir)
    if no_serve:
        return
    click.echo(f"\ndashboard: http://127.0.0.1:{port}/  (Ctrl-C stops it; the folder stays)")
    for name, (password, role) in logins.items():
        click.echo(f"  login {name} / {password}  ({role})")
    ctx.invoke(dashboard_command, host="127.0.0.1", port=port)


def _check_port(port: int) -> None:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            raise UserError(f"port {port} on 127.0.0.1 is in use: pass --port N") from None


def report(sample: Sample, counts: run.DemoCounts, digests_dir: str) -> None:
    """One line per platform: what the sample holds beside what the database got."""
    expected = sample.expected()
    console.print(
        f"\n{'platform':<10} {'sample':>7} {'stored':>7} {'quarantined':>12} {'reposts':>8}"
    )
    for platform in run.platforms(sample, counts):
        console.print(
            f"{platform:<10} {expected['posts'].get(platform, 0):>7} "
            f"{counts.posts.get(platform, 0):>7} {counts.quarantined.get(platform, 0):>12} "
            f"{counts.reposts.get(platform, 0):>8}"
        )
    total = sum(counts.posts.values())
    console.print(
        f"{'total':<10} {sum(expected['posts'].values()):>7} {total:>7} "
        f"{sum(counts.quarantined.values()):>12} {sum(counts.reposts.values()):>8}"
    )
    console.print(f"annotated: {counts.annotated} of {total} posts")
    people = ", ".join(f"{n} {origin}" for origin, n in sorted(counts.individuals.items()))
    console.print(f"people named in posts: {people or 'none'}")
    console.print(
        f"digests: {counts.digests} ({sample.first_day} .. {sample.last_day}) in {digests_dir}"
    )
