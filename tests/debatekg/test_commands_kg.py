"""``debatekg query|queries|export|positions|stats`` through click's CliRunner on a real graph."""

from __future__ import annotations

import csv
import io
import json

import neo4j
from click.testing import CliRunner

from debatekg.cli import main
from kg.load import load_bundle
from tests.kg.bundles import make_bundle


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_query_json_with_a_param(graph: neo4j.Driver, database: str) -> None:
    load_bundle(graph, make_bundle(), database=database)
    result = _run("query", "author_allies_opponents", "--param", "author=ben", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [(r["author"], r["other"], r["relation"]) for r in rows] == [
        ("Ben Ode", "Ada Park", "opponent")]


def test_query_csv_and_table(graph: neo4j.Driver, database: str) -> None:
    load_bundle(graph, make_bundle(), database=database)
    result = _run("query", "disagreeing_pairs", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0][:3] == ["author_a", "author_b", "disagreements"]
    assert rows[1][:3] == ["Ada Park", "Ben Ode", "2"]
    table = _run("query", "reply_tree", "-p", "thread=t1")
    assert table.exit_code == 0 and table.output.rstrip().endswith("(4 rows)")


def test_bad_query_name_and_param_are_one_line_errors(graph: neo4j.Driver) -> None:
    unknown = _run("query", "no_such_query")
    assert unknown.exit_code == 1
    assert "no saved query 'no_such_query'" in unknown.output
    bad = _run("query", "reply_tree", "--param", "limit=many")
    assert bad.exit_code == 1 and "wants a int" in bad.output
    extra = _run("query", "reply_tree", "--param", "color=red")
    assert extra.exit_code == 1 and "has no parameter 'color'" in extra.output


def test_queries_lists_every_file() -> None:
    result = _run("queries")
    assert result.exit_code == 0
    assert len(result.output.splitlines()) >= 15
    assert "disagreeing_pairs" in result.output


def test_export_stats_and_positions(graph: neo4j.Driver, database: str, tmp_path) -> None:
    load_bundle(graph, make_bundle(), database=database)
    positions = _run("positions")
    assert positions.exit_code == 0 and "2 new" in positions.output
    stats = _run("stats", "--json")
    assert json.loads(stats.output)["nodes"]["Position"] == 2
    out = tmp_path / "t1.json"
    result = _run("export", "--format", "aif", "--thread", "t1", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert {n["type"] for n in json.loads(out.read_text())["nodes"]} >= {"L", "I", "CA", "RA"}
    missing = _run("export", "--format", "jsonl", "--thread", "nope", "--out", str(out))
    assert missing.exit_code == 1 and "no thread with id 'nope'" in missing.output
