"""The replies step: nesting, addressees, quotations, the article as the default."""

from __future__ import annotations

from pathlib import Path

from ingest.draft import DraftThread, ReplyLink
from ingest.formats import plaintext, read_draft
from ingest.source import read_source
from ingest.steps.authors import find_authors
from ingest.steps.replies import link_replies
from tests.ingest import threads


def _links(text: str) -> tuple[DraftThread, dict[int, ReplyLink]]:
    draft = plaintext.read(text, source="t.txt", thread_id="t")
    return draft, link_replies(draft, find_authors(draft))


def _parents(links: dict[int, ReplyLink]) -> dict[int, tuple[int | None, str]]:
    return {i: (link.parent_index, link.method) for i, link in sorted(links.items())}


def test_flat_thread_links_by_addressee() -> None:
    _draft, links = _links(threads.FLAT)
    assert _parents(links) == {
        1: (0, "salutation"),  # "Mara," and Mara has only written the article
        2: (0, "root"),
        3: (1, "at_mention"),  # "@Nina" first
        4: (2, "salutation"),  # "Tom," -> Tom Ferris's latest post
    }


def test_nested_thread_links_by_nesting_first() -> None:
    _draft, links = _links(threads.NESTED)
    assert _parents(links) == {
        1: (0, "vocative"),  # "I agree Carl": Carl wrote the article
        2: (1, "nesting"),
        3: (2, "nesting"),
        4: (0, "vocative"),
        5: (4, "nesting"),
    }
    assert links[2].confidence == 1.0


def test_article_reference_beats_the_writers_latest_comment() -> None:
    page = (
        "Title\n\nArticle body.\n\nJo Bell\nAuthor and editor.\n\n"
        "  1. Jo, I disagree with point two.\n\n    Kim Lo\n\n"
        "  2. Kim, I see it differently.\n\n"
        "  3. Jo, your 5 points miss the cost.\n\n    Ada Ray\n\n"
        "  4. Jo, that reply to Kim was harsh.\n\n    Ada Ray\n"
    )
    _draft, links = _links(page)
    assert _parents(links)[2] == (1, "salutation")
    assert _parents(links)[3] == (0, "salutation")  # "your 5 points": the article
    assert _parents(links)[4] == (2, "salutation")  # Jo's latest comment


def test_conversation_goes_on_with_the_answer_to_me() -> None:
    page = (
        "Title\n\nArticle body.\n\nJo Bell\nAuthor and editor.\n\n"
        "  1. Jo, I doubt it.\n\n    Kim Lo\n\n"
        "  2. Kim, here is why.\n\n"
        "  3. Jo, brilliant piece.\n\n    Ada Ray\n\n"
        "  4. Ada, thank you.\n\n"
        "  5. Jo, thanks for answering me, still not convinced.\n\n    Kim Lo\n"
    )
    _draft, links = _links(page)
    assert _parents(links)[5] == (2, "salutation")  # Jo's answer to Kim, not Jo's latest post


def test_quotation_links_to_the_quoted_post() -> None:
    page = (
        "Title\n\nArticle body.\n\n"
        "  1. Budgets should follow customers, not the other way round.\n\n"
        "  2. Something unrelated about tea.\n\n"
        "  3. “Budgets should follow customers, not the other way round” is naive.\n"
    )
    _draft, links = _links(page)
    assert _parents(links)[3] == (1, "quotation")
    assert _parents(links)[2] == (0, "root")


def test_every_comment_gets_a_link_at_depth_fifty() -> None:
    lines = ["Deep", "", "Root text.", ""]
    for level in range(50):
        lines += [f"{'  ' * (level + 1)}• Reply at level {level + 1}.", ""]
    _draft, links = _links("\n".join(lines))
    assert len(links) == 50
    assert links[50] == ReplyLink(49, "nesting", 1.0)


# --- the sample corpus -----------------------------------------------------------------


def _corpus(corpus_dir: Path, prefix: str) -> tuple[DraftThread, dict[int, ReplyLink]]:
    path = next(corpus_dir.glob(f"{prefix}_*.txt"))
    draft = read_draft(read_source(path).text, source=path.name, thread_id=path.stem)
    return draft, link_replies(draft, find_authors(draft))


def test_corpus_004_nested_replies_linked_to_parents(corpus_dir: Path) -> None:
    draft, links = _corpus(corpus_dir, "004")
    nested = {p.index: p.parent_index for p in draft.posts if p.parent_index is not None}
    assert len(nested) == 6
    for child, parent in nested.items():
        assert links[child] == ReplyLink(parent, "nesting", 1.0)
    hi_don = next(p for p in draft.posts if p.text.startswith("Hi Don,"))
    don = next(p for p in draft.posts if p.byline == "Don Smith" and p.parent_index is None)
    assert links[hi_don.index].parent_index == don.index  # not nested on the page


def test_corpus_000_replies(corpus_dir: Path) -> None:
    _draft, links = _corpus(corpus_dir, "000")
    assert len(links) == 8
    assert links[7].parent_index == 0  # "I love your 5 skill areas": the article
    assert links[8].parent_index == 5  # "@Shaun" is the first addressee with a post


def test_corpus_003_replies(corpus_dir: Path) -> None:
    _draft, links = _corpus(corpus_dir, "003")
    got = {i: links[i].parent_index for i in (3, 4, 8, 12, 17, 22, 25)}
    assert got == {3: 2, 4: 1, 8: 5, 12: 3, 17: 14, 22: 21, 25: 24}
