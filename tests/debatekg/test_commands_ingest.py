"""`debatekg extract`, `schema` and `eval` through click's CliRunner (no database)."""

import json

from click.testing import CliRunner

from debatekg.cli import main
from tests.ingest.threads import FLAT


def test_extract_writes_documented_json(tmp_path, corpus_dir):
    out = tmp_path / "out.json"
    bad = tmp_path / "bad.json"
    bad.write_text("{oops", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["extract", str(corpus_dir / "004_3a903c187a315989.txt"), str(bad), "--out", str(out)]
    )
    assert result.exit_code == 1  # one input failed, the other was still written
    assert f"{bad}: malformed JSON at line 1, column 2" in result.output
    (thread,) = json.loads(out.read_text(encoding="utf-8"))["threads"]
    assert thread["thread"]["id"] == "004_3a903c187a315989"
    post = thread["posts"][1]
    assert {"id", "index", "kind", "author", "reply_to", "depth", "text", "span"} <= set(post)
    stance = next(s for s in thread["stances"] if s["partial"])
    assert {"kind", "from_post", "to_post", "from_claim", "to_claim", "topic", "cue"} <= set(stance)
    assert {"id", "post", "text", "span", "topics"} <= set(thread["claims"][0])


def test_extract_folder_to_stdout(corpus_dir):
    result = CliRunner().invoke(main, ["extract", str(corpus_dir), "--out", "-"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["threads"]) == 5


def test_schema_prints_the_input_format():
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["properties"]["posts"]["type"] == "array"


def test_eval_prints_scores(corpus_dir):
    result = CliRunner().invoke(main, ["eval", "--corpus", str(corpus_dir)])
    assert result.exit_code == 0, result.output
    lines = {
        line.split()[0]: line.split() for line in result.output.splitlines() if line[:1].isalpha()
    }
    assert {"posts", "authors", "replies", "stances", "topics"} <= set(lines)
    assert float(lines["posts"][1]) > 0.9  # precision of post segmentation on the sample


# -- ingest: into the real Neo4j of the test session ------------------------------------------

def graph_env(settings) -> dict[str, str]:
    """The environment that points the command at the test session's server."""
    return {"NEO4J_URI": settings.uri, "NEO4J_USER": settings.user,
            "NEO4J_PASSWORD": settings.password, "NEO4J_DATABASE": settings.database}


def count_of(driver, database: str, query: str) -> int:
    return driver.execute_query(query, database_=database).records[0][0]


def test_ingest_folder_loads_every_thread_and_reports_changes(graph, database, neo4j_settings,
                                                              corpus_dir):
    result = CliRunner(env=graph_env(neo4j_settings)).invoke(main, ["ingest", str(corpus_dir)])
    assert result.exit_code == 0, result.output
    assert "5 thread(s) loaded" in result.output
    created_posts = [line for line in result.output.splitlines()
                     if line.split()[:2] == ["node", "Post"]]
    assert len(created_posts) == 1
    threads = count_of(graph, database, "MATCH (t:Thread) RETURN count(t)")
    posts = count_of(graph, database, "MATCH (p:Post) RETURN count(p)")
    assert threads == 5
    assert int(created_posts[0].split()[2]) == posts
    positions = count_of(graph, database, "MATCH (:Claim)-[:TAKES]->(p:Position) RETURN count(DISTINCT p)")
    assert positions > 0

    again = CliRunner(env=graph_env(neo4j_settings)).invoke(main, ["ingest", str(corpus_dir)])
    assert again.exit_code == 0, again.output
    assert "no node or relationship created or deleted" in again.output
    assert count_of(graph, database, "MATCH (p:Post) RETURN count(p)") == posts


def test_ingest_bad_inputs_fail_alone(graph, database, neo4j_settings, tmp_path):
    (tmp_path / "good.txt").write_text(FLAT)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "broken.json").write_text('{"thread": {"id": "x", ')
    result = CliRunner(env=graph_env(neo4j_settings)).invoke(main, ["ingest", str(tmp_path)])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines()
              if any(name in line for name in ("empty.txt", "binary.txt", "broken.json"))]
    assert len(errors) == 3, result.output
    assert "1 thread(s) loaded" in result.output
    titles = graph.execute_query("MATCH (t:Thread) RETURN t.title AS title", database_=database)
    assert [r["title"] for r in titles.records] == ["Why Gardens Need Walls"]


def test_two_inputs_with_one_thread_id_do_not_replace_each_other(graph, database, neo4j_settings,
                                                                  tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "walls.txt").write_text(FLAT)
    (tmp_path / "b" / "walls.txt").write_text(FLAT.replace("Why Gardens Need Walls", "Other"))
    result = CliRunner(env=graph_env(neo4j_settings)).invoke(
        main, ["ingest", str(tmp_path / "a"), str(tmp_path / "b")])
    assert result.exit_code == 1
    assert f"{tmp_path / 'b' / 'walls.txt'}: thread id walls is already taken by" in result.output
    titles = graph.execute_query("MATCH (t:Thread) RETURN t.title AS title", database_=database)
    assert [r["title"] for r in titles.records] == ["Why Gardens Need Walls"]


def test_a_thread_the_database_refuses_is_reported_and_the_rest_go_in(graph, database,
                                                                      neo4j_settings, tmp_path):
    """An author name too large for the name index: that thread alone is left out, in one line."""
    posts = [{"id": 1, "author": "Ann Lee", "text": "Gardens need walls."},
             {"id": 2, "author": "x" * 40_000, "reply_to": 1, "text": "I disagree, walls waste light."}]
    (tmp_path / "huge.json").write_text(json.dumps({"title": "Walls", "posts": posts}))
    (tmp_path / "walls.txt").write_text(FLAT)
    result = CliRunner(env=graph_env(neo4j_settings)).invoke(main, ["ingest", str(tmp_path)])
    assert result.exit_code == 1
    refused = [line for line in result.output.splitlines() if "not loaded" in line]
    assert len(refused) == 1 and refused[0].startswith(f"{tmp_path / 'huge.json'}: thread huge ")
    ids = graph.execute_query("MATCH (t:Thread) RETURN t.id AS id", database_=database)
    assert [r["id"] for r in ids.records] == ["walls"]


def test_ingest_with_a_closed_port_fails_fast(tmp_path):
    import socket
    import time

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    (tmp_path / "good.txt").write_text(FLAT)
    began = time.monotonic()
    result = CliRunner(env={"NEO4J_URI": f"bolt://127.0.0.1:{port}", "NEO4J_PASSWORD": "x"}).invoke(
        main, ["ingest", str(tmp_path)])
    assert time.monotonic() - began < 10
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: Neo4j at bolt://127.0.0.1:{port} (database neo4j, NEO4J_URI) does not answer: "
        f"Couldn't connect to 127.0.0.1:{port} (resolved to ('127.0.0.1:{port}',)):"
    ]


def test_extract_refuses_a_file_over_the_size_limit_in_one_line(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(FLAT + "x" * (2 * 2**20))
    (tmp_path / "small.txt").write_text(FLAT)
    result = CliRunner().invoke(main, ["extract", str(tmp_path), "--out", "-", "--max-mb", "1"])
    assert result.exit_code == 1
    assert f"{big}: file too large (2.0 MiB; the limit is 1 MiB, raise it with --max-mb)" in result.output
    assert '"title": "Why Gardens Need Walls"' in result.output
