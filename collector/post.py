"""The normalised post: what every collector yields and what `testigo import` reads.

This is the boundary between collectors and the rest of Testigo. Its JSON
shape (``Post.to_json`` / ``Post.from_json``) is documented in README.md and
is the format of `testigo import` files and the `file` source's `normalised`
format.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from typing import Any

PLATFORMS = ("bluesky", "mastodon", "reddit", "rss", "gdelt", "telegram", "x", "file")

METRIC_NAMES = ("likes", "reposts", "replies", "quotes", "views", "score")
SIGNED_METRICS = frozenset({"score"})
"""Counts that may be below zero: a score is votes for minus votes against."""
# The largest count a database column holds (a signed 64-bit integer).
MAX_COUNT = 2**63 - 1


class PostError(ValueError):
    """A post-shaped value that cannot become a `Post`; the message says which field."""


@dataclass(frozen=True, slots=True)
class Metrics:
    """Engagement counts as the platform reported them; None where it reports nothing.

    `score` is a vote balance (Reddit's upvotes minus downvotes), not a count of likes.
    """

    likes: int | None = None
    reposts: int | None = None
    replies: int | None = None
    quotes: int | None = None
    views: int | None = None
    score: int | None = None

    @property
    def engagement(self) -> int:
        """Interactions (not views), the reach figure queries sum up. A negative value (a
        score voted below zero) adds nothing: reach is never less than none."""
        total = 0  # a plain loop: every stored post passes here, and a generator costs 4x
        for count in (self.likes, self.reposts, self.replies, self.quotes, self.score):
            if count is not None and count > 0:
                total += count
        return total


@dataclass(frozen=True, slots=True)
class Post:
    """One public post, article or message, normalised across platforms.

    Times are timezone-aware UTC. ``external_id`` is unique within ``platform``.
    ``repost_of`` is set when this item is a repost/boost of another post (the
    original's external id); such items are flagged, not counted as new discourse.
    """

    platform: str
    external_id: str
    created_at: datetime
    text: str
    url: str | None = None
    author_id: str | None = None
    author_handle: str | None = None
    author_name: str | None = None
    lang: str | None = None
    metrics: Metrics = field(default_factory=Metrics)
    reply_to: str | None = None
    quote_of: str | None = None
    repost_of: str | None = None
    indexed_at: datetime | None = None
    raw_payload_id: int | None = None

    def __post_init__(self) -> None:
        if not self.platform:
            raise PostError("platform: required")
        if not self.external_id:
            raise PostError("external_id: required")
        if not isinstance(self.text, str):
            raise PostError("text: must be a string")
        for name in ("created_at", "indexed_at"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, datetime) or value.tzinfo is None):
                raise PostError(f"{name}: must be a timezone-aware datetime")

    @property
    def text_hash(self) -> str:
        """SHA-256 of the normalised text, so verbatim copies can be flagged."""
        return text_fingerprint(self.text)

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape (ISO 8601 UTC times, metrics as an object)."""
        data = asdict(self)
        data["created_at"] = _iso(self.created_at)
        data["indexed_at"] = _iso(self.indexed_at) if self.indexed_at else None
        return data

    @classmethod
    def from_json(cls, data: Any, platform: str | None = None) -> Post:
        """Build a post from its JSON shape; `platform` fills a missing platform field."""
        if not isinstance(data, dict):
            raise PostError("a post must be a JSON object")
        if not data.keys() <= _POST_FIELDS:
            unknown = sorted(data.keys() - _POST_FIELDS)
            raise PostError(f"unknown field(s): {', '.join(unknown)}")
        values = dict(data)
        if platform and not values.get("platform"):
            values["platform"] = platform
        for required in ("platform", "external_id", "created_at"):
            if values.get(required) in (None, ""):
                raise PostError(f"{required}: required")
        if values.get("text") is None:
            raise PostError("text: required")
        values["external_id"] = str(values["external_id"])
        values["created_at"] = parse_time(values["created_at"], "created_at")
        if values.get("indexed_at"):
            values["indexed_at"] = parse_time(values["indexed_at"], "indexed_at")
        values["metrics"] = _metrics_from_json(values.get("metrics") or {})
        return cls(**values)


_POST_FIELDS = frozenset(f.name for f in fields(Post))


def _metrics_from_json(data: Any) -> Metrics:
    if not isinstance(data, dict):
        raise PostError("metrics: must be an object")
    if not data.keys() <= _METRIC_FIELDS:
        unknown = sorted(data.keys() - _METRIC_FIELDS)
        raise PostError(f"metrics: unknown field(s): {', '.join(unknown)}")
    counts = {name: _count(name, value) for name, value in data.items()}
    return Metrics(**counts)


_METRIC_FIELDS = frozenset(METRIC_NAMES)


def _count(name: str, value: Any) -> int | None:
    if type(value) is int and 0 <= value <= MAX_COUNT:
        return value  # the usual case, checked first: an import reads millions
    if value is None or value == "":
        return None
    try:
        count = int(value)
    except (TypeError, ValueError):
        raise PostError(f"metrics.{name}: expected a whole number, got {value!r}") from None
    lowest = -MAX_COUNT if name in SIGNED_METRICS else 0
    if not lowest <= count <= MAX_COUNT:
        raise PostError(f"metrics.{name}: must be between {lowest} and {MAX_COUNT}")
    return count


def parse_time(value: Any, name: str = "time") -> datetime:
    """Parse an ISO 8601 string (or epoch seconds) into an aware UTC datetime."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        moment = datetime.fromtimestamp(value, UTC)
    elif isinstance(value, str):
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise PostError(f"{name}: not an ISO 8601 time: {value!r}") from None
    else:
        raise PostError(f"{name}: expected an ISO 8601 time, got {value!r}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def text_fingerprint(text: str) -> str:
    """Hash of text with case, accents-as-composed and whitespace normalised.

    str.split() and the regex \\s+ agree on whitespace; splitting is the faster of the two.
    """
    folded = " ".join(unicodedata.normalize("NFC", text).casefold().split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()
