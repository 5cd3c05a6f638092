"""Extraction on several cores: files go to worker processes, results come back in input order.

Extraction is pure CPU work, one file at a time, while the other half of an ingest run (the
database writes) mostly waits on the server; extracting the next files while the current ones
are written puts a machine's other cores to work. At most ``ahead`` files are in flight, so
memory stays bounded whatever the size of the corpus.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from pathlib import Path

from ingest.pipeline import Extraction, iter_extract
from ingest.source import DEFAULT_MAX_BYTES

log = logging.getLogger(__name__)

# Below this many files, starting worker processes (each imports the pipeline and its cue
# lists) costs more than it saves.
MIN_FILES_PER_WORKER = 4


def default_workers(files: int) -> int:
    """As many workers as cores, but none for a handful of files."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, files // MIN_FILES_PER_WORKER))


def extract_one(path: str | Path, *, format: str | None, overrides_dir: Path | None,
                max_bytes: int) -> Extraction:
    """One file's extraction, as ``iter_extract`` reports it (errors included)."""
    return next(iter_extract([path], format=format, overrides_dir=overrides_dir,
                             max_bytes=max_bytes))


def iter_extract_parallel(
    paths: Iterable[str | Path], *, workers: int, format: str | None = None,
    overrides_dir: Path | None = None, max_bytes: int = DEFAULT_MAX_BYTES, ahead: int | None = None,
) -> Iterator[Extraction]:
    """``iter_extract`` on ``workers`` processes; same results, same order.

    If a worker process dies (killed, out of memory), its file is reported as failed and the
    remaining files are extracted in this process.
    """
    job = partial(extract_one, format=format, overrides_dir=overrides_dir, max_bytes=max_bytes)
    if workers <= 1:
        yield from map(job, paths)
        return
    todo = iter(paths)
    limit = ahead or 2 * workers
    context = multiprocessing.get_context("spawn")  # no inherited sockets or locks
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: deque[tuple[str | Path, Future[Extraction]]] = deque()
        for path in todo:
            pending.append((path, pool.submit(job, path)))
            if len(pending) >= limit:
                break
        while pending:
            path, future = pending.popleft()
            try:
                result = future.result()
            except BrokenProcessPool:
                log.warning("an extraction worker died; extracting the rest in this process")
                yield Extraction(source=str(path), error=f"{path}: the extraction worker died")
                yield from map(job, [p for p, _ in pending])
                yield from map(job, todo)
                return
            for path in todo:  # keep the workers busy: one in, one out
                pending.append((path, pool.submit(job, path)))
                break
            yield result
