"""Every node and relationship of the graph (or of one thread), for whole-graph exports.

GraphML and the neo4j-admin CSV files describe the property graph itself, positions
included, so they read it generically rather than through ``ThreadBundle``. ``read_graph``
holds it all in memory (GraphML needs it whole); ``iter_nodes`` and ``iter_rels`` stream it
one label at a time, in pages keyed on the indexed ``id``, for exports as big as the graph.
What they read is a ``Scope``: the whole graph, or one thread as ``thread_scope`` finds it.
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

    The positions are looked up once (``thread_scope``) rather than by a subquery per row,
    which costs seconds when every relationship's end node is tested.
    """
    return (f"({v}.{s.THREAD_KEY} = $t OR ({v}:{s.THREAD} AND {v}.id = $t) "
            f"OR $t IN coalesce({v}.threads, []) OR ({v}:{s.POSITION} AND {v}.id IN $positions))")


_THREAD_SCOPE = (f"RETURN EXISTS {{ MATCH (:{s.THREAD} {{id: $t}}) }} AS found, "
                 f"COLLECT {{ MATCH (:{s.CLAIM} {{{s.THREAD_KEY}: $t}})-[:{s.TAKES}]->"
                 f"(p:{s.POSITION}) RETURN DISTINCT p.id }} AS positions")

_SELECT = "MATCH (n) WHERE n.id IS NOT NULL"


@dataclass(frozen=True)
class Scope:
    """What an export reads: the whole graph, or one thread and the positions its claims take.

    ``thread_scope`` makes it with one query per export, and every read of that export takes
    it as it is, rather than each label's pages looking the thread up again.
    """

    thread_id: str | None = None
    positions: tuple[str, ...] = ()

    def filter(self, v: str) -> str:
        """Cypher ``AND`` clause keeping node ``v`` to the thread; empty for the whole graph."""
        return "" if self.thread_id is None else f" AND {_in_thread(v)}"

    @property
    def params(self) -> dict[str, Any]:
        """The parameters of ``filter``'s condition (passed, unused, for the whole graph too)."""
        return {"t": self.thread_id, "positions": list(self.positions)}


WHOLE_GRAPH = Scope()


def thread_scope(driver: neo4j.Driver, *, database: str, thread_id: str | None) -> Scope:
    """The scope of an export of ``thread_id`` (None: the whole graph, with no query).

    The one place an unknown thread is told: raises ``ThreadNotFound`` before any read.
    """
    if thread_id is None:
        return WHOLE_GRAPH
    (record,) = _read(driver, _THREAD_SCOPE, database=database, t=thread_id)
    if not record["found"]:
        raise ThreadNotFound(f"no thread with id {thread_id!r} in the graph")
    return Scope(thread_id, tuple(record["positions"]))


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
    """The nodes (sorted by label and id) and the relationships between them.

    Raises ``ThreadNotFound`` for an unknown ``thread_id``.
    """
    scope = thread_scope(driver, database=database, thread_id=thread_id)
    select, params = _SELECT + scope.filter("n"), scope.params
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        nodes = session.execute_read(_nodes, select, params)
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


def read_kinds(driver: neo4j.Driver, *, database: str, scope: Scope = WHOLE_GRAPH
               ) -> tuple[dict[str, Kinds], dict[tuple[str, str, str], Kinds]]:
    """Property value types per node primary label and per (type, start label, end label).

    A streamed writer needs each file's columns before its first row; the server works them
    out without sending a single value. Every primary label present is a key, even with no
    property but ``id``.
    """
    nodes: dict[str, Kinds] = {}
    for r in _read(driver, _NODE_KINDS.format(n=scope.filter("n")), database=database,
                   **scope.params):
        if not r["labels"]:
            continue
        nodes.setdefault(primary_label(r["labels"]), {}).setdefault(r["k"], set()).update(r["kinds"])
    rels: dict[tuple[str, str, str], Kinds] = {}
    query = _REL_KINDS.format(n=scope.filter("n"), m=scope.filter("m"))
    for r in _read(driver, query, database=database, **scope.params):
        if r["la"] and r["lb"]:
            group = (r["type"], primary_label(r["la"]), primary_label(r["lb"]))
            rels.setdefault(group, {}).setdefault(r["k"], set()).update(r["kinds"])
    return nodes, rels


def iter_nodes(driver: neo4j.Driver, label: str, *, database: str,
               scope: Scope = WHOLE_GRAPH, page_size: int = PAGE_SIZE) -> Iterator[Node]:
    """The nodes whose primary label is ``label``, in id order, read one page at a time."""
    query = (f"MATCH (n:{_quoted(label)}) WHERE {{after}} AND {_primary_is(label, 'n')}"
             f"{scope.filter('n')} WITH n ORDER BY n.id LIMIT $page "
             "RETURN collect([n.id, labels(n), properties(n)]) AS rows")
    for rows in _pages(driver, query, database=database, page=page_size, label=label,
                       **scope.params):
        for node_id, labels, props in rows:
            yield Node(node_id, tuple(sorted(labels)), props)


def iter_rels(driver: neo4j.Driver, start_label: str, *, database: str,
              scope: Scope = WHOLE_GRAPH, page_size: int = PAGE_SIZE) -> Iterator[Rel]:
    """The relationships leaving nodes of primary label ``start_label``, in (start, end) order.

    A page holds about ``REL_ROWS_PER_PAGE`` relationships: as many start nodes (up to
    ``page_size``) as that takes, so authors who wrote ever more posts do not grow the pages.
    """
    query = (f"MATCH (n:{_quoted(start_label)}) WHERE {{after}} AND "
             f"{_primary_is(start_label, 'n')}{scope.filter('n')} "
             "WITH n ORDER BY n.id LIMIT $page "
             f"OPTIONAL MATCH (n)-[r]->(m) WHERE m.id IS NOT NULL{scope.filter('m')} "
             "WITH n, r, m ORDER BY n.id, m.id "
             "RETURN collect([n.id, type(r), m.id, labels(m), properties(r)]) AS rows")
    for rows in _pages(driver, query, database=database, page=page_size, label=start_label,
                       max_rows=REL_ROWS_PER_PAGE, **scope.params):
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


def _quoted(label: str) -> str:
    return "`" + label.replace("`", "``") + "`"
