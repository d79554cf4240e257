"""Text search finds every stored post, whether or not SQLite's index has caught up with it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, text, update

from collector.post import Post
from storage.engine import transaction
from storage.models import Post as PostRow
from storage.privacy import Names
from storage.queries.posts import search_posts
from storage.retention import purge_old
from storage.rollups import refresh_rollups
from storage.writes import upsert_posts

APRIL_21 = datetime(2025, 4, 21, 2, 30, tzinfo=UTC)
# Revealing: these tests are about the index, and place names here look like names.
NAMES = Names(b"test-pseudonym-key", reveal=True)
LATER = datetime.now(UTC) + timedelta(days=2)


def _post(external_id: str, words: str) -> Post:
    return Post(
        platform="telegram",
        external_id=external_id,
        created_at=APRIL_21,
        text=f"Denuncian traslados al {words}, mensaje {external_id}",
    )


def _store(engine, *posts: Post) -> None:
    with transaction(engine) as session:
        upsert_posts(session, posts)


def _found(engine, words: str) -> set[str]:
    with transaction(engine) as session:
        hits = search_posts(session, text=words, names=NAMES)
        ids = [hit.post_id for hit in hits]
        rows = session.execute(PostRow.__table__.select().where(PostRow.id.in_(ids))).mappings()
        return {row["external_id"] for row in rows}


def _index_is_sound(engine) -> None:
    """FTS5's own check that the index and the posts agree (after indexing everything)."""
    if engine.dialect.name != "sqlite":
        return
    with transaction(engine) as session:
        refresh_rollups(session)
        session.execute(
            text("INSERT INTO posts_fts(posts_fts, rank) VALUES ('integrity-check', 1)")
        )


def test_post_stored_after_the_last_indexing_is_found_by_text_search(engine):
    _store(engine, _post("1", "CECOT"))
    with transaction(engine) as session:
        refresh_rollups(session)
    _store(engine, _post("2", "Cecot de Tecoluca"), _post("3", "penal de Izalco"))
    assert _found(engine, "cecot") == {"1", "2"}
    assert _found(engine, "TECOLUCA cecot") == {"2"}
    if engine.dialect.name == "sqlite":  # the tail is tokenised as the index is: accents fold
        assert _found(engine, "cécot") == {"1", "2"}
    assert _found(engine, "izalco") == {"3"}
    _index_is_sound(engine)
    assert _found(engine, "cecot") == {"1", "2"}


def test_changed_and_purged_texts_are_searched_as_they_are_now(engine):
    _store(engine, _post("1", "CECOT"), _post("2", "CECOT"))
    with transaction(engine) as session:
        refresh_rollups(session)
    _store(engine, _post("3", "CECOT"), _post("4", "penal de Izalco"))
    with transaction(engine) as session:
        for external_id, words in (("1", "Izalco"), ("4", "Mariona")):
            session.execute(
                update(PostRow)
                .where(PostRow.external_id == external_id)
                .values(text=_post(external_id, words).text)
            )
        session.execute(delete(PostRow).where(PostRow.external_id == "2"))
    assert _found(engine, "cecot") == {"3"}
    assert _found(engine, "izalco") == {"1"}
    assert _found(engine, "mariona") == {"4"}
    with transaction(engine) as session:
        purged = purge_old(session, LATER, raw_payload_days=365, text_days=1)
    assert purged.post_texts == 3
    assert _found(engine, "cecot") == _found(engine, "izalco") == _found(engine, "mariona") == set()
    _index_is_sound(engine)
    _store(engine, _post("5", "CECOT"))
    assert _found(engine, "cecot") == {"5"}


def test_a_name_written_without_its_accents_finds_the_post_that_has_them(engine):
    _store(engine, _post("1", "penal donde murió Fernando Albán"), _post("2", "CECOT"))
    assert _found(engine, "Alban") == {"1"}
    assert _found(engine, "albán") == {"1"}
    assert _found(engine, "Fernando Alban") == {"1"}
