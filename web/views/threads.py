"""``/threads/<id>``: one debate as a graph beside its text, with filters and a legend."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, render_template, request

from kg import read
from web.graph import colours, render
from web.neo4j_ext import database, driver
from web.respond import page, twin_url, wants_json
from web.thread_graph import CLAIM_CHOICES, LAYOUTS, STANCE_CHOICES, Filters, thread_graph

bp = Blueprint("threads", __name__)


@page(bp, "/threads/<thread_id>")
def thread(thread_id: str, fmt: str | None = None):
    """One thread: its debate graph beside its text."""
    data = read.thread_detail(driver(), thread_id, database=database(),
                              cache=current_app.extensions["debatekg.thread_cache"])
    if data is None:
        abort(404, f"There is no thread with id {thread_id!r}.")
    filters = Filters.from_args(request.args)
    author_colours = colours(a["id"] for a in data["authors"])
    net, summary = thread_graph(data, filters, budget=current_app.config["GRAPH_NODE_BUDGET"],
                                author_colours=author_colours)
    data["filters"] = filters.as_dict()
    data["graph"] = summary
    if wants_json(fmt):
        return jsonify(data)
    claims_by_post: dict[str, list[dict]] = {}
    for claim in data["claims"]:
        claims_by_post.setdefault(claim["post"], []).append(claim)
    return render_template("thread.html", data=data, graph_html=render(net),
                           colours=author_colours, claims_by_post=claims_by_post,
                           index_of={p["id"]: p["index"] for p in data["posts"]},
                           stance_choices=STANCE_CHOICES, layouts=LAYOUTS,
                           claim_choices=CLAIM_CHOICES, json_url=twin_url())
