"""kg.rows: a thread flattened into rows, and packed for the trip from an extraction worker."""

from __future__ import annotations

import tracemalloc

from kg.rows import bundle_rows, packed_rows
from tests.kg.bundles import make_bundle


def test_packed_rows_unpack_to_the_rows_and_tell_their_size() -> None:
    bundle = make_bundle("t1", extra_comment=True)
    rows, packed = bundle_rows(bundle), packed_rows(bundle)
    assert packed.unpack() == rows
    assert (packed.thread_id, packed.size, packed.posts, packed.stances) == (
        "t1", rows.size, 5, 4)


def test_packed_rows_hold_a_fraction_of_the_memory_of_their_rows() -> None:
    """Why a group waits packed: its bytes are a small part of the dicts they become."""
    packed = packed_rows(make_bundle("t1", extra_comment=True))
    tracemalloc.start()
    try:
        rows = packed.unpack()
        unpacked, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert rows.size and unpacked > 2 * len(packed.data)
