"""The app's one Neo4j driver, and the 503 page shown while Neo4j does not answer.

The driver is created once, lazily connected: the app starts even when Neo4j is down, every
page answers 503 meanwhile, and the driver's pool reconnects by itself when it is back.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import neo4j
from flask import Flask, current_app
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired

from kg.config import Neo4jSettings, settings_from_env
from kg.errors import KgError, Neo4jUnavailable

log = logging.getLogger(__name__)

EXTENSION = "debatekg.neo4j"
CONNECT_TIMEOUT_S = 3.0
RETRY_TIME_S = 2.0
UNAVAILABLE = (ServiceUnavailable, SessionExpired, Neo4jUnavailable, AuthError, ConnectionError)


@dataclass
class Graph:
    """What the views need to reach Neo4j."""

    driver: neo4j.Driver
    settings: Neo4jSettings


def init_app(app: Flask) -> None:
    """Create the driver from the app's settings and register the 503 handlers."""
    from web import ConfigError

    settings = app.config.get("NEO4J_SETTINGS")
    try:
        if settings is None:
            settings = settings_from_env()
        driver = neo4j.GraphDatabase.driver(
            settings.uri, auth=(settings.user, settings.password),
            connection_timeout=CONNECT_TIMEOUT_S,
            connection_acquisition_timeout=CONNECT_TIMEOUT_S,
            max_transaction_retry_time=RETRY_TIME_S,
        )
    except KgError as exc:
        raise ConfigError(str(exc)) from exc
    except (ValueError, neo4j.exceptions.ConfigurationError) as exc:
        raise ConfigError(f"bad Neo4j address {settings.uri!r}: {exc}") from exc
    app.extensions[EXTENSION] = Graph(driver=driver, settings=settings)
    for exc_type in UNAVAILABLE:
        app.register_error_handler(exc_type, _unavailable)


def graph() -> Graph:
    """The app's one driver and its settings."""
    return current_app.extensions[EXTENSION]


def driver() -> neo4j.Driver:
    """The app's driver (created by the factory)."""
    return graph().driver


def database() -> str:
    """The database every read names."""
    return graph().settings.database


def close(app: Flask) -> None:
    """Close the driver, for servers and tests that end."""
    found = app.extensions.pop(EXTENSION, None)
    if found is not None:
        found.driver.close()


def _unavailable(exc: Exception):
    from web.respond import error_response

    log.warning("Neo4j unavailable: %s", str(exc).splitlines()[0] if str(exc) else exc)
    return error_response(503, "The graph database is not answering right now. This page will "
                               "work again as soon as it is back; try again in a moment.")
