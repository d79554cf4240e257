"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC, returns aware UTC: SQLite would otherwise drop the timezone."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else naive_utc(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return value.replace(tzinfo=UTC)


def naive_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("naive datetime given to a UTC column")
    return value.astimezone(UTC).replace(tzinfo=None)


def utc_time_binder(dialect_name: str) -> Callable[[datetime | None], Any]:
    """What binding a UTCDateTime value sends to the driver, for raw SQL on hot write paths.

    SQLite stores SQLAlchemy's text format, which is exactly ISO 8601 with a space and
    microseconds; going through the type's processors costs two calls and a %-format per
    value, a visible share of an import. Other drivers take the naive UTC datetime.
    """
    if dialect_name == "sqlite":
        return _sqlite_utc_text
    return lambda value: None if value is None else naive_utc(value)


def _sqlite_utc_text(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is UTC:  # the usual case: "+00:00" is all there is to drop
        return value.isoformat(" ", "microseconds")[:-6]
    return naive_utc(value).isoformat(" ", "microseconds")


JSONType = JSON().with_variant(JSONB(), "postgresql")
