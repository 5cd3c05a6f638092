"""Argdown text: each post's claims as statements, stances as support and attack relations.

Claims are statements titled by their id (``[t1:p1:c0]: text #topic``), grouped under one
heading per post with its author; a stance is an outgoing relation of the responding
claim: ``+>`` supports, ``->`` attacks. As in the AIF export, a stance recorded between
posts only is anchored on each post's first claim, or on a statement holding the post's text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from kg.models import ThreadBundle

ARROWS = {"agreement": "+>", "disagreement": "->"}


def to_argdown(bundles: Iterable[ThreadBundle]) -> str:
    """Every thread as one Argdown document."""
    return "\n".join(_thread(b) for b in bundles)


def _thread(bundle: ThreadBundle) -> str:
    names = {a.id: a.name for a in bundle.authors}
    by_post = defaultdict(list)
    for claim in sorted(bundle.claims, key=lambda c: (c.span.start, c.id)):
        by_post[claim.post].append(claim)
    anchor = {post: claims[0].id for post, claims in by_post.items()}
    outgoing: dict[str, list[str]] = defaultdict(list)
    for x in bundle.stances:
        a = x.from_claim or anchor.get(x.from_post, x.from_post)
        b = x.to_claim or anchor.get(x.to_post, x.to_post)
        note = " (partial)" if x.partial else ""
        outgoing[a].append(f"  {ARROWS[x.kind]} [{b}]{note}")
    lines = [f"# {_clean(bundle.thread.title)} ({bundle.thread.id})", ""]
    for post in sorted(bundle.posts, key=lambda p: p.index):
        who = names.get(post.author or "", "unknown author")
        lines += [f"## {post.kind} {post.index}: {_clean(who)}", ""]
        statements = [(c.id, c.text, c.topics) for c in by_post.get(post.id, [])]
        if not statements and post.id in outgoing or post.id in _targets(bundle, anchor):
            statements = statements or [(post.id, post.text, [])]
        for sid, text, topics in statements:
            tags = "".join(f" #({t})" for t in topics)
            lines.append(f"[{sid}]: {_clean(text)}{tags}")
            lines += outgoing.get(sid, [])
        lines.append("")
    return "\n".join(lines)


def _targets(bundle: ThreadBundle, anchor: dict[str, str]) -> set[str]:
    """Posts without claims that a stance points at: they need a statement of their own."""
    return {x.to_post for x in bundle.stances if not x.to_claim and x.to_post not in anchor}


def _clean(text: str) -> str:
    """One line, without the brackets that would open a new Argdown element."""
    return " ".join(text.split()).replace("[", "(").replace("]", ")").replace("<", "‹").replace(">", "›")
