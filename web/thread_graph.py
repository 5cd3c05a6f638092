"""The debate graph of one thread: filters, the node budget, and the pyvis network.

Posts and claims are nodes coloured by author, sized by the replies a post received; stances
are green (agreement) or red (disagreement) edges, dashed when partial. Past the node budget
the server folds claims into their posts and then groups the least connected posts per
author, so the browser never receives thousands of nodes.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import asdict, dataclass

from pyvis.network import Network

from web.graph import NEUTRAL, UNKNOWN, new_network, post_size, stance_edge, tip

STANCE_CHOICES = ("agreement", "disagreement", "partial")
LAYOUTS = ("force", "tree")
CLAIM_CHOICES = ("linked", "all")


@dataclass(frozen=True)
class Filters:
    """What the reader asked to see; unknown values are ignored rather than refused.

    By default only the claims that a stance links are drawn (the others are in the text view
    and the tooltips); ``claims=all`` draws every claim, and a topic filter draws its claims.
    """

    topic: str | None = None
    stance: str | None = None
    author: str | None = None
    layout: str = "force"
    claims: str = "linked"

    @classmethod
    def from_args(cls, args: dict) -> Filters:
        stance = args.get("stance") if args.get("stance") in STANCE_CHOICES else None
        layout = args.get("layout") if args.get("layout") in LAYOUTS else "force"
        claims = "all" if args.get("claims") == "all" or args.get("topic") else "linked"
        return cls(topic=args.get("topic") or None, stance=stance,
                   author=args.get("author") or None, layout=layout, claims=claims)

    def as_dict(self) -> dict:
        return asdict(self)


def select(data: dict, filters: Filters) -> tuple[list[dict], list[dict], list[dict]]:
    """The posts, claims and stances that pass the filters."""
    posts, claims, stances = data["posts"], data["claims"], data["stances"]
    if filters.stance == "partial":
        stances = [s for s in stances if s["partial"]]
    elif filters.stance:
        stances = [s for s in stances if s["kind"] == filters.stance]
    if filters.topic:
        claims = [c for c in claims if filters.topic in c["topics"]]
        ids = {c["id"] for c in claims}
        stances = [s for s in stances if s["topic"] == filters.topic
                   or s["from_claim"] in ids or s["to_claim"] in ids]
        keep = {c["post"] for c in claims} | _ends(stances)
        posts = [p for p in posts if p["id"] in keep]
    if filters.author:
        own = {p["id"] for p in posts if p["author"] == filters.author}
        stances = [s for s in stances if s["from_post"] in own or s["to_post"] in own]
        keep = own | _ends(stances) | {p["reply_to"] for p in posts if p["id"] in own}
        keep |= {p["id"] for p in posts if p["reply_to"] in own}
        posts = [p for p in posts if p["id"] in keep]
    kept = {p["id"] for p in posts}
    claims = [c for c in claims if c["post"] in kept]
    if filters.claims == "linked":
        linked = {s["from_claim"] for s in stances} | {s["to_claim"] for s in stances}
        claims = [c for c in claims if c["id"] in linked]
    stances = [s for s in stances if s["from_post"] in kept and s["to_post"] in kept]
    return posts, claims, stances


def _ends(stances: list[dict]) -> set[str]:
    return {s["from_post"] for s in stances} | {s["to_post"] for s in stances}


def thread_graph(data: dict, filters: Filters, *, budget: int,
                 author_colours: dict) -> tuple[Network, dict]:
    """The pyvis network of a thread and a summary of what it shows."""
    posts, claims, stances = select(data, filters)
    show_claims = len(posts) + len(claims) <= budget
    node_of, groups = _group_posts(posts, stances, budget)
    net = new_network(tree=filters.layout == "tree")
    by_id = {p["id"]: p for p in posts}
    for post in posts:
        if node_of[post["id"]] == post["id"]:
            _post_node(net, post, author_colours)
    for group_id, members in groups.items():
        _group_node(net, group_id, [by_id[m] for m in members], author_colours)
    _reply_edges(net, posts, node_of)
    shown_claims = claims if show_claims else []
    for claim in shown_claims:
        post = by_id[claim["post"]]
        net.add_node(claim["id"], label=" ", shape="diamond", size=7, anchor=claim["id"],
                     color=author_colours.get(post["author"], UNKNOWN), level=2 * post["depth"] + 1,
                     title=tip(f"claim by {post['author_name'] or 'unknown'}", claim["text"]))
        net.add_edge(node_of[post["id"]], claim["id"], color=NEUTRAL, width=0.6, length=40,
                     arrows="")
    _stance_edges(net, stances, node_of, {c["id"] for c in shown_claims})
    summary = {"nodes": len(net.nodes), "edges": len(net.edges), "posts": len(posts),
               "claims": len(shown_claims), "claims_folded": not show_claims,
               "grouped_posts": sum(len(m) for m in groups.values()), "budget": budget}
    return net, summary


OTHERS = "group:others"


def _group_posts(posts: list[dict], stances: list[dict],
                 budget: int) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Keep the best-connected posts; fold the rest into one node per author."""
    node_of = {p["id"]: p["id"] for p in posts}
    if len(posts) <= budget:
        return node_of, {}
    degree = Counter(s["from_post"] for s in stances) + Counter(s["to_post"] for s in stances)
    ranked = sorted(posts, key=lambda p: (p["kind"] != "article",
                                          -(p["replies_received"] + 2 * degree[p["id"]]),
                                          p["index"]))
    authors_left = {p["author"] for p in ranked[budget // 2:]}
    keep = max(budget // 2, budget - len(authors_left))
    groups: dict[str, list[str]] = {}
    for post in ranked[keep:]:
        groups.setdefault(f"group:{post['author'] or 'unknown'}", []).append(post["id"])
    room = max(budget - keep, 1)
    if len(groups) > room:  # many authors: the largest keep their node, the rest share one
        by_size = sorted(groups, key=lambda g: (-len(groups[g]), g))
        others = [m for g in by_size[room - 1:] for m in groups[g]]
        groups = {g: groups[g] for g in by_size[:room - 1]}
        groups[OTHERS] = others
    for group_id, members in groups.items():
        for member in members:
            node_of[member] = group_id
    return node_of, groups


def _post_node(net: Network, post: dict, author_colours: dict) -> None:
    who = post["author_name"] or "unknown author"
    article = post["kind"] == "article"
    net.add_node(post["id"], label=f"{'article' if article else '#' + str(post['index'])} · {who}"[:32],
                 shape="square" if article else "dot", size=post_size(post["replies_received"]),
                 color=author_colours.get(post["author"], UNKNOWN), anchor=post["id"],
                 level=2 * post["depth"], title=tip(
                     f"{'Article' if article else 'Post #' + str(post['index'])} by {who}",
                     f"{post['replies_received']} replies", "", post["text"]))


def _group_node(net: Network, group_id: str, members: list[dict], author_colours: dict) -> None:
    if group_id == OTHERS:
        who = f"{len({m['author'] for m in members})} other authors"
        colour = UNKNOWN
    else:
        who = members[0]["author_name"] or "unknown author"
        colour = author_colours.get(members[0]["author"], UNKNOWN)
    net.add_node(group_id, label=f"{len(members)} more by {who}"[:32], shape="hexagon",
                 size=10 + 3 * math.sqrt(len(members)), anchor=members[0]["id"],
                 color=colour,
                 level=2 * min(m["depth"] for m in members),
                 title=tip(f"{len(members)} less connected posts by {who}",
                           ", ".join(f"#{m['index']}" for m in members[:40])))


def _reply_edges(net: Network, posts: list[dict], node_of: dict[str, str]) -> None:
    counts: Counter = Counter()
    for post in posts:
        parent = post["reply_to"]
        if parent in node_of and node_of[post["id"]] != node_of[parent]:
            counts[(node_of[post["id"]], node_of[parent])] += 1
    for (source, target), n in sorted(counts.items()):
        net.add_edge(source, target, color=NEUTRAL, width=0.8 + math.log(n), kind="reply",
                     title=f"{n} replies" if n > 1 else "reply")


def _stance_edges(net: Network, stances: list[dict], node_of: dict[str, str],
                  claim_nodes: set[str]) -> None:
    counts: Counter = Counter()
    cues: dict[tuple, str] = {}
    for s in stances:
        source = s["from_claim"] if s["from_claim"] in claim_nodes else node_of[s["from_post"]]
        target = s["to_claim"] if s["to_claim"] in claim_nodes else node_of[s["to_post"]]
        if source != target:
            key = (source, target, s["kind"], bool(s["partial"]))
            counts[key] += 1
            cues.setdefault(key, s["cue"] or "")
    for (source, target, kind, partial), n in sorted(counts.items()):
        label = f"{'partial ' if partial else ''}{kind}" + (f" ×{n}" if n > 1 else "")
        stance_edge(net, source, target, kind, partial=partial, width=2.5 + math.log(n),
                    title=tip(label, f"cue: “{cues[(source, target, kind, partial)]}”"
                              if cues[(source, target, kind, partial)] else None))
