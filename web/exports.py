"""The knowledge-graph exports of ``kg.export`` for one thread or one topic, built in memory.

A topic spans threads, so its exports hold the threads that discuss it, cut down to the
topic's claims and the stances about them (posts and authors stay, for context).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import neo4j
import networkx as nx

from kg import read
from kg.export import aif, argdown, bundles, dump, graphml
from kg.models import ThreadBundle


@dataclass(frozen=True)
class Download:
    body: bytes
    mimetype: str
    extension: str


THREAD_FORMATS = ("aif", "argdown", "graphml", "jsonl")
TOPIC_FORMATS = ("argdown", "graphml", "jsonl")


def thread_download(driver: neo4j.Driver, thread_id: str, fmt: str, *, database: str) -> Download:
    """One thread in one format (raises kg.errors.ThreadNotFound)."""
    if fmt == "graphml":
        nodes, rels = dump.read_graph(driver, database=database, thread_id=thread_id)
        return graphml_download(nodes, rels)
    bundle = bundles.read_bundle(driver, thread_id, database=database)
    if fmt == "aif":
        return Download(aif.dumps_aif(bundle).encode(), "application/json", "json")
    return bundle_download([bundle], fmt)


def topic_download(driver: neo4j.Driver, topic_id: str, fmt: str, *, database: str) -> Download:
    """The threads about a topic, cut down to that topic, in one format."""
    thread_ids = sorted({c["thread"] for c in read.rows(
        driver, read.TOPIC_CLAIMS, database=database, topic_id=topic_id)})
    cut = [restrict(bundles.read_bundle(driver, t, database=database), topic_id)
           for t in thread_ids]
    if fmt != "graphml":
        return bundle_download(cut, fmt)
    keep = {(label, x) for b in cut for label, ids in (
        ("Thread", [b.thread.id]), ("Post", [p.id for p in b.posts]),
        ("Author", [a.id for a in b.authors]), ("Claim", [c.id for c in b.claims]),
        ("Stance", [s.id for s in b.stances]), ("Topic", [t.id for t in b.topics])) for x in ids}
    nodes: dict[tuple[str, str], dump.Node] = {}
    rels: dict[tuple, dump.Rel] = {}
    for t in thread_ids:
        found_nodes, found_rels = dump.read_graph(driver, database=database, thread_id=t)
        nodes.update({(n.primary, n.id): n for n in found_nodes
                      if (n.primary, n.id) in keep or _on_topic(n, topic_id, found_rels)})
        rels.update({(r.start_label, r.start, r.type, r.end_label, r.end): r for r in found_rels})
    ends = set(nodes)
    return graphml_download(list(nodes.values()), [
        r for r in rels.values()
        if (r.start_label, r.start) in ends and (r.end_label, r.end) in ends])


def _on_topic(node: dump.Node, topic_id: str, rels: list[dump.Rel]) -> bool:
    """A position node belongs to the topic it is ON."""
    return node.primary == "Position" and any(
        r.start == node.id and r.type == "ON" and r.end == topic_id for r in rels)


def restrict(bundle: ThreadBundle, topic_id: str) -> ThreadBundle:
    """A bundle with only the claims about ``topic_id`` and the stances that concern them."""
    claims = [c for c in bundle.claims if topic_id in c.topics]
    ids = {c.id for c in claims}
    stances = [
        s.model_copy(update={"from_claim": s.from_claim if s.from_claim in ids else None,
                             "to_claim": s.to_claim if s.to_claim in ids else None})
        for s in bundle.stances
        if s.topic == topic_id or s.from_claim in ids or s.to_claim in ids]
    used = {t for c in claims for t in c.topics} | {s.topic for s in stances if s.topic}
    return ThreadBundle.model_validate({
        **bundle.model_dump(), "claims": [c.model_dump() for c in claims],
        "stances": [s.model_dump() for s in stances],
        "topics": [t.model_dump() for t in bundle.topics if t.id in used]})


def bundle_download(found: list[ThreadBundle], fmt: str) -> Download:
    """A thread export in a bundle-based format, as a download."""
    if fmt == "argdown":
        return Download(argdown.to_argdown(found).encode(), "text/plain; charset=utf-8", "argdown")
    lines = "".join(b.model_dump_json() + "\n" for b in found)
    return Download(lines.encode(), "application/x-ndjson", "jsonl")


def graphml_download(nodes: list[dump.Node], rels: list[dump.Rel]) -> Download:
    """A thread's GraphML, as a download."""
    buffer = io.BytesIO()
    nx.write_graphml_lxml(graphml.to_networkx(nodes, rels), buffer, encoding="utf-8",
                          prettyprint=True, named_key_ids=True)
    return Download(buffer.getvalue(), "application/graphml+xml", "graphml")
