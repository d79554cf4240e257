"""Every route over HTTP (Starlette TestClient) on SQLite and PostgreSQL: login, roles,
CSRF, headers, pseudonyms for viewers and hostile post text."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from httpx import Response
from query_dataset import ANA, DAY, JOSE
from sqlalchemy import Engine, select
from starlette.applications import Starlette
from starlette.testclient import TestClient
from web_helpers import PASSWORDS, PSEUDONYM_KEY, csrf_of

from storage.engine import transaction
from storage.models import AuditEntry, Individual
from storage.privacy import pseudonym
from storage.writes import ensure_source, finish_run, name_key, start_run

ClientAs = Callable[[str | None], TestClient]

PAGES = (
    "/",
    "/topics",
    "/topics?frame=criminality_terrorism",
    "/topics?actor=bukele",
    "/posts",
    "/posts?q=Bukele",
    "/individuals",
    f"/individuals?day={DAY}",
    "/digests",
    f"/digests/{DAY}",
)
APIS = (
    "/api/overview",
    "/api/topics?frame=criminality_terrorism",
    "/api/posts",
    "/api/individuals",
    "/api/digests",
    f"/api/digests/{DAY}",
)
# Spellings a name leaks by: in full, in part, without accents, HTML- and JSON-escaped.
NAME_PARTS = (
    "José",
    "Jose",
    "Jos\\u00e9",
    "Pérez",
    "Perez",
    "P\\u00e9rez",
    "Ana Gómez",
    "Gómez",
    "Gomez",
)


def attempt(
    client: TestClient,
    username: str = "ana",
    password: str = PASSWORDS["ana"],
    next_page: str = "/",
    headers: dict[str, str] | None = None,
) -> Response:
    """Submit the login form as a browser would (with the page's CSRF token)."""
    token = csrf_of(client.get("/login").text)
    data = {"csrf": token, "username": username, "password": password, "next": next_page}
    return client.post("/login", data=data, headers=headers, follow_redirects=False)


def test_health_answers_without_login(client_as: ClientAs) -> None:
    response = client_as(None).get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_login_page_is_public_and_carries_a_csrf_token(client_as: ClientAs) -> None:
    response = client_as(None).get("/login")
    assert response.status_code == 200
    assert csrf_of(response.text)


def test_login_with_wrong_password_is_refused(client_as: ClientAs) -> None:
    client = client_as(None)
    response = attempt(client, password="no")
    assert response.status_code == 401
    assert "Wrong username or password" in response.text
    assert client.get("/", follow_redirects=False).status_code == 303


def test_login_without_csrf_token_is_refused(client_as: ClientAs) -> None:
    client = client_as(None)
    client.get("/login")
    response = client.post("/login", data={"username": "ana", "password": PASSWORDS["ana"]})
    assert response.status_code == 403
    assert client.get("/", follow_redirects=False).status_code == 303


def test_login_from_a_foreign_origin_is_refused(client_as: ClientAs) -> None:
    response = attempt(client_as(None), headers={"origin": "https://evil.example"})
    assert response.status_code == 403


def test_one_client_guessing_unknown_names_is_slowed_down(client_as: ClientAs) -> None:
    client = client_as(None)
    statuses = [attempt(client, f"x{i}", "guess").status_code for i in range(7)]
    assert statuses[0] == 401
    assert statuses[-1] == 429


def test_login_does_not_redirect_to_another_site(client_as: ClientAs) -> None:
    response = attempt(client_as(None), next_page="//evil.example/")
    assert response.status_code == 303
    assert response.headers["location"] == "/"


def test_session_cookie_is_httponly_and_samesite(client_as: ClientAs) -> None:
    cookie = attempt(client_as(None)).headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "secure" not in cookie


def test_session_cookie_is_secure_over_https(app: Starlette) -> None:
    response = attempt(TestClient(app, base_url="https://testserver"))
    assert "secure" in response.headers["set-cookie"].lower()
    assert "strict-transport-security" in response.headers


def test_a_forged_session_cookie_is_not_a_login(client_as: ClientAs) -> None:
    client = client_as("viewer")
    cookie = client.cookies["testigo_session"]
    body, signature = cookie.rsplit(".", 1)
    client.cookies.set("testigo_session", body + "." + "0" * len(signature))
    assert client.get("/", follow_redirects=False).status_code == 303


def test_every_response_has_a_strict_content_security_policy(client_as: ClientAs) -> None:
    for response in (client_as(None).get("/login"), client_as("admin").get("/")):
        policy = response.headers["content-security-policy"]
        assert "default-src 'none'" in policy
        assert "script-src 'none'" in policy
        assert "frame-ancestors 'none'" in policy
        assert response.headers["x-content-type-options"] == "nosniff"


def test_pages_load_nothing_from_elsewhere(client_as: ClientAs, loaded: dict[str, int]) -> None:
    client = client_as("admin")
    for path in ("/login", *PAGES):
        html = client.get(path).text
        assert not re.search(r'(src|action)="(https?:)?//', html), path
        assert all(
            href.startswith("/static/") for href in re.findall(r'<link[^>]*href="([^"]*)"', html)
        )
        assert "<script" not in html


def _person_id(app: Starlette, name: str) -> int:
    with app.state.dashboard.db() as db:
        return db.scalars(select(Individual.id).where(Individual.name == name)).one()


@pytest.mark.parametrize("path", ["/", "/topics", "/posts", "/individuals", "/digests"])
def test_pages_need_a_login(client_as: ClientAs, path: str) -> None:
    response = client_as(None).get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")


def test_api_needs_a_login(client_as: ClientAs) -> None:
    client = client_as(None)
    for path in (*APIS, "/api/openapi.json", "/individuals/1", "/digests/2025-04-21/html"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code in (401, 303), path
        assert "José" not in response.text


@pytest.mark.parametrize("role", ["viewer", "analyst", "admin"])
def test_every_page_and_api_route_answers_each_role(
    client_as: ClientAs, loaded: dict[str, int], app: Starlette, role: str
) -> None:
    client = client_as(role)
    person = _person_id(app, JOSE)
    for path in (*PAGES, *APIS, f"/individuals/{person}?day={DAY}", f"/digests/{DAY}/html"):
        response = client.get(path)
        assert response.status_code == 200, (path, response.text[:300])
    assert client.get("/api/overview").json()["top_actors"][0]["actor"] == "bukele"


def test_viewer_never_sees_a_real_name(
    client_as: ClientAs, loaded: dict[str, int], app: Starlette
) -> None:
    client = client_as("viewer")
    jose = _person_id(app, JOSE)
    ana = _person_id(app, ANA)
    paths = [
        *PAGES,
        *APIS,
        f"/individuals/{jose}?day={DAY}",
        f"/individuals/{ana}?day={DAY}",
        f"/api/individuals/{jose}?day={DAY}",
        f"/digests/{DAY}/html",
        f"/posts?individual={jose}",
        f"/posts?post={loaded['p4']}",
        "/api/posts?order=engagement",
        "/api/openapi.json",
    ]
    for path in paths:
        body = client.get(path).text
        for part in NAME_PARTS:
            assert part not in body, (path, part)
    assert pseudonym(name_key(JOSE), PSEUDONYM_KEY) in client.get(f"/individuals?day={DAY}").text


@pytest.mark.parametrize("words", [JOSE, "Pérez", "perez", "jose perez terrorista", "Gómez"])
def test_viewer_searching_a_real_name_finds_nothing(
    client_as: ClientAs, loaded: dict[str, int], words: str
) -> None:
    client = client_as("viewer")
    found = client.get("/api/posts", params={"q": words}).json()["posts"]
    assert found == []
    page = client.get("/posts", params={"q": words}).text
    assert "No posts match" in page
    # An analyst searching the same spelling finds the posts (PostgreSQL's index keeps accents).
    if words in (JOSE, "Pérez"):
        assert client_as("analyst").get("/api/posts", params={"q": words}).json()["posts"]


def test_viewer_search_still_finds_words_it_can_see(
    client_as: ClientAs, loaded: dict[str, int]
) -> None:
    found = client_as("viewer").get("/api/posts", params={"q": "terrorista"}).json()["posts"]
    assert {p["post_id"] for p in found} == {loaded["p4"], loaded["p8"]}


def test_analyst_sees_names_and_each_view_is_audited(
    client_as: ClientAs, loaded: dict[str, int], app: Starlette
) -> None:
    client = client_as("analyst")
    assert JOSE in client.get(f"/individuals?day={DAY}").text
    assert JOSE in client.get(f"/posts?post={loaded['p4']}").text
    with app.state.dashboard.db() as db:
        entries = db.scalars(select(AuditEntry).where(AuditEntry.actor == "ana")).all()
    paths = {e.detail["path"] for e in entries if e.action == "view_names"}
    assert {"/individuals", "/posts"} <= paths
    assert all(e.detail["individuals"] for e in entries if e.detail["path"] == "/posts")


def test_viewer_pages_write_no_name_reveals(
    client_as: ClientAs, loaded: dict[str, int], app: Starlette
) -> None:
    client_as("viewer").get(f"/individuals?day={DAY}")
    with app.state.dashboard.db() as db:
        assert db.scalars(select(AuditEntry).where(AuditEntry.actor == "vic")).all() == []


def test_exposure_ranking_shows_every_part_of_the_score(
    client_as: ClientAs, loaded: dict[str, int]
) -> None:
    ranking = client_as("analyst").get(f"/api/individuals?day={DAY}").json()["ranking"]
    top = ranking[0]
    assert top["person"] == JOSE
    parts = [k for k in top if k.endswith("_points")]
    assert len(parts) == 8
    assert abs(sum(top[p] for p in parts) - top["score"]) < 0.1


def test_person_page_lists_the_posts_behind_each_part(
    client_as: ClientAs, loaded: dict[str, int], app: Starlette
) -> None:
    jose = _person_id(app, JOSE)
    data = client_as("analyst").get(f"/api/individuals/{jose}?day={DAY}").json()
    behind_details = {item["post"]["post_id"] for item in data["evidence"]["details"]}
    assert behind_details == {loaded["p4"], loaded["p7"]}
    assert len(data["evidence"]["mentions"]) == 4


def test_review_queue_confirm_needs_an_analyst_and_a_csrf_token(
    client_as: ClientAs, loaded: dict[str, int], app: Starlette
) -> None:
    ana = _person_id(app, ANA)
    viewer = client_as("viewer")
    token = csrf_of(viewer.get("/").text)
    refused = viewer.post(
        "/individuals/review", data={"csrf": token, "individual_id": ana, "decision": "confirm"}
    )
    assert refused.status_code == 403
    analyst = client_as("analyst")
    page = analyst.get("/individuals").text
    assert ANA in page
    no_token = analyst.post(
        "/individuals/review", data={"individual_id": ana, "decision": "confirm"}
    )
    assert no_token.status_code == 403
    done = analyst.post(
        "/individuals/review",
        data={"csrf": csrf_of(page), "individual_id": ana, "decision": "confirm"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    with app.state.dashboard.db() as db:
        assert db.get(Individual, ana).status == "confirmed"
    assert ANA not in analyst.get("/individuals").text.split('id="review"')[1]


def test_a_hostile_post_renders_inert(client_as: ClientAs, loaded: dict[str, int]) -> None:
    for role in ("viewer", "analyst"):
        html = client_as(role).get(f"/posts?post={loaded['evil']}").text
        assert "<script" not in html
        assert "<img" not in html
        assert "<b onmouseover" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "&lt;b onmouseover=" in html
        assert "javascript:" not in html
        assert '<mark class="actor" title="actor: bukele">&lt;script&gt;' in html


def test_only_http_links_lead_to_originals(client_as: ClientAs, loaded: dict[str, int]) -> None:
    html = client_as("viewer").get("/posts").text
    links = re.findall(r'<a href="([^"]+)" rel="noopener noreferrer nofollow">original', html)
    assert links and all(link.startswith("https://example.org/") for link in links)


def test_post_filters_narrow_the_results(client_as: ClientAs, loaded: dict[str, int]) -> None:
    client = client_as("viewer")
    only = client.get("/api/posts", params={"platform": "mastodon"}).json()["posts"]
    assert {p["platform"] for p in only} == {"mastodon"}
    framed = client.get("/api/posts", params={"frame": "due_process"}).json()["posts"]
    assert [p["post_id"] for p in framed] == [loaded["p7"]]
    dated = client.get("/api/posts", params={"until": "2025-04-20"}).json()["posts"]
    assert {p["post_id"] for p in dated} == {loaded["p1"], loaded["p2"], loaded["p3"]}


def test_bad_filter_values_get_a_message_not_an_error(
    client_as: ClientAs, loaded: dict[str, int]
) -> None:
    response = client_as("viewer").get("/posts", params={"since": "yesterday", "actor": "a b"})
    assert response.status_code == 200
    assert "since: expected a date" in response.text
    assert "actor: not a valid id" in response.text


def test_charts_are_inline_svg_with_data_marks(client_as: ClientAs, loaded: dict[str, int]) -> None:
    html = client_as("viewer").get("/").text
    assert html.count("<svg") >= 3
    assert "<polyline" in html


def test_stored_digest_with_names_is_rebuilt_with_pseudonyms_for_viewers(
    client_as: ClientAs, loaded: dict[str, int]
) -> None:
    analyst = client_as("analyst").get(f"/api/digests/{DAY}").json()
    viewer = client_as("viewer").get(f"/api/digests/{DAY}").json()
    assert analyst["rebuilt_with_pseudonyms"] is False
    assert viewer["rebuilt_with_pseudonyms"] is True
    assert JOSE in analyst["markdown"]
    assert pseudonym(name_key(JOSE), PSEUDONYM_KEY) in viewer["markdown"]
    assert client_as("viewer").get("/digests/1999-01-01").status_code == 404


def test_openapi_document_describes_every_api_route(client_as: ClientAs) -> None:
    document = client_as("viewer").get("/api/openapi.json").json()
    assert document["openapi"].startswith("3.")
    for path in (
        "/api/overview",
        "/api/topics",
        "/api/posts",
        "/api/individuals",
        "/api/individuals/{individual_id}",
        "/api/digests",
        "/api/digests/{day}",
    ):
        assert "get" in document["paths"][path], path
    assert json.dumps(document)


def test_overview_shows_a_degraded_run_and_what_it_quarantined(
    client_as: ClientAs, engine: Engine
) -> None:
    with transaction(engine) as session:
        source_id = ensure_source(session, "telegram-canales", "telegram").id
        finish_run(
            session,
            start_run(session, source_id),
            status="degraded",
            pages=3,
            quarantined=3,
            quarantine_causes={"text: required": 2, "<b>unparseable</b> payload": 1},
        )
    client = client_as("viewer")
    [health] = client.get("/api/overview").json()["collection_health"]
    assert (health["degraded"], health["quarantined"]) == (1, 3)
    assert health["causes"] == "2 text: required; 1 <b>unparseable</b> payload"
    page = client.get("/").text
    assert '<th class="num">Degraded</th>' in page
    assert "3: 2 text: required; 1 &lt;b&gt;unparseable&lt;/b&gt; payload" in page
