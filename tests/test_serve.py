"""``searchidx serve``: the command, ``--get`` in-process requests, lazy imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ARTICLES
from parity import location_args

from searchidx import SearchIndex
from searchidx.cli import cli
from searchidx.features.answers import DEFAULT_CAPACITY


def serve_get(target: str, index: str | Path | None) -> tuple[int, str, str]:
    argv = ["serve", "--get", target] + (location_args(index) if index else [])
    result = CliRunner().invoke(cli, argv)
    return result.exit_code, result.stdout, result.stderr


def test_get_prints_exactly_the_search_json(seed_location: str | Path) -> None:
    code, out, _ = serve_get("/search?q=Kursk", seed_location)
    assert code == 0
    cli_json = CliRunner().invoke(
        cli, ["search", "Kursk", "--format", "json", *location_args(seed_location)]
    )
    body = json.loads(out)
    assert body.pop("took_ms") >= 0  # the one key HTTP adds
    assert body == json.loads(cli_json.stdout)
    assert [hit["id"] for hit in body["hits"]] == [ARTICLES["001"], ARTICLES["004"]]


def test_get_accepts_typed_spaces_and_umlauts(seed_location: str | Path) -> None:
    code, out, _ = serve_get("/search?q=Region Kursk&source=unbekannt", seed_location)
    assert code == 0 and json.loads(out)["query"] == "Region Kursk"
    code, out, _ = serve_get("/search?q=Pjöngjang&limit=0", seed_location)
    assert code == 0 and json.loads(out)["total"] == 4


@pytest.mark.parametrize(
    ("target", "exit_code", "error_code"),
    [
        ("/search?q=%28Kursk", 2, "bad_query"),
        ("/search?limit=500", 2, "bad_parameter"),
        ("/documents/no-such-id", 1, "not_found"),
        ("/nowhere", 1, "not_found"),
    ],
)
def test_get_errors_print_the_json_error_and_exit_like_the_cli(
    seed_location: str | Path, target: str, exit_code: int, error_code: str
) -> None:
    code, out, _ = serve_get(target, seed_location)
    assert code == exit_code
    assert json.loads(out)["error"]["code"] == error_code


def test_get_needs_a_path(seed_location: str | Path) -> None:
    code, _, err = serve_get("search?q=Kursk", seed_location)
    assert code == 2 and "must start with '/'" in err


def test_get_streams_an_export(seed_location: str | Path) -> None:
    code, out, _ = serve_get("/export?q=Putin&format=jsonl", seed_location)
    assert code == 0
    lines = out.splitlines()
    assert json.loads(lines[0])["meta"]["total"] == len(lines) - 1 == 6


def test_a_missing_index_is_one_line_without_traceback(tmp_path: Path) -> None:
    code, out, err = serve_get("/stats", tmp_path / "nothing-here")
    assert code == 1 and not out
    assert err.startswith("Error: ") and err.count("\n") == 1 and "Traceback" not in err


def test_fresh_checkout_serves_the_seed_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SEARCHIDX_INDEX", raising=False)
    code, out, err = serve_get("/stats", None)
    assert code == 0, err
    assert "building it from" in err
    assert json.loads(out)["documents"] == 21
    assert (tmp_path / "index").is_dir()


def test_help_shows_the_loopback_default() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    assert "127.0.0.1" in result.output and "--cors-origin" in result.output


def test_other_commands_do_not_import_the_web_stack() -> None:
    probe = (
        "import sys; from searchidx.cli import cli; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'starlette', 'uvicorn', 'anyio'}))"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def test_get_answers_without_importing_the_server(seed_location: str | Path) -> None:
    # One in-process request needs Starlette, not the server (uvicorn).
    probe = (
        "import sys\nfrom searchidx.cli import cli\n"
        "try:\n    cli.main(['serve', '--get', '/stats', *sys.argv[1:]], prog_name='searchidx')\n"
        "except SystemExit as stop:\n    assert not stop.code, stop.code\n"
        "print('uvicorn' in sys.modules, file=sys.stderr)\n"
    )
    argv = [sys.executable, "-c", probe, *location_args(seed_location)]
    run = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["documents"] == 21
    assert run.stderr.strip().splitlines()[-1] == "False"


def test_warm_up_searches_through_the_app_and_opens_the_lexicon(
    seed_location: str | Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from analyzers import compounds, lexicon
    from searchidx import SearchIndex
    from searchidx.cli.serve import _warm_up
    from searchidx.web import create_app

    monkeypatch.setattr(lexicon, "_lexicon", None)
    monkeypatch.setattr(compounds, "_cache", {})
    with SearchIndex.open(seed_location) as index:
        _warm_up(create_app(index))
    assert lexicon._lexicon is not None
    assert capsys.readouterr().out == ""  # the warm-up's response goes nowhere


def test_cache_size_reaches_the_served_index_and_a_negative_one_is_refused(
    seed_index_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from searchidx.cli import serve as serve_command
    from searchidx.web import create_app

    capacities: list[int] = []

    def recording_create_app(index: SearchIndex, **options: Any) -> Any:
        capacities.append(index.answers.capacity)  # the real app is still built and asked
        return create_app(index, **options)

    monkeypatch.setattr(serve_command, "_web_app_factory", lambda: recording_create_app)
    argv = ["serve", "--get", "/search?q=Kursk", "--index", str(seed_index_path)]
    for extra in (["--cache-size", "0"], []):
        answered = CliRunner().invoke(cli, [*argv, *extra])
        assert answered.exit_code == 0
        assert json.loads(answered.stdout)["total"] == 2
    assert capacities == [0, DEFAULT_CAPACITY]
    refused = CliRunner().invoke(cli, ["serve", "--cache-size", "-1"])
    assert refused.exit_code == 2 and "--cache-size" in refused.stderr
