"""The JSON / JSON Lines thread format: validation, reply links, clear errors."""

import json

import pytest

from ingest.errors import UnreadableInput
from ingest.formats import jsonthread

THREAD = {
    "id": "demo-1",
    "title": "Is listening enough?",
    "posts": [
        {"id": "a", "author": "Jane Roe", "text": "Listening is not a strategy."},
        {
            "id": 2,
            "author": "Ann Lee",
            "reply_to": "a",
            "text": "I disagree. Listening comes first.",
        },
        {"id": "3", "reply_to": 2, "text": "Agreed."},
    ],
}


def test_reads_posts_authors_and_replies():
    (draft,) = jsonthread.read(json.dumps(THREAD), source="x.json", thread_id="x")
    assert draft.thread_id == "demo-1" and draft.format == "json"
    assert [p.kind for p in draft.posts] == ["article", "comment", "comment"]
    assert [p.parent_index for p in draft.posts] == [None, 0, 1]
    assert [p.author_name for p in draft.posts] == ["Jane Roe", "Ann Lee", None]
    for p in draft.posts:
        assert draft.source_text[p.span.start : p.span.end] == p.text


def test_json_lines_hold_several_threads():
    second = {**THREAD, "id": None, "title": "Second"}
    text = json.dumps(THREAD) + "\n" + json.dumps(second) + "\n"
    drafts = jsonthread.read(text, source="many.jsonl", thread_id="many")
    assert [d.thread_id for d in drafts] == ["demo-1", "many-2"]


def test_detect_leaves_aif_alone():
    assert jsonthread.detect(json.dumps(THREAD))
    assert not jsonthread.detect('{"nodes": [], "edges": []}')


def test_malformed_json_names_line_and_column():
    with pytest.raises(UnreadableInput, match=r"^bad\.json: malformed JSON at line 3, column \d+"):
        jsonthread.read(
            '{"title": "x",\n "posts": [\n  {"id": 1 "text": "a"}]}',
            source="bad.json",
            thread_id="b",
        )


def test_unknown_field_is_reported():
    bad = {**THREAD, "posts": [{"id": 1, "txt": "typo"}]}
    with pytest.raises(UnreadableInput, match="posts.0"):
        jsonthread.read(json.dumps(bad), source="t.json", thread_id="t")


def test_schema_describes_posts():
    schema = jsonthread.json_schema()
    assert "posts" in schema["required"] and "JsonPost" in schema["$defs"]
