"""Ingest benchmarks: extraction throughput and memory, and load throughput of the project's
loader against a naive baseline and against ``neo4j-admin database import``, in one run.

    python -m bench.ingest [--sizes 1000,10000,100000] [--baseline-posts 1000] [--deadline 600]

For each corpus size a fresh process extracts and loads the generated corpus file by file
(as ``debatekg ingest`` does), so its peak resident memory is that size's alone. The smallest
size also saves its bundles; the loader and the naive baseline (``bench.naive``) then load
that same slice into the same emptied database, and their rates are compared. After the
largest size, the graph is exported with ``kg.export.neo4j_admin`` and imported with
``neo4j-admin`` into a fresh server. Results go to ``bench/results/ingest.json``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench import server
from bench.generate import generate, read_manifest
from bench.machine import describe

log = logging.getLogger("bench.ingest")

RESULTS = Path(__file__).resolve().parent / "results"
WORK = Path(os.environ.get("DEBATEKG_BENCH_WORK", "/tmp/dkg-bench/work"))
TARGET_E2E_S = 120.0
TARGET_E2E_POSTS = 100_000
TARGET_RATIO = 20.0
CLI_SIZES = (500, 2000)
LOADER_RUNS = 3
WARM_UP_POSTS = 150  # loaded once before measuring, so no size pays for cold query plans
NAIVE_BUDGET_S = 45.0  # the naive run stops after the thread that crosses this


# -- measurements inside a worker process ----------------------------------------------------
def rss_mib() -> float:
    """Current resident memory of this process."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def peak_rss_mib(*, children: bool = False) -> float:
    """Peak resident memory of this process, or of the largest of its finished children."""
    import resource

    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


class Tally:
    """Running totals of one worker, per input format and overall."""

    def __init__(self) -> None:
        self.by_format: dict[str, dict[str, float]] = {}
        self.posts = self.bytes = self.threads = self.files = self.groups = 0
        self.workers = 1
        self.extract_s = self.load_s = 0.0
        self.errors: list[str] = []
        self.rss: list[tuple[int, float]] = []
        self.next_sample = 0
        self.peak_before_positions = 0.0
        self.slowest: list[tuple[float, int, str]] = []

    def loaded(self, group: Any) -> None:
        """One transaction of the loader: its time, and its threads."""
        seconds = group.summary.seconds
        self.load_s += seconds
        self.groups += 1
        self.threads += len(group.loaded)
        posts = sum(thread.posts for thread in group.loaded)
        self.slowest = sorted([*self.slowest, (round(seconds, 2), posts, len(group.loaded))],
                              reverse=True)[:3]

    def add(self, fmt: str, posts: int, size: int, seconds: float) -> None:
        row = self.by_format.setdefault(fmt, {"posts": 0, "bytes": 0, "seconds": 0.0})
        row["posts"] += posts
        row["bytes"] += size
        row["seconds"] += seconds
        self.posts += posts
        self.bytes += size
        self.extract_s += seconds
        self.files += 1


def worker(corpus: Path, *, deadline_s: float, dump: Path | None, dump_posts: int) -> dict[str, Any]:
    """Extract and load ``corpus`` file by file into an emptied database; returns the figures."""
    from kg.load import finish_ingest, start_ingest

    driver, settings = server.connect()
    db = settings.database
    server.empty_database(driver, db)
    start_ingest(driver, database=db)
    total = json.loads((corpus / "corpus.json").read_text())["posts"]
    tally = Tally()
    began = time.perf_counter()
    truncated = _ingest_corpus(driver, db, corpus, tally, total, began + deadline_s)
    t0 = time.perf_counter()
    loaded = server.counts(driver, db)  # what the loader wrote, before positions add theirs
    counting_s = time.perf_counter() - t0
    tally.peak_before_positions = peak_rss_mib()
    t0 = time.perf_counter()
    finish_ingest(driver, database=db)
    positions_s = time.perf_counter() - t0
    wall = time.perf_counter() - began - counting_s
    driver.close()
    figures = _worker_figures(tally, corpus, wall, positions_s, *loaded, truncated, total)
    if dump:  # after the figures, so its memory is not counted as the run's
        _dump_bundles(corpus, dump, dump_posts)
    return figures


def _ingest_corpus(driver: Any, db: str, corpus: Path, tally: Tally, total: int, stop_at: float,
                   ) -> bool:
    """The ingest loop of ``debatekg ingest`` (``extract_and_load``), tallied file by file;
    True when it stopped at the deadline."""
    from debatekg.ingest_run import IngestRun, extract_and_load
    from ingest.parallel import default_workers

    entries = list(read_manifest(corpus))
    tally.workers = default_workers(len(entries))
    stopped = False

    def watch(extractions: Any) -> Any:
        nonlocal stopped
        for entry, result in zip(entries, extractions, strict=True):
            tally.add(entry.format, sum(rows.posts for rows in result.prepared), entry.bytes,
                      result.seconds)
            yield result
            _checkpoint(tally, total)
            if time.perf_counter() > stop_at:
                stopped = True
                return

    files = [corpus / entry.file for entry in entries]
    run = IngestRun()
    for group in extract_and_load(driver, files, database=db, run=run, workers=tally.workers,
                                  watch=watch):
        tally.loaded(group)
    tally.errors = run.failures  # unreadable files, repeated thread ids, refused threads
    return stopped


def _dump_bundles(corpus: Path, dump: Path, posts: int) -> None:
    """The first threads of the corpus, up to ``posts`` posts, as JSON lines for the baseline
    comparison; extracted again here, after the measured run, so writing them costs it nothing."""
    from ingest.pipeline import iter_extract

    files = [corpus / entry.file for entry in read_manifest(corpus)]
    dumped = 0
    with dump.open("w", encoding="utf-8") as out:
        for result in iter_extract(files):
            for bundle in result.bundles:
                out.write(bundle.model_dump_json() + "\n")
                dumped += len(bundle.posts)
            if dumped >= posts:
                return


def _checkpoint(tally: Tally, total: int) -> None:
    """Resident memory every 2 % of the corpus (or 200 posts), to show it stays flat along the way."""
    step = max(total // 50, 200)
    if tally.posts >= tally.next_sample:
        tally.rss.append((tally.posts, rss_mib()))
        tally.next_sample = (tally.posts // step + 1) * step


def _worker_figures(tally: Tally, corpus: Path, wall: float, positions_s: float, nodes: int,
                    rels: int, truncated: bool, total: int) -> dict[str, Any]:
    mb = tally.bytes / 1e6
    return {
        "corpus": str(corpus), "corpus_posts": total, "truncated_at_deadline": truncated,
        "files": tally.files, "threads": tally.threads, "posts": tally.posts, "megabytes": round(mb, 2),
        "extract_s": round(tally.extract_s, 2),
        "extract_posts_per_s": round(tally.posts / tally.extract_s, 1) if tally.extract_s else None,
        "extract_mb_per_s": round(mb / tally.extract_s, 3) if tally.extract_s else None,
        "by_format": {f: {"posts": int(r["posts"]), "megabytes": round(r["bytes"] / 1e6, 2),
                          "posts_per_s": round(r["posts"] / r["seconds"], 1) if r["seconds"] else None,
                          "mb_per_s": round(r["bytes"] / 1e6 / r["seconds"], 3) if r["seconds"] else None}
                      for f, r in sorted(tally.by_format.items())},
        "extract_workers": tally.workers, "load_transactions": tally.groups,
        "load_s": round(tally.load_s, 2), "slowest_loads_s_posts_threads": tally.slowest,
        "positions_s": round(positions_s, 2),
        "nodes": nodes, "relationships": rels,
        "load_elements_per_s": round((nodes + rels) / tally.load_s, 1) if tally.load_s else None,
        "end_to_end_s": round(wall, 2),
        "end_to_end_posts_per_s": round(tally.posts / wall, 1) if wall else None,
        "peak_rss_mib": peak_rss_mib(), "peak_rss_mib_before_positions": tally.peak_before_positions,
        "workers_peak_rss_mib": peak_rss_mib(children=True),
        "rss_mib_along_the_way": tally.rss,
        "errors": len(tally.errors), "first_errors": tally.errors[:5],
    }


def export_worker(out_dir: Path) -> dict[str, Any]:
    """Export the loaded graph as neo4j-admin CSV files (streamed page by page); returns the
    time, the exporter's peak memory and the import options."""
    from kg.export.neo4j_admin import write_admin_csv

    driver, settings = server.connect()
    began = time.perf_counter()
    written = write_admin_csv(driver, out_dir, database=settings.database)
    driver.close()
    return {"nodes": written.nodes, "relationships": written.relationships,
            "export_s": round(time.perf_counter() - began, 2), "args": written.args,
            "peak_rss_mib": peak_rss_mib()}


def cli_extract_worker(corpus: Path) -> dict[str, Any]:
    """``debatekg extract DIR --out FILE`` in this process; its time and peak memory."""
    from debatekg.cli import main as cli

    out = corpus / "extract.json"
    began = time.perf_counter()
    cli.main(["extract", str(corpus / "threads"), "--out", str(out)], standalone_mode=False)
    posts = json.loads((corpus / "corpus.json").read_text())["posts"]
    return {"posts": posts, "seconds": round(time.perf_counter() - began, 2),
            "peak_rss_mib": peak_rss_mib(), "output_mb": round(out.stat().st_size / 1e6, 2)}


# -- the run, in the parent process ------------------------------------------------------------
def spawn(*args: str, timeout: float) -> dict[str, Any]:
    """Run ``python -m bench.ingest ARGS`` in a fresh process; its last stdout line is JSON."""
    cmd = [sys.executable, "-m", "bench.ingest", *args]
    done = subprocess.run(cmd, env=server.bench_env(), capture_output=True, text=True,
                          timeout=timeout, cwd=Path(__file__).resolve().parents[1])
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {done.stderr.strip()[-1500:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def baseline(bundle_file: Path) -> dict[str, Any]:
    """The naive baseline on the threads it manages within its budget; the loader on the same
    threads (same graph, checked), and on the whole slice for a steadier rate."""
    from kg.models import ThreadBundle

    bundles = [ThreadBundle.model_validate_json(line) for line in bundle_file.open(encoding="utf-8")]
    driver, settings = server.connect()
    db = settings.database
    figures: dict[str, Any] = {"budget_s": NAIVE_BUDGET_S, "slice_threads": len(bundles),
                               "slice_posts": sum(len(b.posts) for b in bundles)}
    figures["naive"] = _timed_load(driver, db, bundles, naive=True)
    same = bundles[: figures["naive"]["threads_loaded"]]
    figures["threads"], figures["posts"] = len(same), sum(len(b.posts) for b in same)
    figures["loader_same_threads"] = _median_load(driver, db, same)
    figures["same_graph"] = all(figures["loader_same_threads"][k] == figures["naive"][k]
                                for k in ("nodes", "relationships"))
    figures["loader"] = _median_load(driver, db, bundles)
    naive_rate = figures["naive"]["elements_per_s"]
    figures["ratio"] = round(figures["loader"]["elements_per_s"] / naive_rate, 1)
    figures["ratio_same_threads"] = round(figures["loader_same_threads"]["elements_per_s"] / naive_rate, 1)
    server.empty_database(driver, db)
    driver.close()
    return figures


def _median_load(driver: Any, db: str, bundles: list[Any], runs: int = LOADER_RUNS) -> dict[str, Any]:
    """The loader is quick on a slice, so one run is at the mercy of the server re-planning its
    queries after the graph changed size: take the median of a few runs, and keep them all."""
    done = sorted((_timed_load(driver, db, bundles, naive=False) for _ in range(runs)),
                  key=lambda x: x["seconds"])
    return {**done[len(done) // 2], "runs_s": [x["seconds"] for x in done]}


def _timed_load(driver: Any, db: str, bundles: list[Any], *, naive: bool) -> dict[str, Any]:
    """Load into an emptied database (schema in place); the naive run stops at its budget."""
    from bench.naive import naive_load
    from kg.load import load_bundles, start_ingest

    server.empty_database(driver, db)
    start_ingest(driver, database=db)
    began, loaded = time.perf_counter(), 0
    if naive:
        for bundle in bundles:
            naive_load(driver, bundle, database=db)
            loaded += 1
            if time.perf_counter() - began > NAIVE_BUDGET_S:
                break
    else:
        loaded = sum(len(group.loaded) for group in load_bundles(driver, bundles, database=db))
    seconds = time.perf_counter() - began
    nodes, rels = server.counts(driver, db)
    return {"threads_loaded": loaded, "seconds": round(seconds, 2), "nodes": nodes,
            "relationships": rels, "elements_per_s": round((nodes + rels) / seconds, 1)}


def admin_comparison(export_dir: Path) -> dict[str, Any]:
    """Export the loaded graph, import it into a fresh server with neo4j-admin, count it there."""
    exported = spawn("--export", str(export_dir), timeout=1200)
    target = server.import_server()
    seconds, output = server.admin_import(target, exported.pop("args"))
    nodes, rels = server.imported_counts(target)
    elements = exported["nodes"] + exported["relationships"]
    return {**exported, "import_s": round(seconds, 2),
            "import_elements_per_s": round(elements / seconds, 1),
            "imported_nodes": nodes, "imported_relationships": rels,
            "counts_match": (nodes, rels) == (exported["nodes"], exported["relationships"]),
            "import_output_tail": output.splitlines()[-3:]}


def cli_extract_memory(seed: int, sizes: tuple[int, ...] = CLI_SIZES) -> list[dict[str, Any]]:
    """Peak memory of ``debatekg extract --out`` at two small sizes: flat, or growing?"""
    rows = []
    for size in sizes:
        corpus = WORK / f"cli-{size}"
        generate(corpus, posts=size, seed=seed + 1)
        log.info("debatekg extract on %d posts", size)
        rows.append(spawn("--cli-extract", str(corpus), timeout=900))
    return rows


def targets(results: dict[str, Any]) -> dict[str, Any]:
    """Each target of the benchmark issue, met or missed, with the margin."""
    largest = results["sizes"][-1]
    e2e, done = largest["end_to_end_s"], largest["posts"]
    full = done >= TARGET_E2E_POSTS
    base = results.get("baseline", {})
    ratios = [x for x in (base.get("ratio"), base.get("ratio_same_threads")) if x is not None]
    ratio = min(ratios) if ratios else None  # the less flattering of the two comparisons
    peaks = {row["posts"]: max(row["peak_rss_mib"], row.get("workers_peak_rss_mib", 0))
             for row in results["sizes"]}
    loop = {row["posts"]: row["peak_rss_mib_before_positions"] for row in results["sizes"]}
    first, last = list(peaks.values())[0], list(peaks.values())[-1]
    return {
        "end_to_end_100k_under_120s": {
            "posts_done": done, "seconds": e2e, "measured_full_100k": full,
            "stopped_at_deadline": largest["truncated_at_deadline"],
            "projection_100k_s": None if full or not done else round(e2e * TARGET_E2E_POSTS / done, 1),
            "met": full and e2e < TARGET_E2E_S},
        "memory_flat": {"peak_rss_mib_by_posts": peaks, "largest_over_smallest": round(last / first, 2),
                        "peak_rss_mib_before_positions_by_posts": loop, "met": last <= 1.5 * first},
        "loader_vs_naive_at_least_20x": {"ratio": ratio, "met": ratio is not None and ratio >= TARGET_RATIO},
    }


def run(sizes: list[int], *, seed: int, baseline_posts: int, deadline_s: float,
        admin: bool) -> dict[str, Any]:
    """Every ingest figure in one run; writes ``bench/results/ingest.json``."""
    driver, _ = server.connect()
    results: dict[str, Any] = {"machine": describe(server.server_version(driver)),
                               "params": {"sizes": sizes, "seed": seed, "baseline_posts": baseline_posts,
                                          "deadline_s": deadline_s}, "sizes": []}
    driver.close()
    dump = WORK / "baseline-bundles.jsonl"
    log.info("warming up the server (not measured)")
    generate(WORK / "warm-up", posts=WARM_UP_POSTS, seed=seed + 2)
    spawn("--worker", str(WORK / "warm-up"), "--deadline", "60", timeout=600)
    for n, size in enumerate(sorted(sizes)):
        corpus = WORK / f"corpus-{size}"
        results.setdefault("corpora", {})[size] = generate(corpus, posts=size, seed=seed).__dict__
        args = ["--worker", str(corpus), "--deadline", str(deadline_s)]
        if n == 0:
            args += ["--dump", str(dump), "--dump-posts", str(baseline_posts)]
        log.info("extract and load %d posts", size)
        results["sizes"].append(spawn(*args, timeout=deadline_s + 900))
        if n == 0:
            log.info("loader vs naive baseline on %d posts", baseline_posts)
            results["baseline"] = baseline(dump)
    results["cli_extract"] = cli_extract_memory(seed)
    if admin:
        log.info("neo4j-admin export and import")
        results["admin_import"] = admin_comparison(WORK / "admin-csv")
        largest = results["sizes"][-1]["load_elements_per_s"]
        results["admin_import"]["ratio_to_loader"] = round(
            results["admin_import"]["import_elements_per_s"] / largest, 1) if largest else None
    results["targets"] = targets(results)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "ingest.json").write_text(json.dumps(results, indent=2) + "\n")
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--baseline-posts", type=int, default=1000)
    parser.add_argument("--deadline", type=float, default=150.0,
                        help="seconds after which a size stops early (and says so)")
    parser.add_argument("--no-admin", action="store_true", help="skip the neo4j-admin comparison")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--dump", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--dump-posts", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--export", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cli-extract", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    for noisy in ("neo4j", "kg", "ingest"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    if args.worker:
        figures = worker(args.worker, deadline_s=args.deadline, dump=args.dump, dump_posts=args.dump_posts)
        print(json.dumps(figures))
    elif args.export:
        print(json.dumps(export_worker(args.export)))
    elif args.cli_extract:
        print(json.dumps(cli_extract_worker(args.cli_extract)))
    else:
        sizes = [int(x) for x in args.sizes.split(",")]
        results = run(sizes, seed=args.seed, baseline_posts=args.baseline_posts,
                      deadline_s=args.deadline, admin=not args.no_admin)
        print(json.dumps(results["targets"], indent=2))


if __name__ == "__main__":
    main()
