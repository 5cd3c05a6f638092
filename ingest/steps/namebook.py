"""The people of one thread and the forms their names take in it.

A thread names a person in several ways: "Maria Lopez" in a signature, "Maria," in a reply,
"@Kim_Novak" as a handle, now and then "Tim" for "Tom". The book keeps one canonical
name per person, merges a first name into the one full name of the thread that starts with
it, and merges a one-letter slip only where the context (the post being answered) names the
person, so two different people are never collapsed on a guess.
"""

from __future__ import annotations

import re
from collections import defaultdict
from operator import itemgetter

from ingest.steps.names import normalise_name

_WORD = re.compile(r"[^\W\d_][\w'’-]*")


class NameBook:
    """Canonical names of one thread, with the aliases seen for each."""

    def __init__(self) -> None:
        self._canon: dict[str, str] = {}  # lower-case form -> canonical name
        self._first: dict[str, set[str]] = defaultdict(set)  # first word -> full names
        self.aliases: dict[str, set[str]] = defaultdict(set)
        # the first words of every known form, lower-cased: a word outside them opens no name
        # here, which spares ``find_in`` looking most words of a post up
        self._heads: set[str] = set()

    def add(self, raw: str) -> str:
        """Register a name as written; returns its canonical form."""
        name = normalise_name(raw)
        key = name.lower()
        if key in self._canon:
            canon = self._canon[key]
        else:
            canon = self.resolve(name) if " " not in name else name
            self._know(key, canon)
            if " " in canon:
                first = canon.split()[0].lower()
                self._first[first].add(canon)
                self._heads.add(first)
        if name != canon:
            self.aliases[canon].add(name)
        self.aliases.setdefault(canon, set())
        return canon

    def alias(self, raw: str, canon: str) -> None:
        """Record that ``raw`` was written for the person ``canon``."""
        name = normalise_name(raw)
        if name.lower() not in self._canon:
            self._know(name.lower(), canon)
        for form in {raw.strip().lstrip("@"), name}:
            if form and form != canon:
                self.aliases[canon].add(form)

    def known(self, raw: str) -> bool:
        """Whether a name (or a first name) was already seen in this thread."""
        key = normalise_name(raw).lower()
        return key in self._canon or key in self._first

    def resolve(self, raw: str, context: tuple[str, ...] = ()) -> str:
        """The canonical person a written name stands for; ``context`` holds the people the
        post is likely speaking to (the writer of the post it answers), used for slips."""
        name = normalise_name(raw)
        key = name.lower()
        if key in self._canon:
            return self._canon[key]
        if " " in name:
            return name
        fulls = self._first.get(key, set())
        if len(fulls) == 1:
            return next(iter(fulls))
        for person in fulls:
            if person in context:
                return person
        if len(name) >= 3:
            for person in context:
                first = person.split()[0]
                if first.lower() != key and _one_letter_apart(first.lower(), key):
                    return person
        return name

    def merge_first_names(self) -> dict[str, str]:
        """Single-word people whose word is the first name of exactly one full name merge
        into it; returns the renames made."""
        renames: dict[str, str] = {}
        for canon in list(self.aliases):
            if " " in canon:
                continue
            fulls = self._first.get(canon.lower(), set())
            if len(fulls) == 1:
                target = next(iter(fulls))
                renames[canon] = target
                self.aliases[target] |= self.aliases.pop(canon) | {canon}
                self._know(canon.lower(), target)
        return renames

    def find_in(self, text: str) -> list[tuple[str, int, int]]:
        """Known people named anywhere in ``text``: (canonical name, start, end)."""
        heads = self._heads
        if text.isascii():  # lower-casing is then letter by letter: a head word shows whole
            folded = text.lower()
            if not any(head in folded for head in heads):
                return []
        matches = list(_WORD.finditer(text))
        words = list(map(itemgetter(0), matches))
        lows = list(map(str.lower, words))
        present = heads.intersection(lows)
        if not present:  # a post naming nobody of the thread needs no closer look
            return []
        found: list[tuple[str, int, int]] = []
        skip_until = -1
        for n in [n for n, low in enumerate(lows) if low in present]:
            if not words[n][0].isupper() or matches[n].start() < skip_until:
                continue
            for span in (3, 2, 1):
                chunk = words[n : n + span]
                if len(chunk) < span or not all(c[0].isupper() for c in chunk):
                    continue
                key = " ".join(chunk).lower()
                canon = self._canon.get(key)
                if canon is None and span == 1 and len(self._first.get(key, ())) == 1:
                    canon = next(iter(self._first[key]))
                if canon is not None:
                    end = matches[n + span - 1].end()
                    found.append((canon, matches[n].start(), end))
                    skip_until = end
                    break
        return found

    def _know(self, key: str, canon: str) -> None:
        """Map the lower-case form ``key`` to ``canon``; every form is written here, so its
        first word joins the heads ``find_in`` looks for."""
        self._canon[key] = canon
        self._heads.add(key.split(" ")[0])


def _one_letter_apart(a: str, b: str) -> bool:
    """Same length and one letter different, or one letter more or less."""
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    if abs(len(a) - len(b)) != 1:
        return False
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
