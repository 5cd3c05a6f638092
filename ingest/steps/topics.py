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
from functools import lru_cache
from pathlib import Path

import yaml

from ingest.steps.cues import DATA_DIR, load_data
from kg.models import Claim, Topic

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’+./-]*[A-Za-z0-9+]|[A-Za-z0-9]")
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "s")
_KEEP = {"ceo", "cfo", "cem", "crm", "kpi", "nps", "ux", "cx", "business", "process", "less"}
STOPWORDS = frozenset(load_data("stopwords.yaml")["words"])


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
    return [stem(t) for t in _TOKEN.findall(text)]


@dataclass(frozen=True, eq=False)
class LexTopic:
    """One lexicon entry, with its phrases pre-stemmed; compared by identity, which keeps the
    cached phrase index cheap to look up."""

    id: str
    name: str
    phrases: tuple[tuple[str, ...], ...]
    exclude: tuple[tuple[str, ...], ...]
    weight: float


@lru_cache(maxsize=8)
def load_lexicon(path: str | None = None) -> tuple[LexTopic, ...]:
    """The topic lexicon; ``path`` defaults to the packaged ``topics.yaml``."""
    file = Path(path) if path else DATA_DIR / "topics.yaml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    out = []
    for entry in data["topics"]:
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


@lru_cache(maxsize=8)
def _first_words(lexicon: tuple[LexTopic, ...]) -> dict[str, list[tuple[int, tuple[str, ...], bool]]]:
    """Every phrase and exclusion of the lexicon, keyed by its first stem, so that a text is
    scanned once whatever the size of the lexicon."""
    index: dict[str, list[tuple[int, tuple[str, ...], bool]]] = {}
    for n, topic in enumerate(lexicon):
        for phrase in topic.phrases:
            index.setdefault(phrase[0], []).append((n, phrase, False))
        for phrase in topic.exclude:
            index.setdefault(phrase[0], []).append((n, phrase, True))
    return index


def score_topics(text: str, lexicon: Iterable[LexTopic] | None = None) -> Counter[str]:
    """Weighted hits per topic id in ``text``; hits inside an excluded phrase do not count."""
    lex = tuple(lexicon) if lexicon is not None else load_lexicon()
    seq = tokens(text)
    index = _first_words(lex)
    hits: dict[int, set[int]] = {}
    blocked: dict[int, set[int]] = {}
    for i, word in enumerate(seq):
        for n, phrase, excluded in index.get(word, ()):
            if tuple(seq[i : i + len(phrase)]) != phrase:
                continue
            if excluded:
                blocked.setdefault(n, set()).update(range(i, i + len(phrase)))
            else:
                hits.setdefault(n, set()).add(i)
    scores: Counter[str] = Counter()
    for n, starts in hits.items():
        kept = starts - blocked.get(n, set())
        if kept:
            scores[lex[n].id] += lex[n].weight * len(kept)
    return scores


def tag_claims(claims: Iterable[Claim], lexicon: Iterable[LexTopic] | None = None) -> set[str]:
    """Set ``claim.topics`` (strongest first) on every claim; return the topic ids used."""
    lex = tuple(lexicon) if lexicon is not None else load_lexicon()
    used: set[str] = set()
    for claim in claims:
        scores = score_topics(claim.text, lex)
        claim.topics = [t for t, _ in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))]
        used.update(claim.topics)
    return used


def topic_models(
    topic_ids: Iterable[str], lexicon: Iterable[LexTopic] | None = None
) -> list[Topic]:
    """``kg.models.Topic`` for the ids a thread uses, named from the lexicon."""
    names = {t.id: t.name for t in (lexicon if lexicon is not None else load_lexicon())}
    return [Topic(id=t, name=names.get(t, t), method="lexicon") for t in sorted(set(topic_ids))]


def find_keyphrases(
    texts: Iterable[str], *, exclude_words: Iterable[str] = (), limit: int = 15, min_count: int = 2
) -> list[str]:
    """Frequent 1-3 word phrases without stopwords at their edges, not covered by the lexicon."""
    covered = {s for t in load_lexicon() for ph in t.phrases for s in ph}
    banned = {w.lower() for w in exclude_words}
    counts: Counter[tuple[str, ...]] = Counter()
    surface: dict[tuple[str, ...], Counter[str]] = {}
    for text in texts:
        words = _TOKEN.findall(text)
        low = [w.lower() for w in words]
        stops = [w in STOPWORDS for w in low]
        bad = [_bad_word(w, banned) for w in low]
        stems = [stem(w) for w in words]
        for n in (1, 2, 3):
            for i in range(len(words) - n + 1):
                j = i + n
                # a gram may not start or end on a stopword, hold a bad word, or hold a
                # stopword inside unless it is three words long
                if stops[i] or stops[j - 1] or any(bad[i:j]) or (n < 3 and any(stops[i:j])):
                    continue
                key = tuple(stems[i:j])
                if all(k in covered for k in key):
                    continue
                counts[key] += 1
                surface.setdefault(key, Counter())[" ".join(low[i:j])] += 1
    ranked = sorted(
        (k for k, c in counts.items() if c >= (min_count if len(k) > 1 else 2 * min_count)),
        key=lambda k: (-(counts[k] * len(k)), k),
    )
    return _drop_nested([surface[k].most_common(1)[0][0] for k in ranked])[:limit]


def _bad_word(low: str, banned: set[str]) -> bool:
    """Words no keyphrase may hold: banned names, numbers, short words, contractions."""
    return low in banned or low.isdigit() or len(low) < 3 or "'" in low or "’" in low


def _drop_nested(phrases: list[str]) -> list[str]:
    """Keep a longer phrase and drop a shorter one ranked below it that it contains."""
    kept: list[str] = []
    for p in phrases:
        if not any(f" {p} " in f" {k} " for k in kept):
            kept.append(p)
    return kept
