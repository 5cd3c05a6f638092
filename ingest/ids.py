"""Stable ids, derived from the source and positions in it, so re-ingest merges onto the same nodes."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import PurePath

_NON_WORDS = re.compile(r"[\W_]+")
_NOT_IN_ID = re.compile(r"[^\w.-]+")


@lru_cache(maxsize=1 << 16)  # the same few names are slugged for every post they write
def slugify(text: str) -> str:
    """Lower-case words joined by hyphens; the readable part of every id.

    Accents are dropped ("José" and "Jose" are one person) but letters of other scripts stay,
    so that two people whose names have no Latin letters never share an id.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    slug = _NON_WORDS.sub("-", unicodedata.normalize("NFKC", bare).casefold()).strip("-")
    return slug or "x"


def thread_id_for(source: str) -> str:
    """A thread read from a file is named by the file's stem (``000_72d4a851b8b20431``)."""
    stem = PurePath(source).stem
    return _NOT_IN_ID.sub("-", stem).strip("-.") or "thread"


def post_id(thread_id: str, index: int) -> str:
    """A post is named by its thread and its position in it."""
    return f"{thread_id}:p{index}"


def claim_id(post: str, n: int) -> str:
    """The n-th claim of a post."""
    return f"{post}:c{n}"


def stance_id(from_post: str, to_post: str, n: int) -> str:
    """The n-th stance of one post towards another."""
    return f"{from_post}>{to_post.rsplit(':', 1)[-1]}:s{n}"


def author_id(name: str) -> str:
    """One person across threads: the id is the slug of the normalised full name."""
    return f"author:{slugify(name)}"


def topic_id(name: str) -> str:
    """Topics are shared across threads, so their id is their name's slug."""
    return slugify(name)
