"""``/topics/<id>``: a topic's positions side by side, with quotes, authors and sources."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template

from kg import read
from web.graph import colours, render, topic_page_graph
from web.neo4j_ext import database, driver
from web.respond import page, twin_url, wants_json

bp = Blueprint("topics", __name__)


@page(bp, "/topics/<topic_id>")
def topic(topic_id: str, fmt: str | None = None):
    """One topic's positions side by side, for teaching."""
    data = read.topic_detail(driver(), topic_id, database=database())
    if data is None:
        abort(404, f"There is no topic with id {topic_id!r}.")
    if wants_json(fmt):
        return jsonify(data)
    return render_template("topic.html", data=data, graph_html=render(topic_page_graph(data)),
                           colours=colours(p["id"] for p in data["positions"]),
                           claim_text={c["id"]: c["text"] for p in data["positions"]
                                       for c in p["claims"]},
                           json_url=twin_url())
