"""Shared fixtures: one real Neo4j for the session, an empty graph per test, the sample data.

The server is chosen in this order: ``NEO4J_URI`` if set; a testcontainers Neo4j container when a
Docker engine answers; otherwise a managed local server of the tests' own (its own home and
ports, so a user's ingested graph is never emptied by a test run).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from kg.config import Neo4jSettings, open_driver, settings_from_env

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
NEO4J_IMAGE = "neo4j:5.26-community"


def _test_server_env() -> dict[str, str]:
    """Environment for the tests' own managed server."""
    home = os.environ.get("DEBATEKG_TEST_HOME") or str(Path.home() / ".cache" / "debatekg-test")
    return {
        **os.environ,
        "DEBATEKG_HOME": home,
        "DEBATEKG_NEO4J_BOLT_PORT": os.environ.get("DEBATEKG_TEST_BOLT_PORT", "17687"),
        "DEBATEKG_NEO4J_HTTP_PORT": os.environ.get("DEBATEKG_TEST_HTTP_PORT", "17474"),
        "DEBATEKG_NEO4J_HEAP": os.environ.get("DEBATEKG_TEST_HEAP", "1g"),
        "DEBATEKG_NEO4J_PAGECACHE": os.environ.get("DEBATEKG_TEST_PAGECACHE", "512m"),
    }


def _docker_answers() -> bool:
    try:
        import docker

        docker.from_env(timeout=3).ping()
        return True
    except Exception:  # noqa: BLE001 - no engine, no socket, no permission: all mean "no"
        return False


@pytest.fixture(scope="session")
def neo4j_settings() -> Iterator[Neo4jSettings]:
    """Connection settings of the session's real Neo4j server."""
    if os.environ.get("NEO4J_URI"):
        yield settings_from_env()
        return
    if _docker_answers():
        from testcontainers.neo4j import Neo4jContainer

        with Neo4jContainer(NEO4J_IMAGE, password="debatekg-test") as container:
            yield Neo4jSettings(container.get_connection_url(), "neo4j", "debatekg-test",
                                "neo4j", managed=False)
        return
    from kg.neo4j_local import LocalServer

    env = _test_server_env()
    server = LocalServer.from_env(env)
    started = server.start()
    os.environ.update({k: env[k] for k in env if k.startswith("DEBATEKG_")})
    try:
        yield settings_from_env(env)
    finally:
        if started and not os.environ.get("DEBATEKG_TEST_KEEP_SERVER"):
            server.stop()


@pytest.fixture(scope="session")
def driver(neo4j_settings: Neo4jSettings) -> Iterator[neo4j.Driver]:
    """The one driver of the test session."""
    with open_driver(neo4j_settings, wait_s=30) as drv:
        yield drv


@pytest.fixture(scope="session")
def database(neo4j_settings: Neo4jSettings) -> str:
    return neo4j_settings.database


def empty_database(drv: neo4j.Driver, database: str) -> None:
    """Remove every node and relationship, in batches so a large graph does not exhaust memory."""
    with drv.session(database=database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


@pytest.fixture
def graph(driver: neo4j.Driver, database: str) -> Iterator[neo4j.Driver]:
    """An empty graph with the schema in place; what a test loads is gone before the next one."""
    empty_database(driver, database)
    try:
        from kg.schema import ensure_schema
    except ImportError:
        ensure_schema = None
    if ensure_schema is not None:
        ensure_schema(driver, database=database)
    yield driver


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    path = SHARED / "corpus"
    if not path.is_dir():
        pytest.fail(f"sample corpus not found at {path}: clone the project with shared/ beside it")
    return path


@pytest.fixture(scope="session")
def aif_dir() -> Path:
    return SHARED / "aif"
