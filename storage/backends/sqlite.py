"""SQLite: queued writers, a lock file for the scheduler, staged bulk imports, FTS5 search."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from datetime import date, datetime
from functools import lru_cache
from typing import Any, ClassVar, cast

from sqlalchemy import (
    BindParameter,
    Connection,
    CursorResult,
    Engine,
    Row,
    SQLColumnExpression,
    Table,
    UpdateBase,
    bindparam,
    func,
    insert,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from storage.backends import sqlite_engine, sqlite_fts, sqlite_staging
from storage.backends.base import (
    ANNOTATION_WRITE_COLUMNS,
    AnyRow,
    Backend,
    DriverRow,
    LoadablePosts,
    SchedulerLock,
    driver_sql,
    on_conflict_update,
)
from storage.models import Author, Post
from storage.post_rows import (
    AUTHOR_COLUMNS,
    POST_COLUMNS,
    AuthorValues,
    PostValues,
    PreparedPosts,
    TimeBinder,
    UpsertResult,
)
from storage.types import sqlite_utc_text

_DIALECT = sqlite.dialect()
# The posts index an import's bulk load reads itself (verbatim copies are found by text
# hash): kept while the others are dropped and built again.
KEPT_DURING_BULK_LOAD = frozenset({"ix_posts_text_hash"})


class SQLiteBackend(Backend):
    name: ClassVar[str] = "sqlite"
    mark: ClassVar[str] = "?"

    def create_engine(self, url: str, **kwargs: Any) -> Engine:
        return sqlite_engine.create_sqlite_engine(url, **kwargs)

    def insert(self, table: Table) -> sqlite.Insert:
        return sqlite.insert(table)

    def time_binder(self) -> TimeBinder:
        return sqlite_utc_text

    def queue_writers(self, engine: Engine) -> Engine:
        return sqlite_engine.queue_writers(engine)

    def begin_reading(self, connection: Connection) -> None:
        connection.execution_options(**{sqlite_engine.READS_ONLY: True})

    def claims_under_lock(self) -> bool:
        """A write transaction locks the whole database: a claim is a read, taking no lock."""
        return False

    def scheduler_lock(self, engine: Engine) -> SchedulerLock:
        return sqlite_engine.LockFile(engine)

    def database_bytes(self, engine: Engine) -> int | None:
        return sqlite_engine.database_bytes(engine)

    def day_of(self, column: SQLColumnExpression[datetime]) -> ColumnElement[date | str]:
        return func.date(column)

    def text_matches(
        self, session: Session, words: str, post_id: SQLColumnExpression[int]
    ) -> ColumnElement[bool]:
        return sqlite_fts.text_matches(session, words, post_id)

    def index_new_posts(self, connection: Connection) -> int:
        return sqlite_fts.index_new_posts(connection)

    # --- imports -------------------------------------------------------------------------

    @contextmanager
    def import_connection(self, engine: Engine) -> Iterator[Connection]:
        with engine.connect() as connection, sqlite_engine.import_cache(connection):
            staging = sqlite_staging.staging_schema if sqlite_staging.AVAILABLE else None
            with staging(connection) if staging else nullcontext():
                yield connection

    def bulk_load_wanted(
        self, connection: Connection, expected_posts: int, asked: bool | None
    ) -> bool:
        """Asked for, or at least as many posts coming as are stored already."""
        if asked is not None:
            return asked
        highest: CursorResult[int] = connection.exec_driver_sql(
            "SELECT coalesce(max(id), 0) FROM posts"
        )
        stored = highest.scalar_one()
        connection.rollback()
        return expected_posts >= stored

    @contextmanager
    def bulk_load(
        self, connection: Connection, threads: int, status: Callable[[str], None] | None
    ) -> Iterator[None]:
        """One transaction: drop the secondary posts indexes, write, build them again once.

        Several times cheaper than updating every index row by row. Readers keep their
        snapshot (WAL); an interrupted load commits nothing (the caller's connection
        rolls back); other writers wait for it.
        """
        posts = cast(Table, Post.__table__)
        indexes = sorted(
            (i for i in posts.indexes if i.name not in KEPT_DURING_BULK_LOAD),
            key=lambda index: index.name or "",
        )
        connection.begin()
        driver = cast(sqlite3.Connection, connection.connection.driver_connection)
        if not driver.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")  # unless an engine event did already
        for index in indexes:
            connection.exec_driver_sql(f'DROP INDEX "{index.name}"')
        yield
        if status:
            status("building indexes")
        # The parsing processes are done: SQLite may sort each index in more threads.
        connection.exec_driver_sql(f"PRAGMA threads = {threads}")
        for index in indexes:
            index.create(connection)
        connection.exec_driver_sql("PRAGMA threads = 0")
        connection.commit()

    def prepare_for_load(self, prepared: PreparedPosts) -> LoadablePosts:
        if sqlite_staging.AVAILABLE:
            return sqlite_staging.stage_posts(prepared)
        return prepared

    def load(self, connection: Connection, posts: LoadablePosts) -> UpsertResult:
        if isinstance(posts, sqlite_staging.StagedPosts):
            return sqlite_staging.load_staged_posts(connection, posts)
        return super().load(connection, posts)

    # --- hot write paths: the driver's executemany on statements compiled once ----------

    def rows_by_key(
        self, connection: Connection, table: str, columns: str, keys: Iterable[tuple[str, str]]
    ) -> list[AnyRow]:
        """One query per platform: for a row-value IN, SQLite scans the whole unique index;
        for `platform = ? AND external_id IN (..)` it searches it."""
        by_platform: dict[str, list[str]] = {}
        for platform, external_id in keys:
            by_platform.setdefault(platform, []).append(external_id)
        found: list[AnyRow] = []
        for platform, external_ids in by_platform.items():
            sql = (
                f"SELECT {columns} FROM {table} "  # noqa: S608 - names are constants
                f"WHERE platform = ? AND external_id IN ({self.marks(len(external_ids))})"
            )
            found += connection.exec_driver_sql(sql, (platform, *external_ids)).all()
        return found

    def upsert_post_rows(
        self, connection: Connection, rows: Sequence[PostValues], known: int
    ) -> int:
        connection.exec_driver_sql(_upsert_sql("posts"), list(rows))
        return len(rows) - known

    def upsert_author_rows(
        self, connection: Connection, rows: Sequence[AuthorValues]
    ) -> Sequence[Row[str, str, int]]:
        connection.exec_driver_sql(_upsert_sql("authors"), list(rows))
        keys = (row[:2] for row in rows)
        ids: list[Row[str, str, int]] = self.rows_by_key(
            connection, "authors", "platform, external_id, id", keys
        )
        return ids

    def write_annotation_rows(
        self, connection: Connection, table: Table, rows: Sequence[DriverRow]
    ) -> None:
        connection.exec_driver_sql(_annotation_write_sql(table), list(rows))

    def insert_returning_id(
        self, connection: Connection, table: Table, columns: tuple[str, ...], row: DriverRow
    ) -> int:
        sql = _insert_returning_id_sql(table, columns)
        inserted: CursorResult[int] = connection.exec_driver_sql(sql, row)
        return inserted.scalar_one()


@lru_cache(maxsize=2)
def _upsert_sql(table_name: str) -> str:
    """INSERT .. ON CONFLICT into posts or authors, bound in column order."""
    table = cast(Table, (Post if table_name == "posts" else Author).__table__)
    columns = POST_COLUMNS if table_name == "posts" else AUTHOR_COLUMNS
    statement = sqlite.insert(table).values({name: bindparam(name) for name in columns})
    return driver_sql(on_conflict_update(statement, table_name), _DIALECT, columns)


@lru_cache(maxsize=8)
def _annotation_write_sql(table: Table) -> str:
    """annotations: INSERT keeping an existing (post, version) row; posts: UPDATE of the
    current annotation; a mention table: INSERT."""
    columns = ANNOTATION_WRITE_COLUMNS[table.name]
    binds: dict[str, BindParameter[Any]] = {name: bindparam(name) for name in columns}
    if table.name == "annotations":
        statement: UpdateBase = (
            sqlite.insert(table)
            .values(binds)
            .on_conflict_do_nothing(index_elements=["post_id", "pipeline_version"])
        )
    elif table.name == "posts":
        statement = (
            table.update()
            .where(table.c.id == binds["post_id"])
            .values(annotation_id=binds["current"], annotated_version=binds["version"])
        )
    else:
        statement = insert(table).values(binds)
    return driver_sql(statement, _DIALECT, columns)


@lru_cache(maxsize=4)
def _insert_returning_id_sql(table: Table, columns: tuple[str, ...]) -> str:
    statement = insert(table).values({name: bindparam(name) for name in columns})
    return driver_sql(statement.returning(table.c.id), _DIALECT, columns)
