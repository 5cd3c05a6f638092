"""Claims: the argumentative sentences of each post, each with its exact source span.

Sentences come from sentencex (a maintained rule-based sentence-boundary library that knows
abbreviations and is fast enough for corpora of a hundred thousand posts). What is
not an argument -- greetings, thanks, praise, sign-offs, signatures, bios, links and
self-promotion -- is recognised with the cue lists of ``ingest/data/claim_cues.yaml`` and
kept out, so that stances and topics are computed on what people actually argue.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from sentencex import segment

from ingest import ids
from ingest.draft import AuthorsFound, DraftPost, DraftThread
from ingest.steps.cues import compile_pattern, load_data
from ingest.steps.cueset import CueSet
from kg.models import Claim

log = logging.getLogger(__name__)

_MARKER = re.compile(r"^\s*(?:[•*·–-]|\(?\d{1,2}[.)]|#\d{1,2}[.):]?)\s+")
_OPENERS = re.compile(
    r"^(?:first(?:ly)?|and|also|again|once again|but|so|oh|ok(?:ay)?|yes),?\s+", re.I
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*")
_END_PUNCT = tuple('.!?:;"”)…')
_SMALL = frozenset({"of", "and", "the", "for", "a", "an", "in", "on", "at", "to", "by", "&"})
_NUMBERED = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|#\d{1,2})\s|\b(?:no\.|#|number)\s?\d{1,2}\b", re.I)


@dataclass
class CueCategory:
    """One kind of non-argument sentence (greeting, thanks, bio...)."""

    name: str
    anchored: bool
    max_rest_words: int
    patterns: list[re.Pattern[str]]


@dataclass
class ClaimsFound:
    """Claims per post index, and how many sentences each filter kept out (for reports)."""

    by_post: dict[int, list[Claim]] = field(default_factory=dict)
    skipped: Counter[str] = field(default_factory=Counter)

    def all(self) -> list[Claim]:
        """Every claim of the thread, in post order."""
        return [c for i in sorted(self.by_post) for c in self.by_post[i]]


@lru_cache(maxsize=1)
def cue_categories() -> list[CueCategory]:
    """The non-argument categories from ``claim_cues.yaml``."""
    data = load_data("claim_cues.yaml")
    return [
        CueCategory(
            name=name,
            anchored=bool(spec.get("anchored", False)),
            max_rest_words=int(spec.get("max_rest_words", 99)),
            patterns=[compile_pattern(p) for p in spec["patterns"]],
        )
        for name, spec in data.items()
    ]


@lru_cache(maxsize=2)
def _cue_set(anchored: bool) -> tuple[CueSet, list[CueCategory]]:
    """The patterns of the anchored (or the other) categories in file order, with the category
    of each: the first pattern to match names the first category that matches."""
    cats = [cat for cat in cue_categories() if cat.anchored == anchored]
    return CueSet(p for cat in cats for p in cat.patterns), [c for c in cats for _ in c.patterns]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Line-based paragraphs as (start, end) offsets; a hard-wrapped line joins the one before."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        stripped = line.strip()
        if (
            out
            and stripped[0].islower()
            and not text[out[-1][0] : out[-1][1]].rstrip().endswith(_END_PUNCT)
        ):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence offsets in ``text``, markers and surrounding blanks trimmed."""
    spans: list[tuple[int, int]] = []
    for p_start, p_end in paragraphs(text):
        para = text[p_start:p_end].replace("\n", " ")
        cursor = 0
        for sent in segment("en", para):
            core = sent.strip()
            if not core or _MARKER.fullmatch(core + " "):  # a list marker alone: not a sentence
                continue
            at = para.find(core, cursor)
            if at < 0:  # the segmenter returns slices of its input; be safe anyway
                continue
            cursor = at + len(core)
            marker = _MARKER.match(core)
            lead = marker.end() if marker and marker.end() < len(core) else 0
            spans.append((p_start + at + lead, p_start + at + len(core)))
    return spans


def classify(sentence: str, names: set[str]) -> str | None:
    """The non-argument category of a sentence, or None when it is a claim."""
    return _classify(_read(sentence.strip()), names)


def _classify(reading: _Reading, names: set[str]) -> str | None:
    if reading.category is not None:
        return reading.category
    opener = reading.opener
    if opener and sum(w not in names for w in reading.rest) <= opener.max_rest_words:
        return opener.name
    if reading.heading is not None and (reading.heading[0] in names or reading.heading[1]):
        return "name_or_heading"
    return None


@dataclass(frozen=True, slots=True)
class _Reading:
    """What the cues say of a sentence whoever takes part in the thread; the names of the
    thread are weighed afterwards, so this is remembered per sentence (greetings, thanks and
    sign-offs recur across a corpus)."""

    category: str | None  # a category whose cue stands anywhere (bio, link...)
    opener: CueCategory | None  # the last category whose cues open the sentence
    rest: tuple[str, ...]  # after the openers (if any): its uncapitalised words, lower-cased
    heading: tuple[str, bool] | None  # shaped like a name or heading: (words, all title case)
    n_words: int = 0  # counted when no category is found anywhere (the sentence may be a claim)


@lru_cache(maxsize=1 << 16)
def _read(low: str) -> _Reading:
    cues, owners = _cue_set(anchored=False)
    found = cues.search(low)
    if found is not None:
        return _Reading(owners[found].name, None, (), None)
    rest, opener = _strip_anchored(low)
    after = tuple(w.lower() for w in _WORD.findall(rest) if not w[0].isupper()) if opener else ()
    words = _WORD.findall(low)
    return _Reading(None, opener, after, _heading(low, words), len(words))


def _strip_anchored(text: str) -> tuple[str, CueCategory | None]:
    """Peel greeting/thanks/praise/sign-off cues off the start, as many as there are."""
    cues, owners = _cue_set(anchored=True)
    last: CueCategory | None = None
    changed = True
    while changed and text:
        changed = False
        text = _OPENERS.sub("", text).lstrip(" ,–—-:;!.")
        hit = cues.match(text)
        if hit is not None:
            n, m = hit
            text, last, changed = text[m.end() :].lstrip(" ,–—-:;!."), owners[n], True
    return text, last


def _heading(sentence: str, words: list[str]) -> tuple[str, bool] | None:
    """A sentence shaped like a signature line, a tagline or an unnumbered heading: its words
    (lower-cased, to compare with the names of the thread) and whether all are title case."""
    if not words or len(words) > 6 or _NUMBERED.search(sentence) or sentence.endswith(("?", "!")):
        return None
    return " ".join(words).lower(), all(w[0].isupper() or w.lower() in _SMALL for w in words)


def find_claims(draft: DraftThread, found: AuthorsFound | None = None) -> ClaimsFound:
    """Split every post into claims (posts whose format gives claims outright are skipped)."""
    result = ClaimsFound()
    names = _known_names(found)
    if draft.claims:  # the format gives the argument layer outright (AIF): nothing to split
        return result
    for post in draft.posts:
        cut = _signature_cut(post, found)
        result.by_post[post.index] = _post_claims(draft.thread_id, post, names, cut, result.skipped)
    return result


def _post_claims(
    thread_id: str, post: DraftPost, names: set[str], cut: int | None, skipped: Counter[str]
) -> list[Claim]:
    pid = ids.post_id(thread_id, post.index)
    claims: list[Claim] = []
    for start, end in sentences(post.text):
        if cut is not None and post.source_offset(start) >= cut:
            skipped["after_signature"] += 1
            continue
        text = post.text[start:end]
        reading = _read(text.strip())
        kind = _classify(reading, names)
        if kind is not None:
            skipped[kind] += 1
            continue
        n_words = reading.n_words  # the words of ``text``: blanks around it hold none
        claims.append(
            Claim(
                id=ids.claim_id(pid, len(claims) + 1),
                post=pid,
                text=text,
                span=post.source_span(start, end),  # made for claims only: spans validate
                question=text.rstrip(' )"”').endswith("?"),
                method="sentence",
                confidence=0.9 if n_words >= 5 else 0.6,
            )
        )
    return claims


def _known_names(found: AuthorsFound | None) -> set[str]:
    """Lower-cased names, aliases and their single words, for recognising signatures."""
    names: set[str] = set()
    for author in found.authors if found else []:
        for name in [author.name, *author.aliases]:
            names.add(name.lower())
            names.update(w.lower() for w in name.split())
    return names


def _signature_cut(post: DraftPost, found: AuthorsFound | None) -> int | None:
    """Source offset of a signature in the second half of a post: what follows is a bio."""
    if found is None:
        return None
    att = found.by_post.get(post.index)
    ev = att.evidence if att else None
    if ev is None or not (post.span.start <= ev.start <= post.span.end):
        return None
    if ev.start - post.span.start < (post.span.end - post.span.start) / 2:
        return None
    return ev.start
