"""CueSet: cue patterns run only on texts holding their required words, with the same answers."""

import re

from ingest.steps.cues import compile_pattern
from ingest.steps.cueset import CueSet, required_words


def test_required_words_are_read_from_the_pattern():
    # optional parts tell nothing; what is left must be in every match
    assert required_words(compile_pattern(r"\bi (fully )?agree\b")) == (("agree",),)
    # a group of alternatives requires one of them
    assert required_words(compile_pattern(r"\b(well said|spot on)\b")) == (("well said", "spot on"),)
    assert required_words(compile_pattern(r"https?://\S+")) == (("http",), ("://",))
    # case-insensitive patterns are looked up lower-cased
    assert required_words(compile_pattern(r"Thank You")) == (("thank you",),)
    # a lookahead consumes nothing of its own
    assert required_words(re.compile(r"(?=\w+ly)really\b")) == (("really",),)


def test_nothing_is_required_when_the_pattern_says_too_little():
    assert required_words(compile_pattern(r"(hi|hey) there")) == ((" there",),)
    assert required_words(compile_pattern(r"hi|hey")) == ()  # words too short to tell
    assert required_words(compile_pattern(r"(?i:agree)")) == ()  # scoped flags: not read
    assert required_words(re.compile(r"agree # a comment", re.VERBOSE)) == ()


PATTERNS = [
    compile_pattern(p)
    for p in [
        r"\bi (fully )?agree\b",
        r"\byou('re| are) (so )?right\b",
        r"\b(well said|spot on)\b",
        r"\bok\b",
        r"https?://\S+",
    ]
]


def _every_pattern(text: str) -> list[tuple[int, str, int]]:
    return [(n, m.group(), m.start()) for n, p in enumerate(PATTERNS) for m in p.finditer(text)]


def test_a_cue_set_finds_what_every_pattern_finds():
    cues = CueSet(PATTERNS)
    texts = [
        "I agree, you're so right. Well said! I fully agree.",
        "Nothing to see here.",
        "See http://example.org and OK.",
        "\u212a is a Kelvin sign that matches k when case is ignored: o\u212a.",
    ]
    for text in texts:
        found = [(n, m.group(), m.start()) for n, m in cues.finditer(text)]
        assert found == _every_pattern(text)
        first = next((n for n, p in enumerate(PATTERNS) if p.search(text)), None)
        assert cues.search(text) == first
    assert cues.candidates("Nothing to see here.") == [3]  # "ok" is too short to look up
    assert cues.candidates("you are right") == [1, 3]


def test_match_takes_the_first_pattern_opening_the_text():
    cues = CueSet([compile_pattern("thanks( a lot)?"), compile_pattern("thanks a lot")])
    n, m = cues.match("Thanks a lot, Ann")
    assert (n, m.group()) == (0, "Thanks a lot")
    assert cues.match("Well, thanks") is None
