"""AIF JSON (the Argument Interchange Format of AIFdb and OVA), dialogue layer included.

Written here rather than with arguebuf, whose AIF writer drops locutions: our posts and
their speakers are the dialogue layer (L-nodes, ``locutions``, ``participants``), replies
are transitions (L -> TA -> L), each claim is an I-node asserted by its post's L-node
through a YA node, and stances are RA (agreement: premise -> RA -> conclusion) and CA
(disagreement: attacker -> CA -> attacked) nodes between I-nodes.

AIF relates propositions, not posts, so a stance recorded between posts only is anchored
on the first claim of each post (a post without claims gets one I-node holding its text).
AIF has no partial stances and no topics; those are not exported.
"""

from __future__ import annotations

import json
from typing import Any

from kg.models import Claim, Post, Stance, ThreadBundle

STANCE_NODE = {"agreement": ("RA", "Default Inference"), "disagreement": ("CA", "Default Conflict")}


class _Map:
    """An AIF map under construction; node ids are consecutive strings, as in AIFdb."""

    def __init__(self) -> None:
        self.nodes: list[dict[str, Any]] = []
        self.edges: list[dict[str, Any]] = []

    def node(self, kind: str, text: str, **extra: Any) -> str:
        node_id = str(len(self.nodes) + 1)
        self.nodes.append({"nodeID": node_id, "text": text, "type": kind, "timestamp": "",
                           **extra})
        return node_id

    def edge(self, a: str, b: str) -> None:
        self.edges.append({"edgeID": str(len(self.edges) + 1), "fromID": a, "toID": b,
                           "formEdgeID": None})


def to_aif(bundle: ThreadBundle) -> dict[str, Any]:
    """One thread as an AIF map: ``nodes``, ``edges``, ``locutions``, ``participants``."""
    m = _Map()
    names = {a.id: a.name for a in bundle.authors}
    people = {a: i + 1 for i, a in enumerate(sorted({p.author for p in bundle.posts if p.author}))}
    l_of: dict[str, str] = {}
    locutions = []
    for post in sorted(bundle.posts, key=lambda p: p.index):
        speaker = names.get(post.author or "")
        text = f"{speaker} : {post.text}" if speaker else post.text
        l_of[post.id] = m.node("L", text)
        locutions.append({"nodeID": l_of[post.id], "personID": people.get(post.author or ""),
                          "start": post.published})
    for post in bundle.posts:
        if post.reply_to in l_of:
            ta = m.node("TA", "Default Transition", scheme="Default Transition")
            m.edge(l_of[post.reply_to], ta)
            m.edge(ta, l_of[post.id])
    i_of = _claims(m, bundle, l_of)
    for stance in bundle.stances:
        _stance(m, stance, i_of, _first_claims(bundle, i_of))
    participants = [{"participantID": pid, "firstname": names.get(a, a).split(" ")[0],
                     "surname": " ".join(names.get(a, a).split(" ")[1:])}
                    for a, pid in people.items()]
    return {"nodes": m.nodes, "edges": m.edges, "locutions": locutions,
            "participants": participants}


def _claims(m: _Map, bundle: ThreadBundle, l_of: dict[str, str]) -> dict[str, str]:
    """I-nodes for the claims, plus one for each post that a stance needs but has no claim."""
    i_of: dict[str, str] = {}
    for claim in bundle.claims:
        i_of[claim.id] = _assert(m, claim.text, claim.question, l_of[claim.post])
    with_claims = {c.post for c in bundle.claims}
    for post in _stance_posts(bundle):
        if post.id not in with_claims:
            i_of[f"post:{post.id}"] = _assert(m, post.text, False, l_of[post.id])
    return i_of


def _assert(m: _Map, text: str, question: bool, l_node: str) -> str:
    scheme = "Pure Questioning" if question else "Asserting"
    i_node = m.node("I", text)
    ya = m.node("YA", scheme, scheme=scheme)
    m.edge(l_node, ya)
    m.edge(ya, i_node)
    return i_node


def _stance_posts(bundle: ThreadBundle) -> list[Post]:
    wanted = {x.from_post for x in bundle.stances} | {x.to_post for x in bundle.stances}
    return [p for p in bundle.posts if p.id in wanted]


def _first_claims(bundle: ThreadBundle, i_of: dict[str, str]) -> dict[str, str]:
    """Each post's anchor I-node: its first claim, else the I-node made from its text."""
    first: dict[str, Claim] = {}
    for claim in bundle.claims:
        if claim.post not in first or claim.span.start < first[claim.post].span.start:
            first[claim.post] = claim
    out = {post: i_of[c.id] for post, c in first.items()}
    out.update({k.removeprefix("post:"): v for k, v in i_of.items() if k.startswith("post:")})
    return out


def _stance(m: _Map, x: Stance, i_of: dict[str, str], anchor: dict[str, str]) -> None:
    kind, scheme = STANCE_NODE[x.kind]
    a = i_of[x.from_claim] if x.from_claim else anchor[x.from_post]
    b = i_of[x.to_claim] if x.to_claim else anchor[x.to_post]
    node = m.node(kind, scheme, scheme=scheme)
    m.edge(a, node)
    m.edge(node, b)


def dumps_aif(bundle: ThreadBundle) -> str:
    """The AIF map as JSON text."""
    return json.dumps(to_aif(bundle), ensure_ascii=False, indent=1)
