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
  (people agree with themselves) of weight ``SELF_WEIGHT``, below any stance of confidence above
  0.05 (0.1 when partial), so it mostly decides only what no stance does.

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
Claims of posts without an author that no stance reaches have no edge at all; they are left out.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

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
    """An author's claims that no stance reaches: all but the first follow it (``TopicClaims``)."""

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

    @property
    def size(self) -> int:
        return len(self.claims) + sum(f.claims for f in self.followers)


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
        side.label = position_label(claims[side.central].text)
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
                                  followers))
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


def position_label(text: str) -> str:
    """A position's label: its central claim's text on one line, cut at ``LABEL_CHARS``."""
    text = " ".join(text.split())
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"
