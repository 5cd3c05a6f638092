"""Topic lexicon matching on stems, exclusions, and keyphrases for a curator."""

from ingest.steps.topics import find_keyphrases, stem, tag_claims, topic_weights
from kg.models import Claim, Span


def test_stemmer_meets_word_forms():
    assert stem("segmentation") == stem("segmenting") == stem("segments") == "segment"
    assert stem("listening") == stem("listens") == "listen"
    assert stem("measured") == stem("measure")


def test_phrases_and_exclusions():
    assert set(topic_weights("Stop segmenting customers by spend")) == {"segmentation"}
    assert "power-vs-influence" in topic_weights("A leader without assigned power cannot lead")
    # "power of one" is a metric, not power over people
    scores = topic_weights("We used the Power of One to pick a single KPI")
    assert "power-vs-influence" not in scores and "measurement-and-kpis" in scores


def test_tag_claims_orders_strongest_first():
    claim = Claim(
        id="c",
        post="p",
        text="Listening and listening again, plus one KPI.",
        span=Span(start=0, end=1),
    )
    used = tag_claims([claim])
    assert claim.topics[0] == "listening" and used == set(claim.topics)


def test_keyphrases_skip_lexicon_and_names():
    texts = [
        "The loyalty ladder works.",
        "A loyalty ladder again.",
        "Jane says loyalty ladder.",
        "Jane Jane Jane Jane",
    ]
    phrases = find_keyphrases(texts, exclude_words={"Jane"})
    assert phrases[0] == "loyalty ladder"
    assert all("jane" not in p for p in phrases)
