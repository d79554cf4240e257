"""`testigo annotate` and `testigo nlp evaluate`: the contracts other tools rely on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from testigo.cli.annotate import annotate
from testigo.cli.nlp_cmd import nlp

GOLD = Path(__file__).resolve().parents[1] / "data" / "nlp_gold.jsonl"
OUTPUT_KEYS = ["id", "lang", "actors", "frames", "individuals", "details", "pipeline_version"]


@pytest.fixture(autouse=True)
def _packaged_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run where no ./testigo.toml exists, so the packaged default config applies."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TESTIGO_CONFIG", raising=False)


def run_annotate(lines: list[str], *args: str) -> tuple[int, list[dict], str]:
    result = CliRunner().invoke(
        annotate, ["-", *args], input="\n".join(lines) + "\n", obj={"config_path": None}
    )
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    return result.exit_code, rows, result.stderr


def test_annotate_writes_the_contract_keys_with_offsets_into_the_text() -> None:
    text = "Bukele: no son terroristas. Libertad para Freddy Superlano"
    code, (row,), _ = run_annotate([json.dumps({"id": "p1", "text": text})])
    assert code == 0
    assert list(row) == OUTPUT_KEYS
    assert row["id"] == "p1" and row["lang"] == "es"
    assert row["actors"] == [{"id": "bukele", "text": "Bukele", "start": 0, "end": 6}]
    assert [f for f in row["frames"] if f["id"] == "criminality_terrorism"] == [
        {
            "id": "criminality_terrorism",
            "text": "terroristas",
            "start": 15,
            "end": 26,
            "polarity": "contested",
        }
    ]
    assert row["individuals"] == [
        {
            "name": "Freddy Superlano",
            "canonical": "Freddy Superlano",
            "kind": "political_prisoner",
            "start": 42,
            "end": 58,
            "source": "watchlist",
        }
    ]


def test_bad_lines_become_error_lines_in_place_and_fail_the_run() -> None:
    lines = [
        '{"id": 1, "text": "CECOT"}',
        "not json",
        '{"id": 3}',
        '{"id": 4, "text": 5}',
        "",
        '{"id": 6, "text": "", "lang": "en"}',
    ]
    code, rows, stderr = run_annotate(lines)
    assert code == 1
    assert [row.get("error") is None for row in rows] == [True, False, False, False, False, True]
    assert rows[2] == {"id": 3, "error": "no text"}
    assert "line 2: invalid JSON" in stderr and "line 3: no text" in stderr


@pytest.mark.parametrize("processes", ["1", "2"])
def test_long_inputs_keep_order_and_line_numbers(processes: str) -> None:
    """Over a megabyte of input, so it is read and annotated in several blocks."""
    padding = " palabra" * 30
    lines = [
        json.dumps({"id": i, "text": f"{'x ' * (i % 7)}Bukele {i}{padding}"}) for i in range(5000)
    ]
    bad = {0, 1776, 3001, 4999}
    for line_no in bad:
        lines[line_no] = '{"id": "broken' if line_no % 2 else ""
    code, rows, stderr = run_annotate(lines, "--processes", processes)
    assert code == 1
    assert len(rows) == len(lines)
    assert [i for i, row in enumerate(rows) if "error" in row] == sorted(bad)
    assert [f"line {i + 1}:" in stderr for i in sorted(bad)] == [True] * len(bad)
    good = [(i, row) for i, row in enumerate(rows) if i not in bad]
    assert all(row["id"] == i and row["actors"][0]["start"] == 2 * (i % 7) for i, row in good)


def test_an_id_no_encoding_can_write_still_gives_a_json_line() -> None:
    code, rows, _ = run_annotate(['{"id": "\\ud800", "text": "CECOT"}'])
    assert code == 0
    assert rows[0]["id"] == "\ud800" and rows[0]["actors"][0]["id"] == "cecot"


def test_hostile_texts_do_not_crash_the_command() -> None:
    texts = [
        "",
        "😀😀😀",
        "x" * 1_000_000,
        "\x00\x1b[2J Maduro",
        "&lt;b&gt;Bukele&lt;/b&gt;",
        "\ud800 lone surrogate",
    ]
    code, rows, _ = run_annotate([json.dumps({"id": i, "text": t}) for i, t in enumerate(texts)])
    assert code == 0 and len(rows) == len(texts)


def test_evaluate_prints_scores_per_label_type_and_id() -> None:
    result = CliRunner().invoke(nlp, ["evaluate", str(GOLD)], obj={"config_path": None})
    assert result.exit_code == 0, result.output
    for label in (
        "actors",
        "frames",
        "individuals_watchlist",
        "individuals_other",
        "criminality_terrorism",
        "bukele",
        "polarity accuracy",
    ):
        assert label in result.output
    assert "Every bar met." in result.output


def test_prepare_keeps_the_start_up_tables_so_the_next_start_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    result = CliRunner().invoke(nlp, ["prepare"], obj={"config_path": None})
    assert result.exit_code == 0, result.output
    kept = sorted(path.name for path in (cache / "testigo").iterdir())
    assert {"cue-tables.pickle", "lexicon.pickle"} <= set(kept)
    assert f"kept in {cache / 'testigo'}" in " ".join(result.output.split())


@pytest.mark.usefixtures("no_cache_folder")
def test_prepare_says_so_when_nothing_can_be_kept() -> None:
    result = CliRunner().invoke(nlp, ["prepare"], obj={"config_path": None})
    assert result.exit_code == 0, result.output
    assert "nothing could be kept, built at each start" in " ".join(result.output.split())
