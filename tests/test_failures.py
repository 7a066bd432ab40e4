"""Failures as one line: text for people, a JSON line on stderr with --format json."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from searchidx.cli import cli
from searchidx.cli.failures import error_code, error_json, wants_json
from searchidx.errors import IndexLockedError, QuerySyntaxError
from tests.terminal_helpers import searchidx_command


def run(*argv: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(argv), prog_name="searchidx")
    return result.exit_code, result.stdout, result.stderr


def error_of(stderr: str) -> dict[str, Any]:
    assert stderr.count("\n") == 1, stderr  # one line
    body: dict[str, dict[str, Any]] = json.loads(stderr)
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "hint"}
    return body["error"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["search", "x", "--format", "json"], True),
        (["--index", "i", "search", "x", "--format=json"], True),
        (["stats", "--format", "table"], False),
        (["search", "--format", "x"], False),
        (["index", "--format", "json", "a.json"], False),  # the input's format, not output
        (["export", "x", "--format", "jsonl"], False),
    ],
)
def test_which_runs_want_json(args: list[str], expected: bool) -> None:
    assert wants_json(args) is expected


def test_codes_follow_the_http_api_or_the_error_class() -> None:
    assert error_code(QuerySyntaxError("bad")) == "bad_query"
    assert error_code(IndexLockedError("busy")) == "index_locked"
    assert error_code(ValueError("oops")) == "internal"
    hinted = json.loads(error_json(QuerySyntaxError("bad\nquery", hint="quote it")))
    assert hinted == {"error": {"code": "bad_query", "message": "bad query", "hint": "quote it"}}


def test_a_bad_query_is_a_json_line_with_exit_code_2(seed_index_path: Path) -> None:
    index = str(seed_index_path)
    code, out, err = run("search", "Kursk AND (", "--format", "json", "--index", index)
    assert (code, out) == (2, "")
    error = error_of(err)
    assert error["code"] == "bad_query"
    assert "parenthes" in error["message"] and "(hint" not in error["message"]
    assert "balance parentheses" in error["hint"]


def test_the_same_failure_stays_text_for_people(seed_index_path: Path) -> None:
    code, _, err = run("search", "Kursk AND (", "--index", str(seed_index_path))
    assert code == 2
    assert err.startswith("Error: ") and "(hint: " in err


def test_missing_document_and_index(seed_index_path: Path, tmp_path: Path) -> None:
    code, _, err = run("get", "nope", "--format", "json", "--index", str(seed_index_path))
    assert code == 1 and error_of(err)["code"] == "not_found"
    code, _, err = run("--index", str(tmp_path / "none"), "stats", "--format", "json")
    assert code == 1
    error = error_of(err)
    assert error["code"] == "index_not_found" and "searchidx index" in error["hint"]


def test_usage_errors_too() -> None:
    code, _, err = run("search", "x", "--limit", "many", "--format", "json")
    assert code == 2
    error = error_of(err)
    assert error["code"] == "bad_parameter" and "--limit" in error["message"]
    assert error["hint"] == "see `searchidx search -h`"
    code, _, err = run("timeline", "x", "--no-such-option", "--format", "json")
    assert code == 2 and error_of(err)["code"] == "usage"


def test_a_real_process_writes_the_json_line_to_stderr(tmp_path: Path) -> None:
    done = subprocess.run(
        [*searchidx_command(), "stats", "--format", "json", "--index", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert error_of(done.stderr)["code"] == "index_not_found"
