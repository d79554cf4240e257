"""Bluesky search with an app-password session, against a local XRPC server."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from functools import partial

import pytest
from collector_helpers import (
    json_reply,
    quiet_http,
    read_sample,
    requests_to,
    serve_in_turn,
    serve_slowly,
    source_config,
    unparseable_payloads,
)
from werkzeug import Request

from collector import bluesky
from collector.bluesky import BlueskyCollector, effective_time
from collector.http import FetchError, RateLimited

sample = partial(read_sample, "bluesky")
SEARCH = "/xrpc/app.bsky.feed.searchPosts"
CREATE = "/xrpc/com.atproto.server.createSession"
REFRESH = "/xrpc/com.atproto.server.refreshSession"
PASSWORD = "abcd-efgh-ijkl-mnop"
ACCESS = "eyJ0eXAiOiJhdCtqd3QiLCJhbGciOiJFUzI1NksifQ.access-1.sig"


def make(httpserver, *, logged_in=True, max_pages=10, **http_args):
    http, failed = quiet_http(**http_args)
    source = source_config(
        httpserver,
        "bluesky",
        max_pages=max_pages,
        credentials={"identifier": "BSKY_HANDLE", "password": "BSKY_APP_PASSWORD"},
        queries=["CECOT"],
    )
    credentials = {"identifier": "testigo-monitor.bsky.social", "password": PASSWORD}
    if not logged_in:
        credentials = {"identifier": None, "password": None}
    return BlueskyCollector(source, credentials, http), failed


def serve_session(httpserver) -> None:
    httpserver.expect_oneshot_request(CREATE, method="POST").respond_with_data(
        **json_reply(sample("auth/session.json"))
    )


def serve_two_pages(httpserver) -> None:
    serve_session(httpserver)
    auth = {"Authorization": f"Bearer {ACCESS}"}
    serve_in_turn(httpserver, SEARCH, sample("page1.json"), sample("page2.json"), headers=auth)


def searches(httpserver) -> list[Request]:
    return requests_to(httpserver, SEARCH)


def test_logs_in_once_and_pages_with_the_cursor(httpserver):
    serve_two_pages(httpserver)
    collector, _ = make(httpserver)
    pages = list(collector.pages({}))
    login = next(request for request, _ in httpserver.log if request.path == CREATE)
    assert login.path == CREATE and login.json["password"] == PASSWORD
    first, second = searches(httpserver)
    assert first.args["sort"] == "latest" and "cursor" not in first.args
    assert second.args["cursor"] == "3"
    assert [len(page.posts) for page in pages] == [3, 2]
    assert pages[-1].cursor["streams"]["CECOT"] == {
        "floor": {
            "key": "2025-04-21T03:12:44.120Z",
            "ids": ["at://did:plc:q6gjnaw2blty4crticxkmujt/app.bsky.feed.post/3lnc2k7uvbs2a"],
        },
        "walk": None,
    }


def test_second_run_reuses_the_session_and_fetches_nothing_old(httpserver):
    serve_two_pages(httpserver)
    collector, _ = make(httpserver)
    cursor = list(collector.pages({}))[-1].cursor
    boundary = json.loads(sample("page1.json"))["posts"][:1]
    httpserver.expect_request(SEARCH).respond_with_json({"posts": boundary})
    again = list(collector.pages(cursor))
    assert [page.posts for page in again] == [[]]
    assert again[0].cursor == cursor
    assert searches(httpserver)[-1].args["since"] == "2025-04-21T03:12:44.120Z"
    assert sum(1 for request, _ in httpserver.log if request.path == CREATE) == 1


def test_expired_access_token_is_refreshed_and_the_search_repeated(httpserver):
    serve_session(httpserver)
    httpserver.expect_oneshot_request(SEARCH).respond_with_json(
        {"error": "ExpiredToken", "message": "Token has expired"}, status=400
    )
    httpserver.expect_oneshot_request(
        REFRESH,
        method="POST",
        headers={"Authorization": "Bearer eyJ0eXAiOiJyZWZyZXNoK2p3dCJ9.refresh-1.sig"},
    ).respond_with_json({"accessJwt": "access-2", "refreshJwt": "refresh-2"})
    httpserver.expect_oneshot_request(
        SEARCH, headers={"Authorization": "Bearer access-2"}
    ).respond_with_json({"posts": []})
    collector, _ = make(httpserver)
    assert [page.posts for page in collector.pages({})] == [[]]
    assert sum(1 for request, _ in httpserver.log if request.path == CREATE) == 1


def test_link_facets_expand_using_utf8_byte_offsets(httpserver):
    serve_two_pages(httpserver)
    collector, _ = make(httpserver)
    post = list(collector.pages({}))[0].posts[0]
    assert post.text == (
        "Canje “humanitario” 🇸🇻🇻🇪: 252 venezolanos del CECOT por presos políticos. Crónica: "
        "https://elfaro.net/es/202504/el_salvador/canje-cecot-presos-politicos #CECOT"
    )
    assert (
        post.url == "https://bsky.app/profile/did:plc:q6gjnaw2blty4crticxkmujt/post/3lnc2k7uvbs2a"
    )
    assert (post.metrics.likes, post.metrics.quotes, post.lang) == (58, 2, "es")


def test_facet_offsets_that_split_a_character_are_ignored():
    text = "ñandú enlace"
    facet = {
        "index": {"byteStart": 1, "byteEnd": 3},
        "features": [{"$type": "app.bsky.richtext.facet#link", "uri": "https://example.org"}],
    }
    assert bluesky.expand_links(text, [facet]) == text


def test_post_without_text_is_kept_with_its_reply_reference(httpserver):
    serve_two_pages(httpserver)
    collector, _ = make(httpserver)
    post = list(collector.pages({}))[0].posts[1]
    assert post.text == ""
    assert post.reply_to == "at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/3lnbx2a3c4d2k"


def test_quote_of_a_deleted_post_keeps_the_reference(httpserver):
    serve_two_pages(httpserver)
    collector, _ = make(httpserver)
    post = list(collector.pages({}))[0].posts[2]
    assert post.quote_of == "at://did:plc:abcdefghijklmnopqrstuvwx/app.bsky.feed.post/3lnbw7yq2ks2x"


def test_absurd_created_at_is_kept_but_ordering_uses_indexed_at(httpserver):
    serve_two_pages(httpserver)
    collector, _ = make(httpserver)
    post = list(collector.pages({}))[1].posts[0]
    assert post.created_at == datetime(1, 1, 1, tzinfo=UTC)
    assert effective_time(post) == post.indexed_at == datetime(2025, 4, 21, 1, 30, tzinfo=UTC)


def test_post_without_a_record_is_quarantined_and_the_run_goes_on(httpserver):
    serve_two_pages(httpserver)
    collector, _ = make(httpserver)
    second = list(collector.pages({}))[1]
    (bad,) = second.quarantined
    assert "record" in bad.reason and "3lnbx9deleted" in bad.item
    assert len(second.posts) == 2


def test_past_the_search_cap_it_searches_again_below_the_oldest_post(httpserver, monkeypatch):
    monkeypatch.setattr(bluesky, "PAGE_SIZE", 3)
    serve_session(httpserver)
    capped = json.loads(sample("page1.json"))
    del capped["cursor"]
    httpserver.expect_oneshot_request(SEARCH).respond_with_json(capped)
    older = json.loads(sample("page2.json"))
    older["posts"].insert(0, capped["posts"][2])
    httpserver.expect_oneshot_request(SEARCH).respond_with_json(older)
    httpserver.expect_oneshot_request(SEARCH).respond_with_json({"posts": []})
    collector, _ = make(httpserver)
    pages = list(collector.pages({}))
    restart = searches(httpserver)[1]
    assert restart.args["until"] == "2025-04-21T02:48:00.001Z"
    assert "cursor" not in restart.args
    assert searches(httpserver)[2].args["until"] == "2025-04-21T01:05:00.001Z"
    assert [len(page.posts) for page in pages] == [3, 2, 0]
    seen = [p.external_id for page in pages for p in page.posts]
    assert len(seen) == len(set(seen))


def test_anonymous_search_never_sends_a_cursor(httpserver):
    httpserver.expect_request(SEARCH).respond_with_data(**json_reply(sample("page1.json")))
    collector, _ = make(httpserver, logged_in=False)
    pages = list(collector.pages({}))
    (request,) = searches(httpserver)
    assert "cursor" not in request.args and "Authorization" not in request.headers
    assert len(pages) == 1 and len(pages[0].posts) == 3


def test_anonymous_search_refused_says_what_to_configure(httpserver):
    httpserver.expect_request(SEARCH).respond_with_json(
        {"error": "Forbidden", "message": "Forbidden"}, status=403
    )
    collector, failed = make(httpserver, logged_in=False)
    with pytest.raises(FetchError, match="set the identifier and password"):
        list(collector.pages({}))
    assert b"Forbidden" in failed[0][0]


def test_server_error_is_retried_and_reported(httpserver):
    serve_session(httpserver)
    httpserver.expect_request(SEARCH).respond_with_data("Internal Server Error", status=502)
    collector, failed = make(httpserver, max_retries=1)
    with pytest.raises(FetchError, match="HTTP 502"):
        list(collector.pages({}))
    assert [body for body, _ in failed] == [b"Internal Server Error"] * 2


def test_rate_limit_far_away_propagates_with_retry_at(httpserver):
    serve_session(httpserver)
    httpserver.expect_request(SEARCH).respond_with_json(
        {"error": "RateLimitExceeded"},
        status=429,
        headers={"ratelimit-reset": "4102444800", "Retry-After": "600"},
    )
    collector, failed = make(httpserver)
    with pytest.raises(RateLimited) as limited:
        list(collector.pages({}))
    assert limited.value.retry_at > datetime.now(UTC)
    assert b"RateLimitExceeded" in failed[0][0]


def test_timeout_is_a_fetch_error(httpserver):
    serve_session(httpserver)
    serve_slowly(httpserver, SEARCH, "{}", content_type="application/json")
    collector, _ = make(httpserver, timeout=0.1, max_retries=0)
    with pytest.raises(FetchError, match="Timeout"):
        list(collector.pages({}))
    time.sleep(0.5)  # let the slow handler finish before the next test


@unparseable_payloads(
    "body", sample("page1.json")[:800], "<html><body><h1>502 Bad Gateway</h1></body></html>"
)
def test_unparseable_payload_is_kept_and_the_cursor_stays(httpserver, body):
    serve_session(httpserver)
    httpserver.expect_request(SEARCH).respond_with_data(body, content_type="text/html")
    collector, _ = make(httpserver)
    (page,) = list(collector.pages({}))
    assert page.posts == [] and page.raw.body == body.encode()
    assert "not a JSON document" in page.quarantined[0].reason
    assert page.cursor == {"streams": {"CECOT": {"floor": None, "walk": None}}}


def test_session_tokens_and_password_are_never_in_a_stored_page(httpserver):
    serve_two_pages(httpserver)
    collector, _ = make(httpserver)
    for page in collector.pages({}):
        stored = page.raw.url + page.raw.body.decode() + repr(page.cursor) + repr(page.posts)
        assert PASSWORD not in stored and ACCESS not in stored and "refresh-1" not in stored
