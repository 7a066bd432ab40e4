"""--color auto|always|never and NO_COLOR, through real CLI runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from parity import location_args

from searchidx.cli import cli
from searchidx.cli.colors import use_color

ESC = "\x1b["


@pytest.mark.parametrize(
    ("choice", "environ", "color"),
    [
        ("auto", {}, None),
        ("auto", {"NO_COLOR": "1"}, False),
        ("auto", {"NO_COLOR": ""}, None),  # no-color.org: set *and* not empty
        ("never", {}, False),
        ("always", {"NO_COLOR": "1"}, True),  # asked for on this very run
    ],
)
def test_choice_and_no_color(choice: str, environ: dict[str, str], color: bool | None) -> None:
    assert use_color(choice, environ) is color


def search_table(
    seed_location: str | Path, *group_args: str, tty: bool, env: dict[str, str] | None = None
) -> str:
    argv = [*group_args, "search", "Kursk", *location_args(seed_location)]
    result = CliRunner().invoke(cli, argv, color=tty, env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_terminal_gets_colour_unless_no_color_or_never(seed_location: str | Path) -> None:
    assert ESC in search_table(seed_location, tty=True)
    assert ESC not in search_table(seed_location, tty=True, env={"NO_COLOR": "1"})
    assert ESC not in search_table(seed_location, "--color", "never", tty=True)


def test_a_pipe_gets_colour_only_when_asked(seed_location: str | Path) -> None:
    assert ESC not in search_table(seed_location, tty=False)
    assert ESC in search_table(seed_location, "--color", "always", tty=False)


def test_always_reaches_a_real_pipe(seed_location: str | Path) -> None:
    argv = ["--color", "always", "search", "Kursk", *location_args(seed_location)]
    done = subprocess.run(
        [str(Path(sys.executable).with_name("searchidx")), *argv],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == 0, done.stderr
    assert "\x1b[1m" in done.stdout and "\x1b[33m" in done.stdout  # bold titles, yellow marks


def test_unknown_choice_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["--color", "sometimes", "stats"])
    assert result.exit_code == 2 and "sometimes" in result.stderr
