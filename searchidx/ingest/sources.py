"""Where ingested bytes come from: a file or standard input, maybe gzip-compressed.

Every stream-reading format (JSON Lines, JSON, CSV, feeds, WARC, HTML) opens its
input through :class:`Source`, which counts the bytes read from disk or pipe in
a shared :class:`ByteMeter` (so progress can show how far a multi-GB file has
got) and unpacks gzip by its magic bytes rather than by the file name, so
``corpus.jsonl.gz``, ``dump.gz --format jsonl`` and ``zcat``-less pipes all work.
"""

from __future__ import annotations

import gzip
import io
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, cast

from searchidx.errors import IngestError

STDIN = "-"
STDIN_LOCATION = "<stdin>"
GZIP_MAGIC = b"\x1f\x8b"


@dataclass
class ByteMeter:
    """How many input bytes all readers of one run have consumed (compressed size)."""

    bytes_read: int = 0


@dataclass(frozen=True)
class Source:
    """One input: ``path`` is None for standard input."""

    path: Path | None
    meter: ByteMeter = field(default_factory=ByteMeter, compare=False)

    @classmethod
    def named(cls, given: str | Path, meter: ByteMeter | None = None) -> Source:
        path = None if str(given) == STDIN else Path(given)
        return cls(path, meter or ByteMeter())

    @property
    def location(self) -> str:
        return STDIN_LOCATION if self.path is None else str(self.path)

    @property
    def name(self) -> str:
        """The file name without a trailing ``.gz`` ("" for standard input)."""
        if self.path is None:
            return ""
        name = self.path.name
        return name[:-3] if name.lower().endswith(".gz") else name

    def open_raw(self) -> BinaryIO:
        """The bytes as stored (still compressed), counted by the meter."""
        try:
            raw: BinaryIO = sys.stdin.buffer if self.path is None else self.path.open("rb")
        except OSError as error:
            raise IngestError(self.location, f"cannot read file: {error.strerror}") from None
        return io.BufferedReader(_Metered(raw, self.meter))

    def open(self) -> BinaryIO:
        """The content bytes: gzip is unpacked when the data starts with its magic."""
        stream = self.open_raw()
        assert isinstance(stream, io.BufferedReader)
        if stream.peek(2)[:2] == GZIP_MAGIC:
            return cast(BinaryIO, _GzipReader(stream, self.location))
        return stream

    def read_all(self, limit: int) -> bytes:
        """The whole content, refused (IngestError) beyond ``limit`` bytes."""
        with self.open() as stream:
            try:
                data = stream.read(limit + 1)
            except (OSError, EOFError, zlib.error) as error:
                raise IngestError(self.location, f"cannot read: {error}") from None
        if len(data) > limit:
            raise IngestError(self.location, f"larger than {limit // 2**20} MB; not read")
        return data


class _Metered(io.RawIOBase):
    """A raw stream that adds every byte it delivers to a ByteMeter."""

    def __init__(self, stream: BinaryIO, meter: ByteMeter) -> None:
        self._stream = stream
        self._meter = meter

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        # read1: a pipe delivers what it has rather than blocking for a full buffer.
        read = getattr(self._stream, "read1", self._stream.read)
        data = read(len(buffer))
        buffer[: len(data)] = data
        self._meter.bytes_read += len(data)
        return len(data)

    def close(self) -> None:
        if self._stream is not sys.stdin.buffer:
            self._stream.close()
        super().close()


class _GzipReader(gzip.GzipFile):
    """gzip.GzipFile whose corruption errors name the file, as IngestError."""

    def __init__(self, stream: BinaryIO, location: str) -> None:
        super().__init__(fileobj=stream, mode="rb")
        self._inner = stream
        self._location = location

    def read(self, size: int | None = -1) -> bytes:
        try:
            return super().read(size)
        except (OSError, EOFError, zlib.error) as error:
            raise IngestError(self._location, f"broken gzip data: {error}") from None

    def readline(self, size: int | None = -1) -> bytes:
        try:
            return super().readline(size)
        except (OSError, EOFError, zlib.error) as error:
            raise IngestError(self._location, f"broken gzip data: {error}") from None

    def close(self) -> None:
        super().close()
        self._inner.close()
