"""A replay server on 127.0.0.1 that answers like each platform's API, from the demo sample.

The real collectors read it unchanged: Bluesky createSession + searchPosts
(cursor paging, since/until), Mastodon tag timelines (Link headers), Reddit
OAuth + search listings (`after`), X v2 recent search (`next_token`,
`since_id`), RSS/Atom with ETag, GDELT artlist JSON by time window, and
Telegram t.me/s previews (`before`). Every query is answered with the whole
sample of its platform, as if the platform's search matched all of it.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from testigo.demo import wire
from testigo.demo.sample import Sample, SamplePost

# The demo's credentials: they only open this replay, never a real platform.
CREDENTIALS = {
    "DEMO_BSKY_HANDLE": "testigo-demo.bsky.social",
    "DEMO_BSKY_APP_PASSWORD": "demo-app-password",
    "DEMO_REDDIT_CLIENT_ID": "demo-client",
    "DEMO_REDDIT_CLIENT_SECRET": "demo-secret",
    "DEMO_X_BEARER_TOKEN": "demo-bearer-token",
}
BSKY_ACCESS = "demo-access-jwt"
REDDIT_TOKEN = "demo-reddit-token"
TELEGRAM_PAGE = 20
FEEDS = {"news-es.xml": "es", "news-en.xml": "en", "blog.atom": "blog"}
BLOG_DOMAIN = "rightsdispatch.example"


@dataclass(slots=True)
class Answer:
    status: int
    body: bytes
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] | None = None


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Answer:
    return Answer(status, json.dumps(data, ensure_ascii=False).encode(), headers=headers)


def _newest_first(posts: list[SamplePost]) -> list[SamplePost]:
    return sorted(posts, key=lambda p: (p.created_at, p.number), reverse=True)


class Replay:
    """Routes requests to per-platform answers; holds the sample newest first."""

    def __init__(self, sample: Sample) -> None:
        self.by_platform = {
            name: _newest_first(sample.of(name))
            for name in ("bluesky", "mastodon", "reddit", "x", "rss", "gdelt", "telegram")
        }

    def answer(self, method: str, url: str, headers: dict[str, str], body: bytes) -> Answer:
        parts = urlsplit(url)
        params = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        path = parts.path
        routes: dict[tuple[str, str], Callable[[], Answer]] = {
            ("POST", "/xrpc/com.atproto.server.createSession"): lambda: self.bsky_session(body),
            ("POST", "/xrpc/com.atproto.server.refreshSession"): lambda: self.bsky_session(None),
            ("GET", "/xrpc/app.bsky.feed.searchPosts"): lambda: self.bluesky(params, headers),
            ("POST", "/api/v1/access_token"): lambda: self.reddit_token(headers),
            ("GET", "/search"): lambda: self.reddit(params, headers),
            ("GET", "/2/tweets/search/recent"): lambda: self.x(params, headers),
            ("GET", "/api/v2/doc/doc"): lambda: self.gdelt(params),
        }
        if (method, path) in routes:
            return routes[(method, path)]()
        if method == "GET" and path.startswith("/api/v1/timelines/tag/"):
            return self.mastodon(url, params)
        if method == "GET" and path.startswith("/r/") and path.endswith("/search"):
            return self.reddit(params, headers)
        if method == "GET" and path.startswith("/feeds/"):
            return self.feed(path.removeprefix("/feeds/"), headers)
        if method == "GET" and path.startswith("/s/"):
            return self.telegram(path.removeprefix("/s/"), params)
        return Answer(404, b"not found", "text/plain")

    # Bluesky

    def bsky_session(self, body: bytes | None) -> Answer:
        if body is not None:
            login = json.loads(body or b"{}")
            expected = (CREDENTIALS["DEMO_BSKY_HANDLE"], CREDENTIALS["DEMO_BSKY_APP_PASSWORD"])
            if (login.get("identifier"), login.get("password")) != expected:
                return _json({"error": "AuthenticationRequired", "message": "Invalid"}, 401)
        return _json(
            {
                "accessJwt": BSKY_ACCESS,
                "refreshJwt": "demo-refresh-jwt",
                "handle": CREDENTIALS["DEMO_BSKY_HANDLE"],
                "did": "did:plc:testigodemo000000000000",
                "active": True,
            }
        )

    def bluesky(self, params: dict[str, str], headers: dict[str, str]) -> Answer:
        if headers.get("authorization") != f"Bearer {BSKY_ACCESS}":
            return _json({"error": "AuthenticationRequired", "message": "Bad token"}, 401)
        posts = self.by_platform["bluesky"]
        if "since" in params:
            posts = [p for p in posts if wire.iso_ms(p.created_at) >= params["since"]]
        if "until" in params:
            posts = [p for p in posts if wire.iso_ms(p.created_at) < params["until"]]
        start = int(params.get("cursor", "0"))
        size = int(params.get("limit", "25"))
        page = posts[start : start + size]
        data: dict[str, Any] = {"posts": [wire.bluesky_view(p) for p in page]}
        if start + size < len(posts):
            data["cursor"] = str(start + size)
        data["hitsTotal"] = len(posts)
        return _json(data)

    # Mastodon

    def mastodon(self, url: str, params: dict[str, str]) -> Answer:
        posts = self.by_platform["mastodon"]
        if "max_id" in params:
            posts = [p for p in posts if wire.mastodon_id(p) < int(params["max_id"])]
        if "since_id" in params:
            posts = [p for p in posts if wire.mastodon_id(p) > int(params["since_id"])]
        page = posts[: min(int(params.get("limit", "20")), 40)]
        headers = {}
        if page:
            base = url.split("?", 1)[0]
            oldest, newest = wire.mastodon_id(page[-1]), wire.mastodon_id(page[0])
            headers["Link"] = (
                f'<{base}?max_id={oldest}>; rel="next", <{base}?min_id={newest}>; rel="prev"'
            )
        return _json([wire.mastodon_status(p) for p in page], headers=headers)

    # Reddit

    def reddit_token(self, headers: dict[str, str]) -> Answer:
        pair = f"{CREDENTIALS['DEMO_REDDIT_CLIENT_ID']}:{CREDENTIALS['DEMO_REDDIT_CLIENT_SECRET']}"
        if headers.get("authorization") != "Basic " + base64.b64encode(pair.encode()).decode():
            return _json({"message": "Unauthorized", "error": 401}, 401)
        return _json(
            {"access_token": REDDIT_TOKEN, "token_type": "bearer", "expires_in": 86400,
             "scope": "*"}
        )  # fmt: skip

    def reddit(self, params: dict[str, str], headers: dict[str, str]) -> Answer:
        if headers.get("authorization") != f"bearer {REDDIT_TOKEN}":
            return _json({"message": "Unauthorized", "error": 401}, 401)
        posts = self.by_platform["reddit"]
        names = [wire.reddit_fullname(p) for p in posts]
        start = names.index(params["after"]) + 1 if params.get("after") in names else 0
        size = min(int(params.get("limit", "25")), 100)
        page = posts[start : start + size]
        more = start + size < len(posts)
        listing = {
            "kind": "Listing",
            "data": {
                "after": wire.reddit_fullname(page[-1]) if page and more else None,
                "dist": len(page),
                "modhash": "",
                "children": [wire.reddit_thing(p) for p in page],
                "before": None,
            },
        }
        remaining = {"x-ratelimit-remaining": "995.0", "x-ratelimit-reset": "420"}
        return _json(listing, headers=remaining)

    # X

    def x(self, params: dict[str, str], headers: dict[str, str]) -> Answer:
        if headers.get("authorization") != f"Bearer {CREDENTIALS['DEMO_X_BEARER_TOKEN']}":
            return _json({"title": "Unauthorized", "status": 401}, 401)
        posts = self.by_platform["x"]
        if "since_id" in params:
            posts = [p for p in posts if int(wire.x_id(p)) > int(params["since_id"])]
        start = int(base64.urlsafe_b64decode(params["next_token"])) if "next_token" in params else 0
        size = min(int(params.get("max_results", "10")), 100)
        page = posts[start : start + size]
        meta: dict[str, Any] = {"result_count": len(page)}
        if page:
            meta.update(newest_id=wire.x_id(page[0]), oldest_id=wire.x_id(page[-1]))
        if start + size < len(posts):
            meta["next_token"] = base64.urlsafe_b64encode(str(start + size).encode()).decode()
        originals = {p.repost_of.number: p.repost_of for p in page if p.repost_of}
        users = {wire.x_user(p)["id"]: wire.x_user(p) for p in [*page, *originals.values()]}
        data: dict[str, Any] = {
            "data": [wire.x_tweet(p) for p in page],
            "includes": {
                "users": list(users.values()),
                "tweets": [wire.x_tweet(p) for p in originals.values()],
            },
            "meta": meta,
        }
        if not page:
            data = {"meta": {"result_count": 0}}
        return _json(data, headers={"x-rate-limit-remaining": "449"})

    # RSS and Atom

    def feed(self, name: str, headers: dict[str, str]) -> Answer:
        if name not in FEEDS:
            return Answer(404, b"no such feed", "text/plain")
        which = FEEDS[name]
        posts = [
            p
            for p in self.by_platform["rss"]
            if (p.place == BLOG_DOMAIN) == (which == "blog")
            and (which == "blog" or p.lang == which)
        ]
        etag = f'"{wire.digest(name + str(len(posts)), 12)}"'
        if headers.get("if-none-match") == etag:
            return Answer(304, b"", "application/xml", {"ETag": etag})
        if which == "blog":
            body = (
                '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
                'xml:lang="en"><title>Rights Dispatch</title>'
                f"<id>tag:{BLOG_DOMAIN},2025:feed</id><updated>{wire.iso_ms(posts[0].created_at)}"
                f"</updated>{''.join(wire.atom_entry(p) for p in posts)}</feed>"
            )
            return Answer(200, body.encode(), "application/atom+xml", {"ETag": etag})
        title = "CECOT Bukele Maduro - Google " + ("Noticias" if which == "es" else "News")
        body = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><rss version="2.0"><channel>'
            f"<title>{title}</title><link>https://news.google.com/</link>"
            f"<language>{'es-419' if which == 'es' else 'en-US'}</language>"
            f"<description>Google News</description>{''.join(wire.rss_item(p) for p in posts)}"
            "</channel></rss>"
        )
        return Answer(200, body.encode(), "application/rss+xml; charset=UTF-8", {"ETag": etag})

    # GDELT

    def gdelt(self, params: dict[str, str]) -> Answer:
        try:
            low = datetime.strptime(params["startdatetime"], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
            high = datetime.strptime(params["enddatetime"], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        except (KeyError, ValueError):
            return Answer(200, b"Invalid query start/end date.", "text/html")
        query = params.get("query", "").lower()
        language = next(
            (code for code, name in wire.GDELT_LANGUAGES.items()
             if f"sourcelang:{name.lower()}" in query),
            None,
        )  # fmt: skip
        posts = [
            p
            for p in self.by_platform["gdelt"]
            if low <= wire.gdelt_seen(p) < high and (language is None or p.lang == language)
        ]
        limit = int(params.get("maxrecords", "75"))
        return _json({"articles": [wire.gdelt_article(p) for p in posts[:limit]]})

    # Telegram

    def telegram(self, channel: str, params: dict[str, str]) -> Answer:
        messages = [p for p in self.by_platform["telegram"] if p.place == channel]
        if not messages:
            return Answer(404, b"no such channel", "text/plain")
        before = int(params["before"]) if params.get("before", "").isdigit() else None
        older = [p for p in messages if before is None or p.number < before]
        page = older[:TELEGRAM_PAGE]
        while page and page[-1].malformed and len(page) < len(older):
            page = older[: len(page) + 1]  # a page never ends on a message without a date
        page.reverse()  # previews list messages oldest first
        title = messages[0].author.name
        html = wire.telegram_page(
            channel, title, [wire.telegram_message(p) for p in page],
            page[0].number if page and len(page) < len(older) else None,
        )  # fmt: skip
        return Answer(200, html.encode(), "text/html; charset=utf-8")


class _Handler(BaseHTTPRequestHandler):
    replay: Replay
    protocol_version = "HTTP/1.1"

    def _reply(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            answer = self.replay.answer(self.command, self.path, headers, body)
        except (ValueError, KeyError) as error:
            answer = _json({"error": "InvalidRequest", "message": str(error)}, 400)
        self.send_response(answer.status, HTTPStatus(answer.status).phrase)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        for name, value in (answer.headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(answer.body)

    do_GET = _reply
    do_POST = _reply

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Quiet: the demo prints its own summary."""


class ReplayServer:
    """The replay on 127.0.0.1 in a background thread; `base_url` once started."""

    def __init__(self, sample: Sample, port: int = 0) -> None:
        self.replay = Replay(sample)
        handler = type("Handler", (_Handler,), {"replay": self.replay})
        self._server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> ReplayServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()
