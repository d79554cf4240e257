"""File exports: twarc2 JSONL, 4CAT CSV and normalised JSONL, read on from a byte offset."""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from collector_helpers import sample_path, source_config

from collector import file as file_module
from collector.file import FileCollector
from collector.http import FetchError, HttpClient


def collector(path: Path, fmt: str | None = None, max_pages: int = 10) -> FileCollector:
    options = {"path": str(path), **({"format": fmt} if fmt else {})}
    source = source_config(None, "file", max_pages=max_pages, **options)
    return FileCollector(source, {}, HttpClient())


def copy(name: str, tmp_path: Path) -> Path:
    target = tmp_path / Path(name).name
    shutil.copy(sample_path("file", name), target)
    return target


def test_twarc2_pages_become_x_posts_with_retweet_originals(tmp_path: Path) -> None:
    path = copy("twarc2_search.jsonl", tmp_path)
    [page] = list(collector(path, "twarc2").pages({}))
    posts = {p.external_id: p for p in page.posts}
    assert set(posts) == {
        "1914112233445566001",
        "1914112233445566002",
        "1914000000000000777",
        "1914100000000000010",
    }
    retweet = posts["1914112233445566002"]
    assert retweet.platform == "x" and retweet.repost_of == "1914000000000000777"
    assert posts["1914000000000000777"].author_handle == "observatorio_demo"
    assert posts["1914112233445566001"].metrics.views == 18200
    assert posts["1914100000000000010"].quote_of == "1913999999999999999"  # deleted: errors[]
    assert "&amp;" not in posts["1914100000000000010"].text
    [no_text] = page.quarantined
    assert no_text.reason.startswith("line 2:")


def test_each_chunk_keeps_its_raw_text_and_line_range(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(file_module, "CHUNK_RECORDS", 1)
    path = copy("twarc2_search.jsonl", tmp_path)
    first, second = list(collector(path, "twarc2").pages({}))
    lines = path.read_bytes().splitlines(keepends=True)
    assert first.raw.body == lines[0] and second.raw.body == lines[1]
    assert first.raw.url == f"{path.as_uri()}#format=twarc2&lines=1-1"
    assert second.raw.url.endswith("lines=2-2") and first.raw.status_code == 200
    assert first.cursor["offset"] == len(lines[0])
    assert second.cursor["offset"] == path.stat().st_size
    assert second.quarantined[0].reason.startswith("line 2:")


def test_second_run_reads_nothing_old_and_appended_lines_are_read_on(tmp_path: Path) -> None:
    path = copy("normalised.jsonl", tmp_path)
    c = collector(path)
    cursor = list(c.pages({}))[-1].cursor
    assert list(collector(path).pages(cursor)) == []
    with path.open("a", encoding="utf-8") as handle:
        handle.write(
            '{"platform": "file", "external_id": "new-1", '
            '"created_at": "2025-04-22T08:00:00Z", "text": "Nueva nota"}\n'
        )
    [page] = list(collector(path).pages(cursor))
    assert [p.external_id for p in page.posts] == ["new-1"]
    assert page.raw.url.endswith("lines=4-4")


def test_replaced_file_is_read_again_from_the_start(tmp_path: Path) -> None:
    path = copy("normalised.jsonl", tmp_path)
    cursor = list(collector(path).pages({}))[-1].cursor
    replacement = tmp_path / "replacement.jsonl"
    replacement.write_text(
        '{"platform": "file", "external_id": "other-1", '
        '"created_at": "2025-04-23T08:00:00Z", "text": "Otra exportación"}\n'
    )
    os.replace(replacement, path)
    [page] = list(collector(path).pages(cursor))
    assert [p.external_id for p in page.posts] == ["other-1"]


def test_normalised_posts_keep_their_platform_or_default_to_file(tmp_path: Path) -> None:
    path = copy("normalised.jsonl", tmp_path)
    [page] = list(collector(path).pages({}))
    assert [p.platform for p in page.posts] == ["mastodon", "bluesky", "file"]
    assert page.posts[2].created_at == datetime(2025, 4, 21, 9, 0, tzinfo=UTC)
    assert page.posts[0].metrics.likes == 14


def test_bad_lines_are_quarantined_with_line_numbers_and_the_rest_kept(tmp_path: Path) -> None:
    path = copy("faults/normalised_bad_lines.jsonl", tmp_path)
    [page] = list(collector(path, "normalised").pages({}))
    assert len(page.posts) == 2
    reasons = [q.reason for q in page.quarantined]
    assert reasons[0].startswith("line 2: created_at")
    assert reasons[1] == "line 3: text: required"  # an item without text
    assert reasons[2].startswith("line 5:")  # truncated JSON
    assert page.quarantined[2].item.startswith('{"platform": "bluesky", "external_id": "at://cut"')


def test_4cat_telegram_rows_become_telegram_posts_with_replies_and_forwards(
    tmp_path: Path,
) -> None:
    path = copy("4cat_telegram.csv", tmp_path)
    [page] = list(collector(path).pages({}))
    posts = {p.external_id: p for p in page.posts}
    first = posts["noticiero_llanero/118"]  # the id Testigo's Telegram collector gives it
    assert first.platform == "telegram" and first.url == "https://t.me/noticiero_llanero/118"
    assert first.text.endswith("presos políticos.\n\nCaracas no ha respondido.")
    assert first.created_at == datetime(2025, 4, 21, 2, 14, 5, tzinfo=UTC)  # unix_timestamp
    assert first.metrics.views == 12400 and first.author_name == "Noticiero Llanero"
    assert first.reply_to is None  # thread_id is the chat, not a parent
    reply = posts["noticiero_llanero/125"]
    assert reply.reply_to == "noticiero_llanero/118"
    assert reply.text == 'Foro Penal: "cerca de mil" presos políticos tras el 28 de julio.'
    assert posts["noticiero_llanero/130"].repost_of == "@foro_penal_demo"
    [undated] = page.quarantined
    assert undated.reason == "line 8: row has no timestamp"  # the first row spans 5 lines
    assert page.raw.body.startswith(b"id,thread_id,chat,")


def test_4cat_x_rows_keep_link_language_counts_and_repost_flags(tmp_path: Path) -> None:
    path = copy("4cat_twitterv2.csv", tmp_path)
    [page] = list(collector(path).pages({}))
    assert page.quarantined == []
    posts = {p.external_id: p for p in page.posts}
    assert {p.platform for p in posts.values()} == {"x"}  # from the link: no datasource column
    retweet = posts["1380242611781386245"]
    assert retweet.url == "https://x.com/Alexandravm12/status/1380242611781386245"
    assert retweet.lang == "es" and retweet.metrics.reposts == 410
    assert retweet.repost_of == "@williamserafino"  # 4CAT names the author, not the tweet
    assert posts["1380242597881409537"].repost_of is None
    assert posts["1380242403009966082"].quote_of.startswith("@")
    reply = posts["1380242586288328707"]
    assert reply.reply_to.startswith("@") and reply.reply_to != "@unknown"
    assert all(p.metrics.views == 0 and p.metrics.likes is not None for p in posts.values())


def test_a_platform_option_names_the_platform_of_rows_that_do_not(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("id,timestamp,body,author\n7,2025-04-21 09:30:00,Debido proceso,ana\n")
    source = source_config(None, "file", path=str(path), platform="reddit")
    [page] = list(FileCollector(source, {}, HttpClient()).pages({}))
    assert [(p.platform, p.author_handle) for p in page.posts] == [("reddit", "ana")]


def test_4cat_chunks_each_carry_the_header(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(file_module, "CHUNK_RECORDS", 2)
    path = copy("4cat_telegram.csv", tmp_path)
    pages = list(collector(path, max_pages=1).pages({}))
    assert [p.raw.url.rsplit("lines=", 1)[1] for p in pages] == ["2-7"]
    c = collector(path, max_pages=1)
    list(c.pages({}))
    assert "the next run reads on from line 8" in c.coverage.caps_hit[0]
    [rest] = list(collector(path).pages(pages[-1].cursor))
    assert rest.raw.body.startswith(b"id,thread_id,")
    assert rest.raw.url.endswith("lines=8-9")
    assert [p.external_id for p in rest.posts] == ["noticiero_llanero/130"]
    assert rest.quarantined[0].reason.startswith("line 8:")


def twarc2_posts_read(name: str, tmp_path: Path, fmt: str | None = None):
    path = copy(f"twarc2/{name}", tmp_path)
    pages = list(collector(path, fmt).pages({}))
    posts = {p.external_id: p for page in pages for p in page.posts}
    return posts, [q for page in pages for q in page.quarantined]


def test_twarc2_flatten_output_is_told_from_its_first_whole_tweet(tmp_path: Path) -> None:
    flat, flat_quarantined = twarc2_posts_read("flat.jsonl", tmp_path)  # marker after 4 KiB
    page, page_quarantined = twarc2_posts_read("noflat.jsonl", tmp_path)
    assert flat_quarantined == [] and page_quarantined == []
    assert len(page) == 164  # 100 tweets and the 64 they reference
    assert set(flat) == set(page) and flat == page
    retweet = flat["1380242611781386245"]
    assert retweet.platform == "x" and retweet.repost_of == "1380175475545362437"
    assert retweet.url == "https://x.com/Alexandravm12/status/1380242611781386245"
    assert retweet.lang == "es" and retweet.metrics.reposts == 410
    assert flat["1380175475545362437"].author_handle == "williamserafino"
    replies = [p for p in flat.values() if p.reply_to]
    quotes = [p for p in flat.values() if p.quote_of]
    assert len(replies) >= 31 and len(quotes) >= 8


def test_twarc2_stream_output_stores_every_whole_line(tmp_path: Path) -> None:
    posts, quarantined = twarc2_posts_read("streaming_output_with_error.jsonl", tmp_path)
    assert len(posts) == 11  # 7 streamed tweets and 4 they reference
    assert all(p.platform == "x" and p.url.startswith("https://x.com/") for p in posts.values())
    [truncated] = quarantined
    assert truncated.reason.startswith("line 8:")


def test_twarc2_lookup_pages_and_pages_without_tweets(tmp_path: Path) -> None:
    posts, quarantined = twarc2_posts_read("edited.jsonl", tmp_path)
    assert len(posts) == 2 and quarantined == []
    posts, quarantined = twarc2_posts_read("lists.jsonl", tmp_path)
    assert posts == {}
    assert quarantined and all("not a tweet" in q.reason for q in quarantined)


def test_one_bad_tweet_is_quarantined_alone_and_string_counts_are_read(tmp_path: Path) -> None:
    line = json.loads(sample_path("file", "twarc2/noflat.jsonl").read_text())
    line["data"][0]["public_metrics"]["like_count"] = "12"
    line["data"][1]["public_metrics"]["like_count"] = "doce"
    line["data"][2]["created_at"] = {"$date": 1}
    path = tmp_path / "page.jsonl"
    path.write_text(json.dumps(line) + "\n")
    posts, quarantined = twarc2_posts_read_path(path)
    assert len(posts) == 162
    assert posts[line["data"][0]["id"]].metrics.likes == 12
    assert [q.reason.split(":")[0:3] for q in quarantined] == [
        ["line 1", " tweet unusable", " metrics.likes"],
        ["line 1", " tweet unusable", " created_at"],
    ]


def twarc2_posts_read_path(path: Path):
    pages = list(collector(path).pages({}))
    posts = {p.external_id: p for page in pages for p in page.posts}
    return posts, [q for page in pages for q in page.quarantined]


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="cannot read the export"):
        list(collector(tmp_path / "nowhere.jsonl").pages({}))
