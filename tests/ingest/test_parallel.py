"""Extraction on worker processes gives what extraction in this process gives, in input order."""

from __future__ import annotations

from pathlib import Path

from ingest.parallel import default_workers, iter_extract_parallel
from ingest.pipeline import iter_extract
from kg.rows import bundle_rows
from tests.ingest.threads import ARTICLE_ONLY, ARTICLE_WITH_LIST, FLAT, NESTED


def _inputs(tmp_path: Path) -> list[Path]:
    paths = []
    for i, text in enumerate([FLAT, NESTED, ARTICLE_ONLY, ARTICLE_WITH_LIST, FLAT]):
        path = tmp_path / f"thread-{i}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x00\x01binary\xff" * 50)
    paths.insert(2, broken)
    return paths


def _outcome(results) -> list[tuple[str, str | None, list[str]]]:
    return [(r.source, r.error, [b.model_dump_json() for b in r.bundles]) for r in results]


def test_workers_give_the_same_results_in_the_same_order(tmp_path: Path) -> None:
    paths = _inputs(tmp_path)
    here = _outcome(iter_extract(paths))
    there = _outcome(iter_extract_parallel(paths, workers=2))
    assert there == here
    assert [source for source, _, _ in there] == [str(p) for p in paths]
    assert there[2][1] is not None and "broken.txt" in there[2][1]
    assert all(bundles for _, error, bundles in there if error is None)


def test_reading_ahead_stays_within_its_bounds(tmp_path: Path) -> None:
    paths = _inputs(tmp_path)
    here = _outcome(iter_extract(paths))
    for budget in (0, 1, 10**9):  # two files per worker at least; all of them at most
        assert _outcome(iter_extract_parallel(paths, workers=2, ahead_bytes=budget)) == here


def test_threads_are_flattened_where_they_were_extracted(tmp_path: Path) -> None:
    paths = _inputs(tmp_path)
    here = [[bundle_rows(b) for b in r.bundles] for r in iter_extract(paths)]
    there = list(iter_extract_parallel(paths, workers=2, prepare=bundle_rows))
    assert [r.prepared for r in there] == here
    assert all(r.bundles == [] for r in there)


def test_one_worker_extracts_in_this_process(tmp_path: Path) -> None:
    paths = _inputs(tmp_path)[:2]
    assert _outcome(iter_extract_parallel(paths, workers=1)) == _outcome(iter_extract(paths))


def test_a_handful_of_files_gets_no_worker() -> None:
    assert default_workers(3) == 1
    assert default_workers(10_000) >= 1
