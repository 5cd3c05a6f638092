"""The documented JSON / JSON Lines thread format, for any source a user converts.

A file holds one thread object, a list of thread objects, or (JSON Lines) one thread object
per line. A thread has an optional id, a title, optional url/site/published, and posts; the
first post is the article unless posts say ``kind`` themselves. ``reply_to`` names another
post's ``id``. ``debatekg schema`` prints the JSON Schema of :class:`JsonThread`.

Offsets: the JSON text escapes characters, so spans point into the thread's *reading text*,
the posts' texts joined by blank lines in order, which is what ``DraftThread.source_text``
holds for this format.
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ingest.draft import DraftPost, DraftThread
from ingest.errors import UnreadableInput
from ingest.ids import thread_id_for
from kg.models import Span

FORMAT = "json"
SEPARATOR = "\n\n"


class JsonPost(BaseModel):
    """One post of a thread in the JSON input format."""

    model_config = ConfigDict(extra="forbid")

    id: str | int = Field(description="unique within the thread; reply_to refers to it")
    author: str | None = Field(default=None, description="display name; null when unknown")
    reply_to: str | int | None = Field(
        default=None, description="id of the post answered; null: the article"
    )
    published: str | None = Field(default=None, description="ISO 8601 date or datetime")
    kind: Literal["article", "comment"] | None = Field(
        default=None, description="default: the first post is the article, the others comments"
    )
    text: str = Field(min_length=1)


class JsonThread(BaseModel):
    """One article and its discussion in the JSON input format."""

    model_config = ConfigDict(extra="forbid", title="debatekg thread")

    id: str | None = Field(default=None, description="thread id; default: the file name's stem")
    title: str
    url: str | None = None
    site: str | None = None
    published: str | None = Field(default=None, description="ISO 8601 date or datetime")
    posts: list[JsonPost] = Field(min_length=1)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of one thread object (a file may also hold a list, or one per line)."""
    return JsonThread.model_json_schema()


def detect(text: str) -> bool:
    """JSON whose objects carry ``posts`` (AIF maps carry ``nodes`` instead)."""
    head = text.lstrip()[:4096]
    return head[:1] in ("{", "[") and re.search(r'"posts"\s*:', head) is not None


def read(text: str, *, source: str, thread_id: str) -> list[DraftThread]:
    """Parse, validate and turn each thread object into a DraftThread."""
    objects = _parse(text, source)
    threads = []
    for n, obj in enumerate(objects, start=1):
        try:
            model = JsonThread.model_validate(obj)
        except ValidationError as exc:
            where = ".".join(str(p) for p in exc.errors()[0]["loc"])
            msg = exc.errors()[0]["msg"]
            raise UnreadableInput(f"{source}: thread {n}: {where}: {msg}") from exc
        default_id = thread_id if len(objects) == 1 else f"{thread_id}-{n}"
        threads.append(_draft(model, source=source, thread_id=_tid(model.id, default_id)))
    return threads


def _tid(given: str | None, default: str) -> str:
    return thread_id_for(given) if given else default


def _parse(text: str, source: str) -> list[Any]:
    """One JSON document, else JSON Lines; malformed input names the line and column."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        if not _looks_like_lines(text):
            raise _malformed(source, exc, 0) from exc
        return _parse_lines(text, source)
    objects = doc if isinstance(doc, list) else [doc]
    if not objects or not all(isinstance(o, dict) for o in objects):
        raise UnreadableInput(f"{source}: expected a thread object or a list of thread objects")
    return objects


def _looks_like_lines(text: str) -> bool:
    """JSON Lines: at least two lines and the first one is a whole JSON object."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if len(lines) < 2:
        return False
    try:
        return isinstance(json.loads(lines[0]), dict)
    except json.JSONDecodeError:
        return False


def _parse_lines(text: str, source: str) -> list[Any]:
    out = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _malformed(source, exc, lineno - 1) from exc
        if not isinstance(obj, dict):
            raise UnreadableInput(f"{source}: line {lineno}: expected a thread object")
        out.append(obj)
    return out


def _malformed(source: str, exc: json.JSONDecodeError, line_offset: int) -> UnreadableInput:
    return UnreadableInput(
        f"{source}: malformed JSON at line {exc.lineno + line_offset}, "
        f"column {exc.colno}: {exc.msg}"
    )


def _draft(model: JsonThread, *, source: str, thread_id: str) -> DraftThread:
    """Lay the posts end to end as the reading text and record ids, authors and replies."""
    index_of = {str(p.id): i for i, p in enumerate(model.posts)}
    warnings: list[str] = []
    if len(index_of) != len(model.posts):
        raise UnreadableInput(f"{source}: thread {thread_id}: post ids are not unique")
    posts, parts, pos = [], [], 0
    for i, p in enumerate(model.posts):
        parent = None
        if p.reply_to is not None:
            parent = index_of.get(str(p.reply_to))
            if parent is None or parent == i:
                warnings.append(
                    f"post {p.id}: reply_to {p.reply_to} is not another post; linked to the article"
                )
        kind = p.kind or ("article" if i == 0 else "comment")
        posts.append(
            DraftPost(
                index=i,
                kind=kind,
                text=p.text,
                span=Span(start=pos, end=pos + len(p.text)),
                line_map=[],
                author_name=p.author,
                parent_index=parent if parent != i else None,
                published=p.published,
                post_id=str(p.id),
            )
        )
        parts.append(p.text)
        pos += len(p.text) + len(SEPARATOR)
    return DraftThread(
        thread_id=thread_id,
        source=source,
        source_text=SEPARATOR.join(parts),
        title=model.title,
        format=FORMAT,
        posts=posts,
        url=model.url,
        site=model.site,
        published=model.published,
        warnings=warnings,
    )
