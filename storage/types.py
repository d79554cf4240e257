"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

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

    def process_result_value(
        self, value: datetime | str | None, dialect: Dialect
    ) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return value.replace(tzinfo=UTC)


def naive_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("naive datetime given to a UTC column")
    return value.astimezone(UTC).replace(tzinfo=None)


def naive_utc_or_none(value: datetime | None) -> datetime | None:
    """A UTCDateTime value as drivers that take datetimes are sent it."""
    return None if value is None else naive_utc(value)


def sqlite_utc_text(value: datetime | None) -> str | None:
    """A UTCDateTime value as SQLite stores it: SQLAlchemy's text format, exactly ISO 8601
    with a space and six digits of microseconds (also when they are zero), so stored
    times compare as text in time order. Cheaper than the type's two processors."""
    if value is None:
        return None
    if value.tzinfo is UTC:  # the usual case: "+00:00" is all there is to drop
        return value.isoformat(" ", "microseconds")[:-6]
    return naive_utc(value).isoformat(" ", "microseconds")


JSONType = JSON().with_variant(JSONB(), "postgresql")
