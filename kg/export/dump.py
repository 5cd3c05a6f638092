"""Every node and relationship of the graph (or of one thread), for whole-graph exports.

GraphML and the neo4j-admin CSV files describe the property graph itself, positions
included, so they read it generically rather than through ``ThreadBundle``. ``read_graph``
holds it all in memory (GraphML needs it whole); ``iter_nodes`` and ``iter_rels`` stream it
one label at a time, in pages keyed on the indexed ``id``, for exports as big as the graph.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import neo4j

from kg import schema as s
from kg.errors import ThreadNotFound

# The label that names a node's id space: the first of these it carries.
PRIMARY_LABELS = [s.THREAD, s.POST, s.AUTHOR, s.CLAIM, s.TOPIC, s.STANCE, s.POSITION]

# Nodes per page of a streamed read. Measured on a 285k-node graph (neo4j-admin export): 100
# costs a third more time in round trips; 500 to 1,000 are fastest; the peak RSS above the
# ~53 MiB the process starts with grows with the page (1,000: 79 MiB; 10,000: 165 MiB).
PAGE_SIZE = 1000
# Relationships per page of a streamed read; the start nodes per page adapt to it. Measured on
# a 1.4M-relationship graph: 1,000 reads a sixth slower, 20,000 adds 33 MiB for 15% less time.
REL_ROWS_PER_PAGE = 5000


def _in_thread(v: str) -> str:
    """Cypher condition: node ``v`` belongs to thread ``$t``, or is one of its ``$positions``.

    The positions are looked up once (``_thread_params``) rather than by a subquery per row,
    which costs seconds when every relationship's end node is tested.
    """
    return (f"({v}.{s.THREAD_KEY} = $t OR ({v}:{s.THREAD} AND {v}.id = $t) "
            f"OR $t IN coalesce({v}.threads, []) OR ({v}:{s.POSITION} AND {v}.id IN $positions))")


_THREAD_POSITIONS = (f"MATCH (:{s.CLAIM} {{{s.THREAD_KEY}: $t}})-[:{s.TAKES}]->(p:{s.POSITION}) "
                     "RETURN collect(DISTINCT p.id) AS ids")


_SELECT_ALL = "MATCH (n) WHERE n.id IS NOT NULL"
_SELECT_THREAD = f"MATCH (n) WHERE n.id IS NOT NULL AND {_in_thread('n')}"


@dataclass(frozen=True)
class Node:
    id: str
    labels: tuple[str, ...]
    props: dict[str, Any]

    @property
    def primary(self) -> str:
        """The label whose id space holds this node's id."""
        return primary_label(self.labels)


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
    params = _thread_params(driver, database, thread_id)
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        nodes = session.execute_read(_nodes, select, params)
        if thread_id is not None and not any(s.THREAD in n.labels for n in nodes):
            raise ThreadNotFound(f"no thread with id {thread_id!r} in the graph")
        index = {(n.primary, n.id): n for n in nodes}
        rels = [r for r in session.execute_read(_rels, select, params)
                if (r.start_label, r.start) in index and (r.end_label, r.end) in index]
    return nodes, rels


def _nodes(tx: neo4j.ManagedTransaction, select: str, params: dict[str, Any]) -> list[Node]:
    result = tx.run(select + " RETURN n.id AS id, labels(n) AS labels, properties(n) AS props",
                    params)
    nodes = [Node(r["id"], tuple(sorted(r["labels"])), r["props"]) for r in result]
    return sorted(nodes, key=lambda n: (PRIMARY_LABELS.index(n.primary)
                                        if n.primary in PRIMARY_LABELS else 99, n.id))


def _rels(tx: neo4j.ManagedTransaction, select: str, params: dict[str, Any]) -> list[Rel]:
    result = tx.run(select + " MATCH (n)-[r]->(m) WHERE m.id IS NOT NULL "
                    "RETURN n.id AS a, labels(n) AS la, type(r) AS type, m.id AS b, "
                    "labels(m) AS lb, properties(r) AS props", params)
    rels = [Rel(r["a"], primary_label(r["la"]), r["type"], r["b"], primary_label(r["lb"]),
                r["props"])
            for r in result]
    return sorted(rels, key=lambda r: (r.type, r.start, r.end))


def primary_label(labels: Sequence[str]) -> str:
    """The first of ``PRIMARY_LABELS`` a node carries, else its alphabetically first label."""
    return next((x for x in PRIMARY_LABELS if x in labels), min(labels))


# -- streamed reads ---------------------------------------------------------------------------
Kinds = dict[str, set[str]]  # property -> the Cypher value types it holds, as valueType() names

_NODE_KINDS = ("MATCH (n) WHERE n.id IS NOT NULL{n} UNWIND keys(n) AS k "
               "RETURN labels(n) AS labels, k, collect(DISTINCT valueType(n[k])) AS kinds")
_REL_KINDS = ("MATCH (n)-[r]->(m) WHERE n.id IS NOT NULL AND m.id IS NOT NULL{n}{m} "
              "UNWIND keys(r) AS k RETURN labels(n) AS la, type(r) AS type, labels(m) AS lb, k, "
              "collect(DISTINCT valueType(r[k])) AS kinds")


def read_kinds(driver: neo4j.Driver, *, database: str, thread_id: str | None = None
               ) -> tuple[dict[str, Kinds], dict[tuple[str, str, str], Kinds]]:
    """Property value types per node primary label and per (type, start label, end label).

    A streamed writer needs each file's columns before its first row; the server works them
    out without sending a single value. Every primary label present is a key, even with no
    property but ``id``. Raises ``ThreadNotFound`` for an unknown ``thread_id``.
    """
    nodes: dict[str, Kinds] = {}
    found_thread = False
    params = _thread_params(driver, database, thread_id)
    for r in _read(driver, _NODE_KINDS.format(n=_thread_filter(thread_id, "n")),
                   database=database, **params):
        if not r["labels"]:
            continue
        found_thread = found_thread or s.THREAD in r["labels"]
        nodes.setdefault(primary_label(r["labels"]), {}).setdefault(r["k"], set()).update(r["kinds"])
    if thread_id is not None and not found_thread:
        raise ThreadNotFound(f"no thread with id {thread_id!r} in the graph")
    rels: dict[tuple[str, str, str], Kinds] = {}
    query = _REL_KINDS.format(n=_thread_filter(thread_id, "n"), m=_thread_filter(thread_id, "m"))
    for r in _read(driver, query, database=database, **params):
        if r["la"] and r["lb"]:
            group = (r["type"], primary_label(r["la"]), primary_label(r["lb"]))
            rels.setdefault(group, {}).setdefault(r["k"], set()).update(r["kinds"])
    return nodes, rels


def iter_nodes(driver: neo4j.Driver, label: str, *, database: str,
               thread_id: str | None = None, page_size: int = PAGE_SIZE) -> Iterator[Node]:
    """The nodes whose primary label is ``label``, in id order, read one page at a time."""
    query = (f"MATCH (n:{_quoted(label)}) WHERE {{after}} AND {_primary_is(label, 'n')}"
             f"{_thread_filter(thread_id, 'n')} WITH n ORDER BY n.id LIMIT $page "
             "RETURN collect([n.id, labels(n), properties(n)]) AS rows")
    for rows in _pages(driver, query, database=database, page=page_size, label=label,
                       **_thread_params(driver, database, thread_id)):
        for node_id, labels, props in rows:
            yield Node(node_id, tuple(sorted(labels)), props)


def iter_rels(driver: neo4j.Driver, start_label: str, *, database: str,
              thread_id: str | None = None, page_size: int = PAGE_SIZE) -> Iterator[Rel]:
    """The relationships leaving nodes of primary label ``start_label``, in (start, end) order.

    A page holds about ``REL_ROWS_PER_PAGE`` relationships: as many start nodes (up to
    ``page_size``) as that takes, so authors who wrote ever more posts do not grow the pages.
    """
    query = (f"MATCH (n:{_quoted(start_label)}) WHERE {{after}} AND "
             f"{_primary_is(start_label, 'n')}{_thread_filter(thread_id, 'n')} "
             "WITH n ORDER BY n.id LIMIT $page "
             f"OPTIONAL MATCH (n)-[r]->(m) WHERE m.id IS NOT NULL{_thread_filter(thread_id, 'm')} "
             "WITH n, r, m ORDER BY n.id, m.id "
             "RETURN collect([n.id, type(r), m.id, labels(m), properties(r)]) AS rows")
    for rows in _pages(driver, query, database=database, page=page_size, label=start_label,
                       max_rows=REL_ROWS_PER_PAGE, **_thread_params(driver, database, thread_id)):
        for a, rtype, b, labels, props in rows:
            if rtype is not None and labels:
                yield Rel(a, start_label, rtype, b, primary_label(labels), props)


def _pages(driver: neo4j.Driver, query: str, *, database: str, page: int,
           max_rows: int | None = None, **params: Any) -> Iterator[list[list[Any]]]:
    """Run ``query`` page after page, each from the id that ended the last one.

    Key-ordered paging rides the ``id`` uniqueness index, so every page is one short read
    transaction (no server timeout however big the graph) and only one page is held here.
    A page comes back as one collected list, one Bolt message: far cheaper for the driver
    to receive than a record per row. With ``max_rows``, the first page has a tenth of
    ``page`` nodes, to learn how many rows a node brings, and each next one as many nodes as
    make about ``max_rows`` rows (at most ``page``).
    """
    after, size = None, max(1, page // 10) if max_rows else page
    while True:
        where = "n.id IS NOT NULL" if after is None else "n.id > $after"
        (record,) = _read(driver, query.replace("{after}", where), database=database,
                          after=after, page=size, **params)
        rows = record["rows"]
        if not rows:
            return
        yield rows
        after = rows[-1][0]
        if max_rows:
            size = max(1, min(page, size * max_rows // len(rows)))


def _read(driver: neo4j.Driver, query: str, *, database: str, **params: Any) -> list[neo4j.Record]:
    records, _, _ = driver.execute_query(query, params, database_=database,
                                         routing_=neo4j.RoutingControl.READ)
    return records


def _primary_is(label: str, v: str) -> str:
    """Cypher condition: ``label`` (which ``v`` carries) is the primary label of node ``v``."""
    if label in PRIMARY_LABELS:
        before = PRIMARY_LABELS[:PRIMARY_LABELS.index(label)]
        return f"NOT {v}:{'|'.join(before)}" if before else "true"
    return f"NOT {v}:{'|'.join(PRIMARY_LABELS)} AND all(x IN labels({v}) WHERE x >= $label)"


def _thread_params(driver: neo4j.Driver, database: str, thread_id: str | None) -> dict[str, Any]:
    """The parameters of ``_in_thread``: the thread, and the ids of the positions it takes."""
    if thread_id is None:
        return {"t": None, "positions": []}
    (record,) = _read(driver, _THREAD_POSITIONS, database=database, t=thread_id)
    return {"t": thread_id, "positions": record["ids"]}


def _thread_filter(thread_id: str | None, v: str) -> str:
    return "" if thread_id is None else f" AND {_in_thread(v)}"


def _quoted(label: str) -> str:
    return "`" + label.replace("`", "``") + "`"
