"""The bundle contract: a bundle whose references dangle or whose ids repeat never reaches the graph."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from kg.models import ThreadBundle
from tests.kg.bundles import make_bundle


def _revalidated(bundle: ThreadBundle) -> ThreadBundle:
    return ThreadBundle.model_validate(bundle.model_dump())


def test_a_sound_bundle_validates() -> None:
    assert _revalidated(make_bundle()).thread.id == "t1"


@pytest.mark.parametrize("part", ["posts", "claims", "stances"])
def test_repeated_ids_are_refused(part: str) -> None:
    bundle = make_bundle()
    items = getattr(bundle, part)
    items.append(items[0].model_copy())
    with pytest.raises(ValidationError, match=f"duplicate {part[:-1]} ids"):
        _revalidated(bundle)


def test_a_dangling_reference_is_named() -> None:
    bundle = make_bundle()
    bundle.claims[0].post = "t1:p99"
    with pytest.raises(ValidationError, match="unknown post t1:p99"):
        _revalidated(bundle)
