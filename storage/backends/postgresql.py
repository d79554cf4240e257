"""PostgreSQL (psycopg 3): rows sent as one array per column, row locks, advisory locks."""

from __future__ import annotations

import typing
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any, ClassVar, TypeVarTuple

from sqlalchemy import (
    BigInteger,
    Connection,
    CursorResult,
    Date,
    Engine,
    Row,
    Select,
    SQLColumnExpression,
    Table,
    bindparam,
    cast,
    create_engine,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import psycopg
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from storage.backends.base import (
    ANNOTATION_WRITE_COLUMNS,
    AnyRow,
    Backend,
    DriverRow,
    DriverValue,
    SchedulerLock,
    driver_sql,
    on_conflict_update,
)
from storage.models import Author, Post
from storage.post_rows import AUTHOR_COLUMNS, POST_COLUMNS, AuthorValues, PostValues, TimeBinder
from storage.types import naive_utc_or_none

_DIALECT = psycopg.dialect()  # type: ignore[no-untyped-call]  # its __init__ is unannotated
_Ts = TypeVarTuple("_Ts")
# An arbitrary 32-bit namespace ("tsgo"); the second key is the hash of the current schema,
# so two Testigo databases in separate schemas of one server database do not block each other.
# Letters whose accent PostgreSQL's text search index folds away (migration 0011 indexes the
# same expression; SQLite's unicode61 tokenizer removes diacritics itself).
ACCENTED = "áàâäãåéèêëíìîïóòôöõúùûüñçýÿÁÀÂÄÃÅÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÑÇÝ"
PLAIN = "aaaaaaeeeeiiiiooooouuuuncyyAAAAAAEEEEIIIIOOOOOUUUUNCY"
ADVISORY_NAMESPACE = int.from_bytes(b"tsgo", "big")
_TRY_LOCK = text("SELECT pg_try_advisory_lock(:namespace, hashtext(current_schema()))")
_UNLOCK = text("SELECT pg_advisory_unlock(:namespace, hashtext(current_schema()))")


class PostgreSQLBackend(Backend):
    name: ClassVar[str] = "postgresql"
    mark: ClassVar[str] = "%s"

    def create_engine(self, url: str, **kwargs: Any) -> Engine:
        # No server-side prepared statements: psycopg prepares a query after five runs, and
        # PostgreSQL may then keep a generic plan made while a table was young (a scan of
        # every post per collected page, long after the table has grown). Planning each
        # statement costs far less than that.
        connect_args = {"prepare_threshold": None, **kwargs.pop("connect_args", {})}
        return create_engine(url, pool_pre_ping=True, connect_args=connect_args, **kwargs)

    def insert(self, table: Table) -> postgresql.Insert:
        return postgresql.insert(table)

    def time_binder(self) -> TimeBinder:
        return naive_utc_or_none

    def claims_under_lock(self) -> bool:
        """Claimed rows stay locked until the save commits (a dead worker's locks go with
        its connection), and other workers skip them."""
        return True

    def claim(self, query: Select[*_Ts], locked: type) -> Select[*_Ts]:
        return query.with_for_update(of=locked, skip_locked=True)

    def scheduler_lock(self, engine: Engine) -> SchedulerLock:
        return AdvisoryLock(engine)

    def database_bytes(self, engine: Engine) -> int | None:
        with engine.connect() as connection:
            size = func.pg_database_size(func.current_database(), type_=BigInteger)
            return connection.scalar(select(size))

    def day_of(self, column: SQLColumnExpression[datetime]) -> ColumnElement[date | str]:
        return cast(column, Date)

    def text_matches(
        self, session: Session, words: str, post_id: SQLColumnExpression[int]
    ) -> ColumnElement[bool]:
        """The GIN index on the text with its accents folded answers this (migration 0011):
        "Alban" finds "Albán", as SQLite's index does."""
        config: ColumnElement[Any] = literal_column("'simple'::regconfig")
        accented: ColumnElement[str] = literal_column(f"'{ACCENTED}'")
        plain: ColumnElement[str] = literal_column(f"'{PLAIN}'")
        folded_text = func.translate(Post.text, accented, plain)  # constants, as the index has
        query = func.plainto_tsquery(config, func.translate(words, accented, plain))
        return func.to_tsvector(config, folded_text).op("@@")(query)

    # --- hot write paths: one statement over one array per column -----------------------
    # psycopg's executemany sends a statement per row, and the server's work per
    # statement costs more than the rows themselves.

    def rows_by_key(
        self, connection: Connection, table: str, columns: str, keys: Iterable[tuple[str, str]]
    ) -> Sequence[AnyRow]:
        platforms, external_ids = _column_arrays(("platform", "external_id"), list(keys)).values()
        if not platforms:
            return []
        sql = (
            f"SELECT {columns} FROM {table} "  # noqa: S608 - names are constants
            "JOIN unnest(%s::varchar[], %s::varchar[]) AS wanted(platform, external_id) "
            "USING (platform, external_id)"
        )
        return connection.exec_driver_sql(sql, (platforms, external_ids)).all()

    def upsert_post_rows(
        self, connection: Connection, rows: Sequence[PostValues], known: int
    ) -> int:
        inserted: CursorResult[bool] = connection.exec_driver_sql(
            _upsert_sql("posts"), _column_arrays(POST_COLUMNS, rows)
        )
        return sum(inserted.scalars())

    def upsert_author_rows(
        self, connection: Connection, rows: Sequence[AuthorValues]
    ) -> Sequence[Row[str, str, int]]:
        arrays = _column_arrays(AUTHOR_COLUMNS, rows)
        upserted: CursorResult[str, str, int] = connection.exec_driver_sql(
            _upsert_sql("authors"), arrays
        )
        return upserted.all()

    def write_annotation_rows(
        self, connection: Connection, table: Table, rows: Sequence[DriverRow]
    ) -> None:
        columns = tuple(list(column) for column in zip(*rows, strict=True))
        connection.exec_driver_sql(_unnest_sql(table), columns)

    def insert_returning_id(
        self, connection: Connection, table: Table, columns: tuple[str, ...], row: DriverRow
    ) -> int:
        sql = _insert_returning_id_sql(table, columns)
        inserted: CursorResult[int] = connection.exec_driver_sql(
            sql, dict(zip(columns, row, strict=True))
        )
        return inserted.scalar_one()


class AdvisoryLock:
    """A scheduler lock: a session-level advisory lock, keyed by the current schema."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._connection: Connection | None = None

    @property
    def where(self) -> str:
        return f"PostgreSQL advisory lock ({ADVISORY_NAMESPACE}, hash of the schema)"

    def acquire(self) -> bool:
        connection = self.engine.connect()
        taken = connection.execute(_TRY_LOCK, {"namespace": ADVISORY_NAMESPACE}).scalar()
        connection.commit()
        if taken:
            self._connection = connection
        else:
            connection.close()
        return bool(taken)

    def release(self) -> None:
        if self._connection is not None:
            self._connection.execute(_UNLOCK, {"namespace": ADVISORY_NAMESPACE})
            self._connection.close()
            self._connection = None


def _column_arrays(
    columns: tuple[str, ...], rows: Sequence[Sequence[DriverValue]]
) -> dict[str, list[DriverValue]]:
    """One list per column: PostgreSQL array parameters."""
    return {name: [row[i] for row in rows] for i, name in enumerate(columns)}


@lru_cache(maxsize=2)
def _upsert_sql(table_name: str) -> str:
    """INSERT .. SELECT FROM unnest(arrays) ON CONFLICT into posts or authors.

    It returns, per row, whether it was inserted (posts) or its key and id (authors).
    """
    model = Post if table_name == "posts" else Author
    table = typing.cast(Table, model.__table__)
    columns = POST_COLUMNS if table_name == "posts" else AUTHOR_COLUMNS
    arrays = [cast(bindparam(name), postgresql.ARRAY(table.c[name].type)) for name in columns]
    values = func.unnest(*arrays).table_valued(*columns).render_derived()
    rows = select(*(values.c[name] for name in columns))
    statement = on_conflict_update(postgresql.insert(table).from_select(columns, rows), table_name)
    returned: list[ColumnElement[Any]] = (
        [literal_column("xmax = 0")]
        if table_name == "posts"
        else [table.c.platform, table.c.external_id, table.c.id]
    )
    return driver_sql(statement.returning(*returned), _DIALECT, columns)


@lru_cache(maxsize=8)
def _unnest_sql(table: Table) -> str:
    """A statement of save_annotations, reading its rows from arrays."""
    quote = _DIALECT.identifier_preparer.quote
    names = ANNOTATION_WRITE_COLUMNS[table.name]
    if table.name == "posts":
        return (
            "UPDATE posts SET annotation_id = v.current, annotated_version = v.version "
            "FROM unnest(%s::integer[], %s::varchar[], %s::integer[]) "
            "AS v(current, version, post_id) WHERE posts.id = v.post_id"
        )
    arrays = ", ".join(f"%s::{table.c[name].type.compile(_DIALECT)}[]" for name in names)
    sql = (
        f"INSERT INTO {table.name} ({', '.join(quote(name) for name in names)}) "  # noqa: S608
        f"SELECT * FROM unnest({arrays})"
    )
    if table.name == "annotations":
        sql += " ON CONFLICT (post_id, pipeline_version) DO NOTHING"
    return sql


@lru_cache(maxsize=4)
def _insert_returning_id_sql(table: Table, columns: tuple[str, ...]) -> str:
    statement = postgresql.insert(table).values({name: bindparam(name) for name in columns})
    return driver_sql(statement.returning(table.c.id), _DIALECT, columns)
