"""Reader for web pages saved as plain text: title, article, author's bio, then comments.

The layout is all there is to go on: the first line is the title; the article runs to the
comment section (see ``ingest.steps.segment``); a name on a line of its own followed by a
bio near the end of the article is its byline; each comment is one list item, nested by
indentation, with the writer's name on the marker line when the page shows one. Page chrome
is dropped and counted; pingbacks and keyword-named spam that copies an earlier comment are
dropped with a warning. ``DraftPost.text`` keeps every line's content verbatim, so
``line_map`` maps offsets in it back to exact offsets in the source.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from ingest.draft import DraftPost, DraftThread
from ingest.steps.names import is_person_name, lexicon
from ingest.steps.segment import (
    Item,
    Line,
    Region,
    find_comment_region,
    marker_of,
    parse_items,
    split_lines,
)
from kg.models import Span

log = logging.getLogger(__name__)

_BIO_WINDOW = 8  # content lines at the end of an article searched for the author's name
_SAYS = re.compile(r"\s+(says|said|wrote|commented)\s*:?$", re.IGNORECASE)
_BY = re.compile(r"^(?:by|written by|posted by|author:)\s+(.+?)(?:\s*(?:[|,•·]|\bon\b).*)?$", re.I)
_PINGBACK = re.compile(r"^\[(?:…|\.\.\.|&hellip;)\]")
_WORDS = re.compile(r"[^\W_]+")

Piece = tuple[int, str] | None  # (source offset, line content) or a blank line


def detect(text: str) -> bool:
    """Plain text is whatever does not open like JSON; the fallback format."""
    return not text.lstrip().startswith(("{", "["))


def read(text: str, *, source: str, thread_id: str) -> DraftThread:
    """Cut a saved page into the article (post 0) and its comments (posts 1..n)."""
    lines = split_lines(text)
    title_at = next((i for i, ln in enumerate(lines) if not ln.blank and not ln.chrome), None)
    if title_at is None:
        title_at = 0
    region = find_comment_region(lines[title_at + 1 :])
    if region is not None:
        region.first += title_at + 1
    end = region.first if region else len(lines)
    warnings: list[str] = []
    article = _article(lines, title_at, end)
    comments = _comments(lines, region, warnings) if region else []
    for n, post in enumerate(comments, start=1):
        post.index = n
    return DraftThread(
        thread_id=thread_id,
        source=source,
        source_text=text,
        title=lines[title_at].content if lines else "",
        format="text",
        posts=[article, *comments],
        boilerplate_removed=sum(1 for ln in lines if ln.chrome or ln.header),
        warnings=[f"{source}: {w}" for w in warnings],
    )


def _article(lines: list[Line], title_at: int, end: int) -> DraftPost:
    """Post 0: the body between the title and the comments, byline and bio cut out of the text."""
    body = [i for i in range(title_at + 1, end) if not lines[i].chrome and not lines[i].header]
    content = [i for i in body if not lines[i].blank]
    byline_at = _bio_name(lines, content) if content else None
    top_by = _top_byline(lines, content[:3])
    if byline_at is None:
        byline_at = top_by
    cut = byline_at if byline_at is not None and byline_at != top_by else end
    text_lines = [i for i in body if i != top_by and i < cut]
    text, line_map = _assemble([_piece(lines[i]) for i in text_lines])
    title = lines[title_at] if lines else None
    last = lines[content[-1]] if content else title
    span = Span(start=title.content_start if title else 0, end=last.content_end if last else 0)
    byline = byline_span = None
    if byline_at is not None:
        byline, byline_span = _name_of(lines[byline_at], top_by == byline_at)
    return DraftPost(
        index=0, kind="article", text=text, span=span, line_map=line_map,
        depth=0, byline=byline, byline_span=byline_span,
    )


def _bio_name(lines: list[Line], content: list[int]) -> int | None:
    """A full name on its own line near the end, with a bio right under it or nothing after."""
    tail = content[-_BIO_WINDOW:]
    for k in range(len(tail) - 1, -1, -1):
        line = lines[tail[k]]
        if not is_person_name(line.content):
            continue
        below = lines[tail[k] + 1] if tail[k] + 1 < len(lines) else None
        if k == len(tail) - 1 or (below is not None and _is_bio(below.content, line.content)):
            return tail[k]
    return None


def _is_bio(text: str, name: str) -> bool:
    low = text.lower()
    if any(part.lower() in low for part in name.split() if len(part) > 2):
        return True
    return any(p.search(low) for p in lexicon().bio_cue_res)


def _top_byline(lines: list[Line], first: list[int]) -> int | None:
    for i in first:
        m = _BY.match(lines[i].content)
        if m and is_person_name(m.group(1)):
            return i
    return None


def _name_of(line: Line, by_prefix: bool) -> tuple[str, Span]:
    text = line.content
    offset = 0
    if by_prefix:
        m = _BY.match(text)
        assert m is not None
        offset, text = m.start(1), m.group(1)
    start = line.content_start + offset
    return text, Span(start=start, end=start + len(text))


@dataclass
class _Comment:
    item: Item
    post: DraftPost
    dropped: str | None = None


def _comments(lines: list[Line], region: Region, warnings: list[str]) -> list[DraftPost]:
    """Posts 1..n from the comment list; pingbacks and spam left out and reported."""
    items = parse_items(lines, region)
    made: list[_Comment] = []
    seen_text: list[str] = []  # the words of the comments so far, made when a spam check needs them
    for item in items:
        post, keyword_name = _comment_post(lines, item)
        if keyword_name:
            seen_text += [" ".join(_WORDS.findall(c.post.text.lower())) for c in made[len(seen_text) :]]
        made.append(_Comment(item, post, _drop_reason(post, keyword_name, seen_text)))
    kept = [c for c in made if c.dropped is None]
    for reason in ("pingback", "spam"):
        count = sum(1 for c in made if c.dropped == reason)
        if count:
            warnings.append(f"dropped {count} {reason} comment(s)")
    index_of = {id(c.item): n for n, c in enumerate(kept, start=1)}
    for c in kept:
        parent = c.item.parent
        while parent is not None and made[parent].dropped is not None:
            parent = made[parent].item.parent
        c.post.parent_index = index_of[id(made[parent].item)] if parent is not None else None
    return [c.post for c in kept]


def _comment_post(lines: list[Line], item: Item) -> tuple[DraftPost, bool]:
    """One comment: text without marker, indentation or name line; the name as byline."""
    head = lines[item.marker_line]
    mk = marker_of(head)
    assert mk is not None
    first = head.content[mk.width :]
    first_start = head.content_start + mk.width
    body = [i for i in item.lines if not lines[i].chrome and not lines[i].header]
    next_blank = bool(body) and lines[body[0]].blank
    name = _SAYS.sub("", first)
    byline = byline_span = None
    keyword_name = False
    pieces: list[Piece] = []
    if first and body and is_person_name(name):
        byline, byline_span = name, Span(start=first_start, end=first_start + len(name))
    else:
        keyword_name = next_blank and _keyword_name(first)
        pieces.append((first_start, first) if first else None)
    pieces += [_piece(lines[i]) for i in body]
    text, line_map = _assemble(pieces)
    content = [i for i in body if not lines[i].blank]
    end = lines[content[-1]].content_end if content else head.content_end
    post = DraftPost(
        index=-1, kind="comment", text=text, span=Span(start=head.content_start, end=end),
        line_map=line_map, depth=item.depth, label=mk.label, byline=byline,
        byline_span=byline_span,
    )
    return post, keyword_name


def _keyword_name(first: str) -> bool:
    """A name field filled with lower-case keywords ("best cheap widgets"), not a person."""
    words = first.split()
    return 2 <= len(words) <= 8 and first == first.lower() and first[-1:].isalnum()


def _drop_reason(post: DraftPost, keyword_name: bool, earlier: list[str]) -> str | None:
    if _PINGBACK.match(post.text) or post.text.rstrip().endswith(("[…]", "[...]")):
        return "pingback"
    if not keyword_name:
        return None
    body = post.text.split("\n\n", 1)[-1]
    if lexicon().spam_link_re.search(body):
        return "spam"
    words = _WORDS.findall(body.lower())
    probe = " ".join(words[:6])
    if len(words) >= 6 and any(probe in text for text in earlier):
        return "spam"
    return None


def _piece(line: Line) -> Piece:
    return None if line.blank else (line.content_start, line.content)


def _assemble(pieces: list[Piece]) -> tuple[str, list[tuple[int, int]]]:
    """Join line contents into a post text (one blank line between paragraphs) and record
    where each line starts in the text and in the source."""
    parts: list[str] = []
    line_map: list[tuple[int, int]] = []
    pos = 0
    gap = False
    for piece in pieces:
        if piece is None:
            gap = bool(parts)
            continue
        if parts:
            sep = "\n\n" if gap else "\n"
            parts.append(sep)
            pos += len(sep)
        line_map.append((pos, piece[0]))
        parts.append(piece[1])
        pos += len(piece[1])
        gap = False
    return "".join(parts), line_map
