"""Reading an input file into clean text: the one place that deals with bytes.

Every later offset (post spans, claim spans) is an offset into the text returned here,
after newline normalisation and control-character removal, which is also what the
thread keeps as its ``source_text``. Decoding policy for bytes that are not valid UTF-8:
if the file holds no valid multi-byte UTF-8 sequence at all and decodes cleanly as
Windows-1252, it is a legacy single-byte file and is decoded as such; otherwise it is
UTF-8 with damage, and the bad bytes become U+FFFD. Either way a warning names the byte
offset of the first bad byte.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from ingest.errors import UnreadableInput

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 16 * 2**20  # a comment page is rarely over a few MB; larger is refused
_SNIFF = 8192
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
# C0 controls except tab and newline, DEL, and C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_TEXT_BYTES = frozenset(range(0x20, 0x100)) | {0x09, 0x0A, 0x0C, 0x0D, 0x1B, 0x08}
_TEXT_BYTES_DELETED = bytes(sorted(_TEXT_BYTES))  # what bytes.translate removes to count the rest
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass
class SourceText:
    """Decoded, normalised text and what was repaired on the way."""

    text: str
    warnings: list[str] = field(default_factory=list)


def read_source(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read one input file as text, or raise UnreadableInput with a one-line reason."""
    path = Path(path)
    try:
        _check_size(path, path.stat().st_size, max_bytes)
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableInput(f"{path}: cannot read ({exc.strerror or exc})") from exc
    _check_size(path, len(data), max_bytes)  # it may have grown since stat
    warnings: list[str] = []
    text = decode_bytes(data, str(path), warnings)
    return SourceText(text=normalise_text(text, str(path), warnings), warnings=warnings)


def _check_size(path: Path, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise UnreadableInput(
            f"{path}: file too large ({size / 2**20:.1f} MiB; the limit is {max_bytes / 2**20:g} MiB, "
            "raise it with --max-mb)"
        )


def read_text_input(text: str, name: str) -> SourceText:
    """The same checks and normalisation for text already in memory (tests, web uploads)."""
    warnings: list[str] = []
    if not text:
        raise UnreadableInput(f"{name}: empty file")
    if "\x00" in text[:_SNIFF]:
        raise UnreadableInput(f"{name}: binary data (NUL characters), not text")
    return SourceText(text=normalise_text(text, name, warnings), warnings=warnings)


def decode_bytes(data: bytes, name: str, warnings: list[str]) -> str:
    """Bytes to str following the module's decoding policy."""
    if not data:
        raise UnreadableInput(f"{name}: empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                msg = f"{name}: invalid {encoding} after its byte-order mark at byte {exc.start}"
                raise UnreadableInput(msg) from exc
    _reject_binary(data, name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _decode_damaged(data, exc.start, name, warnings)


def _reject_binary(data: bytes, name: str) -> None:
    head = data[:_SNIFF]
    if b"\x00" in head:
        raise UnreadableInput(f"{name}: binary file (NUL bytes), not text")
    odd = len(head.translate(None, _TEXT_BYTES_DELETED))  # the bytes that are not text
    if odd > len(head) * 0.1:
        msg = f"{name}: binary file ({odd} of the first {len(head)} bytes are not text)"
        raise UnreadableInput(msg)


def _decode_damaged(data: bytes, offset: int, name: str, warnings: list[str]) -> str:
    """Invalid UTF-8: a legacy cp1252 file if nothing in it is UTF-8, else replace bad bytes."""
    if not _UTF8_MULTIBYTE.search(data):
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            pass
        else:
            msg = f"{name}: not valid UTF-8 (first bad byte at offset {offset}); decoded as cp1252"
            _warn(warnings, msg)
            return text
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    _warn(
        warnings,
        f"{name}: invalid UTF-8 at byte offset {offset}; "
        f"{bad} bad sequence(s) replaced with U+FFFD",
    )
    return text


def normalise_text(text: str, name: str, warnings: list[str]) -> str:
    """Newlines to ``\\n`` and control characters out, so offsets mean the same everywhere."""
    text = text.removeprefix("\ufeff")
    text = _NEWLINES.sub("\n", text)
    text, removed = _CONTROL.subn("", text)
    if removed:
        _warn(warnings, f"{name}: removed {removed} control character(s)")
    if not text.strip():
        raise UnreadableInput(f"{name}: empty file (only whitespace)")
    return text


def _warn(warnings: list[str], message: str) -> None:
    log.warning("%s", message)
    warnings.append(message)
