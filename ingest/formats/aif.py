"""AIF JSON (AIFdb / OVA maps): locutions become posts, I-nodes claims, RA and CA nodes stances.

The dialogue layer (L-nodes, with their speakers) gives the posts; L-nodes that repeat
another with an annotator prefix ("Annotator : Speaker : text") are the same locution and
merge onto it. Transitions (L -> TA -> L) give the reply links. The argument layer gives
claims (I-nodes, attached through YA to the locution that asserts them), agreements (RA:
the premise supports the conclusion) and disagreements (CA: one conflicts with the other).
Rephrases (MA) are neither and are not imported.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ingest.draft import DraftClaim, DraftPost, DraftStance, DraftThread
from ingest.errors import UnreadableInput
from kg.models import Span

FORMAT = "aif"
_PREFIX = re.compile(r"^\s*([^:]{1,60}?)\s+:\s+")
_NAME = re.compile(r"^[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,4}$")
STANCE_KINDS = {"RA": "agreement", "CA": "disagreement"}


def detect(text: str) -> bool:
    """A JSON object with AIF's ``nodes`` and ``edges`` keys."""
    head = text.lstrip()[:200_000]
    return (
        head[:1] == "{"
        and bool(re.search(r'"nodes"\s*:', head))
        and bool(re.search(r'"edges"\s*:', head))
    )


def split_speaker(text: str) -> tuple[str | None, str]:
    """Strip "Annotator : Speaker : " or "Speaker : " off an L-node text."""
    speaker, rest = None, text
    for _ in range(2):
        m = _PREFIX.match(rest)
        if not m or not _NAME.match(m.group(1).strip()):
            break
        speaker, rest = m.group(1).strip(), rest[m.end() :]
    return speaker, rest.strip()


@dataclass
class _Graph:
    nodes: dict[str, dict[str, Any]]
    out: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    inn: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def of_type(self, node_id: str, kind: str, direction: str) -> list[str]:
        pool = self.out if direction == "out" else self.inn
        return [n for n in pool.get(node_id, []) if self.nodes.get(n, {}).get("type") == kind]


def read(text: str, *, source: str, thread_id: str) -> DraftThread:
    """An AIF map as one thread."""
    graph, locutions = _load(text, source)
    posts, post_of_l, speakers = _posts(graph, locutions)
    if not posts:
        raise UnreadableInput(f"{source}: AIF map has no L-nodes (locutions) to read as posts")
    _link_transitions(graph, posts, post_of_l)
    claims, post_of_i = _claims(graph, post_of_l)
    stances = _stances(graph, post_of_i)
    source_text = "\n".join(p.text for p in posts)
    return DraftThread(
        thread_id=thread_id,
        source=source,
        source_text=source_text,
        title=f"AIF map {thread_id}",
        format=FORMAT,
        posts=posts,
        claims=claims,
        stances=stances,
        speakers=speakers,
    )


def _load(text: str, source: str) -> tuple[_Graph, set[str]]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableInput(
            f"{source}: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("nodes"), list):
        raise UnreadableInput(f"{source}: not an AIF map (no 'nodes' list)")
    nodes = {str(n.get("nodeID")): n for n in doc["nodes"] if isinstance(n, dict)}
    graph = _Graph(nodes)
    for e in doc.get("edges") or []:
        a, b = str(e.get("fromID")), str(e.get("toID"))
        if a in nodes and b in nodes:
            graph.out[a].append(b)
            graph.inn[b].append(a)
    locutions = {str(x.get("nodeID")) for x in doc.get("locutions") or [] if isinstance(x, dict)}
    return graph, locutions & set(nodes)


def _posts(
    graph: _Graph, locutions: set[str]
) -> tuple[list[DraftPost], dict[str, int], dict[int, str]]:
    """One post per distinct (speaker, text) locution, in map order; duplicates map onto it.

    Listed locutions (or, without a list, L-nodes without an annotator prefix) are read
    first, so an annotator's copies and fragments merge onto them whatever their order.
    """
    l_nodes = [(i, n) for i, n in graph.nodes.items() if n.get("type") == "L"]
    canonical = [x for x in l_nodes if (x[0] in locutions if locutions else _unprefixed(x[1]))]
    rest = [x for x in l_nodes if x not in canonical]
    posts: list[DraftPost] = []
    post_of_l: dict[str, int] = {}
    key_to_post: dict[tuple[str | None, str], int] = {}
    speakers: dict[int, str] = {}
    for node_id, node in canonical + rest:
        speaker, body = split_speaker(str(node.get("text", "")))
        if not body:
            continue
        key = (speaker, " ".join(body.split()).lower())
        existing = key_to_post.get(key)
        if existing is None:
            existing = _containing(posts, speakers, speaker, key[1])
        if existing is not None:
            post_of_l[node_id] = existing
            continue
        index = len(posts)
        start = posts[-1].span.end + 1 if posts else 0
        posts.append(
            DraftPost(
                index=index,
                kind="article" if index == 0 else "comment",
                text=body,
                span=Span(start=start, end=start + len(body)),
                author_name=speaker,
                post_id=node_id,
            )
        )
        if speaker:
            speakers[index] = speaker
        key_to_post[key] = post_of_l[node_id] = index
    return posts, post_of_l, speakers


def _unprefixed(node: dict[str, Any]) -> bool:
    """No annotator in front of the speaker: at most one "Name : " prefix."""
    return str(node.get("text", "")).count(" : ") < 2


def _containing(
    posts: list[DraftPost], speakers: dict[int, str], speaker: str | None, body: str
) -> int | None:
    """An annotator's fragment (or union) of locutions read already merges onto the first."""
    for post in posts:
        known = " ".join(post.text.split()).lower()
        same = speakers.get(post.index) == speaker and min(len(body), len(known)) > 20
        if same and (body in known or known in body):
            return post.index
    return None


def _link_transitions(graph: _Graph, posts: list[DraftPost], post_of_l: dict[str, int]) -> None:
    """L1 -> TA -> L2: the later locution answers the earlier one."""
    for node_id, node in graph.nodes.items():
        if node.get("type") != "TA":
            continue
        sources = [post_of_l[n] for n in graph.of_type(node_id, "L", "in") if n in post_of_l]
        targets = [post_of_l[n] for n in graph.of_type(node_id, "L", "out") if n in post_of_l]
        for src in sources:
            for dst in targets:
                if dst != src and posts[dst].parent_index is None and dst > src:
                    posts[dst].parent_index = src


def _claims(graph: _Graph, post_of_l: dict[str, int]) -> tuple[list[DraftClaim], dict[str, int]]:
    """I-nodes, each attached to the post whose locution asserts it through a YA node."""
    claims: list[DraftClaim] = []
    post_of_i: dict[str, int] = {}
    for node_id, node in graph.nodes.items():
        if node.get("type") != "I":
            continue
        anchors = [
            post_of_l[l_node]
            for ya in graph.of_type(node_id, "YA", "in")
            for l_node in graph.of_type(ya, "L", "in")
            if l_node in post_of_l
        ]
        post_index = min(anchors) if anchors else 0
        text = " ".join(str(node.get("text", "")).split())
        is_question = any(
            "question" in str(graph.nodes[ya].get("text", "")).lower()
            for ya in graph.of_type(node_id, "YA", "in")
        )
        claims.append(
            DraftClaim(key=node_id, post_index=post_index, text=text, question=is_question)
        )
        post_of_i[node_id] = post_index
    return claims, post_of_i


def _stances(graph: _Graph, post_of_i: dict[str, int]) -> list[DraftStance]:
    """RA: each premise supports the conclusion; CA: the attacker conflicts with the attacked."""
    out: list[DraftStance] = []
    for node_id, node in graph.nodes.items():
        kind = STANCE_KINDS.get(str(node.get("type")))
        if kind is None:
            continue
        froms = [n for n in graph.of_type(node_id, "I", "in") if n in post_of_i]
        tos = [n for n in graph.of_type(node_id, "I", "out") if n in post_of_i]
        for a in froms:
            for b in tos:
                out.append(DraftStance(key=f"{node_id}:{a}", kind=kind, from_claim=a, to_claim=b))
    return out
