"""read_text on real files in every encoding the scrapers produce."""

from __future__ import annotations

import codecs
import zlib
from pathlib import Path

import pytest

from searchidx.errors import IngestError
from searchidx.ingest import decode, read_text
from searchidx.ingest.decode import describe_guess

GREETING = "Grüße aus Köln – „schön“ €\n"


def write(tmp_path: Path, data: bytes, name: str = "page.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (GREETING.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + GREETING.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + GREETING.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + GREETING.encode("utf-16-be"), "utf-16"),
        (GREETING.encode("utf-16-le"), "utf-16-le"),
        (GREETING.encode("utf-16-be"), "utf-16-be"),
        (GREETING.encode("windows-1252"), "windows-1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be", "cp1252"],
)
def test_encodings_decode_to_the_same_text(tmp_path: Path, data: bytes, encoding: str) -> None:
    assert read_text(write(tmp_path, data)) == (GREETING, encoding)


def test_latin1_umlauts_read_as_windows_1252(tmp_path: Path) -> None:
    text, encoding = read_text(write(tmp_path, "Grüße, Maß und Öl\n".encode("latin-1")))
    assert text == "Grüße, Maß und Öl\n"
    assert encoding == "windows-1252"
    assert describe_guess(encoding) == "decoded as Windows-1252 (not valid UTF-8)"


def test_only_guesses_are_described() -> None:
    assert describe_guess("utf-8") is None
    assert describe_guess("utf-16") is None
    assert describe_guess("utf-16-le") == "decoded as UTF-16-LE (no byte order mark)"


def test_newlines_are_normalised(tmp_path: Path) -> None:
    text, _ = read_text(write(tmp_path, b"eins\r\nzwei\rdrei\n"))
    assert text == "eins\nzwei\ndrei\n"


def test_text_is_nfc(tmp_path: Path) -> None:
    decomposed = "Gru\u0308\u00dfe".encode()
    text, _ = read_text(write(tmp_path, decomposed))
    assert text == "Grüße" and len(text) == 5


def test_stray_nul_is_removed(tmp_path: Path) -> None:
    data = "Grüße aus Köln,\x00 das ist ein ganz normaler Satz.\n".encode()
    assert read_text(write(tmp_path, data)) == (
        "Grüße aus Köln, das ist ein ganz normaler Satz.\n",
        "utf-8",
    )


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, b"")
    with pytest.raises(IngestError) as raised:
        read_text(path)
    assert (raised.value.location, raised.value.reason) == (str(path), "empty file")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)),
        zlib.compress("Grüße ".encode() * 500 + bytes(range(256)) * 4),
        b"\x00" * 64,
        b"abc\x01\x02\x03\x04\x05def",
    ],
    ids=["png", "zlib", "zeros", "controls"],
)
def test_binary_files_are_refused(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(IngestError, match="binary file, not text"):
        read_text(write(tmp_path, data, "image.txt"))


def test_unreadable_path_is_an_ingest_error(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="cannot read file"):
        read_text(tmp_path)


def test_utf16_bom_with_odd_length_is_reported(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="not valid UTF-16"):
        read_text(write(tmp_path, codecs.BOM_UTF16_LE + "abc".encode("utf-16-le") + b"x"))


STREAMED = [
    b'{"a": 1}\n{"b": "Gr\xc3\xbc\xc3\x9fe"}\n',
    b"ohne Zeilenende am Schluss\nzweite",
    b"windows\r\nzeilen\r\n\r\nleer davor\r\n",
    b"alt\rmac\r\rzwei\r\r\n",
    b"u\xcc\x88ber NFC\n\xe2\x80\xa8 zeilentrenner\xc2\x85",
    b"\n\n",
]


@pytest.mark.parametrize("data", STREAMED)
def test_streamed_lines_equal_the_whole_file_decoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes
) -> None:
    monkeypatch.setattr(decode, "STREAM_MIN_BYTES", 0)
    monkeypatch.setattr(decode, "_STREAM_CHUNK", 5)  # chunk edges inside characters
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(data)
    lines = decode.stream_lines(path)
    assert lines is not None
    assert list(lines) == decode.read_text(path)[0].split("\n")


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf" + b"mit BOM\n",
        b"Gr\xfc\xdfe aus Windows-1252\n",
        b"mit \x00 NUL\n",
        "UTF-16".encode("utf-16-le"),
        bytes(range(1, 32)) * 4,  # control characters: binary
    ],
)
def test_files_needing_a_guess_are_not_streamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes
) -> None:
    monkeypatch.setattr(decode, "STREAM_MIN_BYTES", 0)
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(data)
    assert decode.stream_lines(path) is None


def test_small_files_are_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "small.jsonl"
    path.write_bytes(b'{"a": 1}\n')
    assert decode.stream_lines(path) is None
