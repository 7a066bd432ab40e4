"""The quick exit after read-only commands: real ``searchidx`` processes, whole output."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from searchidx.cli.commands import cli
from searchidx.cli.exiting import EXIT_BROKEN_PIPE, READ_ONLY_COMMANDS, command_name

# Long enough that the output outgrows both Python's stdout buffer and a pipe's.
LONG_TEXT = " ".join(["Die Bundesregierung verlängert die Raketenwerfer-Lieferungen."] * 1500)


def searchidx(*args: str) -> subprocess.Popen[bytes]:
    exe = Path(sys.executable).with_name("searchidx")
    command = [str(exe)] if exe.exists() else [shutil.which("searchidx") or "searchidx"]
    return subprocess.Popen(
        [*command, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_buffered()
    )


def _buffered() -> dict[str, str]:
    """The environment without PYTHONUNBUFFERED: stdout buffered as for any user."""
    return {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}


def test_command_name_skips_the_groups_flags() -> None:
    assert command_name(["--verbose", "search", "Kursk"]) == "search"
    assert command_name(["--version"]) is None
    assert command_name([]) is None
    assert command_name(["--index", "search", "index", "seeds/"]) == "index"  # a dir "search"
    assert command_name(["--color", "never", "--index=ix", "stats"]) == "stats"


def test_read_only_commands_exist_and_writers_are_not_among_them() -> None:
    assert set(cli.list_commands(click.Context(cli))) >= READ_ONLY_COMMANDS
    assert not READ_ONLY_COMMANDS & {"index", "export", "serve"}


def test_all_output_arrives_before_the_quick_exit() -> None:
    run = searchidx("analyze", LONG_TEXT, "--format", "json")
    out, err = run.communicate(timeout=120)
    assert run.returncode == 0, err
    tokens = json.loads(out)
    assert len(out) > 200_000 and len(tokens) > 10_000
    assert tokens[-1]["text"] == "liefer"


def test_errors_keep_their_message_and_exit_code(tmp_path: Path) -> None:
    run = searchidx("stats", "--index", str(tmp_path / "missing"))
    out, err = run.communicate(timeout=120)
    assert run.returncode == 1 and out == b""
    assert err.decode().startswith("Error: ") and b"Traceback" not in err


def test_output_nobody_reads_any_more_ends_it_quietly_with_141() -> None:
    code = (
        "import sys\n"
        "from searchidx.cli.exiting import leave_quickly\n"
        "sys.stdout.write('buffered, not yet flushed')\n"
        "leave_quickly(['search', 'Kursk'], 0)\n"
        "raise SystemExit('leave_quickly returned')\n"
    )
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader (`… | head`) has already left
    try:
        run = subprocess.run(
            [sys.executable, "-c", code],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=_buffered(),
            check=False,
        )
    finally:
        os.close(write_end)
    assert run.returncode == EXIT_BROKEN_PIPE
    assert b"Traceback" not in run.stderr and b"Exception ignored" not in run.stderr


def test_other_commands_return_to_the_normal_exit() -> None:
    code = (
        "from searchidx.cli.exiting import leave_quickly\n"
        "leave_quickly(['index', 'seeds'], 0)\n"
        "leave_quickly(['search', 'Kursk'], 'a message, not a number')\n"
        "print('returned')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout == "returned\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
def test_output_that_cannot_be_written_falls_back_to_the_normal_exit() -> None:
    code = (
        "import sys\n"
        "from searchidx.cli.exiting import leave_quickly\n"
        "sys.stdout.write('buffered, not yet flushed')\n"
        "leave_quickly(['search', 'Kursk'], 0)\n"
        "print('returned', file=sys.stderr)\n"
    )
    with open("/dev/full", "wb") as full:  # every write fails: no space left on device
        run = subprocess.run(
            [sys.executable, "-c", code],
            stdout=full,
            stderr=subprocess.PIPE,
            env=_buffered(),
            check=False,
        )
    assert run.stderr.startswith(b"returned\n")
