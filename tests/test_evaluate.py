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


# --- compounds ---------------------------------------------------------------

DEV = ROOT / "tests/data/compounds_dev.tsv"


def metric(stdout: str, name: str) -> float:
    line = next(line for line in stdout.splitlines() if line.startswith(f"{name}:"))
    return float(line.split()[1])


def false_split_rate(stdout: str) -> float:
    line = next(line for line in stdout.splitlines() if line.startswith("false splits:"))
    return float(line.split("(")[1].rstrip("%)")) / 100


def test_compounds_meet_the_dev_targets() -> None:
    result = run("compounds", str(DEV))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "words:         220 (160 compounds, 60 non-compounds)" in result.stdout
    assert metric(result.stdout, "F1") >= 0.92, result.stdout
    assert false_split_rate(result.stdout) <= 0.05, result.stdout
    assert 0.0 < metric(result.stdout, "precision") <= 1.0
    assert 0.0 < metric(result.stdout, "recall") <= 1.0
    assert metric(result.stdout, "words/s") > 0


def test_compounds_exit_1_below_the_thresholds() -> None:
    result = run("compounds", str(DEV), "--min-f1", "1.01")
    assert result.returncode == 1, result.stdout + result.stderr
    result = run("compounds", str(DEV), "--max-false-splits", "-1")
    assert result.returncode == 1, result.stdout + result.stderr


def test_compounds_lists_errors_with_verbose(tmp_path: Path) -> None:
    gold = tmp_path / "gold.tsv"
    gold.write_text(
        "# comment\nRaketenwerfer\traketen|werfer\nSoldaten\tsol|daten\n\nVerlust\tverlust\n",
        encoding="utf-8",
    )
    result = run("compounds", str(gold), "-v")
    assert result.returncode == 1
    assert "words:         3 (2 compounds, 1 non-compounds)" in result.stdout
    assert "error: 'Soldaten': expected 'sol|daten', got 'soldaten'" in result.stdout
    assert "'Raketenwerfer'" not in result.stdout
    assert "false splits:  0/1 (0.0%)" in result.stdout
    assert "precision:     1.000" in result.stdout
    assert "recall:        0.500" in result.stdout


def test_compounds_rejects_bad_gold_files(tmp_path: Path) -> None:
    assert run("compounds", str(tmp_path / "missing.tsv")).returncode == 2
    bad = tmp_path / "bad.tsv"
    bad.write_text("Raketenwerfer\traketen|wurf\n", encoding="utf-8")
    result = run("compounds", str(bad))
    assert result.returncode == 2
    assert "bad.tsv:1" in result.stdout
