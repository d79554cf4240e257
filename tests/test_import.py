"""`testigo import`: bad lines are set aside with reasons, good ones land once."""

from __future__ import annotations

import json

from click.testing import CliRunner
from sqlalchemy import func, select

from storage.engine import create_database_engine
from storage.models import Post
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
