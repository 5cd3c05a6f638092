"""AIF maps: locutions as posts with speakers, I-nodes as claims, RA/CA as stances."""

from collections import Counter

import pytest

from ingest.formats import aif

# (posts, claims, agreements, disagreements, speakers) of the three shared maps
EXPECTED = {
    "nodeset21145.json": (15, 14, 4, 1, {"Paul Dean", "Lynda Chalker", "Unknown Buchan"}),
    "nodeset21147.json": (22, 22, 8, 0, {"Unknown Canavan", "Unknown Younger", "Unknown Hirst"}),
    "nodeset21148.json": (
        34,
        33,
        12,
        1,
        {"Unknown Bruce", "Unknown Younger", "Unknown Ewing", "Unknown Strang", "Unknown McCurley"},
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_shared_maps(aif_dir, name):
    text = (aif_dir / name).read_text(encoding="utf-8")
    assert aif.detect(text)
    draft = aif.read(text, source=name, thread_id=name[:-5])
    posts, claims, ra, ca, speakers = EXPECTED[name]
    kinds = Counter(s.kind for s in draft.stances)
    assert (len(draft.posts), len(draft.claims), kinds["agreement"], kinds["disagreement"]) == (
        posts,
        claims,
        ra,
        ca,
    )
    assert set(draft.speakers.values()) == speakers
    assert not any(" : " in p.text[:40] for p in draft.posts)  # annotator prefixes stripped


def test_split_speaker():
    assert aif.split_speaker("Ella : Paul Dean : I welcome it") == ("Paul Dean", "I welcome it")
    assert aif.split_speaker("Paul Dean : ratio is 3 : 1") == ("Paul Dean", "ratio is 3 : 1")
    assert aif.split_speaker("no speaker here") == (None, "no speaker here")


def test_small_map_links_claims_and_transitions():
    doc = """{"nodes": [
      {"nodeID": "1", "type": "L", "text": "Ann : Taxes must rise"},
      {"nodeID": "2", "type": "YA", "text": "Asserting"},
      {"nodeID": "3", "type": "I", "text": "Taxes must rise"},
      {"nodeID": "4", "type": "L", "text": "Bob : No they must not"},
      {"nodeID": "5", "type": "YA", "text": "Asserting"},
      {"nodeID": "6", "type": "I", "text": "Taxes must not rise"},
      {"nodeID": "7", "type": "CA", "text": "Default Conflict"},
      {"nodeID": "8", "type": "TA", "text": "Default Transition"},
      {"nodeID": "9", "type": "L", "text": "Annotator : Bob : No they must not"}],
     "edges": [
      {"fromID": "1", "toID": "2"}, {"fromID": "2", "toID": "3"},
      {"fromID": "9", "toID": "5"}, {"fromID": "5", "toID": "6"},
      {"fromID": "6", "toID": "7"}, {"fromID": "7", "toID": "3"},
      {"fromID": "1", "toID": "8"}, {"fromID": "8", "toID": "4"}],
     "locutions": []}"""
    draft = aif.read(doc, source="m.json", thread_id="m")
    assert [(p.author_name, p.parent_index) for p in draft.posts] == [("Ann", None), ("Bob", 0)]
    assert [(c.key, c.post_index) for c in draft.claims] == [("3", 0), ("6", 1)]
    (s,) = draft.stances
    assert (s.kind, s.from_claim, s.to_claim) == ("disagreement", "6", "3")
