"""Exports of the graph: one module per format, and ``export`` choosing between them."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import neo4j

log = logging.getLogger(__name__)

FORMATS = ("aif", "argdown", "graphml", "jsonl", "neo4j-admin")


def export(driver: neo4j.Driver, fmt: str, out: Path, *, database: str,
           thread_id: str | None = None) -> str:
    """Write the graph (or one thread) in ``fmt`` to ``out``; returns a one-line description.

    ``aif`` writes one map per thread: a file when one thread is exported, else a directory
    of ``<thread>.json`` files. ``neo4j-admin`` always writes a directory of CSV files.
    """
    from kg.export.bundles import read_bundles

    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    if fmt in ("graphml", "neo4j-admin"):
        return _export_graph(driver, fmt, out, database=database, thread_id=thread_id)
    bundles = read_bundles(driver, database=database, thread_id=thread_id)
    if fmt == "jsonl":
        from kg.export.jsonl import write_jsonl

        return f"{write_jsonl(bundles, out)} threads written to {out}"
    if fmt == "argdown":
        from kg.export.argdown import to_argdown

        out.write_text(to_argdown(bundles), encoding="utf-8")
        return f"Argdown written to {out}"
    from kg.export.aif import to_aif

    if thread_id is not None:
        out.write_text(json.dumps(to_aif(next(bundles)), ensure_ascii=False, indent=1),
                       encoding="utf-8")
        return f"AIF map of {thread_id} written to {out}"
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for bundle in bundles:
        (out / f"{bundle.thread.id}.json").write_text(
            json.dumps(to_aif(bundle), ensure_ascii=False, indent=1), encoding="utf-8")
        n += 1
    return f"{n} AIF maps written to {out}/"


def _export_graph(driver: neo4j.Driver, fmt: str, out: Path, *, database: str,
                  thread_id: str | None) -> str:
    if fmt == "neo4j-admin":
        from kg.export.neo4j_admin import ARGS_FILE, write_admin_csv

        written = write_admin_csv(driver, out, database=database, thread_id=thread_id)
        return (f"{written.nodes} nodes and {written.relationships} relationships written to "
                f"{out}/ (options for neo4j-admin database import full in {out}/{ARGS_FILE})")
    from kg.export.dump import read_graph
    from kg.export.graphml import write_graphml

    nodes, rels = read_graph(driver, database=database, thread_id=thread_id)
    write_graphml(nodes, rels, out)
    return f"{len(nodes)} nodes and {len(rels)} relationships written to {out}"
