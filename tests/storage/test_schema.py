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


def test_reddit_scores_stored_as_likes_move_to_score_and_leave_engagement(engine, database_url):
    """Before 0005 a Reddit score was stored as likes: a post voted down had negative likes
    and engagement. Upgrading moves it to score and counts engagement again from zero."""
    config = alembic_config(database_url)
    row = (
        "INSERT INTO posts (platform, external_id, created_at, published_at, collected_at, "
        "updated_at, text, text_hash, likes, replies, engagement, is_copy) VALUES "
        "(:platform, :id, :at, :at, :at, :at, 'texto', 1, :likes, 3, :engagement, false)"
    )
    at = "2025-04-21 10:00:00.000000"
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
        for platform, likes in (("reddit", -5), ("x", 4)):
            values = {"platform": platform, "id": platform, "at": at, "likes": likes}
            connection.execute(text(row), {**values, "engagement": likes + 3})
        command.upgrade(config, "head")
        moved = connection.execute(
            text("SELECT platform, likes, score, engagement FROM posts ORDER BY platform")
        ).all()
    assert [tuple(r) for r in moved] == [("reddit", None, -5, 3), ("x", 4, None, 7)]
