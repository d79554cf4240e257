"""`testigo query/export/individuals` from the command line: formats, privacy, audit."""

from __future__ import annotations

import csv
import io
import json
import stat

import pytest
from click.testing import CliRunner
from query_dataset import ANA, JOSE, load
from sqlalchemy import func, select

from storage.engine import create_database_engine, transaction
from storage.models import AuditEntry, Individual, Post
from storage.writes import name_key
from testigo.cli import cli
from testigo.pseudonym_key import key_file


@pytest.fixture
def run(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("TESTIGO_DATABASE_URL", database_url)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("TESTIGO_PSEUDONYM_KEY", raising=False)
    engine = create_database_engine(database_url)
    load(engine)
    runner = CliRunner()

    def invoke(*args: str) -> str:
        result = runner.invoke(cli, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    yield invoke, engine
    engine.dispose()


def test_exposure_json_is_flat_and_pseudonymised_with_a_private_key_file(run):
    invoke, _ = run
    rows = json.loads(invoke("query", "exposure", "--date", "2025-04-21", "--format", "json"))
    assert [r["mentions"] for r in rows] == [4]
    assert rows[0]["person"].startswith("person-") and JOSE not in json.dumps(rows)
    assert all(not isinstance(v, dict | list) for v in rows[0].values())
    assert stat.S_IMODE(key_file().stat().st_mode) == 0o600
    again = json.loads(invoke("query", "exposure", "--date", "2025-04-21", "--format", "json"))
    assert again[0]["person"] == rows[0]["person"], "pseudonyms are stable across runs"


def test_reveal_shows_names_and_writes_who_and_what_to_the_audit_log(run):
    invoke, engine = run
    output = invoke("query", "posts", "--individual", JOSE, "--reveal", "--format", "csv")
    records = list(csv.DictReader(io.StringIO(output)))
    assert len(records) == 4 and any(JOSE in r["text"] for r in records)
    with transaction(engine) as session:
        entry = session.scalars(select(AuditEntry)).one()
    assert entry.action == "reveal" and entry.detail == {"command": "query posts"}


def test_csv_trends_have_a_header_and_exact_counts(run):
    invoke, _ = run
    output = invoke(
        "query", "trends", "--what", "actors", "--since", "2025-04-21", "--format", "csv"
    )
    records = list(csv.DictReader(io.StringIO(output)))
    assert {(r["key"], r["posts"]) for r in records} == {
        ("bukele", "3"),
        ("trump", "2"),
        ("maduro", "1"),
    }


def test_confirming_by_pseudonym_empties_the_review_queue(run):
    invoke, engine = run
    (pending,) = json.loads(invoke("query", "review", "--format", "json"))
    assert pending["posts"] == 2 and ANA not in pending["person"]
    invoke("individuals", "confirm", pending["person"])
    assert json.loads(invoke("query", "review", "--format", "json")) == []
    with transaction(engine) as session:
        status = session.scalar(
            select(Individual.status).where(Individual.name_key == name_key(ANA))
        )
    assert status == "confirmed"


def test_unknown_individual_is_a_one_line_user_error(run, capsys):
    from testigo.cli import main

    with pytest.raises(SystemExit) as exit_:
        import sys

        sys.argv = ["testigo", "individuals", "reject", "Nadie"]
        main()
    assert exit_.value.code == 2
    assert "no individual named 'Nadie'" in capsys.readouterr().err


def test_exports_load_as_csv_jsonl_and_parquet(run, tmp_path):
    invoke, _ = run
    posts = list(csv.DictReader(io.StringIO(invoke("export", "--what", "posts"))))
    assert len(posts) == 10 and all(JOSE not in p["text"] for p in posts)
    lines = invoke("export", "--what", "annotations", "--format", "jsonl").splitlines()
    kinds = [json.loads(line)["kind"] for line in lines]
    assert kinds.count("individual") == 6 and kinds.count("detail") == 2
    out = tmp_path / "exposure.parquet"
    invoke(
        "export",
        "--what",
        "exposure",
        "--date",
        "2025-04-21",
        "--format",
        "parquet",
        "--out",
        str(out),
    )
    import pyarrow.parquet as pq

    assert pq.read_table(out).column("mentions").to_pylist() == [4]


def test_exposure_without_a_date_scores_the_last_day_with_posts_not_today(run):
    invoke, engine = run
    with transaction(engine) as session:
        last = session.scalar(select(func.max(Post.published_at))).date().isoformat()
    undated = json.loads(invoke("query", "exposure", "--format", "json"))
    dated = json.loads(invoke("query", "exposure", "--date", last, "--format", "json"))
    assert undated == dated
    assert {row["day"] for row in undated} == {last}


def test_a_wide_table_is_one_block_per_row_within_80_columns_when_piped(
    database_url, tmp_path, monkeypatch
):
    monkeypatch.setenv("TESTIGO_DATABASE_URL", database_url)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("COLUMNS", raising=False)
    engine = create_database_engine(database_url)
    load(engine)
    engine.dispose()
    result = CliRunner().invoke(cli, ["query", "exposure", "--date", "2025-04-21"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "…" not in result.stdout
    shown = dict(line.split() for line in lines[1:] if line.strip())
    assert shown["mentions"] == "4"
    assert shown["person"].startswith("person-")
    assert float(shown["growth_points"]) > 0, "the last column is shown whole"
    assert "22 columns do not fit in 80: one block per row" in result.stderr
    assert "--format json" in result.stderr
