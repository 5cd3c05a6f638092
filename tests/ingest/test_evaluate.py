"""Scoring against gold annotations: counts that follow from a known bundle."""

from ingest.evaluate import Report, Score, format_table, score_thread
from kg.models import Author, Claim, Post, Span, Stance, Thread, ThreadBundle, Topic

GOLD = {
    "thread": "t",
    "posts": [
        {"key": "a", "anchor": "Article text here", "author": "Jane Roe"},
        {"key": "c1", "anchor": "first comment", "author": "Ann Lee", "reply_to": "a"},
        {"key": "c2", "anchor": "second comment", "author": None, "reply_to": ["c1", "a"]},
    ],
    "stances": [
        {
            "from": "c1",
            "to": "a",
            "kind": "disagreement",
            "topic": "listening",
            "to_claim": "Article text",
        },
        {"from": "c2", "to": "c1", "kind": "agreement", "topic": None},
    ],
}


def _bundle() -> ThreadBundle:
    def post(i, text, author, reply):
        return Post(
            id=f"t:p{i}",
            index=i,
            kind="article" if i == 0 else "comment",
            text=text,
            span=Span(start=0, end=1),
            author=author,
            reply_to=reply,
        )

    return ThreadBundle(
        thread=Thread(id="t", title="T", source="t.txt"),
        posts=[
            post(0, "Article text here.", "author:jane-roe", None),
            post(1, "The first   comment.", "author:bob", "t:p0"),
            post(2, "The second comment.", "author:bob", "t:p0"),
            post(3, "Spam post.", None, "t:p0"),
        ],
        authors=[
            Author(id="author:jane-roe", name="Jane Roe"),
            Author(id="author:bob", name="Bob"),
        ],
        claims=[
            Claim(id="t:p0:c1", post="t:p0", text="Article text here.", span=Span(start=0, end=1))
        ],
        stances=[
            Stance(
                id="s1",
                kind="disagreement",
                from_post="t:p1",
                to_post="t:p0",
                to_claim="t:p0:c1",
                topic="listening",
            ),
            Stance(
                id="s2", kind="disagreement", from_post="t:p2", to_post="t:p1", topic="listening"
            ),
        ],
        topics=[Topic(id="listening", name="Listening")],
    )


def _counts(s: Score) -> tuple[int, int, int]:
    return s.tp, s.fp, s.fn


def test_scores_per_task():
    scores = score_thread(GOLD, _bundle())
    assert _counts(scores["posts"]) == (3, 1, 0)
    assert _counts(scores["authors"]) == (1, 2, 1)  # Bob is wrong on c1 and invented on c2
    assert _counts(scores["replies"]) == (2, 0, 0)
    assert _counts(scores["stances"]) == (1, 1, 1)  # wrong kind on c2 -> c1
    assert _counts(scores["stance targets"]) == (1, 0, 0)
    assert _counts(scores["topics"]) == (1, 1, 0)


def test_ratios_and_table():
    s = Score(tp=3, fp=1, fn=2)
    assert (round(s.precision, 2), round(s.recall, 2), round(s.f1, 2)) == (0.75, 0.6, 0.67)
    report = Report(threads={"t": score_thread(GOLD, _bundle())})
    table = format_table(report)
    assert "stance targets" in table and "all threads" in table
