"""Reddit search (sitewide and per subreddit) through OAuth client credentials.

external_id is the fullname (t3_ submissions, t1_ comments), and `reply_to`
is a comment's `parent_id`, so threads join up. Crossposts point to their
original with `repost_of`. The token response is never kept as a raw payload.
See docs/platforms.md#reddit.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote, urlsplit

from collector.base import Collector, Page, Quarantined
from collector.html_text import markdown_text
from collector.http import FetchError, RawResponse
from collector.paging import (
    Batch,
    Fetch,
    Item,
    is_new,
    json_body,
    quarantine_payload,
    stream_pages,
)
from collector.post import Metrics, Post, PostError, parse_time
from collector.registry import SOURCE_KINDS

DEFAULT_AUTH_BASE_URL = "https://www.reddit.com"
PAGE_SIZE = 100
GONE = ("[deleted]", "[removed]")


class RedditCollector(Collector):
    kind = SOURCE_KINDS["reddit"]
    _token: str | None = None
    _token_expires: datetime | None = None

    def pages(self, cursor: dict[str, Any]) -> Iterator[Page]:
        fetchers = {}
        for query in self.source.option("queries", []):
            fetchers[f"all:{query}"] = self._fetcher("/search", query)
            for sub in self.source.option("subreddits", []):
                path = f"/r/{quote(sub, safe='')}/search"
                fetchers[f"r/{sub}:{query}"] = self._fetcher(path, query)
        yield from stream_pages(self, cursor, fetchers)

    def parse(self, raw: RawResponse) -> tuple[list[Post], list[Quarantined]]:
        items, quarantined, _ = _parse(raw)
        return [post for item in items for post in item.posts], quarantined

    def _fetcher(self, path: str, query: str) -> Fetch:
        def fetch(token: str | None, floor: dict[str, Any] | None) -> Batch:
            params = {"q": query, "sort": "new", "type": "link", "limit": str(PAGE_SIZE)}
            params["raw_json"] = "1"
            if path != "/search":
                params["restrict_sr"] = "1"
            if token:
                params["after"] = token
            raw = self._get(path, params)
            try:
                items, quarantined, after = _parse(raw)
            except ValueError as error:
                return quarantine_payload(raw, error)
            batch = Batch(raw, items, quarantined, after)
            if self.source.option("comments", False):
                batch.side_batches = [
                    self._comments(item.id) for item in items if is_new(item, floor)
                ]
            return batch

        return fetch

    def _comments(self, fullname: str) -> Batch:
        path = f"/comments/{fullname.removeprefix('t3_')}"
        raw = self._get(path, {"sort": "new", "limit": str(PAGE_SIZE), "raw_json": "1"})
        try:
            items, quarantined, _ = _parse(raw)
        except ValueError as error:
            return quarantine_payload(raw, error)
        return Batch(raw, [i for i in items if i.id.startswith("t1_")], quarantined)

    def _get(self, path: str, params: dict[str, str]) -> RawResponse:
        """GET with the bearer token; one fresh token when the old one is refused."""
        for _ in range(2):
            headers = {"Authorization": f"bearer {self._access_token()}"}
            raw = self.http.get(
                self.source.base_url + path, params=params, headers=headers, ok_statuses=(401,)
            )
            if raw.status_code != 401:
                return raw
            self._token = None
        self.http.report_failure(raw, "HTTP 401 with a fresh token")
        raise FetchError("Reddit refused a fresh access token (HTTP 401)", raw)

    def _access_token(self) -> str:
        now = datetime.now(UTC)
        if self._token and self._token_expires and now < self._token_expires:
            return self._token
        client_id = self.credentials.get("client_id")
        secret = self.credentials.get("client_secret")
        if not client_id or not secret:
            raise FetchError("Reddit needs client_id and client_secret credentials")
        auth_base = self.source.option("auth_base_url") or DEFAULT_AUTH_BASE_URL
        raw = self.http.post(
            auth_base.rstrip("/") + "/api/v1/access_token",
            data={"grant_type": "client_credentials"},
            auth=(client_id, secret),
        )
        try:
            grant = json.loads(raw.body)
            token = grant["access_token"]
        except (ValueError, KeyError, TypeError):
            token = None
        if not isinstance(token, str):
            raise FetchError("Reddit token endpoint answered without an access_token")
        self._token = token
        self._token_expires = now + timedelta(seconds=int(grant.get("expires_in", 3600)) - 60)
        return token


def _parse(raw: RawResponse) -> tuple[list[Item], list[Quarantined], str | None]:
    """A Listing, or the [submission, comments] pair the comments endpoint returns."""
    body = json_body(raw)
    listings = body if isinstance(body, list) else [body]
    items: list[Item] = []
    quarantined: list[Quarantined] = []
    after = None
    for listing in listings:
        if not isinstance(listing, dict) or listing.get("kind") != "Listing":
            raise ValueError("expected a reddit Listing")
        after = listing["data"].get("after")
        for thing in _flatten(listing["data"].get("children", [])):
            try:
                posts = _thing_posts(thing)
            except (PostError, KeyError, TypeError, AttributeError, ValueError) as error:
                text = json.dumps(thing, ensure_ascii=False)
                quarantined.append(Quarantined(f"item unusable: {error}", text))
                continue
            if posts:
                key = posts[0].created_at.isoformat(timespec="microseconds")
                items.append(Item(key, posts[0].external_id, posts))
    return items, quarantined, after


def _flatten(children: list[Any]) -> Iterator[dict[str, Any]]:
    """Things in a listing, comment replies (nested listings) unrolled, `more` stubs skipped."""
    for thing in children:
        if not isinstance(thing, dict) or thing.get("kind") == "more":
            continue
        yield thing
        replies = (thing.get("data") or {}).get("replies")
        if isinstance(replies, dict):
            yield from _flatten(replies.get("data", {}).get("children", []))


def _thing_posts(thing: dict[str, Any]) -> list[Post]:
    data = thing["data"]
    if thing["kind"] == "t1":
        # A deleted or removed comment stays a post without text: its replies still join it.
        body = "" if data["body"] in GONE else markdown_text(data["body"])
        return [_post(data, body, reply_to=data.get("parent_id"))]
    if thing["kind"] != "t3":
        raise PostError(f"unexpected kind {thing['kind']!r}")
    if not isinstance(data.get("title"), str):
        raise PostError("title: required")
    originals = [_submission(o, None) for o in data.get("crosspost_parent_list") or []]
    return [_submission(data, data.get("crosspost_parent")), *originals]


def _submission(data: dict[str, Any], repost_of: str | None) -> Post:
    """Title, the link a link post shares, and the self text, a paragraph each."""
    body = data.get("selftext") or ""
    parts = [data["title"], _shared_url(data), None if body in GONE else markdown_text(body)]
    text = "\n\n".join(part for part in parts if part)
    return _post(data, text, repost_of=repost_of, replies=data.get("num_comments"))


def _shared_url(data: dict[str, Any]) -> str | None:
    """What a link post links to. A self post's `url` is its own permalink, and a
    crosspost's is the original's (relative): `repost_of` says that already."""
    url = data.get("url")
    if data.get("is_self") or not isinstance(url, str) or not url.startswith(("http:", "https:")):
        return None
    own = (data.get("permalink") or "").rstrip("/")
    return None if own and urlsplit(url).path.rstrip("/") == own else url


def _post(data: dict[str, Any], text: str, **links: Any) -> Post:
    author = data.get("author")
    handle = None if author in GONE or not isinstance(author, str) else author
    replies = links.pop("replies", None)
    return Post(
        platform="reddit",
        external_id=data["name"],
        created_at=parse_time(float(data["created_utc"]), "created_utc"),
        text=text,
        url="https://www.reddit.com" + data["permalink"] if data.get("permalink") else None,
        # Responses recorded before Reddit added author_fullname have only the username,
        # which is as unique and never changes.
        author_id=(data.get("author_fullname") or handle) if handle else None,
        author_handle=handle,
        metrics=Metrics(score=data.get("score"), replies=replies),
        **links,
    )


COLLECTOR = RedditCollector
