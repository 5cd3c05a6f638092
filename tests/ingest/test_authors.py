"""The authors step: bylines, name lines, signatures, inference from replies, aliases."""

from __future__ import annotations

from pathlib import Path

from ingest.draft import AuthorsFound, DraftThread
from ingest.formats import plaintext, read_draft
from ingest.ids import author_id
from ingest.source import read_source
from ingest.steps.authors import find_authors
from ingest.steps.signatures import find_signature
from tests.ingest import threads


def _found(text: str) -> tuple[DraftThread, AuthorsFound]:
    draft = plaintext.read(text, source="t.txt", thread_id="t")
    return draft, find_authors(draft)


def _who(found: AuthorsFound) -> dict[int, tuple[str | None, str]]:
    return {i: (a.author_id, a.method) for i, a in sorted(found.by_post.items())}


def test_flat_thread_attributions() -> None:
    draft, found = _found(threads.FLAT)
    assert _who(found) == {
        0: (author_id("Mara Quill"), "byline"),
        1: (author_id("Nina"), "addressed_in_order"),  # "@Nina" answered before "@Tom"
        2: (author_id("Tom Ferris"), "signature"),
        3: (author_id("Mara Quill"), "article_author_reply"),  # thanks the commenters
        4: (author_id("Peter Olsen"), "signature"),  # a name over a tagline
    }
    sig = found.by_post[2].evidence
    assert draft.source_text[sig.start : sig.end] == "Tom Ferris"
    names = {a.name: a.aliases for a in found.authors}
    assert names["Tom Ferris"] == ["Tom"]
    assert names["Mara Quill"] == ["Mara"]


def test_addresses_split_a_post_answering_several_people() -> None:
    draft, found = _found(threads.FLAT)
    post = draft.posts[3]
    got = [
        (a.author_id, a.method, post.text[a.text_start : a.text_end]) for a in found.addresses[3]
    ]
    assert got == [
        (author_id("Nina"), "at_mention", "@Nina – cost matters, you are right.\n\n"),
        (author_id("Tom Ferris"), "at_mention", "@Tom – brick cracks in frost."),
    ]
    span = found.addresses[3][1].span
    assert draft.source_text[span.start : span.end] == "Tom"
    assert found.mentions[3] == [author_id("Nina"), author_id("Tom Ferris")]


def test_nested_thread_inference_and_unknown_stays_unknown() -> None:
    _draft, found = _found(threads.NESTED)
    carl = author_id("Carl Brenner")
    assert found.by_post[0].author_id == carl
    assert found.by_post[0].method == "addressed_by_comments"
    assert found.by_post[4].author_id == author_id("Omar")  # "Yes I agree Omar" below it
    assert found.by_post[4].method == "addressed_by_reply"
    assert found.by_post[2].author_id == carl and found.by_post[2].method == "name_line"


def test_unsigned_posts_are_not_pooled_into_one_person() -> None:
    page = (
        "Title\n\nArticle body.\n\nJo Bell\nAuthor and editor.\n\n"
        "  1. Nice read, nothing more to add.\n\n"
        "  2. I see it differently; the data say otherwise.\n"
    )
    _draft, found = _found(page)
    assert found.by_post[1].author_id is None and found.by_post[2].author_id is None
    assert found.by_post[1].method == "unknown"
    assert [a.name for a in found.authors] == ["Jo Bell"]


def test_hi_x_answering_the_question_just_above() -> None:
    page = (
        "Title\n\nArticle body.\n\nJo Bell\nAuthor and editor.\n\n"
        "  1. Which metric would you use first?\n\n"
        "  2. Hi Paula,\n\n    Start with retention.\n"
    )
    _draft, found = _found(page)
    assert found.by_post[1].author_id == author_id("Paula")
    assert found.by_post[2].author_id == author_id("Jo Bell")  # the writer answers a commenter
    statement = page.replace("Which metric would you use first?", "Retention is the metric.")
    _draft, plain = _found(statement)
    assert plain.by_post[1].author_id == author_id("Paula")
    # a question just above the greeting is stronger evidence than a statement
    assert found.by_post[1].confidence > plain.by_post[1].confidence


def test_one_letter_slip_merges_only_with_the_person_answered() -> None:
    page = (
        "Title\n\nBody.\n\n"
        "  • Don Vale\n\n    I disagree with the premise.\n\n"
        "    • Ruth Ames\n\n      Hi Dan,\n      Fair point, thanks.\n"
    )
    _draft, found = _found(page)
    assert found.addresses[2][0].author_id == author_id("Don Vale")  # nested under Don's post
    don = next(a for a in found.authors if a.name == "Don Vale")
    assert "Dan" in don.aliases
    # answering someone else, "Dan" stays a person of their own
    other = page.replace("  • Don Vale", "  • Ed Vale")
    _draft, found = _found(other + "\n  • Ruth Ames\n\n    Hi Dan,\n    Where were you?\n")
    assert found.addresses[3][0].author_id == author_id("Dan")


def test_absent_person_becomes_author_without_posts() -> None:
    page = (
        "Title\n\nBody.\n\nJo Bell\nAuthor and editor.\n\n"
        "  1. I doubt it.\n\n    Kim Lo\n\n"
        "  2. Thanks for the comments\n\n    @Lee_Park – you said this elsewhere.\n\n"
        "    @Kim – fair.\n"
    )
    _draft, found = _found(page)
    lee = next(a for a in found.authors if a.name == "Lee Park")
    assert lee.aliases == ["Lee_Park"]
    assert lee.id not in {a.author_id for a in found.by_post.values()}
    assert found.by_post[2].author_id == author_id("Jo Bell")


def test_signature_shapes() -> None:
    assert find_signature("Body.\n\nJane Roe, Acme Corp.\nBlog: Notes").name == "Jane Roe"
    assert find_signature("Body.\n\nJane Roe @jroe\nAnalyst").name == "Jane Roe"
    assert find_signature("Body text.\nJane Roe").name == "Jane Roe"
    assert find_signature("Thanks.\nCheers,\nMia").name == "Mia"
    assert find_signature("Body.\n-- Kai").name == "Kai"
    assert find_signature("It is done. Good luck. Jane Roe", {"jane roe"}).name == "Jane Roe"
    assert find_signature("It is done. Good luck. Jane Roe") is None  # not a known name
    assert find_signature("I agree.\n\nCustomer Experience Matters") is None
    assert find_signature("Short.\n\nPeter Drucker said it first.") is None


def test_many_comments_with_addresses_are_all_resolved() -> None:
    parts = ["Big\n\nArticle.\n\nJo Bell\nAuthor and editor.\n"]
    surname = lambda n: "Q" + "".join(chr(97 + int(d)) for d in str(n))  # noqa: E731
    for n in range(1, 5001):
        parts.append(
            f"  {n}. Hi Sam {surname(n - 1)},\n\n    Point {n} stands. I disagree.\n\n"
            f"    Sam {surname(n)}\n"
        )
    draft = plaintext.read("\n".join(parts), source="big.txt", thread_id="big")
    found = find_authors(draft)
    assert found.by_post[5000].author_id == author_id(f"Sam {surname(5000)}")
    assert found.addresses[5000][0].author_id == author_id(f"Sam {surname(4999)}")


# --- the sample corpus -----------------------------------------------------------------


def _corpus(corpus_dir: Path, prefix: str) -> tuple[DraftThread, AuthorsFound]:
    path = next(corpus_dir.glob(f"{prefix}_*.txt"))
    draft = read_draft(read_source(path).text, source=path.name, thread_id=path.stem)
    return draft, find_authors(draft)


def test_corpus_000_authors(corpus_dir: Path) -> None:
    _draft, found = _corpus(corpus_dir, "000")
    who = {i: a.author_id for i, a in found.by_post.items()}
    axel = author_id("Axel Schultze")
    assert who[0] == axel and found.by_post[0].method == "byline"
    assert who[5] == author_id("Shaun Smith") and found.by_post[5].method == "signature"
    assert who[6] == author_id("Lior Arussy") and found.by_post[6].method == "signature"
    assert who[4] == axel and who[8] == axel  # his two replies
    # the commenters he answers "@A ... @B ... @C" in order
    assert (who[1], who[2], who[3], who[7]) == tuple(
        author_id(n) for n in ("Esther", "Ryan", "Andrew", "Ray")
    )
    names = {a.name for a in found.authors}
    assert "Sampson Lee" in names  # addressed, but wrote nothing on this page
    assert "Sampson Lee" not in {n for n in names if author_id(n) in who.values()}


def test_corpus_003_signatures(corpus_dir: Path) -> None:
    _draft, found = _corpus(corpus_dir, "003")
    assert len(found.by_post) == 26
    signed = {a.author_id for a in found.by_post.values() if a.method == "signature"}
    for name in ("Mitch Lieberman", "Graham Hill", "Walter Adamson", "Bob Thompson"):
        assert author_id(name) in signed
    assert found.by_post[0].author_id == author_id("Shaun Smith")
    shaun = author_id("Shaun Smith")
    shaun_replies = [i for i, a in found.by_post.items() if i and a.author_id == shaun]
    assert {3, 4}.issubset(shaun_replies)  # his answers to Graham Hill and Mitch Lieberman


def test_corpus_004_authors(corpus_dir: Path) -> None:
    draft, found = _corpus(corpus_dir, "004")
    jeanne = author_id("Jeanne Bliss")
    assert found.by_post[0].author_id == jeanne
    hi_don = next(p.index for p in draft.posts if p.text.startswith("Hi Don,"))
    assert found.by_post[hi_don].author_id == jeanne  # "Thanks Jeanne" in the reply under it
    don = next(a for a in found.authors if a.name == "Don Smith")
    assert {"Don", "Dan"} <= set(don.aliases)
    named = {a.author_id for a in found.by_post.values() if a.method == "name_line"}
    assert named == {author_id(n) for n in (
        "Eduardo Madero", "Jeanne Bliss", "Don Smith", "Andy Sinsel", "Stephen Proffitt",
        "Emdad Choudhury", "Danielle F")}


def test_corpus_articles_alone_have_no_invented_people(corpus_dir: Path) -> None:
    for prefix in ("001", "002"):
        draft, found = _corpus(corpus_dir, prefix)
        assert len(draft.posts) == 1 and list(found.by_post) == [0]
