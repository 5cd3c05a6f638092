"""Read threads back out of the graph as ``ThreadBundle``s, the input of the per-thread exports.

The graph, not the extractor's output, is what an export describes: curated and
re-ingested threads come out as they are stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j

from kg import schema as s
from kg.errors import ThreadNotFound
from kg.models import Author, Claim, Post, Span, Stance, Thread, ThreadBundle, Topic

READ = neo4j.RoutingControl.READ

_POSTS = f"""
MATCH (p:{s.POST} {{{s.THREAD_KEY}: $t}})
OPTIONAL MATCH (a:{s.AUTHOR})-[w:{s.WROTE}]->(p)
OPTIONAL MATCH (p)-[r:{s.REPLIES_TO}]->(q:{s.POST})
CALL (p) {{ OPTIONAL MATCH (p)-[:{s.MENTIONS}]->(m:{s.AUTHOR}) RETURN collect(m.id) AS mentions }}
RETURN p {{.*}} AS p, a.id AS author, w {{.*}} AS w, q.id AS reply_to, r {{.*}} AS r, mentions
ORDER BY p.index
"""
_CLAIMS = f"""
MATCH (p:{s.POST})-[:{s.MAKES}]->(c:{s.CLAIM} {{{s.THREAD_KEY}: $t}})
CALL (c) {{ OPTIONAL MATCH (c)-[:{s.ABOUT}]->(x:{s.TOPIC}) RETURN collect(x.id) AS topics }}
RETURN c {{.*}} AS c, p.id AS post, topics ORDER BY c.start, c.id
"""
_STANCES = f"""
MATCH (a:{s.POST})-[:{s.EXPRESSES}]->(x:{s.STANCE} {{{s.THREAD_KEY}: $t}})-[:{s.TOWARDS}]->(b:{s.POST})
OPTIONAL MATCH (x)-[:{s.ON}]->(to:{s.CLAIM})
OPTIONAL MATCH (x)-[:{s.GROUNDED_IN}]->(fr:{s.CLAIM})
OPTIONAL MATCH (x)-[:{s.ABOUT}]->(topic:{s.TOPIC})
RETURN x {{.*}} AS x, a.id AS from_post, b.id AS to_post, to.id AS to_claim,
       fr.id AS from_claim, topic.id AS topic ORDER BY x.id
"""
_SHARED = """
MATCH (n:$($label)) WHERE $t IN n.threads RETURN n {.*} AS n ORDER BY n.id
"""


def thread_ids(driver: neo4j.Driver, *, database: str) -> list[str]:
    """Every thread id in the graph, sorted."""
    records, _, _ = driver.execute_query(
        f"MATCH (t:{s.THREAD}) RETURN t.id AS id ORDER BY id", database_=database, routing_=READ)
    return [r["id"] for r in records]


def read_bundles(driver: neo4j.Driver, *, database: str,
                 thread_id: str | None = None) -> Iterator[ThreadBundle]:
    """One bundle per stored thread (or only ``thread_id``, which must exist)."""
    ids = thread_ids(driver, database=database)
    if thread_id is not None:
        if thread_id not in ids:
            raise ThreadNotFound(f"no thread with id {thread_id!r} in the graph")
        ids = [thread_id]
    for t in ids:
        yield read_bundle(driver, t, database=database)


def read_bundle(driver: neo4j.Driver, thread_id: str, *, database: str) -> ThreadBundle:
    """Rebuild one thread's bundle from its nodes and relationships."""
    def q(query: str, **params: Any) -> list[neo4j.Record]:
        return driver.execute_query(query, t=thread_id, **params, database_=database,
                                    routing_=READ).records

    rows = q(f"MATCH (t:{s.THREAD} {{id: $t}}) RETURN t {{.*}} AS t")
    if not rows:
        raise ThreadNotFound(f"no thread with id {thread_id!r} in the graph")
    t = rows[0]["t"]
    thread = Thread(id=t["id"], title=t["title"], source=t["source"], url=t.get("url"),
                    site=t.get("site"), published=t.get("published"),
                    format=t.get("format", "text"),
                    extractor_version=t.get("extractor_version", ""))
    return ThreadBundle(
        thread=thread,
        posts=[_post(r) for r in q(_POSTS)],
        authors=[Author(id=r["n"]["id"], name=r["n"]["name"], aliases=r["n"].get("aliases") or [])
                 for r in q(_SHARED, label=s.AUTHOR)],
        claims=[_claim(r) for r in q(_CLAIMS)],
        stances=[_stance(r) for r in q(_STANCES)],
        topics=[Topic(id=r["n"]["id"], name=r["n"]["name"], method=r["n"].get("method", "lexicon"))
                for r in q(_SHARED, label=s.TOPIC)],
        keyphrases=t.get("keyphrases") or [],
        boilerplate_removed=t.get("boilerplate_removed") or 0,
        warnings=t.get("warnings") or [],
    )


def _post(r: neo4j.Record) -> Post:
    p, w, rel = r["p"], r["w"] or {}, r["r"] or {}
    return Post(id=p["id"], index=p["index"], kind=p["kind"], text=p["text"], depth=p["depth"],
                span=Span(start=p["start"], end=p["end"]), published=p.get("published"),
                author=r["author"], author_method=w.get("method") or "unknown",
                author_confidence=w.get("confidence") or 0.0, author_evidence=_evidence(w),
                reply_to=r["reply_to"], reply_method=rel.get("method"),
                reply_confidence=rel.get("confidence") or 0.0, reply_evidence=_evidence(rel),
                mentions=r["mentions"])


def _evidence(props: dict) -> Span | None:
    """The evidence span a relationship carries, if the text showed one."""
    if props.get("start") is None:
        return None
    return Span(start=props["start"], end=props["end"])


def _claim(r: neo4j.Record) -> Claim:
    c = r["c"]
    return Claim(id=c["id"], post=r["post"], text=c["text"],
                 span=Span(start=c["start"], end=c["end"]), question=c.get("question", False),
                 topics=r["topics"], method=c.get("method", "sentence"),
                 confidence=c.get("confidence", 1.0))


def _stance(r: neo4j.Record) -> Stance:
    x = r["x"]
    span = Span(start=x["start"], end=x["end"]) if x.get("start") is not None else None
    return Stance(id=x["id"], kind=x["kind"], partial=x.get("partial", False),
                  from_post=r["from_post"], to_post=r["to_post"], from_claim=r["from_claim"],
                  to_claim=r["to_claim"], topic=r["topic"], cue=x.get("cue"), span=span,
                  confidence=x.get("confidence", 0.5), method=x.get("method", "cue"))
