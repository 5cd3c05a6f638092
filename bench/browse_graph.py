"""A 100,000-post graph for the browsing benchmarks, built in minutes rather than by a long ingest.

The neo4j-admin export of the graph the ingest benchmark loaded is copied ``k`` times, each
copy's thread-owned nodes (threads, posts, claims, stances) under new ids, while authors,
topics and positions stay shared, so the copies look like more threads by the same people on
the same topics. The copies are imported with ``neo4j-admin database import full`` into the
fresh import server, which is then started with the schema in place. Figures measured on it
are labelled as such: its text is the extracted text of the ingested threads, repeated.
"""

from __future__ import annotations

import csv
import math
import re
import time
from pathlib import Path
from typing import Any

from bench import server
from kg.config import Neo4jSettings, open_driver
from kg.export.neo4j_admin import ARGS_FILE
from kg.neo4j_local import LocalServer
from kg.schema import CONSTRAINTS, INDEXES

REPLICATED = {"Thread", "Post", "Claim", "Stance"}
SCHEMA_WAIT_S = 900  # building indexes over a large imported graph takes longer than an ingest waits
THREAD_COLUMN = "thread_id:string"
_ID_COLUMN = re.compile(r"^(?:[^:]*):(?:ID|START_ID|END_ID)\((\w+)\)$")

csv.field_size_limit(2**31 - 1)


def _suffix(value: str, copy: int) -> str:
    return value if copy == 0 or not value else f"{value}~r{copy}"


def _copy_file(header: Path, data: Path, dst: Path, copies: int) -> tuple[Path, Path, int]:
    """Write ``copies`` copies of one data file with its replicated id columns renamed."""
    columns = next(csv.reader(header.open(newline="", encoding="utf-8")))
    renamed = [i for i, col in enumerate(columns)
               if (m := _ID_COLUMN.match(col)) and m.group(1) in REPLICATED or col == THREAD_COLUMN]
    times = copies if renamed else 1
    new_header, new_data = dst / header.name, dst / data.name
    new_header.write_text(header.read_text(encoding="utf-8"), encoding="utf-8")
    rows = 0
    with new_data.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        for copy in range(times):
            with data.open(newline="", encoding="utf-8") as src:
                for row in csv.reader(src):
                    for i in renamed:
                        row[i] = _suffix(row[i], copy)
                    writer.writerow(row)
                    rows += 1
    return new_header, new_data, rows


def replicate(src: Path, dst: Path, copies: int) -> tuple[list[str], int]:
    """The import options for ``copies`` copies of the export in ``src``; and the rows written."""
    dst.mkdir(parents=True, exist_ok=True)
    args, total = [], 0
    for line in (src / ARGS_FILE).read_text(encoding="utf-8").splitlines():
        if not line.startswith(("--nodes=", "--relationships=")):
            args.append(line)
            continue
        flag, files = line.split("=", 1)
        header, data = (Path(p) for p in files.split(","))
        new_header, new_data, rows = _copy_file(header, data, dst, copies)
        args.append(f"{flag}={new_header},{new_data}")
        total += rows
    return args, total


def build(export_dir: Path, exported_posts: int, target_posts: int) -> tuple[LocalServer, dict[str, Any]]:
    """Import enough copies of the export to reach ``target_posts``; leave the server running."""
    copies = max(1, math.ceil(target_posts / max(exported_posts, 1)))
    began = time.perf_counter()
    args, rows = replicate(export_dir, export_dir.with_name("browse-csv"), copies)
    write_s = time.perf_counter() - began
    target = server.import_server()
    import_s, _ = server.admin_import(target, args)
    target.start()
    settings = settings_of(target)
    with open_driver(settings, wait_s=60) as driver:
        t0 = time.perf_counter()
        for _, statement in [*CONSTRAINTS, *INDEXES]:
            driver.execute_query(statement, database_=settings.database)
        driver.execute_query(f"CALL db.awaitIndexes({SCHEMA_WAIT_S})", database_=settings.database)
        schema_s = time.perf_counter() - t0
        nodes, rels = server.counts(driver, settings.database)
        posts, _, _ = driver.execute_query("MATCH (p:Post) RETURN count(p) AS n",
                                           database_=settings.database)
    return target, {"copies": copies, "rows": rows, "write_csv_s": round(write_s, 2),
                    "import_s": round(import_s, 2), "import_elements_per_s": round(rows / import_s, 1),
                    "schema_s": round(schema_s, 2), "nodes": nodes, "relationships": rels,
                    "posts": posts[0]["n"]}


def settings_of(target: LocalServer) -> Neo4jSettings:
    return Neo4jSettings(target.bolt_uri, "neo4j", target.read_password(), "neo4j", True)


def env_of(target: LocalServer) -> dict[str, str]:
    """Environment that points a benchmark process (and the web app) at ``target``."""
    return {"NEO4J_URI": target.bolt_uri, "NEO4J_USER": "neo4j",
            "NEO4J_PASSWORD": target.read_password(), "NEO4J_DATABASE": "neo4j"}
