"""One data function per page, served twice: as HTML and as JSON under /api/.

The page and its API route read the same dict, so they cannot drift apart; the
API routes are recorded as they are made and `openapi()` describes them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from dashboard.web import Ctx, json_response, route
from storage.users import ROLES

Data = Callable[[Ctx], dict[str, Any]]

FILTER_PARAMETERS = ("since", "until", "platform", "lang", "by")


@dataclass(frozen=True)
class ApiRoute:
    path: str
    summary: str
    parameters: tuple[str, ...]
    roles: tuple[str, ...]


def view(
    path: str,
    data: Data,
    template: str,
    *,
    parameters: tuple[str, ...] = FILTER_PARAMETERS,
    roles: Collection[str] = ROLES,
    decorate: Callable[[Ctx, dict[str, Any]], dict[str, Any]] | None = None,
) -> list[Route]:
    """The HTML page at `path` and its JSON twin at `/api` + `path`. `decorate` adds
    what only the page needs (charts) to the data."""

    def page(ctx: Ctx) -> Response:
        found = data(ctx)
        return ctx.render(template, **(decorate(ctx, found) if decorate else found))

    def api(ctx: Ctx) -> Response:
        return json_response(data(ctx))

    api_path = "/api" + (path if path != "/" else "/overview")
    return [route(path, page, roles=roles), api_route(api_path, api, data, parameters, roles)]


def api_route(
    path: str,
    handler: Callable[[Ctx], Response],
    documented: Callable[..., Any],
    parameters: tuple[str, ...] = (),
    roles: Collection[str] = ROLES,
) -> Route:
    """A JSON route, described in the OpenAPI document by `documented`'s first doc line."""
    made = route(path, handler, roles=roles)
    summary = (documented.__doc__ or "").strip().splitlines()[0]
    made.api_doc = ApiRoute(path, summary, parameters, tuple(roles))  # type: ignore[attr-defined]
    return made


def openapi(routes: list[BaseRoute]) -> dict[str, Any]:
    """An OpenAPI 3.1 document for the JSON API (all GET, cookie-authenticated)."""
    paths: dict[str, Any] = {}
    for api in (r.api_doc for r in routes if hasattr(r, "api_doc")):
        openapi_path = re.sub(r"\{(\w+):\w+\}", r"{\1}", api.path)
        parameters = [
            {"name": name, "in": "query", "required": False, "schema": {"type": "string"}}
            for name in api.parameters
        ]
        if "{" in openapi_path:
            name = openapi_path.split("{", 1)[1].split("}", 1)[0]
            parameters.append(
                {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            )
        paths[openapi_path] = {
            "get": {
                "summary": api.summary,
                "description": "Roles: " + ", ".join(api.roles),
                "parameters": parameters,
                "security": [{"session": []}],
                "responses": {
                    "200": {"description": "JSON data", "content": {"application/json": {}}},
                    "401": {"description": "not logged in"},
                    "403": {"description": "role not allowed"},
                },
            }
        }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Testigo dashboard API",
            "version": "1",
            "description": "The dashboard's data as JSON. Log in at /login; the session "
            "cookie authenticates. Viewers get pseudonyms (person-xxxxxxxx) for individuals.",
        },
        "components": {
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": "testigo_session"}
            }
        },
        "paths": paths,
    }
