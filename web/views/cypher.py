"""``/cypher``: the read-only console: saved queries with parameter forms, or free Cypher.

Queries run through ``kg.console`` (read transaction, timeout, row cap, refusals); results
come back as a table, as a graph when they hold nodes and relationships, and as CSV or JSON.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, render_template, request

from kg import console
from kg.errors import KgError
from kg.export.rows_csv import rows_csv
from web.graph import console_graph, render
from web.neo4j_ext import database, driver
from web.respond import page, twin_url, wants_json
from web.saved import describe, find_saved, saved_queries

bp = Blueprint("cypher", __name__)


@page(bp, "/cypher", methods=["GET", "POST"])
def console_page(fmt: str | None = None):
    """The read-only console: saved queries, a free query, results."""
    form = request.values
    saved = saved_queries()
    chosen = find_saved(saved, form.get("saved"))
    data: dict = {"saved": [describe(q) for q in saved], "query": "", "params": {},
                  "chosen": chosen.name if chosen else None, "result": None, "error": None}
    try:
        if chosen is not None:
            data["query"] = chosen.text
            data["params"] = chosen.bind({name: form[f"p.{name}"] for name in chosen.params
                                          if f"p.{name}" in form})
        elif form.get("query", "").strip():
            data["query"] = form["query"]
            data["params"] = console.parse_params(form.get("params", ""))
        if data["query"]:
            data["result"] = console.run_console_query(
                driver(), data["query"], data["params"], database=database(),
                timeout_s=current_app.config["QUERY_TIMEOUT_S"],
                row_cap=current_app.config["ROW_CAP"]).as_dict()
    except KgError as exc:
        data["error"] = str(exc)
    return reply(data, fmt)


def reply(data: dict, fmt: str | None):
    """HTML page, JSON twin or CSV download of the same data."""
    status = 400 if data["error"] else 200
    if form_format() == "csv":
        if data["result"] is None:
            return Response(f"error: {data['error'] or 'no query'}\n", status=400,
                            mimetype="text/plain")
        result = data["result"]
        return Response(rows_csv(result["columns"], result["rows"]), mimetype="text/csv",
                        headers={"Content-Disposition": 'attachment; filename="result.csv"'})
    if wants_json(fmt):
        body = json.dumps(data, ensure_ascii=False, indent=1)
        headers = {}
        if request.values.get("download"):
            headers["Content-Disposition"] = 'attachment; filename="result.json"'
        return Response(body, status=status, mimetype="application/json", headers=headers)
    result = data["result"]
    graph_html = None
    if result and result["nodes"] and result["relationships"]:
        graph_html = render(console_graph(result["nodes"], result["relationships"]))
    return render_template("cypher.html", data=data, graph_html=graph_html,
                           json_url=twin_url(), download_args=download_args()), status


def form_format() -> str | None:
    """The download format the form asked for, if any."""
    return request.values.get("format")


def download_args() -> dict:
    """The current form as query arguments, for the download links."""
    return {k: v for k, v in request.values.items() if k not in ("format", "download")}
