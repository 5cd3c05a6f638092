"""Claims step: sentences with exact spans; greetings, thanks, sign-offs, bios, links kept out."""

from ingest.steps.claims import classify, find_claims, sentences
from tests.ingest.helpers import make_found, make_thread


def test_claims_have_exact_source_spans_and_skip_chatter():
    draft = make_thread(
        [
            "Leaders need data.",
            "Hi Ann,\n\nThanks for sharing!\nMeasuring churn is essential. Is NPS enough?\n\n"
            "Read my latest blog at https://example.org/x\nGood luck.\nBob Ray",
        ]
    )
    found = make_found(draft, {1: "Bob Ray"})
    claims = find_claims(draft, found).by_post[1]
    assert [c.text for c in claims] == ["Measuring churn is essential.", "Is NPS enough?"]
    for c in claims:
        assert draft.source_text[c.span.start : c.span.end] == c.text
    assert [c.question for c in claims] == [False, True]
    assert claims[0].id == "t:p1:c1"


def test_hard_wrapped_lines_join_and_markers_are_trimmed():
    text = "1) Strategy skills matter because\nplans need owners.\n• Second point here is short."
    spans = [text[a:b] for a, b in sentences(text)]
    assert spans == [
        "Strategy skills matter because\nplans need owners.",
        "Second point here is short.",
    ]


def test_classify_categories():
    names = {"jane", "roe"}
    assert classify("Hello Jane,", names) == "greeting"
    assert classify("Thank you so much for your feedback!", names) == "thanks"
    assert classify("Well said!", names) == "praise"
    assert classify("Follow me on Twitter", names) == "bio"
    assert classify("Jane Roe", names) == "name_or_heading"
    assert classify("See https://example.com/page for more.", names) == "link"
    assert classify("Thanks Jane, that does make sense for large firms.", names) is None
    assert classify("I agree with your point about churn.", names) is None
