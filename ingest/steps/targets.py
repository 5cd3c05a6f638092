"""Which claim of the answered post a response answers: a quotation, a number, or word overlap.

Tried in that order because they get less certain: a quotation names the claim verbatim,
"#5" names a numbered item or heading of the answered post, and shared content words only
suggest which claim is meant.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.draft import DraftPost
from ingest.steps.cues import compile_pattern, load_data
from ingest.steps.topics import STOPWORDS, tokens
from kg.models import Claim

_QUOTE = re.compile(r"“([^”]{12,})”|\"([^\"\n]{12,})\"|‘([^’]{20,})’")
_SPACE = re.compile(r"\W+")
MIN_OVERLAP = 3


@lru_cache(maxsize=1)
def _number_patterns() -> tuple[list[re.Pattern[str]], list[str]]:
    data = load_data("stance_cues.yaml")
    return [compile_pattern(p) for p in data.get("number_refs", [])], list(
        data.get("numbered_items", [])
    )


def find_target_claim(
    passage: str, target: DraftPost, target_claims: list[Claim], from_claim: Claim | None
) -> tuple[Claim | None, str | None]:
    """The answered claim and how it was found ("quote", "number", "overlap"), or (None, None)."""
    if not target_claims:
        return None, None
    for finder, how in ((_by_quote, "quote"), (_by_number, "number")):
        claim = finder(passage, target, target_claims)
        if claim is not None:
            return claim, how
    claim = _by_overlap(passage, from_claim, target_claims)
    return (claim, "overlap") if claim is not None else (None, None)


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text.lower()).strip()


def _by_quote(passage: str, target: DraftPost, claims: list[Claim]) -> Claim | None:
    """A quotation of at least a few words found in one of the target's claims."""
    for m in _QUOTE.finditer(passage):
        quote = _norm(next(g for g in m.groups() if g))
        if len(quote.split()) < 3:
            continue
        probe = " ".join(quote.split()[:8])
        for claim in claims:
            text = _norm(claim.text)
            if probe in text or (len(text.split()) >= 4 and text in quote):
                return claim
    return None


def quoted_claims(passage: str, claims: list[Claim]) -> list[Claim]:
    """Every claim of the answered post that the passage quotes whole (a quote may span several)."""
    quotes = [_norm(next(g for g in m.groups() if g)) for m in _QUOTE.finditer(passage)]
    return [
        c
        for c in claims
        if len(_norm(c.text).split()) >= 4 and any(_norm(c.text) in q for q in quotes)
    ]


def _by_number(passage: str, target: DraftPost, claims: list[Claim]) -> Claim | None:
    """A reference like "#5" matched to the line of the target that numbers item 5."""
    refs, items = _number_patterns()
    numbers = [m.group(1) for p in refs for m in p.finditer(passage)]
    if not numbers:
        return None
    first = min((m.start(), m.group(1)) for p in refs for m in p.finditer(passage))[1]
    offset = _numbered_line(target, first, items)
    if offset is None:
        return None
    source = target.source_offset(offset)
    following = [c for c in claims if c.span.end > source]
    return min(following, key=lambda c: c.span.start) if following else None


def _numbered_line(target: DraftPost, number: str, items: list[str]) -> int | None:
    """Text offset of the first short line of the target that carries item ``number``."""
    patterns = [compile_pattern(p.replace("{n}", re.escape(number))) for p in items]
    pos = 0
    for line in target.text.split("\n"):
        if len(line.split()) <= 25 and any(p.search(line) for p in patterns):
            return pos
        pos += len(line) + 1
    return None


@lru_cache(maxsize=1 << 12)  # an answered post's claims are compared with every answer
def _content(text: str) -> frozenset[str]:
    words = set(tokens(text)) - STOPWORDS  # each distinct word judged once
    return frozenset(t for t in words if len(t) > 2 and not t.isdigit())


def _by_overlap(passage: str, from_claim: Claim | None, claims: list[Claim]) -> Claim | None:
    """The target claim sharing most content words with the answering claim (or passage)."""
    probe = _content(from_claim.text if from_claim else passage)
    if len(probe) < MIN_OVERLAP:
        probe = _content(passage)
    best, best_score = None, 0.0
    for claim in claims:
        words = _content(claim.text)
        shared = len(probe & words)
        if shared < MIN_OVERLAP:
            continue
        score = shared / (len(words) ** 0.5)
        if score > best_score:
            best, best_score = claim, score
    return best
