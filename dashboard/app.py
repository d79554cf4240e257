"""The dashboard's ASGI app, built by `create_app` so tests and the CLI build it alike."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from dashboard import auth
from dashboard.pages.overview import overview_data
from dashboard.security import SecurityHeaders
from dashboard.sessions import SessionCodec
from dashboard.views import view
from dashboard.web import Dashboard, route

STATIC = Path(__file__).parent / "static"


def routes() -> list[BaseRoute]:
    return [
        route("/login", auth.login_form, roles=None, name="login"),
        route("/login", auth.login, roles=None, methods=("POST",)),
        route("/logout", auth.logout, roles=None, methods=("POST",)),
        route("/health", auth.health, roles=None),
        *view("/", overview_data, "overview.html", decorate=_overview_charts),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]


def _overview_charts(ctx, data):
    return {**data, "charts": {"volume": "", "languages": "", "frames": ""}}


def create_app(
    engine: Engine,
    *,
    pseudonym_key: bytes,
    secret_key: bytes,
    languages: tuple[str, ...] = ("es", "en"),
) -> Starlette:
    """The app over `engine`. `pseudonym_key` keeps viewers' pseudonyms stable across restarts;
    `secret_key` signs session cookies (a new one logs everybody out)."""
    if not pseudonym_key:
        raise ValueError("a pseudonym key is required")
    app = Starlette(routes=routes(), middleware=[Middleware(SecurityHeaders)])
    app.state.dashboard = Dashboard(
        engine=engine,
        codec=SessionCodec(secret_key),
        pseudonym_key=pseudonym_key,
        languages=languages,
    )
    return app
