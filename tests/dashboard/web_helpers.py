"""Logging in from tests: users per role, their passwords, the CSRF token of a page."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

PSEUDONYM_KEY = b"test pseudonym key, 32 bytes...."
PASSWORDS = {"ada": "admin pass 1", "ana": "analyst pass 2", "vic": "viewer pass 3"}
ROLES = {"ada": "admin", "ana": "analyst", "vic": "viewer"}
USER_OF_ROLE = {role: name for name, role in ROLES.items()}


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "the page has no CSRF field"
    return match.group(1)


def log_in(client: TestClient, username: str, password: str) -> TestClient:
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"csrf": token, "username": username, "password": password, "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return client
