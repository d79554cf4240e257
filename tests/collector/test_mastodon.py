"""Mastodon hashtag timelines and search, against a local server speaking Mastodon's API."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from functools import partial

import pytest
from collector_helpers import (
    quiet_http,
    read_sample,
    serve_slowly,
    source_config,
    unparseable_payloads,
)

from collector.http import FetchError, RateLimited, RawResponse
from collector.mastodon import MastodonCollector

sample = partial(read_sample, "mastodon")
TAG_PATH = "/api/v1/timelines/tag/CECOT"


def make(httpserver, *, tags=("CECOT",), queries=(), token=None, max_pages=10, **http_args):
    http, failed = quiet_http(**http_args)
    source = source_config(
        httpserver,
        "mastodon",
        max_pages=max_pages,
        credentials={"token": "MASTO_TOKEN"} if token else {},
        tags=list(tags),
        queries=list(queries),
    )
    return MastodonCollector(source, {"token": token}, http), failed


def link_to(httpserver, max_id: str) -> dict[str, str]:
    url = httpserver.url_for(TAG_PATH) + f"?max_id={max_id}"
    return {"Link": f'<{url}>; rel="next", <{url}>; rel="prev"'}


def serve_two_pages(httpserver) -> None:
    httpserver.expect_oneshot_request(TAG_PATH, query_string={"limit": "40"}).respond_with_data(
        sample("page1.json"),
        content_type="application/json",
        headers=link_to(httpserver, "114380000000000100"),
    )
    page2_query = {"limit": "40", "max_id": "114380000000000100"}
    httpserver.expect_oneshot_request(TAG_PATH, query_string=page2_query).respond_with_data(
        sample("page2.json"),
        content_type="application/json",
        headers=link_to(httpserver, "114379900000000050"),
    )
    end_query = {"limit": "40", "max_id": "114379900000000050"}
    httpserver.expect_oneshot_request(TAG_PATH, query_string=end_query).respond_with_json([])


def test_hashtag_timeline_pages_through_link_header_until_empty_list(httpserver):
    serve_two_pages(httpserver)
    collector, _ = make(httpserver)
    pages = list(collector.pages({}))
    ids = [[p.external_id.rsplit("/", 2)[-2:] for p in page.posts] for page in pages]
    assert len(pages) == 3
    assert [len(p) for p in ids] == [4, 1, 0]
    assert collector.coverage.pages == 3
    floor = pages[-1].cursor["streams"]["tag:CECOT"]["floor"]
    assert floor["ids"] == ["114380000000000150"]
    assert pages[-1].cursor["streams"]["tag:CECOT"]["walk"] is None


def test_second_run_fetches_nothing_old(httpserver):
    serve_two_pages(httpserver)
    collector, _ = make(httpserver)
    cursor = list(collector.pages({}))[-1].cursor
    since = {"limit": "40", "since_id": "114380000000000150"}
    httpserver.expect_oneshot_request(TAG_PATH, query_string=since).respond_with_json([])
    again = list(collector.pages(cursor))
    assert [page.posts for page in again] == [[]]
    assert again[-1].cursor == cursor
    httpserver.check_assertions()


def test_boost_points_to_original_and_yields_the_original(httpserver):
    serve_two_pages(httpserver)
    collector, _ = make(httpserver)
    first = list(collector.pages({}))[0].posts
    boost = next(p for p in first if p.external_id.endswith("/activity"))
    original = next(p for p in first if p.external_id == boost.repost_of)
    assert original.author_handle == "observatorio_vzla@127.0.0.1:" + str(httpserver.port)
    assert "moneda de cambio" in original.text
    assert original.metrics.reposts == 19


def test_html_content_becomes_safe_plain_text(httpserver):
    serve_two_pages(httpserver)
    collector, _ = make(httpserver)
    pages = list(collector.pages({}))
    english = next(p for p in pages[0].posts if p.lang == "en")
    assert english.text == (
        "None of the men in #CECOT has seen a judge. "
        'Swapping them like hostages is not "humanitarian".\nDue process first.'
    )
    assert english.author_handle == "markw@hachyderm.io"
    assert "Doble rasero" in pages[1].posts[0].text
    assert "<br>" not in pages[1].posts[0].text


def test_status_without_text_keeps_its_content_warning(httpserver):
    serve_two_pages(httpserver)
    collector, _ = make(httpserver)
    first = list(collector.pages({}))[0].posts
    media_only = next(p for p in first if p.external_id.endswith("/114380000000000100"))
    assert media_only.text == "Foto de familiares frente al penal"
    assert media_only.created_at == datetime(2025, 4, 21, 2, 31, 9, tzinfo=UTC)


def test_status_missing_fields_is_quarantined_and_the_run_goes_on(httpserver):
    serve_two_pages(httpserver)
    collector, _ = make(httpserver)
    pages = list(collector.pages({}))
    (bad,) = pages[1].quarantined
    assert "created_at" in bad.reason
    assert json.loads(bad.item)["id"] == "114379900000000040"
    assert len(pages) == 3


def test_a_capped_walk_leaves_a_gap_the_next_run_closes_first(httpserver):
    old_floor = {"key": "114379000000000000".rjust(32, "0"), "ids": ["114379000000000000"]}
    cursor = {"streams": {"tag:CECOT": {"floor": old_floor, "walk": None}}}
    since = {"limit": "40", "since_id": "114379000000000000"}
    httpserver.expect_oneshot_request(TAG_PATH, query_string=since).respond_with_data(
        sample("page1.json"),
        content_type="application/json",
        headers=link_to(httpserver, "114380000000000100"),
    )
    collector, _ = make(httpserver, max_pages=1)
    (page,) = list(collector.pages(cursor))
    assert collector.coverage.caps_hit == ["tag:CECOT: max_pages reached before catching up"]
    state = page.cursor["streams"]["tag:CECOT"]
    assert state["floor"] == old_floor
    assert state["walk"]["token"] == {"max_id": "114380000000000100"}

    gap = {"limit": "40", "max_id": "114380000000000100", "since_id": "114379000000000000"}
    httpserver.expect_oneshot_request(TAG_PATH, query_string=gap).respond_with_data(
        sample("page2.json"), content_type="application/json"
    )
    again, _ = make(httpserver, max_pages=1)
    (closing,) = list(again.pages(page.cursor))
    assert [p.text[:10] for p in closing.posts] == ["El fiscal "]
    assert closing.cursor["streams"]["tag:CECOT"] == {
        "floor": {"key": "114380000000000150".rjust(32, "0"), "ids": ["114380000000000150"]},
        "walk": None,
    }


def test_server_error_is_retried_and_every_body_is_reported(httpserver):
    httpserver.expect_request(TAG_PATH).respond_with_data("upstream down", status=500)
    collector, failed = make(httpserver, max_retries=2)
    with pytest.raises(FetchError, match="HTTP 500"):
        list(collector.pages({}))
    assert [body for body, _ in failed] == [b"upstream down"] * 3


def test_rate_limit_with_iso_reset_stops_after_the_fetched_page(httpserver):
    httpserver.expect_oneshot_request(TAG_PATH, query_string={"limit": "40"}).respond_with_data(
        sample("page1.json"),
        content_type="application/json",
        headers=link_to(httpserver, "114380000000000100"),
    )
    httpserver.expect_request(TAG_PATH).respond_with_json(
        {"error": "Too many requests"},
        status=429,
        headers={"X-RateLimit-Reset": "2099-04-21T12:05:00.000Z"},
    )
    collector, failed = make(httpserver)
    pages = []
    with pytest.raises(RateLimited) as limited:
        for page in collector.pages({}):
            pages.append(page)
    assert limited.value.retry_at == datetime(2099, 4, 21, 12, 5, tzinfo=UTC)
    assert len(pages) == 1 and len(pages[0].posts) == 4
    assert failed[0][1] == "429 Too Many Requests"


def test_retry_after_is_waited_out_and_the_page_arrives(httpserver):
    httpserver.expect_oneshot_request(TAG_PATH).respond_with_data(
        "slow down", status=429, headers={"Retry-After": "2"}
    )
    httpserver.expect_oneshot_request(TAG_PATH).respond_with_json([])
    collector, failed = make(httpserver)
    assert [page.posts for page in collector.pages({})] == [[]]
    assert collector.http.rate_limited_seconds > 0
    assert failed == [(b"slow down", "429 Too Many Requests")]


def test_timeout_is_a_fetch_error_not_a_hang(httpserver):
    serve_slowly(httpserver, TAG_PATH, "[]", content_type="application/json")
    collector, _ = make(httpserver, timeout=0.1, max_retries=1)
    with pytest.raises(FetchError, match="Timeout"):
        list(collector.pages({}))
    time.sleep(0.5)  # let the slow handler finish before the next test


@unparseable_payloads(
    ("body", "content_type"),
    (sample("page1.json")[:700], "application/json"),
    ("<html><body>Maintenance</body></html>", "text/html"),
)
def test_unparseable_payload_is_kept_and_the_cursor_stays(httpserver, body, content_type):
    httpserver.expect_request(TAG_PATH).respond_with_data(body, content_type=content_type)
    collector, _ = make(httpserver)
    cursor = {"streams": {"tag:CECOT": {"floor": None, "walk": None}}, "other": 1}
    (page,) = list(collector.pages(cursor))
    assert page.posts == []
    assert page.raw.body == body.encode()
    assert page.quarantined[0].item is None
    assert "not a JSON document" in page.quarantined[0].reason
    assert page.cursor == cursor


def test_timeline_that_needs_a_token_is_noted_and_other_tags_still_run(httpserver):
    httpserver.expect_request("/api/v1/timelines/tag/Bukele").respond_with_json(
        {"error": "This API requires an authenticated user"}, status=401
    )
    httpserver.expect_request(TAG_PATH).respond_with_json([])
    collector, _ = make(httpserver, tags=("Bukele", "CECOT"))
    pages = list(collector.pages({}))
    assert "401" in pages[0].quarantined[0].reason
    assert "tag:Bukele: this server wants a token (HTTP 401)" in collector.coverage.caps_hit
    assert pages[0].cursor["streams"]["tag:Bukele"] == {"floor": None, "walk": None}
    assert len(pages) == 2


def test_search_runs_only_with_a_token_and_sends_it(httpserver):
    httpserver.expect_request(
        "/api/v2/search", headers={"Authorization": "Bearer s3cret-token"}
    ).respond_with_data(sample("search.json"), content_type="application/json")
    collector, _ = make(httpserver, tags=(), queries=("canje humanitario",), token="s3cret-token")
    (page,) = list(collector.pages({}))
    assert page.posts[0].text.startswith("Canje humanitario o espectáculo?")
    assert "s3cret-token" not in json.dumps(page.cursor) + page.raw.url

    anonymous, _ = make(httpserver, tags=(), queries=("canje humanitario",))
    assert list(anonymous.pages({})) == []
    assert anonymous.coverage.caps_hit == ["queries skipped: status search needs a token"]


def recorded_timeline(httpserver) -> list:
    """Statuses recorded from a Mastodon 4.5 server by Mastodon.py's test suite, served as
    one page of a tag timeline (tests/collector/samples/mastodon/recorded/README.md)."""
    httpserver.expect_request(TAG_PATH).respond_with_data(
        sample("recorded/timeline.json"), content_type="application/json"
    )
    collector, _ = make(httpserver, max_pages=1)
    return [post for page in collector.pages({}) for post in page.posts]


def test_quote_fallback_line_is_not_text_and_the_quote_is_linked(httpserver):
    posts = {p.external_id.rsplit("/", 1)[1]: p for p in recorded_timeline(httpserver)}
    quote = posts["117020582925004921"]
    assert quote.text == "yoooooooo"
    assert quote.quote_of == posts["117020582917124092"].external_id  # yielded, so it joins
    assert posts["117020582917124092"].text == "Toot!"
    assert not any(p.text.startswith("RE:") for p in posts.values())


def test_recorded_boosts_replies_and_quotes_are_all_stored_and_linked(httpserver):
    posts = recorded_timeline(httpserver)
    by_id = {p.external_id: p for p in posts}
    assert len(by_id) == 8  # 5 statuses, a boosted original and 2 quoted statuses
    boost = next(p for p in posts if p.external_id.endswith("/activity"))
    assert boost.repost_of in by_id
    reply = next(p for p in posts if p.external_id.endswith("/117020583142008690"))
    assert reply.reply_to == by_id[reply.reply_to].external_id
    assert by_id[reply.reply_to].text == "reply to me"
    assert reply.quote_of in by_id and reply.text == "@mastodonpy_test yoooo check this out"
    assert all(p.metrics.engagement >= 0 for p in posts)


def test_fallback_span_of_a_quote_the_server_does_not_give_keeps_its_link():
    """Servers before 4.4 show Fedibird's and Misskey's quotes only as the fallback."""
    status = {
        "id": "1", "uri": "https://a.example/s/1", "created_at": "2025-04-21T10:00:00Z",
        "account": {"acct": "ana@a.example", "url": "https://a.example/@ana"},
        "content": '<p>Sin juicio.<span class="quote-inline"><br>RE: '
        '<a href="https://b.example/notes/9">https://b.example/notes/9</a></span></p>',
    }  # fmt: skip
    raw = RawResponse(
        "https://m.example/api/v1/timelines/tag/CECOT", 200, "application/json",
        json.dumps([status]).encode(), datetime.now(UTC), {},
    )  # fmt: skip
    collector, _ = make(None)
    [post], _ = collector.parse(raw)
    assert (post.text, post.quote_of) == ("Sin juicio.", "https://b.example/notes/9")
