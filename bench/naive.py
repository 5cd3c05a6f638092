"""The obvious way to load a thread, as a baseline: one auto-commit ``MERGE`` per row.

It writes exactly the rows ``kg.load`` writes (``kg.rows.bundle_rows``), into the same
schema, so the two rates compare like with like; what differs is one round trip and one
transaction per row instead of batched ``UNWIND`` statements in one transaction per thread.
"""

from __future__ import annotations

import neo4j

from kg import schema as s
from kg.models import ThreadBundle
from kg.rows import REL_SPECS, bundle_rows


def _node_query(label: str) -> str:
    if label in (s.AGREEMENT, s.DISAGREEMENT):
        return f"MERGE (n:{s.STANCE} {{id: $id}}) SET n:{label} SET n += $props"
    if label in (s.AUTHOR, s.TOPIC):  # shared nodes record the threads naming them, as kg.load does
        return (f"MERGE (n:{label} {{id: $id}}) SET n += $props "
                "SET n.threads = CASE WHEN $t IN coalesce(n.threads, []) THEN n.threads "
                "ELSE coalesce(n.threads, []) + $t END")
    return f"MERGE (n:{label} {{id: $id}}) SET n += $props"


def naive_load(driver: neo4j.Driver, bundle: ThreadBundle, *, database: str) -> int:
    """Write one thread row by row in auto-commit transactions; returns the rows written."""
    rows = bundle_rows(bundle)
    written = 0
    with driver.session(database=database) as session:
        session.run(f"MERGE (t:{s.THREAD} {{id: $id}}) SET t += $props", rows.thread).consume()
        written += 1
        for label, items in rows.nodes.items():
            query = _node_query(label)
            for row in items:
                props = row.get("props") or {k: v for k, v in row.items() if k != "id"}
                session.run(query, id=row["id"], props=props, t=rows.thread_id).consume()
                written += 1
        for spec in REL_SPECS:
            query = (f"MATCH (a:{spec.start} {{id: $a}}) MATCH (b:{spec.end} {{id: $b}}) "
                     f"MERGE (a)-[r:{spec.type}]->(b) SET r += $props")
            for row in rows.rels[spec]:
                session.run(query, a=row["a"], b=row["b"], props=row["props"]).consume()
                written += 1
    return written
