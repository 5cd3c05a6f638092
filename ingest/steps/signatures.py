"""Signatures: the writer's name closing a post ("Name", "Name, Title", "Name @handle", a
name over a tagline or two, "Cheers,\\nName", "-- Name")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.steps.names import is_name_token, is_person_name, lexicon

_SIG = re.compile(r"^(?P<name>[^,@|(]+?)(?:\s*,\s*\S.{0,80}|\s+@\w+.*|\s+[|–—-]\s+\S.{0,80})?$")
_DASH_SIG = re.compile(r"^(?:--|[-–—~])\s*(?P<name>\S.*)$")
_PARAGRAPH = re.compile(r"[^\n]+(?:\n[^\n]+)*")
_WHOLE = re.compile(r"(?P<name>.+)")
_MAX_TAGLINE = 80
_PARAGRAPHS_SEARCHED = 3


@dataclass(frozen=True)
class Signature:
    name: str
    start: int  # offsets of the name in the post text
    end: int
    confidence: float


def find_signature(text: str, known: set[str] | None = None) -> Signature | None:
    """The signature closing a post, searched in its last paragraphs, latest first.

    ``known`` holds lower-cased full names already seen in the thread: a known full name
    after the last sentence of the last line ("... Good luck. Jane Roe") is a signature too.
    """
    paras = _paragraphs(text)[-_PARAGRAPHS_SEARCHED:]
    for n, (start, end) in enumerate(reversed(paras)):
        sig = _in_paragraph(text, start, end, last=(n == 0))
        if sig is not None:
            return sig
    if known and paras:
        tail = text.rstrip()
        cut = max(tail.rfind(". "), tail.rfind("! "), tail.rfind("? "), tail.rfind("\n"))
        name = tail[cut + 1 :].strip()
        if cut > 0 and name.lower() in known:
            at = tail.rindex(name)
            return Signature(name, at, at + len(name), 0.7)
    return None


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]


def _in_paragraph(text: str, start: int, end: int, *, last: bool) -> Signature | None:
    lines = _lines(text, start, end)
    short = len(lines) <= 4 and all(e - s <= _MAX_TAGLINE for s, e in lines)
    if short:  # a name over its taglines: "Jane Roe / Head of CX / Follow me"
        sig = _name_line(text, *lines[0], full=True)
        if sig is not None:
            return sig
    if not last:
        return None
    s, e = lines[-1]
    sig = _name_line(text, s, e, full=True, bare=True) or _dash_line(text, s, e)
    if sig is None and len(lines) >= 2:
        sig = _after_sign_off(text, lines)
    for k in range(len(lines) - 2, max(0, len(lines) - 3) - 1, -1):
        if sig is not None:
            break
        taglines = lines[k + 1 :]
        if all(e - s <= _MAX_TAGLINE // 2 for s, e in taglines):  # "Jane Roe\nRetired mason"
            sig = _name_line(text, *lines[k], full=True)
    return sig


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    for line in text[start:end].split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _name_line(text: str, s: int, e: int, *, full: bool, bare: bool = False) -> Signature | None:
    line = text[s:e].strip()
    m = _WHOLE.fullmatch(line) if bare else _SIG.match(line)
    if not m:
        return None
    name = m.group("name").strip()
    if not is_person_name(name, min_tokens=2 if full else 1):
        return None
    at = s + (len(text[s:e]) - len(text[s:e].lstrip())) + m.start("name")
    return Signature(name, at, at + len(name), 0.85)


def _dash_line(text: str, s: int, e: int) -> Signature | None:
    m = _DASH_SIG.match(text[s:e].strip())
    if not m or not is_person_name(m.group("name"), min_tokens=1):
        return None
    at = text.index(m.group("name"), s)
    return Signature(m.group("name"), at, at + len(m.group("name")), 0.8)


def _after_sign_off(text: str, lines: list[tuple[int, int]]) -> Signature | None:
    """ "Cheers,\\nJane": a sign-off line, then a name (a first name is enough)."""
    (ps, pe), (s, e) = lines[-2], lines[-1]
    if text[ps:pe].strip().rstrip(",.!").lower() not in lexicon().sign_offs:
        return None
    name = text[s:e].strip()
    if not name or not all(is_name_token(t) for t in name.split()) or len(name.split()) > 4:
        return None
    at = s + (len(text[s:e]) - len(text[s:e].lstrip()))
    return Signature(name, at, at + len(name), 0.8)
