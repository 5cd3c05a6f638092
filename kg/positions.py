"""Positions per topic: the claims about a topic split into sides by the signed agreement graph.

For each topic, claims are the vertices of a signed graph. Edges:

* a stance gives an edge of its sign (agreement +, disagreement -) and weight (its confidence,
  halved when partial) between the responding and the answered claims. A stance about this
  topic uses the claims it names (``GROUNDED_IN`` / ``ON``); an end it does not name stands for
  every claim of that post about the topic. A stance without a topic counts for every topic both
  posts have claims about, through those claims (or the named ones, where they are about the
  topic); a stance about another topic counts only through a named claim about this one. An end
  with no claim to stand for gives no edge: the stance cannot be placed on this topic;
* claims of one author on one topic (or named by a stance on it) are joined by a weak + edge
  (people agree with themselves), weaker than any stance, so it only decides what no stance does.

Sides are a 2-colouring by structural balance: edges are taken strongest first into a spanning
forest that keeps every cycle balanced (union-find with parity); an edge that would unbalance a
cycle is outvoted by the stronger ones already taken. Each connected part that holds at least one
stance edge gives one ``Position`` per non-empty side; claims joined by nothing but the weak edges,
or by nothing at all, cannot be placed and stay unassigned. A position is labelled with the text
of its most central claim (largest summed stance weight).

Most claims of a large topic are reached by no stance: each is joined by one weak edge, to its
author's first claim, and so goes wherever that one goes. Only the claims a stance reaches and
each author's first other claim are vertices (``TopicClaims``); the others follow it (``follow``,
``Side.followers``). The result is the same as with every claim a vertex, whatever the weights:
such a claim's one edge always joins it (nothing else reaches it) and moves no other vertex; it
lands on its author's first claim's side, as the first of the followers does; and that one, with
the least id and the same zero centrality, is the only follower that could be a central claim.
"""

from __future__ import annotations

import logging
import time
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import NamedTuple

import neo4j

from kg import schema as s
from kg.load import LoadSummary

log = logging.getLogger(__name__)

SELF_WEIGHT = 0.05
PARTIAL_FACTOR = 0.5
LABEL_CHARS = 100


@dataclass(frozen=True, slots=True)
class ClaimInfo:
    id: str
    text: str
    post: str
    author: str | None
    question: bool
    topics: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StanceInfo:
    id: str
    sign: int
    weight: float
    from_post: str
    to_post: str
    from_claim: str | None
    to_claim: str | None
    topic: str | None


class Follower(NamedTuple):
    """An author whose claims no stance reaches follow their first one (see ``TopicClaims``)."""

    author: str
    first: str  # that first claim, a vertex of its own
    claims: int  # how many follow it


@dataclass
class Side:
    """One side of one connected part of a topic's signed graph.

    ``claims`` are the side's claims among the vertices; ``followers`` are the authors whose
    other claims about the topic, held by no vertex, follow their first one onto this side
    (``size`` counts them too).
    """

    topic: str
    claims: list[str]
    central: str
    label: str
    side: str
    followers: list[Follower] = field(default_factory=list)
    size: int = 0

    def __post_init__(self) -> None:
        self.size = self.size or len(self.claims)


class TopicClaims:
    """One topic's claims as numbered vertices: the signed graph of a large topic has tens of
    thousands of them, so they are held in arrays rather than one object each.

    A claim's vertex is its place in id order, so every tie below is broken by claim id.
    ``about`` marks the claims about the topic (the others are named by one of its stances).
    ``follow`` counts, for an author's first claim in a post no stance reaches, the author's
    further claims of that kind: they are not vertices, since nothing but the weak edge to
    their author's first claim could join them, and they go wherever it goes.
    """

    def __init__(self, posts: Iterable[tuple[str | None, str | None, list[str], bool]],
                 follow: dict[str, int] | None = None) -> None:
        """``posts``: ``(post, author, claims, about)``, one or more per post, in any order."""
        groups: list[tuple[str | None, int, bool]] = []
        authors: dict[str | None, int] = {None: -1}
        ids: list[str] = []
        group_of = array("i")
        for post, author, claims, about in posts:
            ids += claims
            group_of.extend([len(groups)] * len(claims))
            groups.append((post, authors.setdefault(author, len(authors) - 1), about))
        order = sorted(range(len(ids)), key=ids.__getitem__)
        self.ids: list[str] = [ids[i] for i in order]
        del ids
        self.authors: list[str] = [a for a in authors if a is not None]  # by author number
        self.about = bytearray(groups[group_of[i]][2] for i in order)
        self.author = array("i", (groups[group_of[i]][1] for i in order))
        follow = follow or {}
        self.follow = array("i", (follow.get(c, 0) for c in self.ids))
        self.by_post: dict[str, list[int]] = defaultdict(list)  # post -> its vertices about it
        for v, i in enumerate(order):
            post, _, about = groups[group_of[i]]
            if about and post is not None:
                self.by_post[post].append(v)

    def __len__(self) -> int:
        return len(self.ids)

    def vertex(self, claim: str | None) -> int:
        """The claim's vertex, or -1 when it is not one of this topic's claims."""
        if claim is None:
            return -1
        v = bisect_left(self.ids, claim)
        return v if v < len(self.ids) and self.ids[v] == claim else -1

    def is_about(self, claim: str | None) -> bool:
        v = self.vertex(claim)
        return v >= 0 and bool(self.about[v])


class Edges:
    """The signed edges of one topic, as parallel arrays (weight, sign, ends, kind)."""

    def __init__(self) -> None:
        self.weight = array("d")
        self.negative = bytearray()
        self.a = array("i")
        self.b = array("i")
        self.stance = bytearray()

    def add(self, weight: float, sign: int, a: int, b: int, stance: bool) -> None:
        self.weight.append(weight)
        self.negative.append(sign < 0)
        self.a.append(a)
        self.b.append(b)
        self.stance.append(stance)

    def __len__(self) -> int:
        return len(self.weight)

    def strongest_first(self, vertices: int) -> list[int]:
        """Edge numbers by weight, strongest first, then by their ends' ids; stable, so
        edges alike keep the order they were found in. One integer key per edge: the rank
        of its weight, then its two ends."""
        rank = {w: r for r, w in enumerate(sorted(set(self.weight), reverse=True))}
        square = vertices * vertices
        keys = [rank[w] * square + a * vertices + b
                for w, a, b in zip(self.weight, self.a, self.b, strict=True)]
        return sorted(range(len(keys)), key=keys.__getitem__)


def signed_edges(topic: str, g: TopicClaims, stances: list[StanceInfo]) -> Edges:
    """The topic's edges: one per pair of claims a stance sets against or beside each other,
    then the weak edges joining each author's claims."""
    edges = Edges()
    for x in stances:
        if x.topic not in (topic, None) and not (g.is_about(x.from_claim) or g.is_about(x.to_claim)):
            continue  # a stance on another topic says nothing about this one
        mine = x.topic == topic
        froms = _side(g, x.from_post, x.from_claim, mine)
        tos = _side(g, x.to_post, x.to_claim, mine)
        for a in froms:
            for b in tos:
                if a != b:
                    edges.add(x.weight, x.sign, a, b, True)
    placed = bytearray(g.about)
    for ends in (edges.a, edges.b):
        for v in ends:
            placed[v] = 1
    first: dict[int, int] = {}
    for v in range(len(g)):
        author = g.author[v]
        if placed[v] and author >= 0:
            if author in first:
                edges.add(SELF_WEIGHT, 1, first[author], v, False)
            else:
                first[author] = v
    return edges


def _side(g: TopicClaims, post: str, claim: str | None, mine: bool) -> list[int]:
    """The claims standing for one end of a stance (see the module docstring)."""
    if claim is not None and (mine or g.is_about(claim)):
        v = g.vertex(claim)
        return [v] if v >= 0 else []
    return g.by_post.get(post, [])


def split_topic(topic: str, claims: dict[str, ClaimInfo], stances: list[StanceInfo]) -> list[Side]:
    """The positions of one topic, from claims given one object each (labels from their text)."""
    g = TopicClaims((x.post, x.author, [c], topic in x.topics) for c, x in claims.items())
    sides = split_graph(topic, g, stances)
    for side in sides:
        side.label = _label(claims[side.central].text)
    return sides


def split_graph(topic: str, g: TopicClaims, stances: list[StanceInfo]) -> list[Side]:
    """The positions of one topic: sides of each part of its balanced signed graph (unlabelled)."""
    edges = signed_edges(topic, g, stances)
    n = len(g)
    parent = array("i", range(n))
    parity = bytearray(n)
    centrality = array("d", bytes(8 * n))
    has_stance = bytearray(n)
    for e in edges.strongest_first(n):
        a, b = edges.a[e], edges.b[e]
        accepted = _join(parent, parity, a, b, edges.negative[e])
        if edges.stance[e]:
            centrality[a] += edges.weight[e]
            centrality[b] += edges.weight[e]
            if accepted:
                has_stance[a] = has_stance[b] = 1
    del edges
    touched = _touched(parent)
    parts: dict[int, list[int]] = defaultdict(list)
    for v in range(n):
        if touched[v]:
            parts[_find(parent, parity, v)[0]].append(v)
    sides: list[Side] = []
    for members in parts.values():
        if not any(has_stance[v] for v in members):
            continue
        for side in (0, 1):
            group = [v for v in members if parity[v] == side]  # parity is final after _find
            if group:
                # the strongest claim; the first in id order among equals
                central = max(group, key=lambda v: (centrality[v], -v))
                followers = [Follower(g.authors[g.author[v]], g.ids[v], g.follow[v])
                             for v in group if g.follow[v]]
                sides.append(Side(topic, [g.ids[v] for v in group], g.ids[central], "", "AB"[side],
                                  followers, len(group) + sum(g.follow[v] for v in group)))
    return sides


def _touched(parent: array) -> bytearray:
    """Vertices some edge reached: a root with members, or a member."""
    out = bytearray(len(parent))
    for v, p in enumerate(parent):
        if p != v:
            out[v] = out[p] = 1
    return out


def _find(parent: array, parity: bytearray, x: int) -> tuple[int, int]:
    """The root of ``x`` and its side relative to it; iterative (long chains cannot exhaust the
    stack), compressing the path it walked."""
    path = []
    node = x
    while parent[node] != node:
        path.append(node)
        node = parent[node]
    acc = 0
    for member in reversed(path):  # nearest the root first: accumulate parity outwards
        acc ^= parity[member]
        parent[member], parity[member] = node, acc
    return node, parity[x] if path else 0


def _join(parent: array, parity: bytearray, a: int, b: int, differ: int) -> bool:
    """Put ``a`` and ``b`` on sides differing by ``differ``; False when that contradicts."""
    (ra, pa), (rb, pb) = _find(parent, parity, a), _find(parent, parity, b)
    if ra == rb:
        return (pa ^ pb) == differ
    parent[rb], parity[rb] = ra, pa ^ pb ^ differ
    return True


def _label(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


# -- reading the graph and writing the positions ------------------------------------------------
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
# claims a stance about the topic names that are not about it.
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
_FOLLOWING_CLAIMS = f"""
MATCH (:{s.TOPIC} {{id: $topic}})<-[:{s.ABOUT}]-(c:{s.CLAIM})<-[:{s.MAKES}]-(p:{s.POST})
      <-[:{s.WROTE}]-(a:{s.AUTHOR})
WHERE $followers[a.id] IS NOT NULL AND $reached[p.id] IS NULL AND $named[c.id] IS NULL
  AND c.id <> $followers[a.id][1]
  AND NOT EXISTS {{ MATCH (b:{s.AUTHOR})-[:{s.WROTE}]->(p) WHERE b.id < a.id }}
MATCH (pos:{s.POSITION} {{id: $followers[a.id][0]}})
"""
# ``TAKES`` to a position other than the claim's new one: a vertex's is in ``$held`` ("" when
# it has none), a following claim's is its author's in ``$followers``; any other claim has none.
_DROP_STALE_TAKES = f"""
MATCH (c:{s.CLAIM})-[r:{s.TAKES}]->(p:{s.POSITION})-[:{s.ON}]->(t:{s.TOPIC} {{id: $topic}})
OPTIONAL MATCH (a:{s.AUTHOR})-[:{s.WROTE}]->(post:{s.POST})-[:{s.MAKES}]->(c)
WITH c, r, p, t, min(a.id) AS author, min(post.id) AS post
WITH r, p, CASE
  WHEN $held[c.id] IS NOT NULL THEN $held[c.id]
  WHEN author IS NOT NULL AND $reached[post] IS NULL AND $named[c.id] IS NULL
       AND (c)-[:{s.ABOUT}]->(t) THEN $followers[author]
  END AS want
WHERE coalesce(want <> p.id, true)
DELETE r
"""

# Claims per statement when writing TAKES (all in the topic's one transaction).
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
    authors) is nothing a positions write changes.
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
        "label": _label(labels.get(x.central) or ""), "side": x.side, "size": x.size,
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
    followers: dict[str, str] = {}
    for pid, side in zip(ids, sides, strict=True):
        held.update(dict.fromkeys(side.claims, pid))
        followers.update(dict.fromkeys((f.author for f in side.followers), pid))
    result = tx.run(_DROP_STALE_TAKES, topic=topic, held=held, followers=followers,
                    reached=graph.reached, named=graph.named)
    summary._count(result.consume().counters, rel=s.TAKES)
    del held, followers
    result = tx.run(f"MATCH {on_topic} WHERE NOT p.id IN $ids DETACH DELETE p", topic=topic, ids=ids)
    summary._count(result.consume().counters, label=s.POSITION, rel=s.ON)


def _takes_batches(ids: list[str], sides: list[Side], size: int,
                   ) -> Iterator[list[tuple[str, list[str]]]]:
    """``(position id, claims)`` rows holding at most ``size`` claims in all: one statement
    per batch keeps a topic of a million claims within the server's memory for a query."""
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
