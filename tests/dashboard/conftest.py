"""An app on the `engine` fixture with one user per role, and clients logged in as each."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.testclient import TestClient
from web_helpers import PASSWORDS, PSEUDONYM_KEY, ROLES, USER_OF_ROLE, log_in

from dashboard.app import create_app
from storage.engine import transaction
from storage.users import add_user


@pytest.fixture
def app(engine: Engine) -> Starlette:
    with transaction(engine) as session:
        for name, role in ROLES.items():
            add_user(session, name, PASSWORDS[name], role)
    return create_app(engine, pseudonym_key=PSEUDONYM_KEY, secret_key=b"s" * 32)


@pytest.fixture
def client_as(app: Starlette) -> Callable[[str | None], TestClient]:
    """A client logged in with the given role (None: not logged in)."""

    def make(role: str | None) -> TestClient:
        client = TestClient(app)
        if role is None:
            return client
        name = USER_OF_ROLE[role]
        return log_in(client, name, PASSWORDS[name])

    return make
