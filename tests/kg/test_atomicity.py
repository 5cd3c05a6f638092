"""A loader killed in the middle of a thread leaves nothing of that thread behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import neo4j

from kg.stats import count_graph

REPO = Path(__file__).resolve().parents[2]

# Loads one generated thread of 6,000 posts in batches of 200, logging every batch.
LOADER = """
import logging, sys
from kg.config import Neo4jSettings, open_driver
from kg.load import load_bundle
from kg.models import Post, Span, Thread, ThreadBundle
logging.basicConfig(level=logging.DEBUG, stream=sys.stdout, format="%(name)s %(message)s")
logging.getLogger("neo4j").setLevel(logging.WARNING)
posts = [Post(id=f"big:p{i}", index=i, kind="article" if i == 0 else "comment",
              reply_to=None if i == 0 else f"big:p{i - 1}", depth=min(i, 1),
              text="x" * 200, span=Span(start=i * 201, end=i * 201 + 200)) for i in range(6000)]
bundle = ThreadBundle(thread=Thread(id="big", title="big", source="big.txt"), posts=posts)
settings = Neo4jSettings(*sys.argv[1:5], managed=False)
with open_driver(settings, wait_s=10) as driver:
    load_bundle(driver, bundle, database=settings.database, batch_size=200)
print("LOADED", flush=True)
"""


def test_killed_loader_leaves_no_partial_thread(graph: neo4j.Driver, database: str,
                                                neo4j_settings) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    target = [neo4j_settings.uri, neo4j_settings.user, neo4j_settings.password, database]
    proc = subprocess.Popen([sys.executable, "-c", LOADER, *target], env=env,
                            stdout=subprocess.PIPE, text=True, cwd=REPO)
    assert proc.stdout is not None
    batches = 0
    for line in proc.stdout:
        if "wrote 200 Post rows" in line:
            batches += 1
            if batches == 3:  # inside the transaction, with 600 posts already written to it
                os.kill(proc.pid, signal.SIGKILL)
                break
        assert "LOADED" not in line, "the load finished before it could be killed"
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _open_transactions(graph, database):
        time.sleep(0.2)
    counts = count_graph(graph, database=database)
    assert counts == {"nodes": {}, "relationships": {}}


def _open_transactions(driver: neo4j.Driver, database: str) -> int:
    records, _, _ = driver.execute_query(
        "SHOW TRANSACTIONS YIELD currentQuery WHERE NOT currentQuery STARTS WITH 'SHOW' "
        "RETURN count(*) AS n", database_=database)
    return records[0]["n"]

