"""Exports people already have, read from disk: twarc2 JSONL, 4CAT CSV, normalised JSONL.

No HTTP: each chunk of records becomes a `RawResponse` (a file:// URL naming
the format and line range, status 200) so its text is kept like any payload.
The cursor is a byte offset plus the file's identity, so an appended file is
read on from where it stopped and a replaced one from the start.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import parse_qs, urlsplit

from collector.base import Collector, Page, Quarantined
from collector.http import FetchError, RawResponse
from collector.post import PLATFORMS, Metrics, Post, PostError, parse_time
from collector.registry import SOURCE_KINDS
from collector.x import Rejected, twarc2_posts

FORMATS = ("twarc2", "4cat", "normalised")
CHUNK_RECORDS = 1000
HEAD_BYTES = 4096
"""The cursor hashes the file's first bytes already read (up to this many), so a file
rewritten in place is told from one that was only appended to."""
DETECT_RECORDS = 20
"""Lines read to tell a JSON file's format, in case the first ones are broken."""
_4CAT_PLATFORMS = {"twitter": "x", "twitterv2": "x", "twitter-import": "x", "bsky": "bluesky"}
_4CAT_METRICS = {
    "likes": ("likes", "like_count"),
    "reposts": ("reposts", "repost_count", "retweets", "retweet_count"),
    "replies": ("replies", "reply_count"),
    "quotes": ("quotes", "quote_count"),
    "views": ("views", "impression_count"),
}
"""Columns of each count, by 4CAT data source (X, Telegram, Bluesky, Reddit-like)."""


class FileCollector(Collector):
    kind = SOURCE_KINDS["file"]

    def pages(self, cursor: dict[str, Any]) -> Iterator[Page]:
        path = Path(self.source.option("path", "")).expanduser().resolve()
        try:
            stat = path.stat()
        except OSError as error:
            raise FetchError(f"{path}: cannot read the export ({error.strerror})") from None
        fmt = self.source.option("format") or detect_format(path)
        if fmt not in FORMATS:
            raise FetchError(f"{path}: format must be one of {', '.join(FORMATS)}, not {fmt!r}")
        with path.open("rb") as handle:
            start = handle.read(HEAD_BYTES)
            offset, line = cursor.get("offset", 0), cursor.get("line", 1)
            same_file = (
                cursor.get("inode") == stat.st_ino
                and offset <= stat.st_size
                and cursor.get("head") == _hash(start[: min(offset, HEAD_BYTES)])
            )
            if not same_file:
                offset, line = 0, 1
            header = b""
            if fmt == "4cat":
                handle.seek(0)
                header = _next_record(handle)
                offset, line = (handle.tell(), 2) if offset == 0 else (offset, line)
            handle.seek(offset)
            for _ in range(self.source.max_pages):
                records = [r for r in (_next_record(handle) for _ in range(CHUNK_RECORDS)) if r]
                if not records:
                    return
                last = line + sum(r.count(b"\n") or 1 for r in records) - 1
                raw = RawResponse(
                    url=f"{path.as_uri()}#format={fmt}&lines={line}-{last}",
                    status_code=200,
                    content_type="text/csv" if fmt == "4cat" else "application/x-ndjson",
                    body=header + b"".join(records),
                    fetched_at=datetime.now(UTC),
                    headers={},
                )
                offset, line = handle.tell(), last + 1
                state = {
                    "inode": stat.st_ino,
                    "head": _hash(start[: min(offset, HEAD_BYTES)]),
                    "offset": offset,
                    "line": line,
                }
                posts, quarantined = self.parse(raw)
                self.coverage.pages += 1
                yield Page(raw, posts, quarantined, state)
            if handle.read(1):
                self.coverage.caps_hit.append(
                    f"{path.name}: max_pages ({self.source.max_pages} chunks of "
                    f"{CHUNK_RECORDS} records) reached; the next run reads on from line {line}"
                )

    def parse(self, raw: RawResponse) -> tuple[list[Post], list[Quarantined]]:
        params = parse_qs(urlsplit(raw.url).fragment)
        fmt = self.source.option("format") or params.get("format", [None])[0]
        if not fmt:
            is_csv = urlsplit(raw.url).path.lower().endswith(".csv")
            fmt = "4cat" if is_csv else format_of_lines(raw.body.splitlines()) or "normalised"
        first = int(params.get("lines", ["2-" if fmt == "4cat" else "1-"])[0].split("-")[0])
        text = raw.body.decode("utf-8", errors="replace")
        platform = self.source.option("platform") or ("file" if fmt == "normalised" else None)
        if fmt == "4cat":
            return _csv_posts(text, first, platform)
        read = READERS[fmt]
        posts: list[Post] = []
        quarantined: list[Quarantined] = []
        for number, line in enumerate(text.splitlines(), start=first):
            if not line.strip():
                continue
            try:
                found, rejected = read(json.loads(line), platform)
            except (ValueError, TypeError, RecursionError) as error:
                quarantined.append(Quarantined(f"line {number}: {error}", line))
                continue
            posts.extend(found)
            quarantined.extend(Quarantined(f"line {number}: {why}", item) for why, item in rejected)
        return posts, quarantined


def detect_format(path: Path) -> str:
    """The format of an export from its name and first whole record(s).

    The first record of a twarc2 file can be hundreds of KB (a page of 100 tweets with
    their includes), so no byte prefix will do.
    """
    if path.suffix.lower() == ".csv":
        return "4cat"
    with path.open("rb") as handle:
        return format_of_lines(islice(handle, DETECT_RECORDS)) or "normalised"


def format_of_lines(lines: Iterable[bytes]) -> str | None:
    """The format the first JSON object among `lines` is in; None when none parses."""
    for line in islice((line for line in lines if line.strip()), DETECT_RECORDS):
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):
            continue
        if isinstance(record, dict):
            return format_of_record(record)
    return None


def format_of_record(record: dict[str, Any]) -> str:
    """twarc2 (a response page, or a flattened tweet) or a normalised post."""
    if "data" in record or "includes" in record or "__twarc" in record:
        return "twarc2"
    if "external_id" not in record and "id" in record and "text" in record:
        return "twarc2"  # a tweet: flattened, or one line of `twarc2 ... | jq .data[]`
    return "normalised"


def _next_record(handle: BinaryIO) -> bytes:
    """One line, or several while a CSV quoted field spans line breaks (quotes are paired)."""
    record = handle.readline()
    while record and record.count(b'"') % 2:
        more = handle.readline()
        if not more:
            break
        record += more
    return record


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def normalised_posts(record: Any, platform: str | None) -> tuple[list[Post], Rejected]:
    """A normalised post; `platform` fills a missing platform field."""
    return [Post.from_json(record, platform=platform)], []


def twarc2_file_posts(record: Any, platform: str | None) -> tuple[list[Post], Rejected]:
    """twarc2 records name their platform: always X."""
    return twarc2_posts(record)


def fourcat_posts(record: Any, platform: str | None) -> tuple[list[Post], Rejected]:
    return [fourcat_post(record, platform)], []


READERS: dict[str, Callable[[Any, str | None], tuple[list[Post], Rejected]]] = {
    "normalised": normalised_posts,
    "twarc2": twarc2_file_posts,
    "4cat": fourcat_posts,
}
"""Per format, how one record (a parsed JSON line, a CSV row) becomes posts and rejects.
`testigo import` reads with these too."""


def _csv_posts(text: str, first: int, platform: str | None) -> tuple[list[Post], list[Quarantined]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    reader.fieldnames  # noqa: B018 -- reads the header, so line_num counts from it
    posts: list[Post] = []
    quarantined: list[Quarantined] = []
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            number, start = first + start - 2, reader.line_num + 1
            quarantined.append(Quarantined(f"line {number}: {error}", ""))
            continue
        number, start = first + start - 2, reader.line_num + 1
        try:
            posts.append(fourcat_post(row, platform))
        except ValueError as error:
            item = json.dumps(row, ensure_ascii=False)
            quarantined.append(Quarantined(f"line {number}: {error}", item))
    return posts, quarantined


def fourcat_post(row: dict[str | None, Any], platform: str | None = None) -> Post:
    """A row of a 4CAT dataset's CSV, whichever data source made it.

    4CAT writes each source's `map_item` fields as they are (datasources/*/search_*.py):
    X has `link`, `language_guess`, `*_count` and yes/no `is_retweet`, `is_quote_tweet`,
    `is_reply` with only the other post's author; Telegram has `chat`, a message-id
    `reply_to` and `author_username`; Bluesky has `quoted_post`/`replied_to_post` links.
    `thread_id` is the conversation's root, never the parent, so it is not a reply link.
    """
    if None in row:
        raise PostError("more fields than the header names")
    named = _4cat_platform(row, platform)
    external_id = _cell(row, "id")
    if not external_id:
        raise PostError("row has no id")
    chat = _cell(row, "chat")
    if named == "telegram" and chat and external_id.startswith(f"{chat}-"):
        external_id = f"{chat}/{external_id[len(chat) + 1 :]}"  # Testigo's Telegram id
    body = _cell(row, "body") or ""
    subject = _cell(row, "subject")
    handle = _cell(row, "author_username") or _cell(row, "author")
    # Telegram's `author` is the sender's id and `author_username` the handle.
    sender = _cell(row, "author") if "author_username" in row else None
    author_id = _cell(row, "author_id") or sender
    return Post(
        platform=named,
        external_id=external_id,
        created_at=_4cat_time(row),
        text=f"{subject}\n{body}".strip() if subject else body,
        url=_cell(row, "link") or _cell(row, "url") or _4cat_telegram_url(named, external_id),
        author_id=author_id,
        author_handle=handle,
        author_name=_first_cell(row, ("author_fullname", "author_name", "author_display_name")),
        lang=_4cat_language(row),
        metrics=_4cat_metrics(row),
        reply_to=_4cat_reference(row, named, chat, "reply"),
        quote_of=_4cat_reference(row, named, chat, "quote"),
        repost_of=_4cat_reference(row, named, chat, "repost"),
    )


def _cell(row: dict[str | None, Any], column: str) -> str | None:
    value = row.get(column)
    return value.strip() or None if isinstance(value, str) else None


def _first_cell(row: dict[str | None, Any], columns: tuple[str, ...]) -> str | None:
    return next((value for column in columns if (value := _cell(row, column))), None)


def _4cat_platform(row: dict[str | None, Any], platform: str | None) -> str:
    """The row's own column, else the configured platform, else what its columns tell.

    4CAT's CSV names no data source (nor does its file name): the host of `link`, a
    Bluesky at:// id or a column only one source writes tells it.
    """
    named = (_first_cell(row, ("platform", "datasource")) or "").lower()
    if named:
        return _4CAT_PLATFORMS.get(named, named if named in PLATFORMS else "file")
    if platform:
        return platform
    link = _first_cell(row, ("link", "url")) or ""
    host = (urlsplit(link).hostname or "").removeprefix("www.").removeprefix("mobile.")
    if host in _HOST_PLATFORMS:
        return _HOST_PLATFORMS[host]
    if (_cell(row, "id") or "").startswith("at://"):
        return "bluesky"
    if _TELEGRAM_FORWARD[0] in row:  # a column only 4CAT's Telegram source writes
        return "telegram"
    return "file"


def _4cat_time(row: dict[str | None, Any]) -> datetime:
    """`unix_timestamp` first: 4CAT writes `timestamp` in its server's local time."""
    for column in ("unix_timestamp", "timestamp", "created_at"):
        value = _cell(row, column)
        if value:
            return parse_time(int(value) if value.isdigit() else value, column)
    raise PostError("row has no timestamp")


def _4cat_metrics(row: dict[str | None, Any]) -> Metrics:
    """The row's counts; `Metrics` parses their text ("12") and refuses anything else."""
    counts: dict[str, Any] = {
        metric: _first_cell(row, columns) for metric, columns in _4CAT_METRICS.items()
    }
    return Metrics(**counts)


def _4cat_language(row: dict[str | None, Any]) -> str | None:
    """X's `language_guess`, Bluesky's comma-separated `languages` ("N/A" when none)."""
    value = _first_cell(row, ("language_guess", "language", "lang", "languages"))
    if not value or value.upper() == "N/A":
        return None
    return value.split(",", 1)[0].strip() or None


def _4cat_telegram_url(platform: str, external_id: str) -> str | None:
    return f"https://t.me/{external_id}" if platform == "telegram" and "/" in external_id else None


def _4cat_reference(
    row: dict[str | None, Any], platform: str, chat: str | None, kind: str
) -> str | None:
    """The id of the post replied to, quoted or reposted, or `@author` when only that is known.

    4CAT's X exports say a tweet is a retweet, quote or reply but name only the other
    tweet's author, and its Telegram exports name only where a forward came from:
    `@author` keeps the flag and what is known of the original.
    """
    ids = {"reply": ("reply_to", "replied_to_post"), "quote": ("quote_tweet_id", "quoted_post")}
    found = _first_cell(row, ids.get(kind, ()))
    if found and found.upper() not in _4CAT_NO_POST:
        if platform == "telegram" and chat and found.isdigit():
            return f"{chat}/{found}"
        return _bluesky_uri(found) if platform == "bluesky" else found
    if kind == "repost" and (origin := _first_cell(row, _TELEGRAM_FORWARD)):
        return f"@{origin}"  # a forward names its origin, never the message
    flag, author = _4CAT_FLAGS[kind]
    if (_cell(row, flag) or "").lower() not in ("yes", "true", "1"):
        return None
    return f"@{_first_cell(row, author) or 'unknown'}"


def _bluesky_uri(link: str) -> str:
    """bsky.app/profile/NAME/post/KEY as the post's at:// URI, which Bluesky ids are."""
    parts = urlsplit(link).path.strip("/").split("/")
    if link.startswith("http") and len(parts) == 4 and parts[0] == "profile" and parts[2] == "post":
        return f"at://{parts[1]}/app.bsky.feed.post/{parts[3]}"
    return link


_TELEGRAM_FORWARD = (
    "author_forwarded_from_username",
    "author_forwarded_from_name",
    "author_forwarded_from_id",
)
_4CAT_NO_POST = {"DELETED", "REMOVED BY AUTHOR", "VIEWER BLOCKED BY AUTHOR", "FALSE", "NO"}
_4CAT_FLAGS = {
    "reply": ("is_reply", ("replied_user", "replied_author", "replied_to_user")),
    "quote": ("is_quote_tweet", ("quoted_user", "quote_author")),
    "repost": ("is_retweet", ("retweeted_user",)),
}
_HOST_PLATFORMS = {
    "x.com": "x", "twitter.com": "x", "t.me": "telegram", "bsky.app": "bluesky",
    "reddit.com": "reddit", "old.reddit.com": "reddit",
}  # fmt: skip


COLLECTOR = FileCollector
