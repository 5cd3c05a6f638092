"""Every node and relationship of the graph (or of one thread), for whole-graph exports.

GraphML and the neo4j-admin CSV files describe the property graph itself, positions
included, so they read it generically rather than through ``ThreadBundle``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import neo4j

from kg import schema as s
from kg.errors import ThreadNotFound

# The label that names a node's id space: the first of these it carries.
PRIMARY_LABELS = [s.THREAD, s.POST, s.AUTHOR, s.CLAIM, s.TOPIC, s.STANCE, s.POSITION]

_SELECT_ALL = "MATCH (n) WHERE n.id IS NOT NULL"
_SELECT_THREAD = f"""
MATCH (n) WHERE n.id IS NOT NULL AND (
  n.{s.THREAD_KEY} = $t OR (n:{s.THREAD} AND n.id = $t) OR $t IN coalesce(n.threads, [])
  OR (n:{s.POSITION} AND EXISTS {{ (:{s.CLAIM} {{{s.THREAD_KEY}: $t}})-[:{s.TAKES}]->(n) }}))
"""


@dataclass(frozen=True)
class Node:
    id: str
    labels: tuple[str, ...]
    props: dict[str, Any]

    @property
    def primary(self) -> str:
        """The label whose id space holds this node's id."""
        return next((x for x in PRIMARY_LABELS if x in self.labels), self.labels[0])


@dataclass(frozen=True)
class Rel:
    start: str
    start_label: str
    type: str
    end: str
    end_label: str
    props: dict[str, Any]


def read_graph(driver: neo4j.Driver, *, database: str,
               thread_id: str | None = None) -> tuple[list[Node], list[Rel]]:
    """The nodes (sorted by label and id) and the relationships between them."""
    select = _SELECT_ALL if thread_id is None else _SELECT_THREAD
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        nodes = session.execute_read(_nodes, select, thread_id)
        if thread_id is not None and not any(s.THREAD in n.labels for n in nodes):
            raise ThreadNotFound(f"no thread with id {thread_id!r} in the graph")
        index = {(n.primary, n.id): n for n in nodes}
        rels = [r for r in session.execute_read(_rels, select, thread_id)
                if (r.start_label, r.start) in index and (r.end_label, r.end) in index]
    return nodes, rels


def _nodes(tx: neo4j.ManagedTransaction, select: str, t: str | None) -> list[Node]:
    result = tx.run(select + " RETURN n.id AS id, labels(n) AS labels, properties(n) AS props",
                    t=t)
    nodes = [Node(r["id"], tuple(sorted(r["labels"])), r["props"]) for r in result]
    return sorted(nodes, key=lambda n: (PRIMARY_LABELS.index(n.primary)
                                        if n.primary in PRIMARY_LABELS else 99, n.id))


def _rels(tx: neo4j.ManagedTransaction, select: str, t: str | None) -> list[Rel]:
    result = tx.run(select + " MATCH (n)-[r]->(m) WHERE m.id IS NOT NULL "
                    "RETURN n.id AS a, labels(n) AS la, type(r) AS type, m.id AS b, "
                    "labels(m) AS lb, properties(r) AS props", t=t)
    rels = [Rel(r["a"], _primary(r["la"]), r["type"], r["b"], _primary(r["lb"]), r["props"])
            for r in result]
    return sorted(rels, key=lambda r: (r.type, r.start, r.end))


def _primary(labels: list[str]) -> str:
    return next((x for x in PRIMARY_LABELS if x in labels), sorted(labels)[0])


def iter_props(nodes: list[Node]) -> Iterator[tuple[str, Any]]:
    """Every (property, value) pair of some nodes, for type inference."""
    for n in nodes:
        yield from n.props.items()
