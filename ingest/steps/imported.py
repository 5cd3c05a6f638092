"""Claims and stances that a structured format (AIF) gives outright, turned into models.

The argument layer of an AIF map is already annotated by people, so it is imported as is
(method ``aif``, confidence 1.0) instead of being re-extracted from the text.
"""

from __future__ import annotations

from collections import Counter

from ingest import ids
from ingest.draft import DraftThread
from ingest.steps.claims import ClaimsFound
from kg.models import Claim, Span, Stance

METHOD = "aif"


def imported_claims(draft: DraftThread) -> dict[int, list[Claim]]:
    """Claims per post index; the span is the claim's words in the post if found, else the post."""
    out: dict[int, list[Claim]] = {}
    for dc in draft.claims:
        post = draft.posts[dc.post_index]
        pid = ids.post_id(draft.thread_id, post.index)
        items = out.setdefault(post.index, [])
        at = post.text.lower().find(dc.text.lower()) if dc.text else -1
        span = (
            post.source_span(at, at + len(dc.text))
            if at >= 0
            else Span(start=post.span.start, end=post.span.end)
        )
        items.append(
            Claim(
                id=ids.claim_id(pid, len(items) + 1),
                post=pid,
                text=dc.text or post.text,
                span=span,
                question=dc.question,
                method=METHOD,
                confidence=1.0,
            )
        )
    return out


def claim_ids_by_key(draft: DraftThread) -> dict[str, str]:
    """The claim id each DraftClaim key became (same numbering as ``imported_claims``)."""
    counts: Counter[int] = Counter()
    out = {}
    for dc in draft.claims:
        counts[dc.post_index] += 1
        pid = ids.post_id(draft.thread_id, dc.post_index)
        out[dc.key] = ids.claim_id(pid, counts[dc.post_index])
    return out


def imported_stances(draft: DraftThread, claims: ClaimsFound) -> list[Stance]:
    """One stance per RA/CA relation, between the posts that hold its claims."""
    key_to_id = claim_ids_by_key(draft)
    by_id = {c.id: c for c in claims.all()}
    counts: Counter[tuple[str, str]] = Counter()
    out = []
    for ds in draft.stances:
        a, b = (
            by_id.get(key_to_id.get(ds.from_claim, "")),
            by_id.get(key_to_id.get(ds.to_claim, "")),
        )
        if a is None or b is None:
            continue
        counts[(a.post, b.post)] += 1
        topics = [*b.topics, *a.topics]
        out.append(
            Stance(
                id=ids.stance_id(a.post, b.post, counts[(a.post, b.post)]),
                kind=ds.kind,
                from_post=a.post,
                to_post=b.post,
                from_claim=a.id,
                to_claim=b.id,
                topic=topics[0] if topics else None,
                confidence=1.0,
                method=METHOD,
            )
        )
    return out
