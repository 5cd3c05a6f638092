"""Many cue patterns tried on one text, each only where it can match.

The cue lists of ``ingest/data`` hold dozens of patterns, and most texts contain none of
them; running every pattern over every post was the bulk of extraction time. Each pattern's
required words are read from the pattern itself ("agree" in ``\\bi (fully )?agree\\b``; one
of "well said" or "spot on" in ``(well said|spot on)``), and a pattern whose words are all
absent from a text is not run on it. The answers are exactly those of running every pattern.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property
from typing import NamedTuple

# Non-ASCII characters that case-insensitive matching takes for ASCII letters (İ ı ſ K): a
# text holding one may match a cue whose words its lower-cased form does not contain.
_ASCII_LOOKALIKES = ("\u0130", "\u0131", "\u017f", "\u212a")
_PLAIN = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,;:!%&/\"'<>=@~_-"
)
_OPTIONAL = ("?", "*", "{")  # what after an item makes it optional (or repeated: not as is)
_Options = tuple[str, ...]  # a text matching the pattern contains at least one of these
_SHORTEST = 3


class _Unreadable(Exception):
    """A construct the reader does not follow; the pattern is then always run."""


def required_words(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], ...]:
    """What every match of ``pattern`` contains: groups of strings of plain ASCII characters,
    at least one string of each group (lower-cased when the pattern ignores case); ``()``
    when nothing can be said.

    Read conservatively: characters made optional by ``?``, ``*`` or ``{}``, escapes and
    classes end a run; an optional group tells nothing; a group or pattern of alternatives
    requires one of its branches' words. Groups holding a string shorter than
    ``_SHORTEST`` are left out: nearly every text holds one.
    """
    if pattern.flags & re.VERBOSE:
        return ()
    try:
        groups, end = _alternatives(pattern.pattern, 0)
    except _Unreadable:
        return ()
    if end != len(pattern.pattern):
        return ()
    fold = pattern.flags & re.IGNORECASE
    kept = [tuple(w.lower() for w in g) if fold else g for g in groups]
    return tuple(dict.fromkeys(g for g in kept if min(map(len, g)) >= _SHORTEST))


def _alternatives(source: str, i: int) -> tuple[list[_Options], int]:
    """What the alternation starting at ``source[i]`` requires, as a list of options that
    must all hold, and the offset of the ")" that closes it (or the end)."""
    branches: list[list[_Options]] = [[]]
    run = ""
    while i < len(source) and source[i] != ")":
        ch = source[i]
        if ch in _PLAIN:
            run, i = run + ch, i + 1
            continue
        if ch in _OPTIONAL:
            run = run[:-1]
        if run:
            branches[-1].append((run,))
        run = ""
        if ch == "(":
            required, body = _group_start(source, i)
            inner, i = _alternatives(source, body)
            i += 1  # past the group's ")"
            if required and source[i : i + 1] not in _OPTIONAL:
                branches[-1].extend(inner)
        elif ch == "|":
            branches.append([])
            i += 1
        else:
            i = _skip(source, i)
    if run:
        branches[-1].append((run,))
    if len(branches) == 1:
        return branches[0], i
    bests = [max(b, key=lambda o: min(map(len, o)), default=None) for b in branches]
    if any(b is None for b in bests):
        return [], i
    return [tuple(s for b in bests if b for s in b)], i


def _group_start(source: str, i: int) -> tuple[bool, int]:
    """Whether the group opening at ``source[i]`` consumes what it matches, and where its
    body starts; forms whose body is not a plain alternation are refused."""
    if source[i + 1 : i + 2] != "?":
        return True, i + 1
    if source[i + 2 : i + 3] == ":":
        return True, i + 3
    if source[i + 2 : i + 4] == "P<":
        return True, source.index(">", i) + 1
    for look in ("?=", "?!", "?<=", "?<!"):
        if source.startswith(look, i + 1):
            return False, i + 1 + len(look)
    raise _Unreadable(source[i : i + 4])  # flags, comments, conditionals, references


def _skip(source: str, i: int) -> int:
    """The offset after the escape, class, repeat count or single character at ``source[i]``."""
    ch = source[i]
    if ch == "\\":
        kind = source[i + 1 : i + 2]
        if kind == "N" and source[i + 2 : i + 3] == "{":
            return source.index("}", i) + 1
        i += 2 + {"x": 2, "u": 4, "U": 8}.get(kind, 0)
        while kind.isdigit() and i < len(source) and source[i].isdigit():  # octal, group
            i += 1
        return i
    if ch == "[":
        i += 1
        if source[i : i + 1] == "^":
            i += 1
        if source[i : i + 1] == "]":  # a leading "]" is a member, not the end
            i += 1
        while i < len(source) and source[i] != "]":
            i += 2 if source[i] == "\\" else 1
        return i + 1
    if ch == "{":
        return source.find("}", i) + 1 or len(source)
    return i + 1


class _Index(NamedTuple):
    """Which patterns a text's words let through: every pattern names its most telling word
    group, and runs on a text holding one word of it (or always, when it names none)."""

    free: tuple[int, ...]  # patterns that name no words: always run
    folded: list[tuple[str, list[int]]]  # word -> patterns needing it, sought lower-cased
    exact: list[tuple[str, list[int]]]  # word -> patterns needing it, sought as written


def _build_index(patterns: tuple[re.Pattern[str], ...]) -> _Index:
    """The words to seek for each pattern, grouped by word: one lookup per distinct word."""
    free: list[int] = []
    folded: dict[str, list[int]] = {}
    exact: dict[str, list[int]] = {}
    for n, p in enumerate(patterns):
        # the most telling group only: looking up more costs more than it spares
        words = min(required_words(p), key=lambda g: (-min(map(len, g)), len(g)), default=None)
        if words is None:
            free.append(n)
            continue
        by_word = folded if p.flags & re.IGNORECASE else exact
        for w in words:
            by_word.setdefault(w, []).append(n)
    return _Index(tuple(free), list(folded.items()), list(exact.items()))


class CueSet:
    """Cue patterns tried together on one text, each only where its required words occur."""

    def __init__(self, patterns: Iterable[re.Pattern[str]]) -> None:
        self.patterns = tuple(patterns)

    @cached_property
    def _index(self) -> _Index:
        """Built on the first search: a set only ever asked to ``match`` needs none."""
        return _build_index(self.patterns)

    def candidates(self, text: str) -> list[int]:
        """Indices of the patterns that may match somewhere in ``text``, in order."""
        if not text.isascii() and any(ch in text for ch in _ASCII_LOOKALIKES):
            return list(range(len(self.patterns)))
        index = self._index
        folded = text.lower()
        held = set(index.free).union(*[ns for w, ns in index.folded if w in folded])
        if index.exact:
            held.update(*[ns for w, ns in index.exact if w in text])
        return sorted(held)

    def finditer(self, text: str) -> list[tuple[int, re.Match[str]]]:
        """Every match of every pattern, pattern after pattern, as ``finditer`` finds them."""
        return [(n, m) for n in self.candidates(text) for m in self.patterns[n].finditer(text)]

    def search(self, text: str) -> int | None:
        """The first pattern, in order, that matches anywhere in ``text`` (None: none does)."""
        return next((n for n in self.candidates(text) if self.patterns[n].search(text)), None)

    def match(self, text: str) -> tuple[int, re.Match[str]] | None:
        """The first pattern, in order, matching a non-empty start of ``text``, and its match.

        Every pattern is tried: one anchored at the start fails at once, sooner than its words
        could be looked up."""
        for n, pattern in enumerate(self.patterns):
            m = pattern.match(text)
            if m and m.end() > 0:
                return n, m
        return None
