"""Stable ids, derived from the source and positions in it, so re-ingest merges onto the same nodes."""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePath


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens; the readable part of every id."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "x"


def thread_id_for(source: str) -> str:
    """A thread read from a file is named by the file's stem (``000_72d4a851b8b20431``)."""
    stem = PurePath(source).stem
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-") or "thread"


def post_id(thread_id: str, index: int) -> str:
    return f"{thread_id}:p{index}"


def claim_id(post: str, n: int) -> str:
    return f"{post}:c{n}"


def stance_id(from_post: str, to_post: str, n: int) -> str:
    return f"{from_post}>{to_post.rsplit(':', 1)[-1]}:s{n}"


def author_id(name: str) -> str:
    """One person across threads: the id is the slug of the normalised full name."""
    return f"author:{slugify(name)}"


def topic_id(name: str) -> str:
    return slugify(name)
