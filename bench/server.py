"""The benchmarks' own Neo4j: a managed server apart from the user's and the tests', and a
second, fresh one that receives ``neo4j-admin database import``.

Both are ``kg.neo4j_local.LocalServer`` instances with their own home and ports, so a
benchmark never empties a graph someone else is using. ``NEO4J_URI`` still wins for the
main server (a user benchmarking their own Neo4j); the import comparison then needs the
managed runtime all the same, because it runs ``neo4j-admin`` on local files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import replace
from pathlib import Path

import neo4j

from kg.config import Neo4jSettings, open_driver, settings_from_env
from kg.neo4j_local import ADMIN_BOOTLOADER, NEO4J_VERSION, LocalServer

BENCH_ENV = {
    "DEBATEKG_HOME": "/tmp/dkg-bench",
    "DEBATEKG_NEO4J_BOLT_PORT": "47687",
    "DEBATEKG_NEO4J_HTTP_PORT": "47474",
}
IMPORT_PORTS = (47688, 47475)


def bench_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of every benchmark process: our server unless the caller chose one;
    ``extra`` (a ``NEO4J_URI`` and its login) points it at another server."""
    env = dict(os.environ)
    for key, value in BENCH_ENV.items():
        env.setdefault(key, value)
    env.update(extra or {})
    return env


def main_server() -> LocalServer | None:
    """The managed server the benchmarks use, or None when ``NEO4J_URI`` names another."""
    env = bench_env()
    return None if env.get("NEO4J_URI") else LocalServer.from_env(env)


def connect(extra: dict[str, str] | None = None, wait_s: float = 60) -> tuple[neo4j.Driver, Neo4jSettings]:
    """Start our server if needed (unless ``extra`` names another) and open a driver."""
    env = bench_env(extra)
    if not env.get("NEO4J_URI"):
        LocalServer.from_env(env).start()
    settings = settings_from_env(env)
    return open_driver(settings, wait_s=wait_s), settings


def empty_database(driver: neo4j.Driver, database: str) -> None:
    """Remove every node and relationship in batches (the schema stays). Relationships go
    first: a topic of a large corpus has hundreds of thousands, more than one transaction
    may hold if its node were detached and deleted at once."""
    with driver.session(database=database) as session:
        session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS").consume()
        session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS").consume()


def counts(driver: neo4j.Driver, database: str) -> tuple[int, int]:
    """Nodes and relationships in the database, from the count store (cheap at any size)."""
    records, _, _ = driver.execute_query(
        "CALL () { MATCH (n) RETURN count(n) AS nodes } CALL () { MATCH ()-[r]->() RETURN count(r) AS rels } "
        "RETURN nodes, rels", database_=database, routing_=neo4j.RoutingControl.READ)
    return records[0]["nodes"], records[0]["rels"]


def server_version(driver: neo4j.Driver) -> str:
    records, _, _ = driver.execute_query(
        "CALL dbms.components() YIELD versions, edition RETURN versions[0] + ' ' + edition AS v",
        database_="system", routing_=neo4j.RoutingControl.READ)
    return records[0]["v"]


def import_server() -> LocalServer:
    """A fresh managed server for the neo4j-admin import: new home, never started before."""
    base = Path(bench_env()["DEBATEKG_HOME"]) / "admin-import"
    shutil.rmtree(base, ignore_errors=True)
    template = main_server() or LocalServer.from_env(bench_env())
    return replace(template, home=base / f"neo4j-{NEO4J_VERSION}", bolt_port=IMPORT_PORTS[0],
                   http_port=IMPORT_PORTS[1], heap="2g", pagecache="1g",
                   shared_lib=template.lib)


def admin_import(server: LocalServer, args: list[str], database: str = "neo4j") -> tuple[float, str]:
    """Run ``neo4j-admin database import full`` into the stopped server; seconds and output."""
    server.install()
    java = shutil.which("java") or "java"
    env = {**os.environ, "NEO4J_HOME": str(server.home), "NEO4J_CONF": str(server.conf_dir)}
    cmd = [java, "-cp", f"{server.lib}/*", f"-Dbasedir={server.home}", ADMIN_BOOTLOADER,
           "database", "import", "full", database, "--overwrite-destination=true", *args]
    began = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=server.home, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=900)
    seconds = time.perf_counter() - began
    output = (done.stdout + done.stderr).strip()
    if done.returncode != 0:
        raise RuntimeError(f"neo4j-admin import failed (exit {done.returncode}): {output[-800:]}")
    return seconds, output


def imported_counts(server: LocalServer) -> tuple[int, int]:
    """Start the import server, count what the import wrote, stop it again."""
    server.start()
    try:
        settings = Neo4jSettings(server.bolt_uri, "neo4j", server.read_password(), "neo4j", True)
        with open_driver(settings, wait_s=60) as driver:
            return counts(driver, "neo4j")
    finally:
        server.stop()
