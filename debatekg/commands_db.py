"""``debatekg neo4j ...`` (the managed local server) and ``debatekg doctor``."""

from __future__ import annotations

import sys
import time

import click
import neo4j

from debatekg.context import one_line_errors
from kg import neo4j_local
from kg.config import open_driver, settings_from_env
from kg.errors import KgError
from kg.neo4j_local import LocalServer


@click.group("neo4j")
def neo4j_group() -> None:
    """Install, start, stop and inspect the managed local Neo4j server."""


@neo4j_group.command()
@one_line_errors
def install() -> None:
    """Fetch Neo4j Community and Neo4j Browser with mvn (idempotent; offline once cached)."""
    server = LocalServer.from_env()
    server.install()
    click.echo(f"Neo4j {neo4j_local.NEO4J_VERSION} community installed in {server.home}")


@neo4j_group.command()
@one_line_errors
def start() -> None:
    """Start the server in the background and wait until Bolt answers."""
    server = LocalServer.from_env()
    began = time.monotonic()
    started = server.start()
    verb = "started" if started else "already running"
    click.echo(f"Neo4j {verb} (pid {server.pid()}) at {server.bolt_uri} "
               f"in {time.monotonic() - began:.1f} s; browser: {server.browser_url}")


@neo4j_group.command()
@one_line_errors
def stop() -> None:
    """Stop the server started by ``start``."""
    stopped = LocalServer.from_env().stop()
    click.echo("Neo4j stopped" if stopped else "Neo4j was not running")


@neo4j_group.command()
@one_line_errors
def status() -> None:
    """Say whether the managed server runs, with its version and edition (exit 3 when stopped)."""
    server = LocalServer.from_env()
    pid = server.pid()
    if pid is None:
        click.echo(f"Neo4j is not running (home {server.home})")
        sys.exit(3)
    settings = settings_from_env()
    with open_driver(settings, wait_s=10) as driver:
        name, version, edition = server_components(driver)
    click.echo(f"Neo4j is running: pid {pid}, {name} {version} {edition}, "
               f"bolt {server.bolt_uri}, browser {server.browser_url}")


@neo4j_group.command()
@click.option("-n", "--lines", default=40, show_default=True, help="How many lines.")
def logs(lines: int) -> None:
    """Print the tail of the managed server's neo4j.log."""
    server = LocalServer.from_env()
    tail = server.log_tail(lines)
    if not tail:
        raise click.ClickException(f"no log yet at {server.log_file}")
    click.echo("\n".join(tail))


def server_components(driver: neo4j.Driver) -> tuple[str, str, str]:
    """Name, version and edition from ``dbms.components()``."""
    records, _, _ = driver.execute_query(
        "CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition",
        database_="system", routing_=neo4j.RoutingControl.READ,
    )
    row = records[0]
    return row["name"], row["version"], row["edition"]


@click.command()
def doctor() -> None:
    """Check java, mvn, the server, its version, the schema and the data; exit 0 only when all is well."""
    problems = 0

    def report(ok: bool, label: str, detail: str) -> None:
        nonlocal problems
        problems += 0 if ok else 1
        click.echo(f"{'ok ' if ok else 'BAD'}  {label:<12} {detail}")

    java, mvn = neo4j_local.java_version(), neo4j_local.mvn_version()
    managed = settings_from_env().managed
    report(java is not None or not managed, "java", java or "not found")
    report(mvn is not None or not managed, "mvn", mvn or "not found")
    try:
        settings = settings_from_env()
        with open_driver(settings) as driver:
            report(True, "neo4j", settings.describe())
            _doctor_server(driver, settings.database, report)
    except KgError as exc:
        report(False, "neo4j", str(exc))
    sys.exit(1 if problems else 0)


def _doctor_server(driver: neo4j.Driver, database: str, report) -> None:
    name, version, edition = server_components(driver)
    report(version.startswith("5."), "version", f"{name} {version} {edition}")
    report(True, "database", database)
    constraints, _, _ = driver.execute_query(
        "SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name", database_=database,
        routing_=neo4j.RoutingControl.READ)
    names = [r["name"] for r in constraints]
    expected = _expected_constraints()
    missing = sorted(set(expected) - set(names))
    report(not missing, "constraints",
           f"{len(names)} present" + (f"; missing {', '.join(missing)} (run an ingest)" if missing else ""))
    counts, _, _ = driver.execute_query(
        "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label",
        database_=database, routing_=neo4j.RoutingControl.READ)
    summary = ", ".join(f"{r['label']} {r['n']}" for r in counts) or "empty graph"
    report(True, "nodes", summary)


def _expected_constraints() -> list[str]:
    try:
        from kg.schema import CONSTRAINTS
    except ImportError:
        return []
    return [name for name, _ in CONSTRAINTS]


COMMANDS: list[click.Command] = [neo4j_group, doctor]
