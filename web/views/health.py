"""``/healthz``: 200 when Neo4j answers, 503 when it does not (for probes and load balancers)."""

from __future__ import annotations

from flask import Blueprint, jsonify
from neo4j.exceptions import DriverError, Neo4jError

from web.neo4j_ext import database, driver

bp = Blueprint("health", __name__)


@bp.route("/healthz")
def healthz():
    """200 when Neo4j answers, 503 when not: for load balancers and monitors."""
    try:
        driver().execute_query("RETURN 1", database_=database())
    except (DriverError, Neo4jError, OSError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return jsonify({"status": "unavailable", "neo4j": "down", "reason": reason}), 503
    return jsonify({"status": "ok", "neo4j": "up", "database": database()})
