"""X API v2 recent search against a local server speaking its wire format."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from collector_helpers import (
    quiet_http,
    read_sample,
    requests_to,
    serve_slowly,
    source_config,
    unparseable_payloads,
)
from werkzeug import Request

from collector.http import FetchError, RateLimited
from collector.x import XCollector

sample = partial(read_sample, "x")
SEARCH = "/2/tweets/search/recent"
QUERY = "CECOT (Bukele OR Maduro)"
TOKEN = "AAAA-test-bearer-0123456789"


def make(httpserver, *, max_pages=10, **http_args):
    http, failed = quiet_http(**http_args)
    source = source_config(
        httpserver,
        "x",
        max_pages=max_pages,
        credentials={"bearer_token": "X_BEARER_TOKEN"},
        queries=[QUERY],
    )
    return XCollector(source, {"bearer_token": TOKEN}, http), failed


def searches(httpserver) -> list[Request]:
    return requests_to(httpserver, SEARCH)


def serve_two_pages(httpserver) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    httpserver.expect_ordered_request(SEARCH, headers=auth).respond_with_data(
        sample("page1.json"), content_type="application/json"
    )
    httpserver.expect_ordered_request(SEARCH, headers=auth).respond_with_data(
        sample("page2.json"), content_type="application/json"
    )


def test_two_pages_follow_next_token_and_the_cursor_holds_the_newest_id(httpserver):
    serve_two_pages(httpserver)
    collector, _ = make(httpserver)
    pages = list(collector.pages({}))
    first, second = searches(httpserver)
    assert first.args["query"] == QUERY
    assert first.args["expansions"] == "author_id,referenced_tweets.id"
    assert "next_token" not in first.args
    assert second.args["next_token"] == "b26v89c19zqg8o3fr5hc6b5b1pt0ccfqx5kbt0jz8e0ot"
    assert [len(page.posts) for page in pages] == [4, 1]
    state = pages[-1].cursor["streams"][f"query:{QUERY}"]
    assert state == {
        "floor": {"key": "1914190000000000300".rjust(32, "0"), "ids": ["1914190000000000300"]},
        "walk": None,
    }


def test_second_run_fetches_nothing_old(httpserver):
    serve_two_pages(httpserver)
    collector, _ = make(httpserver)
    cursor = list(collector.pages({}))[-1].cursor
    httpserver.clear_log()
    httpserver.expect_request(SEARCH).respond_with_json({"meta": {"result_count": 0}})
    again = list(collector.pages(cursor))
    (request,) = searches(httpserver)
    assert request.args["since_id"] == "1914190000000000300"
    assert [page.posts for page in again] == [[]]
    assert again[0].cursor == cursor


def test_retweet_points_to_the_original_which_is_yielded_too(httpserver):
    serve_two_pages(httpserver)
    collector, _ = make(httpserver)
    posts = list(collector.pages({}))[0].posts
    retweet = next(p for p in posts if p.external_id == "1914190000000000300")
    original = next(p for p in posts if p.external_id == retweet.repost_of)
    assert original.author_handle == "cecot_watch"
    assert original.metrics.views == 40200
    assert original.url == "https://x.com/cecot_watch/status/1914180000000000100"
    reply = next(p for p in posts if p.external_id == "1914189000000000250")
    assert reply.reply_to == "1914170000000000050"
    assert reply.created_at == datetime(2025, 4, 21, 2, 55, 41, tzinfo=UTC)


def test_deleted_referenced_post_in_errors_array_is_not_a_failure(httpserver):
    serve_two_pages(httpserver)
    collector, failed = make(httpserver)
    page = list(collector.pages({}))[0]
    quoting = next(p for p in page.posts if p.external_id == "1914185000000000200")
    assert quoting.quote_of == "1914160000000000001"
    assert quoting.text.startswith("Saab exige debido proceso para los migrantes & niega")
    assert page.quarantined == [] and failed == []


def test_post_without_text_is_quarantined_and_the_run_goes_on(httpserver):
    serve_two_pages(httpserver)
    collector, _ = make(httpserver)
    second = list(collector.pages({}))[1]
    assert [p.external_id for p in second.posts] == ["1914150000000000010"]
    (bad,) = second.quarantined
    assert "text" in bad.reason and "1914149000000000005" in bad.item


def test_usage_cap_is_not_retried_until_the_reset(httpserver):
    reset = int((datetime.now(UTC) + timedelta(days=9)).timestamp())
    httpserver.expect_request(SEARCH).respond_with_data(
        sample("faults/usage_cap.json"),
        status=429,
        content_type="application/json",
        headers={"x-rate-limit-reset": str(reset)},
    )
    collector, failed = make(httpserver)
    with pytest.raises(RateLimited) as limited:
        list(collector.pages({}))
    assert len(searches(httpserver)) == 1
    assert limited.value.retry_at == datetime.fromtimestamp(reset, UTC)
    assert b"UsageCapExceeded" in failed[0][0]


def test_usage_cap_without_reset_header_waits_for_the_next_day(httpserver):
    httpserver.expect_request(SEARCH).respond_with_data(
        sample("faults/usage_cap.json"), status=429, content_type="application/json"
    )
    collector, _ = make(httpserver)
    with pytest.raises(RateLimited) as limited:
        list(collector.pages({}))
    tomorrow = datetime.now(UTC).date() + timedelta(days=1)
    assert limited.value.retry_at == datetime(
        tomorrow.year, tomorrow.month, tomorrow.day, tzinfo=UTC
    )
    assert len(searches(httpserver)) == 1


def test_rate_window_429_with_retry_after_is_retried(httpserver):
    httpserver.expect_ordered_request(SEARCH).respond_with_json(
        {"title": "Too Many Requests", "status": 429}, status=429, headers={"Retry-After": "3"}
    )
    httpserver.expect_ordered_request(SEARCH).respond_with_json({"meta": {"result_count": 0}})
    collector, failed = make(httpserver)
    assert [page.posts for page in collector.pages({})] == [[]]
    assert collector.http.rate_limited_seconds >= 2
    assert failed[0][1] == "429 Too Many Requests"


def test_server_error_after_a_good_page_keeps_that_page_and_reports_the_body(httpserver):
    httpserver.expect_ordered_request(SEARCH).respond_with_data(
        sample("page1.json"), content_type="application/json"
    )
    httpserver.expect_request(SEARCH).respond_with_data("Service Unavailable", status=503)
    collector, failed = make(httpserver, max_retries=1)
    pages = []
    with pytest.raises(FetchError, match="HTTP 503"):
        for page in collector.pages({}):
            pages.append(page)
    assert len(pages) == 1
    walk = pages[0].cursor["streams"][f"query:{QUERY}"]["walk"]
    assert walk["token"] == "b26v89c19zqg8o3fr5hc6b5b1pt0ccfqx5kbt0jz8e0ot"
    assert [body for body, _ in failed] == [b"Service Unavailable"] * 2


def test_timeout_is_a_fetch_error(httpserver):
    serve_slowly(httpserver, SEARCH, "{}", content_type="application/json")
    collector, _ = make(httpserver, timeout=0.1, max_retries=0)
    with pytest.raises(FetchError, match="Timeout"):
        list(collector.pages({}))
    time.sleep(0.5)  # let the slow handler finish before the next test


@unparseable_payloads(
    ("body", "content_type"),
    (sample("page1.json")[:900], "application/json"),
    ("<!DOCTYPE html><html><title>Something went wrong</title></html>", "text/html"),
)
def test_unparseable_payload_is_kept_and_the_cursor_stays(httpserver, body, content_type):
    httpserver.expect_request(SEARCH).respond_with_data(body, content_type=content_type)
    collector, _ = make(httpserver)
    (page,) = list(collector.pages({}))
    assert page.posts == [] and page.raw.body == body.encode()
    assert "not a JSON document" in page.quarantined[0].reason
    assert page.cursor == {"streams": {f"query:{QUERY}": {"floor": None, "walk": None}}}


def test_bearer_token_never_appears_in_what_is_stored(httpserver):
    serve_two_pages(httpserver)
    collector, _ = make(httpserver)
    for page in collector.pages({}):
        stored = page.raw.url + repr(page.raw.headers) + repr(page.cursor) + repr(page.posts)
        assert TOKEN not in stored
