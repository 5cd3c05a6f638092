"""`debatekg extract`, `schema` and `eval` through click's CliRunner (no database)."""

import json

from click.testing import CliRunner

from debatekg.cli import main


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
