"""The schema: migrations match the models, and SQLite runs safely."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from storage.engine import create_database_engine
from storage.migrate import alembic_config, current_revision, head_revision


def test_models_and_migrations_do_not_drift(engine, database_url):
    # alembic check raises when autogenerate finds a difference between models and schema.
    config = alembic_config(database_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.check(config)
    assert current_revision(engine) == head_revision()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    engine = create_database_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_postgres_urls_use_psycopg_3():
    engine = create_database_engine("postgresql://someone@127.0.0.1:1/nothing")
    assert engine.dialect.driver == "psycopg"
