"""The normalised post: what every collector yields and what `testigo import` reads.

This is the boundary between collectors and the rest of Testigo. Its JSON
shape (``Post.to_json`` / ``Post.from_json``) is documented in README.md and
is the format of `testigo import` files and the `file` source's `normalised`
format.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
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

    A count arrives as a whole number or a numeric string ("12", as some archives write
    it); anything else, or a number no database column holds, is a `PostError`. `score` is
    a vote balance (Reddit's upvotes minus downvotes), not a count of likes.
    """

    likes: int | None = None
    reposts: int | None = None
    replies: int | None = None
    quotes: int | None = None
    views: int | None = None
    score: int | None = None

    def __post_init__(self) -> None:
        for name in METRIC_NAMES:
            value = getattr(self, name)
            if value is None or (type(value) is int and -MAX_COUNT <= value <= MAX_COUNT):
                continue
            object.__setattr__(self, name, _storable_count(name, value))

    @property
    def engagement(self) -> int:
        """Interactions (not views), the reach figure queries sum up. A negative value (a
        score voted below zero) adds nothing: reach is never less than none."""
        total = 0  # a plain loop: every stored post passes here, and a generator costs 4x
        for count in (self.likes, self.reposts, self.replies, self.quotes, self.score):
            if count is not None and count > 0:
                total += count
        return total if total <= MAX_COUNT else MAX_COUNT  # each count alone may be that big


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
    undated: bool = False
    """The item carried no date of its own: `created_at` is its feed's date, or the time
    it was first fetched."""

    def __post_init__(self) -> None:
        texts: Sequence[str | None] = (
            self.platform,
            self.external_id,
            self.text,
            self.url,
            self.author_id,
            self.author_handle,
            self.author_name,
            self.lang,
            self.reply_to,
            self.quote_of,
            self.repost_of,
        )  # fmt: skip -- in _TEXT_FIELDS order
        try:  # one check over all of them: an import makes millions of posts
            joined = "".join([value for value in texts if value is not None])
        except TypeError:
            joined = "\x00"
        if "\x00" in joined or not is_valid_unicode(joined):
            texts = self._normalise_texts()
        for (name, limit, required), value in zip(_TEXT_FIELDS, texts, strict=True):
            if value is None:
                if required:
                    raise PostError(f"{name}: required")
            elif limit and len(value) > limit:
                raise PostError(f"{name}: longer than {limit} characters")
        if not self.platform:
            raise PostError("platform: required")
        if not self.external_id:
            raise PostError("external_id: required")
        for name in ("created_at", "indexed_at"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, datetime) or value.tzinfo is None):
                raise PostError(f"{name}: must be a timezone-aware datetime")
        if not isinstance(self.metrics, Metrics):
            raise PostError("metrics: must be Metrics")
        if type(self.undated) is not bool:
            raise PostError(f"undated: expected true or false, got {self.undated!r}")

    def _normalise_texts(self) -> list[str | None]:
        """The text fields as `_storable_text` makes them, set on this post."""
        texts = []
        for name, _, required in _TEXT_FIELDS:
            value = _storable_text(name, getattr(self, name), required)
            object.__setattr__(self, name, value)
            texts.append(value)
        return texts

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
        values["created_at"] = parse_time(values["created_at"], "created_at")
        if values.get("indexed_at"):
            values["indexed_at"] = parse_time(values["indexed_at"], "indexed_at")
        values["metrics"] = _metrics_from_json(values.get("metrics") or {})
        values["raw_payload_id"] = None  # an id in some database, never this one's
        return cls(**values)


_POST_FIELDS = frozenset(f.name for f in fields(Post))
# (field, longest value, required). The lengths are the database's column sizes
# (storage/models.py; a test keeps the two equal): PostgreSQL refuses a longer value and
# SQLite would keep it, so both refuse it here.
_TEXT_FIELDS = (
    ("platform", 16, True),
    ("external_id", 512, True),
    ("text", None, True),
    ("url", None, False),
    ("author_id", 512, False),
    ("author_handle", 512, False),
    ("author_name", None, False),
    ("lang", 16, False),
    ("reply_to", 512, False),
    ("quote_of", 512, False),
    ("repost_of", 512, False),
)
TEXT_LIMITS = {name: limit for name, limit, _ in _TEXT_FIELDS if limit}
# Ids may arrive as JSON numbers (twarc, 4CAT); they are stored as text.
_ID_FIELDS = frozenset({"external_id", "author_id", "reply_to", "quote_of", "repost_of"})


def _storable_text(name: str, value: Any, required: bool) -> str | None:
    """`value` as text both databases store alike, or a `PostError` naming the field.

    PostgreSQL refuses NUL in text and neither database takes a lone surrogate (which a
    JSON parser lets through from "\\ud800"), so both become U+FFFD on every database.
    """
    if value is None:
        if required:
            raise PostError(f"{name}: required")
        return None
    if name in _ID_FIELDS and type(value) is int:
        return str(value)
    if not isinstance(value, str):
        raise PostError(f"{name}: expected a string, got {_json_type(value)}")
    value = value.replace("\x00", "\ufffd")
    return value if is_valid_unicode(value) else _SURROGATES.sub("\ufffd", value)


_SURROGATES = re.compile("[\ud800-\udfff]")


def is_valid_unicode(text: str) -> bool:
    """Whether `text` is valid Unicode (no lone surrogate); ASCII, the usual case, is."""
    if text.isascii():
        return True
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def _json_type(value: Any) -> str:
    """The JSON name of a value's type, for messages a user reads."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list | tuple):
        return "an array"
    return type(value).__name__


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
    """A count from an import: a whole number from 0 up, or a numeric string."""
    if type(value) is int and 0 <= value <= MAX_COUNT:
        return value  # the usual case, checked first: an import reads millions
    count = _storable_count(name, value)
    if count is not None and count < 0 and name not in SIGNED_METRICS:
        raise PostError(f"metrics.{name}: must be between 0 and {MAX_COUNT}")
    return count


def _storable_count(name: str, value: Any) -> int | None:
    """A whole number a BIGINT column holds, from an int, an integral float or a numeric string."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = int(value.strip().replace(",", "")) if value.strip() else None
        except ValueError:
            raise PostError(f"metrics.{name}: expected a whole number, got {value!r}") from None
        if value is None:
            return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if type(value) is not int:
        shown = value if isinstance(value, int | float) else _json_type(value)
        raise PostError(f"metrics.{name}: expected a whole number, got {shown}")
    if not -MAX_COUNT <= value <= MAX_COUNT:
        raise PostError(f"metrics.{name}: must be between -{MAX_COUNT} and {MAX_COUNT}")
    return value


def parse_time(value: Any, name: str = "time") -> datetime:
    """Parse an ISO 8601 string (or epoch seconds) into an aware UTC datetime."""
    try:
        if isinstance(value, datetime):
            moment = value
        elif isinstance(value, int | float) and not isinstance(value, bool):
            moment = datetime.fromtimestamp(value, UTC)
        elif isinstance(value, str):
            text = value.strip()
            if text.endswith(("Z", "z")):
                text = text[:-1] + "+00:00"
            moment = datetime.fromisoformat(text)
        else:
            raise PostError(f"{name}: expected an ISO 8601 time, got {_json_type(value)}")
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    except ValueError as error:
        if isinstance(error, PostError):
            raise
        raise PostError(f"{name}: not an ISO 8601 time: {_shown(value)}") from None
    except (OverflowError, OSError):
        raise PostError(f"{name}: out of range (years 1 to 9999 in UTC): {_shown(value)}") from None


def _shown(value: Any) -> str:
    """A value in a message, cut short: rejected input can be megabytes."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def text_fingerprint(text: str) -> str:
    """Hash of text with case, accents-as-composed and whitespace normalised.

    str.split() and the regex \\s+ agree on whitespace; splitting is the faster of the two.
    """
    folded = " ".join(unicodedata.normalize("NFC", text).casefold().split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()
