"""Small hand-made threads for the web tests: a debate whose every count is known, and a hostile one."""

from __future__ import annotations

from kg.models import Author, Claim, Post, Span, Stance, Thread, ThreadBundle, Topic

DEMO = "web-demo"
HOSTILE = "web-hostile"
PAYLOAD_SCRIPT = "<script>window.__pwned = 'script';</script>"
PAYLOAD_IMG = '"><img src=x onerror="window.__pwned=\'img\'">'
PAYLOAD_LINK = "<a href=\"javascript:window.__pwned='link'\">click me</a>"
PAYLOAD_SVG = "<svg onload=\"window.__pwned='svg'\"></svg>"


def _posts(thread_id: str, rows: list[tuple]) -> list[Post]:
    """Posts from (index, author, reply_to_index, text) rows, with consistent spans and depths."""
    posts, offset, depth = [], 0, {}
    for index, author, parent, text in rows:
        depth[index] = 0 if parent is None else depth[parent] + 1
        posts.append(Post(
            id=f"{thread_id}:p{index}", index=index, kind="article" if index == 0 else "comment",
            author=author, author_method="byline", author_confidence=0.9,
            reply_to=None if parent is None else f"{thread_id}:p{parent}",
            reply_method=None if parent is None else "quote", reply_confidence=0.8,
            depth=depth[index], text=text, span=Span(start=offset, end=offset + len(text))))
        offset += len(text) + 2
    return posts


def _claim(post: Post, n: int, text: str, topics: list[str]) -> Claim:
    start = post.span.start + post.text.index(text)
    return Claim(id=f"{post.id}:c{n}", post=post.id, text=text,
                 span=Span(start=start, end=start + len(text)), topics=topics)


def demo_bundle() -> ThreadBundle:
    """Ada writes; Ben disagrees twice (once in part), Cora and Dan agree."""
    a = {n: f"author:{n}" for n in ("ada-writer", "ben-critic", "cora-ally", "dan-quiet")}
    posts = _posts(DEMO, [
        (0, a["ada-writer"], None, "Remote work is the future of knowledge work. Offices will shrink."),
        (1, a["ben-critic"], 0, "I disagree with this. Remote work hurts mentoring of juniors."),
        (2, a["cora-ally"], 0, "I agree with Ada. Remote work makes teams more productive."),
        (3, a["ada-writer"], 1, "You are wrong, Ben. Mentoring works fine over video calls."),
        (4, a["ben-critic"], 2, "Partly true, but productivity is not everything."),
        (5, a["dan-quiet"], 3, "Good point about video calls, I agree."),
    ])
    topics = [Topic(id="remote-work", name="remote work"), Topic(id="mentoring", name="mentoring")]
    claims = [
        _claim(posts[0], 0, "Remote work is the future of knowledge work.", ["remote-work"]),
        _claim(posts[1], 0, "Remote work hurts mentoring of juniors.", ["remote-work", "mentoring"]),
        _claim(posts[2], 0, "Remote work makes teams more productive.", ["remote-work"]),
        _claim(posts[3], 0, "Mentoring works fine over video calls.", ["remote-work", "mentoring"]),
        _claim(posts[4], 0, "productivity is not everything.", ["remote-work"]),
    ]

    def stance(n: int, kind: str, src: int, dst: int, cue: str, **extra) -> Stance:
        return Stance(id=f"{DEMO}:p{src}>p{dst}:s{n}", kind=kind, from_post=posts[src].id,
                      to_post=posts[dst].id, cue=cue, confidence=0.8, **extra)

    stances = [
        stance(0, "disagreement", 1, 0, "I disagree", topic="remote-work",
               from_claim=claims[1].id, to_claim=claims[0].id),
        stance(0, "agreement", 2, 0, "I agree", topic="remote-work",
               from_claim=claims[2].id, to_claim=claims[0].id),
        stance(0, "disagreement", 3, 1, "You are wrong", topic="mentoring",
               from_claim=claims[3].id, to_claim=claims[1].id),
        stance(0, "disagreement", 4, 2, "Partly true, but", partial=True, topic="remote-work",
               from_claim=claims[4].id, to_claim=claims[2].id),
        stance(0, "agreement", 5, 3, "I agree"),
    ]
    return ThreadBundle(
        thread=Thread(id=DEMO, title="Is remote work the future?", source="web-demo.txt",
                      url="https://example.org/remote", site="example.org",
                      published="2020-05-01"),
        posts=posts, claims=claims, stances=stances, topics=topics,
        authors=[Author(id=a["ada-writer"], name="Ada Writer"),
                 Author(id=a["ben-critic"], name="Ben Critic"),
                 Author(id=a["cora-ally"], name="Cora Ally"),
                 Author(id=a["dan-quiet"], name="Dan Quiet")])


def hostile_bundle() -> ThreadBundle:
    """Markup and script in titles, author names, post text and claims: it must stay text."""
    evil = {"img": "author:evil-img", "script": "author:evil-script"}
    posts = _posts(HOSTILE, [
        (0, evil["script"], None, f"Opening {PAYLOAD_SCRIPT} remote work is fine {PAYLOAD_LINK}"),
        (1, evil["img"], 0, f"I disagree {PAYLOAD_IMG} remote work is bad {PAYLOAD_SVG}"),
    ])
    claims = [_claim(posts[0], 0, f"remote work is fine {PAYLOAD_LINK}", ["remote-work"]),
              _claim(posts[1], 0, f"remote work is bad {PAYLOAD_SVG}", ["remote-work"])]
    return ThreadBundle(
        thread=Thread(id=HOSTILE, title=f"Hostile {PAYLOAD_IMG}", source="hostile.txt",
                      url="javascript:window.__pwned='url'"),
        posts=posts, claims=claims,
        stances=[Stance(id=f"{HOSTILE}:p1>p0:s0", kind="disagreement", from_post=posts[1].id,
                        to_post=posts[0].id, from_claim=claims[1].id, to_claim=claims[0].id,
                        topic="remote-work", cue=f"I disagree {PAYLOAD_SCRIPT}")],
        topics=[Topic(id="remote-work", name="remote work")],
        authors=[Author(id=evil["script"], name=f"Mallory {PAYLOAD_SCRIPT}"),
                 Author(id=evil["img"], name=f"Eve {PAYLOAD_IMG}")])
