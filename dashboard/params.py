"""Reading filters from the query string: bad values become a message, never an error page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from starlette.datastructures import QueryParams

from storage.queries.filters import QueryFilters

PLATFORMS = ("bluesky", "mastodon", "reddit", "rss", "gdelt", "telegram", "x", "file")
MAX_LIMIT = 200
# Days a filter may name: the queries add and subtract weeks and months, which near
# date.min or date.max overflow; nothing a monitor stores lies outside these.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)
MAX_ROW_ID = 2**31 - 1  # ids are 32-bit integer columns; larger ones name no row
_CONTROL = dict.fromkeys([*range(0x20), 0x7F], None)


def query_value(params: QueryParams, name: str, default: str = "") -> str:
    """A parameter without control characters: a NUL is refused by PostgreSQL, and none
    of them belongs in a search, a date or an id."""
    return params.get(name, default).translate(_CONTROL).strip()


def bounded_day(value: str, name: str, problems: list[str]) -> date | None:
    """A day between FIRST_DAY and LAST_DAY, else None with a message in `problems`."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        day = None
    if day is None or not FIRST_DAY <= day <= LAST_DAY:
        problems.append(
            f"{name}: expected a date between {FIRST_DAY} and {LAST_DAY}, like 2025-04-21; ignored"
        )
        return None
    return day


@dataclass(frozen=True)
class Filters:
    query: QueryFilters
    by: str = "day"
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, str]:
        """The filters as they go back into links and form fields."""
        q = self.query
        return {
            "since": q.since.isoformat() if q.since else "",
            "until": q.until.isoformat() if q.until else "",
            "platform": q.platform or "",
            "lang": q.lang or "",
            "by": self.by,
        }


def _day(params: QueryParams, name: str, problems: list[str]) -> date | None:
    value = query_value(params, name)
    return bounded_day(value, name, problems) if value else None


def word_param(params: QueryParams, name: str, problems: list[str]) -> str | None:
    """An id-like parameter (actor, frame, platform): letters, digits and underscores."""
    value = query_value(params, name)
    if value and not (value.isascii() and value.replace("_", "").isalnum() and len(value) <= 64):
        problems.append(f"{name}: not a valid id; ignored")
        return None
    return value or None


def filters_from(params: QueryParams) -> Filters:
    problems: list[str] = []
    since, until = _day(params, "since", problems), _day(params, "until", problems)
    if since and until and since > until:
        problems.append("since is after until; swapped")
        since, until = until, since
    by = query_value(params, "by", "day")
    if by not in ("day", "week"):
        problems.append("by: expected day or week; using day")
        by = "day"
    query = QueryFilters(
        since, until, word_param(params, "platform", problems), word_param(params, "lang", problems)
    )
    return Filters(query, by, problems)


def int_param(params: QueryParams, name: str, problems: list[str]) -> int | None:
    """A row id: ASCII digits only ("²" and "١" are digits to str.isdigit, not to int)."""
    value = query_value(params, name)
    if not value:
        return None
    if not (value.isascii() and value.isdigit()) or int(value) > MAX_ROW_ID:
        problems.append(f"{name}: expected a number up to {MAX_ROW_ID}; ignored")
        return None
    return int(value)
