"""The lexicon's on-disk form: a hash table read through ``mmap``, open in O(1).

Parsing the whole merged lexicon (~700k words) took every process that split a
compound ~0.3 s of CPU. This file is instead mapped into memory and looked up in
place: opening it reads one header, and a lookup touches a few pages that the
operating system shares between all processes using the same file.

Layout (native byte order and 4-byte unsigned ints, as the file never leaves the
machine that built it; :data:`FORMAT` in the header also catches a foreign byte order)::

    header   magic, FORMAT, key, has_ngerman, count, slot count, text size
    slots    slot count x (crc32 of the word, record number + 1; 0 = empty)
    values   count x value
    offsets  (count + 1) x start of each word in text
    text     the words, UTF-8, in record order

Slots use linear probing and stay at most half full, so a word that is not
in the lexicon (most of the decompounder's lookups) usually ends at the first
or second slot without comparing any text.
"""

from __future__ import annotations

import mmap
import struct
import zlib
from array import array
from collections.abc import Iterator, Mapping
from typing import IO, Final, TypeVar, overload

FORMAT: Final = 1
MAGIC: Final = b"SIDXLEX\x00"
KEY_SIZE: Final = 64
_HEADER: Final = struct.Struct(f"=8sI{KEY_SIZE}sIIII")
_UINT: Final = "I"
_MAX_VALUE: Final = 2**32 - 1
# Results of lookups, hits and misses, per process: the decompounder asks for
# the same substrings again and again ("ungs", "en", "haus"), and a dict beats
# even a cheap probe of the table.
MEMO_LIMIT: Final = 500_000
_ABSENT: Final = -1
_T = TypeVar("_T")

if array(_UINT).itemsize != 4:  # pragma: no cover - every platform Python supports today
    raise ImportError("analyzers.lexicon_table needs 4-byte unsigned ints")


class TableFormatError(ValueError):
    """The file is not a complete lexicon table for this key (truncated, foreign, garbage)."""


def _slot_count(count: int) -> int:
    size = 1
    while size < 2 * count:
        size *= 2
    return size


def write_table(stream: IO[bytes], entries: Mapping[str, int], key: str, has_ngerman: bool) -> None:
    """Write ``entries`` (word -> value below 2**32) as a table file for ``key``."""
    encoded_key = key.encode("ascii")
    if len(encoded_key) > KEY_SIZE:
        raise ValueError(f"lexicon key longer than {KEY_SIZE} bytes: {key!r}")
    size = _slot_count(len(entries))
    mask = size - 1
    slots = array(_UINT, bytes(8 * size))
    values = array(_UINT)
    offsets = array(_UINT, [0])
    text = bytearray()
    for record, (word, value) in enumerate(entries.items(), start=1):
        if not 0 <= value <= _MAX_VALUE:
            raise ValueError(f"lexicon value out of range for {word!r}: {value}")
        encoded = word.encode("utf-8")
        crc = zlib.crc32(encoded)
        slot = crc & mask
        while slots[2 * slot + 1]:
            slot = (slot + 1) & mask
        slots[2 * slot] = crc
        slots[2 * slot + 1] = record
        values.append(value)
        text += encoded
        offsets.append(len(text))
    flags = 1 if has_ngerman else 0
    stream.write(_HEADER.pack(MAGIC, FORMAT, encoded_key, flags, len(entries), size, len(text)))
    for part in (slots, values, offsets):
        part.tofile(stream)
    stream.write(text)


class MappedEntries(Mapping[str, int]):
    """A read-only ``word -> value`` mapping over a table file mapped into memory."""

    def __init__(self, buffer: mmap.mmap, key: str) -> None:
        if len(buffer) < _HEADER.size:
            raise TableFormatError("shorter than the header")
        magic, version, stored_key, flags, count, size, text_size = _HEADER.unpack_from(buffer)
        if magic != MAGIC or version != FORMAT:
            raise TableFormatError("not a lexicon table of this format")
        if stored_key.rstrip(b"\x00") != key.encode("ascii"):
            raise TableFormatError("built for other inputs")
        ints = 2 * size + count + count + 1
        if size & (size - 1) or len(buffer) != _HEADER.size + 4 * ints + text_size:
            raise TableFormatError("sizes do not match the header")
        numbers = memoryview(buffer)[_HEADER.size : _HEADER.size + 4 * ints].cast(_UINT)
        self.has_ngerman = bool(flags)
        self._buffer = buffer
        self._count: int = count
        self._mask: int = size - 1
        self._slots = numbers[: 2 * size]
        self._values = numbers[2 * size : 2 * size + count]
        self._offsets = numbers[2 * size + count :]
        self._text = memoryview(buffer)[_HEADER.size + 4 * ints :]
        self._memo: dict[str, int] = {}

    @overload
    def get(self, word: str, /) -> int | None: ...
    @overload
    def get(self, word: str, default: int, /) -> int: ...
    @overload
    def get(self, word: str, default: _T, /) -> int | _T: ...

    def get(self, word: str, default: object = None, /) -> object:
        value = self._lookup(word)
        return default if value == _ABSENT else value

    def _lookup(self, word: str) -> int:
        value = self._memo.get(word)
        if value is None:
            if len(self._memo) >= MEMO_LIMIT:
                self._memo.clear()
            value = self._memo[word] = self._probe(word)
        return value

    def _probe(self, word: str) -> int:
        encoded = word.encode("utf-8")
        crc = zlib.crc32(encoded)
        slots, mask = self._slots, self._mask
        slot = crc & mask
        while record := slots[2 * slot + 1]:
            if slots[2 * slot] == crc:
                start, end = self._offsets[record - 1], self._offsets[record]
                if self._text[start:end] == encoded:
                    return int(self._values[record - 1])
            slot = (slot + 1) & mask
        return _ABSENT

    def __getitem__(self, word: str) -> int:
        value = self._lookup(word)
        if value == _ABSENT:
            raise KeyError(word)
        return value

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._lookup(word) != _ABSENT

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[str]:
        offsets, text = self._offsets, self._text
        for record in range(self._count):
            yield bytes(text[offsets[record] : offsets[record + 1]]).decode("utf-8")


def open_table(path: str, key: str) -> MappedEntries:
    """Map the table file at ``path``; :class:`TableFormatError` unless it was built for ``key``.

    Raises :class:`OSError` if the file cannot be opened.
    """
    with open(path, "rb") as stream:
        try:
            buffer = mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError as error:  # an empty file cannot be mapped
            raise TableFormatError(str(error)) from None
    return MappedEntries(buffer, key)
