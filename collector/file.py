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
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import parse_qs, urlsplit

from collector.base import Collector, Page, Quarantined
from collector.http import FetchError, RawResponse
from collector.post import PLATFORMS, Metrics, Post, PostError, parse_time
from collector.registry import SOURCE_KINDS
from collector.x import tweet_to_post

FORMATS = ("twarc2", "4cat", "normalised")
CHUNK_RECORDS = 1000
HEAD_BYTES = 4096
"""The cursor hashes the file's first bytes already read (up to this many), so a file
rewritten in place is told from one that was only appended to."""
_4CAT_PLATFORMS = {"twitter": "x", "twitterv2": "x", "bsky": "bluesky"}
_4CAT_METRICS = {
    "likes": "likes", "like_count": "likes", "views": "views", "retweets": "reposts",
    "reposts": "reposts", "replies": "replies", "reply_count": "replies", "quotes": "quotes",
}  # fmt: skip


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
        fmt = fmt or detect_format(Path(urlsplit(raw.url).path), raw.body[:HEAD_BYTES])
        first = int(params.get("lines", ["2-" if fmt == "4cat" else "1-"])[0].split("-")[0])
        text = raw.body.decode("utf-8", errors="replace")
        if fmt == "4cat":
            return _csv_posts(text, first)
        read_line = _twarc_posts if fmt == "twarc2" else _normalised_post
        posts: list[Post] = []
        quarantined: list[Quarantined] = []
        for number, line in enumerate(text.splitlines(), start=first):
            if not line.strip():
                continue
            try:
                found, rejected = read_line(json.loads(line))
            except (ValueError, PostError, KeyError, TypeError, AttributeError) as error:
                quarantined.append(Quarantined(f"line {number}: {error}", line))
                continue
            posts.extend(found)
            quarantined.extend(Quarantined(f"line {number}: {why}", item) for why, item in rejected)
        return posts, quarantined


def detect_format(path: Path, head: bytes | None = None) -> str:
    """The format of an export from its name and first line, when `format` is not configured."""
    if path.suffix.lower() == ".csv":
        return "4cat"
    if head is None:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    first = head.split(b"\n", 1)[0]
    return "twarc2" if b'"__twarc"' in first or first.startswith(b'{"data"') else "normalised"


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


Rejected = list[tuple[str, str]]
"""(reason, item JSON) for items of a line that could not become posts."""


def _normalised_post(data: Any) -> tuple[list[Post], Rejected]:
    return [Post.from_json(data, platform="file")], []


def _twarc_posts(data: Any) -> tuple[list[Post], Rejected]:
    """A twarc2 line: an API v2 response page, or one flattened tweet with its `author`."""
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")
    if "data" in data:
        includes = data.get("includes") or {}
        users = {u["id"]: u for u in includes.get("users", [])}
        tweets = [*(data["data"] or []), *includes.get("tweets", [])]
        # `errors` beside the data name deleted or withheld referenced tweets: not a failure.
    else:
        users = {data.get("author_id"): data.get("author") or {}}
        tweets = [data]
    posts: dict[str, Post] = {}
    rejected: Rejected = []
    for tweet in tweets:
        try:
            post = tweet_to_post(tweet, users)
        except (PostError, KeyError, TypeError, AttributeError) as error:
            rejected.append((f"tweet unusable: {error}", json.dumps(tweet, ensure_ascii=False)))
            continue
        posts.setdefault(post.external_id, post)
    return list(posts.values()), rejected


def _csv_posts(text: str, first: int) -> tuple[list[Post], list[Quarantined]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    reader.fieldnames  # noqa: B018 -- reads the header, so line_num counts from it
    posts: list[Post] = []
    quarantined: list[Quarantined] = []
    start = reader.line_num + 1
    for row in reader:
        number = first + start - 2
        start = reader.line_num + 1
        try:
            posts.append(_4cat_post(row))
        except (ValueError, PostError) as error:
            item = json.dumps(row, ensure_ascii=False)
            quarantined.append(Quarantined(f"line {number}: {error}", item))
    return posts, quarantined


def _4cat_post(row: dict[str, str | None]) -> Post:
    if None in row:
        raise ValueError("more fields than the header names")
    if not row.get("id"):
        raise ValueError("row has no id")
    when = row.get("unix_timestamp") or row.get("timestamp")
    if not when:
        raise ValueError("row has no timestamp")
    created = parse_time(int(when) if when.isdigit() else when, "timestamp")
    named = (row.get("platform") or row.get("datasource") or "").lower()
    platform = _4CAT_PLATFORMS.get(named, named if named in PLATFORMS else "file")
    body = row.get("body") or ""
    text = f"{row['subject']}\n{body}".strip() if row.get("subject") else body
    thread = row.get("thread_id")
    counts = {
        metric: int(row[column])
        for column, metric in _4CAT_METRICS.items()
        if (row.get(column) or "").isdigit()
    }
    return Post(
        platform=platform,
        external_id=row["id"],
        created_at=created,
        text=text,
        url=row.get("url") or None,
        author_id=row.get("author_id") or None,
        author_handle=row.get("author") or None,
        author_name=row.get("author_fullname") or row.get("author_name") or None,
        lang=row.get("language") or row.get("lang") or None,
        metrics=Metrics(**counts),
        reply_to=thread if thread and thread != row["id"] else None,
    )


COLLECTOR = FileCollector
