"""`testigo import`: bad lines are set aside with reasons, good ones land once."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from collector.post import TEXT_LIMITS
from storage.engine import create_database_engine
from storage.migrate import upgrade
from storage.models import Author, Post
from testigo import importer
from testigo.cli import cli

GOOD = {
    "platform": "mastodon",
    "external_id": "https://mastodon.social/users/a/statuses/1",
    "created_at": "2025-04-21T03:00:00Z",
    "text": "Canje humanitario o moneda de cambio? #CECOT",
    "metrics": {"likes": 4, "reposts": 2},
}


def import_file(database_url, path, *args):
    return CliRunner().invoke(
        cli, ["import", str(path), *args], env={"TESTIGO_DATABASE_URL": database_url}
    )


def count_posts(database_url):
    engine = create_database_engine(database_url)
    with engine.connect() as connection:
        count = connection.scalar(select(func.count()).select_from(Post))
    engine.dispose()
    return count


def test_bad_lines_go_to_a_rejects_file_and_the_rest_is_imported(database_url, tmp_path):
    path = tmp_path / "posts.jsonl"
    lines = [
        json.dumps(GOOD),
        "{not json",
        json.dumps({**GOOD, "external_id": "2", "created_at": "yesterday"}),
        json.dumps({**GOOD, "external_id": "3", "metrics": {"likes": -1}}),
        json.dumps({**GOOD, "external_id": "4"}),
    ]
    path.write_text("\n".join(lines) + "\n")
    result = import_file(database_url, path)
    assert result.exit_code == 1
    assert "read 5, new 2, updated 0, rejected 3" in result.output
    rejects = [json.loads(line) for line in (tmp_path / "posts.jsonl.rejects.jsonl").open()]
    assert [r["line"] for r in rejects] == [2, 3, 4]
    assert "created_at" in rejects[1]["reason"]
    assert "likes" in rejects[2]["reason"]
    assert rejects[0]["input"] == "{not json"
    assert count_posts(database_url) == 2


def test_importing_the_same_file_twice_updates_instead_of_duplicating(database_url, tmp_path):
    path = tmp_path / "posts.jsonl"
    path.write_text(json.dumps(GOOD) + "\n")
    import_file(database_url, path)
    result = import_file(database_url, path)
    assert result.exit_code == 0
    assert "new 0, updated 1, rejected 0" in result.output
    assert count_posts(database_url) == 1
    assert not (tmp_path / "posts.jsonl.rejects.jsonl").exists()


def test_a_reimported_post_gets_fresh_metrics_and_its_author_a_new_handle(database_url, tmp_path):
    path = tmp_path / "posts.jsonl"
    first = {**GOOD, "author_id": "a1", "author_handle": "old_handle"}
    path.write_text(json.dumps(first) + "\n")
    import_file(database_url, path)
    stored_before = stored_post(database_url)
    again = {**first, "author_handle": "new_handle", "metrics": {"likes": 9}}
    path.write_text(json.dumps(again) + "\n")
    result = import_file(database_url, path)
    assert "new 0, updated 1, rejected 0" in result.output
    stored_after = stored_post(database_url)
    assert (stored_after.likes, stored_after.reposts) == (9, 2)  # an absent count is kept
    assert stored_after.collected_at == stored_before.collected_at
    assert stored_after.handle == "new_handle"


def stored_post(database_url):
    engine = create_database_engine(database_url)
    with engine.connect() as connection:
        row = connection.execute(
            select(Post.likes, Post.reposts, Post.collected_at, Author.handle).join(
                Author, Author.id == Post.author_id
            )
        ).one()
    engine.dispose()
    return row


def test_csv_import_with_a_platform_for_rows_that_lack_one(database_url, tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text(
        "external_id,created_at,text,likes,author_handle\n"
        '10,2025-04-22T10:00:00Z,"Presos políticos, no rehenes",7,foro\n'
        "11,2025-04-22T11:00:00Z,,,\n"
        "12,not-a-date,x,1,y\n"
    )
    result = import_file(database_url, path, "--platform", "reddit")
    assert result.exit_code == 1
    assert "read 3, new 2, updated 0, rejected 1" in result.output
    assert count_posts(database_url) == 2


def posts_by_external_id(database_url):
    engine = create_database_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(select(Post.external_id, Post.is_copy, Post.author_id)).all()
    engine.dispose()
    return {row.external_id: row for row in rows}


def numbered_lines(count, bad_every=0):
    lines = []
    for n in range(1, count + 1):
        if bad_every and n % bad_every == 0:
            lines.append("{broken" if n % 2 else json.dumps({**GOOD, "external_id": ""}))
        else:
            post = {**GOOD, "external_id": f"post-{n}", "author_id": f"a{n % 5}"}
            lines.append(json.dumps(post, ensure_ascii=False))
    return lines


def test_a_file_parsed_by_worker_processes_keeps_line_numbers_and_loses_nothing(
    database_url, tmp_path, monkeypatch
):
    monkeypatch.setattr(importer, "CHUNK_BYTES", 500)  # many chunks, two workers
    path = tmp_path / "posts.jsonl"
    path.write_text("\n".join(numbered_lines(400, bad_every=37)) + "\n")
    engine = create_database_engine(database_url)
    summary = importer.import_file(engine, path, processes=2)
    engine.dispose()
    bad = [n for n in range(1, 401) if n % 37 == 0]
    assert (summary.read, summary.new, summary.rejected) == (400, 400 - len(bad), len(bad))
    rejects = [json.loads(line) for line in summary.rejects_path.open()]
    assert [r["line"] for r in rejects] == bad
    assert rejects[0]["input"] == "{broken"
    assert rejects[0]["reason"].startswith("invalid JSON")
    assert rejects[1]["input"] == json.dumps({**GOOD, "external_id": ""})
    stored = posts_by_external_id(database_url)
    assert set(stored) == {f"post-{n}" for n in range(1, 401) if n % 37}
    assert len({row.author_id for row in stored.values()}) == 5


def test_an_undecodable_line_or_an_impossible_count_is_rejected_not_fatal(database_url, tmp_path):
    path = tmp_path / "posts.jsonl"
    huge = json.dumps({**GOOD, "external_id": "huge", "metrics": {"likes": 10**30}})
    path.write_bytes(
        json.dumps(GOOD).encode() + b"\n" + b'{"text": "\xff\xfe"}\n' + huge.encode() + b"\n"
    )
    result = import_file(database_url, path)
    assert "read 3, new 1, updated 0, rejected 2" in result.output
    rejects = [json.loads(line) for line in (tmp_path / "posts.jsonl.rejects.jsonl").open()]
    assert [r["line"] for r in rejects] == [2, 3]
    assert "UTF-8" in rejects[0]["reason"]
    assert "likes" in rejects[1]["reason"]


def test_a_repeated_text_is_flagged_as_a_copy_across_chunks_and_imports(
    database_url, tmp_path, monkeypatch
):
    monkeypatch.setattr(importer, "CHUNK_BYTES", 300)
    text = "Los 252 venezolanos del CECOT no son moneda de cambio"
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text(json.dumps({**GOOD, "external_id": "original", "text": text}) + "\n")
    lines = [json.dumps({**GOOD, "external_id": f"other-{n}"}) for n in range(6)]
    lines += [
        json.dumps({**GOOD, "external_id": f"short-{n}", "text": "¡Libertad!"}) for n in (1, 2)
    ]
    lines.append(json.dumps({**GOOD, "external_id": "copy", "text": f"  {text.upper()} "}))
    second.write_text("\n".join(lines) + "\n")
    engine = create_database_engine(database_url)
    importer.import_file(engine, first)
    importer.import_file(engine, second, bulk=True)  # PostgreSQL: never bulk
    engine.dispose()
    stored = posts_by_external_id(database_url)
    assert not stored["original"].is_copy
    assert stored["copy"].is_copy
    assert [stored[f"other-{n}"].is_copy for n in range(6)] == [False] + [True] * 5
    assert not stored["short-2"].is_copy  # too short to call a copy


def index_names(engine):
    with engine.connect() as connection:
        return {row[1] for row in connection.exec_driver_sql("PRAGMA index_list(posts)")}


def test_without_sqlite_serialize_an_import_stores_the_same_posts(tmp_path, monkeypatch):
    path = tmp_path / "posts.jsonl"
    lines = numbered_lines(60)
    lines += [json.dumps({**GOOD, "external_id": f"copy-{n}", "author_id": "z"}) for n in (1, 2)]
    path.write_text("\n".join(lines) + "\n")

    def imported(staged):
        monkeypatch.setattr(importer.staging, "AVAILABLE", staged)
        url = f"sqlite:///{tmp_path}/{staged}.db"
        engine = create_database_engine(url)
        upgrade(engine)
        summary = importer.import_file(engine, path, processes=1)
        engine.dispose()
        return summary.new, posts_by_external_id(url)

    staged = imported(staged=True)
    assert imported(staged=False) == staged
    new, stored = staged
    assert new == 62 and stored["copy-2"].is_copy and not stored["post-1"].is_copy


def test_a_bulk_load_into_sqlite_ends_with_every_index_and_the_search_index(tmp_path):
    engine = create_database_engine(f"sqlite:///{tmp_path}/bulk.db")
    upgrade(engine)
    before = index_names(engine)
    path = tmp_path / "posts.jsonl"
    path.write_text("\n".join(numbered_lines(50)) + "\n")
    summary = importer.import_file(engine, path, bulk=True)
    assert summary.new == 50
    assert index_names(engine) == before
    with engine.connect() as connection:
        found = connection.exec_driver_sql(
            "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH 'humanitario'"
        ).scalar_one()
    engine.dispose()
    assert found == 50


def test_an_interrupted_bulk_load_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    engine = create_database_engine(f"sqlite:///{tmp_path}/bulk.db")
    upgrade(engine)
    before = index_names(engine)
    monkeypatch.setattr(importer, "CHUNK_BYTES", 500)
    calls = []

    def store_then_fail(connection, posts):
        calls.append(posts)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return original_store(connection, posts)

    original_store = importer.load_staged_posts
    monkeypatch.setattr(importer, "load_staged_posts", store_then_fail)
    path = tmp_path / "posts.jsonl"
    path.write_text("\n".join(numbered_lines(100)) + "\n")
    with pytest.raises(KeyboardInterrupt):
        importer.import_file(engine, path, bulk=True, processes=1)
    assert index_names(engine) == before
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Post)) == 0
    engine.dispose()


SAMPLES = Path(__file__).parent / "collector" / "samples" / "file"


def stored_posts(database_url):
    engine = create_database_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(select(Post.__table__)).all()
    engine.dispose()
    return {row.external_id: row for row in rows}


@pytest.mark.parametrize(
    ("name", "posts"),
    [("twarc2/noflat.jsonl", 164), ("twarc2/flat.jsonl", 164), ("twarc2/edited.jsonl", 2)],
)
def test_real_twarc2_output_of_every_shape_is_imported_whole(database_url, tmp_path, name, posts):
    path = tmp_path / Path(name).name
    shutil.copy(SAMPLES / name, path)
    result = import_file(database_url, path)
    assert result.exit_code == 0, result.output
    stored = stored_posts(database_url)
    assert len(stored) == posts and {p.platform for p in stored.values()} == {"x"}
    if name.endswith("flat.jsonl"):
        retweet = stored["1380242611781386245"]
        assert retweet.url == "https://x.com/Alexandravm12/status/1380242611781386245"
        assert (retweet.lang, retweet.reposts, retweet.repost_of) == (
            "es",
            410,
            "1380175475545362437",
        )


def test_twarc2_stream_output_is_imported_and_its_truncated_line_rejected(database_url, tmp_path):
    path = tmp_path / "stream.jsonl"
    shutil.copy(SAMPLES / "twarc2/streaming_output_with_error.jsonl", path)
    result = import_file(database_url, path, "--format", "twarc2")
    assert "read 8, new 11, updated 0, rejected 1" in result.output
    [reject] = [json.loads(line) for line in (tmp_path / "stream.jsonl.rejects.jsonl").open()]
    assert reject["line"] == 8 and reject["reason"].startswith("invalid JSON")


def test_4cat_csv_is_imported_with_platform_link_language_counts_and_reposts(
    database_url, tmp_path
):
    path = tmp_path / "obama-4cat.csv"
    shutil.copy(SAMPLES / "4cat_twitterv2.csv", path)
    result = import_file(database_url, path)
    assert result.exit_code == 0, result.output
    stored = stored_posts(database_url)
    retweet = stored["1380242611781386245"]
    assert retweet.platform == "x" and retweet.url.startswith("https://x.com/Alexandravm12/")
    assert (retweet.lang, retweet.reposts, retweet.repost_of) == ("es", 410, "@williamserafino")
    assert stored["1380242597881409537"].repost_of is None
    telegram = tmp_path / "telegram.csv"
    shutil.copy(SAMPLES / "4cat_telegram.csv", telegram)
    result = import_file(database_url, telegram, "--format", "4cat")
    assert "read 4, new 3, updated 0, rejected 1" in result.output
    assert stored_posts(database_url)["noticiero_llanero/125"].reply_to == "noticiero_llanero/118"


HOSTILE_FIELDS = [
    {"url": {}},
    {"created_at": 1e20},
    {"indexed_at": "9999-12-31T23:59-05:00"},
    {"lang": ["es"]},
    {"reply_to": {}},
    {"author_name": ["a", "b"]},
    {"platform": 7},
    {"external_id": "x" * 513},
    {"lang": "x" * 17},
    {"metrics": {"views": 2**64}},
    {"metrics": {"likes": "doce"}},
    {"created_at": [2025]},
    {"text": {"$": "a"}},
    {"undated": "yes"},
]


@pytest.mark.parametrize("bulk", [True, False])
def test_a_bad_field_in_a_bulk_import_costs_its_line_only(database_url, tmp_path, bulk):
    path = tmp_path / "posts.jsonl"
    lines = numbered_lines(2_000)
    bad_at = {}
    for n, field_value in enumerate(HOSTILE_FIELDS):
        line = 100 * (n + 1)
        lines[line - 1] = json.dumps({**GOOD, "external_id": f"bad-{n}", **field_value})
        bad_at[line] = next(iter(field_value))
    lines[1500] = json.dumps({**GOOD, "external_id": "nul", "text": "a\u0000b", "author_id": 5})
    path.write_text("\n".join(lines) + "\n")
    engine = create_database_engine(database_url)
    summary = importer.import_file(engine, path, bulk=bulk, processes=1)
    engine.dispose()
    rejects = [json.loads(line) for line in summary.rejects_path.open()]
    assert [r["line"] for r in rejects] == sorted(bad_at)
    assert all(r["reason"].startswith(bad_at[r["line"]]) for r in rejects), rejects
    stored = stored_posts(database_url)
    assert len(stored) == 2_000 - len(bad_at)
    assert stored["nul"].text == "a\ufffdb"  # the same on SQLite and PostgreSQL


def test_csv_with_a_huge_field_bad_utf8_and_a_broken_row_loses_only_those(database_url, tmp_path):
    path = tmp_path / "posts.csv"
    header = b"platform,external_id,created_at,text,likes\n"
    good = b"x,%d,2025-04-22T10:00:00Z,Canje humanitario,3\n"
    rows = [good % 1, b'x,2,2025-04-22T10:00:00Z,"' + b"a" * 200_000 + b'",1\n']
    rows += [b"x,3,2025-04-22T10:00:00Z,caf\xe9 con \xff,1\n", good % 4]
    rows += [b"x,5,2025-04-22T10:00:00Z,text,1,extra\n", b"x,6,2025-04-22T10:00:00Z,text,1.5\n"]
    rows += [good % 7]
    path.write_bytes(header + b"".join(rows))
    result = import_file(database_url, path)
    assert "read 7, new 4, updated 0, rejected 3" in result.output
    rejects = [json.loads(line) for line in (tmp_path / "posts.csv.rejects.jsonl").open()]
    assert [r["line"] for r in rejects] == [4, 6, 7]
    assert rejects[0]["reason"] == "invalid UTF-8 byte 0xe9 in column 'text' at character 4"
    assert len(stored_posts(database_url)["2"].text) == 200_000


def test_invalid_utf8_in_jsonl_is_rejected_at_its_real_column(database_url, tmp_path):
    path = tmp_path / "posts.jsonl"
    bad = json.dumps({**GOOD, "external_id": "b", "text": "café"}, ensure_ascii=False).encode()
    bad = bad.replace("é".encode(), b"\xe9")
    path.write_bytes(json.dumps(GOOD).encode() + b"\n" + bad + b"\n")
    import_file(database_url, path)
    [reject] = [json.loads(line) for line in (tmp_path / "posts.jsonl.rejects.jsonl").open()]
    column = bad.index(b"\xe9") + 1
    assert reject["reason"] == f"invalid UTF-8 byte 0xe9 at column {column}"


def test_a_hostile_twarc2_file_rejects_each_bad_tweet_and_stores_the_rest(database_url, tmp_path):
    page = json.loads((SAMPLES / "twarc2/noflat.jsonl").read_text())
    tweets = page["data"]
    tweets[0]["public_metrics"]["like_count"] = "12"
    tweets[1]["public_metrics"] = {"like_count": {"n": 1}}
    tweets[2]["id"] = {"id": 1}
    tweets[3]["lang"] = ["es"]
    tweets[4]["text"] = "nul \u0000 here"
    flat = json.loads((SAMPLES / "twarc2/flat.jsonl").read_text().splitlines()[10])
    flat["created_at"] = "9999-12-31T23:59:59-05:00"
    lines = [json.dumps(page), "[1, 2]", '"just a string"', json.dumps(flat), "{", "null"]
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(lines) + "\n")
    result = import_file(database_url, path)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    rejects = [json.loads(line) for line in (tmp_path / "hostile.jsonl.rejects.jsonl").open()]
    assert [r["line"] for r in rejects] == [1, 1, 1, 2, 3, 4, 5, 6]
    stored = stored_posts(database_url)
    assert len(stored) == 164 - 3
    assert stored[tweets[0]["id"]].likes == 12
    assert stored[tweets[4]["id"]].text == "nul \ufffd here"


def test_post_text_limits_are_the_database_column_sizes():
    columns = {**Post.__table__.c, "author_id": Author.external_id, "author_handle": Author.handle}
    for name, limit in TEXT_LIMITS.items():
        assert columns[name].type.length == limit, name
