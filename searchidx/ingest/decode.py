"""Turning a file's bytes into clean Unicode text, whatever encoding it arrived in.

Scraped pages and exported corpora reach us as UTF-8 (with or without a byte order
mark), as UTF-16 from Windows tools, or as legacy Windows-1252. We look at the bytes
rather than trust a file name: a byte order mark decides outright, a regular NUL
pattern reveals BOM-less UTF-16, strict UTF-8 is tried next (then UTF-8 with the few
broken bytes replaced, if most of the file is well-formed UTF-8), and Windows-1252 is the
last resort because it decodes any byte sequence (it is a superset of Latin-1 for
printable text, so ``Grüße`` written by either comes out right).

Whatever the source, callers get ``\\n`` line ends and NFC-normalised text, so the
same word is always the same string for the analyzers.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from searchidx.errors import IngestError
from searchidx.ingest.sources import ByteMeter

WINDOWS_1252 = "windows-1252"
# UTF-8 with a few undecodable bytes, which become U+FFFD.
DAMAGED_UTF8 = "utf-8-with-errors"

# Encodings we inferred from the bytes rather than read from a byte order mark or
# strict UTF-8: worth a Notice, since a wrong guess garbles umlauts silently.
_GUESS_DESCRIPTIONS = {
    "utf-16-le": "decoded as UTF-16-LE (no byte order mark)",
    "utf-16-be": "decoded as UTF-16-BE (no byte order mark)",
    WINDOWS_1252: "decoded as Windows-1252 (not valid UTF-8)",
    DAMAGED_UTF8: "decoded as UTF-8; invalid bytes replaced by U+FFFD",
}

# UTF-32 marks must be tested before UTF-16 LE: FF FE 00 00 also starts with FF FE.
_BYTE_ORDER_MARKS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# ASCII-heavy text in UTF-16 has a NUL in (nearly) every other byte; binary data
# rarely shows such a one-sided pattern.
_UTF16_NUL_SHARE = 0.3
_UTF16_OTHER_SIDE_MAX = 0.02
# A few stray NULs happen in scraped text; more than this is a binary file.
_MAX_STRAY_NUL_SHARE = 0.05
# Text has almost no control characters besides whitespace; binary data ~10 %.
_MAX_CONTROL_SHARE = 0.02
# Unicode category Cc (U+0000-001F, U+007F-009F) except \t \n \v \f \r and ESC;
# a regex counts them at C speed (a per-character loop took 4 s on 50 MB).
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")

# Bytes 0x80-0x9F mean printable characters in Windows-1252 (€, „, “, …) but C1
# controls in Latin-1; the five bytes Windows-1252 leaves undefined keep Latin-1's.
_LATIN1_TO_WINDOWS_1252 = {
    byte: bytes([byte]).decode(WINDOWS_1252)
    for byte in range(0x80, 0xA0)
    if byte not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


def read_text(path: str | Path) -> tuple[str, str]:
    """Read a file as normalised text; return ``(text, encoding name)``.

    Raises IngestError (location = the path) for unreadable, empty or binary files.
    """
    location = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise IngestError(location, f"cannot read file: {error.strerror or error}") from None
    return decode_bytes(data, location)


def decode_bytes(data: bytes, location: str) -> tuple[str, str]:
    """Decode raw bytes as :func:`read_text` does; ``location`` names them in errors."""
    if not data:
        raise IngestError(location, "empty file")
    text, encoding = _decode(data, location)
    text = _normalise(text.replace("\x00", ""))
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise IngestError(location, "binary file, not text")
    return text, encoding


# Files above this size are read line by line when they are plain UTF-8, so a
# corpus of gigabytes never sits in memory whole (as bytes, text and lines).
STREAM_MIN_BYTES = 32 * 2**20
_STREAM_CHUNK = 16 * 2**20


def stream_lines(path: str | Path, meter: ByteMeter | None = None) -> Iterator[str] | None:
    """The normalised lines of a big, clean UTF-8 file, read lazily; else None.

    The same lines as splitting ``read_text(path)`` at line breaks. "Clean" means
    what the whole-file decoder would decide without guessing: no byte order
    mark, no NUL byte, strict UTF-8, text rather than binary. Anything else
    (and every small file) returns None: use :func:`read_text`. Raises
    IngestError when the file cannot be read. ``meter`` counts the bytes read.
    """
    location = str(path)
    try:
        if Path(path).stat().st_size < STREAM_MIN_BYTES or not _clean_utf8(Path(path)):
            return None
    except OSError as error:
        raise IngestError(location, f"cannot read file: {error.strerror or error}") from None
    return _normalised_lines(Path(path), location, meter or ByteMeter())


def _clean_utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    controls = characters = 0
    with path.open("rb") as stream:
        first = True
        while chunk := stream.read(_STREAM_CHUNK):
            if first and any(chunk.startswith(mark) for mark, _ in _BYTE_ORDER_MARKS):
                return False
            first = False
            if b"\x00" in chunk:
                return False
            try:
                text = _normalise(decoder.decode(chunk))
            except UnicodeDecodeError:
                return False
            controls += len(_CONTROL_CHARS.findall(text))
            characters += len(text)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return characters > 0 and controls / characters <= _MAX_CONTROL_SHARE


def _normalised_lines(path: Path, location: str, meter: ByteMeter) -> Iterator[str]:
    try:
        with path.open("rb") as stream:
            for raw in stream:
                meter.bytes_read += len(raw)
                line = raw.decode("utf-8")
                if line.endswith("\n"):
                    # "\r\n" is one line break, as the whole-file decoder reads it.
                    line = line[:-2] if line.endswith("\r\n") else line[:-1]
                    yield from _normalise(line).split("\n")
                else:
                    yield from _normalise(line).split("\n")
                    return
            yield ""  # the text after the last line break, as str.split gives it
    except OSError as error:
        raise IngestError(location, f"cannot read file: {error.strerror or error}") from None


def describe_guess(encoding: str) -> str | None:
    """A user-facing note if ``encoding`` was guessed rather than certain, else None."""
    return _GUESS_DESCRIPTIONS.get(encoding)


def _decode(data: bytes, location: str) -> tuple[str, str]:
    for mark, encoding in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return _strict(data, encoding, location), encoding
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return _strict(data, utf16, location), utf16
    nul_count = data.count(0)
    if nul_count > _MAX_STRAY_NUL_SHARE * len(data):
        raise IngestError(location, "binary file, not text")
    cleaned = data.replace(b"\x00", b"")
    try:
        return cleaned.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        if nul_count:
            # NULs plus invalid UTF-8 is the signature of compressed or image data.
            raise IngestError(location, "binary file, not text") from None
    if _mostly_utf8(cleaned):
        return cleaned.decode("utf-8", errors="replace"), DAMAGED_UTF8
    return cleaned.decode("latin-1").translate(_LATIN1_TO_WINDOWS_1252), WINDOWS_1252


def _mostly_utf8(data: bytes) -> bool:
    """More well-formed UTF-8 sequences than stray high bytes: damaged UTF-8.

    Decoding such a file as Windows-1252 would garble every intact umlaut
    (``GrÃ¼ÃŸe``) to save a few broken bytes; Latin-1 German text almost never
    contains a byte pair that happens to be valid UTF-8.
    """
    sequences = len(_UTF8_SEQUENCE.findall(data))
    stray = len(_HIGH_BYTE.findall(_UTF8_SEQUENCE.sub(b"", data)))
    return sequences > stray


def _strict(data: bytes, encoding: str, location: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise IngestError(location, f"not valid {encoding.upper()}: {error.reason}") from None


def _bomless_utf16(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2:
        return None
    pairs = len(data) // 2
    even_nuls = data[0::2].count(0) / pairs
    odd_nuls = data[1::2].count(0) / pairs
    if odd_nuls >= _UTF16_NUL_SHARE and even_nuls <= _UTF16_OTHER_SIDE_MAX:
        return "utf-16-le"
    if even_nuls >= _UTF16_NUL_SHARE and odd_nuls <= _UTF16_OTHER_SIDE_MAX:
        return "utf-16-be"
    return None


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    return len(_CONTROL_CHARS.findall(text)) / len(text)


def normalise(text: str) -> str:
    """``\\n`` line ends and NFC, as every decoder here delivers text."""
    return _normalise(text)


def _normalise(text: str) -> str:
    for line_break in ("\r\n", "\r", "\u2028", "\u2029", "\x85"):
        text = text.replace(line_break, "\n")
    return unicodedata.normalize("NFC", text)
