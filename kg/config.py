"""Connection settings from the environment, and the one driver a process opens.

Without ``NEO4J_URI`` debatekg uses its managed local server (``kg.neo4j_local``), started on
demand; with it, any Neo4j 5 server: a container, Aura, or a cluster through ``neo4j://``.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass

import neo4j
from neo4j.exceptions import AuthError, ServiceUnavailable

from kg.errors import Neo4jUnavailable

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class Neo4jSettings:
    """Where the graph lives and how to log in; ``managed`` marks our own local server."""

    uri: str
    user: str
    password: str
    database: str
    managed: bool

    def describe(self) -> str:
        """A one-line description without the password, for messages."""
        kind = "managed local server" if self.managed else "NEO4J_URI"
        return f"{self.uri} (database {self.database}, {kind})"


def settings_from_env(env: Mapping[str, str] | None = None) -> Neo4jSettings:
    """Read ``NEO4J_*``; fall back to the managed local server's address and password."""
    env = os.environ if env is None else env
    uri = env.get("NEO4J_URI", "").strip()
    if uri:
        return Neo4jSettings(
            uri=uri,
            user=env.get("NEO4J_USER", env.get("NEO4J_USERNAME", "neo4j")),
            password=env.get("NEO4J_PASSWORD", ""),
            database=env.get("NEO4J_DATABASE", "neo4j"),
            managed=False,
        )
    from kg.neo4j_local import LocalServer

    server = LocalServer.from_env(env)
    return Neo4jSettings(
        uri=server.bolt_uri,
        user="neo4j",
        password=server.read_password(),
        database="neo4j",
        managed=True,
    )


def open_driver(settings: Neo4jSettings, *, wait_s: float = 0.0) -> neo4j.Driver:
    """Open a driver and prove the server answers, retrying for up to ``wait_s`` seconds."""
    driver = neo4j.GraphDatabase.driver(
        settings.uri,
        auth=(settings.user, settings.password),
        connection_timeout=CONNECT_TIMEOUT_S,
        connection_acquisition_timeout=CONNECT_TIMEOUT_S,
        max_transaction_retry_time=CONNECT_TIMEOUT_S,
    )
    deadline = time.monotonic() + wait_s
    while True:
        try:
            driver.verify_connectivity()
            return driver
        except AuthError as exc:
            driver.close()
            raise Neo4jUnavailable(
                f"Neo4j at {settings.describe()} refused the login: {exc.message}"
            ) from exc
        except (ServiceUnavailable, OSError) as exc:
            if time.monotonic() >= deadline:
                driver.close()
                raise Neo4jUnavailable(
                    f"Neo4j at {settings.describe()} does not answer: {_short(exc)}"
                ) from exc
            time.sleep(0.5)


def connect(env: Mapping[str, str] | None = None) -> tuple[neo4j.Driver, Neo4jSettings]:
    """Settings plus an open driver; starts the managed local server first when that is the target."""
    settings = settings_from_env(env)
    if settings.managed:
        from kg.neo4j_local import LocalServer

        LocalServer.from_env(env).start()
        settings = settings_from_env(env)
    return open_driver(settings), settings


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
