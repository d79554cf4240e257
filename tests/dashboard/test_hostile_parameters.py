"""No parameter value makes a 500: every route and every parameter it reads, with hostile
values, on SQLite and PostgreSQL, as a viewer (pseudonyms) and an analyst (names)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

import pytest
from query_dataset import DAY
from starlette.testclient import TestClient

from dashboard.app import POSTS, TOPICS
from dashboard.views import FILTER_PARAMETERS

ClientAs = Callable[[str | None], TestClient]

HOSTILE = (
    "\x00",
    "a\x00b",
    "²",
    "١٢٣",  # Arabic-Indic digits: str.isdigit() says yes, int() of many such says yes too
    "-1",
    "0",
    "99999999999999999999",
    "9" * 400,
    "1e309",
    "9999-12-31",
    "0001-01-01",
    "2025-02-30",
    "2025-04-21T00:00",
    "' OR 1=1 --",
    '"><script>alert(1)</script>',
    "%",
    "*",
    "NEAR(",
    '"',
    "\ud800",
    "\u202e\u200b",
    " ",
    "x" * 5000,
)
# Each route's parameters: the API's documented ones, plus those only its page reads.
ROUTES = {
    "/": FILTER_PARAMETERS,
    "/api/overview": FILTER_PARAMETERS,
    "/topics": TOPICS,
    "/api/topics": TOPICS,
    "/posts": POSTS,
    "/api/posts": POSTS,
    "/individuals": (*FILTER_PARAMETERS, "day"),
    "/api/individuals": (*FILTER_PARAMETERS, "day"),
    "/individuals/1": (*FILTER_PARAMETERS, "day"),
    "/api/individuals/1": (*FILTER_PARAMETERS, "day"),
    "/digests": (),
    "/api/digests": (),
    "/login": ("next",),
}
PATH_VALUES = ("/individuals/{}", "/api/individuals/{}", "/digests/{}", "/digests/{}/html",
               "/api/digests/{}")  # fmt: skip
ACCEPTABLE = {200, 400, 404}


def url(path: str, names: tuple[str, ...], value: str) -> str:
    """Every parameter of the route set to the value at once: each is read and checked
    before any query runs, so one request per route and value reaches them all."""
    quoted = quote(value, safe="", errors="surrogatepass")
    return path + ("?" + "&".join(f"{name}={quoted}" for name in names) if names else "")


@pytest.fixture(params=["viewer", "analyst"])
def client(request, client_as: ClientAs, loaded) -> TestClient:
    return client_as(request.param)


def test_every_parameter_of_every_route_survives_hostile_values(client) -> None:
    failures = []
    for path, names in ROUTES.items():
        for value in HOSTILE:
            response = client.get(url(path, names, value), follow_redirects=False)
            if response.status_code not in ACCEPTABLE:
                failures.append((path, value[:20], response.status_code))
    assert failures == []


def test_each_search_and_id_parameter_alone_survives_hostile_values(client) -> None:
    """The parameters that reach a query unparsed (text search) or cut a query short
    (one post), tried one at a time so no other parameter masks them."""
    failures = []
    for name in ("q", "post", "individual", "actor", "day", "until"):
        path = "/api/individuals" if name == "day" else "/api/posts"
        for value in HOSTILE:
            response = client.get(url(path, (name,), value))
            if response.status_code not in ACCEPTABLE:
                failures.append((name, value[:20], response.status_code))
    assert failures == []


def test_hostile_values_in_the_path_are_not_found_not_an_error(client) -> None:
    failures = []
    for pattern in PATH_VALUES:
        for value in (*HOSTILE, str(2**63), DAY.isoformat()):
            quoted = quote(value, safe="", errors="surrogatepass")
            response = client.get(pattern.format(quoted), follow_redirects=False)
            if response.status_code not in ACCEPTABLE:
                failures.append((pattern, value[:20], response.status_code))
    assert failures == []


OUT_OF_RANGE = {
    "/api/posts?individual=²": "individual: expected a number",
    "/api/posts?post=²": "post: expected a number",
    "/api/overview?until=9999-12-31": "until: expected a date between",
    "/api/individuals?day=0001-01-01": "day: expected a date between",
    "/api/topics?since=0001-01-01": "since: expected a date between",
}


def test_out_of_range_values_say_what_was_expected(client_as: ClientAs, loaded) -> None:
    client = client_as("analyst")
    for query, says in OUT_OF_RANGE.items():
        response = client.get(query)
        assert response.status_code == 200, query
        assert any(says in problem for problem in response.json()["problems"]), query


def test_a_nul_in_the_search_is_dropped_and_an_id_beyond_any_row_is_not_found(
    client_as: ClientAs, loaded
) -> None:
    client = client_as("viewer")
    response = client.get("/api/posts?q=%00")
    assert response.status_code == 200
    assert response.json()["filters"]["q"] == ""
    response = client.get("/api/individuals/99999999999999999999")
    assert response.status_code == 404
    assert response.json() == {"error": "no such person"}
