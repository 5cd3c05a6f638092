"""Counts of nodes per label and relationships per type: the graph's size at a glance.

Used by ``debatekg stats`` and by the tests that prove a second load of the same corpus
changes nothing.
"""

from __future__ import annotations

import neo4j


def count_graph(driver: neo4j.Driver, *, database: str) -> dict[str, dict[str, int]]:
    """``{"nodes": {label: n}, "relationships": {type: n}}``, with dynamic labels (Neo4j 5.26)."""
    labels, _, _ = driver.execute_query(
        "CALL db.labels() YIELD label "
        "CALL (label) { MATCH (n:$(label)) RETURN count(n) AS n } "
        "RETURN label, n ORDER BY label",
        database_=database, routing_=neo4j.RoutingControl.READ)
    types, _, _ = driver.execute_query(
        "CALL db.relationshipTypes() YIELD relationshipType AS type "
        "CALL (type) { MATCH ()-[r:$(type)]->() RETURN count(r) AS n } "
        "RETURN type, n ORDER BY type",
        database_=database, routing_=neo4j.RoutingControl.READ)
    return {
        "nodes": {r["label"]: r["n"] for r in labels if r["n"]},
        "relationships": {r["type"]: r["n"] for r in types if r["n"]},
    }
