"""One synthetic thread: its reply tree, its cast, and its rendering as a saved page or as JSON.

A thread is planned first (who answers whom, who wrote what) and rendered second, so the text
and JSON forms of the same plan describe the same conversation. The saved-page rendering
follows the layout of comment pages saved as text: a title, the article with numbered
points, the author's name and bio, a comment header, then the comments as a list nested by
indentation (bullets with the writer's name on the marker line, or numbers with a signature
at the end), salutations, sign-offs, page chrome, and now and then a pingback.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from bench import prose
from bench.vocabulary import COMPANIES, ROLES, SUBJECTS, TAGLINES, TITLE_PATTERNS

TEXT_MAX_DEPTH = 6  # nesting that comment pages typically allow
JSON_MAX_DEPTH = 12  # converted forums nest deeper
TOP_LEVEL_RATE = 0.45  # share of comments that answer the article itself
UNSIGNED_RATE = 0.08  # comments that carry no name at all
ARTICLE_AUTHOR_RATE = 0.12  # replies written by the article's author
PINGBACK_RATE = 0.005  # extra top-level items the reader should drop


@dataclass
class ThreadPlan:
    """The conversation of one thread, independent of how it is rendered."""

    name: str
    fmt: str  # "text" or "json"
    style: str  # "bullets" or "numbered" (text only)
    title: str
    parents: list[int]  # parents[i] is the post post i answers; -1 for the article
    authors: list[str | None]  # writer of each post in order of writing; None when unsigned
    depth: list[int] = field(default_factory=list)

    @property
    def posts(self) -> int:
        return len(self.parents)

    def children(self) -> list[list[int]]:
        """Replies of each post in order of writing."""
        kids: list[list[int]] = [[] for _ in self.parents]
        for i, p in enumerate(self.parents):
            if p >= 0:
                kids[p].append(i)
        return kids


def reply_tree(rng: random.Random, comments: int, max_depth: int) -> tuple[list[int], list[int]]:
    """Parents and depths: a share of comments answer the article, the rest a recent comment."""
    parents, depth = [-1], [0]
    for i in range(1, comments + 1):
        if i == 1 or rng.random() < TOP_LEVEL_RATE:
            p = 0
        elif rng.random() < 0.55:
            p = i - 1  # a reply to the comment just above: the usual back-and-forth
        else:
            p = rng.randrange(max(1, i - 30), i)
        while depth[p] >= max_depth:
            p = parents[p]
        parents.append(p)
        depth.append(depth[p] + 1)
    return parents, depth


def cast(rng: random.Random, parents: list[int], people: list[str], *,
         unsigned_rate: float) -> list[str | None]:
    """Writers: a thread-sized cast with a few regulars; nobody answers themselves."""
    comments = len(parents) - 1
    size = max(2, min(len(people) - 1, round(1.5 * comments ** 0.8)))
    chosen = rng.sample(people, size + 1)
    host, crowd = chosen[0], chosen[1:]
    weights = [1.0 / (k + 2) for k in range(len(crowd))]
    authors: list[str | None] = [host]
    for i in range(1, len(parents)):
        parent_author = authors[parents[i]]
        if parent_author != host and rng.random() < ARTICLE_AUTHOR_RATE:
            who: str | None = host
        else:
            who = rng.choices(crowd, weights=weights)[0]
            if who == parent_author:
                who = crowd[(crowd.index(who) + 1) % len(crowd)]
        authors.append(None if rng.random() < unsigned_rate else who)
    return authors


def plan_thread(rng: random.Random, name: str, posts: int, fmt: str, people: list[str]) -> ThreadPlan:
    """A full plan for a thread of ``posts`` posts (the article counts as one)."""
    max_depth = TEXT_MAX_DEPTH if fmt == "text" else JSON_MAX_DEPTH
    parents, depth = reply_tree(rng, posts - 1, max_depth)
    unsigned = UNSIGNED_RATE if fmt == "text" else UNSIGNED_RATE / 2
    authors = cast(rng, parents, people, unsigned_rate=unsigned)
    title = rng.choice(TITLE_PATTERNS).format(
        n=rng.randint(3, 10), subject=_title_case(rng.choice(SUBJECTS)))
    style = rng.choice(("bullets", "numbered")) if fmt == "text" else "json"
    return ThreadPlan(name, fmt, style, title, parents, authors, depth)


def _title_case(phrase: str) -> str:
    return " ".join(w if w.isupper() else w.capitalize() for w in phrase.split())


def _first(name: str | None) -> str:
    return name.split()[0] if name else ""


# -- article -------------------------------------------------------------------------------------
def article_paragraphs(rng: random.Random, plan: ThreadPlan) -> list[str]:
    """The article body: intro, numbered points, conclusion (without the byline)."""
    paras = [prose.paragraph(rng, rng.randint(3, 5), question_rate=0.05) for _ in range(2)]
    for n, (head, body) in enumerate(prose.article_points(rng, rng.randint(3, 6)), start=1):
        paras += [f"{n}) {head}\n{body}"]
    paras.append(prose.paragraph(rng, rng.randint(2, 4), question_rate=0.1))
    return paras


def bio(rng: random.Random, name: str) -> str:
    """A bio line under the article author's name."""
    first = _first(name)
    return (f"{first} is the {rng.choice(ROLES).lower()} of {rng.choice(COMPANIES)}. "
            f"{rng.choice(TAGLINES)}.")


# -- comment text (shared by both renderings) -------------------------------------------------
def salutation(rng: random.Random, addressee: str | None) -> tuple[str, str]:
    """A greeting line of its own, or an inline prefix, addressed to the parent's writer."""
    if not addressee or rng.random() < 0.35:
        return "", ""
    first = _first(addressee)
    form = rng.randrange(4)
    if form == 0:
        return f"Hi {first},", ""
    if form == 1:
        return f"{first},", ""
    if form == 2:
        return "", f"@{first} – "
    return "", f"{first}, "


def multi_address(rng: random.Random, targets: list[str]) -> list[str]:
    """An author answering several commenters in turn: "@A – ...", "@B – ..."."""
    paras = [rng.choice(prose.THANKS)]
    for target in targets:
        opener, _ = prose.stance_opener(rng)
        paras.append(f"@{_first(target)} – {opener} {prose.paragraph(rng, rng.randint(1, 3))}".strip())
    return paras


def comment_body(rng: random.Random, plan: ThreadPlan, i: int) -> tuple[str, list[str]]:
    """Greeting line (may be empty) and paragraphs of comment ``i``."""
    parent = plan.parents[i]
    writer = plan.authors[i]
    if parent == 0 and writer == plan.authors[0] and writer and i > 3 and rng.random() < 0.5:
        earlier = [a for a in plan.authors[1:i] if a and a != writer]
        targets = list(dict.fromkeys(earlier))[-3:]
        if len(targets) >= 2:
            return "", multi_address(rng, targets)
    greeting, inline = salutation(rng, plan.authors[parent])
    paras = prose.comment_paragraphs(rng, reply=parent != 0 or rng.random() < 0.6)
    if inline:
        first = paras[0]
        keep = first.startswith(("I ", "I'")) or first[:2].isupper()
        paras[0] = inline + (first if keep else first[:1].lower() + first[1:])
    return greeting, paras


def sign_off(rng: random.Random, name: str) -> list[str]:
    """Signature lines: the name alone, with a role, or after a closing word."""
    form = rng.randrange(4)
    if form == 0:
        return [name]
    if form == 1:
        return [f"{name}, {rng.choice(ROLES)} at {rng.choice(COMPANIES)}"]
    if form == 2:
        return [name, rng.choice(TAGLINES)]
    return [rng.choice(("Cheers,", "Best regards,", "Regards,")), name]


def page_order(plan: ThreadPlan) -> Iterator[int]:
    """Comments as a page shows them: each followed by its replies, depth first."""
    kids = plan.children()
    stack = list(reversed(kids[0]))
    while stack:
        i = stack.pop()
        yield i
        stack.extend(reversed(kids[i]))
