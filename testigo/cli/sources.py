"""`testigo sources list|check`: what is configured, and whether it can run right now."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from collector.http import FetchError, HttpClient
from collector.registry import SOURCE_KINDS, SourceConfig
from testigo.cli.common import config_from
from testigo.config import Config
from testigo.errors import ConfigError

PROBE_TIMEOUT = 5.0


@click.group()
def sources() -> None:
    """List the configured sources and check that they can run."""


@sources.command("list")
@click.pass_context
def list_sources(ctx: click.Context) -> None:
    """One line per source: kind, on/off and why, how often, and where it reads."""
    config = config_from(ctx)
    if not config.sources:
        click.echo(f"No sources configured in {config.path}.")
        return
    for source in config.sources:
        on, why = config.source_status(source)
        every = _duration(source.interval_seconds)
        state = f"{'on ' if on else 'off'} ({why})"
        click.echo(
            f"{source.name:<22} {source.kind:<9} {state:<60} every {every:<5} {_where(source)}"
        )


@dataclass(frozen=True, slots=True)
class Verdict:
    ok: bool
    detail: str


@sources.command()
@click.option("--timeout", default=PROBE_TIMEOUT, show_default=True, help="Seconds per probe.")
@click.pass_context
def check(ctx: click.Context, timeout: float) -> None:
    """Check the config, each source's credentials and one request to its endpoint.

    Exits 1 when any enabled source fails (2 when the config itself is invalid).
    Secrets are never printed: only the names of the variables that hold them.
    """
    try:
        config = config_from(ctx)
    except ConfigError as error:
        click.echo(f"config: FAIL {error}")
        ctx.exit(2)
    click.echo(f"config: ok ({config.path}, {len(config.sources)} sources)")
    failures = 0
    with HttpClient(timeout=timeout, max_retries=0, max_wait=0) as http:
        for source in config.sources:
            verdict = _check_source(config, source, http)
            failures += not verdict.ok
            click.echo(f"{source.name:<22} {source.kind:<9} {'ok  ' if verdict.ok else 'FAIL'} "
                       f"{verdict.detail}")  # fmt: skip
    if failures:
        click.echo(f"{failures} enabled source(s) cannot run.")
        ctx.exit(1)


def _check_source(config: Config, source: SourceConfig, http: HttpClient) -> Verdict:
    on, why = config.source_status(source)
    kind = SOURCE_KINDS[source.kind]
    resolved = config.source_credentials(source)
    missing = [
        f"{name} (${source.credentials.get(name, 'not mapped')})"
        for name in kind.required_credentials
        if not resolved.get(name)
    ]
    if not on:
        if source.enabled is True and missing:
            return Verdict(False, "required credentials not set: " + ", ".join(missing))
        return Verdict(True, f"off: {why}")
    present = [f"{name} (${env})" for name, env in source.credentials.items() if resolved.get(name)]
    creds = f"; credentials set: {', '.join(present)}" if present else ""
    reached = _probe(source, http)
    return Verdict(reached.ok, reached.detail + creds)


def _probe(source: SourceConfig, http: HttpClient) -> Verdict:
    """One cheap unauthenticated request: is the endpoint there at all?"""
    if source.kind == "file":
        path = Path(source.option("path", ""))
        return Verdict(path.exists(), f"{path} {'exists' if path.exists() else 'not found'}")
    url = source.base_url or next(iter(source.option("feeds", [])), "")
    if not url:
        return Verdict(False, "nothing to reach: no base_url or feeds")
    try:
        raw = http.request("GET", url, ok_statuses=tuple(range(400, 500)))
    except FetchError as error:
        return Verdict(False, f"unreachable: {error}")
    return Verdict(True, f"reachable (HTTP {raw.status_code} from {raw.url})")


def _where(source: SourceConfig) -> str:
    if source.kind == "file":
        return str(source.option("path", ""))
    feeds = source.option("feeds", [])
    return source.base_url or (f"{len(feeds)} feed(s)" if feeds else "")


def _duration(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"
