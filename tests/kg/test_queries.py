"""Saved-query headers, parameter binding, and the read-only guarantee."""

from __future__ import annotations

import re

import neo4j
import pytest

from kg.errors import KgError, QueryRefused
from kg.queries import BadQueryParameter, load_saved_queries, parse_saved_query, run_saved_query

WRITING = """// title: Sneaky
// description: Tries to write.
// params: name=x
CREATE (:Probe {name: $name}) RETURN 1 AS one LIMIT 1
"""


def test_header_is_parsed_with_typed_defaults() -> None:
    text = ("// title: Pairs\n// description: Who argues\n// description: with whom.\n"
            "// params: limit=20, thread=, min=0.5\n// params: strict=true\n"
            "MATCH (n) RETURN n LIMIT $limit\n")
    q = parse_saved_query(text, "pairs")
    assert (q.name, q.title, q.description) == ("pairs", "Pairs", "Who argues with whom.")
    assert q.params == {"limit": 20, "thread": "", "min": 0.5, "strict": True}
    assert q.bind({"limit": "5", "strict": "false"}) == {"limit": 5, "thread": "", "min": 0.5,
                                                        "strict": False}
    with pytest.raises(BadQueryParameter):
        q.bind({"limit": "five"})


def test_file_without_title_is_refused() -> None:
    with pytest.raises(KgError, match="no '// title:'"):
        parse_saved_query("MATCH (n) RETURN n LIMIT 1", "bare")


def test_every_saved_query_is_documented_and_limited() -> None:
    queries = load_saved_queries()
    assert len(queries) >= 15
    for q in queries:
        assert q.title and q.description, q.name
        body = "\n".join(line for line in q.text.splitlines() if not line.lstrip().startswith("//"))
        assert re.search(r"\bLIMIT\s+(\$\w+|\d+)\s*;?\s*$", body.strip(), re.I), q.name
        for name in q.params:
            assert f"${name}" in q.text, (q.name, name)


def test_a_writing_query_is_refused(graph: neo4j.Driver, database: str) -> None:
    with pytest.raises(QueryRefused):
        run_saved_query(graph, parse_saved_query(WRITING, "sneaky"), None, database=database)
    records, _, _ = graph.execute_query("MATCH (p:Probe) RETURN count(p) AS n", database_=database)
    assert records[0]["n"] == 0
