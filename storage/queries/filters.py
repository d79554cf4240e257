"""What every query can be narrowed by, and how that reads on rollups and on posts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, func
from sqlalchemy.sql.elements import ColumnElement

from storage.models import Annotation, DailyRollup, MentionSpan, Post
from storage.rollups import day_start

PERIODS = ("day", "week")


@dataclass(frozen=True)
class QueryFilters:
    """Inclusive UTC day range, one platform, one language (None = all)."""

    since: date | None = None
    until: date | None = None
    platform: str | None = None
    lang: str | None = None

    def on_rollups(self) -> list[ColumnElement[bool]]:
        conditions = []
        if self.since:
            conditions.append(DailyRollup.day >= self.since)
        if self.until:
            conditions.append(DailyRollup.day <= self.until)
        if self.platform:
            conditions.append(DailyRollup.platform == self.platform)
        if self.lang:
            conditions.append(DailyRollup.lang == self.lang)
        return conditions

    def on_posts(self) -> list[ColumnElement[bool]]:
        """Conditions on Post; a `lang` filter needs the current Annotation outer-joined."""
        conditions = []
        if self.since:
            conditions.append(Post.published_at >= day_start(self.since))
        if self.until:
            conditions.append(Post.published_at < day_start(self.until + timedelta(1)))
        if self.platform:
            conditions.append(Post.platform == self.platform)
        if self.lang:
            conditions.append(post_lang() == self.lang)
        return conditions

    def for_day(self, day: date) -> QueryFilters:
        return QueryFilters(day, day, self.platform, self.lang)


def post_lang() -> ColumnElement[str]:
    """A post's language as rollups record it: the annotation's, the platform's, or "und"."""
    return func.coalesce(Annotation.lang, Post.lang, "und")


def current_of(mention: type[MentionSpan]) -> ColumnElement[bool]:
    """Join condition: a mention row that belongs to its post's CURRENT annotation."""
    return and_(mention.post_id == Post.id, mention.annotation_id == Post.annotation_id)


def period_of(day: date, by: str) -> date:
    """The first day of the period holding `day` (weeks start on Monday)."""
    if by not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, got {by!r}")
    return day - timedelta(day.weekday()) if by == "week" else day


NO_FILTERS = QueryFilters()
