"""Scaffolding every collector test needs: sample pages, a quiet HttpClient, a local source.

Named `collector_helpers` (not `helpers`) because pytest puts each test folder on sys.path,
so a helper module's name must be unique across tests/ (compare tests/dashboard/web_helpers.py).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Literal, overload

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from collector.http import HttpClient
from collector.registry import SourceConfig

SAMPLES = Path(__file__).parent / "samples"


def sample_path(kind: str, name: str) -> Path:
    return SAMPLES / kind / name


@overload
def read_sample(kind: str, name: str, binary: Literal[False] = False) -> str: ...
@overload
def read_sample(kind: str, name: str, binary: Literal[True]) -> bytes: ...
def read_sample(kind: str, name: str, binary: bool = False) -> str | bytes:
    """A page saved from the platform, under tests/collector/samples/<kind>/."""
    path = sample_path(kind, name)
    return path.read_bytes() if binary else path.read_text("utf-8")


def quiet_http(**http_args: Any) -> tuple[HttpClient, list[tuple[bytes, str]]]:
    """An HttpClient that never waits, and the list of (body, reason) of every failed response.

    Any of the defaults (sleep, backoff_base, on_failed_response) can be overridden.
    """
    failed: list[tuple[bytes, str]] = []
    defaults: dict[str, Any] = {
        "sleep": lambda seconds: None,
        "backoff_base": 0.01,
        "on_failed_response": lambda raw, why: failed.append((raw.body, why)),
    }
    return HttpClient(**(defaults | http_args)), failed


def base_url(server: HTTPServer) -> str:
    return server.url_for("").rstrip("/")


def source_config(
    server: HTTPServer | None,
    kind: str,
    *,
    max_pages: int = 10,
    credentials: dict[str, str] | None = None,
    **options: Any,
) -> SourceConfig:
    """An enabled source of `kind` pointed at the local server (no server: files, full URLs)."""
    return SourceConfig(
        name=kind,
        kind=kind,
        base_url=base_url(server) if server is not None else "",
        interval_seconds=900,
        max_pages=max_pages,
        enabled=True,
        credentials=credentials or {},
        options=options,
    )


def json_reply(body: str, **headers: str) -> dict[str, Any]:
    """Keyword arguments for `respond_with_data` answering with a JSON body."""
    return {"response_data": body, "content_type": "application/json", "headers": headers}


def serve_in_turn(
    server: HTTPServer, path: str, *bodies: str, headers: dict[str, str] | None = None
) -> None:
    """Answer `path` once with each JSON body, in order: one page per request."""
    for body in bodies:
        server.expect_oneshot_request(path, headers=headers).respond_with_data(**json_reply(body))


def requests_to(server: HTTPServer, *paths: str) -> list[Request]:
    """Requests this test made (a slow handler of an earlier test may log late)."""
    return [request for request, _ in server.log if request.path in paths]


def serve_slowly(
    server: HTTPServer,
    path: str,
    body: str | bytes,
    *,
    delay: float = 0.5,
    content_type: str | None = None,
) -> None:
    """Answer `path` only after `delay` seconds, longer than the client's timeout."""

    def answer(request: Request) -> Response:
        time.sleep(delay)
        return Response(body, content_type=content_type)

    server.expect_request(path).respond_with_handler(answer)


def unparseable_payloads(
    argnames: str | tuple[str, ...], truncated_json: object, html: object
) -> pytest.MarkDecorator:
    """Parametrise a test over the two ways a JSON API hands back something that is not JSON."""
    return pytest.mark.parametrize(
        argnames, [truncated_json, html], ids=["truncated-json", "html-instead-of-json"]
    )
