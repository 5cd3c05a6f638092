"""The input formats and the choice between them.

Each reader module exposes ``detect(text) -> bool`` and
``read(text, *, source, thread_id) -> DraftThread`` (a JSON Lines reader may return a list).
Readers are imported when first used, so one broken or missing reader does not stop the
others.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import PurePath
from types import ModuleType

from ingest.draft import DraftThread
from ingest.errors import UnreadableInput

log = logging.getLogger(__name__)

FORMATS = ("text", "json", "aif")
_MODULES = {"text": "plaintext", "json": "jsonthread", "aif": "aif"}
_JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}


def _module(fmt: str) -> ModuleType:
    return importlib.import_module(f"ingest.formats.{_MODULES[fmt]}")


def _detects(fmt: str, text: str) -> bool:
    try:
        return bool(_module(fmt).detect(text))
    except ImportError:
        log.debug("reader for %s is not available", fmt)
        return False


def detect(text: str, name: str) -> str:
    """The format of an input: AIF and JSON by content (or a .json suffix), else plain text."""
    suffix = PurePath(name).suffix.lower()
    looks_json = text.lstrip().startswith(("{", "[")) or suffix in _JSON_SUFFIXES
    if looks_json:
        for fmt in ("aif", "json"):
            if _detects(fmt, text):
                return fmt
        return "json"
    return "text"


def read_drafts(
    text: str, *, source: str, thread_id: str, format: str | None = None
) -> list[DraftThread]:
    """Every thread of one input (JSON Lines may hold several; the others hold one)."""
    fmt = format or detect(text, source)
    if fmt not in FORMATS:
        raise UnreadableInput(f"{source}: unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    try:
        reader = _module(fmt)
    except ImportError as exc:
        raise UnreadableInput(f"{source}: no reader for format {fmt!r} ({exc})") from exc
    result = reader.read(text, source=source, thread_id=thread_id)
    return list(result) if isinstance(result, list | tuple) else [result]


def read_draft(
    text: str, *, source: str, thread_id: str, format: str | None = None
) -> DraftThread:
    """The one thread of an input; an input holding several must go through ``read_drafts``."""
    drafts = read_drafts(text, source=source, thread_id=thread_id, format=format)
    if len(drafts) != 1:
        raise UnreadableInput(
            f"{source}: holds {len(drafts)} threads where one was expected "
            "(read it with read_drafts)"
        )
    return drafts[0]
