"""The driver talks to a real Neo4j 5.26 Community server."""

from __future__ import annotations

import neo4j


def test_server_is_neo4j_5_26_community(driver: neo4j.Driver) -> None:
    records, _, _ = driver.execute_query(
        "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition",
        database_="system",
    )
    (row,) = records
    assert row["name"] == "Neo4j Kernel"
    assert row["versions"][0].startswith("5.26.")
    assert row["edition"] == "community"


def test_graph_fixture_starts_empty_and_writes_persist(graph: neo4j.Driver, database: str) -> None:
    count = graph.execute_query("MATCH (n) RETURN count(n) AS n", database_=database).records
    assert count[0]["n"] == 0
    graph.execute_query("CREATE (:Probe {id: $id})", id="p1", database_=database)
    again = graph.execute_query("MATCH (p:Probe) RETURN p.id AS id", database_=database).records
    assert [r["id"] for r in again] == ["p1"]
