"""One scheduler per database, and only per database: other schemas are not blocked."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text

from storage.engine import create_database_engine, scheduler_lock


def test_a_second_scheduler_on_the_same_database_cannot_take_the_lock(database_url):
    first, second = (scheduler_lock(create_database_engine(database_url)) for _ in range(2))
    assert first.acquire()
    assert not second.acquire()
    first.release()
    assert second.acquire(), "the lock is free again once its holder lets go"
    second.release()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_testigo_in_another_schema_of_the_same_server_is_not_blocked(database_url):
    schema = f"testigo_other_{uuid.uuid4().hex[:8]}"
    server = database_url.split("?")[0]
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        here = scheduler_lock(create_database_engine(database_url))
        elsewhere = scheduler_lock(
            create_database_engine(f"{server}?options=-csearch_path%3D{schema}")
        )
        assert here.acquire()
        assert elsewhere.acquire()
        here.release()
        elsewhere.release()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
