"""The graph builders, without a database: budget, grouping, filters, and a fragment with no CDN."""

from __future__ import annotations

import json
import re

from lxml import etree

from web.graph import colours, render
from web.thread_graph import Filters, thread_graph


def big_thread(n_posts: int, n_authors: int = 12) -> dict:
    """A synthetic thread: a reply tree where every fifth post disagrees with its parent."""
    authors = [{"id": f"author:a{i}", "name": f"Author {i}", "posts": 0} for i in range(n_authors)]
    posts, claims, stances = [], [], []
    for i in range(n_posts):
        parent = None if i == 0 else (i - 1) // 3
        posts.append({"id": f"t:p{i}", "index": i, "kind": "article" if i == 0 else "comment",
                      "text": f"post {i} <b>text</b>", "depth": 0 if i == 0 else posts[parent]["depth"] + 1,
                      "author": f"author:a{i % n_authors}", "author_name": f"Author {i % n_authors}",
                      "reply_to": None if parent is None else f"t:p{parent}",
                      "replies_received": len([j for j in range(1, n_posts) if (j - 1) // 3 == i])})
        claims.append({"id": f"t:p{i}:c0", "post": f"t:p{i}", "text": f"claim {i}",
                       "topics": ["x"] if i % 2 else ["y"], "positions": [], "question": False})
        if parent is not None and i % 5 == 0:
            stances.append({"id": f"s{i}", "kind": "disagreement", "partial": i % 10 == 0,
                            "from_post": f"t:p{i}", "to_post": f"t:p{parent}", "from_claim": None,
                            "to_claim": None, "topic": None, "cue": "no", "confidence": 0.5,
                            "method": "cue"})
    return {"posts": posts, "claims": claims, "stances": stances, "authors": authors}


def test_small_thread_shows_posts_and_claims() -> None:
    data = big_thread(25)
    net, summary = thread_graph(data, Filters(claims="all"), budget=400,
                                author_colours=colours(a["id"] for a in data["authors"]))
    assert summary["nodes"] == 50 and summary["claims_folded"] is False
    _, linked = thread_graph(data, Filters(), budget=400, author_colours={})
    assert linked["nodes"] == 25 and linked["claims"] == 0
    assert summary["grouped_posts"] == 0


def test_large_thread_stays_within_the_node_budget() -> None:
    data = big_thread(500)
    net, summary = thread_graph(data, Filters(claims="all"), budget=400,
                                author_colours=colours(a["id"] for a in data["authors"]))
    assert summary["claims_folded"] is True
    assert summary["nodes"] <= 400
    assert summary["grouped_posts"] == 500 - (summary["nodes"] - 12)
    groups = [n for n in net.nodes if str(n["id"]).startswith("group:")]
    assert len(groups) == 12 and all(n["shape"] == "hexagon" for n in groups)
    ids = {n["id"] for n in net.nodes}
    assert all(e["from"] in ids and e["to"] in ids for e in net.edges)
    assert "t:p0" in ids


def test_a_thread_with_more_authors_than_room_shares_one_group_node() -> None:
    data = big_thread(2000, n_authors=900)
    net, summary = thread_graph(data, Filters(), budget=400, author_colours={})
    assert summary["nodes"] <= 400
    groups = {n["id"]: n for n in net.nodes if str(n["id"]).startswith("group:")}
    assert "group:others" in groups and "other authors" in groups["group:others"]["label"]
    assert summary["grouped_posts"] + (summary["nodes"] - len(groups)) == 2000
    ids = {n["id"] for n in net.nodes}
    assert all(e["from"] in ids and e["to"] in ids for e in net.edges)


def test_tree_layout_uses_levels_without_physics() -> None:
    data = big_thread(40)
    net, _ = thread_graph(data, Filters(layout="tree", claims="all"), budget=400,
                          author_colours=colours(a["id"] for a in data["authors"]))
    assert net.options["physics"] == {"enabled": False}
    levels = {n["id"]: n["level"] for n in net.nodes}
    assert levels["t:p0"] == 0 and levels["t:p1"] == 2 and levels["t:p1:c0"] == 3


def test_fragment_is_a_data_island_without_cdn() -> None:
    data = big_thread(30)
    net, _ = thread_graph(data, Filters(claims="all"), budget=400,
                          author_colours=colours(a["id"] for a in data["authors"]))
    html = str(render(net))
    assert not re.search(r"https?://", html)
    assert "<b>" not in html and "\\u003cb\\u003e" in html
    tree = etree.HTML(html)
    scripts = tree.xpath("//script")
    assert [s.get("type") for s in scripts] == ["application/json"]
    payload = json.loads(scripts[0].text)
    assert len(payload["nodes"]) == 60
    assert json.loads(payload["options"])["physics"]["stabilization"]["iterations"] == 250
