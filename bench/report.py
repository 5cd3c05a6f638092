"""The results tables of ``bench/README.md``, rebuilt from ``bench/results/*.json``.

    python -m bench.report          # print the tables
    python -m bench.report --write  # replace the block between the markers in the README

Only what the result files hold is shown, so the README never carries a figure that was not
measured by the last run.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
README = HERE / "README.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"


def _load(name: str) -> dict[str, Any] | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.is_file() else None


def _yes(flag: bool) -> str:
    return "met" if flag else "**missed**"


def machine_line(m: dict[str, Any]) -> str:
    pk = m["packages"]
    return (f"Machine: {m['cores']} cores ({m['cpu_model']}), {m['memory_gib']} GiB, {m['os']}; "
            f"Python {m['python']}, {m['java']}, Neo4j {m['neo4j_server']}; neo4j driver {pk['neo4j']}, "
            f"pydantic {pk['pydantic']}, sentencex {pk.get('sentencex')}, Flask {pk['flask']}, "
            f"waitress {pk['waitress']}; "
            f"commit {m['commit']}{' with uncommitted changes' if m['uncommitted_changes'] else ''}; "
            f"run {m['when']}.")


def ingest_tables(r: dict[str, Any]) -> list[str]:
    out = [machine_line(r["machine"]), "",
           "| corpus (posts) | posts done | MB | extract workers | extract posts/s per worker "
           "| extract MB/s per worker | load s | nodes + rels | load elements/s | positions s "
           "| end to end s | end to end posts/s | peak RSS MiB: loader (before positions), largest worker |",
           "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for s in r["sizes"]:
        done = f"{s['posts']}{' (deadline)' if s['truncated_at_deadline'] else ''}"
        out.append(f"| {s['corpus_posts']} | {done} | {s['megabytes']} | {s.get('extract_workers', 1)} "
                   f"| {s['extract_posts_per_s']} "
                   f"| {s['extract_mb_per_s']} | {s['load_s']} | {s['nodes'] + s['relationships']} "
                   f"| {s['load_elements_per_s']} | {s['positions_s']} | {s['end_to_end_s']} "
                   f"| {s.get('end_to_end_posts_per_s')} "
                   f"| {s['peak_rss_mib']} ({s.get('peak_rss_mib_before_positions')}), "
                   f"{s.get('workers_peak_rss_mib', '-')} |")
    cli = r.get("cli_extract") or []
    if cli:
        sizes = "; ".join(f"{c['posts']} posts: {c['seconds']} s, peak RSS {c['peak_rss_mib']} MiB, "
                          f"output {c['output_mb']} MB" for c in cli)
        out += ["", f"`debatekg extract DIR --out FILE` (one process per size): {sizes}."]
    out += ["", *load_comparison(r)]
    return out


def load_comparison(r: dict[str, Any]) -> list[str]:
    b, largest = r["baseline"], r["sizes"][-1]
    naive = b["naive"]["elements_per_s"]
    out = ["| loader | graph | seconds | nodes + rels | elements/s | vs naive |",
           "|---|---|---:|---:|---:|---:|"]
    rows = [("naive: one auto-commit MERGE per row", f"{b['threads']} threads, {b['posts']} posts "
             f"(as many as it loaded in {b['budget_s']:.0f} s)", b["naive"]),
            ("kg.load.load_bundles", f"the same {b['threads']} threads", b["loader_same_threads"]),
            ("kg.load.load_bundles", f"the whole slice: {b['slice_threads']} threads, "
             f"{b['slice_posts']} posts", b["loader"])]
    for label, graph, x in rows:
        out.append(f"| {label} | {graph} | {x['seconds']} | {x['nodes'] + x['relationships']} "
                   f"| {x['elements_per_s']} | {round(x['elements_per_s'] / naive, 1)}x |")
    elements = largest["nodes"] + largest["relationships"]
    out.append(f"| kg.load.load_bundles, in the end-to-end run | {largest['posts']} posts "
               f"| {largest['load_s']} | {elements} | {largest['load_elements_per_s']} "
               f"| {round(largest['load_elements_per_s'] / naive, 1)}x |")
    a = r.get("admin_import")
    if a:
        out.append(f"| neo4j-admin database import full (export before it, streamed: {a['export_s']} s, "
                   f"peak RSS {a.get('peak_rss_mib')} MiB) "
                   f"| {largest['posts']} posts | {a['import_s']} | {a['nodes'] + a['relationships']} "
                   f"| {a['import_elements_per_s']} | {round(a['import_elements_per_s'] / naive, 1)}x |")
    return out


def web_tables(r: dict[str, Any]) -> list[str]:
    posts = {t["thread_id"]: t["posts"] for t in r["threads"]}
    made = (r.get("graph") or {}).get("made_by", "")
    out = [f"Graph: {r['posts_in_graph']} posts loaded ({made}).", "",
           "| page | thread posts | first request ms | requests | p50 ms | p95 ms | bytes "
           "| graph nodes shipped |",
           "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for p in r["pages"]:
        tid = p["path"].removeprefix("/threads/").removesuffix(".json")
        graph = (p.get("graph_shipped") or {}).get("nodes", "")
        out.append(f"| `{p['path']}` | {posts.get(tid, r['posts_in_graph'])} | {p.get('first_request_ms')} "
                   f"| {p['requests']} "
                   f"| {p['p50_ms']} | {p['p95_ms']} | {p['bytes']} | {graph} |")
    load = r["load"]
    out += ["", f"Concurrent load ({load['concurrency']} keep-alive clients in a separate process, "
                f"{load['seconds']} s, waitress with {r['params']['waitress_threads']} threads, mix of "
                f"{', '.join('`' + p + '`' for p in load['per_path'])}): **{load['requests_per_s']} "
                f"requests/s**, {load['requests']} requests, **{load['errors']} errors**, "
                f"p50 {load['p50_ms']} ms, p95 {load['p95_ms']} ms. The clients stop starting requests "
                f"after {r['params']['seconds']:.0f} s; the time beyond is requests in flight finishing.",
                "", "| path under load | requests | errors | p50 ms | p95 ms |", "|---|---:|---:|---:|---:|"]
    for path, row in load["per_path"].items():
        out.append(f"| `{path}` | {row['requests']} | {row['errors']} | {row.get('p50_ms')} "
                   f"| {row.get('p95_ms')} |")
    return out


def target_table(ing: dict[str, Any] | None, web: dict[str, Any] | None) -> list[str]:
    out = ["| target | measured | result |", "|---|---|---|"]
    if ing:
        t = ing["targets"]
        e = t["end_to_end_100k_under_120s"]
        why = "stopped at the deadline" if e.get("stopped_at_deadline") else "a smaller corpus was run"
        what = (f"{e['seconds']} s for {e['posts_done']} posts"
                + ("" if e["measured_full_100k"] else
                   f" ({why}; at that rate 100,000 posts would take about "
                   f"{e['projection_100k_s']} s, a projection, not a measurement)"))
        out.append(f"| 100,000 posts extracted and loaded in < 120 s | {what} | {_yes(e['met'])} |")
        m = t["memory_flat"]
        peaks = ", ".join(f"{k} posts: {v} MiB" for k, v in m["peak_rss_mib_by_posts"].items())
        loop = ", ".join(f"{k} posts: {v} MiB"
                         for k, v in (m.get("peak_rss_mib_before_positions_by_posts") or {}).items())
        out.append(f"| memory flat in corpus size | peak RSS of the whole run (loader or largest "
                   f"extraction worker) {peaks}; of the "
                   f"extract-and-load loop alone (before positions) {loop} | {_yes(m['met'])} |")
        x = t["loader_vs_naive_at_least_20x"]
        b = ing["baseline"]
        out.append(f"| loader >= 20x naive per-row MERGE | {b['ratio']}x (loader on the whole slice), "
                   f"{b.get('ratio_same_threads')}x (on the threads the naive run managed); the lower "
                   f"counts | {_yes(x['met'])} |")
    if web:
        t = web["targets"]
        j = t["json_twin_p95_under_100ms_at_500_posts"]
        first = next((p.get("first_request_ms") for p in web["pages"]
                      if p["path"] == f"/threads/{web['threads'][1]['thread_id']}.json"), None)
        out.append(f"| JSON twin p95 < 100 ms at 500 posts | p95 {j['p95_ms']} ms at {j['posts']} posts over "
                   f"repeated requests (the app caches a thread's data); the first, uncached request "
                   f"took {first} ms | {_yes(j['met'])} |")
        g = t["graph_page_5000_posts_within_node_budget"]
        out.append(f"| {g['posts']}-post graph page ships at most the node budget "
                   f"| {g['nodes_shipped']} nodes "
                   f"(budget {g['budget']}), page p95 {g['page_p95_ms']} ms | {_yes(g['met'])} |")
        z = t["zero_errors_under_load"]
        secs = web["load"]["seconds"]
        out.append(f"| zero errors under {secs} s of concurrent load | {z['errors']} errors "
                   f"| {_yes(z['met'])} |")
    return out


def tables() -> str:
    ing, web = _load("ingest"), _load("web")
    parts = ["### Targets", "", *target_table(ing, web), ""]
    if ing:
        parts += ["### Ingest (`bench/results/ingest.json`)", "", *ingest_tables(ing), ""]
    if web:
        parts += ["### Browsing (`bench/results/web.json`)", "", *web_tables(web), ""]
    return "\n".join(parts)


def update_readme() -> None:
    """Replace the generated block of the README with tables from the current results."""
    text = README.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n{tables()}\n{END}{tail}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.report", description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="rewrite the README's results block")
    if parser.parse_args().write:
        update_readme()
    else:
        print(tables())


if __name__ == "__main__":
    main()
