"""The contract between ``ingest`` (which builds these) and ``kg`` (which loads them).

Every extracted fact carries ``method`` and ``confidence`` and, where it comes from
text, the character ``span`` of its evidence in the thread's source text, so a reader
can always go back from a graph element to the words it was made from.
Ids are stable strings derived from the source and the position in it, so that
re-ingesting the same thread merges onto the same nodes.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

EXTRACTOR_VERSION = "0.1.0"


class Model(BaseModel):
    """Strict base: unknown fields are errors, so a typo in a JSON input is reported."""

    model_config = ConfigDict(extra="forbid")


class Span(Model):
    """Half-open character offsets ``[start, end)`` into the thread's source text."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before start {self.start}")
        return self


class Thread(Model):
    """One article (or other root post) and the discussion under it."""

    id: str
    title: str
    source: str = Field(description="file name (or URL) the thread was read from")
    url: str | None = None
    site: str | None = None
    published: str | None = Field(default=None, description="ISO 8601 date or datetime")
    format: str = Field(default="text", description="reader that produced it: text, json, aif")
    extractor_version: str = EXTRACTOR_VERSION


class Author(Model):
    """A person; ids are derived from the normalised name so one person merges across threads."""

    id: str
    name: str
    aliases: list[str] = Field(default_factory=list)


class Post(Model):
    """The article itself (index 0) or one comment; ``reply_to`` is a post id in the same thread."""

    id: str
    index: int = Field(ge=0)
    kind: Literal["article", "comment"]
    author: str | None = Field(default=None, description="author id; None when unknown")
    author_method: str = "unknown"
    author_confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    author_evidence: Span | None = Field(default=None, description="byline, signature or address")
    reply_to: str | None = None
    reply_method: str | None = None
    reply_confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    reply_evidence: Span | None = Field(default=None, description="salutation or @mention")
    depth: int = Field(default=0, ge=0)
    text: str
    span: Span
    published: str | None = None
    mentions: list[str] = Field(default_factory=list, description="author ids named in the post")


class Claim(Model):
    """One argumentative sentence of a post."""

    id: str
    post: str
    text: str
    span: Span
    question: bool = False
    topics: list[str] = Field(default_factory=list, description="topic ids")
    method: str = "sentence"
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)


class Stance(Model):
    """An agreement or disagreement of one post (optionally one of its claims) towards another."""

    id: str
    kind: Literal["agreement", "disagreement"]
    partial: bool = False
    from_post: str
    to_post: str
    from_claim: str | None = None
    to_claim: str | None = None
    topic: str | None = Field(default=None, description="topic id")
    cue: str | None = Field(default=None, description="the cue phrase that signals the stance")
    span: Span | None = Field(default=None, description="where the cue stands in the source")
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    method: str = "cue"


class Topic(Model):
    """A debated subject; lexicon topics have curated ids, discovered ones are keyphrases."""

    id: str
    name: str
    method: Literal["lexicon", "keyphrase", "override", "import"] = "lexicon"


class ThreadBundle(Model):
    """Everything extracted from one thread: the unit that ``kg.load`` writes in one transaction."""

    thread: Thread
    posts: list[Post]
    authors: list[Author] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    stances: list[Stance] = Field(default_factory=list)
    topics: list[Topic] = Field(default_factory=list)
    keyphrases: list[str] = Field(
        default_factory=list, description="candidate topics not in the lexicon, for a curator"
    )
    boilerplate_removed: int = Field(default=0, ge=0, description="lines of page chrome dropped")
    warnings: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _referentially_intact(self) -> ThreadBundle:
        """Reject a bundle whose references dangle, before it reaches the database."""
        post_ids = {p.id for p in self.posts}
        author_ids = {a.id for a in self.authors}
        claim_ids = {c.id for c in self.claims}
        topic_ids = {t.id for t in self.topics}
        problems: list[str] = []
        for p in self.posts:
            if p.author is not None and p.author not in author_ids:
                problems.append(f"post {p.id}: unknown author {p.author}")
            if p.reply_to is not None and p.reply_to not in post_ids:
                problems.append(f"post {p.id}: reply_to {p.reply_to} is not a post of this thread")
            problems += [f"post {p.id}: unknown mention {m}" for m in p.mentions if m not in author_ids]
        for c in self.claims:
            if c.post not in post_ids:
                problems.append(f"claim {c.id}: unknown post {c.post}")
            problems += [f"claim {c.id}: unknown topic {t}" for t in c.topics if t not in topic_ids]
        for s in self.stances:
            for ref, pool in ((s.from_post, post_ids), (s.to_post, post_ids)):
                if ref not in pool:
                    problems.append(f"stance {s.id}: unknown post {ref}")
            for ref in (s.from_claim, s.to_claim):
                if ref is not None and ref not in claim_ids:
                    problems.append(f"stance {s.id}: unknown claim {ref}")
            if s.topic is not None and s.topic not in topic_ids:
                problems.append(f"stance {s.id}: unknown topic {s.topic}")
        for kind, items in (("post", self.posts), ("claim", self.claims), ("stance", self.stances)):
            if len({x.id for x in items}) != len(items):
                problems.append(f"duplicate {kind} ids")
        if problems:
            raise ValueError("; ".join(problems[:5]))
        return self
