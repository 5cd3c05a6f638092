"""Extraction on several cores: files go to worker processes, results come back in input order.

Extraction is pure CPU work, one file at a time, while the other half of an ingest run (the
database writes) mostly waits on the server; extracting the next files while the current ones
are written puts a machine's other cores to work. Files in flight are bounded (two per worker,
or more while they hold less than ``AHEAD_BYTES`` of input between them), so memory stays
bounded whatever the size of the corpus.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from pathlib import Path
from typing import Any

from ingest.pipeline import Extraction, iter_extract
from ingest.source import DEFAULT_MAX_BYTES
from kg.models import ThreadBundle

log = logging.getLogger(__name__)

# Below this many files, starting worker processes (each imports the pipeline and its cue
# lists) costs more than it saves.
MIN_FILES_PER_WORKER = 4

# Input extracted ahead of the consumer, so the workers need not wait while the loader writes
# a group of about twenty small threads. Half a MiB is about twenty generated threads; their
# extractions hold several times that in memory.
AHEAD_BYTES = 2**19


def default_workers(files: int) -> int:
    """As many workers as cores, but none for a handful of files."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, files // MIN_FILES_PER_WORKER))


def extract_one(path: str | Path, *, format: str | None, overrides_dir: Path | None,
                max_bytes: int, prepare: Callable[[ThreadBundle], Any] | None = None) -> Extraction:
    """One file's extraction, as ``iter_extract`` reports it (errors included); with
    ``prepare``, its bundles are replaced by what ``prepare`` makes of them."""
    result = next(iter_extract([path], format=format, overrides_dir=overrides_dir,
                               max_bytes=max_bytes))
    if prepare is not None:
        result.prepared = [prepare(bundle) for bundle in result.bundles]
        result.bundles = []
    return result


def iter_extract_parallel(
    paths: Iterable[str | Path], *, workers: int, format: str | None = None,
    overrides_dir: Path | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
    ahead_bytes: int | None = None, prepare: Callable[[ThreadBundle], Any] | None = None,
) -> Iterator[Extraction]:
    """``iter_extract`` on ``workers`` processes; same results, same order.

    ``prepare`` (a module-level function, so it can be sent to a worker) runs on each bundle
    where it was extracted, and ``Extraction.prepared`` holds its results instead of the
    bundles: work done per thread stays on the workers, and what comes back can be cheaper
    to receive than the bundle's objects.

    If a worker process dies (killed, out of memory), its file is reported as failed and the
    remaining files are extracted in this process.
    """
    job = partial(extract_one, format=format, overrides_dir=overrides_dir, max_bytes=max_bytes,
                  prepare=prepare)
    if workers <= 1:
        yield from map(job, paths)
        return
    todo = iter(paths)
    least = 2 * workers
    budget = AHEAD_BYTES if ahead_bytes is None else ahead_bytes
    context = multiprocessing.get_context("spawn")  # no inherited sockets or locks
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: deque[tuple[str | Path, int, Future[Extraction]]] = deque()
        in_flight = 0

        def fill() -> None:
            nonlocal in_flight
            while len(pending) < least or in_flight < budget:
                path = next(todo, None)
                if path is None:
                    return
                size = _size(path)
                pending.append((path, size, pool.submit(job, path)))
                in_flight += size

        fill()
        while pending:
            path, size, future = pending.popleft()
            in_flight -= size
            try:
                result = future.result()
            except BrokenProcessPool:
                log.warning("an extraction worker died; extracting the rest in this process")
                yield Extraction(source=str(path), error=f"{path}: the extraction worker died")
                yield from map(job, [p for p, _, _ in pending])
                yield from map(job, todo)
                return
            fill()  # keep the workers busy: one out, as many in as the bounds allow
            yield result


def _size(path: str | Path) -> int:
    """Bytes of input, for the read-ahead bound; a file that cannot be read counts as none
    (its extraction reports why)."""
    try:
        return os.stat(path).st_size
    except OSError:
        return 0
