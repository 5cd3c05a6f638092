"""kg.load against a real Neo4j: complete, idempotent, stale parts removed, counters reported."""

from __future__ import annotations

import neo4j

from kg.load import load_bundle, load_bundles
from kg.models import Author
from kg.rows import packed_rows
from kg.stats import count_graph
from tests.kg.bundles import make_bundle


def test_first_load_creates_exactly_the_bundle(graph: neo4j.Driver, database: str) -> None:
    bundle = make_bundle()
    summary = load_bundle(graph, bundle, database=database)
    counts = count_graph(graph, database=database)
    assert counts["nodes"] == {"Thread": 1, "Post": 4, "Author": 3, "Claim": 6, "Topic": 2,
                               "Stance": 3, "Agreement": 1, "Disagreement": 2}
    assert counts["relationships"] == {
        "PART_OF": 4, "WROTE": 4, "REPLIES_TO": 3, "MENTIONS": 1, "MAKES": 6, "ABOUT": 8,
        "EXPRESSES": 3, "TOWARDS": 3, "ON": 1, "GROUNDED_IN": 1}
    assert dict(summary.nodes_created) == {"Thread": 1, "Post": 4, "Author": 3, "Claim": 6,
                                           "Topic": 2, "Agreement": 1, "Disagreement": 2}
    assert sum(summary.relationships_created.values()) == 34
    assert not +summary.nodes_deleted


def test_second_load_of_same_thread_changes_nothing(graph: neo4j.Driver, database: str) -> None:
    load_bundle(graph, make_bundle(), database=database)
    before = count_graph(graph, database=database)
    again = load_bundle(graph, make_bundle(), database=database)
    assert not again.changed_structure
    assert count_graph(graph, database=database) == before


def test_changed_thread_replaces_stale_parts(graph: neo4j.Driver, database: str) -> None:
    load_bundle(graph, make_bundle(extra_comment=True), database=database)
    summary = load_bundle(graph, make_bundle(), database=database)
    assert summary.nodes_deleted["Post"] == 1
    assert summary.nodes_deleted["Author"] == 1  # Dee wrote only the removed post
    assert summary.nodes_deleted["Agreement"] == 1
    assert summary.relationships_deleted["WROTE"] == 1
    fresh_graph = count_graph(graph, database=database)
    load_bundle(graph, make_bundle("t-other"), database=database)  # a second thread
    load_bundle(graph, make_bundle("t-other"), database=database)
    both = count_graph(graph, database=database)
    assert both["nodes"]["Post"] == 2 * fresh_graph["nodes"]["Post"]
    assert both["nodes"]["Author"] == fresh_graph["nodes"]["Author"]  # people shared


def test_changed_relationship_is_moved_not_duplicated(graph: neo4j.Driver, database: str) -> None:
    bundle = make_bundle()
    load_bundle(graph, bundle, database=database)
    moved = bundle.model_copy(deep=True)
    moved.posts[3].reply_to = "t1:p2"
    summary = load_bundle(graph, moved, database=database)
    assert summary.relationships_deleted["REPLIES_TO"] == 1
    assert summary.relationships_created["REPLIES_TO"] == 1
    records, _, _ = graph.execute_query(
        "MATCH (:Post {id: 't1:p3'})-[:REPLIES_TO]->(p) RETURN collect(p.id) AS ids",
        database_=database)
    assert records[0]["ids"] == ["t1:p2"]


def test_stance_kind_change_swaps_label(graph: neo4j.Driver, database: str) -> None:
    bundle = make_bundle()
    load_bundle(graph, bundle, database=database)
    flipped = bundle.model_copy(deep=True)
    flipped.stances[1].kind = "disagreement"
    load_bundle(graph, flipped, database=database)
    records, _, _ = graph.execute_query(
        "MATCH (s:Stance {id: 't1:p2>p0:s0'}) RETURN labels(s) AS labels, s.kind AS kind",
        database_=database)
    assert sorted(records[0]["labels"]) == ["Disagreement", "Stance"]
    assert records[0]["kind"] == "disagreement"


def test_provenance_on_extracted_nodes(graph: neo4j.Driver, database: str) -> None:
    load_bundle(graph, make_bundle(), database=database)
    records, _, _ = graph.execute_query(
        "MATCH (n) WHERE n:Post OR n:Claim OR n:Stance "
        "RETURN count(n) AS n, count(n.source) AS sourced, count(n.extractor_version) AS v",
        database_=database)
    row = records[0]
    assert row["n"] == row["sourced"] == row["v"] == 13
    wrote, _, _ = graph.execute_query(
        "MATCH (:Author)-[w:WROTE]->(:Post) RETURN DISTINCT w.method AS m, w.confidence AS c",
        database_=database)
    assert [(r["m"], r["c"]) for r in wrote] == [("signature", 0.9)]


def test_hostile_text_is_stored_verbatim(graph: neo4j.Driver, database: str) -> None:
    bundle = make_bundle()
    evil = "'}) MATCH (n) DETACH DELETE n //<script>alert(1)</script>\x07"
    bundle.posts[2].text = evil
    load_bundle(graph, bundle, database=database)
    records, _, _ = graph.execute_query("MATCH (p:Post {id: 't1:p2'}) RETURN p.text AS t",
                                        database_=database)
    assert records[0]["t"] == evil
    assert count_graph(graph, database=database)["nodes"]["Post"] == 4


def test_small_threads_share_a_transaction_and_match_one_by_one(graph: neo4j.Driver,
                                                                 database: str) -> None:
    ids = ["t1", "t2", "t3"]
    groups = list(load_bundles(graph, (make_bundle(t) for t in ids), database=database))
    assert [[r.thread_id for r in g.loaded] for g in groups] == [ids]
    assert groups[0].summary.nodes_created["Thread"] == 3
    grouped = count_graph(graph, database=database)
    graph.execute_query("MATCH (n) DETACH DELETE n", database_=database)
    for t in ids:
        load_bundle(graph, make_bundle(t), database=database)
    assert count_graph(graph, database=database) == grouped
    threads, _, _ = graph.execute_query("MATCH (a:Author {id: 'author:ada'}) RETURN a.threads",
                                        database_=database)
    assert threads[0][0] == ids


def test_packed_threads_load_as_their_bundles_do(graph: neo4j.Driver, database: str) -> None:
    """Threads packed on an extraction worker: the same graph, and a refused one still alone."""
    bad = make_bundle("t2")
    bad.authors[0] = Author(id="author:ada", name="x" * 40_000)  # too large for the name index
    groups = list(load_bundles(graph, [packed_rows(b) for b in (make_bundle("t1"), bad,
                                                                  make_bundle("t3"))],
                               database=database))
    assert [r.thread_id for g in groups for r in g.loaded] == ["t1", "t3"]
    assert [r.thread_id for g in groups for r, _ in g.failed] == ["t2"]
    packed = count_graph(graph, database=database)
    graph.execute_query("MATCH (n) DETACH DELETE n", database_=database)
    list(load_bundles(graph, [make_bundle("t1"), make_bundle("t3")], database=database))
    assert count_graph(graph, database=database) == packed


def test_groups_close_at_the_row_budget(graph: neo4j.Driver, database: str) -> None:
    groups = list(load_bundles(graph, (make_bundle(t) for t in ["t1", "t2", "t3"]),
                               database=database, group_rows=1))
    assert [[r.thread_id for r in g.loaded] for g in groups] == [["t1"], ["t2"], ["t3"]]


def test_a_refused_thread_leaves_the_rest_of_its_group_in(graph: neo4j.Driver,
                                                          database: str) -> None:
    bad = make_bundle("t2")
    bad.authors[0] = Author(id="author:ada", name="x" * 40_000)  # too large for the name index
    groups = list(load_bundles(graph, [make_bundle("t1"), bad, make_bundle("t3")],
                               database=database))
    loaded = [r.thread_id for g in groups for r in g.loaded]
    failed = [(r.thread_id, message) for g in groups for r, message in g.failed]
    assert loaded == ["t1", "t3"]
    assert [t for t, _ in failed] == ["t2"] and "too large" in failed[0][1]
    assert "\n" not in failed[0][1]
    stored, _, _ = graph.execute_query("MATCH (t:Thread) RETURN t.id ORDER BY t.id",
                                       database_=database)
    assert [r[0] for r in stored] == ["t1", "t3"]
    names, _, _ = graph.execute_query("MATCH (a:Author {id: 'author:ada'}) RETURN a.name",
                                      database_=database)
    assert names[0][0] == "Ada Park"


def test_the_next_threads_are_read_while_a_group_is_written(graph: neo4j.Driver,
                                                            database: str) -> None:
    pulled: list[str] = []

    def bundles():
        for t in ["t1", "t2", "t3"]:
            pulled.append(t)
            yield make_bundle(t)

    groups = load_bundles(graph, bundles(), database=database, group_rows=1)
    first = next(groups)
    assert [r.thread_id for r in first.loaded] == ["t1"]
    assert pulled == ["t1", "t2", "t3"]  # read ahead before the first group was handed back
    assert [r.thread_id for g in groups for r in g.loaded] == ["t2", "t3"]


def test_a_caller_stopping_early_leaves_only_whole_threads(graph: neo4j.Driver,
                                                            database: str) -> None:
    groups = load_bundles(graph, (make_bundle(t) for t in ["t1", "t2", "t3"]),
                          database=database, group_rows=1)
    next(groups)
    groups.close()
    records, _, _ = graph.execute_query(
        "MATCH (t:Thread) RETURN t.id AS id, COUNT { (t)<-[:PART_OF]-(:Post) } AS posts "
        "ORDER BY id", database_=database)
    stored = {r["id"]: r["posts"] for r in records}
    assert stored.get("t1") == 4 and "t3" not in stored  # t2 is whole if it is there at all
    assert set(stored.values()) == {4}


def test_a_new_thread_reusing_another_threads_ids_is_refused(graph: neo4j.Driver,
                                                             database: str) -> None:
    load_bundle(graph, make_bundle("t1"), database=database)
    thief = make_bundle("t1")
    thief.thread.id = "t2"  # same post and claim ids as t1, under another thread
    groups = list(load_bundles(graph, [thief], database=database))
    [(bundle, message)] = [f for g in groups for f in g.failed]
    assert bundle.thread_id == "t2" and "already exists" in message
    owners, _, _ = graph.execute_query("MATCH (c:Claim) RETURN DISTINCT c.thread_id",
                                       database_=database)
    assert [r[0] for r in owners] == ["t1"]


def test_authors_and_topics_come_out_as_if_threads_were_written_one_by_one(
        graph: neo4j.Driver, database: str) -> None:
    def bundles():
        renamed = make_bundle("t2")
        renamed.authors[2] = Author(id="author:cy", name="Cy M.", aliases=["C. Moss", "Cy"])
        return [make_bundle("t1"), renamed, make_bundle("t3")]

    query = ("MATCH (n) WHERE n:Author OR n:Topic "
             "RETURN n.id AS id, n.name AS name, n.aliases AS aliases, n.threads AS threads "
             "ORDER BY id")
    list(load_bundles(graph, bundles(), database=database))
    grouped = graph.execute_query(query, database_=database).records
    graph.execute_query("MATCH (n) DETACH DELETE n", database_=database)
    for bundle in bundles():
        load_bundle(graph, bundle, database=database)
    cy = [r for r in grouped if r["id"] == "author:cy"][0]
    assert cy["name"] == "Cy Moss" and cy["aliases"] == ["C. Moss", "Cy"]
    assert cy["threads"] == ["t1", "t2", "t3"]
    assert graph.execute_query(query, database_=database).records == grouped
