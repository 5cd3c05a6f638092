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


@dataclass(frozen=True)
class ClaimInfo:
    id: str
    text: str
    post: str
    author: str | None
    question: bool
    topics: tuple[str, ...]


@dataclass(frozen=True)
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
                central = max(group, key=lambda c: (centrality[c], -group.index(c)))
                sides.append(Side(topic, group, central, _label(claims[central].text),
                                  "AB"[parity]))
    return sides


def _label(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


# -- reading the graph and writing the positions ------------------------------------------------
_READ_CLAIMS = f"""
MATCH (p:{s.POST})-[:{s.MAKES}]->(c:{s.CLAIM})
OPTIONAL MATCH (a:{s.AUTHOR})-[:{s.WROTE}]->(p)
CALL (c) {{ OPTIONAL MATCH (c)-[:{s.ABOUT}]->(t:{s.TOPIC}) RETURN collect(t.id) AS topics }}
RETURN c.id AS id, c.text AS text, p.id AS post, a.id AS author,
       coalesce(c.question, false) AS question, topics
"""
_READ_STANCES = f"""
MATCH (fp:{s.POST})-[:{s.EXPRESSES}]->(x:{s.STANCE})-[:{s.TOWARDS}]->(tp:{s.POST})
OPTIONAL MATCH (x)-[:{s.ON}]->(tc:{s.CLAIM})
OPTIONAL MATCH (x)-[:{s.GROUNDED_IN}]->(fc:{s.CLAIM})
OPTIONAL MATCH (x)-[:{s.ABOUT}]->(t:{s.TOPIC})
RETURN x.id AS id, x.kind AS kind, coalesce(x.partial, false) AS partial,
       coalesce(x.confidence, 0.5) AS confidence, fp.id AS from_post, tp.id AS to_post,
       fc.id AS from_claim, tc.id AS to_claim, t.id AS topic
"""


def read_signed_graph(driver: neo4j.Driver, *, database: str,
                      ) -> tuple[dict[str, ClaimInfo], list[StanceInfo], list[str]]:
    """Every claim, every stance and every topic id, as the splitter needs them."""
    def q(query: str) -> list[neo4j.Record]:
        return driver.execute_query(query, database_=database,
                                    routing_=neo4j.RoutingControl.READ).records

    claims = {r["id"]: ClaimInfo(r["id"], r["text"], r["post"], r["author"], r["question"],
                                 tuple(r["topics"])) for r in q(_READ_CLAIMS)}
    stances = [StanceInfo(r["id"], 1 if r["kind"] == "agreement" else -1,
                          r["confidence"] * (PARTIAL_FACTOR if r["partial"] else 1.0),
                          r["from_post"], r["to_post"], r["from_claim"], r["to_claim"],
                          r["topic"]) for r in q(_READ_STANCES)]
    stances.sort(key=lambda x: x.id)
    topics = [r["id"] for r in q(f"MATCH (t:{s.TOPIC}) RETURN t.id AS id ORDER BY id")]
    return claims, stances, topics


def compute_positions(claims: dict[str, ClaimInfo], stances: list[StanceInfo],
                      topics: list[str]) -> list[Side]:
    """Every topic's sides."""
    return [side for topic in topics for side in split_topic(topic, claims, stances)]


def recompute_positions(driver: neo4j.Driver, *, database: str) -> LoadSummary:
    """Recompute all positions from the stored stances; one write transaction, by difference."""
    began = time.monotonic()
    sides = compute_positions(*read_signed_graph(driver, database=database))
    rows = [{"id": position_id(x), "topic": x.topic, "props": {
        "label": x.label, "side": x.side, "size": len(x.claims), "central_claim": x.central,
        "topic_id": x.topic}} for x in sides]
    takes = [c + PAIR_SEP + position_id(x) for x in sides for c in x.claims]
    with driver.session(database=database) as session:
        summary = session.execute_write(_write_positions, rows, takes)
    summary.seconds = time.monotonic() - began
    log.info("%d positions on %d topics in %.2f s", len(rows), len({x.topic for x in sides}),
             summary.seconds)
    return summary


def position_id(side: Side) -> str:
    """Stable while the side's most central claim stays the same."""
    return f"position:{side.topic}:{side.central}"


def _write_positions(tx: neo4j.ManagedTransaction, rows: list[dict], takes: list[str],
                     ) -> LoadSummary:
    summary = LoadSummary()
    sep = PAIR_SEP
    steps = [
        (f"MATCH (c:{s.CLAIM})-[r:{s.TAKES}]->(p:{s.POSITION}) "
         "WHERE NOT c.id + $sep + p.id IN $takes DELETE r", None, s.TAKES),
        (f"MATCH (p:{s.POSITION}) WHERE NOT p.id IN $ids DETACH DELETE p", s.POSITION, s.ON),
        (f"UNWIND $rows AS row MERGE (p:{s.POSITION} {{id: row.id}}) SET p += row.props",
         s.POSITION, None),
        (f"UNWIND $rows AS row MATCH (p:{s.POSITION} {{id: row.id}}) "
         f"MATCH (t:{s.TOPIC} {{id: row.topic}}) MERGE (p)-[:{s.ON}]->(t)", None, s.ON),
        (f"UNWIND $takes AS pair WITH split(pair, $sep) AS ends "
         f"MATCH (c:{s.CLAIM} {{id: ends[0]}}) MATCH (p:{s.POSITION} {{id: ends[1]}}) "
         f"MERGE (c)-[:{s.TAKES}]->(p)", None, s.TAKES),
    ]
    ids = [r["id"] for r in rows]
    for query, label, rel in steps:
        result = tx.run(query, rows=rows, ids=ids, takes=takes, sep=sep)
        summary._count(result.consume().counters, label=label, rel=rel)
    return summary
