"""kg.read against a hand-made debate whose every count is known."""

from __future__ import annotations

import neo4j

from kg import overview, read
from tests.web.bundles import DEMO, HOSTILE, PAYLOAD_SCRIPT


def test_corpus_overview_counts_each_thread(demo_graph: neo4j.Driver, database: str) -> None:
    data = overview.corpus_overview(demo_graph, database=database)
    threads = {t["id"]: t for t in data["threads"]}
    assert set(threads) == {DEMO, HOSTILE}
    demo = threads[DEMO]
    assert (demo["posts"], demo["authors"], demo["claims"], demo["agreements"],
            demo["disagreements"]) == (6, 4, 5, 2, 3)
    assert demo["title"] == "Is remote work the future?"
    top = data["topics"][0]
    assert top["id"] == "remote-work"
    assert (top["disagreements"], top["agreements"], top["threads"]) == (3, 1, 2)
    assert [a["name"] for a in data["authors"][:2]] == ["Ada Writer", "Ben Critic"]
    totals = dict(data["totals"])
    assert totals.pop("positions") >= 0  # computed by kg.positions, tested there
    assert totals == {"threads": 2, "posts": 8, "authors": 6, "claims": 7, "agreements": 2,
                      "disagreements": 4, "topics": 2}


def test_thread_detail_has_replies_claims_and_stances(demo_graph: neo4j.Driver,
                                                      database: str) -> None:
    data = read.thread_detail(demo_graph, DEMO, database=database)
    assert [p["index"] for p in data["posts"]] == [0, 1, 2, 3, 4, 5]
    article = data["posts"][0]
    assert (article["author_name"], article["replies_received"], article["reply_to"]) == (
        "Ada Writer", 2, None)
    assert data["posts"][3]["reply_to"] == f"{DEMO}:p1"
    partial = [s for s in data["stances"] if s["partial"]]
    assert [(s["kind"], s["from_post"], s["to_post"]) for s in partial] == [
        ("disagreement", f"{DEMO}:p4", f"{DEMO}:p2")]
    grounded = {s["from_claim"]: s["to_claim"] for s in data["stances"] if s["from_claim"]}
    assert grounded[f"{DEMO}:p3:c0"] == f"{DEMO}:p1:c0"
    assert {t["id"]: t["claims"] for t in data["topics"]} == {"remote-work": 5, "mentoring": 2}
    assert read.thread_detail(demo_graph, "no-such-thread", database=database) is None


def test_topic_detail_puts_opponents_on_different_positions(demo_graph: neo4j.Driver,
                                                            database: str) -> None:
    data = read.topic_detail(demo_graph, "mentoring", database=database)
    where = {c["text"]: p["id"] for p in data["positions"] for c in p["claims"]}
    ben, ada = "Remote work hurts mentoring of juniors.", "Mentoring works fine over video calls."
    assert where[ben] != where[ada]
    crossing = [x for x in data["crossings"] if x["from_author_name"] == "Ada Writer"]
    assert crossing and crossing[0]["to_author_name"] == "Ben Critic"
    assert read.topic_detail(demo_graph, "nothing", database=database) is None


def test_author_detail_counts_allies_and_opponents(demo_graph: neo4j.Driver,
                                                   database: str) -> None:
    ada = read.author_detail(demo_graph, "author:ada-writer", database=database)
    assert {(r["name"], r["agreements"]) for r in ada["allies"]} == {("Cora Ally", 1),
                                                                     ("Dan Quiet", 1)}
    assert [(r["name"], r["disagreements"]) for r in ada["opponents"]] == [("Ben Critic", 2)]
    assert [p["index"] for p in ada["posts"]] == [0, 3]


def test_search_finds_claims_and_posts_with_marks(demo_graph: neo4j.Driver,
                                                  database: str) -> None:
    data = read.search(demo_graph, "Mentoring video", database=database)
    assert data["terms"] == ["mentoring", "video"]
    ids = [r["id"] for r in data["results"]]
    assert f"{DEMO}:p3:c0" in ids and f"{DEMO}:p3" in ids
    hit = next(r for r in data["results"] if r["id"] == f"{DEMO}:p3:c0")
    assert hit["kind"] == "claim" and hit["author_name"] == "Ada Writer"
    assert [hit["snippet"][a:b] for a, b in hit["marks"]] == ["Mentoring", "video"]


def test_search_takes_hostile_input_as_words(demo_graph: neo4j.Driver, database: str) -> None:
    assert read.search(demo_graph, 'x" OR *:* AND (', database=database)["results"] == []
    found = read.search(demo_graph, PAYLOAD_SCRIPT, database=database)
    assert {r["thread"] for r in found["results"]} == {HOSTILE}


def test_networks(demo_graph: neo4j.Driver, database: str) -> None:
    net = read.author_network(demo_graph, database=database)
    pairs = {(e["source"], e["target"]): (e["agreements"], e["disagreements"]) for e in net["edges"]}
    assert pairs[("author:ben-critic", "author:ada-writer")] == (0, 1)
    assert pairs[("author:ada-writer", "author:ben-critic")] == (0, 1)
    assert pairs[("author:ben-critic", "author:cora-ally")] == (0, 1)
    topics = read.topic_claim_graph(demo_graph, database=database)
    assert {t["id"] for t in topics["topics"]} == {"remote-work", "mentoring"}
    kinds = sorted(s["kind"] for s in topics["stances"])
    assert kinds == ["agreement", "disagreement", "disagreement", "disagreement", "disagreement"]


def test_thread_cache_serves_an_unchanged_thread_and_rereads_a_changed_one(
        demo_graph: neo4j.Driver, database: str) -> None:
    from kg.load import load_bundle
    from tests.web.bundles import demo_bundle

    cache = read.ThreadCache(size=4)
    first = read.thread_detail(demo_graph, DEMO, database=database, cache=cache)
    load_bundle(demo_graph, demo_bundle(), database=database)  # unchanged: same content hash
    second = read.thread_detail(demo_graph, DEMO, database=database, cache=cache)
    assert second is not first and second["posts"] is first["posts"]

    changed = demo_bundle()
    changed.posts[1].text = "I now agree with this completely."
    load_bundle(demo_graph, changed, database=database)
    third = read.thread_detail(demo_graph, DEMO, database=database, cache=cache)
    assert third["posts"] is not first["posts"]
    assert third["posts"][1]["text"] == "I now agree with this completely."
    assert read.thread_detail(demo_graph, "no-such-thread", database=database, cache=cache) is None
