"""``/``: the corpus at a glance: totals, threads with counts, contested topics, active authors."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, url_for

from kg import overview
from web.neo4j_ext import database, driver
from web.respond import page, respond

bp = Blueprint("corpus", __name__)


@page(bp, "/")
def index(fmt: str | None = None):
    """The corpus: totals, threads with counts, contested topics, active authors."""
    data = overview.corpus_overview(driver(), database=database(),
                                limit=current_app.config["LIST_LIMIT"],
                                cache=current_app.extensions["debatekg.overview_cache"])
    return respond("index.html", data, fmt)


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for it at the root; serve ours rather than log a 404."""
    return redirect(url_for("static", filename="favicon.svg"), code=301)
