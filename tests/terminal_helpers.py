"""Running the installed ``searchidx`` on a real pseudo-terminal of a chosen size."""

from __future__ import annotations

import errno
import fcntl
import os
import struct
import subprocess
import sys
import termios
from pathlib import Path


def searchidx_command() -> list[str]:
    return [str(Path(sys.executable).with_name("searchidx"))]


def run_on_terminal(
    args: list[str], *, columns: int, rows: int = 40, timeout: float = 120
) -> tuple[int, str]:
    """Run ``searchidx ARGS`` with stdin, stdout and stderr on one pty; (exit code, output)."""
    controller, terminal = os.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    # The terminal, not COLUMNS/LINES, is to decide the width.
    env = {name: value for name, value in os.environ.items() if name not in ("COLUMNS", "LINES")}
    child = subprocess.Popen(
        [*searchidx_command(), *args],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env={**env, "TERM": "xterm"},
        close_fds=True,
    )
    os.close(terminal)
    chunks = []
    try:
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError as error:  # EIO: the child closed its end of the terminal
                if error.errno != errno.EIO:
                    raise
                break
            if not chunk:
                break
            chunks.append(chunk)
        code = child.wait(timeout=timeout)
    finally:
        os.close(controller)
        if child.poll() is None:
            child.kill()
    # A terminal turns every \n into \r\n on output.
    return code, b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
