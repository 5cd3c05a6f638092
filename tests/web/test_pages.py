"""Every route and its JSON twin over the hand-made threads: exact values, escaping, downloads."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from flask.testing import FlaskClient
from lxml import etree

from tests.web.bundles import DEMO, HOSTILE, PAYLOAD_IMG, PAYLOAD_SCRIPT

pytestmark = pytest.mark.usefixtures("demo_graph")

PAGES = [f"/threads/{DEMO}", "/topics/remote-work", "/authors/author:ada-writer", "/graph",
         "/graph?view=topics", "/search?q=mentoring", "/cypher", "/"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_links_its_json_twin_and_loads_nothing_foreign(client: FlaskClient,
                                                                   url: str) -> None:
    page = client.get(url)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    tree = etree.HTML(html)
    twin = tree.xpath('//link[@rel="alternate" and @type="application/json"]/@href')
    assert len(twin) == 1
    assert client.get(twin[0]).is_json
    sources = tree.xpath("//script/@src | //link/@href | //img/@src")
    assert all(s.startswith("/") for s in sources), sources
    assert "cdn" not in html.lower() and "bootstrap" not in html.lower()
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert not tree.xpath("//script[not(@src) and not(@type='application/json')]")


def test_format_query_and_suffix_give_the_same_json(client: FlaskClient) -> None:
    by_suffix = client.get(f"/threads/{DEMO}.json").get_json()
    by_query = client.get(f"/threads/{DEMO}?format=json").get_json()
    assert by_suffix == by_query


def test_thread_json(client: FlaskClient) -> None:
    data = client.get(f"/threads/{DEMO}.json").get_json()
    assert data["thread"]["title"] == "Is remote work the future?"
    assert [a["name"] for a in data["authors"]] == ["Ada Writer", "Ben Critic", "Cora Ally",
                                                     "Dan Quiet"]
    assert data["graph"] == {"nodes": 11, "edges": 15, "posts": 6, "claims": 5,
                             "claims_folded": False, "grouped_posts": 0, "budget": 400}
    assert data["filters"] == {"topic": None, "stance": None, "author": None, "layout": "force",
                               "claims": "linked"}


def test_thread_filters_narrow_the_graph(client: FlaskClient) -> None:
    only = client.get(f"/threads/{DEMO}.json?stance=partial").get_json()["graph"]
    # one stance edge left, and only the two claims it links: 6 posts, 2 claims
    assert (only["nodes"], only["claims"]) == (8, 2)
    assert only["edges"] == 5 + 2 + 1
    topic = client.get(f"/threads/{DEMO}.json?topic=mentoring").get_json()
    assert topic["filters"]["topic"] == "mentoring"
    # the two mentoring claims, and the article that one of them attacks
    assert (topic["graph"]["posts"], topic["graph"]["claims"]) == (3, 2)
    dan = client.get(f"/threads/{DEMO}.json?author=author:dan-quiet").get_json()["graph"]
    assert dan["posts"] == 2


def test_thread_page_has_graph_text_view_and_legend(client: FlaskClient) -> None:
    tree = etree.HTML(client.get(f"/threads/{DEMO}").get_data(as_text=True))
    island = json.loads(tree.xpath('//script[@id="graph-data"]')[0].text)
    nodes = {n["id"]: n for n in island["nodes"]}
    assert nodes[f"{DEMO}:p0"]["shape"] == "square"
    assert nodes[f"{DEMO}:p0"]["size"] > nodes[f"{DEMO}:p5"]["size"]
    assert nodes[f"{DEMO}:p1"]["color"] == nodes[f"{DEMO}:p4"]["color"] != nodes[f"{DEMO}:p2"]["color"]
    stance_edges = [e for e in island["edges"] if e.get("kind") in ("agreement", "disagreement")]
    assert {(e["kind"], e["color"], e["dashes"]) for e in stance_edges} == {
        ("agreement", "#2e9e44", False), ("disagreement", "#d1352b", False),
        ("disagreement", "#d1352b", True)}
    anchors = set(tree.xpath('//section[@id="thread-text"]//@data-anchor'))
    assert {n["anchor"] for n in island["nodes"]} <= anchors
    legend = tree.xpath('//ul[contains(@class, "legend")]//li//text()')
    assert "Ada Writer" in legend and "partial (dashed)" in legend


def test_topic_json_and_print_layout(client: FlaskClient) -> None:
    data = client.get("/topics/mentoring.json").get_json()
    assert data["topic"] == {"id": "mentoring", "name": "mentoring"}
    sides = [sorted(p["authors"]) for p in data["positions"]]
    assert sorted(sides) == [["Ada Writer"], ["Ben Critic"]]
    quote = data["positions"][0]["claims"][0]
    assert set(quote) >= {"text", "author_name", "thread", "url", "post_index"}
    html = client.get("/topics/mentoring").get_data(as_text=True)
    assert "Remote work hurts mentoring of juniors." in html
    assert client.get("/static/app.css").get_data(as_text=True).count("@media print") == 1


def test_author_json(client: FlaskClient) -> None:
    data = client.get("/authors/author:ben-critic.json").get_json()
    assert data["author"]["name"] == "Ben Critic"
    assert [(o["name"], o["disagreements"]) for o in data["opponents"]] == [
        ("Ada Writer", 2), ("Cora Ally", 1)]
    assert data["allies"] == []


def test_graph_switch(client: FlaskClient) -> None:
    authors = client.get("/graph.json").get_json()
    assert authors["view"] == "authors"
    assert {a["name"] for a in authors["authors"]} >= {"Ada Writer", "Dan Quiet"}
    topics = client.get("/graph.json?view=topics").get_json()
    assert topics["view"] == "topics"
    assert [t["name"] for t in topics["topics"]][:1] == ["remote work"]


def test_search_highlights_terms(client: FlaskClient) -> None:
    data = client.get("/search.json?q=video").get_json()
    assert {r["id"] for r in data["results"]} == {f"{DEMO}:p3", f"{DEMO}:p3:c0", f"{DEMO}:p5"}
    html = client.get("/search?q=video").get_data(as_text=True)
    assert html.count("<mark>video</mark>") == 3


def test_index_json(client: FlaskClient) -> None:
    data = client.get("/index.json").get_json()
    demo = next(t for t in data["threads"] if t["id"] == DEMO)
    assert (demo["posts"], demo["claims"], demo["disagreements"]) == (6, 5, 3)
    assert data["totals"]["threads"] == len(data["threads"]) == 2
    assert 'id="totals"' in client.get("/").get_data(as_text=True)


def test_console_runs_saved_and_free_queries(client: FlaskClient) -> None:
    listing = client.get("/cypher.json").get_json()
    assert len(listing["saved"]) >= 15 and listing["result"] is None
    name = listing["saved"][0]["name"]
    ran = client.get(f"/cypher.json?saved={name}").get_json()
    assert ran["error"] is None and ran["result"]["columns"]
    free = client.post("/cypher.json", data={
        "query": "MATCH (a:Author) WHERE a.name STARTS WITH $p RETURN a.name AS name ORDER BY name",
        "params": "p=Ada"}).get_json()
    assert free["result"]["rows"] == [["Ada Writer"]]
    refused = client.post("/cypher.json", data={"query": "MATCH (n) DETACH DELETE n"})
    assert refused.status_code == 400
    assert "read-only" in refused.get_json()["error"]
    page = client.post("/cypher", data={"query": "CREATE (n:X)"})
    assert page.status_code == 400 and b"read-only" in page.data


def test_console_graph_and_downloads(client: FlaskClient) -> None:
    query = "MATCH p = (:Author {name: 'Ben Critic'})-[:WROTE]->(:Post) RETURN p"
    html = client.post("/cypher", data={"query": query}).get_data(as_text=True)
    assert 'id="graph-data"' in html
    down = client.get("/cypher", query_string={
        "query": "MATCH (a:Author) RETURN a.name AS name, a.id AS id ORDER BY name LIMIT 2",
        "format": "csv"})
    assert down.mimetype == "text/csv"
    assert list(csv.reader(io.StringIO(down.get_data(as_text=True)))) == [
        ["name", "id"], ["Ada Writer", "author:ada-writer"], ["Ben Critic", "author:ben-critic"]]
    js = client.get("/cypher.json", query_string={"query": "RETURN 1 AS one", "download": 1})
    assert "attachment" in js.headers["Content-Disposition"]
    assert js.get_json()["result"]["rows"] == [[1]]


def test_csv_cells_cannot_become_formulas(client: FlaskClient) -> None:
    down = client.get("/cypher", query_string={"query": "RETURN '=1+1' AS f", "format": "csv"})
    assert down.get_data(as_text=True).splitlines()[1] == "'=1+1"


def test_not_found_is_html_or_json(client: FlaskClient) -> None:
    assert client.get("/threads/nope").status_code == 404
    missing = client.get("/topics/nope.json")
    assert missing.status_code == 404 and missing.get_json()["status"] == 404
    assert client.get("/authors/nobody?format=json").get_json()["status"] == 404


def test_exports(client: FlaskClient) -> None:
    aif = client.get(f"/export/aif/threads/{DEMO}")
    assert aif.status_code == 200 and "attachment" in aif.headers["Content-Disposition"]
    assert any(n.get("text") == "Remote work hurts mentoring of juniors."
               for n in aif.get_json()["nodes"])
    lines = client.get(f"/export/jsonl/threads/{DEMO}").get_data(as_text=True).splitlines()
    assert json.loads(lines[0])["thread"]["id"] == DEMO
    graphml = client.get(f"/export/graphml/threads/{DEMO}")
    assert etree.fromstring(graphml.data).tag.endswith("graphml")
    topic = client.get("/export/jsonl/topics/mentoring").get_data(as_text=True).splitlines()
    assert [json.loads(line)["thread"]["id"] for line in topic] == [DEMO]
    assert {c["text"] for c in json.loads(topic[0])["claims"]} == {
        "Remote work hurts mentoring of juniors.", "Mentoring works fine over video calls."}
    assert b"[" in client.get("/export/argdown/topics/mentoring").data
    assert client.get("/export/aif/topics/mentoring").status_code == 404
    assert client.get("/export/pdf/threads/x").status_code == 404
    assert client.get("/export/aif/threads/nope").status_code == 404


@pytest.mark.parametrize("url", [f"/threads/{HOSTILE}", "/topics/remote-work", "/",
                                 "/authors/author:evil-img", "/search?q=disagree",
                                 "/graph", "/graph?view=topics"])
def test_hostile_text_is_escaped_everywhere(client: FlaskClient, url: str) -> None:
    html = client.get(url).get_data(as_text=True)
    assert PAYLOAD_SCRIPT not in html and PAYLOAD_IMG not in html
    assert "<svg" not in html and "javascript:" not in html.replace("javascript:window", "")
    tree = etree.HTML(html)
    assert not tree.xpath("//*[@onerror or @onload]")
    assert all(not h.lower().startswith("javascript") for h in tree.xpath("//a/@href"))


def test_hostile_url_is_not_linked(client: FlaskClient) -> None:
    tree = etree.HTML(client.get(f"/threads/{HOSTILE}").get_data(as_text=True))
    assert not [h for h in tree.xpath("//a/@href") if "pwned" in h]


@pytest.mark.parametrize("query", ["fmt=x", "endpoint=x", "_external=1", "_anchor=zz",
                                   "thread_id=other"])
def test_address_bar_arguments_cannot_steer_the_twin_link(demo_graph, client: FlaskClient,
                                                          query: str) -> None:
    for base in ("/cypher", "/threads/web-demo"):
        page = client.get(f"{base}?{query}")
        assert page.status_code == 200, (base, query)
        twin = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)"',
                         page.get_data(as_text=True))
        assert twin is not None
        assert twin.group(1).startswith(base + ".json"), twin.group(1)
        assert "#" not in twin.group(1) and "://" not in twin.group(1)
