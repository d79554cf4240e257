"""`testigo dashboard`: serve the web app (loopback unless told otherwise)."""

from __future__ import annotations

import secrets

import click

from testigo.cli.common import config_from, engine_from, err_console
from testigo.name_masking import config_masker
from testigo.pseudonym_key import pseudonym_key

SECRET_ENV = "TESTIGO_DASHBOARD_SECRET"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


@click.command()
@click.option("--host", help="Address to bind (default: [dashboard] host, 127.0.0.1).")
@click.option(
    "--port", type=click.IntRange(1, 65535), help="Port (default: [dashboard] port, 8000)."
)
@click.pass_context
def dashboard(ctx: click.Context, host: str | None, port: int | None) -> None:
    """Serve the dashboard. $TESTIGO_DASHBOARD_SECRET keeps sessions valid across restarts
    (without it, a restart logs everybody out); add users with `testigo users add`."""
    import uvicorn

    from dashboard.app import create_app
    from dashboard.web import Settings

    config = config_from(ctx)
    session_secret = config.secret(SECRET_ENV)
    if not session_secret:
        err_console.print(f"${SECRET_ENV} not set: sessions end when the dashboard restarts")
    settings = Settings(
        languages=tuple(config.topic.languages),
        exposure=config.exposure_policy(),
        title=config.topic.title,
    )
    app = create_app(
        engine_from(ctx),
        pseudonym_key=pseudonym_key(config),
        masker=config_masker(config),
        secret_key=(session_secret or secrets.token_hex(32)).encode(),
        settings=settings,
    )
    host = host or config.dashboard.host
    port = port or config.dashboard.port
    if host not in LOOPBACK:
        err_console.print(f"serving on {host}: put it behind HTTPS before exposing it")
    # uvicorn trusts X-Forwarded-Proto from 127.0.0.1 only: a local HTTPS proxy
    # in front makes the session cookie Secure.
    uvicorn.run(app, host=host, port=port, server_header=False)
