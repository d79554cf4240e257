"""Idempotent writes. Storing the same post twice keeps one row; a re-fetch updates metrics.

Every function takes a Session and leaves committing to the caller, so a
collected page (raw payload, posts, quarantined items, cursor) commits as one
unit.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, Table, bindparam, cast, func, insert, literal_column, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session

from storage.models import (
    ActorMention,
    Annotation,
    Author,
    CollectionRun,
    DetailMention,
    FrameMention,
    Individual,
    IndividualMention,
    Post,
    QuarantinedItem,
    RawPayload,
    Source,
)
from storage.records import AnnotationLike, PostLike
from storage.types import utc_time_binder

# Texts shorter than this are too generic ("¡Libertad!") to call a verbatim copy.
MIN_COPY_TEXT_LENGTH = 20
EARLIEST_PLAUSIBLE = datetime(2000, 1, 1, tzinfo=UTC)
MAX_BIGINT = 2**63 - 1
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class UpsertResult:
    new: int = 0
    updated: int = 0

    def __add__(self, other: UpsertResult) -> UpsertResult:
        return UpsertResult(self.new + other.new, self.updated + other.updated)


def utcnow() -> datetime:
    return datetime.now(UTC)


def dialect_insert(session: Session, table: Table) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT (SQLite and PostgreSQL alike)."""
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def published_time(created_at: datetime, indexed_at: datetime | None, now: datetime) -> datetime:
    """The time a post is bucketed by: its own claim, unless that claim is implausible."""
    if EARLIEST_PLAUSIBLE <= created_at <= now + timedelta(days=1):
        return created_at
    return indexed_at or now


def ensure_source(session: Session, name: str, kind: str) -> Source:
    """The source's row, made on first use; two runs starting at once make one row."""
    find = select(Source).where(Source.name == name)
    source = session.scalars(find).one_or_none()
    if source is None:
        session.execute(
            dialect_insert(session, Source.__table__)
            .values(name=name, kind=kind, cursor={}, created_at=utcnow())
            .on_conflict_do_nothing(index_elements=["name"])
        )
        source = session.scalars(find).one()
    return source


_SAVE_CURSOR = Source.__table__.update().where(Source.__table__.c.id == bindparam("source_id"))
_RAW_PAYLOAD_COLUMNS = (
    "source_id", "url", "fetched_at", "status_code", "content_type", "sha256", "size", "body",
    "error",
)  # fmt: skip


def save_raw_payload(
    session: Session,
    *,
    url: str,
    body: bytes,
    fetched_at: datetime,
    source_id: int | None = None,
    status_code: int | None = None,
    content_type: str | None = None,
    error: str | None = None,
) -> int:
    """Keep a body exactly as received, with its SHA-256; returns the payload id.

    Every collected page stores one: a driver statement compiled once per dialect skips
    SQLAlchemy's per-call parameter and result handling, which cost more than the insert.
    """
    connection = session.connection()
    dialect = connection.dialect
    row = (
        source_id,
        url,
        utc_time_binder(dialect.name)(fetched_at),
        status_code,
        content_type,
        hashlib.sha256(body).hexdigest(),
        len(body),
        body,
        error,
    )
    parameters = _driver_rows(dialect, _RAW_PAYLOAD_COLUMNS, (row,))[0]
    return connection.exec_driver_sql(_raw_payload_sql(dialect), parameters).scalar_one()


@lru_cache(maxsize=4)
def _raw_payload_sql(dialect: Dialect) -> str:
    """INSERT .. RETURNING id into raw_payloads, bound in `_RAW_PAYLOAD_COLUMNS` order."""
    table = RawPayload.__table__
    statement = insert(table).values({name: bindparam(name) for name in _RAW_PAYLOAD_COLUMNS})
    return _driver_sql(statement.returning(table.c.id), dialect, _RAW_PAYLOAD_COLUMNS)


def quarantine(
    session: Session,
    *,
    reason: str,
    item: str | None = None,
    payload_sha256: str | None = None,
    raw_payload_id: int | None = None,
    source_id: int | None = None,
) -> bool:
    """Keep an item that could not become a post; False when the source already keeps it
    (two runs fetching the same page must not store its bad items twice). Without an
    item, the whole payload (`payload_sha256`) is what was kept."""
    values = {
        "raw_payload_id": raw_payload_id,
        "source_id": source_id,
        "reason": reason,
        "item": item,
        "created_at": utcnow(),
        "dedupe_key": quarantine_key(reason, item, payload_sha256),
    }
    table = QuarantinedItem.__table__
    statement = (
        dialect_insert(session, table)
        .values(values)
        .on_conflict_do_nothing(index_elements=["source_id", "dedupe_key"])
        .returning(table.c.id)
    )
    return session.connection().execute(statement).first() is not None


def quarantine_key(reason: str, item: str | None, payload_sha256: str | None) -> str:
    kept = item if item is not None else f"payload:{payload_sha256}"
    return hashlib.sha256(f"{reason}\0{kept}".encode("utf-8", "surrogatepass")).hexdigest()


def upsert_posts(
    session: Session,
    posts: Iterable[PostLike],
    *,
    source_id: int | None = None,
    raw_payload_id: int | None = None,
) -> UpsertResult:
    """Insert new posts and refresh the metrics of known ones."""
    dialect = session.get_bind().dialect.name
    prepared = prepare_posts(
        posts, dialect, utcnow(), source_id=source_id, raw_payload_id=raw_payload_id
    )
    return store_prepared_posts(session, prepared)


POST_COLUMNS = (
    "platform",
    "external_id",
    "url",
    "author_id",
    "source_id",
    "raw_payload_id",
    "created_at",
    "indexed_at",
    "published_at",
    "collected_at",
    "updated_at",
    "lang",
    "text",
    "text_hash",
    "likes",
    "reposts",
    "replies",
    "quotes",
    "views",
    "score",
    "engagement",
    "reply_to",
    "quote_of",
    "repost_of",
    "is_copy",
    "undated",
)
AUTHOR_SLOT = POST_COLUMNS.index("author_id")
HASH_SLOT = POST_COLUMNS.index("text_hash")
COPY_SLOT = POST_COLUMNS.index("is_copy")
_METRICS = ("likes", "reposts", "replies", "quotes", "views", "score")
AUTHOR_COLUMNS = ("platform", "external_id", "handle", "display_name")


@dataclass(slots=True)
class PreparedPosts:
    """Posts as rows of the posts upsert, made without the database.

    Preparing is most of the Python work of storing a post, and it needs no connection,
    so an import prepares in worker processes and its writer only fills in what the
    database knows: author row ids and the verbatim-copy flag. Picklable by design.
    """

    rows: list[list[Any]] = field(default_factory=list)
    """In `POST_COLUMNS` order; the author_id slot holds the author's external id."""
    authors: list[tuple[str, str, str | None, str | None]] = field(default_factory=list)
    """One (platform, external id, handle, display name) per author."""
    copy_candidates: set[int] = field(default_factory=set)
    """Text hash keys of posts long enough to call a verbatim copy."""

    def extend(self, other: PreparedPosts) -> None:
        self.rows += other.rows
        self.authors += other.authors
        self.copy_candidates |= other.copy_candidates


def prepare_posts(
    posts: Iterable[PostLike],
    dialect: str,
    now: datetime,
    *,
    source_id: int | None = None,
    raw_payload_id: int | None = None,
) -> PreparedPosts:
    """Rows for `store_prepared_posts`; of two posts with one key, the later one counts."""
    time = utc_time_binder(dialect)
    now_bound = time(now)
    by_key = {(p.platform, p.external_id): p for p in posts}
    prepared = PreparedPosts()
    authors: dict[tuple[str, str], PostLike] = {}
    for post in by_key.values():
        hash_key = text_hash_key(post.text_hash)
        if len(post.text.strip()) >= MIN_COPY_TEXT_LENGTH:
            prepared.copy_candidates.add(hash_key)
        author = author_key(post)
        if author:
            authors[(post.platform, author)] = post
        metrics = post.metrics
        created_at = time(post.created_at)
        published_at = published_time(post.created_at, post.indexed_at, now)
        prepared.rows.append(
            [
                post.platform,
                post.external_id,
                post.url,
                author,
                source_id,
                raw_payload_id,
                created_at,
                time(post.indexed_at),
                created_at if published_at is post.created_at else time(published_at),
                now_bound,
                now_bound,
                post.lang,
                post.text,
                hash_key,
                metrics.likes,
                metrics.reposts,
                metrics.replies,
                metrics.quotes,
                metrics.views,
                metrics.score,
                metrics.engagement,
                post.reply_to,
                post.quote_of,
                post.repost_of,
                False,
                post.undated,
            ]
        )
    prepared.authors = [
        (platform, author_id, post.author_handle, post.author_name)
        for (platform, author_id), post in authors.items()
    ]
    return prepared


def author_key(post: PostLike) -> str | None:
    """Who wrote a post, as a key among its platform's authors: the platform's id for them,
    else the handle and name the post shows (feeds and GDELT give no id), hashed to fit."""
    if post.author_id:
        return post.author_id
    if not (post.author_handle or post.author_name):
        return None
    shown = f"{post.author_handle or ''}\n{post.author_name or ''}"
    return "shown:" + hashlib.sha256(shown.encode("utf-8")).hexdigest()


def text_hash_key(text_hash: str) -> int:
    """The hex SHA-256 of a post's normalised text as the signed 64-bit key stored in posts."""
    return int.from_bytes(bytes.fromhex(text_hash[:16]), "big", signed=True)


@lru_cache(maxsize=8)
def _upsert_sql(dialect: Dialect, table_name: str) -> str:
    """INSERT .. ON CONFLICT into posts or authors, compiled once per dialect.

    Imports write hundreds of thousands of rows; running the driver's executemany on a
    precompiled statement skips SQLAlchemy's per-row parameter handling, the main cost.
    Rows are sequences in the column order (`_driver_rows`). On PostgreSQL the rows come
    as one array per column instead (`_column_arrays`): psycopg's executemany sends a
    statement per row, and the server's work per statement cost more than the rows.
    It returns, per row, whether it was inserted (posts) or its id (authors).
    """
    table = Post.__table__ if table_name == "posts" else Author.__table__
    columns = POST_COLUMNS if table_name == "posts" else AUTHOR_COLUMNS
    if dialect.name == "postgresql":
        statement = postgresql.insert(table).from_select(columns, _unnest_select(table, columns))
    else:
        statement = sqlite.insert(table).values({name: bindparam(name) for name in columns})
    statement = on_conflict_update(statement, table_name)
    if dialect.name == "postgresql":
        returned = (
            [literal_column("xmax = 0")]
            if table_name == "posts"
            else [table.c.platform, table.c.external_id, table.c.id]
        )
        statement = statement.returning(*returned)
    return _driver_sql(statement, dialect, columns)


def on_conflict_update(statement: Any, table_name: str) -> Any:
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


def _unnest_select(table: Table, columns: tuple[str, ...]) -> Select:
    """PostgreSQL: the rows of one array parameter per column, as a SELECT."""
    arrays = [cast(bindparam(name), postgresql.ARRAY(table.c[name].type)) for name in columns]
    values = func.unnest(*arrays).table_valued(*columns).render_derived()
    return select(*(values.c[name] for name in columns))


def _column_arrays(columns: tuple[str, ...], rows: Sequence[Sequence]) -> dict[str, list]:
    """One list per column: PostgreSQL array parameters."""
    return {name: [row[i] for row in rows] for i, name in enumerate(columns)}


def _driver_sql(statement: Any, dialect: Dialect, columns: tuple[str, ...]) -> str:
    """The SQL the driver runs, checked to bind positional parameters in `columns` order."""
    compiled = statement.compile(dialect=dialect)
    if compiled.positiontup and tuple(compiled.positiontup) != columns:
        raise RuntimeError(f"statement binds {compiled.positiontup}, not {columns}")
    return compiled.string


def _driver_rows(dialect: Dialect, columns: tuple[str, ...], rows: Sequence[Sequence]) -> Any:
    """Tuples for positional drivers (sqlite3), dicts by column name for named ones (psycopg)."""
    if dialect.positional:
        return [tuple(row) for row in rows]
    return [dict(zip(columns, row, strict=True)) for row in rows]


def _marks(dialect: Dialect, count: int) -> str:
    return ", ".join(["?" if dialect.paramstyle == "qmark" else "%s"] * count)


def _rows_by_key(
    session: Session, table_name: str, columns: str, keys: Iterable[tuple[str, str]]
) -> list[Any]:
    """`columns` of the posts or authors rows whose (platform, external_id) is in `keys`.

    One query per platform: for a row-value IN, SQLite scans the whole unique index (an
    import slowed down as the table grew); for `platform = ? AND external_id IN (..)` it
    searches it. Every value is a bound parameter.
    """
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        platforms, external_ids = _column_arrays(("platform", "external_id"), list(keys)).values()
        sql = (
            f"SELECT {columns} FROM {table_name} "  # noqa: S608 - names are constants
            "JOIN unnest(%s::varchar[], %s::varchar[]) AS wanted(platform, external_id) "
            "USING (platform, external_id)"
        )
        return connection.exec_driver_sql(sql, (platforms, external_ids)).all() if platforms else []
    by_platform: dict[str, list[str]] = {}
    for platform, external_id in keys:
        by_platform.setdefault(platform, []).append(external_id)
    found: list[Any] = []
    for platform, external_ids in by_platform.items():
        sql = (
            f"SELECT {columns} FROM {table_name} "  # noqa: S608 - names are constants
            f"WHERE platform = {_marks(connection.dialect, 1)} "
            f"AND external_id IN ({_marks(connection.dialect, len(external_ids))})"
        )
        found += connection.exec_driver_sql(sql, (platform, *external_ids)).all()
    return found


def store_prepared_posts(session: Session, prepared: PreparedPosts) -> UpsertResult:
    """Upsert prepared rows (filling in their author ids and copy flags: store them once)."""
    author_ids = _upsert_authors(session, prepared.authors)
    result = UpsertResult()
    for start in range(0, len(prepared.rows), _CHUNK):
        chunk = prepared.rows[start : start + _CHUNK]
        result += _store_rows(session, chunk, author_ids, prepared.copy_candidates)
    return result


def _store_rows(
    session: Session,
    rows: list[list[Any]],
    author_ids: dict[tuple[str, str], int],
    copy_candidates: set[int],
) -> UpsertResult:
    connection = session.connection()
    dialect = connection.dialect
    keys = (row[:2] for row in rows)
    existing = set(_rows_by_key(session, "posts", "platform, external_id", keys))
    candidates = {row[HASH_SLOT] for row in rows} & copy_candidates
    seen_hashes: set[int] = set()
    if candidates:
        marks = _marks(dialect, len(candidates))
        sql = f"SELECT text_hash FROM posts WHERE text_hash IN ({marks})"  # noqa: S608
        seen_hashes = set(connection.exec_driver_sql(sql, tuple(candidates)).scalars())
    for row in rows:
        if row[AUTHOR_SLOT] is not None:
            row[AUTHOR_SLOT] = author_ids[(row[0], row[AUTHOR_SLOT])]
        if (row[0], row[1]) in existing:
            continue
        hash_key = row[HASH_SLOT]
        row[COPY_SLOT] = hash_key in seen_hashes
        if hash_key in candidates:
            seen_hashes.add(hash_key)
    sql = _upsert_sql(dialect, "posts")
    if dialect.name == "postgresql":
        inserted = connection.exec_driver_sql(sql, _column_arrays(POST_COLUMNS, rows))
        new = sum(inserted.scalars())
        return UpsertResult(new=new, updated=len(rows) - new)
    connection.exec_driver_sql(sql, _driver_rows(dialect, POST_COLUMNS, rows))
    return UpsertResult(new=len(rows) - len(existing), updated=len(existing))


def _upsert_authors(
    session: Session, authors: Sequence[tuple[str, str, str | None, str | None]]
) -> dict[tuple[str, str], int]:
    connection = session.connection()
    ids: dict[tuple[str, str], int] = {}
    for start in range(0, len(authors), _CHUNK):
        chunk = authors[start : start + _CHUNK]
        sql = _upsert_sql(connection.dialect, "authors")
        if connection.dialect.name == "postgresql":
            found = connection.exec_driver_sql(sql, _column_arrays(AUTHOR_COLUMNS, chunk)).all()
        else:
            connection.exec_driver_sql(sql, _driver_rows(connection.dialect, AUTHOR_COLUMNS, chunk))
            keys = (a[:2] for a in chunk)
            found = _rows_by_key(session, "authors", "platform, external_id, id", keys)
        ids.update(((platform, external_id), id_) for platform, external_id, id_ in found)
    return ids


def upsert_pages(
    session: Session,
    pages: Sequence[tuple[Iterable[PostLike], int | None]],
    *,
    source_id: int | None = None,
) -> UpsertResult:
    """The posts of several pages, each with its raw payload id, as `upsert_posts` page by page.

    Stored together, a collect run's pages take a handful of statements instead of six
    each, which cost more than the pages' rows. Pages that share a post are stored page
    by page: the first keeps the row it inserts and later ones refresh its metrics, as
    they always have (PostgreSQL also refuses to upsert one row twice in a statement).
    """
    dialect = session.get_bind().dialect.name
    now = utcnow()
    prepared = [
        prepare_posts(posts, dialect, now, source_id=source_id, raw_payload_id=payload_id)
        for posts, payload_id in pages
    ]
    keys = [(row[0], row[1]) for page in prepared for row in page.rows]
    if len(set(keys)) < len(keys):
        result = UpsertResult()
        for page in prepared:
            result += store_prepared_posts(session, page)
        return result
    merged = PreparedPosts()
    for page in prepared:
        merged.extend(page)
    # An author seen on several pages is written once, as the last page shows them.
    merged.authors = list({author[:2]: author for author in merged.authors}.values())
    return store_prepared_posts(session, merged)


def save_cursor(session: Session, source_id: int, cursor: dict[str, Any]) -> None:
    """A prebuilt Core UPDATE: it runs once per collected page, and the ORM's bulk-update
    path (session synchronisation) cost more than the page's posts."""
    session.connection().execute(_SAVE_CURSOR, {"source_id": source_id, "cursor": cursor})


def set_retry_at(session: Session, source_id: int, retry_at: datetime | None) -> None:
    session.execute(update(Source).where(Source.id == source_id).values(retry_at=retry_at))


def start_run(session: Session, source_id: int) -> int:
    run = CollectionRun(source_id=source_id, started_at=utcnow(), status="running")
    session.add(run)
    session.flush()
    return run.id


def finish_run(session: Session, run_id: int, **outcome: Any) -> None:
    """Close a run with its counts, errors, caps hit and time lost to rate limits."""
    allowed = {c.name for c in CollectionRun.__table__.c} - {"id", "source_id", "started_at"}
    unknown = set(outcome) - allowed
    if unknown:
        raise TypeError(f"unknown run field(s): {', '.join(sorted(unknown))}")
    session.execute(
        update(CollectionRun)
        .where(CollectionRun.id == run_id)
        .values(finished_at=utcnow(), **outcome)
    )


def name_key(name: str) -> str:
    """How two spellings of one person's name are matched: case, accents and spacing folded."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.split())


def save_annotations(session: Session, annotated: Sequence[tuple[int, AnnotationLike]]) -> None:
    """Store annotations and make each the post's current one (older versions stay as history).

    Saving a (post, version) again replaces its mentions, never duplicates them. Rows go
    to the driver's executemany as tuples through statements compiled once: a batch
    writes about five rows per post, and SQLAlchemy's per-row parameter handling cost
    more than the database's own work.
    """
    if not annotated:
        return
    connection = session.connection()
    dialect = connection.dialect
    now = utcnow()
    individual_ids = _ensure_individuals(session, annotated, now)
    created_at = utc_time_binder(dialect)(now)
    _write_rows(
        connection,
        Annotation.__table__,
        [(post_id, a.pipeline_version, a.lang, created_at) for post_id, a in annotated],
    )
    annotation_ids = _annotation_ids(connection, annotated)
    marks = _marks(dialect, len(annotation_ids))
    for table in _MENTION_TABLES:
        sql = f"DELETE FROM {table.name} WHERE annotation_id IN ({marks})"  # noqa: S608
        connection.exec_driver_sql(sql, tuple(annotation_ids))
    actors, frames, people, details = [], [], [], []
    for (post_id, a), annotation_id in zip(annotated, annotation_ids, strict=True):
        actors += [(m.actor_id, annotation_id, post_id, m.text, m.start, m.end) for m in a.actors]
        frames += [
            (m.frame_id, m.polarity, annotation_id, post_id, m.text, m.start, m.end)
            for m in a.frames
        ]
        people += [
            (individual_ids[name_key(m.canonical or m.name)], m.source, annotation_id, post_id,
             m.name, m.start, m.end)
            for m in a.individuals
        ]  # fmt: skip
        details += [(m.kind, annotation_id, post_id, m.text, m.start, m.end) for m in a.details]
    for table, rows in zip(_MENTION_TABLES, (actors, frames, people, details), strict=True):
        if rows:
            _write_rows(connection, table, rows)
    current = [
        (annotation_id, a.pipeline_version, post_id)
        for (post_id, a), annotation_id in zip(annotated, annotation_ids, strict=True)
    ]
    _write_rows(connection, Post.__table__, current)


_MENTION_TABLES: tuple[Table, ...] = (
    ActorMention.__table__, FrameMention.__table__, IndividualMention.__table__,
    DetailMention.__table__,
)  # fmt: skip
# The bound columns of each statement of save_annotations, in the order its rows give them
# (for an INSERT, the table's column order, which the compiled statement binds in).
_WRITE_COLUMNS = {
    "annotations": ("post_id", "pipeline_version", "lang", "created_at"),
    "actor_mentions": ("actor_id", "annotation_id", "post_id", "text", "start", "end"),
    "frame_mentions": ("frame_id", "polarity", "annotation_id", "post_id", "text", "start", "end"),
    "individual_mentions": (
        "individual_id", "source", "annotation_id", "post_id", "text", "start", "end",
    ),
    "detail_mentions": ("kind", "annotation_id", "post_id", "text", "start", "end"),
    "posts": ("current", "version", "post_id"),
}  # fmt: skip


def _write_rows(connection: Connection, table: Table, rows: list[tuple]) -> None:
    """PostgreSQL: one statement over arrays, one per column; others: executemany.

    psycopg's executemany sends one statement per row, which cost the server more
    than the rows themselves.
    """
    dialect = connection.dialect
    if dialect.name == "postgresql":
        columns = tuple(list(column) for column in zip(*rows, strict=True))
        connection.exec_driver_sql(_unnest_sql(dialect, table), columns)
        return
    connection.exec_driver_sql(
        _annotation_write_sql(dialect, table),
        _driver_rows(dialect, _WRITE_COLUMNS[table.name], rows),
    )


@lru_cache(maxsize=16)
def _unnest_sql(dialect: Dialect, table: Table) -> str:
    """A statement of save_annotations for PostgreSQL, reading its rows from arrays."""
    quote = dialect.identifier_preparer.quote
    names = _WRITE_COLUMNS[table.name]
    if table.name == "posts":
        return (
            "UPDATE posts SET annotation_id = v.current, annotated_version = v.version "
            "FROM unnest(%s::integer[], %s::varchar[], %s::integer[]) "
            "AS v(current, version, post_id) WHERE posts.id = v.post_id"
        )
    arrays = ", ".join(f"%s::{table.c[name].type.compile(dialect)}[]" for name in names)
    sql = (
        f"INSERT INTO {table.name} ({', '.join(quote(name) for name in names)}) "  # noqa: S608
        f"SELECT * FROM unnest({arrays})"
    )
    if table.name == "annotations":
        sql += " ON CONFLICT (post_id, pipeline_version) DO NOTHING"
    return sql


@lru_cache(maxsize=16)
def _annotation_write_sql(dialect: Dialect, table: Table) -> str:
    """A statement of save_annotations, compiled once per dialect.

    annotations: INSERT keeping an existing (post, version) row; posts: UPDATE of the
    current annotation; a mention table: INSERT.
    """
    columns = _WRITE_COLUMNS[table.name]
    binds = {name: bindparam(name) for name in columns}
    if table.name == "annotations":
        insert_ = postgresql.insert if dialect.name == "postgresql" else sqlite.insert
        statement: Any = (
            insert_(table)
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
    compiled = statement.compile(dialect=dialect)
    if compiled.positiontup and tuple(compiled.positiontup) != columns:
        raise RuntimeError(f"{table.name} binds {compiled.positiontup}, not {columns}")
    return compiled.string


def _annotation_ids(
    connection: Connection, annotated: Sequence[tuple[int, AnnotationLike]]
) -> list[int]:
    """The annotations row id of each (post, version), in the order of `annotated`.

    One query per version: SQLite scans the whole unique index for a row-value IN.
    """
    by_version: dict[str, list[int]] = {}
    for post_id, a in annotated:
        by_version.setdefault(a.pipeline_version, []).append(post_id)
    ids: dict[tuple[int, str], int] = {}
    for version, post_ids in by_version.items():
        sql = (
            "SELECT id, post_id FROM annotations "  # noqa: S608 - only marks are added
            f"WHERE pipeline_version = {_marks(connection.dialect, 1)} "
            f"AND post_id IN ({_marks(connection.dialect, len(post_ids))})"
        )
        found = connection.exec_driver_sql(sql, (version, *post_ids))
        ids.update({(post_id, version): id_ for id_, post_id in found})
    return [ids[(post_id, a.pipeline_version)] for post_id, a in annotated]


def _ensure_individuals(
    session: Session, annotated: Sequence[tuple[int, AnnotationLike]], now: datetime
) -> dict[str, int]:
    wanted: dict[str, dict[str, Any]] = {}
    for _, a in annotated:
        for m in a.individuals:
            key = name_key(m.canonical or m.name)
            on_watchlist = m.source == "watchlist"
            if key not in wanted or on_watchlist:
                wanted[key] = {
                    "name": m.canonical or m.name,
                    "name_key": key,
                    "kind": m.kind,
                    "origin": "watchlist" if on_watchlist else "discovered",
                    "status": "confirmed" if on_watchlist else "pending",
                    "source_url": None,
                    "first_seen_at": now,
                }
    if not wanted:
        return {}
    statement = dialect_insert(session, Individual.__table__).on_conflict_do_nothing(
        index_elements=["name_key"]
    )
    session.execute(statement, list(wanted.values()))
    return dict(
        session.execute(
            select(Individual.name_key, Individual.id).where(Individual.name_key.in_(list(wanted)))
        ).all()
    )
