"""The read-only Cypher console: run an analyst's query safely, with a timeout and a row cap.

Three independent guards, so one mistake does not open the graph to writes:
1. the query text is checked for ``LOAD CSV``, ``apoc.`` and ``USE`` (outside strings and
   comments; backticked names are unquoted first, so ```apoc`.x`` is caught too);
2. ``EXPLAIN`` asks the planner for the query type (it must be read-only, ``r``) and for every
   operator: no ``LoadCSV``, no ``SHOW`` or ``TERMINATE`` command (they plan as reads but leak
   other sessions' queries or stop them), and procedure calls only from a small allow-list;
3. the query then runs in a READ transaction (``session.execute_read`` in a read-mode session),
   where Neo4j itself refuses any write.
The query text is sent as it is, with its parameters as parameters; nothing is spliced into it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import neo4j
from neo4j.exceptions import ClientError, CypherSyntaxError, Neo4jError
from neo4j.graph import Node, Path, Relationship

from kg.errors import KgError, QueryRefused

MAX_QUERY_CHARS = 20_000
ALLOWED_PROCEDURES = frozenset({
    "db.labels", "db.relationshiptypes", "db.propertykeys", "db.schema.visualization",
    "db.schema.nodetypeproperties", "db.schema.reltypeproperties",
    "db.index.fulltext.querynodes", "db.index.fulltext.queryrelationships",
})
_STRINGS_AND_COMMENTS = re.compile(
    r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.S)
_FORBIDDEN_TEXT = (
    (re.compile(r"\bload\s+csv\b", re.I), "LOAD CSV is not allowed in the console"),
    (re.compile(r"\bapoc\s*\.", re.I), "apoc procedures and functions are not allowed in the console"),
    (re.compile(r"(?:^|[;{])\s*use\s+[\w.]+", re.I), "USE (another database) is not allowed in the console"),
)
_ADMIN_OPERATORS = ("Show", "Terminate")


class QueryFailed(KgError):
    """Neo4j rejected a console query (syntax error, unknown function, timeout...)."""


@dataclass
class ConsoleResult:
    """A query's columns and rows (JSON-ready), plus the graph elements found in them."""

    columns: list[str]
    rows: list[list[Any]]
    truncated: bool
    elapsed_ms: int
    nodes: dict[str, dict] = field(default_factory=dict)
    relationships: dict[str, dict] = field(default_factory=dict)
    anonymous: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        """The JSON shape of a result."""
        return {
            "columns": self.columns, "rows": self.rows, "row_count": len(self.rows),
            "truncated": self.truncated, "elapsed_ms": self.elapsed_ms,
            "nodes": list(self.nodes.values()), "relationships": list(self.relationships.values()),
        }


def check_text(query: str) -> None:
    """Refuse what a plan cannot show reliably; raises QueryRefused with the reason."""
    if not query.strip():
        raise QueryRefused("the query is empty")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryRefused(f"the query is longer than {MAX_QUERY_CHARS} characters")
    bare = _STRINGS_AND_COMMENTS.sub(_unquote_names, query)
    for pattern, reason in _FORBIDDEN_TEXT:
        if pattern.search(bare):
            raise QueryRefused(reason)


def _unquote_names(match: re.Match[str]) -> str:
    """Blank strings and comments, but keep backticked names as bare words to check them."""
    text = match.group(0)
    return f" {text[1:-1]} " if text.startswith("`") else " "


def check_plan(session: neo4j.Session, query: str, params: Mapping[str, Any]) -> None:
    """Ask the planner what the query would do and refuse anything but plain reads."""
    try:
        summary = session.run("EXPLAIN " + query, dict(params)).consume()
    except CypherSyntaxError as exc:
        raise QueryFailed(f"syntax error: {exc.message}") from exc
    except Neo4jError as exc:
        raise QueryFailed(f"Neo4j refused the query: {exc.message}") from exc
    if summary.query_type != "r":
        kinds = {"rw": "writes", "w": "writes", "s": "is a schema or administration command"}
        raise QueryRefused(
            f"the console is read-only and this query {kinds.get(summary.query_type, 'is not a read')}")
    for operator, details in plan_operators(summary.plan or {}):
        if operator == "LoadCSV":
            raise QueryRefused("LOAD CSV is not allowed in the console")
        if operator.startswith(_ADMIN_OPERATORS):
            raise QueryRefused("SHOW and TERMINATE commands are not allowed in the console")
        if operator == "ProcedureCall":
            name = (details or "").split("(", 1)[0].strip()
            if name.lower() not in ALLOWED_PROCEDURES:
                raise QueryRefused(f"procedure {name or '?'} is not allowed in the console; "
                                   f"allowed: {', '.join(sorted(ALLOWED_PROCEDURES))}")


def plan_operators(plan: Mapping[str, Any]) -> Iterator[tuple[str, str | None]]:
    """Every operator of a plan tree as (name without the runtime suffix, details)."""
    if not plan:
        return
    yield str(plan.get("operatorType", "")).split("@", 1)[0], plan.get("args", {}).get("Details")
    for child in plan.get("children", []):
        yield from plan_operators(child)


def run_console_query(
    driver: neo4j.Driver, query: str, params: Mapping[str, Any] | None = None, *,
    database: str, timeout_s: float = 10.0, row_cap: int = 1000,
) -> ConsoleResult:
    """Check a user's query, then run it read-only with a server-side timeout and a row cap."""
    params = dict(params or {})
    check_text(query)
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        check_plan(session, query, params)
        return run_read_only(session, query, params, timeout_s=timeout_s, row_cap=row_cap)


def run_read_only(session: neo4j.Session, query: str, params: Mapping[str, Any], *,
                  timeout_s: float, row_cap: int) -> ConsoleResult:
    """Run a query in a READ transaction; Neo4j itself refuses writes here."""

    @neo4j.unit_of_work(timeout=timeout_s)
    def work(tx: neo4j.ManagedTransaction) -> tuple[list[str], list[neo4j.Record]]:
        result = tx.run(query, dict(params))
        return list(result.keys()), result.fetch(row_cap + 1)

    began = time.monotonic()
    try:
        columns, records = session.execute_read(work)
    except ClientError as exc:
        if "AccessMode" in (exc.code or ""):
            raise QueryRefused("the console is read-only: Neo4j refused a write") from exc
        if re.search(r"TimedOut|Timeout|Terminated", exc.code or ""):
            raise QueryFailed(f"the query ran longer than {timeout_s:g} s and was stopped") from exc
        raise QueryFailed(f"Neo4j refused the query: {exc.message}") from exc
    except Neo4jError as exc:  # transient or database errors: still one clear line, not a 500
        raise QueryFailed(f"Neo4j could not run the query: {exc.message}") from exc
    elapsed_ms = int((time.monotonic() - began) * 1000)
    result = ConsoleResult(columns=columns, rows=[], truncated=len(records) > row_cap,
                           elapsed_ms=elapsed_ms)
    for record in records[:row_cap]:
        result.rows.append([to_json(value, result) for value in record.values()])
    return result


def to_json(value: Any, result: ConsoleResult | None = None) -> Any:
    """A driver value as JSON; graph elements are described by our ``id``, never elementId."""
    if isinstance(value, Node):
        return _node(value, result)
    if isinstance(value, Relationship):
        return _relationship(value, result)
    if isinstance(value, Path):
        return {"nodes": [_node(n, result) for n in value.nodes],
                "relationships": [_relationship(r, result) for r in value.relationships]}
    if isinstance(value, list | tuple):
        return [to_json(v, result) for v in value]
    if isinstance(value, dict):
        return {str(k): to_json(v, result) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return str(value)


def _node_key(node: Node, result: ConsoleResult | None) -> str:
    """Our stable id; nodes without one get a number local to this result."""
    own = node.get("id")
    if own is not None:
        return str(own)
    if result is None:
        return "_:?"
    return result.anonymous.setdefault(node.element_id, f"_:{len(result.anonymous) + 1}")


def _node(node: Node, result: ConsoleResult | None) -> dict:
    props = {k: to_json(v) for k, v in node.items()}
    entry = {"id": _node_key(node, result), "labels": sorted(node.labels), "properties": props}
    if result is not None:
        result.nodes.setdefault(entry["id"], entry)
    return entry


def _relationship(rel: Relationship, result: ConsoleResult | None) -> dict:
    start = _node_key(rel.start_node, result) if rel.start_node is not None else None
    end = _node_key(rel.end_node, result) if rel.end_node is not None else None
    entry = {"type": rel.type, "start": start, "end": end,
             "properties": {k: to_json(v) for k, v in rel.items()}}
    if result is not None:
        result.relationships.setdefault(rel.element_id, entry)
        if rel.start_node is not None:
            _node(rel.start_node, result)
        if rel.end_node is not None:
            _node(rel.end_node, result)
    return entry


def parse_params(text: str) -> dict[str, Any]:
    """``name=value`` lines (from a form) as parameters; numbers and booleans are typed."""
    params: dict[str, Any] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        name, sep, raw = line.partition("=")
        name = name.strip()
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryRefused(f"bad parameter line {line.strip()!r}: write name=value")
        params[name] = typed_value(raw.strip())
    return params


def typed_value(raw: str) -> Any:
    """A form value as int, float, bool or string."""
    for cast in (int, float):
        try:
            return cast(raw)
        except ValueError:
            pass
    if raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    return raw
