"""Stances from cue phrases, aimed by reply links and addresses, with claim targets and topics."""

from ingest.steps.claims import find_claims
from ingest.steps.stances import find_cues, find_stances
from ingest.steps.topics import tag_claims
from tests.ingest.helpers import make_found, make_thread, root_replies

ARTICLE = (
    "Five traits of a leader\n\n1) Listening skills\n"
    "The leader listens to customers before acting.\n\n"
    "5) Hiring from inside\nThe best leaders ascend to the role from inside the organization."
)


def _run(posts, authors, addresses=None, parents=None):
    draft = make_thread(posts)
    found = make_found(draft, authors, addresses)
    claims = find_claims(draft, found)
    tag_claims(claims.all())
    return draft, claims, find_stances(draft, found, root_replies(draft, parents), claims)


def test_partial_disagreement_with_numbered_item():
    posts = [
        ARTICLE,
        "Jane, I am all with you right up until #5 and on that one you lost me. "
        "Outsiders bring fresh eyes.",
    ]
    draft, claims, stances = _run(posts, {0: "Jane Roe", 1: "Bob Ray"})
    (s,) = stances
    assert (s.kind, s.partial, s.from_post, s.to_post) == ("disagreement", True, "t:p1", "t:p0")
    target = next(c for c in claims.all() if c.id == s.to_claim)
    assert target.text == "Hiring from inside"  # the line that numbers item 5
    assert s.topic == "hiring-inside-vs-outside"
    assert draft.source_text[s.span.start : s.span.end] == s.cue
    assert s.from_claim == "t:p1:c1" and "number" in s.method


def test_agree_and_disagree_is_partial():
    posts = [
        ARTICLE,
        "I agree and disagree with you. Listening is the key skill and listening comes first.",
    ]
    _, _, (s,) = _run(posts, {0: "Jane Roe", 1: "Ann Lee"})
    assert (s.kind, s.partial, s.topic) == ("disagreement", True, "listening")


def test_one_post_answering_several_people():
    posts = [
        ARTICLE,
        "Listening is overrated.",
        "Inside hires know the politics.",
        "Thanks all.\n\n@Ann – I completely disagree. Listening matters.\n\n"
        "@Bob – you make a good point about inside hires.",
    ]
    addresses = {3: [("Ann Lee", "@Ann"), ("Bob Ray", "@Bob")]}
    _, _, stances = _run(
        posts, {0: "Jane Roe", 1: "Ann Lee", 2: "Bob Ray", 3: "Jane Roe"}, addresses
    )
    got = {(s.to_post, s.kind) for s in stances}
    assert got == {("t:p1", "disagreement"), ("t:p2", "agreement")}


def test_own_post_and_quotations_give_no_stance():
    posts = [
        ARTICLE,
        "They said “I agree with everything” but that was a survey.",
        "I agree, thanks!",
    ]
    _, _, stances = _run(posts, {0: "Jane Roe", 1: "Ann Lee", 2: "Jane Roe"}, parents={2: 0})
    assert stances == []


def test_agreement_named_third_person_and_contrast():
    posts = [
        ARTICLE,
        "Segmentation by spend is old.",
        "I agree with Ann Lee on that. However, segments still matter.",
    ]
    _, _, stances = _run(posts, {0: "Jane Roe", 1: "Ann Lee", 2: "Bob Ray"})
    (s,) = stances
    assert (s.to_post, s.kind, s.partial) == ("t:p1", "agreement", True)


def test_longest_cue_wins():
    kinds = [(h.cue.kind, h.text) for h in find_cues("I couldn't agree more.")]
    assert kinds == [("agreement", "I couldn't agree more")]
    assert find_cues("I don’t agree")[0].cue.kind == "disagreement"
