"""Sentences and paragraphs for synthetic posts: claims, questions and stance cues.

Every choice goes through the ``random.Random`` the caller passes, so a thread's text is a
pure function of its seed. The stance openers use the cue phrases a reader of comment
threads meets ("I agree", "I disagree", "I agree and disagree", "I'm with you until #3"),
so the extraction steps have real work to do on every reply.
"""

from __future__ import annotations

import random

from bench.vocabulary import ARTICLE_POINTS, COMPANIES, OWNERS, SUBJECTS

CLAIMS = (
    "{S} only works when {o} takes it seriously.",
    "In my experience, {s} matters more than {s2}.",
    "Without {s}, {s2} becomes a slogan rather than a practice.",
    "Most companies underestimate how much {s} depends on {s2}.",
    "The real problem is not {s} but {s2}.",
    "{S} should be owned by {o}, not by {o2}.",
    "We tried {s} at {c} and it took {n} months before anyone saw an effect.",
    "Nobody gets {s} right by buying another tool.",
    "Customers notice {s} long before they notice {s2}.",
    "The companies that do {s} well rarely talk about it.",
    "{S} is where most programmes quietly stall.",
    "If {o} does not own {s}, nobody will.",
    "Treating {s} as a project instead of a habit is the usual mistake.",
    "Getting {s} right pays for itself within {n} quarters, in my view.",
    "Too often {s} is measured and never acted on.",
)

QUESTIONS = (
    "How would you measure {s} in a company of {n}00 people?",
    "Is {s} really different from {s2}?",
    "Who should own {s} when {o} does not care?",
    "What would you do first if {s} had no budget at all?",
    "Does {s} still matter once {s2} is in place?",
)

AGREE = (
    "I agree with you on {s}.",
    "I couldn't agree more.",
    "You make a good point about {s}.",
    "Well said.",
    "I agree, and {s} is the part most people miss.",
    "You're right that {s} comes first.",
)

DISAGREE = (
    "I disagree.",
    "I have to disagree with you on {s}.",
    "I don't think so.",
    "Not sure I agree that {s} is the answer.",
    "I respectfully disagree about {s}.",
)

PARTIAL = (
    "I agree and disagree with you.",
    "I could mostly agree, but {s} is a little outdated.",
    "I'm with you until #{k}.",
    "I agree with much of what you say, but not on {s}.",
)

THANKS = (
    "Thanks for the great comments.",
    "Thanks for your feedback.",
    "Thank you for sharing this.",
)


def _slots(rng: random.Random) -> dict[str, str]:
    s, s2 = rng.sample(SUBJECTS, 2)
    o, o2 = rng.sample(OWNERS, 2)
    return {"s": s, "S": s[0].upper() + s[1:], "s2": s2, "o": o, "o2": o2,
            "c": rng.choice(COMPANIES), "n": str(rng.randint(2, 18)), "k": str(rng.randint(1, 6))}


def fill(rng: random.Random, templates: tuple[str, ...]) -> str:
    """One template with its slots filled."""
    return rng.choice(templates).format(**_slots(rng))


def paragraph(rng: random.Random, sentences: int, *, question_rate: float = 0.12) -> str:
    """Claims, now and then a question."""
    out = [fill(rng, QUESTIONS if rng.random() < question_rate else CLAIMS) for _ in range(sentences)]
    return " ".join(out)


def stance_opener(rng: random.Random) -> tuple[str, str]:
    """A reply's first sentence and the stance it signals: agree, disagree, partial, question, none."""
    roll = rng.random()
    if roll < 0.30:
        return fill(rng, AGREE), "agree"
    if roll < 0.52:
        return fill(rng, DISAGREE), "disagree"
    if roll < 0.64:
        return fill(rng, PARTIAL), "partial"
    if roll < 0.76:
        return fill(rng, QUESTIONS), "question"
    return "", "none"


def comment_paragraphs(rng: random.Random, *, reply: bool) -> list[str]:
    """The body of a comment: one to four paragraphs, a stance opener when it answers someone."""
    opener, _ = stance_opener(rng) if reply else ("", "none")
    count = rng.choices((1, 2, 3, 4), weights=(45, 30, 17, 8))[0]
    paras = [paragraph(rng, rng.randint(1, 4)) for _ in range(count)]
    if opener:
        paras[0] = f"{opener} {paras[0]}"
    return paras


def article_points(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """Numbered headings of an article with a paragraph under each."""
    heads = rng.sample(ARTICLE_POINTS, count)
    return [(head, paragraph(rng, rng.randint(2, 4), question_rate=0.0)) for head in heads]
