"""``searchidx serve`` as an optional extra: without Starlette/uvicorn the rest works.

The child processes hide the web packages with a meta path finder, as if they
had never been installed; the CLI itself runs unchanged.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

WEB_PACKAGES = ("starlette", "uvicorn")
# Installed before anything else: `import starlette` then fails as on a machine without it.
WITHOUT_WEB = f"""
import sys
from importlib.abc import MetaPathFinder

class Uninstalled(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {WEB_PACKAGES!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None

sys.meta_path.insert(0, Uninstalled())
"""
CLI_MAIN = """
from searchidx.cli import main
sys.argv = ["searchidx", *sys.argv[1:]]
main()
"""
RUN_CLI = WITHOUT_WEB + CLI_MAIN


def run_without_web(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", RUN_CLI, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_finder_really_hides_the_packages() -> None:
    code = WITHOUT_WEB + "import starlette"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode != 0 and "No module named 'starlette'" in done.stderr


def test_importing_the_package_and_cli_loads_no_web_server() -> None:
    code = (
        "import sys, searchidx, searchidx.cli, searchidx.engine\n"
        f"print(sorted(m for m in sys.modules if m.partition('.')[0] in {WEB_PACKAGES!r}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("extra", [[], ["--get", "/stats"]])
def test_serve_without_the_extra_says_how_to_install_it(tmp_path: Path, extra: list[str]) -> None:
    index = tmp_path / "idx"
    done = run_without_web("serve", "--index", str(index), *extra)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr  # one line, no traceback
    assert "pip install 'searchidx[serve]'" in done.stderr
    assert not index.exists()  # nothing opened or built for a server that cannot start


def test_other_commands_work_without_the_extra(seed_index_path: Path) -> None:
    done = run_without_web("search", "Kursk", "--format", "json", "--index", str(seed_index_path))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total"] >= 1
    assert run_without_web("serve", "-h").returncode == 0  # its help needs no server
