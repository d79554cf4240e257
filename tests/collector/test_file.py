"""File exports: twarc2 JSONL, 4CAT CSV and normalised JSONL, read on from a byte offset."""

from __future__ import annotations

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


def test_4cat_csv_rows_with_line_breaks_in_quotes_become_posts(tmp_path: Path) -> None:
    path = copy("4cat_telegram.csv", tmp_path)
    [page] = list(collector(path).pages({}))
    posts = {p.external_id: p for p in page.posts}
    first = posts["noticiero_llanero-118"]
    assert first.platform == "telegram"
    assert first.text.endswith("presos políticos.\n\nCaracas no ha respondido.")
    assert first.created_at == datetime(2025, 4, 21, 2, 14, 5, tzinfo=UTC)
    assert first.metrics.views == 12400 and first.author_name == "Noticiero Llanero"
    assert posts["noticiero_llanero-125"].reply_to == "noticiero_llanero-118"
    assert (
        posts["noticiero_llanero-125"].text
        == 'Foro Penal: "cerca de mil" presos políticos tras el 28 de julio.'
    )
    thread = posts["post-77"]
    assert thread.platform == "file" and thread.text.startswith("Debido proceso\nHilo sobre")
    [undated] = page.quarantined
    assert undated.reason == "line 6: row has no timestamp"
    assert page.raw.body.startswith(b"id,thread_id,chat,")


def test_4cat_chunks_each_carry_the_header(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(file_module, "CHUNK_RECORDS", 2)
    path = copy("4cat_telegram.csv", tmp_path)
    pages = list(collector(path, max_pages=1).pages({}))
    assert [p.raw.url.rsplit("lines=", 1)[1] for p in pages] == ["2-5"]
    c = collector(path, max_pages=1)
    list(c.pages({}))
    assert "the next run reads on from line 6" in c.coverage.caps_hit[0]
    [rest] = list(collector(path).pages(pages[-1].cursor))
    assert rest.raw.body.startswith(b"id,thread_id,")
    assert rest.raw.url.endswith("lines=6-7")
    assert [p.external_id for p in rest.posts] == ["post-77"]
    assert rest.quarantined[0].reason.startswith("line 6:")


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="cannot read the export"):
        list(collector(tmp_path / "nowhere.jsonl").pages({}))
