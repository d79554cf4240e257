"""X (Twitter) API v2 recent search with an app bearer token.

The monthly usage cap answers 429 like a rate limit, but retrying cannot cure
it: the collector holds off until `x-rate-limit-reset` (or the next UTC day).
Referenced posts that were deleted come back in an `errors` array beside a 200;
the page is fine. Post text arrives with &amp; &lt; &gt; escaped; it is unescaped
once. See docs/platforms.md#x.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator, Mapping
from datetime import datetime, time, timedelta
from typing import Any

from collector.base import Collector, Page, Quarantined
from collector.http import RawResponse, parse_reset
from collector.paging import (
    Batch,
    Fetch,
    Item,
    json_body,
    padded_id,
    quarantine_payload,
    stream_pages,
)
from collector.post import Metrics, Post, PostError, parse_time
from collector.registry import SOURCE_KINDS

SEARCH_PATH = "/2/tweets/search/recent"
PAGE_SIZE = 100
FIELDS = {
    "expansions": "author_id,referenced_tweets.id",
    "tweet.fields": "created_at,lang,public_metrics,referenced_tweets,conversation_id",
    "user.fields": "username,name",
}


class XCollector(Collector):
    kind = SOURCE_KINDS["x"]

    def pages(self, cursor: dict[str, Any]) -> Iterator[Page]:
        fetchers = {f"query:{q}": self._fetcher(q) for q in self.source.option("queries", [])}
        yield from stream_pages(self, cursor, fetchers)

    def parse(self, raw: RawResponse) -> tuple[list[Post], list[Quarantined]]:
        items, quarantined, _ = _parse(raw)
        return [post for item in items for post in item.posts], quarantined

    def _fetcher(self, query: str) -> Fetch:
        headers = {"Authorization": f"Bearer {self.credentials.get('bearer_token') or ''}"}

        def fetch(token: str | None, floor: dict[str, Any] | None) -> Batch:
            params = {"query": query, "max_results": str(PAGE_SIZE), **FIELDS}
            if floor:
                params["since_id"] = max(floor["ids"], key=padded_id)
            if token:
                params["next_token"] = token
            raw = self.http.get(
                self.source.base_url + SEARCH_PATH,
                params=params,
                headers=headers,
                hold_429=usage_cap_reset,
            )
            try:
                items, quarantined, next_token = _parse(raw)
            except ValueError as error:
                return quarantine_payload(raw, error)
            return Batch(raw, items, quarantined, next_token)

        return fetch


def usage_cap_reset(raw: RawResponse) -> datetime | None:
    """When a 429 is the usage cap (not a rate window): its reset, else the next UTC day."""
    try:
        body = json.loads(raw.body)
    except ValueError:
        return None
    if not isinstance(body, dict) or body.get("title") != "UsageCapExceeded":
        return None
    header = {k.lower(): v for k, v in raw.headers.items()}.get("x-rate-limit-reset")
    reset = parse_reset(header, raw.fetched_at) if header else None
    if reset and reset > raw.fetched_at:
        return reset
    return datetime.combine(
        raw.fetched_at.date() + timedelta(days=1), time(), raw.fetched_at.tzinfo
    )


def _parse(raw: RawResponse) -> tuple[list[Item], list[Quarantined], str | None]:
    body = json_body(raw)
    if not isinstance(body, dict) or not isinstance(body.get("meta", {}), dict):
        raise ValueError("expected a JSON object with data/includes/meta")
    includes = body.get("includes") or {}
    users = {u.get("id"): u for u in includes.get("users", []) if isinstance(u, dict)}
    included = {t.get("id"): t for t in includes.get("tweets", []) if isinstance(t, dict)}
    items: list[Item] = []
    quarantined: list[Quarantined] = []
    for tweet in body.get("data") or []:
        try:
            post = tweet_to_post(tweet, users)
            posts = [post]
            original = included.get(post.repost_of) if post.repost_of else None
            if original:
                posts.append(tweet_to_post(original, users))
        except (PostError, KeyError, TypeError, AttributeError) as error:
            reason = f"post unusable: {error}"
            quarantined.append(Quarantined(reason, json.dumps(tweet, ensure_ascii=False)))
            continue
        items.append(Item(padded_id(post.external_id), post.external_id, posts))
    return items, quarantined, body.get("meta", {}).get("next_token")


def tweet_to_post(tweet: dict[str, Any], users: Mapping[Any, Any]) -> Post:
    """A v2 tweet; its author from `users` by id, or inline as `author` (twarc2 flatten)."""
    if not isinstance(tweet, dict):
        raise PostError(f"expected a tweet object, got {type(tweet).__name__}")
    if not isinstance(tweet.get("text"), str):
        raise PostError("text: required")
    refs = {
        ref.get("type"): ref.get("id")
        for ref in tweet.get("referenced_tweets") or []
        if isinstance(ref, dict)
    }
    user = tweet.get("author") or users.get(tweet.get("author_id")) or {}
    if not isinstance(user, dict):
        raise PostError("author: expected an object")
    username = user.get("username")
    profile = username if isinstance(username, str) else "i"
    metrics = tweet.get("public_metrics") or {}
    if not isinstance(metrics, dict):
        raise PostError("public_metrics: expected an object")
    tweet_id: Any = tweet.get("id")  # Post requires it, as a string or an integer id
    return Post(
        platform="x",
        external_id=tweet_id,
        created_at=parse_time(tweet.get("created_at"), "created_at"),
        text=html.unescape(tweet["text"]),
        url=f"https://x.com/{profile}/status/{tweet_id}",
        author_id=tweet.get("author_id"),
        author_handle=username,
        author_name=user.get("name"),
        lang=tweet.get("lang"),
        metrics=Metrics(
            likes=metrics.get("like_count"),
            reposts=metrics.get("retweet_count"),
            replies=metrics.get("reply_count"),
            quotes=metrics.get("quote_count"),
            views=metrics.get("impression_count"),
        ),
        reply_to=refs.get("replied_to"),
        quote_of=refs.get("quoted"),
        repost_of=refs.get("retweeted"),
    )


Rejected = list[tuple[str, str]]
"""(reason, item as JSON) for the items of a record that could not become posts."""


def twarc2_posts(record: Any) -> tuple[list[Post], Rejected]:
    """The posts of one line of a twarc2 file, whichever command wrote it.

    `search`, `timeline` and `tweets` (lookup) write a v2 response page (`data` a list
    of tweets, `includes` the users and referenced tweets); `stream` and `sample` write
    one tweet per page (`data` an object); `flatten` writes one tweet per line with its
    `author` and its referenced tweets inline. Referenced tweets that came whole are
    posts too. A tweet that cannot become a post is rejected alone, never its page.
    """
    if not isinstance(record, dict):
        raise PostError("expected a JSON object (a twarc2 page or tweet)")
    if "data" in record or "includes" in record:
        tweets, users = _page_tweets(record)
    else:
        tweets, users = [record], {}
        for ref in record.get("referenced_tweets") or []:
            if isinstance(ref, dict) and "text" in ref:  # flattened: the whole referenced tweet
                tweets.append(ref)
    posts: dict[str, Post] = {}
    rejected: Rejected = []
    for tweet in tweets:
        try:
            if isinstance(tweet, dict) and "text" not in tweet:
                raise PostError("not a tweet: twarc2 pages of users, lists or counts hold no posts")
            post = tweet_to_post(tweet, users)
        except (PostError, TypeError) as error:
            item = json.dumps(tweet, ensure_ascii=False, default=str)
            rejected.append((f"tweet unusable: {error}", item))
            continue
        posts.setdefault(post.external_id, post)
    return list(posts.values()), rejected


def _page_tweets(page: dict[str, Any]) -> tuple[list[Any], dict[Any, Any]]:
    """A response page's tweets, referenced tweets last, and its users by id.

    `errors` beside the data name deleted or withheld referenced tweets: not a failure.
    """
    data = page.get("data")
    includes = page.get("includes") or {}
    if not isinstance(includes, dict):
        raise PostError("includes: expected an object")
    tweets = [data] if isinstance(data, dict) else list(data or [])
    if not isinstance(data, dict | list | None):
        raise PostError("data: expected a tweet or a list of tweets")
    included = includes.get("tweets") or []
    users = includes.get("users") or []
    if not isinstance(included, list) or not isinstance(users, list):
        raise PostError("includes: tweets and users must be lists")
    return [*tweets, *included], {u.get("id"): u for u in users if isinstance(u, dict)}


COLLECTOR = XCollector
