"""Every route over HTTP (Starlette TestClient) on SQLite and PostgreSQL: login, roles,
CSRF, headers, pseudonyms for viewers and hostile post text."""

from __future__ import annotations

from collections.abc import Callable

from starlette.applications import Starlette
from starlette.testclient import TestClient
from web_helpers import PASSWORDS, csrf_of

ClientAs = Callable[[str | None], TestClient]


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
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"csrf": token, "username": "ana", "password": "no"})
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
    client = client_as(None)
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"csrf": token, "username": "ana", "password": PASSWORDS["ana"]},
        headers={"origin": "https://evil.example"},
    )
    assert response.status_code == 403


def test_repeated_failed_logins_are_slowed_down(client_as: ClientAs) -> None:
    client = client_as(None)
    token = csrf_of(client.get("/login").text)
    statuses = [
        client.post(
            "/login", data={"csrf": token, "username": "ana", "password": "guess"}
        ).status_code
        for _ in range(4)
    ]
    assert statuses[:2] == [401, 401]
    assert statuses[-1] == 429
    # Even the right password waits until the lock expires.
    right = client.post(
        "/login", data={"csrf": token, "username": "ana", "password": PASSWORDS["ana"]}
    )
    assert right.status_code == 429
    assert int(right.headers["retry-after"]) >= 1


def test_one_client_guessing_unknown_names_is_slowed_down(client_as: ClientAs) -> None:
    client = client_as(None)
    token = csrf_of(client.get("/login").text)
    statuses = [
        client.post(
            "/login", data={"csrf": token, "username": f"x{i}", "password": "guess"}
        ).status_code
        for _ in range(7)
        for i in [_]
    ]
    assert statuses[0] == 401
    assert statuses[-1] == 429


def test_login_does_not_redirect_to_another_site(client_as: ClientAs) -> None:
    client = client_as(None)
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={
            "csrf": token,
            "username": "ana",
            "password": PASSWORDS["ana"],
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/"


def test_session_cookie_is_httponly_and_samesite(client_as: ClientAs) -> None:
    client = client_as(None)
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"csrf": token, "username": "ana", "password": PASSWORDS["ana"]},
        follow_redirects=False,
    )
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "secure" not in cookie


def test_session_cookie_is_secure_over_https(app: Starlette) -> None:
    client = TestClient(app, base_url="https://testserver")
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"csrf": token, "username": "ana", "password": PASSWORDS["ana"]},
        follow_redirects=False,
    )
    assert "secure" in response.headers["set-cookie"].lower()
    assert "strict-transport-security" in response.headers


def test_a_forged_session_cookie_is_not_a_login(client_as: ClientAs) -> None:
    client = client_as("viewer")
    cookie = client.cookies["testigo_session"]
    body, signature = cookie.rsplit(".", 1)
    client.cookies.set("testigo_session", body + "." + "0" * len(signature))
    assert client.get("/", follow_redirects=False).status_code == 303


def test_logout_needs_csrf_and_ends_the_session(client_as: ClientAs) -> None:
    client = client_as("analyst")
    assert client.post("/logout", data={}).status_code == 403
    token = csrf_of(client.get("/").text)
    client.post("/logout", data={"csrf": token})
    assert client.get("/", follow_redirects=False).status_code == 303


def test_removed_user_loses_access_at_once(app: Starlette, client_as: ClientAs) -> None:
    from storage.users import remove_user

    client = client_as("analyst")
    assert client.get("/").status_code == 200
    with app.state.dashboard.db() as session:
        remove_user(session, "ana")
    assert client.get("/", follow_redirects=False).status_code == 303


def test_every_response_has_a_strict_content_security_policy(client_as: ClientAs) -> None:
    for response in (client_as(None).get("/login"), client_as("admin").get("/")):
        policy = response.headers["content-security-policy"]
        assert "default-src 'none'" in policy
        assert "script-src 'none'" in policy
        assert "frame-ancestors 'none'" in policy
        assert response.headers["x-content-type-options"] == "nosniff"


def test_pages_do_not_load_anything_from_elsewhere(client_as: ClientAs) -> None:
    client = client_as("admin")
    for path in ("/login", "/"):
        html = client.get(path).text
        assert "http://" not in html.replace("http://testserver", "")
        assert "https://" not in html
        assert "<script" not in html
