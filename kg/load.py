"""Write ``ThreadBundle`` s into Neo4j: each thread in one transaction, batched, idempotent.

A thread is in the graph completely or not at all: every statement for it runs inside one
``session.execute_write`` transaction function (``load_bundles`` puts several small threads in
one such transaction, and falls back to one per thread when the database refuses it). The
function is idempotent (``MERGE`` on stable ids, stale parts removed by difference), because the
driver retries it after a transient failure. Re-ingesting a changed thread removes the nodes
and relationships the new extraction no longer has; re-ingesting an unchanged one changes no count.

Positions depend on every thread at once, so they are not recomputed per thread: an ingest
run calls ``load_bundles`` (or ``load_bundle`` per thread) and then ``finish_ingest`` once.
"""

from __future__ import annotations

import logging
import time
import weakref
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

import neo4j
from neo4j.exceptions import ClientError, DatabaseError, Neo4jError

from kg import schema as s
from kg.models import ThreadBundle
from kg.rows import REL_SPECS, BundleRows, PackedRows, RelSpec, Row, bundle_rows

log = logging.getLogger(__name__)

# Rows per UNWIND statement. Measured on a generated thread of 10,000 posts, 20,000 claims and
# 10,000 stances (2-core machine, 1 GiB heap): batches of 100 / 250 / 1000 / 5000 rows loaded
# it in 13.0 / 10.2 / 10.5 / 12.4 s, and re-loaded it unchanged in 10.0 / 7.5 / 7.1 / 9.9 s.
# 250 to 1000 is the flat bottom; 1000 keeps the number of statements low.
BATCH_SIZE = 1000

# How much ``load_bundles`` puts in one transaction: consecutive threads up to this many rows
# (nodes + relationships), and at most this many threads. Measured on 300 generated threads
# (218k relationships), alternating sizes: 5,000 / 10,000 / 20,000 / 40,000 rows cost the
# server 14-15 / 10.5-14 / 12 / 11-13 s of CPU; every statement has a fixed cost, and larger
# groups fill their 1,000-row statements.
GROUP_ROWS = 20_000
GROUP_THREADS = 100

# Joins the two ends of a relationship into one key; a control character no id contains.
PAIR_SEP = "\x1f"

_schema_ready: weakref.WeakKeyDictionary[neo4j.Driver, set[str]] = weakref.WeakKeyDictionary()


@dataclass
class LoadSummary:
    """What a load changed, per node label and per relationship type, from the query counters."""

    threads: list[str] = field(default_factory=list)
    nodes_created: Counter[str] = field(default_factory=Counter)
    nodes_deleted: Counter[str] = field(default_factory=Counter)
    relationships_created: Counter[str] = field(default_factory=Counter)
    relationships_deleted: Counter[str] = field(default_factory=Counter)
    properties_set: int = 0
    seconds: float = 0.0

    def add(self, other: LoadSummary) -> LoadSummary:
        """Accumulate another summary into this one (for a run over many threads)."""
        self.threads += other.threads
        self.nodes_created.update(other.nodes_created)
        self.nodes_deleted.update(other.nodes_deleted)
        self.relationships_created.update(other.relationships_created)
        self.relationships_deleted.update(other.relationships_deleted)
        self.properties_set += other.properties_set
        self.seconds += other.seconds
        return self

    @property
    def changed_structure(self) -> bool:
        """True when any node or relationship was created or deleted."""
        return any((+self.nodes_created, +self.nodes_deleted, +self.relationships_created,
                    +self.relationships_deleted))

    def table(self) -> list[tuple[str, str, int, int]]:
        """Rows ``(kind, name, created, deleted)`` for a summary table, nodes first."""
        out: list[tuple[str, str, int, int]] = []
        for kind, created, deleted in (
            ("node", self.nodes_created, self.nodes_deleted),
            ("relationship", self.relationships_created, self.relationships_deleted),
        ):
            for name in sorted(set(created) | set(deleted)):
                if created[name] or deleted[name]:
                    out.append((kind, name, created[name], deleted[name]))
        return out

    def _count(self, counters: Any, label: str | None = None, rel: str | None = None) -> None:
        if label is not None:
            self.nodes_created[label] += counters.nodes_created
            self.nodes_deleted[label] += counters.nodes_deleted
        if rel is not None:
            self.relationships_created[rel] += counters.relationships_created
            self.relationships_deleted[rel] += counters.relationships_deleted
        self.properties_set += counters.properties_set


def load_bundle(driver: neo4j.Driver, bundle: ThreadBundle, *, database: str,
                batch_size: int = BATCH_SIZE) -> LoadSummary:
    """Write one thread in one write transaction; returns what changed."""
    _ensure_schema_once(driver, database)
    rows = bundle_rows(bundle)
    began = time.monotonic()
    with driver.session(database=database) as session:
        summary = session.execute_write(_write_threads, [rows], batch_size)
    summary.seconds = time.monotonic() - began
    log.info("thread %s loaded in %.2f s", rows.thread_id, summary.seconds)
    return summary


@dataclass(frozen=True)
class LoadedThread:
    """A thread one transaction wrote or refused: enough to report it, without its rows."""

    thread_id: str
    posts: int
    stances: int

    @classmethod
    def of(cls, rows: BundleRows) -> LoadedThread:
        return cls(rows.thread_id, rows.posts, rows.stances)


@dataclass
class LoadedGroup:
    """What one transaction of ``load_bundles`` did: the threads written, and the ones refused."""

    loaded: list[LoadedThread]
    summary: LoadSummary
    failed: list[tuple[LoadedThread, str]] = field(default_factory=list)


def load_bundles(driver: neo4j.Driver, bundles: Iterable[ThreadBundle | BundleRows | PackedRows],
                 *, database: str, group_rows: int = GROUP_ROWS, group_threads: int = GROUP_THREADS,
                 ) -> Iterator[LoadedGroup]:
    """Write many threads, several small ones per transaction, pulling bundles as it goes.

    Most threads are small, and a transaction per thread spends more time on round trips and
    commits than on writing. Consecutive threads are grouped up to ``group_rows`` rows; a
    group is still all-or-nothing, so each of its threads is too. When the database refuses a
    group, its threads are written one by one, so only the thread at fault is left out.
    A thread may come already flattened (``kg.rows.bundle_rows``), or flattened and pickled
    (``kg.rows.packed_rows``, which an ingest run does on the process that extracted it): a
    group then waits for its turn as bytes, and is unpacked when its turn comes.

    One group is written (on a thread of its own) while the next one is pulled and flattened,
    so the server and this process work at the same time. Never more than one transaction is
    open, so groups cannot contend for the authors and topics they share, and at most two
    groups are held: the one being written as rows, the next one as it came. Groups are
    yielded in input order; a caller that stops early leaves the group being written finished
    (it is whole, like every group) and the rest unwritten.
    """
    _ensure_schema_once(driver, database)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="debatekg-load") as writer:
        pending: Future[LoadedGroup] | None = None
        try:
            for group in _groups(bundles, group_rows, group_threads):
                done = pending.result() if pending is not None else None
                pending = writer.submit(_load_group, driver, group, database)
                del group
                if done is not None:
                    yield done
            if pending is not None:
                last = pending.result()
                pending = None
                yield last
        finally:
            if pending is not None and not pending.cancel():
                wait([pending])  # a transaction is open: let it finish rather than cut it


def _groups(bundles: Iterable[ThreadBundle | BundleRows | PackedRows], group_rows: int,
            group_threads: int) -> Iterator[list[BundleRows | PackedRows]]:
    """Consecutive threads up to ``group_rows`` rows or ``group_threads`` threads; a thread id
    seen again starts a new group (its second version must replace the first, not merge)."""
    group: list[BundleRows | PackedRows] = []
    size = 0
    for item in bundles:
        rows = item if isinstance(item, BundleRows | PackedRows) else bundle_rows(item)
        if group and (size + rows.size > group_rows or len(group) >= group_threads
                      or any(r.thread_id == rows.thread_id for r in group)):
            yield group
            group, size = [], 0
        group.append(rows)
        size += rows.size
    if group:
        yield group


def _load_group(driver: neo4j.Driver, group: list[BundleRows | PackedRows], database: str,
                ) -> LoadedGroup:
    """Write one group. Packed threads are unpacked in place: their bytes go once they are rows."""
    began = time.monotonic()
    threads = [r.unpack() if isinstance(r, PackedRows) else r for r in group]
    group[:] = threads
    try:
        with driver.session(database=database) as session:
            summary = session.execute_write(_write_threads, threads, BATCH_SIZE)
    except (ClientError, DatabaseError) as exc:
        if len(threads) == 1:
            return LoadedGroup([], LoadSummary(), [(LoadedThread.of(threads[0]), _one_line(exc))])
        out = LoadedGroup([], LoadSummary())
        for rows in threads:  # find the thread at fault; the others go in alone
            alone = _load_group(driver, [rows], database)
            out.loaded += alone.loaded
            out.summary.add(alone.summary)
            out.failed += alone.failed
        return out
    summary.seconds = time.monotonic() - began
    log.info("%d thread(s) loaded in %.2f s", len(threads), summary.seconds)
    return LoadedGroup([LoadedThread.of(rows) for rows in threads], summary)


def _one_line(exc: Neo4jError) -> str:
    return f"{exc.code}: {exc.message}".splitlines()[0]


def finish_ingest(driver: neo4j.Driver, *, database: str) -> LoadSummary:
    """Run once after the last ``load_bundle`` of an ingest: recompute every topic's positions."""
    from kg.positions_graph import recompute_positions

    return recompute_positions(driver, database=database)


def start_ingest(driver: neo4j.Driver, *, database: str) -> None:
    """Make sure constraints and indexes exist; ``load_bundle`` does it on its first call too."""
    s.ensure_schema(driver, database=database)
    _schema_ready.setdefault(driver, set()).add(database)


def _ensure_schema_once(driver: neo4j.Driver, database: str) -> None:
    if database not in _schema_ready.get(driver, set()):
        start_ingest(driver, database=database)


# Relationships written in the same statement as the node at their end (one per node).
_FOLDED = {s.PART_OF, s.MAKES, s.EXPRESSES}


def _write_threads(tx: neo4j.ManagedTransaction, threads: list[BundleRows],
                   batch_size: int) -> LoadSummary:
    """The transaction function: upsert the threads, drop what they no longer have, upsert the rest."""
    summary = LoadSummary(threads=[rows.thread_id for rows in threads])
    ids = summary.threads
    seen = set(tx.run(f"UNWIND $ids AS id MATCH (t:{s.THREAD} {{id: id}}) RETURN t.id AS id",
                      ids=ids).value("id"))
    for rows in threads:  # a thread seen before may hold parts this extraction lacks
        if rows.thread_id in seen:
            _delete_stale(tx, rows, summary)
    _batched(tx, f"UNWIND $rows AS row MERGE (t:{s.THREAD} {{id: row.id}}) SET t += row.props",
             [rows.thread for rows in threads], batch_size, summary, label=s.THREAD)
    for label in (s.AUTHOR, s.TOPIC):
        _upsert_shared(tx, label, threads, batch_size, summary)
    new = [rows for rows in threads if rows.thread_id not in seen]
    again = [rows for rows in threads if rows.thread_id in seen]
    for part, verb in ((new, "CREATE"), (again, "MERGE")):
        if part:
            _write_parts(tx, part, verb, batch_size, summary)
    return summary


def _write_parts(tx: neo4j.ManagedTransaction, threads: list[BundleRows], verb: str,
                 batch_size: int, summary: LoadSummary) -> None:
    """Posts, claims, stances and every relationship of the threads.

    ``verb`` is ``CREATE`` for threads the graph does not hold yet: none of their parts can
    exist (ids are unique within a bundle, and another thread's id is refused by the
    constraint, which fails the transaction), so nothing needs looking up first. That costs
    the server about a tenth less than ``MERGE``, measured side by side; a thread seen before
    is merged.
    """
    nodes = {label: [row for rows in threads for row in rows.nodes[label]] for label in threads[0].nodes}
    _batched(tx, f"UNWIND $rows AS row {verb} (n:{s.POST} {{id: row.id}}) SET n += row.props "
                 f"WITH n, row MATCH (t:{s.THREAD} {{id: row.props.{s.THREAD_KEY}}}) "
                 f"{verb} (n)-[:{s.PART_OF}]->(t)",
             nodes[s.POST], batch_size, summary, label=s.POST, rel=s.PART_OF)
    _batched(tx, f"UNWIND $rows AS row {verb} (n:{s.CLAIM} {{id: row.id}}) SET n += row.props "
                 f"WITH n, row MATCH (p:{s.POST} {{id: row.post}}) {verb} (p)-[:{s.MAKES}]->(n)",
             nodes[s.CLAIM], batch_size, summary, label=s.CLAIM, rel=s.MAKES)
    for label in (s.AGREEMENT, s.DISAGREEMENT):
        other = s.DISAGREEMENT if label == s.AGREEMENT else s.AGREEMENT
        node = (f"CREATE (n:{s.STANCE}:{label} {{id: row.id}})" if verb == "CREATE" else
                f"MERGE (n:{s.STANCE} {{id: row.id}}) SET n:{label} REMOVE n:{other}")
        query = (f"UNWIND $rows AS row {node} SET n += row.props "
                 f"WITH n, row MATCH (p:{s.POST} {{id: row.post}}) {verb} (p)-[:{s.EXPRESSES}]->(n)")
        _batched(tx, query, nodes[label], batch_size, summary, label=label, rel=s.EXPRESSES)
    for spec in REL_SPECS:
        if spec.type in _FOLDED and spec.start == s.POST:
            continue
        query = (f"UNWIND $rows AS row MATCH (a:{spec.start} {{id: row.a}}) "
                 f"MATCH (b:{spec.end} {{id: row.b}}) "
                 f"{verb} (a)-[r:{spec.type}]->(b) SET r += row.props")
        rels = [row for rows in threads for row in rows.rels[spec]]
        _batched(tx, query, rels, batch_size, summary, rel=spec.type)


def _batched(tx: neo4j.ManagedTransaction, query: str, rows: list[Row], batch_size: int,
             summary: LoadSummary, *, label: str | None = None, rel: str | None = None) -> None:
    for start in range(0, len(rows), batch_size):
        chunk = rows[start:start + batch_size]
        result = tx.run(query, rows=chunk)
        summary._count(result.consume().counters, label=label, rel=rel)
        log.debug("wrote %d %s rows", len(chunk), label or rel)


def _upsert_shared(tx: neo4j.ManagedTransaction, label: str, threads: list[BundleRows],
                   batch_size: int, summary: LoadSummary) -> None:
    """Authors and topics belong to every thread that names them: record each of those.

    Names and properties are written thread by thread (the last one wins, and a value the
    database refuses fails the thread that brought it). The list of threads is written once
    per author or topic and transaction: a topic named by thousands of threads keeps a list
    as long, and rewriting it once per thread cost the server more with every thread.
    """
    if label == s.AUTHOR:
        setter = ("SET n.name = row.name, n.aliases = "
                  "[x IN coalesce(n.aliases, []) WHERE NOT x IN row.aliases] + row.aliases")
    else:
        setter = "SET n += row.props"
    rows = [row for part in threads for row in part.nodes[label]]
    _batched(tx, f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) {setter}",
             rows, batch_size, summary, label=label)
    named: dict[str, list[str]] = {}
    for part in threads:
        for row in part.nodes[label]:
            named.setdefault(row["id"], [])
            if part.thread_id not in named[row["id"]]:
                named[row["id"]].append(part.thread_id)
    _batched(tx, f"UNWIND $rows AS row MATCH (n:{label} {{id: row.id}}) "
                 "WITH n, row, coalesce(n.threads, []) AS known "
                 "SET n.threads = known + [t IN row.threads WHERE NOT t IN known]",
             [{"id": key, "threads": value} for key, value in named.items()], batch_size, summary)


def _delete_stale(tx: neo4j.ManagedTransaction, rows: BundleRows, summary: LoadSummary) -> None:
    """Remove what an earlier extraction of this thread made and this one no longer has."""
    t = rows.thread_id
    for spec in REL_SPECS:
        _delete_stale_rels(tx, spec, rows.rels[spec], t, summary)
    claim_ids = [r["id"] for r in rows.nodes[s.CLAIM]]
    result = tx.run(f"MATCH (c:{s.CLAIM} {{{s.THREAD_KEY}: $t}})-[r:{s.TAKES}]->() "
                    "WHERE NOT c.id IN $ids DELETE r", t=t, ids=claim_ids)
    summary._count(result.consume().counters, rel=s.TAKES)
    for label in (s.POST, s.CLAIM, s.AGREEMENT, s.DISAGREEMENT):
        ids = [r["id"] for r in rows.nodes[label]]
        # Stance nodes are found through the :Stance label, which carries the thread index.
        match = f"{s.STANCE}:{label}" if label in (s.AGREEMENT, s.DISAGREEMENT) else label
        result = tx.run(f"MATCH (n:{match} {{{s.THREAD_KEY}: $t}}) WHERE NOT n.id IN $ids "
                        "DETACH DELETE n", t=t, ids=ids)
        summary._count(result.consume().counters, label=label)
    for label in (s.AUTHOR, s.TOPIC):
        ids = [r["id"] for r in rows.nodes[label]]
        result = tx.run(f"MATCH (n:{label}) WHERE $t IN n.threads AND NOT n.id IN $ids "
                        "SET n.threads = [x IN n.threads WHERE x <> $t] "
                        "WITH n WHERE size(n.threads) = 0 DETACH DELETE n", t=t, ids=ids)
        summary._count(result.consume().counters, label=label)


def _delete_stale_rels(tx: neo4j.ManagedTransaction, spec: RelSpec, wanted: list[Row],
                       thread_id: str, summary: LoadSummary) -> None:
    """Delete relationships of this type owned by the thread whose endpoints are not wanted."""
    if spec.end == s.THREAD:
        anchor = f"(b:{s.THREAD} {{id: $t}})"
        pattern = f"(a:{spec.start})-[r:{spec.type}]->{anchor}"
    elif spec.anchor == "end":
        pattern = f"(a:{spec.start})-[r:{spec.type}]->(b:{spec.end} {{{s.THREAD_KEY}: $t}})"
    else:
        pattern = f"(a:{spec.start} {{{s.THREAD_KEY}: $t}})-[r:{spec.type}]->(b:{spec.end})"
    pairs = [row["a"] + PAIR_SEP + row["b"] for row in wanted]
    result = tx.run(f"MATCH {pattern} WHERE NOT a.id + $sep + b.id IN $pairs DELETE r",
                    t=thread_id, pairs=pairs, sep=PAIR_SEP)
    summary._count(result.consume().counters, rel=spec.type)
