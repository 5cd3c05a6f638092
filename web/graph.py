"""kg results -> pyvis Network -> an HTML fragment for our own templates.

pyvis renders through our fragment template (``templates/pyvis/fragment.html``): a container
and a JSON data island, nothing else, so no CDN link and no inline script reach the page; the
app's ``static/graph.js`` draws it with the vis-network copy served from ``static/vendor``.
Tooltips are plain text here; graph.js turns them into DOM text nodes, never HTML.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

from markupsafe import Markup
from pyvis.network import Network

TEMPLATE_DIR = str(Path(__file__).parent / "templates" / "pyvis") + "/"
PALETTE = ["#4e79a7", "#f28e2b", "#76b7b2", "#b07aa1", "#edc948", "#59a14f", "#ff9da7",
           "#9c755f", "#e15759", "#8cd17d", "#499894", "#d37295", "#a0cbe8", "#ffbe7d"]
UNKNOWN = "#bab0ac"
AGREE = "#2e9e44"
DISAGREE = "#d1352b"
NEUTRAL = "#c8c8c8"
TIP_CHARS = 500


def new_network(*, tree: bool = False, gravity: float = 0.3) -> Network:
    """A directed pyvis network with our template and physics that settle quickly."""
    net = Network(height="100%", width="100%", directed=True, cdn_resources="local")
    net.set_template_dir(TEMPLATE_DIR, "fragment.html")
    net.options = options(tree=tree, gravity=gravity)
    return net


def options(*, tree: bool, gravity: float = 0.3) -> dict:
    """vis-network options: a short stabilisation, then physics off (graph.js) so it stays put."""
    opts: dict = {
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
        "nodes": {"font": {"size": 13, "face": "sans-serif"}, "borderWidth": 1},
        "edges": {"smooth": {"enabled": True, "type": "continuous"},
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}},
    }
    if tree:
        opts["layout"] = {"hierarchical": {"enabled": True, "direction": "LR", "levelSeparation": 160,
                                           "nodeSpacing": 28, "treeSpacing": 40,
                                           "sortMethod": "directed"}}
        opts["physics"] = {"enabled": False}
    else:
        opts["physics"] = {
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -4000, "springLength": 110, "avoidOverlap": 0.2,
                          "centralGravity": gravity},
            "stabilization": {"enabled": True, "iterations": 250, "updateInterval": 50},
            "minVelocity": 1.0,
        }
    return opts


def render(net: Network) -> Markup:
    """The network as an HTML fragment (our template makes it safe to embed)."""
    return Markup(net.generate_html())


def colours(keys: Iterable[str | None]) -> dict[str | None, str]:
    """A stable colour per key, in the order given; None (unknown author) is grey."""
    table: dict[str | None, str] = {None: UNKNOWN}
    for key in keys:
        if key not in table:
            table[key] = PALETTE[(len(table) - 1) % len(PALETTE)]
    return table


def tip(*lines: str | None) -> str:
    """Tooltip text: plain, shortened; graph.js renders it as text."""
    text = "\n".join(line for line in lines if line)
    return text if len(text) <= TIP_CHARS else text[:TIP_CHARS - 1] + "…"


def post_size(replies: int) -> float:
    """Node size grows with the replies a post received, gently, so busy posts stand out."""
    return round(10 + 7 * math.sqrt(replies), 1)


def stance_edge(net: Network, source: str, target: str, kind: str, *, partial: bool,
                title: str, width: float = 2.5) -> None:
    """Agreement green, disagreement red, partial ones dashed."""
    net.add_edge(source, target, color=AGREE if kind == "agreement" else DISAGREE,
                 dashes=bool(partial), width=width, title=title, kind=kind)


# -- corpus-wide graphs --------------------------------------------------------------------

def author_network_graph(data: dict) -> Network:
    """Authors sized by posts; an edge per pair and kind, width by count."""
    net = new_network()
    for author in data["authors"]:
        net.add_node(author["id"], label=author["name"], title=tip(
            author["name"], f"{author['posts']} posts"), size=post_size(author["posts"]),
            color=PALETTE[0], anchor=author["id"], href=f"/authors/{author['id']}")
    for edge in data["edges"]:
        for kind in ("agreements", "disagreements"):
            if edge[kind]:
                stance_edge(net, edge["source"], edge["target"], kind[:-1], partial=False,
                            title=f"{edge[kind]} {kind}", width=1 + 1.5 * math.sqrt(edge[kind]))
    return net


def topic_claim_graph(data: dict) -> Network:
    """Topics as boxes, their claims as dots, claim-to-claim stances as coloured edges."""
    net = new_network()
    topic_colour = colours(t["id"] for t in data["topics"])
    shown = {c["id"] for c in data["claims"]}
    for topic in data["topics"]:
        net.add_node(f"topic:{topic['id']}", label=topic["name"], shape="box",
                     color=topic_colour[topic["id"]], title=tip(topic["name"],
                     f"{topic['claims']} claims"), href=f"/topics/{topic['id']}")
    for claim in data["claims"]:
        first = claim["topics"][0] if claim["topics"] else None
        net.add_node(claim["id"], label=" ", size=6 + 2 * claim["stances"],
                     color=topic_colour.get(first, UNKNOWN),
                     title=tip(claim["author_name"], claim["text"]))
        for topic in claim["topics"]:
            net.add_edge(claim["id"], f"topic:{topic}", color=NEUTRAL, width=0.5, arrows="")
    for stance in data["stances"]:
        if stance["source"] in shown and stance["target"] in shown:
            stance_edge(net, stance["source"], stance["target"], stance["kind"],
                        partial=stance["partial"], title=stance["kind"])
    return net


def topic_page_graph(data: dict) -> Network:
    """A topic: its positions as boxes, claims around them, crossing disagreements in red."""
    net = new_network(gravity=1.2)
    position_colour = colours(p["id"] for p in data["positions"])
    for n, position in enumerate(data["positions"], start=1):
        net.add_node(position["id"], label=f"Position {n}", shape="box", font={"color": "#fff"},
                     color=position_colour[position["id"]], anchor=position["id"],
                     title=tip(position["label"], ", ".join(position["authors"])), mass=3)
        for claim in position["claims"]:
            _claim_node(net, claim, position_colour[position["id"]])
            net.add_edge(claim["id"], position["id"], color=NEUTRAL, width=1, arrows="")
    for claim in data["unassigned"]:
        net.add_node(claim["id"], label=" ", size=6, color=UNKNOWN, anchor=claim["id"],
                     title=tip(claim["author_name"], claim["text"], "(not placed in a position)"))
    for crossing in data["crossings"]:
        if crossing["from_claim"] in net.node_map and crossing["to_claim"] in net.node_map:
            stance_edge(net, crossing["from_claim"], crossing["to_claim"], "disagreement",
                        partial=crossing["partial"], title=tip(
                            f"{crossing['from_author_name']} disagrees with "
                            f"{crossing['to_author_name']}", crossing["cue"]))
    return net


def _claim_node(net: Network, claim: dict, colour: str) -> None:
    net.add_node(claim["id"], label=(claim["author_name"] or "?")[:24], size=10, color=colour,
                 anchor=claim["id"], title=tip(claim["author_name"], claim["text"]))


def console_graph(nodes: list[dict], relationships: list[dict]) -> Network:
    """Nodes and relationships found in a console result, coloured by label."""
    net = new_network()
    label_colour = colours(n["labels"][0] if n["labels"] else None for n in nodes)
    for node in nodes:
        props = node["properties"]
        caption = str(props.get("name") or props.get("title") or props.get("label")
                      or props.get("text") or node["id"])
        net.add_node(node["id"], label=caption[:30], color=label_colour.get(
            node["labels"][0] if node["labels"] else None, UNKNOWN),
            title=tip(":".join(node["labels"]) + " " + node["id"], props.get("text")))
    for rel in relationships:
        if rel["start"] in net.node_map and rel["end"] in net.node_map:
            net.add_edge(rel["start"], rel["end"], label=rel["type"], title=rel["type"],
                         color="#888888", font={"size": 9})
    return net
