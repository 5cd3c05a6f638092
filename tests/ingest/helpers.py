"""Small hand-made threads for the pure step tests: no reader, no corpus."""

from __future__ import annotations

from ingest import ids
from ingest.draft import Address, Attribution, AuthorsFound, DraftPost, DraftThread, ReplyLink
from kg.models import Author, Span


def make_thread(posts: list[str], *, title: str = "A thread", thread_id: str = "t") -> DraftThread:
    """Posts laid end to end, separated by blank lines; post 0 is the article."""
    drafts, pos = [], 0
    for i, text in enumerate(posts):
        drafts.append(
            DraftPost(
                index=i,
                kind="article" if i == 0 else "comment",
                text=text,
                span=Span(start=pos, end=pos + len(text)),
            )
        )
        pos += len(text) + 2
    return DraftThread(
        thread_id=thread_id,
        source=f"{thread_id}.txt",
        source_text="\n\n".join(posts),
        title=title,
        format="text",
        posts=drafts,
    )


def make_found(
    draft: DraftThread,
    authors: dict[int, str],
    addresses: dict[int, list[tuple[str, str]]] | None = None,
) -> AuthorsFound:
    """Authors per post index by name; addresses as (name, text that starts the passage)."""
    people = {name: Author(id=ids.author_id(name), name=name) for name in set(authors.values())}
    by_post = {
        i: Attribution(author_id=people[n].id, method="given", confidence=1.0)
        for i, n in authors.items()
    }
    found = AuthorsFound(authors=list(people.values()), by_post=by_post)
    for index, items in (addresses or {}).items():
        post = draft.posts[index]
        starts = [post.text.index(opening) for _, opening in items]
        for k, (name, _) in enumerate(items):
            end = starts[k + 1] if k + 1 < len(starts) else len(post.text)
            span = post.source_span(starts[k], starts[k] + len(name))
            found.addresses.setdefault(index, []).append(
                Address(
                    author_id=ids.author_id(name),
                    span=span,
                    text_start=starts[k],
                    text_end=end,
                    method="at_mention",
                )
            )
    return found


def root_replies(draft: DraftThread, parents: dict[int, int] | None = None) -> dict[int, ReplyLink]:
    """Every comment answers the article unless ``parents`` says otherwise."""
    parents = parents or {}
    return {
        p.index: ReplyLink(parents.get(p.index), "given" if p.index in parents else "root", 1.0)
        for p in draft.posts
        if p.index > 0
    }
