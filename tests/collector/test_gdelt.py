"""GDELT DOC 2.0 collector: time windows, halving full windows, text errors with status 200."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from collector_helpers import quiet_http, read_sample, serve_slowly, source_config
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from collector.gdelt import GdeltCollector, language_code
from collector.http import FetchError, RateLimited

sample = partial(read_sample, "gdelt", binary=True)
NOW = datetime(2025, 4, 22, 0, 15, tzinfo=UTC)  # windows end at 00:00, 15 minutes of index lag
PATH = "/api/v2/doc/doc"


def collector(
    server: HTTPServer,
    queries: list[str],
    *,
    max_pages: int = 10,
    sleeps: list | None = None,
    now: datetime = NOW,
    **http,
) -> GdeltCollector:
    source = source_config(server, "gdelt", max_pages=max_pages, queries=queries, window="1d")
    if sleeps is not None:
        http["sleep"] = sleeps.append
    client, _ = quiet_http(**http)
    c = GdeltCollector(source, {}, client)
    c.now = lambda: now
    return c


def articles(count: int, stamp: str = "20250421T120000Z", prefix: str = "a") -> bytes:
    return json.dumps(
        {
            "articles": [
                {
                    "url": f"https://outlet.example/{prefix}{i}",
                    "title": f"CECOT article {prefix}{i}",
                    "seendate": stamp,
                    "domain": "outlet.example",
                    "language": "English",
                    "sourcecountry": "United States",
                }
                for i in range(count)
            ]
        }
    ).encode()


def test_articles_become_posts_with_iso_language_and_utc_time(httpserver: HTTPServer) -> None:
    httpserver.expect_request(PATH).respond_with_data(sample("artlist_1.json"))
    [page] = list(collector(httpserver, ["CECOT sourcelang:spanish"]).pages({}))
    posts = {p.url.rsplit("/", 1)[-1]: p for p in page.posts}
    swap = posts["bukele-propone-canje-humanitario-cecot-presos-politicos"]
    assert swap.text == (
        "Bukele propone a Maduro un canje humanitario : "
        "252 venezolanos del CECOT por presos políticos"
    )
    assert swap.lang == "es"
    assert swap.created_at == datetime(2025, 4, 21, 3, 15, tzinfo=UTC)
    assert swap.author_handle == "diariotestigosur.example"
    assert swap.external_id == swap.url
    assert posts["foro-penal-moneda-de-cambio"].text.endswith(
        "presos políticos no son moneda de cambio"
    )
    [untitled] = page.quarantined
    assert "no title" in untitled.reason and "sin-titulo" in untitled.item


def test_first_run_asks_for_the_configured_window_and_records_its_end(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request(
        PATH,
        query_string={
            "query": "CECOT sourcelang:english",
            "mode": "artlist",
            "format": "json",
            "maxrecords": "250",
            "startdatetime": "20250421000000",
            "enddatetime": "20250422000000",
            "sort": "datedesc",
        },
    ).respond_with_data(sample("artlist_2.json"))
    [page] = list(collector(httpserver, ["CECOT sourcelang:english"]).pages({}))
    assert len(page.posts) == 2 and page.posts[0].lang == "en"
    assert "seendate" in page.quarantined[0].reason
    assert page.cursor == {"queries": {"CECOT sourcelang:english": {"until": "20250422000000"}}}


def test_second_run_fetches_nothing_old(httpserver: HTTPServer) -> None:
    httpserver.expect_request(PATH).respond_with_data(sample("artlist_2.json"))
    [page] = list(collector(httpserver, ["q"]).pages({}))
    assert list(collector(httpserver, ["q"]).pages(page.cursor)) == []
    later = collector(httpserver, ["q"], now=NOW + timedelta(hours=1))
    list(later.pages(page.cursor))
    last = httpserver.log[-1][0].args
    assert (last["startdatetime"], last["enddatetime"]) == ("20250422000000", "20250422010000")


def test_full_window_is_halved_until_each_slice_fits(httpserver: HTTPServer) -> None:
    def answer(request: Request) -> Response:
        start, end = request.args["startdatetime"], request.args["enddatetime"]
        if (start, end) == ("20250421000000", "20250422000000"):
            return Response(articles(250, prefix="full"))
        return Response(
            articles(3, prefix=start) if start == "20250421000000" else articles(2, prefix="late")
        )

    httpserver.expect_request(PATH).respond_with_handler(answer)
    pages = list(collector(httpserver, ["q"]).pages({}))
    windows = [(r.args["startdatetime"], r.args["enddatetime"]) for r, _ in httpserver.log]
    assert windows == [
        ("20250421000000", "20250422000000"),
        ("20250421000000", "20250421120000"),
        ("20250421120000", "20250422000000"),
    ]
    assert [p.cursor["queries"].get("q") for p in pages] == [
        None,
        {"until": "20250421120000"},
        {"until": "20250422000000"},
    ]
    assert sum(len(p.posts) for p in pages) == 255


def test_window_that_cannot_be_split_is_recorded_as_a_cap(httpserver: HTTPServer) -> None:
    httpserver.expect_request(PATH).respond_with_data(articles(250))
    c = collector(
        httpserver, ["q"], max_pages=100, now=datetime(2025, 4, 21, 12, 16, 30, tzinfo=UTC)
    )
    c.source.options["window"] = "1m"
    pages = list(c.pages({}))
    assert len(pages) == 1  # a one-minute window is not split further
    assert "too short to split" in c.coverage.caps_hit[0]
    assert pages[-1].cursor["queries"]["q"] == {"until": "20250421120130"}


def test_max_pages_stops_halving_and_the_next_run_resumes(httpserver: HTTPServer) -> None:
    httpserver.expect_request(PATH).respond_with_data(articles(250))
    c = collector(httpserver, ["q"], max_pages=2)
    pages = list(c.pages({}))
    assert len(pages) == 2
    assert pages[-1].cursor == {"queries": {}}
    assert "max_pages" in c.coverage.caps_hit[0]


def test_requests_are_spaced_five_seconds_apart(httpserver: HTTPServer) -> None:
    httpserver.expect_request(PATH).respond_with_data(sample("artlist_2.json"))
    sleeps: list[float] = []
    list(collector(httpserver, ["one", "two", "three"], sleeps=sleeps).pages({}))
    assert len(sleeps) == 2
    assert all(4.0 < s <= 5.0 for s in sleeps)


def test_rate_limit_text_with_status_200_is_kept_and_stops_the_run(httpserver: HTTPServer) -> None:
    httpserver.expect_request(PATH).respond_with_data(sample("faults/rate_limit.txt"))
    c = collector(httpserver, ["one", "two"])
    pages = list(c.pages({}))
    assert len(pages) == 1 and len(httpserver.log) == 1
    assert "Please limit requests to one every 5 seconds" in pages[0].quarantined[0].reason
    assert pages[0].raw.body == sample("faults/rate_limit.txt")
    assert pages[0].cursor == {"queries": {}}


def test_bad_query_html_is_quarantined_and_other_queries_go_on(httpserver: HTTPServer) -> None:
    def only_query(request: Request) -> Response:
        body = (
            sample("faults/short_phrase.html")
            if request.args["query"] == "a"
            else sample("artlist_2.json")
        )
        return Response(body)

    httpserver.expect_request(PATH).respond_with_handler(only_query)
    pages = list(collector(httpserver, ["a", "CECOT"]).pages({}))
    assert "phrase that was too short" in pages[0].quarantined[0].reason
    assert "<" not in pages[0].quarantined[0].reason
    assert len(pages[1].posts) == 2
    assert set(pages[1].cursor["queries"]) == {"CECOT"}


def test_no_results_is_an_empty_page_and_the_window_counts_as_done(httpserver: HTTPServer) -> None:
    httpserver.expect_request(PATH).respond_with_data(sample("faults/no_results.json"))
    [page] = list(collector(httpserver, ["q"]).pages({}))
    assert page.posts == [] and page.quarantined == []
    assert page.cursor["queries"]["q"] == {"until": "20250422000000"}


def test_truncated_json_is_kept_and_the_window_retried_next_run(httpserver: HTTPServer) -> None:
    httpserver.expect_request(PATH).respond_with_data(sample("faults/truncated.json"))
    [page] = list(collector(httpserver, ["q"]).pages({}))
    assert "does not parse" in page.quarantined[0].reason
    assert page.cursor == {"queries": {}}


def test_server_error_is_reported_and_raised(httpserver: HTTPServer) -> None:
    httpserver.expect_request(PATH).respond_with_data("oops", status=500)
    failed: list = []
    c = collector(
        httpserver, ["q"], max_retries=1, on_failed_response=lambda r, w: failed.append(r)
    )
    with pytest.raises(FetchError):
        list(c.pages({}))
    assert [r.status_code for r in failed] == [500, 500]


def test_429_with_long_retry_after_propagates_after_earlier_pages(httpserver: HTTPServer) -> None:
    def answer(request: Request) -> Response:
        if request.args["query"] == "first":
            return Response(sample("artlist_2.json"))
        return Response("Too Many Requests", status=429, headers={"Retry-After": "600"})

    httpserver.expect_request(PATH).respond_with_handler(answer)
    seen = []
    with pytest.raises(RateLimited):
        for page in collector(httpserver, ["first", "second"]).pages({}):
            seen.append(page)
    assert len(seen) == 1 and seen[0].cursor["queries"]["first"]


def test_timeout_raises_fetch_error(httpserver: HTTPServer) -> None:
    serve_slowly(httpserver, PATH, sample("artlist_2.json"), delay=0.3)
    with pytest.raises(FetchError, match="Timeout"):
        list(collector(httpserver, ["q"], timeout=0.05, max_retries=0).pages({}))


# Every language GDELT names in its artlist `language` field (its LOOKUP-LANGUAGES.TXT,
# English included), with the ISO 639-1 code an analyst filters by.
GDELT_LANGUAGES = {
    "English": "en", "Afrikaans": "af", "Albanian": "sq", "Arabic": "ar", "Armenian": "hy",
    "Azerbaijani": "az", "Bengali": "bn", "Bosnian": "bs", "Bulgarian": "bg", "Catalan": "ca",
    "Chinese": "zh", "Croatian": "hr", "Czech": "cs", "Danish": "da", "Dutch": "nl",
    "Estonian": "et", "Finnish": "fi", "French": "fr", "Galician": "gl", "Georgian": "ka",
    "German": "de", "Greek": "el", "Gujarati": "gu", "Hebrew": "he", "Hindi": "hi",
    "Hungarian": "hu", "Icelandic": "is", "Indonesian": "id", "Italian": "it",
    "Japanese": "ja", "Kannada": "kn", "Kazakh": "kk", "Korean": "ko", "Latvian": "lv",
    "Lithuanian": "lt", "Macedonian": "mk", "Malay": "ms", "Malayalam": "ml", "Marathi": "mr",
    "Mongolian": "mn", "Nepali": "ne", "Norwegian": "no", "NorwegianNynorsk": "nn",
    "Persian": "fa", "Polish": "pl", "Portuguese": "pt", "Punjabi": "pa", "Romanian": "ro",
    "Russian": "ru", "Serbian": "sr", "Sinhalese": "si", "Slovak": "sk", "Slovenian": "sl",
    "Somali": "so", "Spanish": "es", "Swahili": "sw", "Swedish": "sv", "Tamil": "ta",
    "Telugu": "te", "Thai": "th", "Tibetan": "bo", "Turkish": "tr", "Ukrainian": "uk",
    "Urdu": "ur", "Vietnamese": "vi",
}  # fmt: skip


def test_every_language_gdelt_names_is_stored_as_its_iso_code(httpserver: HTTPServer) -> None:
    body = {
        "articles": [
            {
                "url": f"https://outlet.example/{name}",
                "title": f"CECOT en {name}",
                "seendate": "20250421T120000Z",
                "domain": "outlet.example",
                "language": name,
            }
            for name in GDELT_LANGUAGES
        ]
    }
    httpserver.expect_request(PATH).respond_with_json(body)
    [page] = list(collector(httpserver, ["CECOT"]).pages({}))
    stored = {post.url.rsplit("/", 1)[1]: post.lang for post in page.posts}
    assert stored == GDELT_LANGUAGES


@pytest.mark.parametrize("name", ["", "Qqqq", "<script>", "x" * 500])
def test_a_language_name_nobody_knows_is_no_language(name: str) -> None:
    assert language_code(name) is None
