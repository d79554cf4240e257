"""The dashboard's ASGI app, built by `create_app` so tests and the CLI build it alike."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from dashboard import auth
from dashboard.pages.digests import digest_api, digest_html, digest_page, digests_data
from dashboard.pages.individuals import (
    individuals_charts,
    individuals_data,
    person_charts,
    person_data,
    review,
)
from dashboard.pages.overview import overview_charts, overview_data
from dashboard.pages.posts import posts_data
from dashboard.pages.topics import topics_charts, topics_data
from dashboard.security import SecurityHeaders
from dashboard.sessions import SessionCodec
from dashboard.views import FILTER_PARAMETERS, api_route, openapi, view
from dashboard.web import Ctx, Dashboard, Settings, json_response, route
from storage.privacy import Masker
from storage.users import NAME_ROLES

STATIC = Path(__file__).parent / "static"
TOPICS = (*FILTER_PARAMETERS, "frame", "actor")
POSTS = ("q", "actor", "frame", "individual", "post", "order", *FILTER_PARAMETERS[:4])


def routes() -> list[BaseRoute]:
    return [
        route("/login", auth.login_form, roles=None, name="login"),
        route("/login", auth.login, roles=None, methods=("POST",)),
        route("/logout", auth.logout, roles=None, methods=("POST",)),
        route("/health", auth.health, roles=None),
        route("/favicon.ico", auth.no_favicon, roles=None),
        *view("/", overview_data, "overview.html", decorate=overview_charts),
        *view("/topics", topics_data, "topics.html", decorate=topics_charts, parameters=TOPICS),
        *view("/posts", posts_data, "posts.html", parameters=POSTS),
        *view(
            "/individuals",
            individuals_data,
            "individuals.html",
            decorate=individuals_charts,
            parameters=(*FILTER_PARAMETERS, "day"),
        ),
        *view(
            "/individuals/{individual_id:int}",
            person_data,
            "person.html",
            decorate=person_charts,
            parameters=(*FILTER_PARAMETERS, "day"),
        ),
        route("/individuals/review", review, roles=NAME_ROLES, methods=("POST",)),
        *view("/digests", digests_data, "digests.html", parameters=()),
        route("/digests/{day}", digest_page),
        route("/digests/{day}/html", digest_html),
        api_route("/api/digests/{day}", digest_api, digest_api),
        route("/api/openapi.json", api_document),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]


def api_document(ctx: Ctx) -> Response:
    """The OpenAPI document of the JSON API."""
    return json_response(openapi(ctx.request.app.routes))


def create_app(
    engine: Engine,
    *,
    pseudonym_key: bytes,
    masker: Masker,
    secret_key: bytes,
    settings: Settings | None = None,
) -> Starlette:
    """The app over `engine`. `pseudonym_key` keeps viewers' pseudonyms stable across restarts;
    `masker` finds what may name a person in text viewers read (the pipeline's tags miss
    some); `secret_key` signs session cookies (a new one logs everybody out)."""
    if not pseudonym_key:
        raise ValueError("a pseudonym key is required")
    if masker is None:
        raise ValueError("a name masker is required: viewers must not read names")
    app = Starlette(routes=routes(), middleware=[Middleware(SecurityHeaders)])
    app.state.dashboard = Dashboard(
        engine=engine,
        codec=SessionCodec(secret_key),
        pseudonym_key=pseudonym_key,
        masker=masker,
        settings=settings or Settings(),
    )
    return app
