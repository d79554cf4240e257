"""SQLite imports: posts staged in a small in-memory database, then stored by one statement.

Binding a post's two dozen values costs the writing process more than SQLite's own
work on the row, and an import has one writer but several parsing processes. So a
parsing process stages its prepared posts in a private in-memory SQLite database
(`stage_posts`) and hands over that database's bytes; the writer attaches them
(`staging_schema`, `load_staged_posts`) and stores every post with an
INSERT .. SELECT, where authors, row ids and verbatim-copy flags are found by SQLite
itself instead of by round trips from Python.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from sqlalchemy import (
    ClauseElement,
    Column,
    Connection,
    CursorResult,
    MetaData,
    Table,
    and_,
    exists,
    func,
    literal_column,
    select,
    true,
)
from sqlalchemy.dialects import sqlite

from storage.backends.base import on_conflict_update
from storage.models import Author, Post
from storage.post_rows import (
    AUTHOR_COLUMNS,
    POST_COLUMNS,
    PreparedPosts,
    UpsertResult,
    with_stored_fields,
)

SCHEMA = "staged"
_DIALECT = sqlite.dialect()
# Python's sqlite3 has (de)serialize where its SQLite was built with them (the default
# since SQLite 3.36); without them an import stores prepared rows the slower way.
AVAILABLE = hasattr(sqlite3.Connection, "serialize")


@dataclass(frozen=True, slots=True)
class StagedPosts:
    """Prepared posts as the bytes of an in-memory SQLite database (cheap to pickle)."""

    database: bytes
    posts: int


def stage_posts(prepared: PreparedPosts) -> StagedPosts:
    """Stage prepared posts; needs no connection to the real database.

    A post's `is_copy` says whether an earlier post of the same batch had its text; the
    writer adds whether a stored post had it.
    """
    candidates = prepared.copy_candidates
    seen: set[int] = set()
    rows = []
    for row in prepared.rows:
        hash_key = row.text_hash
        candidate = hash_key in candidates
        if candidate and hash_key in seen:
            row = with_stored_fields(row, row.author_id, is_copy=True)
        elif candidate:
            seen.add(hash_key)
        rows.append((*row, candidate))
    with sqlite3.connect(":memory:") as staging:
        staging.execute(f"CREATE TABLE posts ({', '.join(POST_COLUMNS)}, copy_candidate)")
        staging.execute(f"CREATE TABLE authors ({', '.join(AUTHOR_COLUMNS)})")
        marks = ", ".join("?" * (len(POST_COLUMNS) + 1))
        staging.executemany(
            f"INSERT INTO posts VALUES ({marks})",  # noqa: S608 - marks only
            rows,
        )
        marks = ", ".join("?" * len(AUTHOR_COLUMNS))
        staging.executemany(f"INSERT INTO authors VALUES ({marks})", prepared.authors)  # noqa: S608
        staging.commit()
        return StagedPosts(staging.serialize(), len(prepared.rows))


@contextmanager
def staging_schema(connection: Connection) -> Iterator[None]:
    """An empty in-memory schema on `connection` to load staged posts into.

    Attach and detach are refused inside a transaction, so this wraps the import's
    transactions; `load_staged_posts` replaces the schema's content batch after batch.
    """
    connection.exec_driver_sql(f"ATTACH DATABASE ':memory:' AS {SCHEMA}")
    connection.commit()
    try:
        yield
    finally:
        connection.rollback()
        connection.exec_driver_sql(f"DETACH DATABASE {SCHEMA}")
        connection.commit()


def load_staged_posts(connection: Connection, staged: StagedPosts) -> UpsertResult:
    """Upsert the staged authors and posts; the caller's transaction commits them.

    Returns how many posts were new and how many were known (their metrics refreshed).
    """
    driver = cast(sqlite3.Connection, connection.connection.driver_connection)
    driver.deserialize(staged.database, name=SCHEMA)
    counted: CursorResult[int] = connection.exec_driver_sql(_count_new_sql())
    new = counted.scalar_one()
    connection.exec_driver_sql(_author_upsert_sql())
    connection.exec_driver_sql(_mark_copies_sql())
    connection.exec_driver_sql(_post_upsert_sql())
    return UpsertResult(new=new, updated=staged.posts - new)


_STAGED = MetaData(schema=SCHEMA)
_STAGED_POSTS = Table(
    "posts", _STAGED, *(Column(name) for name in (*POST_COLUMNS, "copy_candidate"))
)
_STAGED_AUTHORS = Table("authors", _STAGED, *(Column(name) for name in AUTHOR_COLUMNS))


@lru_cache(maxsize=1)
def _count_new_sql() -> str:
    staged, posts = _STAGED_POSTS, cast(Table, Post.__table__)
    known = exists().where(
        posts.c.platform == staged.c.platform, posts.c.external_id == staged.c.external_id
    )
    return _sqlite_sql(select(func.count()).select_from(staged).where(~known))


@lru_cache(maxsize=1)
def _author_upsert_sql() -> str:
    staged = select(*_STAGED_AUTHORS.c).where(true())  # WHERE: SQLite's upsert syntax wants it
    statement = sqlite.insert(cast(Table, Author.__table__)).from_select(AUTHOR_COLUMNS, staged)
    return _sqlite_sql(on_conflict_update(statement, "authors"))


@lru_cache(maxsize=1)
def _mark_copies_sql() -> str:
    """Flag the staged posts whose text a stored post has (before the posts are stored).

    Done apart, so the INSERT does not read the table it writes, which makes SQLite
    materialise every row of the SELECT first.
    """
    staged, stored = _STAGED_POSTS, cast(Table, Post.__table__)
    text_seen = exists().where(stored.c.text_hash == staged.c.text_hash)
    statement = staged.update().where(staged.c.copy_candidate, text_seen).values(is_copy=true())
    return _sqlite_sql(statement)


@lru_cache(maxsize=1)
def _post_upsert_sql() -> str:
    """Posts in batch order, with their author's row id."""
    staged, authors = _STAGED_POSTS, cast(Table, Author.__table__)
    values = [authors.c.id if name == "author_id" else staged.c[name] for name in POST_COLUMNS]
    author = and_(
        authors.c.platform == staged.c.platform, authors.c.external_id == staged.c.author_id
    )
    rows = (
        select(*values)
        .select_from(staged.outerjoin(authors, author))
        .where(true())
        .order_by(literal_column(f"{SCHEMA}.posts.rowid"))
    )
    statement = sqlite.insert(cast(Table, Post.__table__)).from_select(POST_COLUMNS, rows)
    return _sqlite_sql(on_conflict_update(statement, "posts"))


def _sqlite_sql(statement: ClauseElement) -> str:
    return str(statement.compile(dialect=_DIALECT))
