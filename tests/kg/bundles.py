"""Small hand-made threads for the kg tests: the shapes the extractor produces, no corpus text."""

from __future__ import annotations

import random

from kg.models import Author, Claim, Post, Span, Stance, Thread, ThreadBundle, Topic


def _span(text: str, offset: int) -> Span:
    return Span(start=offset, end=offset + len(text))


def make_bundle(thread_id: str = "t1", *, extra_comment: bool = False) -> ThreadBundle:
    """An article by Ada, a disagreeing comment by Ben, an agreeing one by Cy, Ada's reply.

    Topic ``remote-work``: Ada and Cy on one side, Ben on the other. ``extra_comment`` adds a
    fifth post (by Dee, agreeing with Ben), to test re-ingest of a changed thread.
    """
    texts = [
        "Remote work makes teams more productive. Offices waste commuting time.",
        "I disagree. Remote work isolates junior staff.",
        "Agreed, remote work lets people focus.",
        "Ben, isolation is a management failure, not a remote work failure.",
    ]
    authors = [Author(id="author:ada", name="Ada Park"), Author(id="author:ben", name="Ben Ode"),
               Author(id="author:cy", name="Cy Moss", aliases=["Cy"])]
    owners = ["author:ada", "author:ben", "author:cy", "author:ada"]
    parents = [None, 0, 0, 1]
    if extra_comment:
        texts.append("Ben is right: remote work isolates people.")
        authors.append(Author(id="author:dee", name="Dee Kay"))
        owners.append("author:dee")
        parents.append(1)
    offset, posts = 0, []
    for i, text in enumerate(texts):
        posts.append(Post(
            id=f"{thread_id}:p{i}", index=i, kind="article" if i == 0 else "comment",
            author=owners[i], author_method="signature", author_confidence=0.9,
            reply_to=None if parents[i] is None else f"{thread_id}:p{parents[i]}",
            reply_method=None if parents[i] is None else "nesting",
            reply_confidence=0.0 if parents[i] is None else 1.0,
            depth=0 if parents[i] is None else (2 if parents[i] else 1),
            text=text, span=_span(text, offset),
            mentions=["author:ben"] if i == 3 else []))
        offset += len(text) + 2
    claims = _claims(thread_id, posts)
    stances = [
        Stance(id=f"{thread_id}:p1>p0:s0", kind="disagreement", from_post=posts[1].id,
               to_post=posts[0].id, from_claim=f"{thread_id}:p1:c1",
               to_claim=f"{thread_id}:p0:c0", topic="remote-work", cue="I disagree",
               span=_span("I disagree", posts[1].span.start), confidence=0.8),
        Stance(id=f"{thread_id}:p2>p0:s0", kind="agreement", from_post=posts[2].id,
               to_post=posts[0].id, topic="remote-work", cue="Agreed", confidence=0.7),
        Stance(id=f"{thread_id}:p3>p1:s0", kind="disagreement", partial=False,
               from_post=posts[3].id, to_post=posts[1].id, topic="remote-work",
               cue="not a", confidence=0.6),
    ]
    if extra_comment:
        stances.append(Stance(id=f"{thread_id}:p4>p1:s0", kind="agreement",
                              from_post=posts[4].id, to_post=posts[1].id, topic="remote-work",
                              cue="is right", confidence=0.7))
    return ThreadBundle(
        thread=Thread(id=thread_id, title=f"Remote work ({thread_id})", source=f"{thread_id}.txt"),
        posts=posts, authors=authors, claims=claims, stances=stances,
        topics=[Topic(id="remote-work", name="remote work"),
                Topic(id="offices", name="offices")],
        keyphrases=["commuting time"])


def _claims(thread_id: str, posts: list[Post]) -> list[Claim]:
    out = []
    for post in posts:
        sentences = [x.strip() + "." for x in post.text.split(".") if x.strip()]
        cursor = post.span.start
        for n, sentence in enumerate(sentences):
            start = post.text.find(sentence.rstrip("."))
            topics = ["remote-work"] if "remote" in sentence.lower() else []
            if "office" in sentence.lower():
                topics.append("offices")
            out.append(Claim(id=f"{post.id}:c{n}", post=post.id, text=sentence,
                             span=Span(start=cursor + max(start, 0),
                                       end=cursor + max(start, 0) + len(sentence)),
                             topics=topics))
    return out


def random_bundles(seed: int, threads: int = 10, posts: int = 8) -> list[ThreadBundle]:
    """Threads of random debate: authors shared between threads, claims on one, two or no
    topics, stances of every kind (with or without a topic or named claims, weights from a small
    set so that ties happen, ``0`` included). Thread ids depend on ``threads`` alone, so another
    seed gives other debates in the same threads. For comparing the graph's positions with the split."""
    rng = random.Random(seed)
    topics = [Topic(id=t, name=t) for t in ("t1", "t2", "t3")]
    people = [Author(id=f"author:{n}", name=f"Person {n}") for n in range(6)]
    return [_random_thread(rng, f"rt{n}", posts, people, topics) for n in range(threads)]


def _random_thread(rng: random.Random, thread_id: str, n_posts: int, people: list[Author],
                   topics: list[Topic]) -> ThreadBundle:
    posts, claims, stances = [], [], []
    for i in range(n_posts):
        text = f"Post {i} of {thread_id}."
        author = rng.choice([*people, None])
        posts.append(Post(id=f"{thread_id}:p{i}", index=i, kind="article" if i == 0 else "comment",
                          author=author.id if author else None, text=text,
                          span=_span(text, 0)))
        for n in range(rng.randint(0, 4)):
            chosen = rng.sample([t.id for t in topics], rng.choice([0, 1, 1, 1, 2]))
            claims.append(Claim(id=f"{thread_id}:p{i}:c{n}", post=posts[-1].id, text=text,
                                span=_span(text, 0), topics=chosen))
    by_post = {p.id: [c.id for c in claims if c.post == p.id] for p in posts}

    def named(post: str) -> str | None:  # now and then a claim of another post of the thread
        pool = by_post[post] if rng.random() < 0.85 else [c.id for c in claims]
        return rng.choice([None, *pool])

    for n in range(rng.randint(0, 2 * n_posts)):
        a, b = rng.sample(posts, 2)
        stances.append(Stance(
            id=f"{thread_id}:s{n:02d}", kind=rng.choice(["agreement", "disagreement"]),
            partial=rng.random() < 0.2, from_post=a.id, to_post=b.id,
            from_claim=named(a.id), to_claim=named(b.id),
            topic=rng.choice([None, "t1", "t1", "t2", "t3"]),
            confidence=rng.choice([0.0, 0.05, 0.1, 0.5, 0.5, 0.9])))
    return ThreadBundle(thread=Thread(id=thread_id, title=thread_id, source=f"{thread_id}.json"),
                        posts=posts, authors=people, claims=claims, stances=stances, topics=topics)
