"""Reading files: empty, binary, damaged, legacy-encoded, huge and control-laden inputs."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from ingest.errors import UnreadableInput
from ingest.source import read_source, read_text_input


def _write(tmp_path: Path, data: bytes, name: str = "page.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_plain_utf8_is_read_unchanged(tmp_path: Path) -> None:
    path = _write(tmp_path, "Title\n\nCafé – “quoted”\n".encode())
    got = read_source(path)
    assert got.text == "Title\n\nCafé – “quoted”\n"
    assert got.warnings == []


@pytest.mark.parametrize("data", [b"", b"  \n\t\n"])
def test_empty_file_is_one_clear_error(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path, data)
    with pytest.raises(UnreadableInput) as err:
        read_source(path)
    message = str(err.value)
    assert message.startswith(f"{path}: empty file")
    assert "\n" not in message


def test_binary_file_is_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(UnreadableInput, match=r"page\.txt: binary file"):
        read_source(path)


def test_mostly_control_bytes_are_binary_even_without_nul(tmp_path: Path) -> None:
    path = _write(tmp_path, bytes([1, 2, 3, 4, 5, 6, 7, 0x0E, 0x0F, 0x10]) * 50)
    with pytest.raises(UnreadableInput, match="binary file"):
        read_source(path)


def test_invalid_utf8_warns_with_byte_offset_and_replaces(tmp_path: Path) -> None:
    data = "Résumé first.\n".encode() + b"bad \xff\xfe byte\n"
    path = _write(tmp_path, data)
    got = read_source(path)
    offset = data.index(b"\xff")
    assert f"invalid UTF-8 at byte offset {offset}" in got.warnings[0]
    assert got.warnings[0].startswith(str(path))
    assert "Résumé first." in got.text
    assert "bad \ufffd\ufffd byte" in got.text


def test_legacy_cp1252_file_is_decoded_as_such(tmp_path: Path) -> None:
    path = _write(tmp_path, "Don’t – café\n".encode("cp1252"))
    got = read_source(path)
    assert got.text == "Don’t – café\n"
    assert "decoded as cp1252" in got.warnings[0]
    assert "offset 3" in got.warnings[0]


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_byte_order_marks_are_honoured(tmp_path: Path, bom: bytes, encoding: str) -> None:
    path = _write(tmp_path, bom + "Hi Tom,\nthanks\n".encode(encoding))
    assert read_source(path).text == "Hi Tom,\nthanks\n"


def test_too_large_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = _write(tmp_path, b"x" * 3 * 2**20)
    expected = r"page.txt: file too large \(3.0 MiB; the limit is 2 MiB, raise it with --max-mb\)"
    with pytest.raises(UnreadableInput, match=expected):
        read_source(path, max_bytes=2 * 2**20)


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInput, match="nope.txt: cannot read"):
        read_source(tmp_path / "nope.txt")


def test_newlines_normalised_and_controls_stripped_with_count(tmp_path: Path) -> None:
    path = _write(tmp_path, b"a\r\nb\rc\x07d\x1b[0m\te\x0cf\n")
    got = read_source(path)
    assert got.text == "a\nb\ncd[0m\tef\n"
    assert any("removed 3 control character(s)" in w for w in got.warnings)


def test_text_input_gets_the_same_treatment() -> None:
    got = read_text_input("x\r\ny\x01z", "upload")
    assert got.text == "x\nyz"
    with pytest.raises(UnreadableInput, match="upload: binary data"):
        read_text_input("x\x00y", "upload")
    with pytest.raises(UnreadableInput, match="upload: empty file"):
        read_text_input("", "upload")
