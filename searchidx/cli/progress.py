"""``searchidx index`` progress: a bar on a terminal, plain periodic lines when piped.

Both report documents committed, documents per second and bytes read; with the
input's total size known (files, not stdin) also the share done and an ETA,
estimated from the bytes still to read. Reading runs up to a batch ahead of
the commits, so once all is read the bar says that the last batch is
committing. A commit (``--batch-size``) updates the count at once; between
commits a ticker thread keeps the bytes and the ETA moving, as a batch of slow
pages (HTML, WARC) may take minutes. Bytes are as stored, so a gzipped file
counts compressed.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Final, TextIO

from searchidx.cli.output import plural
from searchidx.ingest.paths import is_ingestible_name
from searchidx.ingest.sources import STDIN, ByteMeter

PIPED_EVERY_SECONDS: Final = 10.0  # a log gets a line this often, not one per commit
TERMINAL_EVERY_SECONDS: Final = 0.5  # the bar is redrawn this often between commits
_BAR_CELLS: Final = 24
_CLEAR_LINE: Final = "\r\x1b[K"


def input_size(paths: Iterable[str | Path]) -> int | None:
    """Bytes in the files ``paths`` names or holds; None when stdin (of unknown size) is read."""
    total = 0
    for given in paths:
        if str(given) == STDIN:
            return None
        path = Path(given)
        if path.is_dir():
            total += sum(_sizes_below(path))
        elif path.is_file():
            total += path.stat().st_size
    return total


def _sizes_below(folder: Path) -> Iterable[int]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        for name in filter(is_ingestible_name, files):
            try:
                yield (Path(root) / name).stat().st_size
            except OSError:  # a broken link: the walk reports it, it adds no bytes
                continue


class IndexProgress:
    """The ``on_progress`` callback of an index run, drawing on ``stream``.

    ``terminal`` redraws one bar line in place (as wide as the terminal);
    otherwise a plain line is written at most every ``every`` seconds. Used as
    a context manager it also updates every ``every`` seconds between commits,
    and ends with :meth:`finish`. Show other messages with :meth:`echo`, so
    that they do not land in the middle of the bar.
    """

    def __init__(
        self,
        stream: TextIO,
        meter: ByteMeter,
        total_bytes: int | None,
        *,
        terminal: bool,
        every: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._meter = meter
        self._total = total_bytes or None  # an empty input has no share to show
        self._terminal = terminal
        default_every = TERMINAL_EVERY_SECONDS if terminal else PIPED_EVERY_SECONDS
        self._every = default_every if every is None else every
        self._clock = clock
        self._started = self._last_line = clock()
        self._written = 0
        self._bar_shown = False
        self._lock = threading.Lock()  # the ticker and the indexing thread both draw
        self._stopped = threading.Event()
        self._ticker: threading.Thread | None = None

    @classmethod
    def on_stderr(cls, meter: ByteMeter, total_bytes: int | None) -> IndexProgress:
        """A bar if stderr is a terminal, else plain lines."""
        return cls(sys.stderr, meter, total_bytes, terminal=sys.stderr.isatty())

    def __enter__(self) -> IndexProgress:
        self._ticker = threading.Thread(target=self._tick, name="index-progress", daemon=True)
        self._ticker.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.finish()

    def __call__(self, written: int) -> None:
        self._written = written
        self._update()

    def echo(self, line: str) -> None:
        """Write ``line`` above the bar (which is redrawn with the next update)."""
        with self._lock:
            if self._bar_shown:
                self._stream.write(_CLEAR_LINE)
                self._bar_shown = False
            self._stream.write(line + "\n")
            self._stream.flush()

    def finish(self) -> None:
        """Stop the ticker and leave the last bar on its own line."""
        self._stopped.set()
        if self._ticker is not None:
            self._ticker.join()
            self._ticker = None
        with self._lock:
            if self._bar_shown:
                self._stream.write("\n")
                self._stream.flush()
                self._bar_shown = False

    def _tick(self) -> None:
        while not self._stopped.wait(self._every):
            self._update()

    def _update(self) -> None:
        with self._lock:
            now = self._clock()
            if self._terminal:
                self._draw(self.bar(self._written, now))
            elif now - self._last_line >= self._every:
                self._last_line = now
                self._stream.write(f"progress: {self.status(self._written, now)}\n")
                self._stream.flush()

    def status(self, written: int, now: float) -> str:
        """``1200 documents committed, 480 documents/s, 3.1 MB of 12.0 MB read, ETA 0:04``."""
        elapsed = max(now - self._started, 1e-6)
        done = self._meter.bytes_read
        parts = [
            f"{plural(written, 'document')} committed",
            f"{_rate(written / elapsed)} documents/s",
            f"{_size(done)} of {_size(self._total)} read" if self._total else f"{_size(done)} read",
        ]
        if self._total and done >= self._total:
            # Reading runs up to a batch ahead of the commits: that batch is still to come.
            parts.append("all read, committing the last batch")
        elif self._total and done:
            remaining = (self._total - done) * elapsed / done
            parts.append(f"ETA {_duration(remaining)}")
        return ", ".join(parts)

    def bar(self, written: int, now: float) -> str:
        """``[#######-----]  58%  1,200 documents committed, …`` cut to the terminal width."""
        status = self.status(written, now)
        if self._total:
            share = min(self._meter.bytes_read / self._total, 1.0)
            filled = round(share * _BAR_CELLS)
            status = f"[{'#' * filled}{'-' * (_BAR_CELLS - filled)}] {share:4.0%}  {status}"
        return status[: max(self._width() - 1, 1)]  # the last column wraps on some terminals

    def _width(self) -> int:
        try:
            return os.get_terminal_size(self._stream.fileno()).columns
        except (OSError, ValueError, AttributeError):  # not a real file (tests' streams)
            return shutil.get_terminal_size().columns

    def _draw(self, line: str) -> None:
        self._stream.write(_CLEAR_LINE + line)
        self._stream.flush()
        self._bar_shown = True


def _size(count: int | None) -> str:
    """``512 B``, ``12.3 kB``, ``4.0 MB``, ``1.2 GB`` (binary multiples, as ``du -h``)."""
    amount = float(count or 0)
    for unit in ("B", "kB", "MB"):
        if amount < 1024:
            return f"{amount:.0f} {unit}" if unit == "B" else f"{amount:.1f} {unit}"
        amount /= 1024
    return f"{amount:,.1f} GB"


def _rate(per_second: float) -> str:
    return f"{per_second:,.1f}" if per_second < 10 else f"{per_second:,.0f}"


def _duration(seconds: float) -> str:
    """``0:04``, ``12:30``, ``1:02:03``."""
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"
