"""Saved Cypher queries: ``cypher/*.cypher`` files, each headed by a comment block.

A header is consecutive ``//`` lines at the top of the file::

    // title: Author pairs who disagree most
    // description: Who argues with whom, counted over every thread.
    // params: limit=20, thread=

``params`` lists ``name=default`` pairs separated by commas (the keyword may repeat); a
default that reads as an integer, a float or true/false has that type, and a value given
later for the parameter is converted to it. The query itself is the rest of the file, so
it runs unchanged in Neo4j Browser after ``:param`` lines. Queries run in READ
transactions: the server refuses any write in them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j
from neo4j.graph import Node, Relationship
from neo4j.graph import Path as GraphPath

from kg.errors import KgError, QueryRefused

DEFAULT_DIRECTORY = Path(__file__).resolve().parents[1] / "cypher"
_HEADER = re.compile(r"^//\s*(title|description|params)\s*:\s*(.*)$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class QueryNotFound(KgError):
    """No saved query with that name."""


class BadQueryParameter(KgError):
    """A parameter the query does not take, or a value that does not fit its type."""


@dataclass(frozen=True)
class SavedQuery:
    """One saved query: ``name`` is the file's stem."""

    name: str
    title: str
    description: str
    params: dict[str, Any] = field(default_factory=dict)
    text: str = ""

    def bind(self, given: dict[str, Any] | None = None) -> dict[str, Any]:
        """The defaults overridden by ``given``; strings are converted to the default's type."""
        bound = dict(self.params)
        for key, value in (given or {}).items():
            if key not in self.params:
                known = ", ".join(self.params) or "none"
                raise BadQueryParameter(f"query {self.name} has no parameter {key!r} (it takes: {known})")
            bound[key] = _convert(self.name, key, value, self.params[key])
        return bound


def parse_saved_query(text: str, name: str) -> SavedQuery:
    """Read the header comment block; a file without a title is refused with its name."""
    meta: dict[str, str] = {}
    params: dict[str, Any] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line.lstrip().startswith("//"):
            break
        m = _HEADER.match(line.strip())
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "params":
            params.update(_parse_params(name, value))
        else:
            meta[key] = (meta.get(key, "") + " " + value).strip()
    if "title" not in meta:
        raise KgError(f"cypher/{name}.cypher: no '// title:' line in its header")
    return SavedQuery(name=name, title=meta["title"], description=meta.get("description", ""),
                      params=params, text=text.strip() + "\n")


def load_saved_queries(directory: Path | None = None) -> list[SavedQuery]:
    """Every ``*.cypher`` file of the directory (``cypher/`` by default), sorted by name."""
    directory = DEFAULT_DIRECTORY if directory is None else Path(directory)
    return [parse_saved_query(p.read_text(encoding="utf-8"), p.stem)
            for p in sorted(directory.glob("*.cypher"))]


def find_saved_query(name: str, directory: Path | None = None) -> SavedQuery:
    """The saved query called ``name``, or a QueryNotFound listing the known names."""
    queries = {q.name: q for q in load_saved_queries(directory)}
    if name not in queries:
        raise QueryNotFound(f"no saved query {name!r}; known: {', '.join(sorted(queries))}")
    return queries[name]


def run_saved_query(driver: neo4j.Driver, query: SavedQuery, params: dict[str, Any] | None,
                    *, database: str) -> tuple[list[str], list[list[Any]]]:
    """Run in a READ transaction; returns column names and rows of plain Python values."""
    bound = query.bind(params)

    def work(tx: neo4j.ManagedTransaction) -> tuple[list[str], list[list[Any]]]:
        result = tx.run(query.text, bound)
        columns = list(result.keys())
        return columns, [[plain(v) for v in record.values()] for record in result]

    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        try:
            return session.execute_read(work)
        except neo4j.exceptions.ClientError as exc:
            if "AccessMode" in (exc.code or "") or "read access mode" in (exc.message or ""):
                raise QueryRefused(f"query {query.name} tried to write: {exc.message}") from exc
            raise


def plain(value: Any) -> Any:
    """Driver values as JSON-ready Python: nodes and relationships become property dicts."""
    if isinstance(value, Node):
        return {"labels": sorted(value.labels), **dict(value)}
    if isinstance(value, Relationship):
        return {"type": value.type, **dict(value)}
    if isinstance(value, GraphPath):
        return [plain(n) for n in value.nodes]
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def _parse_params(name: str, text: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in filter(None, (x.strip() for x in text.split(","))):
        key, sep, default = item.partition("=")
        key = key.strip()
        if not sep or not _NAME.match(key):
            raise KgError(f"cypher/{name}.cypher: bad params entry {item!r} (want name=default)")
        out[key] = _typed(default.strip())
    return out


def _typed(text: str) -> Any:
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d*", text):
        return float(text)
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    return text.strip("'\"")


def _convert(query: str, key: str, value: Any, default: Any) -> Any:
    if not isinstance(value, str) or isinstance(default, str):
        return value
    try:
        if isinstance(default, bool):
            if value.lower() not in ("true", "false"):
                raise ValueError(value)
            return value.lower() == "true"
        return type(default)(value)
    except ValueError:
        raise BadQueryParameter(
            f"query {query}: parameter {key} wants a {type(default).__name__}, got {value!r}"
        ) from None
