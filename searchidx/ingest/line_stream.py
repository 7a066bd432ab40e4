"""Decoding a byte stream line by line, for inputs too big (or too pipe-like) to read whole.

Standard input and gzip files cannot be measured and decoded whole the way
:mod:`decode` does for plain files, so the same decisions are made lazily: a
byte order mark picks UTF-8/16/32 for the whole stream; otherwise each line is
strict UTF-8, and a line that is not becomes Windows-1252 (reported once, as a
Notice in the stream). NUL-ridden input is refused as binary before any line
is delivered. Lines come out like ``read_text(...).split("\\n")``: without
their line break, NFC-normalised.
"""

from __future__ import annotations

import codecs
import io
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from searchidx.errors import IngestError
from searchidx.ingest.decode import WINDOWS_1252, normalise
from searchidx.models import Notice

_WIDE_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SNIFF_BYTES = 64 * 1024
# Share of NUL bytes at the start beyond which a stream is binary (see decode).
_MAX_NUL_SHARE = 0.05


def decoded_lines(stream: BinaryIO, location: str) -> Iterator[str | Notice]:
    """The text lines of ``stream``, with a Notice where an encoding was guessed."""
    try:
        yield from _decoded_lines(stream, location)
    except (OSError, EOFError, zlib.error) as error:  # truncated or corrupt gzip data
        raise IngestError(location, f"cannot read: {' '.join(str(error).split())}") from None


def _decoded_lines(stream: BinaryIO, location: str) -> Iterator[str | Notice]:
    head = _peek(stream)
    if not head:
        raise IngestError(location, "empty file")
    for mark, encoding in _WIDE_MARKS:
        if head.startswith(mark):
            yield from _wide_lines(stream, encoding, location)
            return
    if head.count(0) > _MAX_NUL_SHARE * len(head):
        raise IngestError(location, "binary file, not text")
    yield from _utf8_lines(stream, location)


def _peek(stream: BinaryIO) -> bytes:
    if isinstance(stream, io.BufferedReader):
        return stream.peek(_SNIFF_BYTES)[:_SNIFF_BYTES]
    buffered = getattr(stream, "peek", None)
    return buffered(_SNIFF_BYTES)[:_SNIFF_BYTES] if buffered else b"?"


def _wide_lines(stream: BinaryIO, encoding: str, location: str) -> Iterator[str]:
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        for line in text:
            yield from normalise(line.rstrip("\r\n")).split("\n")
    except UnicodeDecodeError as error:
        raise IngestError(location, f"not valid {encoding.upper()}: {error.reason}") from None


def _utf8_lines(stream: BinaryIO, location: str) -> Iterator[str | Notice]:
    guessed = False
    for number, raw in enumerate(stream, start=1):
        raw = raw.rstrip(b"\r\n").replace(b"\x00", b"")
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            line = raw.decode(WINDOWS_1252, errors="replace")
            if not guessed:
                guessed = True
                yield Notice(
                    f"{location}:{number}",
                    "not valid UTF-8; this and such lines read as Windows-1252",
                )
        yield from normalise(line).split("\n")
