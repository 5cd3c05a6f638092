"""The plain-text reader: article, byline, comments, nesting, chrome, spans, scale."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.draft import DraftThread
from ingest.formats import detect, plaintext, read_draft, read_drafts
from ingest.source import read_source, read_text_input
from tests.ingest import threads

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")


def _read(text: str, name: str = "page.txt") -> DraftThread:
    return plaintext.read(text, source=name, thread_id="t")


def _assert_spans_exact(draft: DraftThread) -> int:
    """Every sentence of every post maps back to the very same characters of the source."""
    checked = 0
    for post in draft.posts:
        for m in _SENTENCE.finditer(post.text):
            span = post.source_span(m.start(), m.end())
            assert draft.source_text[span.start : span.end] == m.group(), (post.index, m.group())
            checked += 1
        assert post.span.start <= post.span.end <= len(draft.source_text)
    return checked


def test_flat_page_article_byline_and_comments() -> None:
    draft = _read(threads.FLAT)
    assert draft.title == "Why Gardens Need Walls"
    assert [p.kind for p in draft.posts] == ["article"] + ["comment"] * 4
    article = draft.posts[0]
    assert article.byline == "Mara Quill"
    assert threads.FLAT[article.byline_span.start : article.byline_span.end] == "Mara Quill"
    assert "1) Build low" in article.text and "Stone holds warmth." in article.text
    assert "Founder of Stonecraft" not in article.text  # the bio is not argument text
    assert "Share on Facebook" not in article.text
    assert [p.label for p in draft.posts[1:]] == ["1.", "2.", "3.", "4."]
    assert [p.depth for p in draft.posts[1:]] == [1, 1, 1, 1]
    assert all(p.parent_index is None for p in draft.posts)
    assert draft.posts[2].text.endswith("Why insist on stone?\n\nTom Ferris")
    assert draft.posts[3].text.startswith("Thanks for the comments\n\n@Nina –")
    assert draft.boilerplate_removed == 3
    assert _assert_spans_exact(draft) >= 12


def test_nested_bullets_give_depth_parent_and_name_lines() -> None:
    draft = _read(threads.NESTED)
    got = [(p.index, p.depth, p.parent_index, p.byline) for p in draft.posts[1:]]
    assert got == [
        (1, 1, None, "Ines Duarte"),
        (2, 2, 1, "Carl Brenner"),
        (3, 3, 2, "Ines Duarte"),
        (4, 1, None, None),
        (5, 2, 4, "Carl Brenner"),
    ]
    assert draft.posts[2].text == "Hi Ines,\nSalt matters, yes. Time still wins."
    span = draft.posts[2].byline_span
    assert threads.NESTED[span.start : span.end] == "Carl Brenner"
    assert draft.boilerplate_removed == 2  # the comment count and "Leave a Comment"
    assert any("dropped 1 pingback" in w for w in draft.warnings)
    _assert_spans_exact(draft)


@pytest.mark.parametrize("page", [threads.ARTICLE_ONLY, threads.ARTICLE_WITH_LIST])
def test_article_lists_are_not_comments(page: str) -> None:
    draft = _read(page)
    assert len(draft.posts) == 1
    assert "2." in draft.posts[0].text or "•" in draft.posts[0].text


def test_list_inside_a_comment_is_not_a_reply() -> None:
    draft = _read(threads.INNER_LIST)
    assert len(draft.posts) == 3
    first = draft.posts[1]
    assert first.depth == 1 and "1. Is it cheap?\n\n2. Is it fast?" in first.text
    assert first.text.endswith("Zed Quorn")
    assert draft.posts[2].text == "Answers below. Cheap and fast."


def test_keyword_named_copy_is_dropped_as_spam() -> None:
    page = (
        "Title\n\nBody.\n\n"
        "  • Ana Lima\n\n    Great piece, thanks for sharing this with all of us today.\n\n"
        "  • cheap flights best deals\n\n"
        "    Great piece, thanks for sharing this with all of us!\n\n"
        "  • Rui Costa\n\n    I disagree with the second point.\n"
    )
    draft = _read(page)
    assert [p.byline for p in draft.posts[1:]] == ["Ana Lima", "Rui Costa"]
    assert any("dropped 1 spam" in w for w in draft.warnings)


def test_hostile_text_stays_plain_text() -> None:
    page = (
        "Title <b>bold</b>\n\nArticle with <script>alert('x')</script> inside.\n\n"
        "  1. MATCH (n) DETACH DELETE n; // I disagree.\n\n"
        "  2. Robert'); DROP TABLE posts;-- said \x07 nothing.\n"
    )
    source = read_text_input(page, "hostile.txt")
    draft = _read(source.text, "hostile.txt")
    assert draft.title == "Title <b>bold</b>"
    assert "<script>alert('x')</script>" in draft.posts[0].text
    assert draft.posts[1].text == "MATCH (n) DETACH DELETE n; // I disagree."
    assert draft.posts[2].text == "Robert'); DROP TABLE posts;-- said  nothing."
    assert source.warnings == ["hostile.txt: removed 1 control character(s)"]


def test_page_of_only_chrome_or_title_gives_one_post() -> None:
    draft = _read("Just a title\n")
    assert len(draft.posts) == 1 and draft.posts[0].text == ""


def test_ten_thousand_comments_are_all_read() -> None:
    comments = "".join(
        f"  {n}. Comment number {n} says something. Another sentence here.\n\n    Ann Writer\n\n"
        for n in range(1, 10_001)
    )
    page = "Big thread\n\nThe article.\n\n" + comments
    draft = _read(page)
    assert len(draft.posts) == 10_001
    assert draft.posts[-1].text.startswith("Comment number 10000 says")


def test_fifty_deep_nesting() -> None:
    lines = ["Deep", "", "Root text.", ""]
    for level in range(50):
        pad = "  " * (level + 1)
        lines += [f"{pad}• Reply at level {level + 1}.", ""]
    draft = _read("\n".join(lines))
    assert len(draft.posts) == 51
    assert [p.depth for p in draft.posts[1:]] == list(range(1, 51))
    assert [p.parent_index for p in draft.posts[2:]] == list(range(1, 50))
    _assert_spans_exact(draft)


def test_registry_detects_and_dispatches_text() -> None:
    assert detect(threads.FLAT, "page.txt") == "text"
    assert detect('{"posts": []}', "thread.data") in ("json", "aif")
    draft = read_draft(threads.NESTED, source="n.txt", thread_id="n")
    assert draft.format == "text" and len(draft.posts) == 6
    assert [d.thread_id for d in read_drafts(threads.FLAT, source="f.txt", thread_id="f")] == ["f"]


# --- the sample corpus -----------------------------------------------------------------


def _corpus(corpus_dir: Path, prefix: str) -> DraftThread:
    path = next(corpus_dir.glob(f"{prefix}_*.txt"))
    return read_draft(read_source(path).text, source=path.name, thread_id=path.stem)


def test_corpus_000_article_and_eight_comments(corpus_dir: Path) -> None:
    draft = _corpus(corpus_dir, "000")
    assert draft.posts[0].byline == "Axel Schultze"
    assert len(draft.posts) == 9
    assert [p.label for p in draft.posts[1:]] == [f"{n}." for n in range(1, 9)]
    assert draft.posts[5].text.endswith("Shaun Smith")  # name after the body
    assert draft.posts[6].text.endswith("\nLior Arussy")
    assert _assert_spans_exact(draft) > 50


@pytest.mark.parametrize("prefix", ["001", "002"])
def test_corpus_articles_without_comments(corpus_dir: Path, prefix: str) -> None:
    draft = _corpus(corpus_dir, prefix)
    assert len(draft.posts) == 1
    assert draft.posts[0].kind == "article"
    _assert_spans_exact(draft)


def test_corpus_003_twenty_five_comments(corpus_dir: Path) -> None:
    draft = _corpus(corpus_dir, "003")
    assert draft.posts[0].byline == "Shaun Smith"
    assert len(draft.posts) == 26
    assert all(p.depth == 1 and p.parent_index is None for p in draft.posts[1:])
    # the questions listed inside comment 5 stay in it
    assert "1. Is therefore, brand=behaviour?" in draft.posts[5].text
    _assert_spans_exact(draft)


def test_corpus_004_named_and_nested(corpus_dir: Path) -> None:
    draft = _corpus(corpus_dir, "004")
    named = {p.byline for p in draft.posts if p.byline}
    assert {
        "Eduardo Madero",
        "Jeanne Bliss",
        "Don Smith",
        "Andy Sinsel",
        "Stephen Proffitt",
        "Emdad Choudhury",
        "Danielle F",
    } == named
    by_text = {p.text.split("\n")[0]: p for p in draft.posts}
    hi_don = by_text["Hi Don,"]
    don_reply = next(p for p in draft.posts if p.parent_index == hi_don.index)
    assert (don_reply.byline, don_reply.depth) == ("Don Smith", 2)
    deepest = next(p for p in draft.posts if p.parent_index == don_reply.index)
    assert (deepest.byline, deepest.depth, deepest.text.split("\n")[0]) == (
        "Jeanne Bliss",
        3,
        "Hi Dan,",
    )
    assert any("pingback" in w for w in draft.warnings)
    assert any("spam" in w for w in draft.warnings)  # a keyword name over a copied comment
    _assert_spans_exact(draft)
