"""Alembic environment: one URL source shared with Testigo.

The URL comes from the caller (`testigo db upgrade` passes it), else from
Testigo's config ($TESTIGO_DATABASE_URL, then the config file). This script
is the one place in storage/ that reads testigo's config, so that a plain
`alembic upgrade head` uses the same database as the daemon.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from storage.engine import create_database_engine
from storage.models import Base

# Tables that other libraries own in the same database (APScheduler's job store,
# full-text indexes built by raw SQL) are not part of our models.
FOREIGN_TABLE_PREFIXES = ("apscheduler_", "posts_fts")


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    if type_ in ("table", "index") and name and name.startswith(FOREIGN_TABLE_PREFIXES):
        return False
    return True


def database_url() -> str:
    url = context.config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from testigo.config import load_config

    return load_config(None).database.url


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_database_engine(database_url())
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        include_name=include_name,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
