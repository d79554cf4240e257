"""Telegram channel previews: HTML parsing, paging back with ?before=, resumable cursor."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from collector.http import FetchError, HttpClient, RawResponse
from collector.registry import SourceConfig
from collector.telegram import HIDDEN_ORIGIN, TelegramCollector, parse_count

SAMPLES = Path(__file__).parent / "samples" / "telegram"
CHANNEL = "/s/noticiero_llanero"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def collector(server: HTTPServer, max_pages: int = 10, **http) -> TelegramCollector:
    options = {"channels": ["noticiero_llanero"]}
    base = server.url_for("").rstrip("/")
    source = SourceConfig("tg", "telegram", base, 60, max_pages, True, {}, options)
    return TelegramCollector(
        source, {}, HttpClient(sleep=lambda s: None, backoff_base=0.01, **http)
    )


def serve(server: HTTPServer, pages: dict[str | None, str]) -> None:
    """Answer the channel URL by its `before` parameter."""

    def answer(request: Request) -> Response:
        name = pages.get(request.args.get("before"), "faults/empty_channel.html")
        return Response(sample(name), content_type="text/html; charset=utf-8")

    server.expect_request(CHANNEL).respond_with_handler(answer)


def befores(server: HTTPServer) -> list[str | None]:
    return [request.args.get("before") for request, _ in server.log]


def test_messages_become_posts_with_views_forwards_and_replies(httpserver: HTTPServer) -> None:
    serve(httpserver, {None: "channel_head.html"})
    pages = list(collector(httpserver, max_pages=1).pages({}))
    posts = {p.external_id: p for p in pages[0].posts}
    assert sorted(posts) == [f"noticiero_llanero/{n}" for n in (118, 119, 120, 123, 125)]
    first = posts["noticiero_llanero/118"]
    assert first.text == (
        "Bukele propone a Maduro un canje humanitario: los 252 venezolanos del CECOT por 252 "
        "presos políticos.\nCaracas no ha respondido. #CECOT"
    )
    assert first.created_at.isoformat() == "2025-04-21T02:14:05+00:00"
    assert first.url == "https://t.me/noticiero_llanero/118"
    assert first.author_name == "Noticiero Llanero" and first.author_handle == "noticiero_llanero"
    assert first.metrics.views == 12_400
    assert posts["noticiero_llanero/119"].metrics.views == 1_200_000
    assert posts["noticiero_llanero/119"].repost_of == "prensa_cancilleria_demo/4521"
    assert posts["noticiero_llanero/119"].text.startswith('Cancillería: "Los venezolanos')
    assert posts["noticiero_llanero/120"].text == ""  # a photo without caption
    assert (
        posts["noticiero_llanero/123"].text
        == "Familiares piden fe de vida. Sin abogado, sin juicio."
    )
    assert posts["noticiero_llanero/123"].repost_of == HIDDEN_ORIGIN
    assert posts["noticiero_llanero/125"].reply_to == "noticiero_llanero/118"
    assert "noticiero_llanero/122" not in posts  # service message


def test_text_and_date_inside_a_quoted_reply_are_not_the_messages_own(
    httpserver: HTTPServer,
) -> None:
    quoted = (
        '<a class="tgme_widget_message_reply" href="https://t.me/noticiero_llanero/118">'
        '<div class="tgme_widget_message_text">Texto citado</div><span class="'
        'tgme_widget_message_date"><time datetime="2020-01-01T00:00:00+00:00"></time></span></a>'
    )
    page = (
        '<!DOCTYPE html><section class="tgme_channel_history">'
        '<div class="tgme_widget_message" data-post="noticiero_llanero/130">'
        '<div class="tgme_widget_message_text">Texto <b>propio</b><br/>del canal</div>'
        '<a class="tgme_widget_message_date" href="https://t.me/noticiero_llanero/130">'
        f'<time datetime="2025-04-22T10:00:00+00:00"></time></a>{quoted}</div></section>'
    )
    raw = RawResponse("https://t.me/s/x", 200, "text/html", page.encode(), datetime.now(UTC), {})
    [post], quarantined = collector(httpserver).parse(raw)
    assert quarantined == []
    assert post.text == "Texto propio\ndel canal"
    assert post.created_at.isoformat() == "2025-04-22T10:00:00+00:00"
    assert post.reply_to == "noticiero_llanero/118"


def test_every_forward_is_a_repost_whatever_it_was_forwarded_from(
    httpserver: HTTPServer,
) -> None:
    """A channel's message (link with an id), a person's profile (link without one) and an
    account that hides itself (a name, no link) are the three shapes the preview shows."""
    serve(httpserver, {None: "forwards.html"})
    [page] = list(collector(httpserver, max_pages=1).pages({}))
    reposts = {p.external_id.rsplit("/", 1)[1]: p.repost_of for p in page.posts}
    assert reposts == {
        "140": "prensa_cancilleria_demo/4522",
        "141": "vecina_de_barinas",
        "142": HIDDEN_ORIGIN,
    }
    assert all("Madres Unidas" not in (p.repost_of or "") for p in page.posts)


def test_a_line_holding_only_a_zero_width_space_is_dropped(httpserver: HTTPServer) -> None:
    serve(httpserver, {None: "forwards.html"})
    [page] = list(collector(httpserver, max_pages=1).pages({}))
    hidden = next(p for p in page.posts if p.external_id.endswith("/142"))
    assert hidden.text == "¿Dónde están? Pedimos fe de vida.\n#CECOT"


@pytest.mark.parametrize(
    ("shown", "count"), [("987", 987), ("12.4K", 12_400), ("1.2M", 1_200_000), ("3,204", 3204)]
)
def test_abbreviated_view_counts_are_read_as_numbers(shown: str, count: int) -> None:
    assert parse_count(shown) == count


def test_first_run_pages_back_with_before_the_smallest_id(httpserver: HTTPServer) -> None:
    serve(httpserver, {None: "channel_head.html", "118": "channel_before_118.html"})
    pages = list(collector(httpserver).pages({}))
    assert befores(httpserver) == [None, "118", "105"]
    assert sum(len(p.posts) for p in pages) == 9
    [undated] = [q for p in pages for q in p.quarantined]
    assert "no <time datetime>" in undated.reason and "noticiero_llanero/114" in undated.item
    floor = pages[-1].cursor["streams"]["noticiero_llanero"]["floor"]
    assert floor["ids"] == ["noticiero_llanero/125"]


def test_second_run_fetches_nothing_old(httpserver: HTTPServer) -> None:
    serve(httpserver, {None: "channel_head.html", "118": "channel_before_118.html"})
    cursor = list(collector(httpserver).pages({}))[-1].cursor
    httpserver.clear_log()
    pages = list(collector(httpserver).pages(cursor))
    assert befores(httpserver) == [None]
    assert pages[0].posts == []
    assert pages[-1].cursor == cursor


def test_next_run_stops_paging_at_the_stored_newest_id(httpserver: HTTPServer) -> None:
    serve(httpserver, {None: "channel_before_118.html"})
    cursor = list(collector(httpserver).pages({}))[-1].cursor
    httpserver.clear()
    serve(httpserver, {None: "channel_head.html", "118": "channel_before_118.html"})
    pages = list(collector(httpserver).pages(cursor))
    assert befores(httpserver) == [None, "118"]
    new = [p.external_id for page in pages for p in page.posts]
    assert new == [f"noticiero_llanero/{n}" for n in (118, 119, 120, 123, 125)]


def test_a_deleted_stored_message_still_bounds_the_next_run(httpserver: HTTPServer) -> None:
    floor = {"key": "121".rjust(32, "0"), "ids": ["noticiero_llanero/121"]}
    cursor = {"streams": {"noticiero_llanero": {"floor": floor, "walk": None}}}
    serve(httpserver, {None: "channel_head.html", "118": "channel_before_118.html"})
    pages = list(collector(httpserver).pages(cursor))
    assert befores(httpserver) == [None]
    assert [p.external_id for p in pages[0].posts] == [
        "noticiero_llanero/123",
        "noticiero_llanero/125",
    ]


def test_max_pages_leaves_a_walk_that_the_next_run_finishes(httpserver: HTTPServer) -> None:
    floor = {"key": "106".rjust(32, "0"), "ids": ["noticiero_llanero/106"]}
    cursor = {"streams": {"noticiero_llanero": {"floor": floor, "walk": None}}}
    serve(httpserver, {None: "channel_head.html", "118": "channel_before_118.html"})
    c = collector(httpserver, max_pages=1)
    first = list(c.pages(cursor))
    assert "max_pages" in c.coverage.caps_hit[0]
    state = first[-1].cursor["streams"]["noticiero_llanero"]
    assert state["floor"] == floor and state["walk"]["token"] == 118
    httpserver.clear_log()
    second = list(collector(httpserver, max_pages=1).pages(first[-1].cursor))
    assert befores(httpserver) == ["118"]
    assert [p.external_id for p in second[0].posts] == [
        "noticiero_llanero/108",
        "noticiero_llanero/111",
        "noticiero_llanero/117",
    ]
    done = second[-1].cursor["streams"]["noticiero_llanero"]
    assert done["walk"] is None and done["floor"]["ids"] == ["noticiero_llanero/125"]


def test_truncated_page_is_kept_and_the_cursor_does_not_move(httpserver: HTTPServer) -> None:
    serve(httpserver, {None: "faults/truncated.html"})
    [page] = list(collector(httpserver).pages({}))
    assert page.posts == []
    assert "truncated preview" in page.quarantined[0].reason
    assert page.raw.body == sample("faults/truncated.html")
    assert page.cursor["streams"]["noticiero_llanero"] == {"floor": None, "walk": None}


def test_page_that_is_not_a_channel_preview_is_quarantined(httpserver: HTTPServer) -> None:
    serve(httpserver, {None: "faults/not_a_channel.html"})
    [page] = list(collector(httpserver).pages({}))
    assert "not a channel preview" in page.quarantined[0].reason


def test_empty_channel_yields_an_empty_page(httpserver: HTTPServer) -> None:
    serve(httpserver, {})
    [page] = list(collector(httpserver).pages({}))
    assert page.posts == [] and page.quarantined == []


def test_server_error_is_reported_not_lost(httpserver: HTTPServer) -> None:
    httpserver.expect_request(CHANNEL).respond_with_data("bad gateway", status=502)
    failed: list = []
    c = collector(httpserver, max_retries=1, on_failed_response=lambda r, w: failed.append(r))
    with pytest.raises(FetchError):
        list(c.pages({}))
    assert [r.body for r in failed] == [b"bad gateway", b"bad gateway"]


def test_429_with_retry_after_is_waited_out(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request(CHANNEL).respond_with_data(
        "Too Many Requests", status=429, headers={"Retry-After": "2"}
    )
    httpserver.expect_ordered_request(CHANNEL).respond_with_data(
        sample("channel_before_118.html"), content_type="text/html"
    )
    c = collector(httpserver, max_pages=1)
    [page] = list(c.pages({}))
    assert len(page.posts) == 4
    assert c.http.rate_limited_seconds > 0


def test_timeout_raises_fetch_error(httpserver: HTTPServer) -> None:
    def slow(request: Request) -> Response:
        time.sleep(0.3)
        return Response(sample("channel_head.html"))

    httpserver.expect_request(CHANNEL).respond_with_handler(slow)
    with pytest.raises(FetchError, match="Timeout"):
        list(collector(httpserver, timeout=0.05, max_retries=0).pages({}))


@pytest.mark.parametrize(
    "href",
    ["https://t.me/" + "x" * 600, "https://t.me/a b", "https://t.me/chan/" + "9" * 600],
)
def test_a_forward_link_that_names_no_account_is_still_a_repost(
    httpserver: HTTPServer, href: str
) -> None:
    """Whatever the link holds, what is stored fits its column and names no one."""
    page = sample("forwards.html").replace(
        b"https://t.me/vecina_de_barinas", href.replace(" ", "%20").encode()
    )
    raw = RawResponse("https://t.me/s/x", 200, "text/html", page, datetime.now(UTC), {})
    posts = {p.external_id: p for p in collector(httpserver).parse(raw)[0]}
    assert posts["noticiero_llanero/141"].repost_of == HIDDEN_ORIGIN
