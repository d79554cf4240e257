"""Reddit OAuth search against a local server speaking Reddit's Listing format."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from collector_helpers import (
    base_url,
    json_reply,
    quiet_http,
    read_sample,
    requests_to,
    serve_in_turn,
    serve_slowly,
    source_config,
    unparseable_payloads,
)

from collector.http import FetchError, RateLimited
from collector.reddit import RedditCollector

sample = partial(read_sample, "reddit")
TOKEN_PATH = "/api/v1/access_token"
SEARCH = "/search"
SECRET = "reddit-secret-value"


def make(httpserver, *, subreddits=(), comments=False, max_pages=10, **http_args):
    http, failed = quiet_http(**http_args)
    source = source_config(
        httpserver,
        "reddit",
        max_pages=max_pages,
        credentials={"client_id": "RID", "client_secret": "RSECRET"},
        queries=["CECOT"],
        subreddits=list(subreddits),
        comments=comments,
        auth_base_url=base_url(httpserver),
    )
    credentials = {"client_id": "app-id", "client_secret": SECRET}
    return RedditCollector(source, credentials, http), failed


def grant_tokens(httpserver, *tokens: str) -> None:
    for token in tokens:
        httpserver.expect_oneshot_request(TOKEN_PATH, method="POST").respond_with_json(
            {"access_token": token, "token_type": "bearer", "expires_in": 86400, "scope": "*"}
        )


def serve_two_pages(httpserver) -> None:
    grant_tokens(httpserver, "tok-1")
    auth = {"Authorization": "bearer tok-1"}
    serve_in_turn(httpserver, SEARCH, sample("page1.json"), sample("page2.json"), headers=auth)


def test_search_logs_in_once_and_pages_with_after(httpserver):
    serve_two_pages(httpserver)
    collector, _ = make(httpserver)
    pages = list(collector.pages({}))
    token_request, first, second = requests_to(httpserver, TOKEN_PATH, SEARCH)
    assert token_request.form["grant_type"] == "client_credentials"
    assert token_request.authorization.password == SECRET
    assert first.args["sort"] == "new" and "after" not in first.args
    assert second.args["after"] == "t3_1k3cb03"
    assert [[p.external_id for p in page.posts] for page in pages] == [
        ["t3_1k3cd07", "t3_1k3cc05", "t3_1k3ab01", "t3_1k3cb03"],
        ["t3_1k3ab01"],
    ]
    floor = pages[-1].cursor["streams"]["all:CECOT"]["floor"]
    assert floor == {"key": "2025-04-21T04:00:00.000000+00:00", "ids": ["t3_1k3cd07"]}


def test_second_run_fetches_nothing_old(httpserver):
    serve_two_pages(httpserver)
    collector, _ = make(httpserver)
    cursor = list(collector.pages({}))[-1].cursor
    httpserver.expect_request(SEARCH).respond_with_data(**json_reply(sample("page1.json")))
    again = list(collector.pages(cursor))
    assert [page.posts for page in again] == [[]]
    assert again[0].cursor == cursor
    assert sum(1 for request, _ in httpserver.log if request.path == TOKEN_PATH) == 1


def test_crosspost_points_to_the_original_and_removed_post_keeps_its_title(httpserver):
    serve_two_pages(httpserver)
    collector, _ = make(httpserver)
    posts = list(collector.pages({}))[0].posts
    crosspost = next(p for p in posts if p.external_id == "t3_1k3cc05")
    assert crosspost.repost_of == "t3_1k3ab01"
    original = next(p for p in posts if p.external_id == "t3_1k3ab01")
    assert "acuerdo humanitario" in original.text
    removed = next(p for p in posts if p.external_id == "t3_1k3cb03")
    assert removed.text == "Removed post about the exchange"
    assert removed.author_handle is None
    assert removed.created_at == datetime(2025, 4, 21, 2, 53, 20, tzinfo=UTC)


def test_submission_without_title_is_quarantined(httpserver):
    serve_two_pages(httpserver)
    collector, _ = make(httpserver)
    second = list(collector.pages({}))[1]
    (bad,) = second.quarantined
    assert "title" in bad.reason and "t3_1k3aa00" in bad.item


def test_comments_are_collected_threaded_and_deleted_ones_keep_their_place(httpserver):
    grant_tokens(httpserver, "tok-1")
    httpserver.expect_request("/r/worldnews/search").respond_with_json(
        {
            "kind": "Listing",
            "data": {
                "after": None,
                "children": [
                    {
                        "kind": "t3",
                        "data": {
                            "name": "t3_1k3cd07",
                            "title": "Rights groups: bargaining chips",
                            "created_utc": 1745208000.0,
                            "num_comments": 3,
                        },
                    }
                ],
            },
        }
    )
    httpserver.expect_request("/comments/1k3cd07").respond_with_data(
        **json_reply(sample("comments.json"))
    )
    httpserver.expect_request(SEARCH).respond_with_json(
        {"kind": "Listing", "data": {"children": []}}
    )
    collector, _ = make(httpserver, subreddits=("worldnews",), comments=True)
    pages = list(collector.pages({}))
    comment_page, search_page = pages[1], pages[2]
    comments = {p.external_id: p for p in comment_page.posts}
    assert comments["t1_mo1a002"].reply_to == "t1_mo1a001"
    assert (comments["t1_mo1a003"].text, comments["t1_mo1a003"].author_handle) == ("", None)
    assert comment_page.quarantined == []
    assert "r/worldnews:CECOT" not in comment_page.cursor.get("streams", {})
    assert search_page.cursor["streams"]["r/worldnews:CECOT"]["floor"]["ids"] == ["t3_1k3cd07"]
    subreddit_search = next(r for r, _ in httpserver.log if r.path == "/r/worldnews/search")
    assert subreddit_search.args["restrict_sr"] == "1"


def test_expired_token_is_replaced_once(httpserver):
    grant_tokens(httpserver, "tok-old", "tok-new")
    httpserver.expect_oneshot_request(
        SEARCH, headers={"Authorization": "bearer tok-old"}
    ).respond_with_json({"message": "Unauthorized", "error": 401}, status=401)
    httpserver.expect_oneshot_request(
        SEARCH, headers={"Authorization": "bearer tok-new"}
    ).respond_with_data(**json_reply(sample("page2.json")))
    collector, _ = make(httpserver)
    (page,) = list(collector.pages({}))
    assert [p.external_id for p in page.posts] == ["t3_1k3ab01"]


@pytest.mark.parametrize("grant", [{"error": "invalid_grant"}, {"access_token": None}])
def test_a_grant_without_a_token_is_an_error_and_searches_nothing(httpserver, grant):
    httpserver.expect_request(TOKEN_PATH, method="POST").respond_with_json(grant)
    collector, _ = make(httpserver)
    with pytest.raises(FetchError, match="answered without an access_token"):
        list(collector.pages({}))
    assert requests_to(httpserver, SEARCH) == []


def test_blocked_request_with_html_body_is_an_error_and_the_body_is_reported(httpserver):
    grant_tokens(httpserver, "tok-1")
    httpserver.expect_request(SEARCH).respond_with_data(
        sample("faults/blocked.html"), status=403, content_type="text/html"
    )
    collector, failed = make(httpserver)
    with pytest.raises(FetchError, match="HTTP 403"):
        list(collector.pages({}))
    assert b"whoa there, pardner!" in failed[0][0]


def test_used_up_quota_stops_before_the_next_request(httpserver):
    grant_tokens(httpserver, "tok-1")
    httpserver.expect_oneshot_request(SEARCH).respond_with_data(
        **json_reply(
            sample("page1.json"), **{"x-ratelimit-remaining": "0.0", "x-ratelimit-reset": "540"}
        )
    )
    collector, _ = make(httpserver)
    pages = []
    with pytest.raises(RateLimited) as limited:
        for page in collector.pages({}):
            pages.append(page)
    assert len(pages) == 1 and len(pages[0].posts) == 4
    expected = datetime.now(UTC) + timedelta(seconds=540)
    assert abs((limited.value.retry_at - expected).total_seconds()) < 5
    assert len(requests_to(httpserver, TOKEN_PATH, SEARCH)) == 2


def test_429_with_retry_after_is_retried_and_500_is_reported(httpserver):
    grant_tokens(httpserver, "tok-1")
    httpserver.expect_oneshot_request(SEARCH).respond_with_data(
        "Too Many Requests", status=429, headers={"Retry-After": "1"}
    )
    httpserver.expect_oneshot_request(SEARCH).respond_with_data("oops", status=500)
    httpserver.expect_oneshot_request(SEARCH).respond_with_data(**json_reply(sample("page2.json")))
    collector, failed = make(httpserver)
    (page,) = list(collector.pages({}))
    assert len(page.posts) == 1
    assert [body for body, _ in failed] == [b"Too Many Requests", b"oops"]


def test_timeout_is_a_fetch_error(httpserver):
    grant_tokens(httpserver, "tok-1")
    serve_slowly(httpserver, SEARCH, "{}", content_type="application/json")
    collector, _ = make(httpserver, timeout=0.1, max_retries=0)
    with pytest.raises(FetchError, match="Timeout"):
        list(collector.pages({}))
    time.sleep(0.5)  # let the slow handler finish before the next test


@unparseable_payloads("body", sample("page1.json")[:600], sample("faults/blocked.html"))
def test_unparseable_payload_is_kept_and_the_cursor_stays(httpserver, body):
    grant_tokens(httpserver, "tok-1")
    httpserver.expect_request(SEARCH).respond_with_data(body, content_type="text/html")
    collector, _ = make(httpserver)
    (page,) = list(collector.pages({}))
    assert page.posts == [] and page.raw.body == body.encode()
    assert "not a JSON document" in page.quarantined[0].reason
    assert page.cursor == {"streams": {"all:CECOT": {"floor": None, "walk": None}}}


def test_client_secret_is_never_in_a_stored_page(httpserver):
    serve_two_pages(httpserver)
    collector, _ = make(httpserver)
    for page in collector.pages({}):
        assert SECRET not in page.raw.url + repr(page.cursor) + page.raw.body.decode()
        assert "tok-1" not in page.raw.body.decode()


def recorded_posts(httpserver) -> tuple[dict, list]:
    """Things recorded from reddit.com by PRAW's test suite, served as one search page and
    one thread (tests/collector/samples/reddit/recorded/README.md)."""
    grant_tokens(httpserver, "tok-1")
    httpserver.expect_request(SEARCH).respond_with_data(
        **json_reply(sample("recorded/search.json"))
    )
    httpserver.expect_request("/comments/57dw9a").respond_with_data(
        **json_reply(sample("recorded/comments_57dw9a.json"))
    )
    no_comments = {"kind": "Listing", "data": {"after": None, "children": []}}
    httpserver.expect_request(re.compile(r"/comments/\w+")).respond_with_json([no_comments] * 2)
    collector, _ = make(httpserver, comments=True)
    pages = list(collector.pages({}))
    posts = {p.external_id: p for page in pages for p in page.posts}
    return posts, [q for page in pages for q in page.quarantined]


def test_score_is_kept_as_score_and_a_negative_one_adds_no_engagement(httpserver):
    posts, _ = recorded_posts(httpserver)
    downvoted = posts["t1_d8rcu5g"]
    assert (downvoted.metrics.score, downvoted.metrics.likes) == (-1, None)
    assert downvoted.metrics.engagement == 0
    announcement = posts["t3_fo7p5b"]
    assert (announcement.metrics.score, announcement.metrics.likes) == (66707, None)
    assert announcement.metrics.engagement == 66707 + announcement.metrics.replies
    assert all(p.metrics.engagement >= 0 for p in posts.values())


def test_submissions_from_before_author_fullname_keep_their_author(httpserver):
    posts, _ = recorded_posts(httpserver)
    old = posts["t3_3gpbiu"]  # 2015: no author_fullname in the recorded thing
    assert (old.author_id, old.author_handle) == ("dClauzel", "dClauzel")
    assert posts["t3_fo7p5b"].author_id == "t2_o30pnrf"
    gone = posts["t3_30ioto"]  # the account was deleted: the post stays, with no author
    assert (gone.author_id, gone.author_handle) == (None, None)
    account_gone = posts["t1_d8r8zew"]
    assert account_gone.author_id is None and account_gone.text.startswith("Wait, what?")


def test_link_posts_keep_the_link_they_share(httpserver):
    posts, _ = recorded_posts(httpserver)
    assert posts["t3_4rdxr6"].text.endswith("\n\nhttps://yazdaapp.com")
    with_text = posts["t3_1kh35wk"].text.split("\n\n")
    assert with_text[1:] == [
        "https://praw.readthedocs.org/en/stable/",
        "Testing **PRAW** link submission *with markdown selftext*.",
    ]
    assert posts["t3_3gpbiu"].text.split("\n\n")[1] == "# solved"  # a self post: no link
    crosspost = posts["t3_1tvsa59"]  # its url is the original's: repost_of carries it
    assert crosspost.repost_of == "t3_1tvs5jj" and "/r/RDDT/" not in crosspost.text


def test_entities_in_markdown_are_decoded_and_spacers_are_no_paragraph(httpserver):
    posts, _ = recorded_posts(httpserver)
    text = posts["t3_fo7p5b"].text
    assert "&#x200B;" not in text and "\u200b" not in text and "\n\n\n" not in text
    assert "&amp;" not in text and "&#39;" not in posts["t1_d8r79x6"].text


def test_recorded_thread_is_stored_whole_and_linked(httpserver):
    posts, quarantined = recorded_posts(httpserver)
    comments = [p for p in posts.values() if p.external_id.startswith("t1_")]
    assert len(comments) == 10 and quarantined == []
    assert all(c.reply_to in posts for c in comments)
    deleted = posts["t1_d8r9nuo"]  # deleted, yet the reply below it still joins the thread
    assert (deleted.text, deleted.author_id) == ("", None)
    assert posts["t1_d8r9wm7"].reply_to == "t1_d8r9nuo"
