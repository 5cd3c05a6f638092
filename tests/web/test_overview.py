"""The corpus overview is cached by the graph's state: served again while nothing changed,
recomputed after a load, never older than its time bound."""

from __future__ import annotations

import neo4j
from flask.testing import FlaskClient

from kg import overview
from kg.load import load_bundle
from tests.web.bundles import DEMO, HOSTILE, demo_bundle, hostile_bundle
from tests.web.conftest import load


def test_overview_cache_serves_an_unchanged_graph_and_recomputes_after_a_load(
        graph: neo4j.Driver, database: str) -> None:
    load_bundle(graph, demo_bundle(), database=database)
    cache = overview.OverviewCache(max_age_s=600)
    first = overview.corpus_overview(graph, database=database, cache=cache)
    again = overview.corpus_overview(graph, database=database, cache=cache)
    assert again is not first and again["threads"] is first["threads"]
    assert [t["id"] for t in first["threads"]] == [DEMO]

    load(graph, database, [hostile_bundle()])  # another thread
    second = overview.corpus_overview(graph, database=database, cache=cache)
    assert {t["id"] for t in second["threads"]} == {DEMO, HOSTILE}
    assert second["totals"]["threads"] == 2 and second["topics"][0]["threads"] == 2

    retitled = demo_bundle()  # same counts, new content hash
    retitled.thread.title = "Is remote work here to stay?"
    load_bundle(graph, retitled, database=database)
    third = overview.corpus_overview(graph, database=database, cache=cache)
    assert "Is remote work here to stay?" in [t["title"] for t in third["threads"]]
    assert overview.corpus_overview(graph, database=database, cache=cache)["threads"] is third["threads"]


def test_overview_cache_expires(demo_graph: neo4j.Driver, database: str) -> None:
    cache = overview.OverviewCache(max_age_s=0)
    first = overview.corpus_overview(demo_graph, database=database, cache=cache)
    second = overview.corpus_overview(demo_graph, database=database, cache=cache)
    assert second["threads"] is not first["threads"] and second == first


def test_index_shows_a_thread_loaded_after_it_was_first_served(graph: neo4j.Driver, database: str,
                                                                client: FlaskClient) -> None:
    load(graph, database, [demo_bundle()])
    assert [t["id"] for t in client.get("/index.json").get_json()["threads"]] == [DEMO]
    load(graph, database, [hostile_bundle()])
    data = client.get("/index.json").get_json()
    assert {t["id"] for t in data["threads"]} == {DEMO, HOSTILE}
    assert "Hostile" in client.get("/").get_data(as_text=True)

