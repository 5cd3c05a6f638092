"""A ``ThreadBundle`` flattened into the node and relationship rows that ``kg.load`` writes.

Pure functions, so what reaches the database can be checked without one. Every node that
lives and dies with a thread carries ``thread_id``; authors and topics are shared between
threads and carry the list of threads that name them instead.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field
from typing import Any

from kg import schema as s
from kg.models import ThreadBundle

Row = dict[str, Any]


@dataclass(frozen=True)
class RelSpec:
    """One relationship type between two labels, anchored on the side owned by the thread."""

    type: str
    start: str
    end: str
    anchor: str  # "start" or "end": which endpoint carries thread_id (or is the Thread)


REL_SPECS: list[RelSpec] = [
    RelSpec(s.PART_OF, s.POST, s.THREAD, "end"),
    RelSpec(s.WROTE, s.AUTHOR, s.POST, "end"),
    RelSpec(s.REPLIES_TO, s.POST, s.POST, "start"),
    RelSpec(s.MENTIONS, s.POST, s.AUTHOR, "start"),
    RelSpec(s.MAKES, s.POST, s.CLAIM, "start"),
    RelSpec(s.ABOUT, s.CLAIM, s.TOPIC, "start"),
    RelSpec(s.EXPRESSES, s.POST, s.STANCE, "start"),
    RelSpec(s.TOWARDS, s.STANCE, s.POST, "start"),
    RelSpec(s.ON, s.STANCE, s.CLAIM, "start"),
    RelSpec(s.GROUNDED_IN, s.STANCE, s.CLAIM, "start"),
    RelSpec(s.ABOUT, s.STANCE, s.TOPIC, "start"),
]


@dataclass
class BundleRows:
    """Rows per node label and per relationship spec, ready for ``UNWIND``.

    Claim and stance rows also name the post that makes or expresses them (``post``), so the
    loader can write the node and that relationship in one statement.
    """

    thread_id: str
    thread: Row
    nodes: dict[str, list[Row]] = field(default_factory=dict)
    rels: dict[RelSpec, list[Row]] = field(default_factory=dict)

    @property
    def posts(self) -> int:
        return len(self.nodes.get(s.POST, ()))

    @property
    def stances(self) -> int:
        return len(self.nodes.get(s.AGREEMENT, ())) + len(self.nodes.get(s.DISAGREEMENT, ()))

    @property
    def size(self) -> int:
        """Rows in all, a measure of how much one transaction will write."""
        return (1 + sum(map(len, self.nodes.values())) + sum(map(len, self.rels.values())))


@dataclass(frozen=True)
class PackedRows:
    """A thread's rows pickled where they were made (an extraction worker). Rows unpickled
    into dicts take about five times the memory of their bytes, and a group of threads waits
    its turn while another is written: waiting as bytes, it holds a fifth of that."""

    thread_id: str
    size: int
    posts: int
    stances: int
    data: bytes

    def unpack(self) -> BundleRows:
        """The rows again; ``data`` comes from ``packed_rows`` in one of this run's workers."""
        return pickle.loads(self.data)  # noqa: S301


def packed_rows(bundle: ThreadBundle) -> PackedRows:
    """``bundle_rows``, pickled to bytes; for ``iter_extract_parallel(prepare=...)``."""
    rows = bundle_rows(bundle)
    return PackedRows(rows.thread_id, rows.size, rows.posts, rows.stances,
                      pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL))


def provenance(bundle: ThreadBundle) -> Row:
    """Source file and extractor version, stamped on every node the extractor made."""
    return {"source": bundle.thread.source, "extractor_version": bundle.thread.extractor_version}


def bundle_rows(bundle: ThreadBundle) -> BundleRows:
    """Flatten one bundle; rows are sorted by id so a re-ingest writes in the same order."""
    t = bundle.thread
    prov = provenance(bundle)
    rows = BundleRows(thread_id=t.id, thread={
        "id": t.id, "props": {
            "title": t.title, "source": t.source, "url": t.url, "site": t.site,
            "published": t.published, "format": t.format,
            "extractor_version": t.extractor_version, "keyphrases": bundle.keyphrases,
            "boilerplate_removed": bundle.boilerplate_removed, "warnings": bundle.warnings,
            # changes exactly when the thread's content does: readers may cache by it
            "content_hash": hashlib.sha256(bundle.model_dump_json().encode()).hexdigest()[:20],
        }})
    rows.nodes = {
        s.AUTHOR: [{"id": a.id, "name": a.name, "aliases": a.aliases} for a in bundle.authors],
        s.TOPIC: [{"id": x.id, "props": {"name": x.name, "method": x.method}}
                  for x in bundle.topics],
        s.POST: [_post_row(p, t.id, prov) for p in bundle.posts],
        s.CLAIM: [_claim_row(c, t.id, prov) for c in bundle.claims],
        s.AGREEMENT: [_stance_row(x, t.id, prov) for x in bundle.stances
                      if x.kind == "agreement"],
        s.DISAGREEMENT: [_stance_row(x, t.id, prov) for x in bundle.stances
                         if x.kind == "disagreement"],
    }
    for label in rows.nodes:
        rows.nodes[label].sort(key=lambda r: r["id"])
    rows.rels = _rel_rows(bundle)
    return rows


def _post_row(p, thread_id: str, prov: Row) -> Row:
    return {"id": p.id, "props": {
        s.THREAD_KEY: thread_id, "index": p.index, "kind": p.kind, "text": p.text,
        "depth": p.depth, "start": p.span.start, "end": p.span.end, "published": p.published,
        **prov}}


def _claim_row(c, thread_id: str, prov: Row) -> Row:
    return {"id": c.id, "post": c.post, "props": {
        s.THREAD_KEY: thread_id, "text": c.text, "start": c.span.start, "end": c.span.end,
        "question": c.question, "method": c.method, "confidence": c.confidence, **prov}}


def _stance_row(x, thread_id: str, prov: Row) -> Row:
    span = x.span
    return {"id": x.id, "post": x.from_post, "props": {
        s.THREAD_KEY: thread_id, "kind": x.kind, "partial": x.partial, "cue": x.cue,
        "start": span.start if span else None, "end": span.end if span else None,
        "confidence": x.confidence, "method": x.method, **prov}}


def _span(span: Any) -> Row:
    """Evidence offsets as relationship properties; absent when nothing in the text shows it."""
    if span is None:  # explicit nulls, so a re-ingest that lost its evidence removes the old one
        return {"start": None, "end": None}
    return {"start": span.start, "end": span.end}


def _rel_rows(bundle: ThreadBundle) -> dict[RelSpec, list[Row]]:
    by_key = {(spec.type, spec.start, spec.end): spec for spec in REL_SPECS}
    out: dict[RelSpec, list[Row]] = {spec: [] for spec in REL_SPECS}

    def add(rel: str, start: str, end: str, a: str, b: str, /, **props: Any) -> None:
        out[by_key[(rel, start, end)]].append({"a": a, "b": b, "props": props})

    for p in bundle.posts:
        add(s.PART_OF, s.POST, s.THREAD, p.id, bundle.thread.id)
        if p.author is not None:
            add(s.WROTE, s.AUTHOR, s.POST, p.author, p.id,
                method=p.author_method, confidence=p.author_confidence, **_span(p.author_evidence))
        if p.reply_to is not None:
            add(s.REPLIES_TO, s.POST, s.POST, p.id, p.reply_to,
                method=p.reply_method, confidence=p.reply_confidence, **_span(p.reply_evidence))
        for m in dict.fromkeys(p.mentions):
            add(s.MENTIONS, s.POST, s.AUTHOR, p.id, m)
    for c in bundle.claims:
        add(s.MAKES, s.POST, s.CLAIM, c.post, c.id)
        for topic in dict.fromkeys(c.topics):
            add(s.ABOUT, s.CLAIM, s.TOPIC, c.id, topic)
    for x in bundle.stances:
        add(s.EXPRESSES, s.POST, s.STANCE, x.from_post, x.id)
        add(s.TOWARDS, s.STANCE, s.POST, x.id, x.to_post)
        if x.to_claim is not None:
            add(s.ON, s.STANCE, s.CLAIM, x.id, x.to_claim)
        if x.from_claim is not None:
            add(s.GROUNDED_IN, s.STANCE, s.CLAIM, x.id, x.from_claim)
        if x.topic is not None:
            add(s.ABOUT, s.STANCE, s.TOPIC, x.id, x.topic)
    for rows in out.values():
        rows.sort(key=lambda r: (r["a"], r["b"]))
    return out
