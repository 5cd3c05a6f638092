"""The corpus overview of the home page: totals, threads, the most contested topics and the
most active authors, cached while the graph is unchanged."""

from __future__ import annotations

import hashlib
import json
import threading
import time

import neo4j

from kg import schema as s
from kg.read import rows

THREADS = """
MATCH (t:Thread)
RETURN t.id AS id, t.title AS title, t.site AS site, t.url AS url, t.published AS published,
       t.source AS source,
       COUNT { (:Post)-[:PART_OF]->(t) } AS posts,
       COUNT { MATCH (a:Author)-[:WROTE]->(:Post)-[:PART_OF]->(t) RETURN DISTINCT a } AS authors,
       COUNT { (t)<-[:PART_OF]-(:Post)-[:MAKES]->(:Claim) } AS claims,
       COUNT { (t)<-[:PART_OF]-(:Post)-[:EXPRESSES]->(:Agreement) } AS agreements,
       COUNT { (t)<-[:PART_OF]-(:Post)-[:EXPRESSES]->(:Disagreement) } AS disagreements
ORDER BY t.title, t.id
"""

# Claims per topic are its ABOUT degree less the stances about it (only claims and stances are
# ABOUT a topic), so no claim is read; the stances are few and counted from their own side, and
# every topic joins them with nothing to count, so topics without stances are listed too.
# Threads, which do need every claim, are counted only for the topics shown.
TOPICS = """
CALL () {
  MATCH (s:Stance)-[:ABOUT]->(tp:Topic)
  RETURN tp, CASE WHEN s:Agreement THEN 1 ELSE 0 END AS agrees,
         CASE WHEN s:Disagreement THEN 1 ELSE 0 END AS disagrees
  UNION ALL
  MATCH (tp:Topic) RETURN tp, 0 AS agrees, 0 AS disagrees
}
WITH tp, sum(agrees) AS agreements, sum(disagrees) AS disagreements
WITH tp, agreements, disagreements,
     COUNT { (tp)<-[:ABOUT]-() } - agreements - disagreements AS claims,
     COUNT { (tp)<-[:ON]-() } AS positions
WHERE claims > 0 OR agreements > 0 OR disagreements > 0
WITH tp, claims, agreements, disagreements, positions,
     CASE WHEN agreements + disagreements = 0 THEN 0.0
          ELSE round(toFloat(disagreements) / (agreements + disagreements), 3) END AS contested
ORDER BY disagreements DESC, contested DESC, claims DESC, tp.name
LIMIT $limit
RETURN tp.id AS id, tp.name AS name, claims, agreements, disagreements, positions,
       COUNT { MATCH (tp)<-[:ABOUT]-(c:Claim) RETURN DISTINCT c.thread_id } AS threads, contested
"""

# Posts per author from the relationship counts; claims and threads only for the authors
# who can make the list (every author tied with the last place included).
AUTHORS = """
MATCH (a:Author)
WITH COUNT { (a)-[:WROTE]->() } AS posts
ORDER BY posts DESC
LIMIT $limit
WITH min(posts) AS cutoff
MATCH (a:Author)
WITH a, COUNT { (a)-[:WROTE]->() } AS posts, cutoff
WHERE posts > 0 AND posts >= cutoff
WITH a, posts,
     COUNT { MATCH (a)-[:WROTE]->(:Post)-[:PART_OF]->(t:Thread) RETURN DISTINCT t } AS threads,
     COUNT { (a)-[:WROTE]->(:Post)-[:MAKES]->(:Claim) } AS claims
RETURN a.id AS id, a.name AS name, posts, threads, claims
ORDER BY posts DESC, claims DESC, a.name
LIMIT $limit
"""

TOTALS = {"threads": s.THREAD, "posts": s.POST, "authors": s.AUTHOR, "claims": s.CLAIM,
          "agreements": s.AGREEMENT, "disagreements": s.DISAGREEMENT, "topics": s.TOPIC,
          "positions": s.POSITION}

# Everything the overview depends on, cheaply: node and relationship counts come from the
# count store, and a thread's content hash changes whenever a re-ingest changes it.
CORPUS_STATE = "\n".join([
    *(f"CALL () {{ MATCH (n:{label}) RETURN count(n) AS {key} }}" for key, label in TOTALS.items()),
    *(f"CALL () {{ MATCH ()-[r:{rel}]->() RETURN count(r) AS rel_{rel.lower()} }}"
      for rel in s.RELATIONSHIP_TYPES),
    f"CALL () {{ MATCH (t:{s.THREAD}) RETURN collect(t.content_hash) AS hashes }}",
    f"CALL () {{ MATCH (tp:{s.TOPIC}) RETURN collect([tp.id, COUNT {{ (tp)<-[:{s.ON}]-() }}]) "
    "AS positions_per_topic }",
    "RETURN *",
])


class OverviewCache:
    """The latest corpus overview per database and list length, while the graph is unchanged.

    The overview aggregates every thread, which takes seconds on a large graph; the state it
    is keyed by takes milliseconds and changes with every ingest. ``max_age_s`` bounds how
    long a change made behind the loader's back (which may keep the state) can go unseen.
    """

    def __init__(self, max_age_s: float = 300.0) -> None:
        self.max_age_s = max_age_s
        self._items: dict[tuple[str, int], tuple[str, float, dict]] = {}
        self._lock = threading.Lock()
        # One computation at a time: requests arriving together while it runs wait for its
        # result instead of each aggregating the whole graph again.
        self.computing = threading.Lock()

    def get(self, key: tuple[str, int], state: str) -> dict | None:
        with self._lock:
            found = self._items.get(key)
        if found is None or found[0] != state or time.monotonic() - found[1] > self.max_age_s:
            return None
        return found[2]

    def put(self, key: tuple[str, int], state: str, value: dict) -> None:
        if self.max_age_s > 0:
            with self._lock:
                self._items[key] = (state, time.monotonic(), value)


def corpus_overview(driver: neo4j.Driver, *, database: str, limit: int = 15,
                    cache: OverviewCache | None = None) -> dict:
    """Corpus totals, threads with their counts, the most contested topics, the most active authors.

    With a ``cache``, an overview computed since the last change to the graph is served again;
    the caller gets a shallow copy and must not change the lists inside.
    """
    # The state is read before the overview: a write landing in between makes the next
    # request see a new state and recompute, never keep a stale overview.
    state = rows(driver, CORPUS_STATE, database=database)[0]
    totals = {key: state[key] for key in TOTALS}
    if cache is None:
        return {"totals": totals, **_read_overview(driver, database=database, limit=limit)}
    key, digest = (database, limit), _digest(state)
    found = cache.get(key, digest)
    if found is None:
        with cache.computing:
            found = cache.get(key, digest)
            if found is None:
                found = _read_overview(driver, database=database, limit=limit)
                cache.put(key, digest, found)
    return {"totals": totals, **found}


def _digest(state: dict) -> str:
    """One string for the graph state: counts, thread hashes (in any order), positions."""
    canonical = {**state, "hashes": sorted(state["hashes"]),
                 "positions_per_topic": sorted(state["positions_per_topic"])}
    return hashlib.sha256(json.dumps(canonical, sort_keys=True).encode()).hexdigest()


def _read_overview(driver: neo4j.Driver, *, database: str, limit: int) -> dict:
    return {
        "threads": rows(driver, THREADS, database=database),
        "topics": rows(driver, TOPICS, database=database, limit=limit),
        "authors": rows(driver, AUTHORS, database=database, limit=limit),
    }
