"""Web fixtures: the app over the session's real Neo4j, loaded with hand-made threads or the corpus."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from flask import Flask
from flask.testing import FlaskClient

from kg.config import Neo4jSettings
from kg.load import finish_ingest, load_bundle
from tests.conftest import empty_database
from tests.web.bundles import demo_bundle, hostile_bundle
from web import create_app
from web.neo4j_ext import close


def load(driver: neo4j.Driver, database: str, bundles: list) -> None:
    """Load threads the way an ingest does: one transaction each, then positions."""
    for bundle in bundles:
        load_bundle(driver, bundle, database=database)
    finish_ingest(driver, database=database)


@pytest.fixture
def app(neo4j_settings: Neo4jSettings) -> Iterator[Flask]:
    """The app, with its own driver, against the test server."""
    application = create_app({"TESTING": True, "NEO4J_SETTINGS": neo4j_settings})
    yield application
    close(application)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def demo_graph(graph: neo4j.Driver, database: str) -> neo4j.Driver:
    """An empty graph holding only the hand-made demo and hostile threads."""
    load(graph, database, [demo_bundle(), hostile_bundle()])
    return graph


@pytest.fixture(scope="module")
def corpus_graph(driver: neo4j.Driver, database: str, corpus_dir: Path) -> neo4j.Driver:
    """The sample corpus through the ingest pipeline, plus the hostile thread (module-wide)."""
    from ingest.pipeline import extract

    empty_database(driver, database)
    bundles = extract(*sorted(corpus_dir.glob("*.txt")))
    load(driver, database, [*bundles, hostile_bundle()])
    return driver
