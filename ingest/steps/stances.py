"""Stances: agreement, disagreement and partial agreement of a response towards what it answers.

A post is cut into passages: the whole post, or, when it answers several people in turn,
one passage per ``Address``. Each passage is aimed at a target post (the addressee's latest
earlier post, else the reply link) and read for the cue phrases of
``ingest/data/stance_cues.yaml``. Where the passage answers one specific claim -- it quotes
it, names its number ("#5") or shares most words with it -- the stance points at that claim.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ingest import ids
from ingest.draft import AuthorsFound, DraftPost, DraftThread, ReplyLink
from ingest.steps.claims import ClaimsFound
from ingest.steps.cues import compile_pattern, load_data
from ingest.steps.cueset import CueSet
from ingest.steps.targets import find_target_claim, quoted_claims
from ingest.steps.topics import topic_weights
from kg.models import Claim, Stance

_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"")
_WITH = re.compile(r"\s+with\s+([^,.;:!?]{1,80})")
_NOT_A_NAME = re.compile(r"(you|your|this|that|the|what|much|most|some)\b", re.I)
_HEAD_END = re.compile(r"\b(?:that|on|about|regarding)\b")
_SENTENCE_GAP = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Cue:
    """One cue phrase from the data file."""

    pattern: re.Pattern[str]
    kind: str
    weight: float
    partial: bool


@dataclass
class CueHit:
    """A cue found in a passage, in the coordinates of the post's text."""

    cue: Cue
    start: int
    end: int
    text: str


@dataclass
class Passage:
    """A stretch of one post aimed at one person (``author_id``) or at the reply target (None)."""

    start: int
    end: int
    author_id: str | None
    method: str


@lru_cache(maxsize=1)
def stance_cues() -> tuple[list[Cue], list[re.Pattern[str]]]:
    """Cue phrases and contrast markers from ``stance_cues.yaml``."""
    data = load_data("stance_cues.yaml")
    cues = [
        Cue(
            compile_pattern(c["pattern"]),
            c["kind"],
            float(c["weight"]),
            bool(c.get("partial", False)),
        )
        for c in data["cues"]
    ]
    return cues, [compile_pattern(p) for p in data.get("contrast", [])]


@lru_cache(maxsize=1)
def _cue_set() -> CueSet:
    """The stance cues' patterns, searched together (most posts hold few of them)."""
    return CueSet(cue.pattern for cue in stance_cues()[0])


def find_cues(text: str) -> list[CueHit]:
    """Non-overlapping cue hits outside quotations, longest first where they overlap."""
    cues = stance_cues()[0]
    found = _cue_set().finditer(text)
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)] if found else []
    hits = [
        CueHit(cues[n], m.start(), m.end(), m.group(0))
        for n, m in found
        if not any(a <= m.start() < b for a, b in quoted)
    ]
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[CueHit] = []
    for hit in hits:
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept


def passages(post: DraftPost, found: AuthorsFound | None) -> list[Passage]:
    """The post cut at each address; text before the first address goes to the reply target."""
    addresses = sorted(
        found.addresses.get(post.index, []) if found else [], key=lambda a: a.text_start
    )
    if not addresses:
        return [Passage(0, len(post.text), None, "reply")]
    out = []
    if addresses[0].text_start > 0 and post.text[: addresses[0].text_start].strip():
        out.append(Passage(0, addresses[0].text_start, None, "reply"))
    out += [Passage(a.text_start, a.text_end, a.author_id, a.method) for a in addresses]
    return out


def find_stances(
    draft: DraftThread,
    found: AuthorsFound | None,
    replies: dict[int, ReplyLink],
    claims: ClaimsFound,
) -> list[Stance]:
    """Every cue-signalled stance of every comment, with target post, claims, topic and evidence."""
    authors = {i: a.author_id for i, a in (found.by_post.items() if found else [])}
    names = _name_patterns(found)
    out: list[Stance] = []
    counts: Counter[tuple[str, str]] = Counter()
    for post in draft.posts:
        if post.kind == "article" and post.index == 0:
            continue
        for passage in passages(post, found):
            for stance in _passage_stances(draft, post, passage, authors, names, replies, claims):
                key = (stance.from_post, stance.to_post)
                counts[key] += 1
                stance.id = ids.stance_id(stance.from_post, stance.to_post, counts[key])
                out.append(stance)
    return out


def _passage_stances(
    draft: DraftThread,
    post: DraftPost,
    passage: Passage,
    authors: dict[int, str | None],
    names: dict[str, tuple[str, ...]],
    replies: dict[int, ReplyLink],
    claims: ClaimsFound,
) -> list[Stance]:
    """Group the passage's cues by the person they aim at; one stance per target post."""
    text = post.text[passage.start : passage.end]
    default = _target_post(post.index, passage.author_id, authors, replies)
    groups: dict[int, list[CueHit]] = {}
    for hit in find_cues(text):
        named = _named_after(text, hit.end, names)
        targets = [_target_post(post.index, a, authors, replies) for a in named] or [default]
        for target in targets:
            if target is not None and not _same_author(post.index, target, authors):
                groups.setdefault(target, []).append(hit)
    return [
        _make_stance(draft, post, passage, target, hits, claims, method=_method(passage, hits))
        for target, hits in groups.items()
    ]


def _make_stance(
    draft: DraftThread,
    post: DraftPost,
    passage: Passage,
    target: int,
    hits: list[CueHit],
    claims: ClaimsFound,
    *,
    method: str,
) -> Stance:
    text = post.text[passage.start : passage.end]
    kind, partial, best = _decide(hits, text)
    cue_start = passage.start + best.start
    cue_span = post.source_span(cue_start, passage.start + best.end)
    own = claims.by_post.get(post.index, [])
    passage_start, passage_end = post.source_offset(passage.start), post.source_offset(passage.end)
    in_passage = [c for c in own if passage_start <= c.span.start < passage_end]
    from_claim = next((c for c in in_passage if c.span.start <= cue_span.start < c.span.end), None)
    answerable = claims.by_post.get(target, [])
    to_claim, how = find_target_claim(text, draft.posts[target], answerable, from_claim)
    answered = [to_claim] if to_claim else []
    if how == "quote":
        answered += [c for c in quoted_claims(text, answerable) if c is not to_claim]
    return Stance(
        id="",
        kind=kind,
        partial=partial,
        from_post=ids.post_id(draft.thread_id, post.index),
        to_post=ids.post_id(draft.thread_id, target),
        from_claim=from_claim.id if from_claim else None,
        to_claim=to_claim.id if to_claim else None,
        topic=_stance_topic(from_claim, answered, in_passage),
        cue=best.text,
        span=cue_span,
        confidence=round(best.cue.weight * (0.9 if how else 0.8), 3),
        method="+".join([method, *([how] if how else [])]),
    )


def _decide(hits: list[CueHit], text: str) -> tuple[str, bool, CueHit]:
    """Combine cues: a mixed cue or both polarities is partial; a contrast softens agreement."""
    partial = [h for h in hits if h.cue.partial]
    if partial:
        best = max(partial, key=lambda h: h.cue.weight)
        return best.cue.kind, True, best
    dis = [h for h in hits if h.cue.kind == "disagreement"]
    agr = [h for h in hits if h.cue.kind == "agreement"]
    if dis and agr:
        return "disagreement", True, max(dis, key=lambda h: h.cue.weight)
    if dis:
        return "disagreement", False, max(dis, key=lambda h: h.cue.weight)
    best = max(agr, key=lambda h: h.cue.weight)
    return "agreement", _contrast_after(text, best.end), best


def _contrast_after(text: str, offset: int) -> bool:
    """A contrast in the cue's sentence or the next statement ("I agree. However, ...")."""
    contrast = stance_cues()[1]
    start = (
        max(text.rfind(".", 0, offset), text.rfind("!", 0, offset), text.rfind("?", 0, offset)) + 1
    )
    pieces = _SENTENCE_GAP.split(text[start:].strip())[:2]
    for sentence in pieces:
        if sentence.rstrip().endswith("?"):
            continue
        if any(p.search(sentence) for p in contrast):
            return True
    return False


def _method(passage: Passage, hits: list[CueHit]) -> str:
    return "cue+reply" if passage.author_id is None else f"cue+{passage.method}"


def _target_post(
    index: int, author_id: str | None, authors: dict[int, str | None], replies: dict[int, ReplyLink]
) -> int | None:
    """The addressee's latest post before ``index``; without an addressee the reply link."""
    link = replies.get(index)
    parent = link.parent_index if link and link.parent_index is not None else 0
    if author_id is not None:
        if authors.get(parent) == author_id:
            return parent
        earlier = [i for i, a in authors.items() if a == author_id and i < index]
        # an addressee with no earlier post here (mentioned only) has nothing to aim at
        return max(earlier) if earlier else None
    return parent if parent != index else None


def _same_author(a: int, b: int, authors: dict[int, str | None]) -> bool:
    return authors.get(a) is not None and authors.get(a) == authors.get(b)


def _name_patterns(found: AuthorsFound | None) -> dict[str, tuple[str, ...]]:
    """The forms of each author's name, longest first, for "I agree with <name>"."""
    return {
        author.id: tuple(sorted({author.name, *author.aliases}, key=len, reverse=True))
        for author in (found.authors if found else [])
    }


@lru_cache(maxsize=4096)
def _name_pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern matching any of a person's name forms; compiled only when a cue is followed
    by "with", and once per person however many threads they take part in."""
    return re.compile(r"(?:{})\b".format("|".join(re.escape(f) for f in forms)))


def _named_after(text: str, offset: int, names: dict[str, tuple[str, ...]]) -> list[str]:
    """Authors named right after a cue: "agree with A and B that ..."."""
    m = _WITH.match(text, offset)
    if not m or _NOT_A_NAME.match(m.group(1)):
        return []
    head = _HEAD_END.split(m.group(1))[0]
    return [aid for aid, forms in names.items() if _name_pattern(forms).search(head)]


def _stance_topic(
    from_claim: Claim | None, answered: list[Claim], passage: list[Claim]
) -> str | None:
    """The topic of the claims involved: answered and answering claims count most."""
    votes: Counter[str] = Counter()
    weighted = [*((c, 3.0) for c in answered), (from_claim, 2.0), *((c, 1.0) for c in passage)]
    for claim, weight in weighted:
        if claim is None or not claim.topics:
            continue
        scores = topic_weights(claim.text)
        for topic in claim.topics:
            votes[topic] += weight * scores.get(topic, 1.0)
    if not votes:
        return None
    return max(sorted(votes), key=lambda t: votes[t])
