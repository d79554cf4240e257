"""An app on the `engine` fixture with one user per role, and clients logged in as each."""

from __future__ import annotations

import sys
from pathlib import Path

# The queries' known dataset is shared, not copied.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "queries"))

from collections.abc import Callable

import pytest
from query_dataset import DAY, ROWS, Actor, Annotated, Row, load
from sqlalchemy import Engine, update
from starlette.applications import Starlette
from starlette.testclient import TestClient
from web_helpers import PASSWORDS, PSEUDONYM_KEY, ROLES, USER_OF_ROLE, log_in

from dashboard.app import create_app
from dashboard.digest import build_digest
from storage.digests import save_digest
from storage.engine import transaction
from storage.exposure_policy import ExposurePolicy
from storage.models import Author
from storage.models import Post as PostRow
from storage.privacy import Names
from storage.rollups import refresh_rollups
from storage.users import add_user
from testigo.name_masking import name_masker

EVIL_TEXT = '<script>alert(1)</script><img src=x onerror=alert(2)> Bukele "quoted" & more'
EVIL_HANDLE = '<b onmouseover="alert(4)">evil</b>'
HOSTILE_ROW = Row(
    "evil",
    DAY,
    "telegram",
    "es",
    "evil",
    1,
    EVIL_TEXT,
    Annotated("es", (Actor("bukele", "<script>alert(1)</script>", 0, 25),)),
)


@pytest.fixture
def app(engine: Engine) -> Starlette:
    with transaction(engine) as session:
        for name, role in ROLES.items():
            add_user(session, name, PASSWORDS[name], role)
    return create_app(
        engine, pseudonym_key=PSEUDONYM_KEY, masker=name_masker(), secret_key=b"s" * 32
    )


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


@pytest.fixture
def loaded(app: Starlette, engine: Engine) -> dict[str, int]:
    """The queries' known dataset (José Pérez named on 2025-04-21, Ana Gómez discovered),
    a post full of hostile markup, rolled up, and a digest stored with real names."""
    ids = load(engine, (*ROWS, HOSTILE_ROW))
    with transaction(engine) as session:
        session.execute(
            update(PostRow).where(PostRow.id == ids["evil"]).values(url="javascript:alert(3)")
        )
        session.execute(
            update(Author).where(Author.external_id == "evil").values(handle=EVIL_HANDLE)
        )
        refresh_rollups(session)
        built = build_digest(
            session,
            DAY,
            names=Names(PSEUDONYM_KEY, reveal=True),
            policy=ExposurePolicy(min_mentions=1),
        )
        save_digest(session, DAY, built.markdown, built.html)
    return ids
