"""Segmentation of a plain-text page: lines, page chrome, the comment section and the
comment items with their nesting.

A saved page lays comments out as a list: one marker per comment ("1.", "•"), the
comment's lines indented under it, a reply indented one level deeper. The comment section
is the list that runs to the end of the page (only chrome after it): a list the article
goes on after, or one introduced by a line ending in ":", is part of the article. A
deeper marker opens a nested reply unless body text of the enclosing comment follows it
at the same indentation, in which case it is a list inside the comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ingest.steps.cues import load_data

_MARKER = re.compile(r"(\d{1,5})([.)])(?=\s|$)|([•◦▪‣·*–+-])(?=\s|$)")


@dataclass
class Line:
    """One source line: where it starts, its indentation and its stripped content."""

    start: int
    raw: str
    indent: int  # columns, tabs counted as 4
    lead: int  # characters of leading whitespace
    content: str  # stripped of surrounding blanks
    chrome: bool = False
    header: bool = False

    @property
    def blank(self) -> bool:
        return not self.content

    @property
    def content_start(self) -> int:
        return self.start + self.lead

    @property
    def content_end(self) -> int:
        return self.content_start + len(self.content)


@dataclass
class Marker:
    kind: str  # "1." style -> "num." / "num)"; bullets -> the bullet character
    label: str
    number: int | None
    width: int  # characters of the marker and the blanks after it


@dataclass
class Item:
    """One comment of the list: its marker line, the lines under it, its place in the tree."""

    marker_line: int
    label: str
    depth: int
    lines: list[int] = field(default_factory=list)  # indices of lines after the marker line
    parent: int | None = None  # index of the enclosing item in the item list


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = load_data("boilerplate.yaml")
    join = lambda key: "|".join(f"(?:{p})" for p in data[key])  # noqa: E731
    return (
        re.compile(rf"^(?:{join('comment_headers')})$", re.IGNORECASE),
        re.compile(rf"^(?:{join('chrome')})$", re.IGNORECASE),
    )


def split_lines(text: str) -> list[Line]:
    """The source as lines with offsets, chrome and comment headers flagged."""
    header_re, chrome_re = _patterns()
    lines: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.lstrip()
        lead = len(raw) - len(stripped)
        content = stripped.rstrip()
        line = Line(pos, raw, len(raw[:lead].expandtabs(4)), lead, content)
        if content and len(content) < 300:
            line.header = bool(header_re.match(content))
            line.chrome = not line.header and bool(chrome_re.match(content))
        lines.append(line)
        pos += len(raw) + 1
    return lines


def marker_of(line: Line) -> Marker | None:
    """The list marker opening a line, if any."""
    m = _MARKER.match(line.content)
    if not m:
        return None
    width = len(line.content[m.end() :]) - len(line.content[m.end() :].lstrip())
    if m.group(1):
        return Marker(f"num{m.group(2)}", m.group(0), int(m.group(1)), m.end() + width)
    return Marker(m.group(3), m.group(0), None, m.end() + width)


@dataclass
class Region:
    """The comment section: its first line, the marker indentation and kind of its comments."""

    first: int
    indent: int
    kind: str


def find_comment_region(lines: list[Line]) -> Region | None:
    """The list of comments that runs to the end of the page, or None (an article alone)."""
    run: Region | None = None
    intro: str = ""
    prev_content = ""
    after_header = False
    for i, line in enumerate(lines):
        if line.blank or line.chrome:
            continue
        if line.header:
            run, after_header = None, True
            continue
        mk = marker_of(line)
        if run and mk and mk.kind == run.kind and line.indent == run.indent:
            continue
        if run and line.indent > run.indent:
            continue
        run = None
        if mk:
            run = Region(i, line.indent, mk.kind)
            intro = "" if after_header else prev_content
        after_header = False
        prev_content = line.content
    if run is None or intro.endswith(":"):
        return None
    return run


def parse_items(lines: list[Line], region: Region) -> list[Item]:
    """Cut the comment section into items, nesting deeper markers that open replies."""
    items: list[Item] = []
    stack: list[tuple[int, int]] = []  # (marker indent, item index) of open items
    inner_until = -1  # body lines of an item that is a list inside a comment, not a reply
    nested_cache: dict[int, bool] = {}
    for i in range(region.first, len(lines)):
        line = lines[i]
        mk = None if line.blank or line.chrome or line.header else marker_of(line)
        opens = mk is not None and mk.kind == region.kind and i > inner_until and (
            line.indent == region.indent
            or (line.indent > region.indent and _opens_reply(lines, i, region, nested_cache))
        )
        if not opens:
            if items and not line.header:
                items[-1].lines.append(i)
            if mk is not None and line.indent > region.indent and i > inner_until:
                inner_until = _inner_list_end(lines, i)
            continue
        while stack and stack[-1][0] >= line.indent:
            stack.pop()
        parent = stack[-1][1] if stack else None
        depth = items[parent].depth + 1 if parent is not None else 1
        items.append(Item(i, mk.label, depth, parent=parent))
        stack.append((line.indent, len(items) - 1))
    return items


def _opens_reply(lines: list[Line], i: int, region: Region, cache: dict[int, bool]) -> bool:
    """A deeper marker is a reply unless body text at its own indentation follows it before
    the list climbs back out; markers of one sibling group share the answer."""
    if i in cache:
        return cache[i]
    m = lines[i].indent
    group = [i]
    answer = True
    for j in range(i + 1, len(lines)):
        line = lines[j]
        if line.blank or line.chrome or line.header:
            continue
        mk = marker_of(line)
        if mk is not None and line.indent < m:
            break
        if mk is not None and line.indent == m and mk.kind == region.kind:
            group.append(j)
            continue
        if line.indent <= m:
            answer = False
            break
    if _introduced_by_colon(lines, i):
        answer = False
    for j in group:
        cache[j] = answer
    return answer


def _introduced_by_colon(lines: list[Line], i: int) -> bool:
    for j in range(i - 1, -1, -1):
        if not lines[j].blank:
            return lines[j].content.endswith(":")
    return False


def _inner_list_end(lines: list[Line], i: int) -> int:
    """The last line of an in-comment list that starts at line ``i``."""
    m = lines[i].indent
    last = i
    for j in range(i + 1, len(lines)):
        line = lines[j]
        if line.blank:
            continue
        if line.indent < m or (line.indent == m and marker_of(line) is None):
            break
        last = j
    return last
