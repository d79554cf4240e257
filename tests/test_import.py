"""`testigo import`: bad lines are set aside with reasons, good ones land once."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

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
