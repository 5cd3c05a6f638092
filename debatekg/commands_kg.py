"""``debatekg query|queries|export|positions|stats|ensure-schema``: the graph side of the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from debatekg.context import one_line_errors, open_graph
from kg.export import FORMATS, export
from kg.export.rows_csv import rows_csv
from kg.load import finish_ingest
from kg.queries import find_saved_query, load_saved_queries, run_saved_query
from kg.schema import ensure_schema
from kg.stats import count_graph


@click.command("query")
@click.argument("name")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A query parameter (repeatable); the header's default otherwise.")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json", "csv"]),
              default="table", show_default=True)
@one_line_errors
def query(name: str, params: tuple[str, ...], fmt: str) -> None:
    """Run the saved query NAME from cypher/ (read-only) and print its rows."""
    saved = find_saved_query(name)
    given = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--param")
        given[key.strip()] = value
    driver, settings = open_graph()
    columns, rows = run_saved_query(driver, saved, given, database=settings.database)
    click.echo(render(columns, rows, fmt), nl=False)


@click.command("queries")
def queries() -> None:
    """List the saved queries with their parameters."""
    for q in load_saved_queries():
        params = ", ".join(f"{k}={v}" for k, v in q.params.items())
        click.echo(f"{q.name:<28} {q.title}" + (f"  [{params}]" if params else ""))


@click.command("export")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), required=True)
@click.option("--thread", "thread_id", default=None, help="Only this thread (by id).")
@click.option("-o", "--out", type=click.Path(path_type=Path), required=True,
              help="Output file (a directory for neo4j-admin, and for aif without --thread).")
@one_line_errors
def export_command(fmt: str, thread_id: str | None, out: Path) -> None:
    """Export the graph as AIF, Argdown, GraphML, JSON Lines or neo4j-admin import CSV."""
    driver, settings = open_graph()
    click.echo(export(driver, fmt, out, database=settings.database, thread_id=thread_id))


@click.command("positions")
@one_line_errors
def positions() -> None:
    """Recompute every topic's positions from the stored stances."""
    driver, settings = open_graph()
    summary = finish_ingest(driver, database=settings.database)
    n = sum(summary.nodes_created.values())
    gone = sum(summary.nodes_deleted.values())
    click.echo(f"positions recomputed in {summary.seconds:.2f} s: {n} new, {gone} removed")


@click.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@one_line_errors
def stats(as_json: bool) -> None:
    """Count nodes per label and relationships per type."""
    driver, settings = open_graph()
    counts = count_graph(driver, database=settings.database)
    if as_json:
        click.echo(json.dumps(counts, indent=2, sort_keys=True))
        return
    rows = [["node", k, v] for k, v in counts["nodes"].items()]
    rows += [["relationship", k, v] for k, v in counts["relationships"].items()]
    click.echo(render(["kind", "name", "count"], rows, "table"), nl=False)


@click.command("ensure-schema")
@one_line_errors
def ensure_schema_command() -> None:
    """Create the constraints and indexes that are missing (idempotent)."""
    driver, settings = open_graph()
    ensure_schema(driver, database=settings.database)
    click.echo(f"schema ensured on {settings.describe()}")


def render(columns: list[str], rows: list[list[Any]], fmt: str) -> str:
    """Rows as an aligned text table, a JSON list of objects, or CSV."""
    if fmt == "json":
        return json.dumps([dict(zip(columns, r, strict=True)) for r in rows],
                          ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return rows_csv(columns, rows)
    cells = [[_cell(v) for v in r] for r in rows]
    widths = [min(60, max([len(c)] + [len(r[i]) for r in cells])) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_fit(v, w).ljust(w) for v, w in zip(r, widths, strict=True))
              for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return " ".join(str(value).split())


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


COMMANDS: list[click.Command] = [query, queries, export_command, positions, stats, ensure_schema_command]
