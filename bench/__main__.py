"""Every benchmark in one command: ``python -m bench``.

Starts the benchmarks' own Neo4j (unless ``NEO4J_URI`` names one), runs the ingest
benchmarks, then the browsing benchmarks: on a graph of ``--browse-posts`` posts built by
``bench.browse_graph`` when the ingest run loaded fewer, else on the graph it left behind.
Writes ``bench/results/*.json``, rewrites the results table of ``bench/README.md``, and stops
every server this run started.
"""

from __future__ import annotations

import argparse
import logging
import time
from typing import Any

from bench import browse_graph, ingest, report, server, web
from kg.neo4j_local import LocalServer

log = logging.getLogger("bench")


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,100000", help="corpus sizes in posts")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--deadline", type=float, default=150.0,
                        help="seconds after which one corpus size stops early (and says so)")
    parser.add_argument("--baseline-posts", type=int, default=1000)
    parser.add_argument("--browse-posts", type=int, default=100_000,
                        help="posts in the graph that / is measured on")
    parser.add_argument("--web-sizes", default="25,500,5000")
    parser.add_argument("--web-seconds", type=float, default=30.0)
    parser.add_argument("--web-requests", type=int, default=20)
    parser.add_argument("--keep-server", action="store_true", help="leave our Neo4j running afterwards")
    return parser.parse_args(argv)


def browse_target(loaded: int, wanted: int) -> tuple[LocalServer | None, dict[str, str] | None,
                                                      dict[str, Any] | None]:
    """The server, environment and description of the graph to browse."""
    if loaded >= wanted:
        return None, None, None
    log.info("building a %d-post browse graph from copies of the %d posts loaded", wanted, loaded)
    target, figures = browse_graph.build(ingest.WORK / "admin-csv", loaded, wanted)
    note = {"made_by": f"neo4j-admin import of {figures['copies']} copies (new ids for threads, posts, "
                       f"claims and stances) of the {loaded}-post graph the ingest benchmark loaded; "
                       "the text repeats", **figures}
    return target, browse_graph.env_of(target), note


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    for noisy in ("neo4j", "kg", "ingest", "waitress"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    managed = server.main_server()
    started = managed.start() if managed is not None else False
    began = time.perf_counter()
    browse = None
    try:
        results = ingest.run([int(x) for x in args.sizes.split(",")], seed=args.seed,
                             baseline_posts=args.baseline_posts, deadline_s=args.deadline, admin=True)
        browse, neo4j_env, note = browse_target(results["sizes"][-1]["posts"], args.browse_posts)
        web.run(seconds=args.web_seconds, concurrency=8, requests=args.web_requests, seed=args.seed,
                sizes=tuple(int(x) for x in args.web_sizes.split(",")), neo4j_env=neo4j_env,
                graph_note=note)
        report.update_readme()
        log.info("all benchmarks done in %.0f s", time.perf_counter() - began)
    finally:
        if browse is not None:
            browse.stop()
        if started and not args.keep_server and managed is not None:
            managed.stop()


if __name__ == "__main__":
    main()
