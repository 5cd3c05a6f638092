"""What a format reader hands to the extraction steps.

A reader only cuts the source into posts and records what the layout says; the steps in
``ingest.steps`` decide authors, replies, claims, stances and topics. ``DraftPost.text``
is the post body with layout (indentation, list markers, name lines) removed, so offsets
into it are not offsets into the source: ``DraftPost.source_offset`` maps them back.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from kg.models import Author, Span

_AFTER_ANY = float("inf")  # sorts after every source offset paired with the same text offset


@dataclass
class DraftPost:
    """One post as the layout shows it, before any inference."""

    index: int
    kind: str  # "article" | "comment"
    text: str
    span: Span  # the whole block in the source, name line and signature included
    line_map: list[tuple[int, int]] = field(default_factory=list)
    """(offset in ``text``, offset in the source) at the start of each line of ``text``."""
    depth: int = 0
    label: str | None = None  # the visible list marker: "1.", "•"
    byline: str | None = None  # a name the layout puts on a line of its own
    byline_span: Span | None = None
    author_name: str | None = None  # given outright by a structured format (JSON, AIF)
    parent_index: int | None = None  # given by nesting or by a structured format
    published: str | None = None
    post_id: str | None = None  # given by a structured format; otherwise derived

    def source_offset(self, text_offset: int) -> int:
        """Map an offset in ``text`` to the source, so claims keep exact source spans."""
        if not self.line_map:
            return self.span.start + text_offset
        i = max(bisect_right(self.line_map, (text_offset, _AFTER_ANY)) - 1, 0)
        t0, s0 = self.line_map[i]
        return s0 + (text_offset - t0)

    def source_span(self, start: int, end: int) -> Span:
        """The source span of ``text[start:end]``."""
        return Span(start=self.source_offset(start), end=self.source_offset(end))


@dataclass
class DraftClaim:
    """A claim given outright by a structured format (AIF I-nodes)."""

    key: str
    post_index: int
    text: str
    question: bool = False


@dataclass
class DraftStance:
    """A stance given outright by a structured format (AIF RA/CA nodes)."""

    key: str
    kind: str  # "agreement" | "disagreement"
    from_claim: str
    to_claim: str


@dataclass
class DraftThread:
    """A thread as read from one input, before the extraction steps run."""

    thread_id: str
    source: str
    source_text: str
    title: str
    format: str
    posts: list[DraftPost]
    url: str | None = None
    site: str | None = None
    published: str | None = None
    boilerplate_removed: int = 0
    warnings: list[str] = field(default_factory=list)
    claims: list[DraftClaim] = field(default_factory=list)
    stances: list[DraftStance] = field(default_factory=list)
    speakers: dict[int, str] = field(default_factory=dict)


@dataclass
class Attribution:
    """Who wrote one post, and why we think so."""

    author_id: str | None
    method: str  # e.g. "byline", "name_line", "signature", "addressed_by_reply", "given", "unknown"
    confidence: float
    evidence: Span | None = None


@dataclass
class Address:
    """A person a post speaks to: a salutation, an @mention, a name opening a paragraph."""

    author_id: str
    span: Span  # where the address stands in the source
    text_start: int  # where the addressed passage starts in the post's ``text``
    text_end: int  # where it ends (the next address, or the end of the text)
    method: str  # "salutation", "at_mention", "name_opening"


@dataclass
class AuthorsFound:
    """The result of the authors step, consumed by replies, stances and the bundle builder."""

    authors: list[Author]  # kg.models.Author, aliases merged within the thread
    by_post: dict[int, Attribution]
    mentions: dict[int, list[str]] = field(default_factory=dict)  # post index -> author ids named
    addresses: dict[int, list[Address]] = field(default_factory=dict)  # in order of appearance


@dataclass
class ReplyLink:
    """The post one post answers (``None``: the thread's root) and why."""

    parent_index: int | None
    method: str  # "nesting", "given", "salutation", "at_mention", "quotation", "name_opening", "root"
    confidence: float
    evidence: Span | None = None  # the address that names the parent's author, when there is one
