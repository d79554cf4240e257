"""What every database backend does, and the parts that are the same for all of them.

A backend is the one place that knows its database's SQL dialect: its upserts, how a
batch of rows reaches the driver, its locks, its bulk loads, its full-text search and
its date and size functions. It holds no state, so one instance serves every engine
of its kind (and pickles to worker processes by reference).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeAlias, TypeVar, TypeVarTuple

from sqlalchemy import (
    ClauseElement,
    Connection,
    CursorResult,
    Engine,
    Row,
    SQLColumnExpression,
    Table,
    func,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, Select
from sqlalchemy.sql.compiler import SQLCompiler

from storage.post_rows import AuthorValues, PostValues, PreparedPosts, TimeBinder, UpsertResult

if TYPE_CHECKING:
    from storage.backends.sqlite_staging import StagedPosts

_Ts = TypeVarTuple("_Ts")
UpsertInsert = sqlite.Insert | postgresql.Insert
"""An INSERT of one of the backends' dialects: it knows ON CONFLICT."""
_Upsert = TypeVar("_Upsert", sqlite.Insert, postgresql.Insert)
DriverValue = str | int | float | bytes | datetime | None
"""A value as the drivers bind it in driver-level SQL."""
DriverRow = tuple[DriverValue, ...]
AnyRow = Row[*tuple[Any, ...]]
"""A row of driver-level SQL: its columns' types are those its SQL text names."""
LoadablePosts: TypeAlias = "PreparedPosts | StagedPosts"
"""Prepared posts as a parsing process hands them to the writer: as they are, or staged."""


class SchedulerLock(Protocol):
    """One scheduler per database; the lock goes away with the process holding it."""

    @property
    def where(self) -> str:
        """What holds the lock, for people: a lock file's path, a lock's keys."""
        ...

    def acquire(self) -> bool:
        """Take the lock if it is free; False when another scheduler holds it."""
        ...

    def release(self) -> None: ...


class Backend(ABC):
    """The database-specific half of storage; subclasses are one per database."""

    name: ClassVar[str]
    mark: ClassVar[str]
    """The driver's positional parameter marker."""

    @abstractmethod
    def create_engine(self, url: str, **kwargs: Any) -> Engine: ...

    @abstractmethod
    def insert(self, table: Table) -> UpsertInsert:
        """An INSERT that knows ON CONFLICT."""
        ...

    @abstractmethod
    def time_binder(self) -> TimeBinder:
        """What binding a UTCDateTime value sends to the driver, for driver-level SQL."""
        ...

    # --- engine behaviour --------------------------------------------------------------

    def queue_writers(self, engine: Engine) -> Engine:
        """Make concurrent writers wait their turn where the database would refuse them."""
        return engine

    def begin_reading(self, connection: Connection) -> None:  # noqa: B027 - most need nothing
        """Mark a connection as one that only reads (no write lock needed)."""

    @abstractmethod
    def claims_under_lock(self) -> bool:
        """Whether claimed rows can stay locked while they are worked on (SKIP LOCKED)."""
        ...

    def claim(self, query: Select[*_Ts], locked: type) -> Select[*_Ts]:
        """`query` as a claim of rows other workers skip (where the database can)."""
        return query

    @abstractmethod
    def scheduler_lock(self, engine: Engine) -> SchedulerLock: ...

    @abstractmethod
    def database_bytes(self, engine: Engine) -> int | None: ...

    # --- queries -------------------------------------------------------------------------

    @abstractmethod
    def day_of(self, column: SQLColumnExpression[datetime]) -> ColumnElement[date | str]:
        """The UTC date of a timestamp column, as the database computes it (SQLite: as text)."""
        ...

    @abstractmethod
    def text_matches(
        self, session: Session, words: str, post_id: SQLColumnExpression[int]
    ) -> ColumnElement[bool]:
        """Posts whose text has every one of `words` (full-text search)."""
        ...

    def index_new_posts(self, connection: Connection) -> int:
        """Add posts stored since the last call to the full-text index (if it is batched)."""
        return 0

    # --- imports -------------------------------------------------------------------------

    def import_connection(self, engine: Engine) -> AbstractContextManager[Connection]:
        """One connection for a whole import, tuned for bulk work where that helps."""
        return engine.connect()

    def bulk_load_wanted(
        self, connection: Connection, expected_posts: int, asked: bool | None
    ) -> bool:
        """Whether an import should drop and rebuild indexes around its writes."""
        return False

    @contextmanager
    def bulk_load(
        self, connection: Connection, threads: int, status: Callable[[str], None] | None
    ) -> Iterator[None]:
        """The writes of a bulk load, as one transaction (a database with no faster way)."""
        with connection.begin():
            yield

    def prepare_for_load(self, prepared: PreparedPosts) -> LoadablePosts:
        """Prepared posts as a parsing process hands them to the writer."""
        return prepared

    def load(self, connection: Connection, posts: LoadablePosts) -> UpsertResult:
        """Store what `prepare_for_load` made; the caller's transaction commits it."""
        from storage.writes.posts import store_prepared_posts

        if not isinstance(posts, PreparedPosts):
            raise TypeError(f"the {self.name} backend does not stage posts")
        with Session(connection) as session:
            return store_prepared_posts(session, posts)

    # --- hot write paths -----------------------------------------------------------------

    @abstractmethod
    def rows_by_key(
        self, connection: Connection, table: str, columns: str, keys: Iterable[tuple[str, str]]
    ) -> Sequence[AnyRow]:
        """`columns` of the posts or authors rows whose (platform, external_id) is in `keys`."""
        ...

    def seen_text_hashes(self, connection: Connection, hashes: set[int]) -> set[int]:
        """Those of `hashes` some stored post's text has."""
        sql = f"SELECT text_hash FROM posts WHERE text_hash IN ({self.marks(len(hashes))})"  # noqa: S608
        seen: CursorResult[int] = connection.exec_driver_sql(sql, tuple(hashes))
        return set(seen.scalars())

    @abstractmethod
    def upsert_post_rows(
        self, connection: Connection, rows: Sequence[PostValues], known: int
    ) -> int:
        """Upsert rows of the posts table (`POST_COLUMNS`); returns how many were new.

        `known`: how many of them are stored already, as the caller found.
        """
        ...

    @abstractmethod
    def upsert_author_rows(
        self, connection: Connection, rows: Sequence[AuthorValues]
    ) -> Sequence[Row[str, str, int]]:
        """Upsert rows of the authors table; returns (platform, external_id, id) of each."""
        ...

    @abstractmethod
    def write_annotation_rows(
        self, connection: Connection, table: Table, rows: Sequence[DriverRow]
    ) -> None:
        """Rows of one statement of `save_annotations` (`ANNOTATION_WRITE_COLUMNS` order)."""
        ...

    def delete_mentions(
        self, connection: Connection, table: Table, annotation_ids: list[int]
    ) -> None:
        sql = f"DELETE FROM {table.name} WHERE annotation_id IN ({self.marks(len(annotation_ids))})"  # noqa: S608
        connection.exec_driver_sql(sql, tuple(annotation_ids))

    def annotation_ids(
        self, connection: Connection, version: str, post_ids: list[int]
    ) -> Iterable[Row[int, int]]:
        """(annotation id, post id) of the annotations of `version` on `post_ids`."""
        sql = (
            "SELECT id, post_id FROM annotations "  # noqa: S608 - only marks are added
            f"WHERE pipeline_version = {self.mark} AND post_id IN ({self.marks(len(post_ids))})"
        )
        found: CursorResult[int, int] = connection.exec_driver_sql(sql, (version, *post_ids))
        return found

    def posts_waiting(self, connection: Connection, version: str, post_ids: list[int]) -> set[int]:
        """Those of `post_ids` that still exist and do not carry `version` yet."""
        sql = (
            f"SELECT id FROM posts WHERE id IN ({self.marks(len(post_ids))}) "  # noqa: S608
            f"AND (annotated_version IS NULL OR annotated_version != {self.mark})"
        )
        waiting: CursorResult[int] = connection.exec_driver_sql(sql, (*post_ids, version))
        return set(waiting.scalars())

    @abstractmethod
    def insert_returning_id(
        self, connection: Connection, table: Table, columns: tuple[str, ...], row: DriverRow
    ) -> int:
        """INSERT one row (`columns` order) and return its id, through a statement compiled once."""
        ...

    def marks(self, count: int) -> str:
        return ", ".join([self.mark] * count)


def driver_sql(statement: ClauseElement, dialect: Dialect, columns: tuple[str, ...]) -> str:
    """The SQL the driver runs, checked to bind positional parameters in `columns` order."""
    compiled = statement.compile(dialect=dialect)
    bound = compiled.positiontup if isinstance(compiled, SQLCompiler) else None
    if bound and tuple(bound) != columns:
        raise RuntimeError(f"statement binds {bound}, not {columns}")
    return compiled.string


def count_upto(session: Session, rows: Select[*tuple[Any, ...]], cap: int) -> int:
    """How many rows `rows` gives, counting no further than `cap`."""
    return session.scalar(select(func.count()).select_from(rows.limit(cap).subquery())) or 0


_METRICS = ("likes", "reposts", "replies", "quotes", "views", "score")


def on_conflict_update(statement: _Upsert, table_name: str) -> _Upsert:
    """The upsert of posts or authors: a known post's metrics refreshed, an author renamed.

    A metric the platform stopped reporting keeps its last known value.
    """
    table = statement.table
    excluded = statement.excluded
    if table_name == "posts":
        set_ = {
            **{name: func.coalesce(excluded[name], table.c[name]) for name in _METRICS},
            "engagement": excluded.engagement,
            "updated_at": excluded.updated_at,
        }
    else:
        set_ = {"handle": excluded.handle, "display_name": excluded.display_name}
    return statement.on_conflict_do_update(index_elements=["platform", "external_id"], set_=set_)


# The bound columns of each statement of save_annotations, in the order its rows give them
# (for an INSERT, the table's column order, which the compiled statement binds in).
ANNOTATION_WRITE_COLUMNS = {
    "annotations": ("post_id", "pipeline_version", "lang", "created_at"),
    "actor_mentions": ("actor_id", "annotation_id", "post_id", "text", "start", "end"),
    "frame_mentions": ("frame_id", "polarity", "annotation_id", "post_id", "text", "start", "end"),
    "individual_mentions": (
        "individual_id", "source", "annotation_id", "post_id", "text", "start", "end",
    ),
    "detail_mentions": ("kind", "annotation_id", "post_id", "text", "start", "end"),
    "posts": ("current", "version", "post_id"),
}  # fmt: skip
