"""The extraction pipeline: one input in, validated ThreadBundles out.

read source -> read drafts (format reader) -> authors -> replies -> claims -> topics ->
stances -> keyphrases -> bundle -> curator overrides -> validation. Every step is a pure
function of the text, so the whole pipeline runs without a database.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ingest import ids
from ingest.draft import AuthorsFound, DraftThread, ReplyLink
from ingest.errors import UnreadableInput
from ingest.formats import read_drafts
from ingest.overrides import apply_overrides, find_overrides, load_overrides
from ingest.source import DEFAULT_MAX_BYTES, read_source
from ingest.steps.authors import find_authors
from ingest.steps.claims import find_claims
from ingest.steps.imported import imported_claims, imported_stances
from ingest.steps.replies import link_replies
from ingest.steps.stances import find_stances
from ingest.steps.topics import find_keyphrases, tag_claims, topic_models
from kg.models import Author, Post, Thread, ThreadBundle

log = logging.getLogger(__name__)


@dataclass
class Extraction:
    """The outcome for one input: its bundles, or one line saying why there are none.

    ``prepared`` holds what a caller's ``prepare`` made of each bundle, where the caller asked
    for that (``ingest.parallel``); the bundles themselves are then not kept.
    """

    source: str
    bundles: list[ThreadBundle] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0
    prepared: list[Any] = field(default_factory=list)


def extract(
    *paths: str | Path, format: str | None = None, overrides_dir: Path | None = None
) -> list[ThreadBundle]:
    """Extract every thread of the given files; the first unreadable one raises UnreadableInput."""
    bundles: list[ThreadBundle] = []
    for path in paths:
        bundles += extract_file(Path(path), format=format, overrides_dir=overrides_dir)
    return bundles


def iter_extract(
    paths: Iterable[str | Path], *, format: str | None = None, overrides_dir: Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Extraction]:
    """Extract file after file; a failure is reported for its file, the others go through."""
    for path in paths:
        started = time.perf_counter()
        result = Extraction(source=str(path))
        try:
            result.bundles = extract_file(Path(path), format=format, overrides_dir=overrides_dir,
                                          max_bytes=max_bytes)
        except UnreadableInput as exc:
            result.error = str(exc).splitlines()[0] if str(exc) else f"{path}: unreadable"
        except Exception as exc:  # a bug must not stop the other inputs; it is logged in full
            log.exception("extraction failed for %s", path)
            result.error = f"{path}: internal error while extracting ({type(exc).__name__}: {exc})"
        result.seconds = time.perf_counter() - started
        yield result


def extract_file(
    path: Path, *, format: str | None = None, overrides_dir: Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[ThreadBundle]:
    """Read one file and extract its thread(s)."""
    source = read_source(path, max_bytes=max_bytes)
    return extract_text(
        source.text,
        source=str(path),
        format=format,
        overrides_dir=overrides_dir,
        warnings=source.warnings,
    )


def extract_text(
    text: str,
    *,
    source: str,
    thread_id: str | None = None,
    format: str | None = None,
    overrides_dir: Path | None = None,
    warnings: list[str] | None = None,
) -> list[ThreadBundle]:
    """Extract the thread(s) of an already decoded text; ``source`` names it in ids and messages."""
    tid = thread_id or ids.thread_id_for(source)
    drafts = read_drafts(text, source=source, thread_id=tid, format=format)
    bundles = []
    for draft in drafts:
        bundle = build_bundle(draft, extra_warnings=warnings or [])
        ov_path = find_overrides(source, bundle.thread.id, overrides_dir)
        if ov_path is not None:
            bundle = apply_overrides(bundle, load_overrides(ov_path))
        bundles.append(bundle)
    return bundles


def build_bundle(draft: DraftThread, *, extra_warnings: list[str] | None = None) -> ThreadBundle:
    """Run the steps on one draft thread and assemble the validated bundle."""
    found = find_authors(draft)
    replies = link_replies(draft, found)
    claims = find_claims(draft, found)
    imported = imported_claims(draft)
    for index, items in imported.items():
        claims.by_post[index] = items
    used = tag_claims(claims.all())
    stances = (
        imported_stances(draft, claims)
        if draft.stances
        else find_stances(draft, found, replies, claims)
    )
    used.update(s.topic for s in stances if s.topic)
    names = {w for a in found.authors for n in [a.name, *a.aliases] for w in n.split()}
    try:
        return ThreadBundle(
            thread=Thread(
                id=draft.thread_id,
                title=draft.title,
                source=draft.source,
                url=draft.url,
                site=draft.site,
                published=draft.published,
                format=draft.format,
            ),
            posts=build_posts(draft, found, replies),
            authors=_authors(found),
            claims=claims.all(),
            stances=stances,
            topics=topic_models(used),
            keyphrases=find_keyphrases((c.text for c in claims.all()), exclude_words=names),
            boilerplate_removed=draft.boilerplate_removed,
            warnings=[*(extra_warnings or []), *draft.warnings],
        )
    except ValidationError as exc:
        raise UnreadableInput(
            f"{draft.source}: extraction produced an invalid thread: {exc.errors()[0]['msg']}"
        ) from exc


def build_posts(
    draft: DraftThread, found: AuthorsFound, replies: dict[int, ReplyLink]
) -> list[Post]:
    """Post models with author and reply decisions carried in, depth taken from the reply tree."""
    parents: dict[int, int | None] = {}
    for post in draft.posts:
        link = replies.get(post.index)
        parent = link.parent_index if link else None
        parents[post.index] = None if post.index == 0 else (parent if parent is not None else 0)
    known = {a.id for a in found.authors}
    out = []
    for post in draft.posts:
        att = found.by_post.get(post.index)
        link = replies.get(post.index)
        author = att.author_id if att and att.author_id in known else None
        parent = parents[post.index]
        out.append(
            Post(
                id=ids.post_id(draft.thread_id, post.index),
                index=post.index,
                kind=post.kind,
                author=author,
                author_method=att.method if att and author else "unknown",
                author_confidence=att.confidence if att and author else 0.0,
                author_evidence=att.evidence if att and author else None,
                reply_to=ids.post_id(draft.thread_id, parent) if parent is not None else None,
                reply_method=(link.method if link else "root") if parent is not None else None,
                reply_confidence=(link.confidence if link else 0.5) if parent is not None else 0.0,
                reply_evidence=link.evidence if link and parent is not None else None,
                depth=_depth(post.index, parents),
                text=post.text,
                span=post.span,
                published=post.published,
                mentions=[m for m in found.mentions.get(post.index, []) if m in known],
            )
        )
    return out


def _depth(index: int, parents: dict[int, int | None]) -> int:
    """Replies under replies: the number of hops to the root, cut at a cycle."""
    depth, seen, node = 0, {index}, parents.get(index)
    while node is not None and node not in seen:
        seen.add(node)
        depth += 1
        node = parents.get(node)
    return depth


def _authors(found: AuthorsFound) -> list[Author]:
    """One Author per id (a step might list a person twice)."""
    seen: dict[str, Author] = {}
    for author in found.authors:
        seen.setdefault(author.id, author)
    return list(seen.values())
