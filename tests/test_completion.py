"""Shell completion as the README documents it, from the installed command."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.terminal_helpers import searchidx_command

README = Path(__file__).resolve().parent.parent / "README.md"


def complete(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        searchidx_command(),
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
        check=False,
    )


def test_the_readme_shows_the_lines() -> None:
    readme = README.read_text(encoding="utf-8")
    for shell in ("bash", "zsh", "fish"):
        assert f"_SEARCHIDX_COMPLETE={shell}_source searchidx" in readme


@pytest.mark.parametrize(
    ("shell", "expected"),
    [
        ("bash", "complete -o nosort -F _searchidx_completion searchidx"),
        ("zsh", "compdef _searchidx_completion searchidx"),
        ("fish", "complete --no-files --command searchidx"),
    ],
)
def test_each_shell_gets_a_script(shell: str, expected: str) -> None:
    done = complete(_SEARCHIDX_COMPLETE=f"{shell}_source")
    assert done.returncode == 0, done.stderr
    assert expected in done.stdout


def test_the_script_completes_commands_and_choices() -> None:
    commands = complete(
        _SEARCHIDX_COMPLETE="bash_complete", COMP_WORDS="searchidx se", COMP_CWORD="1"
    )
    assert commands.stdout.split() == ["plain,search", "plain,serve"]
    sorts = complete(
        _SEARCHIDX_COMPLETE="bash_complete",
        COMP_WORDS="searchidx search Kursk --sort ",
        COMP_CWORD="4",
    )
    assert sorts.stdout.split() == ["plain,relevance", "plain,date", "plain,-date"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_loads_the_script_and_completes() -> None:
    script = (
        'eval "$(_SEARCHIDX_COMPLETE=bash_source searchidx)"\n'
        "COMP_WORDS=(searchidx ti); COMP_CWORD=1\n"
        "_searchidx_completion searchidx\n"  # bash passes the command's name
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    bin_dir = str(Path(searchidx_command()[0]).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    done = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, timeout=60, env=env, check=False
    )
    assert done.stdout.split() == ["timeline"], done.stderr
