"""Authors: who wrote each post, how sure we are, and whom each post speaks to.

Evidence, strongest first: a name given by a structured format; the article's byline or bio
block and a comment's name line; a signature closing the post. For posts still unsigned,
the thread itself is read: a reply that greets its parent by name ("Thanks Petra"); a
greeting answering the question just above ("Hi Ravi,"); the article's writer answering
commenters by name or thanking them for their comments; a reply that answers "@A ... @B
... @C" in the order of the unsigned comments above it. A post nothing speaks for keeps an
unknown author: unknown posts are never pooled into one "Anonymous" person.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field

from ingest import ids
from ingest.draft import Address, Attribution, AuthorsFound, DraftPost, DraftThread
from ingest.steps.namebook import NameBook
from ingest.steps.names import NameHit, find_addresses, lexicon
from ingest.steps.signatures import find_signature
from kg.models import Author, Span

log = logging.getLogger(__name__)

_OPENING = ("salutation", "at_mention", "name_opening")
_ALIGN_WINDOW = 200  # posts looked back when lining addresses up with the posts they answer


@dataclass
class _Work:
    """What the rules know so far about one thread."""

    draft: DraftThread
    book: NameBook = field(default_factory=NameBook)
    owner: dict[int, str] = field(default_factory=dict)  # post index -> canonical name
    how: dict[int, tuple[str, float, Span | None]] = field(default_factory=dict)
    hits: dict[int, list[NameHit]] = field(default_factory=dict)
    sig_at: dict[int, int] = field(default_factory=dict)  # text offset of a signature
    children: dict[int, list[int]] = field(default_factory=dict)

    def set(self, i: int, name: str, method: str, conf: float, evidence: Span | None) -> None:
        self.owner[i] = self.book.add(name)
        self.how[i] = (method, conf, evidence)

    def context(self, i: int) -> tuple[str, ...]:
        """The people post ``i`` most likely answers: the writer of its parent or predecessor."""
        post = self.draft.posts[i]
        j = post.parent_index if post.parent_index is not None else i - 1
        return (self.owner[j],) if j in self.owner else ()

    def named(self, i: int, hits: list[NameHit]) -> list[str]:
        return list(dict.fromkeys(self.book.resolve(h.name, self.context(i)) for h in hits))

    def comments(self) -> list[DraftPost]:
        return [p for p in self.draft.posts if p.kind == "comment"]


def find_authors(draft: DraftThread) -> AuthorsFound:
    """Attribute every post of a thread, merge name variants, record addresses and mentions."""
    w = _Work(draft)
    for post in draft.posts:
        if post.parent_index is not None:
            w.children.setdefault(post.parent_index, []).append(post.index)
    _explicit(w)
    _collect_hits(w)
    if 0 not in w.owner and draft.posts and draft.posts[0].kind == "article":
        _article_from_addresses(w)
    for _ in range(3):
        changed = _answered_by_reply(w)
        changed |= _article_author_replies(w)
        changed |= _addressed_in_order(w)
        if not changed:
            break
    return _result(w)


def _explicit(w: _Work) -> None:
    """Names the page states: given names, bylines, name lines, then signatures."""
    for post in w.draft.posts:
        given = post.author_name or w.draft.speakers.get(post.index)
        if given:
            w.set(post.index, given, "given", 1.0, None)
        elif post.byline:
            method = "byline" if post.kind == "article" else "name_line"
            w.set(post.index, post.byline, method, 0.9, post.byline_span)
    for known in (None, True):  # strict signatures first; then known names trailing a line
        full = {n.lower() for n in w.book.aliases if " " in n} if known else None
        for post in w.draft.posts:
            if post.index in w.owner:
                continue
            sig = find_signature(post.text, full)
            if sig is not None:
                span = post.source_span(sig.start, sig.end)
                w.set(post.index, sig.name, "signature", sig.confidence, span)
                w.sig_at[post.index] = sig.start
    for post in w.draft.posts:  # a signed post's own signature is not an address
        if post.index not in w.sig_at and w.how.get(post.index, ("",))[0] == "name_line":
            sig = find_signature(post.text, {w.owner[post.index].lower()})
            if sig is not None and w.book.resolve(sig.name) == w.owner[post.index]:
                w.sig_at[post.index] = sig.start


def _collect_hits(w: _Work) -> None:
    for post in w.comments():
        cut = w.sig_at.get(post.index, len(post.text))
        w.hits[post.index] = [h for h in find_addresses(post.text, w.book.known) if h.start < cut]


def _first_sentence_names(w: _Work, post: DraftPost) -> list[str]:
    end = next((k + 1 for k, ch in enumerate(post.text[:300]) if ch in ".!?\n"), 300)
    return [name for name, _s, _e in w.book.find_in(post.text[:end])]


def _article_from_addresses(w: _Work) -> None:
    """No byline: the person most top-level comments speak to wrote the article."""
    counts: Counter[str] = Counter()
    for post in w.comments():
        if post.parent_index is None:
            names = w.named(post.index, w.hits[post.index][:1]) + _first_sentence_names(w, post)
            counts.update(set(names))
    if not counts:
        return
    name, n = counts.most_common(1)[0]
    if n >= 2 and n * 2 > sum(counts.values()):
        w.set(0, name, "addressed_by_comments", 0.6, None)


def _answered_by_reply(w: _Work) -> bool:
    """An unsigned post is by X when its reply greets X ("Thanks Petra", "Hi Ravi,")."""
    changed = False
    posters = set(w.owner.values())
    for post in w.comments():
        i = post.index
        if i in w.owner:
            continue
        for k in w.children.get(i, []):
            names = w.named(k, w.hits.get(k, [])[:1])
            if names and names[0] != w.owner.get(k):
                w.set(i, names[0], "addressed_by_reply", 0.65, _hit_span(w, k, 0))
                changed = True
                break
        if i in w.owner or i + 1 >= len(w.draft.posts):
            continue
        nxt = w.draft.posts[i + 1]
        opening = [h for h in w.hits.get(nxt.index, []) if h.passage_start == 0]
        names = w.named(nxt.index, opening)
        alone = nxt.parent_index is None and len(names) == 1
        if alone and names[0] not in posters and names[0] != w.owner.get(nxt.index):
            conf = 0.55 if "?" in post.text else 0.4
            w.set(i, names[0], "addressed_by_reply", conf, _hit_span(w, nxt.index, 0))
            changed = True
    return changed


def _hit_span(w: _Work, i: int, n: int) -> Span | None:
    hits = w.hits.get(i, [])
    return w.draft.posts[i].source_span(hits[n].start, hits[n].end) if len(hits) > n else None


def _article_author_replies(w: _Work) -> bool:
    """The article's writer answering commenters by name, or thanking them for comments."""
    art = w.owner.get(0)
    if art is None:
        return False
    first_post: dict[str, int] = {}
    for i in sorted(w.owner):
        first_post.setdefault(w.owner[i], i)
    changed = False
    for post in w.comments():
        i = post.index
        if i in w.owner:
            continue
        names = w.named(i, w.hits[i]) + _first_sentence_names(w, post)
        if art in names:
            continue
        answered = [n for n in dict.fromkeys(names) if first_post.get(n, i) < i]
        cues = sum(1 for rx in lexicon().author_reply_res if rx.search(post.text))
        score = bool(answered) + (len(answered) >= 2) + cues
        if score:
            w.set(i, art, "article_author_reply", min(0.4 + 0.1 * score, 0.7), None)
            first_post.setdefault(art, i)
            changed = True
    return changed


def _addressed_in_order(w: _Work) -> bool:
    """ "@A ... @B ... @C" answers the unsigned comments above, in order, since the writer's
    previous post; people with posts of their own anchor the order."""
    changed = False
    for post in w.comments():
        i = post.index
        opening = w.named(i, [h for h in w.hits[i] if h.method in _OPENING])
        if len(opening) < 2:
            continue
        me = w.owner.get(i)
        low = max(0, i - _ALIGN_WINDOW)
        floor = next((j for j in range(i - 1, low - 1, -1) if me and w.owner.get(j) == me), low)
        posters = set(w.owner.values())
        pending: list[str] = []
        prev = floor
        for name in opening:
            pos = next((j for j in range(i - 1, prev, -1) if w.owner.get(j) == name), None)
            if pos is None:
                pending = pending + [name] if name not in posters else []
                continue
            changed |= _assign(w, i, pending, prev, pos)
            pending, prev = [], pos
        changed |= _assign(w, i, pending, prev, i)
    return changed


def _assign(w: _Work, by: int, names: list[str], after: int, before: int) -> bool:
    slots = [j for j in range(after + 1, before) if j not in w.owner and j != 0]
    if not names or len(slots) != len(names):
        return False
    for j, name in zip(slots, names, strict=True):
        w.set(j, name, "addressed_in_order", 0.7, None)
    log.debug("post %d answers %s in order: posts %s", by, names, slots)
    return True


def _result(w: _Work) -> AuthorsFound:
    """Merge first names into full names and build the contract's AuthorsFound."""
    addresses = {i: _addresses(w, i) for i in w.hits}
    renames = w.book.merge_first_names()
    rename = lambda name: renames.get(name, name)  # noqa: E731
    by_post: dict[int, Attribution] = {}
    for post in w.draft.posts:
        i = post.index
        if i in w.owner:
            method, conf, evidence = w.how[i]
            by_post[i] = Attribution(ids.author_id(rename(w.owner[i])), method, conf, evidence)
        else:
            by_post[i] = Attribution(None, "unknown", 0.0)
    for found in addresses.values():
        for a in found:
            a.author_id = ids.author_id(rename(a.author_id))
    mentions = {i: _mentions(w, i, addresses.get(i, []), rename) for i in range(len(w.draft.posts))}
    return AuthorsFound(_authors(w), by_post, mentions, addresses)


def _addresses(w: _Work, i: int) -> list[Address]:
    """Addresses with canonical names in ``author_id`` (turned into ids by the caller)."""
    post = w.draft.posts[i]
    hits = w.hits[i]
    out: list[Address] = []
    for n, h in enumerate(hits):
        name = w.book.add(w.book.resolve(h.name, w.context(i)))
        w.book.alias(h.name, name)
        if name == w.owner.get(i):
            continue
        later = [g.passage_start for g in hits[n + 1 :] if g.passage_start > h.passage_start]
        end = later[0] if later else len(post.text)
        span = post.source_span(h.start, h.end)
        out.append(Address(name, span, h.passage_start, end, h.method))
    return out


def _mentions(w: _Work, i: int, addresses: list[Address], rename) -> list[str]:  # noqa: ANN001
    post = w.draft.posts[i]
    cut = w.sig_at.get(i, len(post.text))
    own = ids.author_id(rename(w.owner[i])) if i in w.owner else None
    named = [a.author_id for a in addresses]
    named += [ids.author_id(rename(n)) for n, s, _e in w.book.find_in(post.text) if s < cut]
    return [a for a in dict.fromkeys(named) if a != own]


def _authors(w: _Work) -> list[Author]:
    people: dict[str, Author] = {}
    for name, aliases in w.book.aliases.items():
        aid = ids.author_id(name)
        author = people.setdefault(aid, Author(id=aid, name=name))
        extra = sorted(a for a in aliases if a != author.name and a not in author.aliases)
        author.aliases.extend(extra)
    return list(people.values())
