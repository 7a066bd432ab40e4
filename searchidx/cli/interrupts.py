"""Ctrl-C during indexing: finish the batch in flight, commit it, then stop.

A KeyboardInterrupt can strike anywhere, also inside a Whoosh commit; the commit
is atomic, so nothing breaks, but the user loses the batch and cannot tell what
was saved. So while indexing, the first SIGINT only *asks* the indexing loop to
stop (it commits what it has and returns); a second SIGINT raises
KeyboardInterrupt at once for people who do not want to wait.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from types import FrameType, TracebackType
from typing import Any

_FIRST_NOTICE = (
    b"\nInterrupt: committing the current batch, then stopping "
    b"(press Ctrl-C again to abort at once)\n"
)


class GracefulInterrupt:
    """Context manager deferring SIGINT; call the instance to ask "stop now?".

    It changes nothing outside the main thread (Python delivers signals there
    only) or when SIGINT is ignored (e.g. ``nohup``, background jobs).
    """

    def __init__(self) -> None:
        self.requested = False
        self._previous: Any = None
        self._installed = False

    def __call__(self) -> bool:
        return self.requested

    def __enter__(self) -> GracefulInterrupt:
        if threading.current_thread() is threading.main_thread():
            current = signal.getsignal(signal.SIGINT)
            if current is not signal.SIG_IGN:
                self._previous = signal.signal(signal.SIGINT, self._handle)
                self._installed = True
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._installed:
            signal.signal(signal.SIGINT, self._previous)
            self._installed = False

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True
        # A raw write: the handler may run while the main code is inside a
        # buffered stderr write, and re-entering that buffer raises RuntimeError.
        with contextlib.suppress(OSError):
            os.write(2, _FIRST_NOTICE)
