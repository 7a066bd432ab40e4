"""Ending the process right after a command that only read.

A fresh ``searchidx search`` imports ~600 modules (numpy, Whoosh, Click, ...).
When the interpreter exits normally it tears every one of them down and frees
their objects: ~0.1 s of CPU, a fifth of the whole cold run, after the answer is
already printed. The commands listed here only read the index; once they have
returned, their output is all that is left to deliver, so the process flushes
it and ends with :func:`os._exit`. Writers (``index``), ``export`` (which may
write a file) and ``serve`` keep the normal exit with its clean-up handlers.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Final

READ_ONLY_COMMANDS: Final = frozenset({"search", "timeline", "get", "similar", "stats", "analyze"})
EXIT_BROKEN_PIPE: Final = 141  # 128 + SIGPIPE, what shells report for `… | head`


def command_name(argv: Sequence[str]) -> str | None:
    """The subcommand in ``argv``: the group's own options (--verbose, ...) take no value."""
    return next((arg for arg in argv if not arg.startswith("-")), None)


def leave_quickly(argv: Sequence[str], code: object) -> None:
    """End the process now with ``code`` if ``argv`` ran a read-only command.

    Returns (and the caller exits normally) for any other command, for an exit
    code that is not a number, and when the output cannot be written.
    """
    if command_name(argv) not in READ_ONLY_COMMANDS:
        return
    if code is None:
        code = 0
    if not isinstance(code, int):
        return
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except BrokenPipeError:  # the reader of `… | head` left after the command finished
        code = EXIT_BROKEN_PIPE
    except OSError:  # e.g. a full disk: the normal exit reports it as it always did
        return
    os._exit(code)
