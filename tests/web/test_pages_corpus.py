"""Every route and its JSON twin over the sample corpus, ingested by the real pipeline.

Counts are compared with what the pipeline extracted (so the read path is checked exactly
without freezing the extractor's numbers); names and sides are the corpus's known debates.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient

pytestmark = pytest.mark.usefixtures("corpus_graph")

THREAD = "000_72d4a851b8b20431"
BIG_THREAD = "003_42ea940ef7104edc"


@pytest.fixture(scope="module")
def extracted(corpus_dir: Path) -> dict:
    from ingest.pipeline import extract

    return {b.thread.id: b for b in extract(*sorted(corpus_dir.glob("*.txt")))}


def test_index_counts_match_the_extraction(client: FlaskClient, extracted: dict) -> None:
    threads = {t["id"]: t for t in client.get("/index.json").get_json()["threads"]}
    assert set(extracted) <= set(threads)
    for thread_id, bundle in extracted.items():
        row = threads[thread_id]
        assert row["title"] == bundle.thread.title
        assert row["posts"] == len(bundle.posts)
        assert row["claims"] == len(bundle.claims)
        kinds = [s.kind for s in bundle.stances]
        assert (row["agreements"], row["disagreements"]) == (
            kinds.count("agreement"), kinds.count("disagreement"))
    assert threads[THREAD]["title"] == "What are the skills of a CEM Leader?"
    html = client.get("/").get_data(as_text=True)
    assert "What are the skills of a CEM Leader?" in html and "Shaun Smith" in html


# The overview's questions asked the plain way (every path walked); its cheaper queries must
# give the same rows, ties at the last place included.
PLAIN_TOPICS = """
MATCH (tp:Topic)
WITH tp,
     COUNT { (tp)<-[:ABOUT]-(:Claim) } AS claims,
     COUNT { (tp)<-[:ABOUT]-(:Agreement) } AS agreements,
     COUNT { (tp)<-[:ABOUT]-(:Disagreement) } AS disagreements,
     COUNT { (tp)<-[:ON]-(:Position) } AS positions,
     COUNT { MATCH (tp)<-[:ABOUT]-(:Claim)<-[:MAKES]-(:Post)-[:PART_OF]->(t:Thread)
             RETURN DISTINCT t } AS threads
WHERE claims > 0 OR agreements > 0 OR disagreements > 0
RETURN tp.id AS id, tp.name AS name, claims, agreements, disagreements, positions, threads,
       CASE WHEN agreements + disagreements = 0 THEN 0.0
            ELSE round(toFloat(disagreements) / (agreements + disagreements), 3) END AS contested
ORDER BY disagreements DESC, contested DESC, claims DESC, tp.name
LIMIT $limit
"""
PLAIN_AUTHORS = """
MATCH (a:Author)
WITH a, COUNT { (a)-[:WROTE]->(:Post) } AS posts,
     COUNT { MATCH (a)-[:WROTE]->(:Post)-[:PART_OF]->(t:Thread) RETURN DISTINCT t } AS threads,
     COUNT { (a)-[:WROTE]->(:Post)-[:MAKES]->(:Claim) } AS claims
WHERE posts > 0
RETURN a.id AS id, a.name AS name, posts, threads, claims
ORDER BY posts DESC, claims DESC, a.name
LIMIT $limit
"""


@pytest.mark.parametrize("limit", [1, 2, 3, 5, 15, 1000])
def test_overview_rankings_match_the_plain_queries(corpus_graph, database: str,
                                                   limit: int) -> None:
    from kg import overview, read

    data = overview.corpus_overview(corpus_graph, database=database, limit=limit)
    assert data["topics"] == read.rows(corpus_graph, PLAIN_TOPICS, database=database, limit=limit)
    assert data["authors"] == read.rows(corpus_graph, PLAIN_AUTHORS, database=database,
                                        limit=limit)


def test_thread_page_and_twin(client: FlaskClient, extracted: dict) -> None:
    data = client.get(f"/threads/{THREAD}.json").get_json()
    bundle = extracted[THREAD]
    assert [p["text"] for p in data["posts"]] == [p.text for p in bundle.posts]
    names = {a.id: a.name for a in bundle.authors}
    assert [p["author_name"] for p in data["posts"]] == [names.get(p.author) for p in bundle.posts]
    assert {s["id"] for s in data["stances"]} == {s.id for s in bundle.stances}
    assert "Axel Schultze" in [a["name"] for a in data["authors"]]
    html = client.get(f"/threads/{THREAD}").get_data(as_text=True)
    assert 'id="graph-data"' in html and bundle.posts[1].text[:40] in html


def test_big_thread_graph_is_readable(client: FlaskClient) -> None:
    graph = client.get(f"/threads/{BIG_THREAD}.json").get_json()["graph"]
    assert graph["posts"] == 26 and graph["nodes"] < 100
    every = client.get(f"/threads/{BIG_THREAD}.json?claims=all").get_json()["graph"]
    assert every["claims"] > graph["claims"]


def test_topic_power_vs_influence_has_two_sides(client: FlaskClient) -> None:
    data = client.get("/topics/power-vs-influence.json").get_json()
    assert data["topic"]["name"] == "Power vs influence"
    sides = [set(p["authors"]) for p in data["positions"]]
    assert len(sides) == 2 and all(sides)
    assert any("Lior Arussy" in s for s in sides) and any("Axel Schultze" in s for s in sides)
    assert not any({"Lior Arussy", "Axel Schultze"} <= s for s in sides)
    pairs = {(x["from_author_name"], x["to_author_name"]) for x in data["crossings"]}
    assert ("Axel Schultze", "Lior Arussy") in pairs
    html = client.get("/topics/power-vs-influence").get_data(as_text=True)
    assert html.count('class="position"') == 2


def test_author_allies_and_opponents(client: FlaskClient) -> None:
    data = client.get("/authors/author:axel-schultze.json").get_json()
    assert "Lior Arussy" in {o["name"] for o in data["opponents"]}
    assert all(o["disagreements"] > 0 for o in data["opponents"])
    assert all(a["agreements"] > 0 for a in data["allies"])
    assert "Lior Arussy" in client.get("/authors/author:axel-schultze").get_data(as_text=True)


def test_graph_views(client: FlaskClient) -> None:
    authors = client.get("/graph.json").get_json()
    pairs = {(e["source"], e["target"]) for e in authors["edges"] if e["disagreements"]}
    assert ("author:axel-schultze", "author:lior-arussy") in pairs
    topics = client.get("/graph.json?view=topics").get_json()
    assert "power-vs-influence" in {t["id"] for t in topics["topics"]}
    assert client.get("/graph?view=topics").status_code == 200


def test_search(client: FlaskClient) -> None:
    data = client.get("/search.json?q=influence").get_json()
    assert data["results"]
    for hit in data["results"]:
        assert all(hit["snippet"][a:b].lower().startswith("influenc") for a, b in hit["marks"])
    assert "<mark>" in client.get("/search?q=influence").get_data(as_text=True)


def test_console_saved_queries_run_on_the_corpus(client: FlaskClient) -> None:
    listing = client.get("/cypher.json").get_json()["saved"]
    failures = {}
    for q in listing:
        result = client.get(f"/cypher.json?saved={q['name']}").get_json()
        if result["error"]:
            failures[q["name"]] = result["error"]
    assert failures == {}
    pairs = client.get("/cypher.json?saved=disagreeing_pairs").get_json()["result"]
    assert "Axel Schultze" in str(pairs["rows"]) and "Lior Arussy" in str(pairs["rows"])


def test_healthz(client: FlaskClient) -> None:
    assert client.get("/healthz").get_json()["status"] == "ok"


def test_exports_of_a_corpus_thread(client: FlaskClient, extracted: dict) -> None:
    aif = client.get(f"/export/aif/threads/{THREAD}")
    assert aif.status_code == 200
    texts = {n.get("text") for n in aif.get_json()["nodes"]}
    assert extracted[THREAD].claims[0].text in texts
