"""``python -m analyzers.evaluate stems`` as the CLI user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analyzers.evaluate", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_stems_reports_full_agreement() -> None:
    result = run("stems")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "words:      35033" in result.stdout
    assert "agreements: 35033" in result.stdout
    assert "agreement:  100.00%" in result.stdout
    assert "words/s:" in result.stdout


def test_stems_fails_on_disagreement(tmp_path: Path) -> None:
    voc = tmp_path / "voc.txt"
    expected = tmp_path / "output.txt"
    voc.write_text("soldaten\nwaffen\n", encoding="utf-8")
    expected.write_text("soldat\nwaffen\n", encoding="utf-8")
    result = run("stems", "--voc", str(voc), "--output", str(expected))
    assert result.returncode == 1
    assert "agreement:  50.00%" in result.stdout
    assert "'waffen'" in result.stdout


def test_subcommand_is_required() -> None:
    assert run().returncode == 2
