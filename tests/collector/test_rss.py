"""RSS/Atom collector against a local server serving Google News-style feeds."""

from __future__ import annotations

from functools import partial

import pytest
from collector_helpers import quiet_http, read_sample, serve_slowly, source_config
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from collector.http import FetchError, RateLimited
from collector.rss import RssCollector

sample = partial(read_sample, "rss", binary=True)


def collector(feeds: list[str], failed: list | None = None, **http) -> RssCollector:
    if failed is not None:
        http["on_failed_response"] = lambda raw, why: failed.append((raw, why))
    client, _ = quiet_http(**http)
    return RssCollector(source_config(None, "rss", feeds=feeds), {}, client)


def run(c: RssCollector, cursor: dict) -> tuple[list, dict]:
    pages = list(c.pages(cursor))
    return pages, (pages[-1].cursor if pages else cursor)


def test_news_search_items_name_the_outlet_not_the_redirect(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/es").respond_with_data(sample("google_news_es_1.xml"))
    pages, _ = run(collector([httpserver.url_for("/es")]), {})
    posts = {p.text: p for p in pages[0].posts}
    post = posts[
        "Bukele propone a Maduro un canje humanitario de 252 venezolanos del CECOT "
        "por presos políticos"
    ]
    assert post.author_name == "Diario Testigo Sur"
    assert post.author_handle == "diariotestigosur.example"
    assert post.url.startswith("https://news.google.com/rss/articles/")
    assert post.lang == "es"
    assert post.created_at.isoformat() == "2025-04-21T03:15:00+00:00"
    assert all("alert" not in p.text and "<" not in p.text for p in pages[0].posts)
    assert len(pages[0].posts) == 3


def test_second_fetch_yields_only_items_not_seen_whatever_their_order(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_ordered_request("/es").respond_with_data(
        sample("google_news_es_1.xml"), headers={"ETag": '"v1"'}
    )
    httpserver.expect_ordered_request("/es").respond_with_data(
        sample("google_news_es_2.xml"), headers={"ETag": '"v2"'}
    )
    c = collector([httpserver.url_for("/es")])
    _, cursor = run(c, {})
    pages, cursor = run(c, cursor)
    new = [p.text for p in pages[0].posts]
    # The older article (20 April) is new to us even though it sorts last.
    assert sorted(new) == [
        "Abogados de venezolanos en el CECOT denuncian que nunca vieron a un juez",
        'Cancillería venezolana rechaza la propuesta de Bukele: "son secuestrados"',
    ]
    assert cursor["feeds"][httpserver.url_for("/es")]["etag"] == '"v2"'


def test_second_run_fetches_nothing_old_with_a_304(httpserver: HTTPServer) -> None:
    url = "/es"

    def conditional(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(sample("google_news_es_1.xml"), headers={"ETag": '"v1"'})

    httpserver.expect_request(url).respond_with_handler(conditional)
    c = collector([httpserver.url_for(url)])
    _, cursor = run(c, {})
    pages, second = run(c, cursor)
    assert pages[0].raw.status_code == 304
    assert pages[0].raw.body == b""
    assert pages[0].posts == []
    assert second == cursor


def test_server_ignoring_conditional_get_still_yields_nothing_old(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/es").respond_with_data(sample("google_news_es_1.xml"))
    c = collector([httpserver.url_for("/es")])
    _, cursor = run(c, {})
    pages, _ = run(c, cursor)
    assert pages[0].posts == []


def test_feeds_are_fetched_each_with_its_own_cursor(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/es").respond_with_data(sample("google_news_es_1.xml"))
    httpserver.expect_request("/en").respond_with_data(
        sample("google_news_en_1.xml"), headers={"Last-Modified": "Mon, 21 Apr 2025 18:00:02 GMT"}
    )
    c = collector([httpserver.url_for("/es"), httpserver.url_for("/en")])
    pages, cursor = run(c, {})
    assert [len(p.posts) for p in pages] == [3, 3]
    assert pages[1].posts[0].lang == "en"
    en = cursor["feeds"][httpserver.url_for("/en")]
    assert en["last_modified"] == "Mon, 21 Apr 2025 18:00:02 GMT"
    assert c.coverage.pages == 2


def test_item_without_text_is_kept_with_its_link_and_outlet(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/en").respond_with_data(sample("google_news_en_1.xml"))
    pages, _ = run(collector([httpserver.url_for("/en")]), {})
    assert pages[0].quarantined == []
    empty = pages[0].posts[2]
    assert (empty.text, empty.external_id) == ("", "CBMiEmptyTitleExample")
    assert empty.url == "https://news.google.com/rss/articles/CBMiEmptyTitleExample?oc=5"
    assert (empty.author_name, empty.author_handle) == ("Coastal Post", "coastalpost.example")


def test_atom_entries_become_plain_text_posts(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/atom").respond_with_data(sample("atom_blog.xml"))
    pages, _ = run(collector([httpserver.url_for("/atom")]), {})
    first, second = pages[0].posts
    assert first.text == (
        "Due process and the Alien Enemies Act\n"
        "None of the men sent to CECOT has seen a judge.\nHabeas corpus petitions are pending."
    )
    assert first.created_at.isoformat() == "2025-04-21T20:00:00+00:00"
    assert first.author_name == "Rights Watchers staff"
    assert first.lang == "en" and second.lang == "es"
    assert second.url == "https://rightswatchers.example/2025/04/presos-politicos"
    assert second.text.endswith("Cerca de mil personas detenidas por razones políticas.")


def test_doctype_with_entities_is_refused_not_expanded(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/evil").respond_with_data(sample("faults/billion_laughs.xml"))
    pages, cursor = run(collector([httpserver.url_for("/evil")]), {})
    assert pages[0].posts == []
    assert "DOCTYPE" in pages[0].quarantined[0].reason
    assert pages[0].quarantined[0].item is None
    assert pages[0].raw.body == sample("faults/billion_laughs.xml")
    assert cursor == {"feeds": {}}


def test_truncated_feed_keeps_its_whole_items_and_the_next_feed_is_read(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/cut").respond_with_data(sample("faults/truncated.xml"))
    httpserver.expect_request("/es").respond_with_data(sample("google_news_es_1.xml"))
    c = collector([httpserver.url_for("/cut"), httpserver.url_for("/es")])
    pages, _ = run(c, {})
    [whole] = pages[0].posts
    assert whole.text.startswith("Bukele offers Maduro a prisoner swap")
    flagged, cut = pages[0].quarantined
    assert "not well-formed" in flagged.reason and flagged.item is None
    assert "cut off" in cut.reason and "bargaining chips" in cut.item
    assert len(pages[1].posts) == 3


def test_html_instead_of_a_feed_is_quarantined(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/es").respond_with_data(
        "<html><body><h1>Sorry...</h1></body></html>", content_type="text/html"
    )
    pages, _ = run(collector([httpserver.url_for("/es")]), {})
    assert pages[0].posts == []
    assert "not an RSS, RDF or Atom feed" in pages[0].quarantined[0].reason


def test_server_error_body_is_reported_not_lost(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/es").respond_with_data("upstream down", status=500)
    failed: list = []
    with pytest.raises(FetchError):
        run(collector([httpserver.url_for("/es")], failed, max_retries=1), {})
    assert [raw.body for raw, _ in failed] == [b"upstream down", b"upstream down"]


def test_retry_after_429_is_honoured_then_the_feed_is_read(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/es").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "1"}
    )
    httpserver.expect_ordered_request("/es").respond_with_data(sample("google_news_es_1.xml"))
    c = collector([httpserver.url_for("/es")])
    pages, _ = run(c, {})
    assert len(pages[0].posts) == 3
    assert c.http.rate_limited_seconds > 0


def test_long_retry_after_stops_the_run_with_retry_at(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/en").respond_with_data(sample("google_news_en_1.xml"))
    httpserver.expect_request("/es").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "3600"}
    )
    c = collector([httpserver.url_for("/en"), httpserver.url_for("/es")])
    seen = []
    with pytest.raises(RateLimited) as error:
        for page in c.pages({}):
            seen.append(page)
    assert len(seen[0].posts) == 3  # the feed fetched before the 429 was yielded first
    assert error.value.retry_at is not None


def test_timeout_raises_fetch_error(httpserver: HTTPServer) -> None:
    serve_slowly(httpserver, "/es", sample("google_news_es_1.xml"), delay=0.3)
    with pytest.raises(FetchError, match="Timeout"):
        run(collector([httpserver.url_for("/es")], timeout=0.05, max_retries=1), {})
