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
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field

import neo4j

from kg import schema as s
from kg.load import PAIR_SEP, LoadSummary

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


@dataclass
class Side:
    """One side of one connected part of a topic's signed graph."""

    topic: str
    claims: list[str]
    central: str
    label: str
    side: str


@dataclass
class _Forest:
    """Union-find where each member also knows its parity (side) relative to its root."""

    parent: dict[str, str] = field(default_factory=dict)
    parity: dict[str, int] = field(default_factory=dict)

    def find(self, x: str) -> tuple[str, int]:
        """The root of ``x`` and its side relative to it; iterative, so long chains cannot
        exhaust the stack, and compressing the path it walked."""
        self.parent.setdefault(x, x)
        self.parity.setdefault(x, 0)
        path = []
        node = x
        while self.parent[node] != node:
            path.append(node)
            node = self.parent[node]
        root, acc = node, 0
        for member in reversed(path):  # nearest the root first: accumulate parity outwards
            acc ^= self.parity[member]
            self.parent[member], self.parity[member] = root, acc
        return root, self.parity[x] if path else 0

    def join(self, a: str, b: str, differ: int) -> bool:
        """Put ``a`` and ``b`` on sides differing by ``differ``; False when that contradicts."""
        (ra, pa), (rb, pb) = self.find(a), self.find(b)
        if ra == rb:
            return (pa ^ pb) == differ
        self.parent[rb], self.parity[rb] = ra, pa ^ pb ^ differ
        return True


def signed_edges(topic: str, claims: dict[str, ClaimInfo], stances: list[StanceInfo],
                 ) -> list[tuple[float, int, str, str, bool]]:
    """The topic's edges ``(weight, sign, claim_a, claim_b, is_stance)``."""
    about = {c for c, info in claims.items() if topic in info.topics}
    by_post: dict[str, list[str]] = defaultdict(list)
    for c in sorted(about):
        by_post[claims[c].post].append(c)
    edges: list[tuple[float, int, str, str, bool]] = []
    for x in stances:
        if x.topic not in (topic, None) and not {x.from_claim, x.to_claim} & about:
            continue  # a stance on another topic says nothing about this one
        mine = x.topic == topic
        froms = _side(x.from_post, x.from_claim, about, by_post, mine)
        tos = _side(x.to_post, x.to_claim, about, by_post, mine)
        edges += [(x.weight, x.sign, a, b, True) for a in froms for b in tos if a != b]
    placed = about | {c for e in edges for c in e[2:4]}
    by_author: dict[str, list[str]] = defaultdict(list)
    for c in sorted(placed):
        if claims[c].author is not None:
            by_author[claims[c].author].append(c)
    for group in by_author.values():
        edges += [(SELF_WEIGHT, 1, group[0], other, False) for other in group[1:]]
    return edges


def _side(post: str, claim: str | None, about: set[str], by_post: dict[str, list[str]],
          mine: bool) -> list[str]:
    """The claims standing for one end of a stance (see the module docstring)."""
    if claim is not None and (mine or claim in about):
        return [claim]
    return by_post.get(post, [])


def split_topic(topic: str, claims: dict[str, ClaimInfo], stances: list[StanceInfo]) -> list[Side]:
    """The positions of one topic: sides of each part of its balanced signed graph."""
    edges = sorted(signed_edges(topic, claims, stances), key=lambda e: (-e[0], e[2], e[3]))
    forest = _Forest()
    centrality: dict[str, float] = defaultdict(float)
    has_stance: set[str] = set()
    for weight, sign, a, b, is_stance in edges:
        accepted = forest.join(a, b, 0 if sign > 0 else 1)
        if is_stance:
            centrality[a] += weight
            centrality[b] += weight
            if accepted:
                has_stance.update((a, b))
    parts: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for c in sorted(forest.parent):
        root, parity = forest.find(c)
        parts[root].append((c, parity))
    sides: list[Side] = []
    for members in parts.values():
        if not any(c in has_stance for c, _ in members):
            continue
        for parity in (0, 1):
            group = [c for c, p in members if p == parity]
            if group:
                # the strongest claim; the first in id order among equals
                central = group[max(range(len(group)), key=lambda i: (centrality[group[i]], -i))]
                sides.append(Side(topic, group, central, _label(claims[central].text),
                                  "AB"[parity]))
    return sides


def _label(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


# -- reading the graph and writing the positions ------------------------------------------------
# One topic at a time: memory holds one topic's claims (ids only, no text) and the stances
# (ids and weights), never the corpus; labels are read for the central claims alone.
# Each read returns one record holding lists: streaming a record per claim costs several
# times more, on both ends of the connection, than the same rows collected on the server.
_READ_TOPIC_CLAIMS = f"""
MATCH (t:{s.TOPIC} {{id: $topic}})
CALL (t) {{
  MATCH (t)<-[:{s.ABOUT}]-(c:{s.CLAIM})<-[:{s.MAKES}]-(p:{s.POST})
  OPTIONAL MATCH (a:{s.AUTHOR})-[:{s.WROTE}]->(p)
  RETURN collect([c.id, p.id, a.id]) AS about
}}
CALL (t) {{
  MATCH (t)<-[:{s.ABOUT}]-(:{s.STANCE})-[:{s.ON}|{s.GROUNDED_IN}]->(c:{s.CLAIM})
  WHERE NOT (c)-[:{s.ABOUT}]->(t)
  MATCH (p:{s.POST})-[:{s.MAKES}]->(c)
  OPTIONAL MATCH (a:{s.AUTHOR})-[:{s.WROTE}]->(p)
  RETURN collect(DISTINCT [c.id, p.id, a.id]) AS named
}}
RETURN about, named
"""
_READ_STANCES = f"""
MATCH (fp:{s.POST})-[:{s.EXPRESSES}]->(x:{s.STANCE})-[:{s.TOWARDS}]->(tp:{s.POST})
OPTIONAL MATCH (x)-[:{s.ON}]->(tc:{s.CLAIM})
OPTIONAL MATCH (x)-[:{s.GROUNDED_IN}]->(fc:{s.CLAIM})
OPTIONAL MATCH (x)-[:{s.ABOUT}]->(t:{s.TOPIC})
WITH x, fp, tp, fc, tc, t ORDER BY x.id
RETURN collect([x.id, x.kind = 'agreement', coalesce(x.partial, false),
                coalesce(x.confidence, 0.5), fp.id, tp.id, fc.id, tc.id, t.id]) AS stances
"""


@dataclass
class StanceIndex:
    """Every stance, found by what can make it count for a topic (see ``signed_edges``)."""

    by_topic: dict[str | None, list[StanceInfo]] = field(default_factory=lambda: defaultdict(list))
    untopical_by_post: dict[str, list[StanceInfo]] = field(default_factory=lambda: defaultdict(list))
    by_claim: dict[str, list[StanceInfo]] = field(default_factory=lambda: defaultdict(list))

    def add(self, x: StanceInfo) -> None:
        self.by_topic[x.topic].append(x)
        if x.topic is None:
            self.untopical_by_post[x.from_post].append(x)
        for claim in {x.from_claim, x.to_claim} - {None}:
            self.by_claim[claim].append(x)

    def for_topic(self, topic: str, claims: dict[str, ClaimInfo]) -> list[StanceInfo]:
        """The stances that may give this topic an edge, in id order."""
        found = {x.id: x for x in self.by_topic.get(topic, [])}
        for c, info in claims.items():
            if topic in info.topics:
                found.update((x.id, x) for x in self.untopical_by_post.get(info.post, []))
                found.update((x.id, x) for x in self.by_claim.get(c, []))
        return [found[k] for k in sorted(found)]


def read_stances(session: neo4j.Session) -> StanceIndex:
    """Every stance, indexed."""
    index = StanceIndex()
    for sid, agrees, partial, confidence, from_post, to_post, from_claim, to_claim, topic in (
            session.run(_READ_STANCES).single(strict=True)["stances"]):
        index.add(StanceInfo(sid, 1 if agrees else -1,
                             confidence * (PARTIAL_FACTOR if partial else 1.0),
                             from_post, to_post, from_claim, to_claim, topic))
    return index


def read_topic_claims(session: neo4j.Session, topic: str) -> dict[str, ClaimInfo]:
    """The claims about one topic, and the other claims its stances name; text is left out."""
    record = session.run(_READ_TOPIC_CLAIMS, topic=topic).single()
    if record is None:
        return {}
    shared: dict[str, str] = {}  # one string per post and author id, not one per claim
    about = (topic,)
    claims = {}
    for rows, topics in ((record["named"], ()), (record["about"], about)):
        for c, post, author in rows:
            post = shared.setdefault(post, post)
            author = author if author is None else shared.setdefault(author, author)
            claims[c] = ClaimInfo(c, "", post, author, False, topics)
    return claims


def recompute_positions(driver: neo4j.Driver, *, database: str) -> LoadSummary:
    """Recompute every topic's positions from the stored stances: read, split and write one
    topic at a time (a write transaction per topic, by difference)."""
    began = time.monotonic()
    summary = LoadSummary()
    positions = 0
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        stances = read_stances(session)
        topics = session.run(f"MATCH (t:{s.TOPIC}) RETURN t.id AS id ORDER BY id").value("id")
    with driver.session(database=database) as session:
        for topic in topics:
            claims = read_topic_claims(session, topic)
            sides = split_topic(topic, claims, stances.for_topic(topic, claims))
            positions += len(sides)
            summary.add(session.execute_write(_write_topic_positions, topic, sides))
        summary.add(session.execute_write(_drop_orphans))
    summary.seconds = time.monotonic() - began
    log.info("%d positions on %d topics in %.2f s", positions, len(topics), summary.seconds)
    return summary


def position_id(side: Side) -> str:
    """Stable while the side's most central claim stays the same."""
    return f"position:{side.topic}:{side.central}"


def _write_topic_positions(tx: neo4j.ManagedTransaction, topic: str, sides: list[Side],
                           ) -> LoadSummary:
    summary = LoadSummary()
    labels = dict(tx.run(f"UNWIND $ids AS id MATCH (c:{s.CLAIM} {{id: id}}) RETURN c.id, c.text",
                         ids=[x.central for x in sides]).values())
    rows = [{"id": position_id(x), "claims": x.claims, "props": {
        "label": _label(labels.get(x.central) or ""), "side": x.side, "size": len(x.claims),
        "central_claim": x.central, "topic_id": x.topic}} for x in sides]
    takes = [c + PAIR_SEP + position_id(x) for x in sides for c in x.claims]
    on_topic = f"(p:{s.POSITION})-[:{s.ON}]->(:{s.TOPIC} {{id: $topic}})"
    steps = [
        (f"MATCH (c:{s.CLAIM})-[r:{s.TAKES}]->{on_topic} "
         "WHERE NOT c.id + $sep + p.id IN $takes DELETE r", None, s.TAKES),
        (f"MATCH {on_topic} WHERE NOT p.id IN $ids DETACH DELETE p", s.POSITION, s.ON),
        (f"UNWIND $rows AS row MERGE (p:{s.POSITION} {{id: row.id}}) SET p += row.props "
         f"WITH p MATCH (t:{s.TOPIC} {{id: $topic}}) MERGE (p)-[:{s.ON}]->(t)", s.POSITION, s.ON),
        (f"UNWIND $rows AS row MATCH (p:{s.POSITION} {{id: row.id}}) "
         f"UNWIND row.claims AS claim MATCH (c:{s.CLAIM} {{id: claim}}) "
         f"MERGE (c)-[:{s.TAKES}]->(p)", None, s.TAKES),
    ]
    ids = [r["id"] for r in rows]
    for query, label, rel in steps:
        result = tx.run(query, topic=topic, rows=rows, ids=ids, takes=takes, sep=PAIR_SEP)
        summary._count(result.consume().counters, label=label, rel=rel)
    return summary


def _drop_orphans(tx: neo4j.ManagedTransaction) -> LoadSummary:
    """Positions whose topic is gone (its last thread was re-ingested without it)."""
    summary = LoadSummary()
    result = tx.run(f"MATCH (p:{s.POSITION}) WHERE NOT (p)-[:{s.ON}]->(:{s.TOPIC}) DETACH DELETE p")
    summary._count(result.consume().counters, label=s.POSITION, rel=s.TAKES)
    return summary
