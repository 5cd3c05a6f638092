"""Read functions for the web app: parameterised Cypher in, plain dicts out.

Every function takes the driver and the database by keyword, runs read-routed queries and
returns JSON-ready dicts, so the web views can render them as HTML or return them as JSON
without touching Neo4j types. Detail functions return ``None`` when the id is unknown.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from typing import Any

import neo4j
from neo4j import RoutingControl

from kg.schema import CLAIM_FULLTEXT, POST_FULLTEXT

STANCE_KIND = "CASE WHEN s:Agreement THEN 'agreement' ELSE 'disagreement' END"
LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')


def rows(driver: neo4j.Driver, query: str, *, database: str, **params: Any) -> list[dict]:
    """Run one read query and return its records as dicts."""
    return driver.execute_query(
        query, params, database_=database, routing_=RoutingControl.READ,
        result_transformer_=neo4j.Result.data,
    )


# -- one thread ----------------------------------------------------------------------------

THREAD = """
MATCH (t:Thread {id: $thread_id})
RETURN t.id AS id, t.title AS title, t.source AS source, t.url AS url, t.site AS site,
       t.published AS published
"""

THREAD_POSTS = """
MATCH (p:Post)-[:PART_OF]->(:Thread {id: $thread_id})
OPTIONAL MATCH (a:Author)-[:WROTE]->(p)
OPTIONAL MATCH (p)-[:REPLIES_TO]->(parent:Post)
WITH p, parent, collect(a)[0] AS a
RETURN p.id AS id, p.index AS index, p.kind AS kind, p.text AS text, p.depth AS depth,
       a.id AS author, a.name AS author_name, parent.id AS reply_to,
       COUNT { (:Post)-[:REPLIES_TO]->(p) } AS replies_received
ORDER BY p.index
"""

THREAD_CLAIMS = """
MATCH (:Thread {id: $thread_id})<-[:PART_OF]-(p:Post)-[:MAKES]->(c:Claim)
RETURN c.id AS id, p.id AS post, c.text AS text, c.start AS start, c.end AS end,
       coalesce(c.question, false) AS question,
       [(c)-[:ABOUT]->(tp:Topic) | tp.id] AS topics,
       [(c)-[:TAKES]->(pos:Position) | pos.id] AS positions
ORDER BY p.index, c.start, c.id
"""

THREAD_STANCES = f"""
MATCH (:Thread {{id: $thread_id}})<-[:PART_OF]-(src:Post)-[:EXPRESSES]->(s)-[:TOWARDS]->(dst:Post)
WHERE s:Agreement OR s:Disagreement
OPTIONAL MATCH (s)-[:GROUNDED_IN]->(g:Claim)
OPTIONAL MATCH (s)-[:ON]->(o:Claim)
OPTIONAL MATCH (s)-[:ABOUT]->(tp:Topic)
WITH s, src, dst, collect(g.id)[0] AS from_claim, collect(o.id)[0] AS to_claim,
     collect(tp.id)[0] AS topic
RETURN s.id AS id, {STANCE_KIND} AS kind, coalesce(s.partial, false) AS partial,
       src.id AS from_post, dst.id AS to_post, from_claim, to_claim, topic,
       s.cue AS cue, s.confidence AS confidence, s.method AS method
ORDER BY src.index, s.id
"""

THREAD_TOPICS = """
MATCH (:Thread {id: $thread_id})<-[:PART_OF]-(:Post)-[:MAKES]->(:Claim)-[:ABOUT]->(tp:Topic)
RETURN tp.id AS id, tp.name AS name, count(*) AS claims
ORDER BY claims DESC, tp.name
"""


THREAD_VERSION = "MATCH (t:Thread {id: $thread_id}) RETURN t.content_hash AS version"


class ThreadCache:
    """Recently read threads, keyed by their content hash.

    A thread's posts, claims and stances change only when the thread is re-ingested, which
    changes its hash; so one cheap query decides whether a large thread must be read again.
    """

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, str, str], dict] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str, str]) -> dict | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple[str, str, str], value: dict) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


def thread_detail(driver: neo4j.Driver, thread_id: str, *, database: str,
                  cache: ThreadCache | None = None) -> dict | None:
    """A thread with its posts, claims, stances and topics, or None when it is not in the graph.

    With a ``cache``, a thread read before and unchanged since is not read again; the caller
    gets a shallow copy, so it may add keys but must not change the lists inside.
    """
    if cache is None:
        return _read_thread(driver, thread_id, database=database)
    version = rows(driver, THREAD_VERSION, database=database, thread_id=thread_id)
    if not version:
        return None
    key = (database, thread_id, version[0]["version"] or "")
    found = cache.get(key) if key[2] else None
    if found is None:
        found = _read_thread(driver, thread_id, database=database)
        if found is None:
            return None
        if key[2]:
            cache.put(key, found)
    return dict(found)


def _read_thread(driver: neo4j.Driver, thread_id: str, *, database: str) -> dict | None:
    found = rows(driver, THREAD, database=database, thread_id=thread_id)
    if not found:
        return None
    posts = rows(driver, THREAD_POSTS, database=database, thread_id=thread_id)
    authors: dict[str, dict] = {}
    for post in posts:
        if post["author"] is not None:
            entry = authors.setdefault(post["author"], {
                "id": post["author"], "name": post["author_name"], "posts": 0})
            entry["posts"] += 1
    return {
        "thread": found[0],
        "posts": posts,
        "claims": rows(driver, THREAD_CLAIMS, database=database, thread_id=thread_id),
        "stances": rows(driver, THREAD_STANCES, database=database, thread_id=thread_id),
        "topics": rows(driver, THREAD_TOPICS, database=database, thread_id=thread_id),
        "authors": sorted(authors.values(), key=lambda a: (-a["posts"], a["name"] or "")),
    }


# -- one topic -----------------------------------------------------------------------------

TOPIC = "MATCH (tp:Topic {id: $topic_id}) RETURN tp.id AS id, tp.name AS name"

TOPIC_POSITIONS = """
MATCH (pos:Position)-[:ON]->(:Topic {id: $topic_id})
RETURN pos.id AS id, pos.label AS label
ORDER BY pos.id
"""

TOPIC_CLAIMS = """
MATCH (c:Claim)-[:ABOUT]->(tp:Topic {id: $topic_id})
MATCH (p:Post)-[:MAKES]->(c)
MATCH (p)-[:PART_OF]->(t:Thread)
OPTIONAL MATCH (a:Author)-[:WROTE]->(p)
OPTIONAL MATCH (c)-[:TAKES]->(pos:Position)-[:ON]->(tp)
WITH c, p, t, collect(a)[0] AS a, collect(pos.id)[0] AS position
RETURN c.id AS id, c.text AS text, p.id AS post, p.index AS post_index, t.id AS thread,
       t.title AS thread_title, t.url AS url, a.id AS author, a.name AS author_name, position
ORDER BY t.title, p.index, c.start, c.id
"""

TOPIC_CROSSINGS = """
MATCH (src:Post)-[:EXPRESSES]->(s:Disagreement)-[:TOWARDS]->(dst:Post)
OPTIONAL MATCH (s)-[:GROUNDED_IN]->(g:Claim)
OPTIONAL MATCH (s)-[:ON]->(o:Claim)
MATCH (src)-[:MAKES]->(c1:Claim)-[:TAKES]->(p1:Position)-[:ON]->(tp:Topic {id: $topic_id})
WHERE g IS NULL OR c1 = g
MATCH (dst)-[:MAKES]->(c2:Claim)-[:TAKES]->(p2:Position)-[:ON]->(tp)
WHERE (o IS NULL OR c2 = o) AND p1 <> p2
WITH s, src, dst, p1, p2, min(c1.id) AS from_claim, min(c2.id) AS to_claim
OPTIONAL MATCH (a1:Author)-[:WROTE]->(src)
OPTIONAL MATCH (a2:Author)-[:WROTE]->(dst)
MATCH (src)-[:PART_OF]->(t:Thread)
RETURN s.id AS id, coalesce(s.partial, false) AS partial, s.cue AS cue, t.id AS thread,
       src.id AS from_post, dst.id AS to_post, from_claim, to_claim,
       p1.id AS from_position, p2.id AS to_position,
       a1.id AS from_author, a1.name AS from_author_name,
       a2.id AS to_author, a2.name AS to_author_name
ORDER BY t.id, src.index, s.id
"""


def topic_detail(driver: neo4j.Driver, topic_id: str, *, database: str) -> dict | None:
    """A topic's positions with their claims, and the disagreements that cross between them."""
    found = rows(driver, TOPIC, database=database, topic_id=topic_id)
    if not found:
        return None
    positions = rows(driver, TOPIC_POSITIONS, database=database, topic_id=topic_id)
    claims = rows(driver, TOPIC_CLAIMS, database=database, topic_id=topic_id)
    for position in positions:
        position["claims"] = [c for c in claims if c["position"] == position["id"]]
        position["authors"] = sorted({c["author_name"] for c in position["claims"]
                                      if c["author_name"]})
    return {
        "topic": found[0],
        "positions": positions,
        "unassigned": [c for c in claims if c["position"] is None],
        "crossings": rows(driver, TOPIC_CROSSINGS, database=database, topic_id=topic_id),
    }


# -- one author ----------------------------------------------------------------------------

AUTHOR = "MATCH (a:Author {id: $author_id}) RETURN a.id AS id, a.name AS name, a.aliases AS aliases"

AUTHOR_POSTS = """
MATCH (:Author {id: $author_id})-[:WROTE]->(p:Post)-[:PART_OF]->(t:Thread)
RETURN p.id AS id, p.index AS index, p.kind AS kind, p.text AS text, t.id AS thread,
       t.title AS thread_title,
       [(p)-[:MAKES]->(c:Claim) | {id: c.id, text: c.text}] AS claims
ORDER BY t.title, p.index
"""

AUTHOR_RELATIONS = """
MATCH (a:Author {id: $author_id})-[:WROTE]->(:Post)-[:EXPRESSES|TOWARDS]-(s)
      -[:EXPRESSES|TOWARDS]-(:Post)<-[:WROTE]-(b:Author)
WHERE a <> b AND (s:Agreement OR s:Disagreement)
WITH b, sum(CASE WHEN s:Agreement THEN 1 ELSE 0 END) AS agreements,
     sum(CASE WHEN s:Disagreement THEN 1 ELSE 0 END) AS disagreements
RETURN b.id AS id, b.name AS name, agreements, disagreements
ORDER BY agreements + disagreements DESC, b.name
"""


def author_detail(driver: neo4j.Driver, author_id: str, *, database: str) -> dict | None:
    """An author's posts and claims, allies and opponents with counts."""
    found = rows(driver, AUTHOR, database=database, author_id=author_id)
    if not found:
        return None
    relations = rows(driver, AUTHOR_RELATIONS, database=database, author_id=author_id)
    allies = sorted((r for r in relations if r["agreements"]),
                    key=lambda r: (-r["agreements"], r["name"]))
    opponents = sorted((r for r in relations if r["disagreements"]),
                       key=lambda r: (-r["disagreements"], r["name"]))
    return {
        "author": found[0],
        "posts": rows(driver, AUTHOR_POSTS, database=database, author_id=author_id),
        "allies": allies,
        "opponents": opponents,
    }


# -- corpus-wide graphs --------------------------------------------------------------------

AUTHOR_NODES = """
MATCH (a:Author)
WITH a, COUNT { (a)-[:WROTE]->(:Post) } AS posts
WHERE posts > 0
RETURN a.id AS id, a.name AS name, posts
ORDER BY posts DESC, a.name
LIMIT $limit
"""

AUTHOR_EDGES = """
MATCH (a:Author)-[:WROTE]->(:Post)-[:EXPRESSES]->(s)-[:TOWARDS]->(:Post)<-[:WROTE]-(b:Author)
WHERE a <> b AND (s:Agreement OR s:Disagreement) AND a.id IN $ids AND b.id IN $ids
WITH a, b, sum(CASE WHEN s:Agreement THEN 1 ELSE 0 END) AS agreements,
     sum(CASE WHEN s:Disagreement THEN 1 ELSE 0 END) AS disagreements
RETURN a.id AS source, b.id AS target, agreements, disagreements
ORDER BY source, target
"""


def author_network(driver: neo4j.Driver, *, database: str, limit: int = 300) -> dict:
    """Who agreed and disagreed with whom, across all threads (the most active authors first)."""
    nodes = rows(driver, AUTHOR_NODES, database=database, limit=limit)
    ids = [n["id"] for n in nodes]
    return {"authors": nodes, "edges": rows(driver, AUTHOR_EDGES, database=database, ids=ids)}


TOPIC_NODES = """
MATCH (tp:Topic)<-[:ABOUT]-(c:Claim)
RETURN tp.id AS id, tp.name AS name, count(c) AS claims
ORDER BY claims DESC, name
"""

TOPIC_CLAIM_NODES = """
MATCH (tp:Topic)<-[:ABOUT]-(c:Claim)<-[:MAKES]-(p:Post)
OPTIONAL MATCH (a:Author)-[:WROTE]->(p)
WITH c, p, collect(DISTINCT tp.id) AS topics, collect(a)[0] AS a
WITH c, p, topics, a, COUNT { (c)<-[:ON|GROUNDED_IN]-() } AS stances
RETURN c.id AS id, c.text AS text, p.id AS post, a.name AS author_name, topics, stances
ORDER BY stances DESC, c.id
LIMIT $limit
"""

CLAIM_STANCES = f"""
MATCH (g:Claim)<-[:GROUNDED_IN]-(s)-[:ON]->(o:Claim)
WHERE (s:Agreement OR s:Disagreement) AND g.id IN $ids AND o.id IN $ids
RETURN s.id AS id, {STANCE_KIND} AS kind, coalesce(s.partial, false) AS partial,
       g.id AS source, o.id AS target
ORDER BY id
"""


def topic_claim_graph(driver: neo4j.Driver, *, database: str, limit: int = 300) -> dict:
    """Topics and the claims about them, with the stances that link claim to claim."""
    claims = rows(driver, TOPIC_CLAIM_NODES, database=database, limit=limit)
    ids = [c["id"] for c in claims]
    return {
        "topics": rows(driver, TOPIC_NODES, database=database),
        "claims": claims,
        "stances": rows(driver, CLAIM_STANCES, database=database, ids=ids),
    }


# -- search --------------------------------------------------------------------------------

SEARCH = """
CALL db.index.fulltext.queryNodes($index, $terms, {limit: $limit}) YIELD node, score
OPTIONAL MATCH (node)<-[:MAKES]-(maker:Post)
WITH node, score, CASE WHEN node:Post THEN node ELSE maker END AS p
OPTIONAL MATCH (p)-[:PART_OF]->(t:Thread)
OPTIONAL MATCH (a:Author)-[:WROTE]->(p)
WITH node, score, p, t, collect(a)[0] AS a
RETURN CASE WHEN node:Claim THEN 'claim' ELSE 'post' END AS kind, node.id AS id,
       node.text AS text, round(score, 3) AS score, p.id AS post, t.id AS thread,
       t.title AS thread_title, a.id AS author, a.name AS author_name
ORDER BY score DESC, id
"""


def search_terms(q: str) -> list[str]:
    """The words of a query, for the index and for highlighting."""
    return [w for w in re.findall(r"\w+", q.lower()) if len(w) > 1][:12]


def search(driver: neo4j.Driver, q: str, *, database: str, limit: int = 50) -> dict:
    """Full-text search over claims and posts; the query is taken as plain words, not Lucene."""
    terms = search_terms(q)
    if not terms:
        return {"q": q, "terms": [], "results": []}
    lucene = " ".join(LUCENE_SPECIAL.sub(r"\\\1", t) for t in terms)
    found = [hit for index in (CLAIM_FULLTEXT, POST_FULLTEXT)
             for hit in rows(driver, SEARCH, database=database, index=index, terms=lucene,
                             limit=limit)]
    found = sorted(found, key=lambda h: (-h["score"], h["id"]))[:limit]
    for hit in found:
        hit.update(snippet(hit.pop("text") or "", terms))
    return {"q": q, "terms": terms, "results": found}


def snippet(text: str, terms: list[str], width: int = 240) -> dict:
    """A window of ``text`` around the first match, with the character ranges of every match."""
    pattern = re.compile(r"\b(" + "|".join(re.escape(t) for t in terms) + r")\w*", re.I)
    first = pattern.search(text)
    start = 0 if first is None else max(0, first.start() - width // 3)
    window = text[start:start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    shown = prefix + window + suffix
    marks = [[m.start() + len(prefix), m.end() + len(prefix)] for m in pattern.finditer(window)]
    return {"snippet": shown, "marks": marks}
