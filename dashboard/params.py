"""Reading filters from the query string: bad values become a message, never an error page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from starlette.datastructures import QueryParams

from storage.queries.filters import QueryFilters

PLATFORMS = ("bluesky", "mastodon", "reddit", "rss", "gdelt", "telegram", "x", "file")
MAX_LIMIT = 200


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
    value = params.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(f"{name}: expected a date like 2025-04-21; ignored")
        return None


def word_param(params: QueryParams, name: str, problems: list[str]) -> str | None:
    """An id-like parameter (actor, frame, platform): letters, digits and underscores."""
    value = params.get(name, "").strip()
    if value and not (value.replace("_", "").isalnum() and len(value) <= 64):
        problems.append(f"{name}: not a valid id; ignored")
        return None
    return value or None


def filters_from(params: QueryParams) -> Filters:
    problems: list[str] = []
    since, until = _day(params, "since", problems), _day(params, "until", problems)
    if since and until and since > until:
        problems.append("since is after until; swapped")
        since, until = until, since
    by = params.get("by", "day")
    if by not in ("day", "week"):
        problems.append("by: expected day or week; using day")
        by = "day"
    query = QueryFilters(
        since, until, word_param(params, "platform", problems), word_param(params, "lang", problems)
    )
    return Filters(query, by, problems)


def int_param(params: QueryParams, name: str, problems: list[str]) -> int | None:
    value = params.get(name, "").strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > 12:
        problems.append(f"{name}: expected a number; ignored")
        return None
    return int(value)
