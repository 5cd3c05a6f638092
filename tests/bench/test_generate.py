"""The benchmark corpus generator: reproducible from its seed, and readable by the real pipeline."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bench.generate import generate, generate_thread, people_pool, read_manifest
from bench.vocabulary import FIRST_NAMES, LAST_NAMES
from ingest.pipeline import iter_extract
from ingest.steps.names import is_person_name


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_other_seed_other_corpus(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", posts=400, seed=3)
    again = generate(tmp_path / "b", posts=400, seed=3)
    other = generate(tmp_path / "c", posts=400, seed=4)
    assert first == again
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    assert _tree(tmp_path / "a") != _tree(tmp_path / "c")
    assert first.posts == other.posts == 400
    assert first.text_files and first.json_files


def test_the_pipeline_reads_every_generated_post(tmp_path: Path) -> None:
    summary = generate(tmp_path, posts=150, seed=11)
    entries = list(read_manifest(tmp_path))
    results = list(iter_extract([tmp_path / e.file for e in entries]))
    assert [r.error for r in results] == [None] * len(entries)
    for entry, result in zip(entries, results, strict=True):
        (bundle,) = result.bundles
        assert len(bundle.posts) == entry.posts, entry.file
        assert bundle.thread.format == entry.format
    bundles = [r.bundles[0] for r in results]
    assert sum(len(b.posts) for b in bundles) == summary.posts
    assert sum(len(b.stances) for b in bundles) > 0
    assert {s.kind for b in bundles for s in b.stances} == {"agreement", "disagreement"}
    commented = [p for b in bundles for p in b.posts if p.kind == "comment"]
    assert sum(p.author is not None for p in commented) > 0.8 * len(commented)
    assert max(p.depth for p in commented) >= 3


def test_one_thread_of_a_chosen_size_keeps_its_nesting(tmp_path: Path) -> None:
    entry = generate_thread(tmp_path, posts=60, fmt="text", seed=5, name="sixty")
    (result,) = iter_extract([tmp_path / entry.file])
    (bundle,) = result.bundles
    assert bundle.thread.id == "sixty"
    assert len(bundle.posts) == 60
    assert max(p.depth for p in bundle.posts) == entry.max_depth
    assert json.loads(json.dumps(entry.__dict__))["posts"] == 60


def test_people_are_invented_and_shaped_like_names(corpus_dir: Path) -> None:
    sample = " ".join(p.read_text(encoding="utf-8") for p in corpus_dir.glob("*.txt"))
    words = set(re.findall(r"[^\W\d_]+", sample))
    assert not (set(FIRST_NAMES) | set(LAST_NAMES)) & words
    pool = people_pool(7)
    assert len(set(pool)) == len(pool) > 1000
    assert all(is_person_name(name) for name in pool[:200])
