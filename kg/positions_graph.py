"""Positions in the graph: what a topic's split (``kg.positions``) is computed from is read
from Neo4j, and the positions are written back by difference, one topic at a time."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import neo4j

from kg import schema as s
from kg.load import LoadSummary
from kg.positions import PARTIAL_FACTOR, Side, StanceInfo, TopicClaims, position_label, split_graph

log = logging.getLogger(__name__)

# One topic at a time, and of that topic only what a stance reaches. Memory holds the stances
# that may count for the topic (ids and weights), the claims of the posts they reach or name
# (ids only, in arrays) and, per author, the first of their other claims about the topic: never
# the corpus, nor the bulk of a topic that is mostly claims no stance reaches. Those follow their
# author's first claim onto its side, and their TAKES are written by the server from the author.
# Labels are read for the central claims alone. Each read returns one record holding lists:
# streaming a record per claim costs several times more on both ends of the connection.

# The stances that may give the topic an edge (see ``signed_edges``): those about it, those
# about no topic from a post with claims about it, and those naming one of its claims.
_READ_TOPIC_STANCES = f"""
MATCH (t:{s.TOPIC} {{id: $topic}})
CALL (t) {{
  MATCH (x:{s.STANCE})-[:{s.ABOUT}]->(t) RETURN x
  UNION
  MATCH (t)<-[:{s.ABOUT}]-(:{s.CLAIM})<-[:{s.MAKES}]-(:{s.POST})-[:{s.EXPRESSES}]->(x:{s.STANCE})
  WHERE NOT (x)-[:{s.ABOUT}]->(:{s.TOPIC})
  RETURN x
  UNION
  MATCH (t)<-[:{s.ABOUT}]-(:{s.CLAIM})<-[:{s.ON}|{s.GROUNDED_IN}]-(x:{s.STANCE}) RETURN x
}}
MATCH (fp:{s.POST})-[:{s.EXPRESSES}]->(x)-[:{s.TOWARDS}]->(tp:{s.POST})
OPTIONAL MATCH (x)-[:{s.ON}]->(tc:{s.CLAIM})
OPTIONAL MATCH (x)-[:{s.GROUNDED_IN}]->(fc:{s.CLAIM})
OPTIONAL MATCH (x)-[:{s.ABOUT}]->(xt:{s.TOPIC})
WITH x, fp, tp, fc, tc, xt ORDER BY x.id
RETURN collect([x.id, x.kind = 'agreement', coalesce(x.partial, false),
                coalesce(x.confidence, 0.5), fp.id, tp.id, fc.id, tc.id, xt.id]) AS stances
"""

# The topic's claims a stance reaches (``$reached`` posts, ``$named`` claims), one list per post,
# and per author the first of the other claims about the topic and how many there are; then the
# claims a stance about the topic names that are not about it. "First" is the server's string
# order, which is Python's unless ids mix characters beyond U+FFFF with ones from U+E000 to
# U+FFFF; even then, only the central claim of a side whose centralities are all zero could differ.
_READ_TOPIC_CLAIMS = f"""
MATCH (t:{s.TOPIC} {{id: $topic}})
CALL (t) {{
  MATCH (t)<-[:{s.ABOUT}]-(c:{s.CLAIM})<-[:{s.MAKES}]-(p:{s.POST})
  WITH p, collect(c.id) AS claims
  OPTIONAL MATCH (a:{s.AUTHOR})-[:{s.WROTE}]->(p)
  WITH p, claims, min(a.id) AS author, $reached[p.id] IS NOT NULL AS reached
  WITH p, author, [c IN claims WHERE reached OR $named[c] IS NOT NULL] AS held,
       [c IN claims WHERE NOT reached AND $named[c] IS NULL] AS others
  WITH author, collect(CASE WHEN size(held) > 0 THEN [p.id, held] END) AS posts,
       min(reduce(first = head(others), c IN others | CASE WHEN c < first THEN c ELSE first END))
         AS first, sum(size(others)) AS others
  RETURN collect([author, posts, first, others]) AS about
}}
CALL (t) {{
  MATCH (t)<-[:{s.ABOUT}]-(:{s.STANCE})-[:{s.ON}|{s.GROUNDED_IN}]->(c:{s.CLAIM})
  WHERE NOT (c)-[:{s.ABOUT}]->(t)
  MATCH (p:{s.POST})-[:{s.MAKES}]->(c)
  WITH p, collect(DISTINCT c.id) AS claims
  OPTIONAL MATCH (a:{s.AUTHOR})-[:{s.WROTE}]->(p)
  WITH p, claims, min(a.id) AS author
  RETURN collect([p.id, author, claims]) AS named
}}
RETURN about, named
"""
# The topic's claims that follow their author (see ``TopicClaims``), with the position each
# follows into: ``$followers`` maps an author to ``[position id, first claim]``. The first claim
# is a vertex, written with the others. A post's author is its least author id, as in the read.
# One statement for the topic: its parameters are per author, and it streams (no eager step).
_FOLLOWING_CLAIMS = f"""
MATCH (:{s.TOPIC} {{id: $topic}})<-[:{s.ABOUT}]-(c:{s.CLAIM})<-[:{s.MAKES}]-(p:{s.POST})
      <-[:{s.WROTE}]-(a:{s.AUTHOR})
WHERE $followers[a.id] IS NOT NULL AND $reached[p.id] IS NULL AND $named[c.id] IS NULL
  AND c.id <> $followers[a.id][1]
  AND NOT EXISTS {{ MATCH (b:{s.AUTHOR})-[:{s.WROTE}]->(p) WHERE b.id < a.id }}
MATCH (pos:{s.POSITION} {{id: $followers[a.id][0]}})
"""
# ``TAKES`` to a position other than the claim's new one: a vertex's is in ``$held`` ("" when
# it has none), a following claim's is its author's in ``$author_position``; any other claim has
# none.
_DROP_STALE_TAKES = f"""
MATCH (c:{s.CLAIM})-[r:{s.TAKES}]->(p:{s.POSITION})-[:{s.ON}]->(t:{s.TOPIC} {{id: $topic}})
OPTIONAL MATCH (a:{s.AUTHOR})-[:{s.WROTE}]->(post:{s.POST})-[:{s.MAKES}]->(c)
WITH c, r, p, t, min(a.id) AS author, min(post.id) AS post
WITH r, p, CASE
  WHEN $held[c.id] IS NOT NULL THEN $held[c.id]
  WHEN author IS NOT NULL AND $reached[post] IS NULL AND $named[c.id] IS NULL
       AND (c)-[:{s.ABOUT}]->(t) THEN $author_position[author]
  END AS want
WHERE coalesce(want <> p.id, true)
DELETE r
"""

# Claims per statement when writing the TAKES of the claims held (all in the topic's one
# transaction): the claim ids are the statement's parameters, so this bounds their size.
TAKES_BATCH = 10_000


@dataclass
class TopicGraph:
    """What one topic's positions are computed from, with the maps its claims were read by:
    the writes tell the claims that are vertices from those that follow their author by them."""

    claims: TopicClaims
    stances: list[StanceInfo]
    reached: dict[str, bool]  # posts a stance of the topic comes from or goes to
    named: dict[str, bool]  # claims a stance of the topic names


def read_topic_stances(session: neo4j.Session, topic: str) -> list[StanceInfo]:
    """The stances that may count for one topic, in id order; a post or claim id named by
    several of them is held once."""
    shared: dict[str, str] = {}

    def one(value: str | None) -> str | None:
        return value if value is None else shared.setdefault(value, value)

    record = session.run(_READ_TOPIC_STANCES, topic=topic).single()
    return [StanceInfo(sid, 1 if agrees else -1, confidence * (PARTIAL_FACTOR if partial else 1.0),
                       one(from_post), one(to_post), one(from_claim), one(to_claim), one(about))
            for sid, agrees, partial, confidence, from_post, to_post, from_claim, to_claim, about
            in (record["stances"] if record else [])]


def read_topic(session: neo4j.Session, topic: str) -> TopicGraph:
    """The stances that may count for one topic, then the claims they reach; text is left out."""
    stances = read_topic_stances(session, topic)
    reached = dict.fromkeys((p for x in stances for p in (x.from_post, x.to_post)), True)
    named = dict.fromkeys((c for x in stances for c in (x.from_claim, x.to_claim) if c), True)
    record = session.run(_READ_TOPIC_CLAIMS, topic=topic, reached=reached, named=named).single()
    groups: list[tuple[str | None, str | None, list[str], bool]] = []
    follow: dict[str, int] = {}
    if record is not None:
        groups += [(p, author, claims, False) for p, author, claims in record["named"]]
        for author, posts, first, others in record["about"]:
            groups += [(p, author, claims, True) for p, claims in posts]
            if author is not None and first is not None:
                groups.append((None, author, [first], True))
                follow[first] = others - 1
        del record
    return TopicGraph(TopicClaims(groups, follow), stances, reached, named)


def recompute_positions(driver: neo4j.Driver, *, database: str) -> LoadSummary:
    """Recompute every topic's positions from the stored stances: read, split and write one
    topic at a time (a write transaction per topic, by difference).

    The next topic is read (on a thread and a session of its own) while this one is split
    and written, so the server reads and writes at once; what it reads (claims, stances,
    authors) is nothing a positions write changes. Claims that follow their author are found
    again when written: an ingest running at the same time may leave a topic's sizes and
    ``TAKES`` apart until the next computation.
    """
    began = time.monotonic()
    summary = LoadSummary()
    positions = 0
    with driver.session(database=database) as session, \
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="debatekg-positions") as reader:
        topics = session.run(f"MATCH (t:{s.TOPIC}) RETURN t.id AS id ORDER BY id").value("id")
        upcoming = reader.submit(_read_topic, driver, database, topics[0]) if topics else None
        for i, topic in enumerate(topics):
            graph = upcoming.result()
            upcoming = (reader.submit(_read_topic, driver, database, topics[i + 1])
                        if i + 1 < len(topics) else None)
            sides = split_graph(topic, graph.claims, graph.stances)
            graph.stances = []
            positions += len(sides)
            summary.add(session.execute_write(_write_topic_positions, topic, sides, graph))
            del graph
        summary.add(session.execute_write(_drop_orphans))
    summary.seconds = time.monotonic() - began
    log.info("%d positions on %d topics in %.2f s", positions, len(topics), summary.seconds)
    return summary


def _read_topic(driver: neo4j.Driver, database: str, topic: str) -> TopicGraph:
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        return read_topic(session, topic)


def position_id(side: Side) -> str:
    """Stable while the side's most central claim stays the same."""
    return f"position:{side.topic}:{side.central}"


def _write_topic_positions(tx: neo4j.ManagedTransaction, topic: str, sides: list[Side],
                           graph: TopicGraph) -> LoadSummary:
    """Replace the topic's positions by ``sides``, by difference: positions and ``TAKES``
    that stay are left alone. A position new in this transaction has no ``TAKES`` yet, so its
    claims are joined to it with ``CREATE`` (on a first ingest, every position is new)."""
    summary = LoadSummary()
    on_topic = f"(p:{s.POSITION})-[:{s.ON}]->(:{s.TOPIC} {{id: $topic}})"
    existing = set(tx.run(f"MATCH {on_topic} RETURN p.id AS id", topic=topic).value("id"))
    labels = dict(tx.run(f"UNWIND $ids AS id MATCH (c:{s.CLAIM} {{id: id}}) RETURN c.id, c.text",
                         ids=[x.central for x in sides]).values())
    rows = [{"id": position_id(x), "props": {
        "label": position_label(labels.get(x.central) or ""), "side": x.side, "size": x.size,
        "central_claim": x.central, "topic_id": x.topic}} for x in sides]
    ids = [r["id"] for r in rows]
    if existing:
        _drop_stale(tx, topic, on_topic, ids, sides, graph, summary)
    result = tx.run(f"UNWIND $rows AS row MERGE (p:{s.POSITION} {{id: row.id}}) SET p += row.props "
                    f"WITH p MATCH (t:{s.TOPIC} {{id: $topic}}) MERGE (p)-[:{s.ON}]->(t)",
                    topic=topic, rows=rows)
    summary._count(result.consume().counters, label=s.POSITION, rel=s.ON)
    for verb, kept in (("CREATE", False), ("MERGE", True)):
        chosen = [(pid, x) for pid, x in zip(ids, sides, strict=True) if (pid in existing) == kept]
        pids, chosen_sides = [pid for pid, _ in chosen], [x for _, x in chosen]
        query = (f"UNWIND $rows AS row MATCH (p:{s.POSITION} {{id: row[0]}}) "
                 f"UNWIND row[1] AS claim MATCH (c:{s.CLAIM} {{id: claim}}) "
                 f"{verb} (c)-[:{s.TAKES}]->(p)")
        for batch in _takes_batches(pids, chosen_sides, TAKES_BATCH):
            summary._count(tx.run(query, rows=batch).consume().counters, rel=s.TAKES)
        followers = {f.author: [pid, f.first] for pid, x in chosen for f in x.followers}
        if followers:
            result = tx.run(f"{_FOLLOWING_CLAIMS} {verb} (c)-[:{s.TAKES}]->(pos)", topic=topic,
                            followers=followers, reached=graph.reached, named=graph.named)
            summary._count(result.consume().counters, rel=s.TAKES)
    return summary


def _drop_stale(tx: neo4j.ManagedTransaction, topic: str, on_topic: str, ids: list[str],
                sides: list[Side], graph: TopicGraph, summary: LoadSummary) -> None:
    """``TAKES`` to a position other than the claim's new one, and positions that are gone."""
    held = dict.fromkeys(graph.claims.ids, "")
    author_position: dict[str, str] = {}
    for pid, side in zip(ids, sides, strict=True):
        held.update(dict.fromkeys(side.claims, pid))
        author_position.update(dict.fromkeys((f.author for f in side.followers), pid))
    result = tx.run(_DROP_STALE_TAKES, topic=topic, held=held, author_position=author_position,
                    reached=graph.reached, named=graph.named)
    summary._count(result.consume().counters, rel=s.TAKES)
    del held, author_position
    result = tx.run(f"MATCH {on_topic} WHERE NOT p.id IN $ids DETACH DELETE p", topic=topic, ids=ids)
    summary._count(result.consume().counters, label=s.POSITION, rel=s.ON)


def _takes_batches(ids: list[str], sides: list[Side], size: int,
                   ) -> Iterator[list[tuple[str, list[str]]]]:
    """``(position id, claims)`` rows holding at most ``size`` claims in all, so that no
    statement's parameters grow with the topic."""
    batch: list[tuple[str, list[str]]] = []
    room = size
    for pid, side in zip(ids, sides, strict=True):
        for start in range(0, len(side.claims), size):
            part = side.claims[start:start + size]
            if len(part) > room:
                yield batch
                batch, room = [], size
            batch.append((pid, part))
            room -= len(part)
    if batch:
        yield batch


def _drop_orphans(tx: neo4j.ManagedTransaction) -> LoadSummary:
    """Positions whose topic is gone (its last thread was re-ingested without it)."""
    summary = LoadSummary()
    result = tx.run(f"MATCH (p:{s.POSITION}) WHERE NOT (p)-[:{s.ON}]->(:{s.TOPIC}) DETACH DELETE p")
    summary._count(result.consume().counters, label=s.POSITION, rel=s.TAKES)
    return summary
