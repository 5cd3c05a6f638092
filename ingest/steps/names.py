"""Telling people's names apart from other capitalised words, and finding where a post
speaks to someone ("Hi Tom,", "@Ines –", "Ravi, I think ...", "I agree Petra").

Nothing here knows who takes part in a thread: the signals are the shape of a name, its
position in the post, a short list of common capitalised words that are not names
(``ingest/data/names.yaml``), and, where the caller supplies it, whether the same name
recurs elsewhere in the thread.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from ingest.steps.cues import compile_pattern, load_data

_TOKEN_CHARS = re.compile(r"^[^\W\d_][^\W\d_'’.-]*(?:[-'’][^\W\d_]+)*\.?$")
_EDGE_PUNCT = " \t,;:!?.()[]\"“”‘’'–—-"
_DASHES = "–—-"
_SPACES = re.compile(r"[_\s]+")
_NON_SPACE = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
_TAIL_NAME = re.compile(r",\s*([^\W\d_][\w'’-]*)\s*[!.?]")


@dataclass(frozen=True)
class Lexicon:
    """The word lists of ``names.yaml``, lower-cased, with their patterns compiled."""

    non_names: frozenset[str]
    particles: frozenset[str]
    salutation_re: re.Pattern[str]
    address_followers: frozenset[str]
    vocative_re: re.Pattern[str]
    sign_offs: frozenset[str]
    bio_cue_res: tuple[re.Pattern[str], ...]  # whole words, sought in lower-cased text
    author_reply_res: tuple[re.Pattern[str], ...]
    article_reference_res: tuple[re.Pattern[str], ...]
    spam_link_re: re.Pattern[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load ``names.yaml`` once per process."""
    data = load_data("names.yaml")
    words = lambda key: [w.strip().lower() for w in data[key].split(",") if w.strip()]  # noqa: E731
    low = lambda key: frozenset(words(key))  # noqa: E731
    alternation = lambda key: "|".join(  # noqa: E731
        re.escape(w) for w in sorted(words(key), key=lambda w: -len(w))
    )
    return Lexicon(
        non_names=low("non_names"),
        particles=low("particles"),
        salutation_re=compile_pattern(rf"^(?:{alternation('salutations')})\b[\s,]*"),
        address_followers=low("address_followers"),
        vocative_re=compile_pattern(rf"\b(?:{alternation('vocative_cues')})\s*,?\s+"),
        sign_offs=low("sign_offs"),
        bio_cue_res=tuple(re.compile(rf"\b{re.escape(cue)}\b") for cue in words("bio_cues")),
        author_reply_res=tuple(compile_pattern(p) for p in data["author_reply_cues"]),
        article_reference_res=tuple(compile_pattern(p) for p in data["article_reference_cues"]),
        spam_link_re=compile_pattern(data["spam_link"]),
    )


def is_name_token(token: str) -> bool:
    """A capitalised word that may be (part of) a person's name: "Tom", "O'Neil", "F."."""
    if not token or not token[0].isupper() or not _TOKEN_CHARS.match(token):
        return False
    core = token.rstrip(".")
    if len(core) > 2 and core.isupper():  # acronyms: NASA, FAQ, CEO
        return False
    return core.lower() not in lexicon().non_names


def is_person_name(text: str, *, min_tokens: int = 2, max_tokens: int = 4) -> bool:
    """Whether a short string is shaped like a person's full name ("Lena K", "Ana de Souza")."""
    tokens = text.split()
    if not min_tokens <= len(tokens) <= max_tokens + 1:
        return False
    parts = lexicon().particles
    names = [t for t in tokens if t not in parts]
    if not min_tokens <= len(names) <= max_tokens or tokens[0] in parts or tokens[-1] in parts:
        return False
    if not all(is_name_token(t) for t in names):
        return False
    return any(len(t.rstrip(".")) >= 3 for t in names)


@lru_cache(maxsize=1 << 12)  # a thread writes the same few names over and over
def normalise_name(raw: str) -> str:
    """A name as people write it, cleaned: "@Kim_Novak" -> "Kim Novak"."""
    name = raw.strip(_EDGE_PUNCT + "@")
    name = _SPACES.sub(" ", name)
    return name


@dataclass(frozen=True)
class NameHit:
    """A person a post speaks to, as written: where the name stands and the passage it opens."""

    name: str
    start: int  # offset of the name in the post text
    end: int
    method: str  # "salutation", "at_mention", "name_opening", "vocative"
    passage_start: int  # offset where the addressed passage begins (the line start)


Known = Callable[[str], bool]
_AT = re.compile(r"^@\s?([^\W\d][\w.'’-]*)")
_NAME_RUN = re.compile(r"^([^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){0,2})")


def find_addresses(text: str, known: Known | None = None) -> list[NameHit]:
    """Every place the post turns to a person, in order: line-opening addresses and the
    vocatives of the first sentence ("Nice one, Petra!")."""
    known = known or (lambda _name: False)
    hits: list[NameHit] = []
    pos = 0
    for n, line in enumerate(text.split("\n")):
        lead = len(line) - len(line.lstrip())
        hit = _line_address(line.strip(), pos + lead, first=(n == 0), known=known)
        if hit is not None:
            hits.append(hit)
        pos += len(line) + 1
    if not any(h.passage_start == 0 for h in hits):
        hits[:0] = _vocatives(text, known)
    return hits


def _line_address(line: str, at: int, *, first: bool, known: Known) -> NameHit | None:
    m = _AT.match(line)
    if m:
        name = m.group(1).rstrip(".")
        return NameHit(name, at + m.start(1), at + m.start(1) + len(name), "at_mention", at)
    m = lexicon().salutation_re.match(line)
    if m:
        got = _leading_name(line[m.end() :], lambda _name, _after: True)
        if got is None:
            return None
        s, e = m.end() + got[0], m.end() + got[1]
        return NameHit(line[s:e], at + s, at + e, "salutation", at)
    got = _leading_name(line, lambda name, after: _opens_address(name, after, first, known))
    if got is None:
        return None
    s, e = got
    return NameHit(line[s:e], at + s, at + e, "salutation" if first else "name_opening", at)


def _leading_name(text: str, accept: Callable[[str, str], bool]) -> tuple[int, int] | None:
    """Offsets of the name (one to three words) opening ``text`` that ``accept`` takes."""
    words = list(islice(_NON_SPACE.finditer(text, 0, 200), 3))
    # the first word fits no name (trimmed or not: a fitting word ends in a letter or a
    # dot), so no name of any length opens the text
    if not words or not is_name_token(words[0].group().rstrip(_EDGE_PUNCT)):
        return None
    for k in range(len(words), 0, -1):  # the longest name first: "Tom Berg," before "Tom"
        end = words[k - 1].end()
        while end > words[k - 1].start() and text[end - 1] in _EDGE_PUNCT:
            end -= 1
        tokens = text[words[0].start() : end].split()
        if len(tokens) != k or not all(is_name_token(t) for t in tokens):
            continue
        if k > 1 and text[words[0].start() : words[k - 2].end()][-1:] in ",;:!?":
            continue  # "Ana, Ravi" is two people, not one name
        if accept(text[words[0].start() : end], text[end:]):
            return words[0].start(), end
    return None


def _opens_address(name: str, after: str, first: bool, known: Known) -> bool:
    """Whether a name opening a line is spoken to: "Oskar," "Ravi, I think", "Petra –"."""
    rest = after.strip()
    recurrent = known(name)
    if not rest or rest in {",", ":", "!", "."}:
        return first or recurrent
    if rest[0] in _DASHES:
        return True
    if rest[0] != ",":
        return False
    if recurrent:
        return True
    if " " not in name and name.lower().endswith("ly"):  # adverbs: "Frankly, we ..."
        return False
    follower = rest[1:].split(maxsplit=1)
    word = follower[0].strip(_EDGE_PUNCT).lower() if follower else ""
    return word in lexicon().address_followers


def _vocatives(text: str, known: Known) -> list[NameHit]:
    """Names addressed inside the first sentence: "I agree Petra, but", "Nice one, Petra!"."""
    m = _SENTENCE_END.search(text)
    first = text[: m.end() if m else len(text)]
    hits: list[NameHit] = []
    for cue in lexicon().vocative_re.finditer(first):
        got = _leading_name(first[cue.end() :], lambda _name, _after: True)
        if got:
            s, e = cue.end() + got[0], cue.end() + got[1]
            hits.append(NameHit(first[s:e], s, e, "vocative", 0))
    for tail in _TAIL_NAME.finditer(first):
        if is_name_token(tail.group(1)):
            hits.append(NameHit(tail.group(1), tail.start(1), tail.end(1), "vocative", 0))
    hits.sort(key=lambda h: h.start)
    return hits[:1]
