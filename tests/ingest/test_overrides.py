"""Curator overrides: applied to a bundle, errors name file and line."""

import pytest

from ingest.overrides import OverridesError, apply_overrides, find_overrides, load_overrides
from kg.models import Author, Post, Span, Stance, Thread, ThreadBundle, Topic


def _bundle() -> ThreadBundle:
    posts = [
        Post(
            id=f"t:p{i}",
            index=i,
            kind="article" if i == 0 else "comment",
            text="x",
            span=Span(start=0, end=1),
            reply_to=None if i == 0 else "t:p0",
        )
        for i in range(3)
    ]
    return ThreadBundle(
        thread=Thread(id="t", title="T", source="t.txt"),
        posts=posts,
        authors=[Author(id="author:ann", name="Ann")],
        stances=[
            Stance(
                id="t:p2>p0:s1",
                kind="agreement",
                from_post="t:p2",
                to_post="t:p0",
                topic="listening",
            )
        ],
        topics=[Topic(id="listening", name="Listening")],
    )


def test_fixes_are_applied(tmp_path):
    path = tmp_path / "t.overrides.yaml"
    path.write_text(
        "authors:\n  - {post: 1, name: Bob Ray}\n"
        "replies:\n  - {post: 2, to: 1}\n"
        "stances:\n  remove:\n    - {from: 2, to: 0}\n"
        "  add:\n    - {from: 2, to: 1, kind: disagreement, partial: true, topic: listening}\n"
        "topics:\n  rename: {listening: Listening to customers}\n",
        encoding="utf-8",
    )
    assert find_overrides(str(tmp_path / "t.txt"), "t") == path
    out = apply_overrides(_bundle(), load_overrides(path))
    assert out.posts[1].author == "author:bob-ray" and out.posts[1].author_method == "override"
    assert out.posts[2].reply_to == "t:p1"
    assert [(s.from_post, s.to_post, s.kind, s.method) for s in out.stances] == [
        ("t:p2", "t:p1", "disagreement", "override")
    ]
    assert out.topics[0].name == "Listening to customers"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("authors:\n  - {post: 1, name: A}\n  - {post: 1, nme: B}\n", 3, "authors.1"),
        ("stances:\n  add:\n    - {from: 1, to: 0, kind: maybe}\n", 3, "kind"),
        ("replies:\n  - {post: 1, to: 0}\n  - {post: 9, to: 0}\n", 3, "no post with index 9"),
        ("topics:\n  rename:\n    nothing: X\n", 3, "not used"),
        ("authors: [\n", 2, "invalid YAML"),
    ],
)
def test_errors_name_file_and_line(tmp_path, text, line, words):
    path = tmp_path / "t.overrides.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(OverridesError, match=rf"t\.overrides\.yaml:{line}: .*{words}"):
        apply_overrides(_bundle(), load_overrides(path))
