"""Rendering a planned thread as a saved web page (text) or as the JSON thread format.

The text rendering yields lines, so a writer can stream a 5,000-comment page to disk
without building it as one string. What the reader is expected to find (posts, dropped
pingbacks) is returned alongside, for the corpus manifest.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from bench import prose
from bench.threads import (
    PINGBACK_RATE,
    ThreadPlan,
    article_paragraphs,
    bio,
    comment_body,
    page_order,
    sign_off,
)
from bench.vocabulary import SUBJECTS

EPOCH = datetime(2021, 3, 1, 9, 0, 0)
CHROME_TOP = ("Share on LinkedIn", "Share this:", "Tweet")
CHROME_END = ("Leave a Reply", "Please enter your comment!", "Please enter your name here",
              "Notify me of follow-up comments by email.")


def text_lines(rng: random.Random, plan: ThreadPlan, stats: dict[str, int]) -> Iterator[str]:
    """The page line by line; ``stats['pingbacks']`` counts the items the reader should drop."""
    yield plan.title
    yield ""
    yield ""
    if rng.random() < 0.6:
        yield rng.choice(CHROME_TOP)
        yield ""
    for para in article_paragraphs(rng, plan):
        yield from para.split("\n")
        yield ""
    host = plan.authors[0] or "Unknown Writer"
    yield host
    yield bio(rng, host)
    yield ""
    yield ""
    if plan.posts > 1:
        if rng.random() < 0.7:
            yield f"{plan.posts - 1} comments to “{plan.title}”"
            yield ""
        yield from _comments(rng, plan, stats)
    yield ""
    for line in CHROME_END[: rng.randint(1, len(CHROME_END))]:
        yield line
        yield ""


def _comments(rng: random.Random, plan: ThreadPlan, stats: dict[str, int]) -> Iterator[str]:
    numbers = [0] * plan.posts  # the next list number under each parent (numbered style)
    for i in page_order(plan):
        depth = plan.depth[i]
        if depth == 1 and rng.random() < PINGBACK_RATE:
            stats["pingbacks"] = stats.get("pingbacks", 0) + 1
            yield f"  • […] wrote about {rng.choice(SUBJECTS)} in a longer post […]" \
                if plan.style == "bullets" else \
                f"  {_next(numbers, 0)}. […] wrote about {rng.choice(SUBJECTS)} in a longer post […]"
            yield ""
        if plan.style == "bullets":
            yield from _bullet_comment(rng, plan, i, "  " * depth)
        else:
            label = f"{_next(numbers, plan.parents[i])}."
            yield from _numbered_comment(rng, plan, i, "  " * depth, label)


def _next(numbers: list[int], parent: int) -> int:
    numbers[parent] += 1
    return numbers[parent]


def _bullet_comment(rng: random.Random, plan: ThreadPlan, i: int, indent: str) -> Iterator[str]:
    """"• Name" on the marker line, the body two columns deeper; unsigned ones open with text."""
    body = indent + "  "
    writer = plan.authors[i]
    greeting, paras = comment_body(rng, plan, i)
    if writer:
        yield f"{indent}• {writer}"
        yield ""
        if greeting:
            yield body + greeting
    else:
        # an unsigned comment opens with its greeting, or with its first paragraph
        yield f"{indent}• {greeting or paras.pop(0)}"
        if not greeting and paras:
            yield ""
    yield from _paragraphs(body, paras)
    yield ""


def _numbered_comment(rng: random.Random, plan: ThreadPlan, i: int, indent: str,
                      label: str) -> Iterator[str]:
    """"1. text" with the body two columns deeper and the writer's signature at the end."""
    body = indent + "  "
    writer = plan.authors[i]
    greeting, paras = comment_body(rng, plan, i)
    if greeting:
        yield f"{indent}{label} {greeting}"
        yield ""
    else:
        yield f"{indent}{label} {paras.pop(0)}"
        if paras:
            yield ""
    paras += _inner_list(rng) if rng.random() < 0.03 else []
    yield from _paragraphs(body, paras)
    if writer:
        yield ""
        yield from (body + line for line in sign_off(rng, writer))
    yield ""


def _paragraphs(indent: str, paras: list[str]) -> Iterator[str]:
    """Paragraphs indented line by line, a blank line between two."""
    for n, para in enumerate(paras):
        yield from (indent + line for line in para.split("\n"))
        if n < len(paras) - 1:
            yield ""


def _inner_list(rng: random.Random) -> list[str]:
    """A numbered list inside a comment, introduced by a colon and followed by a closing line."""
    count = rng.randint(2, 3)
    items = "\n".join(f"{n}. {prose.fill(rng, prose.QUESTIONS)}" for n in range(1, count + 1))
    return [f"Let me ask {count} simple questions:", items, "Curious what others think."]


def json_thread(rng: random.Random, plan: ThreadPlan) -> dict[str, Any]:
    """The same conversation as a thread object of the JSON thread format."""
    when = EPOCH + timedelta(days=rng.randrange(1200), minutes=rng.randrange(1440))
    posts: list[dict[str, Any]] = [{
        "id": "p0", "author": plan.authors[0], "published": when.isoformat(),
        "text": "\n\n".join(article_paragraphs(rng, plan)),
    }]
    for i in range(1, plan.posts):
        when += timedelta(minutes=rng.randint(1, 240))
        greeting, paras = comment_body(rng, plan, i)
        text = "\n\n".join(([greeting] if greeting else []) + paras)
        parent = plan.parents[i]
        posts.append({"id": f"p{i}", "author": plan.authors[i],
                      "reply_to": None if parent == 0 else f"p{parent}",
                      "published": when.isoformat(), "text": text})
    return {"title": plan.title, "url": f"https://forum.example.org/t/{plan.name}",
            "site": "forum.example.org", "published": posts[0]["published"], "posts": posts}
