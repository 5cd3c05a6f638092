"""JSON Lines: one ``ThreadBundle`` per line, the same models the extractor produces."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kg.models import ThreadBundle


def write_jsonl(bundles: Iterable[ThreadBundle], out: Path) -> int:
    """Write the bundles, one per line; returns how many."""
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for bundle in bundles:
            fh.write(bundle.model_dump_json(exclude_defaults=False) + "\n")
            n += 1
    return n
