"""neo4j-admin CSV export: imported into a fresh managed server, it has the Bolt load's counts."""

from __future__ import annotations

import secrets
import socket
from pathlib import Path

import neo4j
import pytest

from kg.config import open_driver
from kg.export import export
from kg.export.neo4j_admin import ARGS_FILE
from kg.load import finish_ingest, load_bundle
from kg.neo4j_local import NEO4J_VERSION, LocalServer
from kg.stats import count_graph
from tests.kg.bundles import make_bundle


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_admin_import_matches_bolt_load(graph: neo4j.Driver, database: str, tmp_path: Path,
                                        corpus_dir: Path) -> None:
    from ingest.pipeline import extract

    for bundle in [make_bundle(), *extract(*sorted(corpus_dir.glob("*.txt")))]:
        load_bundle(graph, bundle, database=database)
    finish_ingest(graph, database=database)
    bolt_counts = count_graph(graph, database=database)
    out = tmp_path / "csv"
    export(graph, "neo4j-admin", out, database=database)
    args = (out / ARGS_FILE).read_text().split()

    base = LocalServer.from_env()
    base.install()  # resolves the jars once; the fresh server shares them
    fresh = LocalServer(home=tmp_path / f"neo4j-{NEO4J_VERSION}", bolt_port=_free_port(),
                        http_port=_free_port(), heap="512m", pagecache="128m")
    fresh.home.mkdir(parents=True)
    (fresh.home / "lib").symlink_to(base.lib, target_is_directory=True)
    # Set the password ourselves: one that cannot be mistaken for a command-line option.
    password = "x" + secrets.token_hex(12)
    fresh.admin("dbms", "set-initial-password", password)
    fresh.password_file.write_text(password)
    fresh.install()
    fresh.admin("database", "import", "full", "neo4j", *args)
    fresh.start()
    try:
        from kg.config import Neo4jSettings

        settings = Neo4jSettings(fresh.bolt_uri, "neo4j", fresh.read_password(), "neo4j", True)
        with open_driver(settings, wait_s=30) as other:
            imported = count_graph(other, database="neo4j")
            records, _, _ = other.execute_query(
                "MATCH (s:Stance {partial: true})-[:TOWARDS]->(p:Post) "
                "RETURN count(s) AS n, sum(p.index) AS total", database_="neo4j")
    finally:
        fresh.stop()
    assert imported == bolt_counts
    expected, _, _ = graph.execute_query(
        "MATCH (s:Stance {partial: true})-[:TOWARDS]->(p:Post) "
        "RETURN count(s) AS n, sum(p.index) AS total", database_=database)
    assert records[0].data() == expected[0].data()  # types survive: booleans, integers
