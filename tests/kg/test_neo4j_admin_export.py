"""neo4j-admin CSV export: streamed page by page, exact on a small graph, and imported into a
fresh managed server it has the Bolt load's counts."""

from __future__ import annotations

import secrets
import socket
from pathlib import Path

import neo4j
import pytest

from kg.config import open_driver
from kg.errors import ThreadNotFound
from kg.export import dump, export
from kg.export.dump import PRIMARY_LABELS, iter_nodes, iter_rels, read_graph, read_kinds, thread_scope
from kg.export.neo4j_admin import ARGS_FILE, _admin_type, write_admin_csv
from kg.load import finish_ingest, load_bundle
from kg.neo4j_local import NEO4J_VERSION, LocalServer
from kg.stats import count_graph
from tests.kg.bundles import make_bundle


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _load_two_threads(graph: neo4j.Driver, database: str) -> None:
    load_bundle(graph, make_bundle(), database=database)
    load_bundle(graph, make_bundle("t2", extra_comment=True), database=database)
    finish_ingest(graph, database=database)


def test_admin_types_from_cypher_value_types() -> None:
    cases = {"STRING NOT NULL": "string", "INTEGER NOT NULL": "long", "FLOAT NOT NULL": "double",
             "BOOLEAN NOT NULL": "boolean", "DATE NOT NULL": "string",
             "LIST<STRING NOT NULL> NOT NULL": "string[]",
             "LIST<INTEGER NOT NULL> NOT NULL": "long[]",
             "LIST<NOTHING> NOT NULL": "string[]",  # an empty list
             "LIST<ZONED DATETIME NOT NULL> NOT NULL": "string[]"}
    assert {k: _admin_type(k) for k in cases} == cases


@pytest.mark.parametrize("thread_id", [None, "t2"])
def test_streamed_pages_give_what_read_graph_gives(graph: neo4j.Driver, database: str,
                                                   thread_id: str | None) -> None:
    _load_two_threads(graph, database)
    nodes, rels = read_graph(graph, database=database, thread_id=thread_id)
    scope = thread_scope(graph, database=database, thread_id=thread_id)
    kinds, _ = read_kinds(graph, database=database, scope=scope)
    read = {"database": database, "scope": scope, "page_size": 2}
    labels = sorted(kinds, key=PRIMARY_LABELS.index)
    assert [n for a in labels for n in iter_nodes(graph, a, **read)] == nodes
    streamed = []
    for a in labels:
        from_a = list(iter_rels(graph, a, **read))
        assert from_a == sorted(from_a, key=lambda r: (r.start, r.end))
        streamed += from_a
    assert sorted(streamed, key=lambda r: (r.type, r.start, r.end)) == rels
    threads = {r.start.split(":")[0] for r in rels if r.type == "MAKES"}
    assert threads == ({"t2"} if thread_id else {"t1", "t2"})


def test_admin_csv_of_a_small_graph(graph: neo4j.Driver, database: str, tmp_path: Path) -> None:
    _load_two_threads(graph, database)
    paged = write_admin_csv(graph, tmp_path / "paged", database=database, page_size=2)
    whole = write_admin_csv(graph, tmp_path / "whole", database=database)
    counts = count_graph(graph, database=database)
    assert (paged.nodes, paged.relationships) == (whole.nodes, whole.relationships) == (
        sum(n for label, n in counts["nodes"].items() if label in PRIMARY_LABELS),
        sum(counts["relationships"].values()))
    names = sorted(p.name for p in (tmp_path / "whole").iterdir())
    assert sorted(p.name for p in (tmp_path / "paged").iterdir()) == names
    for name in names:
        if name != ARGS_FILE:
            assert (tmp_path / "paged" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes()
    assert len(whole.args) == 3 + 7 + 13 and whole.args[3].startswith("--nodes=")

    def text(name: str) -> str:
        return (tmp_path / "paged" / name).read_text(encoding="utf-8")

    assert text("nodes_Author_header.csv") == (
        '"id:ID(Author)","aliases:string[]","name:string","threads:string[]",":LABEL"\n')
    assert text("nodes_Author.csv") == (
        '"author:ada","","Ada Park","t1\x1ft2","Author"\n"author:ben","","Ben Ode","t1\x1ft2","Author"\n'
        '"author:cy","Cy","Cy Moss","t1\x1ft2","Author"\n"author:dee","","Dee Kay","t2","Author"\n')
    assert text("nodes_Stance_header.csv") == (
        '"id:ID(Stance)","confidence:double","cue:string","end:long","extractor_version:string",'
        '"kind:string","method:string","partial:boolean","source:string","start:long",'
        '"thread_id:string",":LABEL"\n')
    assert text("nodes_Stance.csv").splitlines()[0] == (
        '"t1:p1>p0:s0",0.8,"I disagree",82,"0.1.0","disagreement","cue","false","t1.txt",72,"t1",'
        '"Disagreement\x1fStance"')
    assert text("rels_WROTE_Author_Post_header.csv") == (
        '":START_ID(Author)",":END_ID(Post)","confidence:double","method:string",":TYPE"\n')
    assert text("rels_WROTE_Author_Post.csv").splitlines()[:2] == [
        '"author:ada","t1:p0",0.9,"signature","WROTE"', '"author:ada","t1:p3",0.9,"signature","WROTE"']


def test_admin_csv_of_one_thread(graph: neo4j.Driver, database: str, tmp_path: Path) -> None:
    _load_two_threads(graph, database)
    message = export(graph, "neo4j-admin", tmp_path / "t2", database=database, thread_id="t2")
    assert message.startswith("25 nodes and 49 relationships")
    posts = (tmp_path / "t2" / "nodes_Post.csv").read_text().splitlines()
    assert [p.split(",")[0] for p in posts] == [f'"t2:p{i}"' for i in range(5)]
    with pytest.raises(ThreadNotFound):
        write_admin_csv(graph, tmp_path / "none", database=database, thread_id="nope")
    assert not (tmp_path / "none").exists()


def test_one_thread_export_looks_the_thread_up_once(graph: neo4j.Driver, database: str,
                                                    tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _load_two_threads(graph, database)
    lookups = []
    read = dump._read

    def counting_read(driver: neo4j.Driver, query: str, **params: object) -> list[neo4j.Record]:
        if query == dump._THREAD_SCOPE:
            lookups.append(params["t"])
        return read(driver, query, **params)

    monkeypatch.setattr(dump, "_read", counting_read)
    write_admin_csv(graph, tmp_path, database=database, thread_id="t2", page_size=2)
    assert lookups == ["t2"]


@pytest.mark.slow
def test_admin_import_matches_bolt_load(graph: neo4j.Driver, database: str, tmp_path: Path,
                                        corpus_dir: Path) -> None:
    from ingest.pipeline import extract

    for bundle in [make_bundle(), *extract(*sorted(corpus_dir.glob("*.txt")))]:
        load_bundle(graph, bundle, database=database)
    finish_ingest(graph, database=database)
    bolt_counts = count_graph(graph, database=database)
    out = tmp_path / "csv"
    export(graph, "neo4j-admin", out, database=database)
    args = (out / ARGS_FILE).read_text().split()

    base = LocalServer.from_env()
    base.install()  # resolves the jars once; the fresh server shares them
    fresh = LocalServer(home=tmp_path / f"neo4j-{NEO4J_VERSION}", bolt_port=_free_port(),
                        http_port=_free_port(), heap="512m", pagecache="128m")
    fresh.home.mkdir(parents=True)
    (fresh.home / "lib").symlink_to(base.lib, target_is_directory=True)
    # Set the password ourselves: one that cannot be mistaken for a command-line option.
    password = "x" + secrets.token_hex(12)
    fresh.admin("dbms", "set-initial-password", password)
    fresh.password_file.write_text(password)
    fresh.install()
    fresh.admin("database", "import", "full", "neo4j", *args)
    fresh.start()
    try:
        from kg.config import Neo4jSettings

        settings = Neo4jSettings(fresh.bolt_uri, "neo4j", fresh.read_password(), "neo4j", True)
        with open_driver(settings, wait_s=30) as other:
            imported = count_graph(other, database="neo4j")
            records, _, _ = other.execute_query(
                "MATCH (s:Stance {partial: true})-[:TOWARDS]->(p:Post) "
                "RETURN count(s) AS n, sum(p.index) AS total", database_="neo4j")
    finally:
        fresh.stop()
    assert imported == bolt_counts
    expected, _, _ = graph.execute_query(
        "MATCH (s:Stance {partial: true})-[:TOWARDS]->(p:Post) "
        "RETURN count(s) AS n, sum(p.index) AS total", database_=database)
    assert records[0].data() == expected[0].data()  # types survive: booleans, integers
