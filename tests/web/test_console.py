"""The read-only console: what it refuses, and what it returns."""

from __future__ import annotations

import neo4j
import pytest

from kg import console
from kg.errors import QueryRefused
from tests.web.bundles import DEMO

REFUSED = [
    ("CREATE (n:Intruder) RETURN n", "read-only"),
    ("MATCH (n) DETACH DELETE n", "read-only"),
    ("MATCH (p:Post) SET p.text = 'x'", "read-only"),
    ("MERGE (n:Intruder {id: 1})", "read-only"),
    ("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", "LOAD CSV"),
    ("load   csv WITH HEADERS FROM 'http://example.org/x.csv' AS row RETURN row", "LOAD CSV"),
    ("CALL dbms.listConfig() YIELD name RETURN name", "administration"),
    ("CALL dbms.components() YIELD name RETURN name", "administration"),
    ("CALL db.createLabel('Intruder')", "read-only"),
    ("RETURN apoc.text.join(['a'], ',')", "apoc"),
    ("CALL apoc.help('x')", "apoc"),
    ("CREATE INDEX intruder IF NOT EXISTS FOR (n:Intruder) ON (n.x)", "read-only"),
    ("SHOW DATABASES", "read-only"),
    ("RETURN `apoc`.text.join(['a'], ',')", "apoc"),
    ("RETURN `apoc`.cypher.runFirstColumnSingle('LOAD CSV FROM \\'x\\' AS r RETURN r', {})", "apoc"),
    ("SHOW TRANSACTIONS YIELD *", "SHOW and TERMINATE"),
    ("SHOW SETTINGS", "SHOW and TERMINATE"),
    ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "SHOW and TERMINATE"),
    ("USE system MATCH (n) RETURN n", "USE"),
    ("/* hi */ USE neo4j MATCH (n) RETURN n", "USE"),
    ("CALL { USE system RETURN 1 AS x } RETURN x", "USE"),
    ("", "empty"),
]


@pytest.mark.parametrize(("query", "reason"), REFUSED)
def test_writes_and_admin_calls_are_refused(demo_graph: neo4j.Driver, database: str,
                                            query: str, reason: str) -> None:
    before = _count(demo_graph, database)
    with pytest.raises(QueryRefused, match=reason):
        console.run_console_query(demo_graph, query, database=database)
    assert _count(demo_graph, database) == before


def test_a_write_that_slips_past_the_checks_is_refused_by_the_read_transaction(
        demo_graph: neo4j.Driver, database: str) -> None:
    with demo_graph.session(database=database, default_access_mode=neo4j.READ_ACCESS) as s, \
            pytest.raises(QueryRefused, match="refused a write"):
        console.run_read_only(s, "CREATE (n:Intruder) RETURN n", {}, timeout_s=5, row_cap=10)
    assert _count(demo_graph, database, "Intruder") == 0


def test_strings_that_mention_forbidden_words_are_fine(demo_graph: neo4j.Driver,
                                                       database: str) -> None:
    result = console.run_console_query(
        demo_graph, "RETURN 'LOAD CSV and apoc.x are words here' AS s // apoc.y", database=database)
    assert result.rows == [["LOAD CSV and apoc.x are words here"]]


def test_rows_are_capped_and_parameters_used(demo_graph: neo4j.Driver, database: str) -> None:
    result = console.run_console_query(
        demo_graph, "MATCH (p:Post) WHERE p.thread_id = $t RETURN p.index AS i ORDER BY i",
        {"t": DEMO}, database=database, row_cap=4)
    assert result.columns == ["i"]
    assert result.rows == [[0], [1], [2], [3]]
    assert result.truncated is True


def test_graph_elements_are_described_by_our_ids(demo_graph: neo4j.Driver, database: str) -> None:
    result = console.run_console_query(
        demo_graph, "MATCH (a:Author {id: $a})-[w:WROTE]->(p:Post) RETURN a, w, p ORDER BY p.index",
        {"a": "author:ben-critic"}, database=database).as_dict()
    assert [row[2]["id"] for row in result["rows"]] == [f"{DEMO}:p1", f"{DEMO}:p4"]
    assert result["rows"][0][0] == {"id": "author:ben-critic", "labels": ["Author"],
                                    "properties": result["rows"][0][0]["properties"]}
    assert result["rows"][0][0]["properties"]["name"] == "Ben Critic"
    assert {(r["start"], r["type"], r["end"]) for r in result["relationships"]} == {
        ("author:ben-critic", "WROTE", f"{DEMO}:p1"), ("author:ben-critic", "WROTE", f"{DEMO}:p4")}
    assert "element" not in repr(result)


def test_slow_queries_are_stopped(demo_graph: neo4j.Driver, database: str) -> None:
    slow = "UNWIND range(1, 100000000) AS x WITH x WHERE x % 7 = 99 RETURN count(*)"
    with pytest.raises(console.QueryFailed, match="longer than"):
        console.run_console_query(demo_graph, slow, database=database, timeout_s=0.5)


def test_syntax_errors_are_reported(demo_graph: neo4j.Driver, database: str) -> None:
    with pytest.raises(console.QueryFailed, match="syntax error"):
        console.run_console_query(demo_graph, "MATCH (n RETURN n", database=database)


def test_parse_params() -> None:
    assert console.parse_params("a=1\nb = x y\nc=2.5\nd=true\n\n") == {
        "a": 1, "b": "x y", "c": 2.5, "d": True}
    with pytest.raises(QueryRefused, match="name=value"):
        console.parse_params("1bad=3")


def _count(drv: neo4j.Driver, database: str, label: str | None = None) -> int:
    query = "MATCH (n) RETURN count(n) AS n" if label is None else \
        "MATCH (n) WHERE $label IN labels(n) RETURN count(n) AS n"
    return drv.execute_query(query, label=label, database_=database).records[0]["n"]
