"""Topics: a curated lexicon matched on stemmed words, plus keyphrases the lexicon lacks.

The lexicon (``ingest/data/topics.yaml``) names the debated subjects; a light suffix
stemmer lets "segments", "segmenting" and "segmentation" meet on one form without any
model download. Frequent noun-ish n-grams that no topic covers are returned as keyphrases
so a curator can promote them into the lexicon.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from ingest.steps.cues import load_data
from kg.models import Claim, Topic

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’+./-]*[A-Za-z0-9+]|[A-Za-z0-9]")
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "s")
_KEEP = {"ceo", "cfo", "cem", "crm", "kpi", "nps", "ux", "cx", "business", "process", "less"}
STOPWORDS = frozenset(load_data("stopwords.yaml")["words"])
_SEPARATOR = " 0 "  # a word of its own, and a bad one (a number): see find_keyphrases


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light suffix stripper: enough to meet plural, -ing, -ed and -ation forms of one word."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if w in _KEEP or len(w) <= 3:
        return w
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            if suffix in ("ies", "ied"):
                w += "y"
            break
    if len(w) > 4 and w[-1] == w[-2] and w[-1] not in "ls":
        w = w[:-1]
    return w[:-1] if w.endswith("e") and len(w) > 4 else w


def tokens(text: str) -> list[str]:
    """Stems of the words of ``text`` in order."""
    return list(_stems(text))


@lru_cache(maxsize=1 << 12)
def _stems(text: str) -> tuple[str, ...]:
    """``tokens``, remembered: one claim is read by tagging, stance topics and target overlap."""
    return tuple(map(stem, _TOKEN.findall(text)))


@dataclass(frozen=True)
class LexTopic:
    """One lexicon entry, with its phrases pre-stemmed."""

    id: str
    name: str
    phrases: tuple[tuple[str, ...], ...]
    exclude: tuple[tuple[str, ...], ...]
    weight: float


@cache
def load_lexicon() -> tuple[LexTopic, ...]:
    """The topic lexicon of ``ingest/data/topics.yaml``, read once per process."""
    out = []
    for entry in load_data("topics.yaml")["topics"]:
        phrases = [*entry.get("phrases", []), *entry.get("variants", []), *entry.get("lemmas", [])]
        out.append(
            LexTopic(
                id=entry["id"],
                name=entry["name"],
                phrases=tuple({tuple(tokens(str(p))) for p in phrases if tokens(str(p))}),
                exclude=tuple(
                    {tuple(tokens(str(p))) for p in entry.get("exclude", []) if tokens(str(p))}
                ),
                weight=float(entry.get("weight", 1.0)),
            )
        )
    return tuple(out)


@cache
def _first_words() -> dict[str, list[tuple[int, tuple[str, ...], bool]]]:
    """Every phrase and exclusion of the lexicon, keyed by its first stem, so that a text is
    scanned once whatever the size of the lexicon."""
    index: dict[str, list[tuple[int, tuple[str, ...], bool]]] = {}
    for n, topic in enumerate(load_lexicon()):
        for phrase in topic.phrases:
            index.setdefault(phrase[0], []).append((n, phrase, False))
        for phrase in topic.exclude:
            index.setdefault(phrase[0], []).append((n, phrase, True))
    return index


def topic_weights(text: str) -> dict[str, float]:
    """Weighted hits per topic id in ``text`` (hits inside an excluded phrase do not count),
    as a mapping not to be changed: the weights of a claim are asked for again by every
    stance the claim takes part in."""
    return _scored(text)[1]


@lru_cache(maxsize=1 << 15)
def _scored(text: str) -> tuple[tuple[str, ...], dict[str, float]]:
    """The topics of a text strongest first (ties by id), and its scores; remembered, as a
    claim is scored when tagged and again for each of its stances."""
    scores = _scores(text)
    return tuple(t for t, _ in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))), scores


def _scores(text: str) -> dict[str, float]:
    lex = load_lexicon()
    seq = _stems(text)
    index = _first_words()
    hits: dict[int, set[int]] = {}
    blocked: dict[int, set[int]] = {}
    for i in [i for i, word in enumerate(seq) if word in index]:
        for n, phrase, excluded in index[seq[i]]:
            if seq[i : i + len(phrase)] != phrase:
                continue
            if excluded:
                blocked.setdefault(n, set()).update(range(i, i + len(phrase)))
            else:
                hits.setdefault(n, set()).add(i)
    scores: dict[str, float] = {}
    for n, starts in hits.items():
        kept = starts - blocked.get(n, set())
        if kept:
            scores[lex[n].id] = scores.get(lex[n].id, 0) + lex[n].weight * len(kept)
    return scores


def tag_claims(claims: Iterable[Claim]) -> set[str]:
    """Set ``claim.topics`` (strongest first) on every claim; return the topic ids used."""
    used: set[str] = set()
    for claim in claims:
        claim.topics = list(_scored(claim.text)[0])
        used.update(claim.topics)
    return used


def topic_models(topic_ids: Iterable[str]) -> list[Topic]:
    """``kg.models.Topic`` for the ids a thread uses, named from the lexicon."""
    names = {t.id: t.name for t in load_lexicon()}
    return [Topic(id=t, name=names.get(t, t), method="lexicon") for t in sorted(set(topic_ids))]


def find_keyphrases(
    texts: Iterable[str], *, exclude_words: Iterable[str] = (), limit: int = 15, min_count: int = 2
) -> list[str]:
    """Frequent 1-3 word phrases without stopwords at their edges, not covered by the lexicon."""
    covered = _covered_stems()
    banned = {w.lower() for w in exclude_words}
    # one word list for all texts: the number between two texts is a bad word, so no gram
    # spans two texts, and the grams of each length keep their order of appearance
    low = _lower_words(_SEPARATOR.join(texts))
    vocabulary = set(low)
    bad = {w for w in vocabulary if _bad_word(w, banned)}  # judged once per distinct word
    not_edge = bad | (vocabulary & STOPWORDS)
    edge = [w not in not_edge for w in low]
    inner = [w not in bad for w in low]
    seen = Counter(_grams(low, edge, inner))  # the grams as written, in order of first sight
    # a gram's stems are a function of its words, so counting what is written and grouping
    # afterwards gives the counts per stem key with one key built per distinct gram
    counts: dict[tuple[str, ...], int] = {}
    surface: dict[tuple[str, ...], tuple[str, int]] = {}  # the most frequent form, first on ties
    for gram, n in seen.items():
        key = tuple(map(stem, gram.split(" ")))
        if covered.issuperset(key):
            continue
        total = counts.get(key)
        if total is None:
            counts[key], surface[key] = n, (gram, n)
            continue
        counts[key] = total + n
        if n > surface[key][1]:
            surface[key] = (gram, n)
    ranked = sorted(
        (k for k, c in counts.items() if c >= (min_count if len(k) > 1 else 2 * min_count)),
        key=lambda k: (-(counts[k] * len(k)), k),
    )
    return _drop_nested((surface[k][0] for k in ranked), limit)[:limit]


@cache
def _covered_stems() -> frozenset[str]:
    """Every stem of the lexicon's phrases: a gram of these only is no new keyphrase."""
    return frozenset(s for t in load_lexicon() for ph in t.phrases for s in ph)


def _lower_words(text: str) -> list[str]:
    """The words of ``text``, lower-cased (an ASCII text is lower-cased whole, the same)."""
    if text.isascii():
        return _TOKEN.findall(text.lower())
    return list(map(str.lower, _TOKEN.findall(text)))


def _grams(words: list[str], edge: list[bool], inner: list[bool]) -> list[str]:
    """The 1-3 word grams worth counting, joined by spaces: a gram starts and ends on a word
    that may stand at an edge (no stopword, no bad word), and a three-word gram's middle word
    may be a stopword but no bad word. In order: all single words, then pairs, then triples."""
    out = [w for w, e in zip(words, edge, strict=True) if e]
    pairs = zip(words, words[1:], edge, edge[1:], strict=False)  # shifted: one shorter
    out += [f"{a} {b}" for a, b, ea, eb in pairs if ea and eb]
    triples = zip(words, words[1:], words[2:], edge, inner[1:], edge[2:], strict=False)
    out += [f"{a} {b} {c}" for a, b, c, ea, ib, ec in triples if ea and ib and ec]
    return out


def _bad_word(low: str, banned: set[str]) -> bool:
    """Words no keyphrase may hold: banned names, numbers, short words, contractions."""
    return low in banned or low.isdigit() or len(low) < 3 or "'" in low or "’" in low


def _drop_nested(phrases: Iterable[str], limit: int = -1) -> list[str]:
    """Keep a longer phrase and drop a shorter one ranked below it that it contains; stop
    once ``limit`` phrases are kept (the ones after cannot change those)."""
    kept: list[str] = []
    for p in phrases:
        if 0 <= limit <= len(kept):
            break
        if not any(f" {p} " in f" {k} " for k in kept):
            kept.append(p)
    return kept
