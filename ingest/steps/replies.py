"""Replies: which post each comment answers, and why we think so.

Explicit structure first: the page's nesting (or a parent given by a structured format).
Otherwise the post's addressee ("Hi Tom,", "@Ines", "Ravi, ...", "I agree Petra"):
the comment answers that person's latest answer to the comment's own writer, if there is
one (the conversation goes on), else their most recent earlier post; when that person wrote
the article, the article itself if the comment refers to it ("your article", "#5", "your 5
points") or if the page nests replies (a reply there would have been nested). Otherwise a
quotation of an earlier post. Otherwise the article (the thread's root).
"""

from __future__ import annotations

import re

from ingest.draft import Address, AuthorsFound, DraftPost, DraftThread, ReplyLink
from ingest.steps.names import lexicon

_CONFIDENCE = {"salutation": 0.8, "at_mention": 0.8, "name_opening": 0.7, "vocative": 0.6}
_QUOTE = re.compile(r"[“\"]([^”\"\n]{20,600})[”\"]")
_WORD = re.compile(r"[^\W_]+")
_GRAM = 6  # words of a quotation that must match an earlier post


def link_replies(draft: DraftThread, found: AuthorsFound) -> dict[int, ReplyLink]:
    """A ReplyLink for every comment; index 0 stands for the article."""
    nested_page = any(p.parent_index is not None for p in draft.posts if p.kind == "comment")
    given = "nesting" if draft.format == "text" else "given"
    quoted = _quotation_sources(draft)
    seen = _Seen()
    links: dict[int, ReplyLink] = {}
    for post in draft.posts:
        author = _author(found, post.index)
        if post.kind == "comment":
            link = _link(post, found, seen, nested_page, given, quoted)
            links[post.index] = link
            parent_author = _author(found, link.parent_index)
            if author is not None and parent_author is not None:
                seen.answers[(author, parent_author)] = post.index
        if author is not None:
            seen.latest[author] = post.index
    return links


class _Seen:
    """What earlier posts tell about later ones, kept up to date in one pass."""

    def __init__(self) -> None:
        self.latest: dict[str, int] = {}  # author id -> their most recent post so far
        self.answers: dict[tuple[str, str], int] = {}  # (writer, answered) -> latest such post


def _author(found: AuthorsFound, index: int | None) -> str | None:
    attribution = found.by_post.get(index) if index is not None else None
    return attribution.author_id if attribution else None


def _link(
    post: DraftPost,
    found: AuthorsFound,
    seen: _Seen,
    nested_page: bool,
    given: str,
    quoted: dict[int, int],
) -> ReplyLink:
    if post.parent_index is not None:
        return ReplyLink(post.parent_index, given, 1.0)
    own = _author(found, post.index)
    for address in found.addresses.get(post.index, []):
        if address.author_id == own or address.author_id not in seen.latest:
            continue
        if own is not None and (address.author_id, own) in seen.answers:
            target = seen.answers[(address.author_id, own)]
        else:
            target = _target(post, address, seen.latest, found, nested_page)
        return ReplyLink(target, address.method, _CONFIDENCE.get(address.method, 0.6),
                         address.span)
    if post.index in quoted:
        return ReplyLink(quoted[post.index], "quotation", 0.7)
    return ReplyLink(0, "root", 0.9 if nested_page else 0.5)


def _target(
    post: DraftPost, address: Address, latest: dict[str, int], found: AuthorsFound, nested: bool
) -> int:
    """The addressee's most recent post, or the article they wrote when that is what is meant."""
    recent = latest[address.author_id]
    article = found.by_post.get(0)
    if recent == 0 or article is None or article.author_id != address.author_id:
        return recent
    if nested:
        return 0
    passage = post.text[address.text_start : address.text_end]
    if any(rx.search(passage) for rx in lexicon().article_reference_res):
        return 0
    return recent


def _quotation_sources(draft: DraftThread) -> dict[int, int]:
    """Post index -> the latest earlier post holding the words it quotes.

    Only the opening words of each quotation are indexed, so the scan stays linear in the
    size of the thread however many posts it has.
    """
    probes: dict[tuple[str, ...], list[int]] = {}
    for post in draft.posts:
        for m in _QUOTE.finditer(post.text):
            words = tuple(w.lower() for w in _WORD.findall(m.group(1)))
            if len(words) >= _GRAM:
                probes.setdefault(words[:_GRAM], []).append(post.index)
    if not probes:
        return {}
    holders: dict[tuple[str, ...], list[int]] = {}
    for post in draft.posts:
        words = [w.lower() for w in _WORD.findall(post.text)]
        for k in range(len(words) - _GRAM + 1):
            gram = tuple(words[k : k + _GRAM])
            if gram in probes and post.index not in holders.get(gram, [])[-1:]:
                holders.setdefault(gram, []).append(post.index)
    result: dict[int, int] = {}
    for gram, quoting in probes.items():
        for i in quoting:
            earlier = [j for j in holders.get(gram, []) if j < i]
            if earlier and i not in result:
                result[i] = earlier[-1]
    return result
