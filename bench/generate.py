"""A seeded, reproducible corpus of synthetic comment threads, written file by file.

    python -m bench.generate OUT_DIR --posts 100000 --seed 7 [--json-share 0.3]
    python -m bench.generate OUT_DIR --thread 5000 --format json   # one thread of 5,000 posts

Thread sizes follow a log-normal law (median 25 comments, long tail up to ``MAX_COMMENTS``),
as comment counts under articles do; a share of threads come as the JSON thread format,
the rest as saved pages. Each thread draws from its own ``Random(f"{seed}/{n}")``, so a
thread's text depends only on the seed and its number, and the corpus is never held in
memory: every thread is written, and forgotten, before the next is planned. The threads go
to ``OUT_DIR/threads/`` (so the folder can be handed to ``debatekg ingest`` as it is); beside
it, ``manifest.jsonl`` records per file what the reader should find and ``corpus.json`` sums
it up.
"""

from __future__ import annotations

import argparse
import json
import math
import random
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from bench import render
from bench.threads import ThreadPlan, plan_thread
from bench.vocabulary import FIRST_NAMES, LAST_NAMES

GENERATOR_VERSION = "1"
MEDIAN_COMMENTS = 25
SIGMA = 1.1
MAX_COMMENTS = 3000
ALONE_RATE = 0.03  # articles nobody commented on
PEOPLE = 3000  # size of the corpus-wide pool of invented people
THREADS = "threads"  # subfolder holding the thread files


@dataclass
class FileEntry:
    """One written thread file and what extraction should find in it."""

    file: str
    format: str
    style: str
    posts: int
    pingbacks: int
    max_depth: int
    bytes: int


@dataclass
class CorpusSummary:
    seed: int
    posts: int
    threads: int
    bytes: int
    text_files: int
    json_files: int
    max_thread_posts: int
    max_depth: int
    generator_version: str = GENERATOR_VERSION


def people_pool(seed: int, size: int = PEOPLE) -> list[str]:
    """Invented full names, the same list for the same seed."""
    rng = random.Random(f"{seed}/people")
    names = [f"{f} {last}" for f in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(names)
    return names[:size]


def thread_sizes(seed: int, total_posts: int) -> Iterator[int]:
    """Posts per thread (article included) until ``total_posts`` are reached exactly."""
    rng = random.Random(f"{seed}/sizes")
    left = total_posts
    while left > 0:
        if rng.random() < ALONE_RATE:
            comments = 0
        else:
            comments = min(MAX_COMMENTS, int(rng.lognormvariate(math.log(MEDIAN_COMMENTS), SIGMA)))
        size = min(left, 1 + comments)
        left -= size
        yield size


def write_thread(out_dir: Path, plan: ThreadPlan, rng: random.Random) -> FileEntry:
    """Render one plan to ``out_dir``, streaming the text line by line."""
    stats: dict[str, int] = {}
    if plan.fmt == "json":
        path = out_dir / f"{plan.name}.json"
        with path.open("w", encoding="utf-8") as out:
            json.dump(render.json_thread(rng, plan), out, ensure_ascii=False)
    else:
        path = out_dir / f"{plan.name}.txt"
        with path.open("w", encoding="utf-8") as out:
            for line in render.text_lines(rng, plan, stats):
                out.write(line)
                out.write("\n")
    return FileEntry(path.name, plan.fmt, plan.style, plan.posts, stats.get("pingbacks", 0),
                     max(plan.depth), path.stat().st_size)


def generate(out_dir: Path, *, posts: int, seed: int = 7, json_share: float = 0.3,
             prefix: str = "t") -> CorpusSummary:
    """Write a corpus of ``posts`` posts in all to ``out_dir``; returns its summary."""
    threads_dir = out_dir / THREADS
    threads_dir.mkdir(parents=True, exist_ok=True)
    people = people_pool(seed)
    summary = CorpusSummary(seed, 0, 0, 0, 0, 0, 0, 0)
    with (out_dir / "manifest.jsonl").open("w", encoding="utf-8") as manifest:
        for n, size in enumerate(thread_sizes(seed, posts)):
            rng = random.Random(f"{seed}/{n}")
            fmt = "json" if rng.random() < json_share else "text"
            plan = plan_thread(rng, f"{prefix}{seed}-{n:06d}", size, fmt, people)
            entry = write_thread(threads_dir, plan, rng)
            entry.file = f"{THREADS}/{entry.file}"
            manifest.write(json.dumps(asdict(entry)) + "\n")
            _add(summary, entry)
    (out_dir / "corpus.json").write_text(json.dumps(asdict(summary), indent=2) + "\n")
    return summary


def generate_thread(out_dir: Path, *, posts: int, fmt: str = "text", seed: int = 7,
                    name: str | None = None) -> FileEntry:
    """One thread of exactly ``posts`` posts (for browsing benchmarks at a chosen size)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"{seed}/single/{posts}/{fmt}")
    plan = plan_thread(rng, name or f"single{seed}-{posts}-{fmt}", posts, fmt, people_pool(seed))
    return write_thread(out_dir, plan, rng)


def _add(summary: CorpusSummary, entry: FileEntry) -> None:
    summary.posts += entry.posts
    summary.threads += 1
    summary.bytes += entry.bytes
    summary.text_files += entry.format == "text"
    summary.json_files += entry.format == "json"
    summary.max_thread_posts = max(summary.max_thread_posts, entry.posts)
    summary.max_depth = max(summary.max_depth, entry.max_depth)


def read_manifest(out_dir: Path) -> Iterator[FileEntry]:
    """The manifest's entries, one at a time."""
    with (out_dir / "manifest.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            yield FileEntry(**json.loads(line))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--posts", type=int, default=1000, help="posts in all (articles included)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json-share", type=float, default=0.3)
    parser.add_argument("--thread", type=int, metavar="POSTS", help="write one thread of this size")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    if args.thread:
        entry = generate_thread(args.out_dir, posts=args.thread, fmt=args.format, seed=args.seed)
        print(json.dumps(asdict(entry)))
    else:
        summary = generate(args.out_dir, posts=args.posts, seed=args.seed, json_share=args.json_share)
        print(json.dumps(asdict(summary)))


if __name__ == "__main__":
    main()
