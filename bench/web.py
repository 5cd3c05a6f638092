"""Browsing benchmarks: latency of thread pages and their JSON twins at 25, 500 and 5,000 posts,
of ``/`` over the whole corpus, and requests per second under concurrent load.

    python -m bench.web [--seconds 30] [--concurrency 8] [--requests 30]

The graph holds whatever ``bench.ingest`` left in it (its largest corpus); three threads of
the chosen sizes are generated, extracted and loaded on top. The app runs under waitress on
127.0.0.1 in a process of its own; latencies are measured from this process, and the load
comes from a third one, so no client shares the server's interpreter. Results go to
``bench/results/web.json``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import logging
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from bench import server
from bench.generate import generate_thread
from bench.machine import describe

log = logging.getLogger("bench.web")

RESULTS = Path(__file__).resolve().parent / "results"
WORK = Path("/tmp/dkg-bench/work-web")
THREAD_SIZES = (25, 500, 5000)
TARGET_JSON_P95_MS = 100.0
PER_URL_CAP_S = 20.0  # a slow page gets fewer samples rather than stalling the run
# the graph's data as the page ships it: a JSON data island, or pyvis' inline DataSet
_ISLAND = re.compile(r'<script type="application/json" id="graph-data">(.*?)</script>', re.S)
_DATASET = re.compile(r"nodes\s*=\s*new\s+vis\.DataSet\((\[.*?\])\s*\)", re.S)


# -- the server process ------------------------------------------------------------------------
def serve(port: int) -> None:
    """Serve the app with waitress on loopback until terminated."""
    from waitress import serve as waitress_serve

    from web import create_app

    waitress_serve(create_app(), host="127.0.0.1", port=port, threads=4, _quiet=True)


def start_server(port: int, neo4j_env: dict[str, str] | None = None) -> subprocess.Popen:
    """Start ``serve`` in its own process and wait until ``/healthz`` answers 200."""
    proc = subprocess.Popen([sys.executable, "-m", "bench.web", "--serve", str(port)],
                            env=server.bench_env(neo4j_env), cwd=Path(__file__).resolve().parents[1])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _, _ = fetch(http.client.HTTPConnection("127.0.0.1", port, timeout=5), "/healthz")
            if status == 200:
                return proc
        except OSError:
            pass
        if proc.poll() is not None:
            raise RuntimeError(f"the web server exited with {proc.returncode}")
        time.sleep(0.5)
    proc.terminate()
    raise RuntimeError("the web server did not answer /healthz within 60 s")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- requests ----------------------------------------------------------------------------------
def fetch(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes, float]:
    """One GET on a kept-alive connection: status, body and seconds."""
    began = time.perf_counter()
    conn.request("GET", path)
    resp = conn.getresponse()
    body = resp.read()
    return resp.status, body, time.perf_counter() - began


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) by linear interpolation between order statistics."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    pos = q * (len(ordered) - 1)
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def latency(port: int, path: str, requests: int) -> dict[str, Any]:
    """Sequential requests after two warm-ups (the first is reported apart: it meets the app's
    caches cold): p50, p95, size and the statuses seen."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    first = [fetch(conn, path)[2] for _ in range(2)]  # the first one meets cold caches
    times, statuses, began = [], {}, time.perf_counter()
    while len(times) < requests and (time.perf_counter() - began < PER_URL_CAP_S or len(times) < 5):
        status, body, seconds = fetch(conn, path)
        times.append(seconds)
        statuses[status] = statuses.get(status, 0) + 1
    conn.close()
    return {"path": path, "first_request_ms": round(1000 * first[0], 1),
            "requests": len(times), "statuses": statuses, "bytes": len(body),
            "p50_ms": round(1000 * percentile(times, 0.5), 1),
            "p95_ms": round(1000 * percentile(times, 0.95), 1),
            "mean_ms": round(1000 * statistics.fmean(times), 1), "last_body": body}


def shipped_graph(html: bytes) -> dict[str, Any] | None:
    """How many vis-network nodes and edges a graph page sends to the browser, and whether
    physics runs on them."""
    text = html.decode("utf-8", errors="replace")
    island = _ISLAND.search(text)
    if island:
        data = json.loads(island.group(1))
        options = data.get("options") or {}
        if isinstance(options, str):  # pyvis may hand its options over already serialised
            options = json.loads(options)
        physics = options.get("physics", {})
        return {"nodes": len(data.get("nodes", [])), "edges": len(data.get("edges", [])),
                "physics": bool(physics.get("enabled", True))}
    dataset = _DATASET.search(text)
    return {"nodes": len(json.loads(dataset.group(1))), "edges": None, "physics": None} if dataset else None


# -- the load process --------------------------------------------------------------------------
def load_client(port: int, paths: list[str], seconds: float, concurrency: int) -> dict[str, Any]:
    """``concurrency`` keep-alive clients cycling through ``paths`` for ``seconds``."""
    stop_at = time.monotonic() + seconds
    lock = threading.Lock()
    times: list[float] = []
    per_path: dict[str, dict[str, Any]] = {p: {"requests": 0, "errors": 0, "times": []} for p in paths}
    errors: list[str] = []

    def client(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        n = offset
        while time.monotonic() < stop_at:
            path = paths[n % len(paths)]
            n += 1
            try:
                status, _, took = fetch(conn, path)
                problem = None if status == 200 else f"{path}: HTTP {status}"
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                status, took, problem = 0, 0.0, f"{path}: {type(exc).__name__}: {exc}"
            with lock:
                per_path[path]["requests"] += 1
                if problem:
                    per_path[path]["errors"] += 1
                    errors.append(problem)
                else:
                    times.append(took)
                    per_path[path]["times"].append(took)
        conn.close()

    began = time.perf_counter()
    workers = [threading.Thread(target=client, args=(k,)) for k in range(concurrency)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - began
    done = sum(p["requests"] for p in per_path.values())
    for row in per_path.values():
        took = row.pop("times")
        row["p50_ms"] = round(1000 * percentile(took, 0.5), 1) if took else None
        row["p95_ms"] = round(1000 * percentile(took, 0.95), 1) if took else None
    return {"seconds": round(elapsed, 1), "concurrency": concurrency, "requests": done,
            "errors": len(errors), "first_errors": errors[:5],
            "requests_per_s": round(done / elapsed, 1),
            "p50_ms": round(1000 * percentile(times, 0.5), 1) if times else None,
            "p95_ms": round(1000 * percentile(times, 0.95), 1) if times else None,
            "per_path": per_path}


# -- the run -----------------------------------------------------------------------------------
def prepare_threads(seed: int, sizes: tuple[int, ...],
                    neo4j_env: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Generate, extract and load one text thread of each size (on top of the corpus)."""
    from ingest.pipeline import extract_file
    from kg.load import finish_ingest, load_bundle

    driver, settings = server.connect(neo4j_env)
    db = settings.database
    made = []
    for size in sizes:
        entry = generate_thread(WORK, posts=size, fmt="text", seed=seed, name=f"web-{size}")
        t0 = time.perf_counter()
        bundles = extract_file(WORK / entry.file)
        t1 = time.perf_counter()
        for bundle in bundles:
            load_bundle(driver, bundle, database=db)
        b = bundles[0]
        made.append({"posts": size, "thread_id": b.thread.id, "extracted_posts": len(b.posts),
                     "claims": len(b.claims), "stances": len(b.stances),
                     "megabytes": round(entry.bytes / 1e6, 2), "extract_s": round(t1 - t0, 2),
                     "load_s": round(time.perf_counter() - t1, 2)})
    if neo4j_env is None:  # an imported browse graph keeps its positions; recomputing them
        finish_ingest(driver, database=db)  # over all of it is the ingest benchmark's business
    records, _, _ = driver.execute_query("MATCH (p:Post) RETURN count(p) AS n", database_=db)
    made.append({"posts_in_graph": records[0]["n"]})
    driver.close()
    return made


def measure_pages(port: int, threads: list[dict[str, Any]], requests: int) -> list[dict[str, Any]]:
    """Latency of each thread page and its JSON twin, and of ``/`` and ``/index.json``."""
    out = []
    # the JSON twin first, so its first request is the one that meets the thread uncached
    paths = [p for t in threads for p in (f"/threads/{t['thread_id']}.json", f"/threads/{t['thread_id']}")]
    for path in [*paths, "/", "/index.json"]:
        log.info("latency of %s", path)
        row = latency(port, path, requests)
        body = row.pop("last_body")
        if path.endswith(".json") and path.startswith("/threads/"):
            row["graph_summary"] = json.loads(body).get("graph")
        elif path.startswith("/threads/"):
            row["graph_shipped"] = shipped_graph(body)
        out.append(row)
    return out


def run(*, seconds: float, concurrency: int, requests: int, seed: int,
        sizes: tuple[int, ...] = THREAD_SIZES, neo4j_env: dict[str, str] | None = None,
        graph_note: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every browsing figure in one run; writes ``bench/results/web.json``.

    ``neo4j_env`` points at another server than ours (the replicated browse graph), and
    ``graph_note`` says how that graph was made."""
    driver, _ = server.connect(neo4j_env)
    results: dict[str, Any] = {"machine": describe(server.server_version(driver)),
                               "params": {"seconds": seconds, "concurrency": concurrency,
                                          "requests_per_url": requests, "waitress_threads": 4}}
    driver.close()
    prepared = prepare_threads(seed, sizes, neo4j_env)
    results["posts_in_graph"] = prepared.pop()["posts_in_graph"]
    results["graph"] = graph_note or {"made_by": "the ingest benchmark's largest corpus, loaded by kg.load"}
    results["threads"] = prepared
    port = free_port()
    proc = start_server(port, neo4j_env)
    try:
        results["pages"] = measure_pages(port, prepared, requests)
        mix = [f"/threads/{t['thread_id']}{ext}" for t in prepared[:2] for ext in ("", ".json")] + ["/"]
        log.info("concurrent load for %.0f s from a separate process", seconds)
        results["load"] = _spawn_load(port, mix, seconds, concurrency)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    results["targets"] = targets(results)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "web.json").write_text(json.dumps(results, indent=2) + "\n")
    return results


def _spawn_load(port: int, paths: list[str], seconds: float, concurrency: int) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "bench.web", "--load-client", str(port), "--seconds", str(seconds),
           "--concurrency", str(concurrency), "--paths", ",".join(paths)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 180,
                          cwd=Path(__file__).resolve().parents[1])
    if done.returncode != 0:
        raise RuntimeError(f"load client failed: {done.stderr.strip()[-800:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def targets(results: dict[str, Any]) -> dict[str, Any]:
    """The issue's browsing targets, met or missed."""
    by_path = {row["path"]: row for row in results["pages"]}
    mid, large = results["threads"][1], results["threads"][-1]
    p95 = by_path[f"/threads/{mid['thread_id']}.json"]["p95_ms"]
    big = by_path[f"/threads/{large['thread_id']}"]
    shipped = (big.get("graph_shipped") or {}).get("nodes")
    budget = (by_path[f"/threads/{large['thread_id']}.json"].get("graph_summary") or {}).get("budget")
    return {
        "json_twin_p95_under_100ms_at_500_posts": {"posts": mid["posts"], "p95_ms": p95,
                                                   "met": p95 < TARGET_JSON_P95_MS},
        "graph_page_5000_posts_within_node_budget": {
            "posts": large["posts"], "nodes_shipped": shipped, "budget": budget, "page_p95_ms": big["p95_ms"],
            "met": shipped is not None and budget is not None and shipped <= budget},
        "zero_errors_under_load": {"errors": results["load"]["errors"],
                                   "met": results["load"]["errors"] == 0},
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.web", description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--requests", type=int, default=30, help="sequential requests per URL")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sizes", default=",".join(map(str, THREAD_SIZES)),
                        help="posts of the three threads measured")
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--load-client", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--paths", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    for noisy in ("neo4j", "kg", "ingest", "waitress"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # a full queue is the point of a load test
    if args.serve:
        serve(args.serve)
    elif args.load_client:
        print(json.dumps(load_client(args.load_client, args.paths.split(","), args.seconds,
                                     args.concurrency)))
    else:
        results = run(seconds=args.seconds, concurrency=args.concurrency, requests=args.requests,
                      seed=args.seed, sizes=tuple(int(x) for x in args.sizes.split(",")))
        print(json.dumps(results["targets"], indent=2))


if __name__ == "__main__":
    main()
