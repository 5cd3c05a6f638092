"""``/graph``: the whole corpus as an author agreement network or a topic-claim graph."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template, request

from kg import read
from web.graph import author_network_graph, render, topic_claim_graph
from web.neo4j_ext import database, driver
from web.respond import page, twin_url, wants_json

bp = Blueprint("network", __name__)
VIEWS = ("authors", "topics")


@page(bp, "/graph")
def graph(fmt: str | None = None):
    """The whole corpus as an author network or a topic-claim graph."""
    view = request.args.get("view") if request.args.get("view") in VIEWS else "authors"
    limit = current_app.config["GRAPH_NODE_BUDGET"]
    if view == "authors":
        data = read.author_network(driver(), database=database(), limit=limit)
    else:
        data = read.topic_claim_graph(driver(), database=database(), limit=limit)
    data["view"] = view
    if wants_json(fmt):
        return jsonify(data)
    net = author_network_graph(data) if view == "authors" else topic_claim_graph(data)
    return render_template("graph.html", data=data, graph_html=render(net), views=VIEWS,
                           json_url=twin_url())
