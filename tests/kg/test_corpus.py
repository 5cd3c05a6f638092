"""The sample corpus through the real extractor into the real graph: counts, queries, positions.

The expected people come from reading the sample threads, not from the extractor's output.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest

from kg.load import finish_ingest, load_bundle
from kg.models import ThreadBundle
from kg.queries import find_saved_query, load_saved_queries, run_saved_query
from kg.schema import ensure_schema
from kg.stats import count_graph
from tests.conftest import empty_database

T000, T001, T003, T004 = ("000_72d4a851b8b20431", "001_410ce1bebdc16025", "003_42ea940ef7104edc",
                          "004_3a903c187a315989")


def _extract(corpus_dir: Path) -> list[ThreadBundle]:
    from ingest.pipeline import extract

    return extract(*sorted(corpus_dir.glob("*.txt")))


@pytest.fixture(scope="module")
def corpus_graph(driver: neo4j.Driver, database: str, corpus_dir: Path) -> Iterator[dict]:
    """The corpus loaded twice; yields the counts and summaries of both rounds."""
    empty_database(driver, database)
    ensure_schema(driver, database=database)
    bundles = _extract(corpus_dir)
    rounds = []
    for _ in range(2):
        summaries = [load_bundle(driver, b, database=database) for b in bundles]
        positions = finish_ingest(driver, database=database)
        rounds.append({"counts": count_graph(driver, database=database),
                       "summaries": summaries, "positions": positions})
    yield {"rounds": rounds, "bundles": bundles}
    empty_database(driver, database)


def q(driver: neo4j.Driver, database: str, name: str, **params: Any) -> list[dict]:
    columns, rows = run_saved_query(driver, find_saved_query(name), params, database=database)
    return [dict(zip(columns, r, strict=True)) for r in rows]


def test_loading_twice_gives_identical_counts(corpus_graph: dict) -> None:
    first, second = corpus_graph["rounds"]
    assert first["counts"] == second["counts"]
    assert first["counts"]["nodes"]["Thread"] == 5
    assert not any(s.changed_structure for s in second["summaries"])
    assert not second["positions"].changed_structure


def test_every_saved_query_runs_with_its_defaults(corpus_graph: dict, driver, database) -> None:
    saved = load_saved_queries()
    assert len(saved) >= 15
    for query in saved:
        columns, _ = run_saved_query(driver, query, None, database=database)
        assert columns, query.name


def test_disagreeing_pairs(corpus_graph, driver, database) -> None:
    pairs = {(r["author_a"], r["author_b"]): r for r in q(driver, database, "disagreeing_pairs")}
    assert ("Axel Schultze", "Lior Arussy") in pairs
    assert ("Mitch Lieberman", "Shaun Smith") in pairs
    assert pairs[("Axel Schultze", "Lior Arussy")]["threads"] == [T000]


def test_contested_exchanges_of_a_thread(corpus_graph, driver, database) -> None:
    rows = q(driver, database, "contested_exchanges", thread=T003)
    top = max(r["disagreements"] for r in rows)
    leaders = [r for r in rows if r["disagreements"] == top]
    assert all("Shaun Smith" in (r["author_a"], r["author_b"]) for r in leaders)
    assert {r["thread"] for r in rows} == {T003}


def test_contested_claims(corpus_graph, driver, database) -> None:
    rows = q(driver, database, "contested_claims", thread=T000)
    assert rows[0]["author"] == "Axel Schultze"
    assert {"Lior Arussy", "Ray"} <= set(rows[0]["disagreeing"])


def test_topic_positions_hold_the_right_authors(corpus_graph, driver, database) -> None:
    for topic, one, other in (("power-vs-influence", "Axel Schultze", "Lior Arussy"),
                              ("segmentation", "Shaun Smith", "Mitch Lieberman")):
        rows = q(driver, database, "topic_positions", topic=topic)
        sides = [set(r["authors"]) for r in rows if r["authors"]]
        assert len(sides) >= 2, (topic, rows)
        assert any(one in s and other not in s for s in sides), (topic, rows)
        assert any(other in s and one not in s for s in sides), (topic, rows)


def test_reply_tree_of_nested_thread(corpus_graph, driver, database) -> None:
    rows = q(driver, database, "reply_tree", thread=T004)
    assert rows[0]["kind"] == "article" and rows[0]["author"] == "Jeanne Bliss"
    nested = {(r["author"], r["replies_to_author"]) for r in rows if r["depth"] >= 2}
    assert ("Jeanne Bliss", "Don Smith") in nested
    assert [r["post"] for r in rows] == list(range(len(rows)))


def test_allies_and_opponents(corpus_graph, driver, database) -> None:
    rows = {r["other"]: r["relation"] for r in q(driver, database, "author_allies_opponents",
                                                  author="Axel")}
    assert rows["Lior Arussy"] == "opponent"
    assert rows["Esther"] == "ally"


def test_one_topics_stances(corpus_graph, driver, database) -> None:
    rows = q(driver, database, "topic_stances", topic="segmentation")
    pairs = {(r["from_author"], r["to_author"], r["kind"]) for r in rows}
    assert ("Shaun Smith", "Mitch Lieberman", "disagreement") in pairs
    assert {r["topic"] for r in rows} == {"Customer segmentation"}


def test_unanswered_claims(corpus_graph, driver, database) -> None:
    rows = q(driver, database, "unanswered_claims", thread=T001, limit=1000)
    claims = [c for b in corpus_graph["bundles"] if b.thread.id == T001 for c in b.claims]
    assert len(rows) == len(claims) > 0  # a lone article: nobody answered any of it
    answered = q(driver, database, "unanswered_claims", thread=T000, limit=1000)
    assert "Lior Arussy" not in {r["author"] for r in answered}


def test_disagreement_chains(corpus_graph, driver, database) -> None:
    rows = q(driver, database, "disagreement_chains")
    assert ["Axel Schultze", "Lior Arussy", "Axel Schultze"] in [r["authors"] for r in rows]


def test_split_allies(corpus_graph, driver, database) -> None:
    rows = q(driver, database, "split_allies")
    pairs = {(r["author_a"], r["author_b"]) for r in rows}
    assert ("Don Smith", "Jeanne Bliss") in pairs


def test_full_text_search(corpus_graph, driver, database) -> None:
    rows = q(driver, database, "search_claims", q="segmentation")
    assert rows and all("segment" in r["claim"].lower() for r in rows)
    assert {"Mitch Lieberman", "Shaun Smith"} <= {r["author"] for r in rows}


def test_thread_overview(corpus_graph, driver, database) -> None:
    rows = {r["thread"]: r for r in q(driver, database, "thread_overview")}
    assert rows[T000]["article_author"] == "Axel Schultze" and rows[T000]["posts"] == 9
    assert rows[T003]["article_author"] == "Shaun Smith" and rows[T003]["posts"] == 26
    assert rows[T001]["posts"] == 1


def test_active_authors(corpus_graph, driver, database) -> None:
    rows = q(driver, database, "active_authors")
    assert rows[0]["author"] == "Shaun Smith" and rows[0]["threads"] == 2


def test_partial_agreements(corpus_graph, driver, database) -> None:
    rows = q(driver, database, "partial_agreements", thread=T000)
    assert ("Ray", "Axel Schultze") in {(r["from_author"], r["to_author"]) for r in rows}


def test_topic_overview(corpus_graph, driver, database) -> None:
    rows = {r["id"]: r for r in q(driver, database, "topic_overview")}
    for topic in ("power-vs-influence", "segmentation"):
        assert rows[topic]["disagreements"] >= 1 and rows[topic]["positions"] >= 2


def test_open_questions(corpus_graph, driver, database) -> None:
    rows = q(driver, database, "open_questions", thread=T000)
    assert "Ryan" in {r["asked_by"] for r in rows}


def test_mentions(corpus_graph, driver, database) -> None:
    rows = {(r["author"], r["mentions"]) for r in q(driver, database, "mentions", limit=500)}
    assert ("Axel Schultze", "Lior Arussy") in rows
    assert ("Shaun Smith", "Walter Adamson") in rows


def test_article_author_responses(corpus_graph, driver, database) -> None:
    rows = q(driver, database, "article_author_responses")
    found = {(r["article_author"], r["commenter"], r["kind"]) for r in rows}
    assert ("Axel Schultze", "Lior Arussy", "disagreement") in found
    assert ("Jeanne Bliss", "Don Smith", "agreement") in found
