"""The debatekg web app: browse debates, compare positions, run read-only Cypher.

``create_app`` reads its defaults, then ``DEBATEKG_*`` variables, then ``test_config``; the
Neo4j settings come from ``kg.config.settings_from_env`` unless a test passes its own. Bad
configuration raises ``ConfigError`` with one line; a Neo4j that is down is not a
configuration error: pages answer 503 until it is back.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from kg import overview, read
from web import neo4j_ext, respond
from web.views import authors, corpus, cypher, export, health, network, search, threads, topics

DEFAULTS: dict[str, Any] = {
    "QUERY_TIMEOUT_S": 10.0,
    "ROW_CAP": 1000,
    "GRAPH_NODE_BUDGET": 400,
    "LIST_LIMIT": 15,
    "THREAD_CACHE_SIZE": 32,
    "OVERVIEW_CACHE_S": 300.0,
    "JSON_SORT_KEYS": False,
}
BLUEPRINTS = (corpus, threads, topics, authors, network, search, cypher, export, health)


class ConfigError(ValueError):
    """A setting the app cannot start with; the message names it."""


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: configuration, the one Neo4j driver, blueprints, error pages."""
    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("DEBATEKG")
    if test_config:
        app.config.from_mapping(test_config)
    check_config(app.config)
    neo4j_ext.init_app(app)
    app.extensions["debatekg.thread_cache"] = read.ThreadCache(app.config["THREAD_CACHE_SIZE"])
    app.extensions["debatekg.overview_cache"] = overview.OverviewCache(app.config["OVERVIEW_CACHE_S"])
    respond.init_app(app)
    for module in BLUEPRINTS:
        app.register_blueprint(module.bp)
    return app


def check_config(config: dict[str, Any]) -> None:
    """Fail at start, with one line, on a setting that would only break later."""
    for key, kind, low in (("QUERY_TIMEOUT_S", float, 0.1), ("ROW_CAP", int, 1),
                           ("GRAPH_NODE_BUDGET", int, 20), ("LIST_LIMIT", int, 1),
                           ("THREAD_CACHE_SIZE", int, 0), ("OVERVIEW_CACHE_S", float, 0)):
        value = config.get(key)
        try:
            number = kind(value)
            if isinstance(value, bool) or number < low or (kind is int and number != value
                                                             and not isinstance(value, str)):
                raise ValueError
        except (TypeError, ValueError):
            raise ConfigError(f"bad setting DEBATEKG_{key}={value!r}: expected "
                              f"{'an integer' if kind is int else 'a number'} >= {low}") from None
        config[key] = number
