"""Positions: the signed-graph split, pure and through the graph."""

from __future__ import annotations

import neo4j
import pytest

from kg import positions, positions_graph
from kg.load import finish_ingest, load_bundle
from kg.models import ThreadBundle
from kg.positions import ClaimInfo, Side, StanceInfo, split_topic
from tests.kg.bundles import make_bundle, random_bundles


def _claim(cid: str, author: str | None, topics: tuple[str, ...] = ("t",),
           question: bool = False) -> ClaimInfo:
    return ClaimInfo(cid, f"text of {cid}", f"post-{cid}", author, question, topics)


def _stance(sid: str, sign: int, a: str, b: str, weight: float = 1.0) -> StanceInfo:
    return StanceInfo(sid, sign, weight, f"post-{a}", f"post-{b}", a, b, "t")


def _sides(sides) -> set[frozenset[str]]:
    return {frozenset(x.claims) for x in sides}


def test_disagreement_separates_and_agreement_joins() -> None:
    claims = {c: _claim(c, c.upper()) for c in "abcd"}
    stances = [_stance("1", -1, "b", "a"), _stance("2", 1, "c", "a"), _stance("3", 1, "d", "b")]
    assert _sides(split_topic("t", claims, stances)) == {frozenset("ac"), frozenset("bd")}


def test_a_long_chain_of_disagreement_alternates_sides() -> None:
    ids = [f"c{i:05d}" for i in range(3000)]
    claims = {c: _claim(c, c) for c in ids}
    stances = [_stance(str(i), -1, ids[i + 1], ids[i]) for i in range(len(ids) - 1)]
    sides = _sides(split_topic("t", claims, stances))
    assert sides == {frozenset(ids[0::2]), frozenset(ids[1::2])}


def test_unbalanced_cycle_is_decided_by_the_stronger_edges() -> None:
    claims = {c: _claim(c, c.upper()) for c in "abc"}
    stances = [_stance("1", -1, "a", "b", 0.9), _stance("2", -1, "b", "c", 0.8),
               _stance("3", -1, "a", "c", 0.1)]  # three mutual enemies cannot be 2-coloured
    assert _sides(split_topic("t", claims, stances)) == {frozenset("ac"), frozenset("b")}


def test_claims_without_stances_stay_unassigned() -> None:
    claims = {c: _claim(c, c.upper()) for c in "abcz"}
    claims["y"] = _claim("y", "A")  # same author as a: joined weakly, placed with a
    stances = [_stance("1", -1, "a", "b")]
    sides = split_topic("t", claims, stances)
    assert _sides(sides) == {frozenset("ay"), frozenset("b")}
    assert all("z" not in x.claims and "c" not in x.claims for x in sides)


def test_post_level_stance_maps_onto_the_posts_topic_claims() -> None:
    claims = {"a1": ClaimInfo("a1", "x", "pa", "A", False, ("t",)),
              "a2": ClaimInfo("a2", "y", "pa", "A", False, ("u",)),
              "b1": ClaimInfo("b1", "z", "pb", "B", False, ("t",))}
    stance = StanceInfo("s", -1, 0.7, "pb", "pa", None, None, "t")
    assert _sides(split_topic("t", claims, [stance])) == {frozenset({"a1"}), frozenset({"b1"})}
    assert split_topic("u", claims, [stance]) == []


def test_label_is_the_most_central_claim() -> None:
    claims = {c: _claim(c, c.upper()) for c in "abc"}
    stances = [_stance("1", -1, "b", "a"), _stance("2", -1, "c", "a")]
    by_claims = {frozenset(x.claims): x for x in split_topic("t", claims, stances)}
    assert by_claims[frozenset("a")].label == "text of a"
    assert by_claims[frozenset("bc")].central in {"b", "c"}


def test_positions_in_the_graph(graph: neo4j.Driver, database: str) -> None:
    load_bundle(graph, make_bundle(), database=database)
    summary = finish_ingest(graph, database=database)
    assert summary.nodes_created["Position"] == 2
    records, _, _ = graph.execute_query(
        "MATCH (a:Author)-[:WROTE]->(:Post)-[:MAKES]->(:Claim)-[:TAKES]->(p:Position)"
        "-[:ON]->(:Topic {id: 'remote-work'}) "
        "RETURN p.id AS id, p.label AS label, collect(DISTINCT a.name) AS authors",
        database_=database)
    sides = {frozenset(r["authors"]) for r in records}
    assert sides == {frozenset({"Ada Park", "Cy Moss"}), frozenset({"Ben Ode"})}
    again = finish_ingest(graph, database=database)
    assert not again.changed_structure


def test_positions_go_when_their_topic_goes(graph: neo4j.Driver, database: str) -> None:
    load_bundle(graph, make_bundle(), database=database)
    finish_ingest(graph, database=database)
    bundle = make_bundle()  # the same thread, re-extracted without the topic
    for claim in bundle.claims:
        claim.topics = [t for t in claim.topics if t != "remote-work"]
    for stance in bundle.stances:
        stance.topic = None
    bundle.topics = [t for t in bundle.topics if t.id != "remote-work"]
    load_bundle(graph, bundle, database=database)
    summary = finish_ingest(graph, database=database)
    assert summary.nodes_deleted["Position"] >= 2
    records, _, _ = graph.execute_query(
        "MATCH (p:Position) RETURN p.topic_id AS topic, EXISTS { (p)-[:ON]->(:Topic) } AS on",
        database_=database)
    assert all(r["on"] and r["topic"] != "remote-work" for r in records)


def test_each_topic_is_split_on_its_own_claims(graph: neo4j.Driver, database: str) -> None:
    for thread in ("t1", "t2"):
        load_bundle(graph, make_bundle(thread), database=database)
    finish_ingest(graph, database=database)
    records, _, _ = graph.execute_query(
        "MATCH (c:Claim)-[:TAKES]->(p:Position)-[:ON]->(t:Topic) "
        "RETURN t.id AS topic, count(c) AS claims, "
        "count(CASE WHEN (c)-[:ABOUT]->(t) THEN 1 END) AS about", database_=database)
    assert records and all(r["claims"] == r["about"] for r in records)


def test_takes_are_written_in_batches_that_keep_every_claim() -> None:
    sides = [Side("t", [f"a{i}" for i in range(5)], "a0", "", "A"),
             Side("t", ["b0"], "b0", "", "B"),
             Side("t", [f"c{i}" for i in range(3)], "c0", "", "A")]
    batches = list(positions_graph._takes_batches(["pa", "pb", "pc"], sides, 3))
    assert all(sum(len(claims) for _, claims in batch) <= 3 for batch in batches)
    written = [(pid, c) for batch in batches for pid, claims in batch for c in claims]
    assert written == [(pid, c) for pid, x in zip(["pa", "pb", "pc"], sides, strict=True)
                       for c in x.claims]


def test_small_takes_batches_give_the_same_positions(graph: neo4j.Driver, database: str,
                                                     monkeypatch) -> None:
    query = ("MATCH (c:Claim)-[:TAKES]->(p:Position) RETURN c.id AS claim, p.id AS position "
             "ORDER BY claim")
    for thread in ("t1", "t2"):
        load_bundle(graph, make_bundle(thread), database=database)
    finish_ingest(graph, database=database)
    whole = graph.execute_query(query, database_=database).records
    graph.execute_query("MATCH (p:Position) DETACH DELETE p", database_=database)
    monkeypatch.setattr(positions_graph, "TAKES_BATCH", 1)
    finish_ingest(graph, database=database)
    assert whole and graph.execute_query(query, database_=database).records == whole


def test_a_stance_about_no_topic_counts_through_its_posts_claims(graph: neo4j.Driver,
                                                                 database: str) -> None:
    bundle = make_bundle()
    for stance in bundle.stances:
        stance.topic = None
        stance.from_claim = stance.to_claim = None
    load_bundle(graph, bundle, database=database)
    finish_ingest(graph, database=database)
    records, _, _ = graph.execute_query(
        "MATCH (a:Author)-[:WROTE]->(:Post)-[:MAKES]->(:Claim)-[:TAKES]->(p:Position)"
        "-[:ON]->(:Topic {id: 'remote-work'}) RETURN p.id AS id, collect(DISTINCT a.name) AS authors",
        database_=database)
    assert {frozenset(r["authors"]) for r in records} == {frozenset({"Ada Park", "Cy Moss"}),
                                                          frozenset({"Ben Ode"})}


def test_updating_positions_gives_what_computing_them_afresh_gives(graph: neo4j.Driver,
                                                                  database: str) -> None:
    query = ("MATCH (c:Claim)-[:TAKES]->(p:Position)-[:ON]->(t:Topic) "
             "RETURN c.id AS claim, p.id AS position, p.label AS label, t.id AS topic ORDER BY claim")
    load_bundle(graph, make_bundle("t1"), database=database)
    finish_ingest(graph, database=database)
    before = graph.execute_query(query, database_=database).records
    load_bundle(graph, make_bundle("t1", extra_comment=True), database=database)  # Dee joins Ben
    finish_ingest(graph, database=database)
    updated = graph.execute_query(query, database_=database).records
    graph.execute_query("MATCH (p:Position) DETACH DELETE p", database_=database)
    finish_ingest(graph, database=database)
    assert updated != before
    assert updated == graph.execute_query(query, database_=database).records


def _split_positions(bundles: list[ThreadBundle], more_authors: dict[str, str] | None = None,
                     ) -> set[tuple]:
    """Every topic split with every claim a vertex: what the graph's positions must be. A post
    with several authors counts as its least author's, as the graph's positions count it."""
    authors = {p.id: p.author for b in bundles for p in b.posts}
    for post, author in (more_authors or {}).items():
        authors[post] = min(x for x in (authors[post], author) if x is not None)
    claims = {c.id: ClaimInfo(c.id, c.text, c.post, authors[c.post], c.question, tuple(c.topics))
              for b in bundles for c in b.claims}
    stances = sorted((StanceInfo(x.id, 1 if x.kind == "agreement" else -1,
                                 x.confidence * (positions.PARTIAL_FACTOR if x.partial else 1.0),
                                 x.from_post, x.to_post, x.from_claim, x.to_claim, x.topic)
                      for b in bundles for x in b.stances), key=lambda x: x.id)
    topics = {t.id for b in bundles for t in b.topics}
    return {(positions_graph.position_id(x), x.side, x.label, len(x.claims), len(x.claims),
             frozenset(x.claims)) for t in topics for x in split_topic(t, claims, stances)}


def _graph_positions(graph: neo4j.Driver, database: str) -> set[tuple]:
    records, _, _ = graph.execute_query(
        "MATCH (p:Position) OPTIONAL MATCH (c:Claim)-[:TAKES]->(p) "
        "RETURN p.id AS id, p.side AS side, p.label AS label, p.size AS size, collect(c.id) AS claims",
        database_=database)
    return {(r["id"], r["side"], r["label"], r["size"], len(r["claims"]), frozenset(r["claims"]))
            for r in records}


def _followers(graph: neo4j.Driver, database: str) -> int:
    """Claims that follow their author's first one, over every topic of the graph."""
    with graph.session(database=database) as session:
        topics = session.run("MATCH (t:Topic) RETURN t.id AS id").value("id")
        graphs = [(t, positions_graph.read_topic(session, t)) for t in topics]
    return sum(f.claims for t, g in graphs
               for x in positions.split_graph(t, g.claims, g.stances) for f in x.followers)


def _second_author(graph: neo4j.Driver, database: str, posts: list[str]) -> dict[str, str]:
    """Give ``posts`` a second author (not what the extractor makes, but what a graph may hold)."""
    graph.execute_query("UNWIND $posts AS id MATCH (p:Post {id: id}), (a:Author {id: 'author:0'}) "
                        "MERGE (a)-[:WROTE]->(p)", posts=posts, database_=database)
    return dict.fromkeys(posts, "author:0")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_graphs_positions_are_the_split_of_all_claims(graph: neo4j.Driver, database: str,
                                                          seed: int) -> None:
    """The positions step holds as vertices only the claims a stance reaches and each author's
    first other claim; the author's further claims follow that one. Computed afresh, after every
    thread changed (some posts with two authors), again with nothing changed, and once the
    stances are gone, the result must be the split that holds every claim as a vertex."""
    first, second = random_bundles(seed), random_bundles(seed + 100)
    for bundle in first:
        load_bundle(graph, bundle, database=database)
    finish_ingest(graph, database=database)
    assert _graph_positions(graph, database) == _split_positions(first) != set()
    assert _followers(graph, database) > 0  # the case this test is about did arise
    for bundle in second:
        load_bundle(graph, bundle, database=database)
    more = _second_author(graph, database, [p.id for b in second for p in b.posts[1::4]])
    finish_ingest(graph, database=database)
    assert _graph_positions(graph, database) == _split_positions(second, more) != set()
    assert not positions_graph.recompute_positions(graph, database=database).changed_structure
    for bundle in second:
        bundle.stances = []
        load_bundle(graph, bundle, database=database)
    finish_ingest(graph, database=database)
    assert _graph_positions(graph, database) == set()
