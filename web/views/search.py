"""``/search?q=``: full-text search over claims and posts, with highlighted snippets."""

from __future__ import annotations

from flask import Blueprint, request

from kg import read
from web.neo4j_ext import database, driver
from web.respond import page, respond

bp = Blueprint("search", __name__)
MAX_QUERY_CHARS = 500


@page(bp, "/search")
def search(fmt: str | None = None):
    """Full-text search over claims and posts."""
    q = (request.args.get("q") or "").strip()[:MAX_QUERY_CHARS]
    data = read.search(driver(), q, database=database()) if q else {"q": "", "terms": [],
                                                                    "results": []}
    return respond("search.html", data, fmt)
