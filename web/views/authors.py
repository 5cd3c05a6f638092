"""``/authors/<id>``: what one person wrote, who sided with them and who argued against them."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template

from kg import read
from web.graph import author_network_graph, render
from web.neo4j_ext import database, driver
from web.respond import page, twin_url, wants_json

bp = Blueprint("authors", __name__)


@page(bp, "/authors/<author_id>")
def author(author_id: str, fmt: str | None = None):
    """An author's posts, claims, allies and opponents."""
    data = read.author_detail(driver(), author_id, database=database())
    if data is None:
        abort(404, f"There is no author with id {author_id!r}.")
    if wants_json(fmt):
        return jsonify(data)
    return render_template("author.html", data=data, graph_html=render(ego_network(data)),
                           json_url=twin_url())


def ego_network(data: dict):
    """The author in the middle, linked to each ally and opponent."""
    me = data["author"]
    others = {r["id"]: r for r in data["allies"] + data["opponents"]}
    nodes = [{"id": me["id"], "name": me["name"], "posts": len(data["posts"])}]
    nodes += [{"id": o["id"], "name": o["name"], "posts": o["agreements"] + o["disagreements"]}
              for o in others.values()]
    edges = [{"source": me["id"], "target": o["id"], "agreements": o["agreements"],
              "disagreements": o["disagreements"]} for o in others.values()]
    return author_network_graph({"authors": nodes, "edges": edges})
