"""One ingest run: files extracted on worker processes while groups of their threads are
written. ``debatekg ingest`` and the ingest benchmark both run this loop, so the benchmark
measures what the command does."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import neo4j

from ingest.parallel import default_workers, iter_extract_parallel
from ingest.pipeline import Extraction
from kg.load import LoadedGroup, load_bundles
from kg.rows import PackedRows, packed_rows

Watch = Callable[[Iterable[Extraction]], Iterable[Extraction]]


class IngestRun:
    """Bookkeeping of one run: where each thread came from, what failed, what loaded."""

    def __init__(self) -> None:
        self.failures: list[str] = []
        self.rows: list[tuple[str, int, int, float]] = []  # thread, posts, stances, seconds
        self.source: dict[str, str] = {}
        self.extract_s: dict[str, float] = {}

    def bundles(self, extractions: Iterable[Extraction]) -> Iterator[PackedRows]:
        """The threads to load, as rows packed where they were extracted; unreadable files
        and repeated thread ids become failures."""
        for result in extractions:
            if result.error:
                self.failures.append(result.error)
                continue
            for rows in result.prepared:
                tid = rows.thread_id
                first = self.source.setdefault(tid, result.source)
                if first != result.source:  # same id, another input: it would replace that one
                    self.failures.append(f"{result.source}: thread id {tid} is already "
                                         f"taken by {first} in this run; not loaded")
                    continue
                self.extract_s[tid] = result.seconds / len(result.prepared)
                yield rows

    def record(self, group: LoadedGroup) -> None:
        """One transaction's outcome; its time is shared among its threads by their posts."""
        posts = sum(thread.posts for thread in group.loaded) or 1
        for thread in group.loaded:
            tid = thread.thread_id
            share = group.summary.seconds * thread.posts / posts
            self.rows.append((tid, thread.posts, thread.stances, self.extract_s[tid] + share))
        for thread, message in group.failed:  # this thread only; the others went in
            tid = thread.thread_id
            self.failures.append(f"{self.source[tid]}: thread {tid} not loaded: {message}")


def extract_and_load(driver: neo4j.Driver, files: list[Path], *, database: str, run: IngestRun,
                     workers: int | None = None, watch: Watch | None = None,
                     **extract: Any) -> Iterator[LoadedGroup]:
    """Extract ``files`` on ``workers`` processes (one per core by default; see
    ``default_workers``) and write their threads a group at a time, yielding each group as it
    is written. ``watch`` sees every extraction on its way in, in input order (a progress bar,
    a benchmark's tally); when it stops yielding, the run stops after the threads it passed.
    ``extract`` goes to ``iter_extract_parallel`` (format, overrides, size limit)."""
    extractions: Iterable[Extraction] = iter_extract_parallel(
        files, workers=default_workers(len(files)) if workers is None else workers,
        prepare=packed_rows, **extract)
    if watch is not None:
        extractions = watch(extractions)
    for group in load_bundles(driver, run.bundles(extractions), database=database):
        run.record(group)
        yield group
