"""The searchidx command, driven through CliRunner and once as a real subprocess."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import ARTICLES, SEEDS
from parity import IndexFactory, is_solr, location_args

from searchidx import SearchIndex
from searchidx.cli import cli
from searchidx.cli.commands import LAZY_COMMANDS

HIT_KEYS = {
    "id",
    "type",
    "parent_id",
    "title",
    "source",
    "date",
    "author",
    "url",
    "score",
    "snippet",
}


def run(*args: str, index: str | Path | None = None) -> tuple[int, str, str]:
    argv = list(args) + (location_args(index) if index is not None else [])
    result = CliRunner().invoke(cli, argv, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def all_commands() -> dict[str, click.Command]:
    """Every command, the lazily imported ones (index, serve, solr) too."""
    ctx = click.Context(cli)
    found = {name: cli.get_command(ctx, name) for name in cli.list_commands(ctx)}
    return {name: command for name, command in found.items() if command is not None}


def test_every_command_has_help() -> None:
    commands = all_commands()
    assert set(LAZY_COMMANDS) < set(commands)
    for name, command in commands.items():
        assert command.help and command.help.strip(), name
        code, out, _ = run(name, "--help")
        assert code == 0 and "Usage:" in out


def test_lazy_commands_load_under_their_own_names() -> None:
    for name in LAZY_COMMANDS:
        command = all_commands()[name]
        assert command.name == name
    code, out, _ = run("--help")
    assert code == 0 and all(f"  {name} " in out for name in LAZY_COMMANDS)


def test_dash_h_is_help_everywhere() -> None:
    for argv in ([], *([name] for name in all_commands())):
        code, out, _ = run(*argv, "-h")
        assert code == 0 and "Usage:" in out and "-h, --help" in out, argv


@pytest.mark.whoosh_only("--index before the command and SEARCHIDX_INDEX name directories")
def test_index_may_come_before_the_command(seed_index_path: Path, tmp_path: Path) -> None:
    code, out, _ = run("--index", str(seed_index_path), "stats", "--format", "json")
    assert code == 0 and json.loads(out)["documents"] == 21
    # The command's own --index wins over the one before it.
    argv = ["--index", str(tmp_path / "nothing"), "stats", "--format", "json"]
    code, out, _ = run(*argv, index=seed_index_path)
    assert code == 0 and json.loads(out)["path"] == str(seed_index_path)
    # Before the command beats SEARCHIDX_INDEX, like a command-line option does.
    env = {"SEARCHIDX_INDEX": str(seed_index_path)}
    result = CliRunner().invoke(cli, ["--index", str(tmp_path / "nothing"), "stats"], env=env)
    assert result.exit_code == 1 and "nothing" in result.stderr


def test_index_before_the_command_builds_there(tmp_path: Path) -> None:
    target = tmp_path / "fresh"
    seed = next(SEEDS.glob("001_*.txt"))
    code, out, _ = run("--index", str(target), "index", str(seed))
    assert code == 0 and f"into {target}" in out and SearchIndex.exists(target)


def test_search_json_contract(seed_location: str | Path) -> None:
    code, out, _ = run("search", "Putin", "--format", "json", "--limit", "50", index=seed_location)
    assert code == 0
    data = json.loads(out)
    assert set(data) == {
        *("query", "total", "offset", "limit", "hits", "facets"),
        *("suggestion", "sort", "group", "interval", "partial"),
    }
    assert data["partial"] is False  # an index directory is whole: never partial
    assert data["query"] == "Putin" and data["total"] == 6 and data["offset"] == 0
    assert all(set(hit) == HIT_KEYS for hit in data["hits"])
    assert set(data["facets"]) == {"source", "date", "type"}
    assert data["facets"]["type"] == [
        {"value": "comment", "count": 4},
        {"value": "article", "count": 2},
    ]
    comment_ids = {hit["id"] for hit in data["hits"] if hit["type"] == "comment"}
    assert comment_ids == {f"{ARTICLES['003']}#c{n}" for n in (2, 5, 6, 7)}


def test_search_table_is_readable(seed_location: str | Path) -> None:
    code, out, _ = run("search", "Kursk", index=seed_location)
    assert code == 0
    assert out.startswith("2 results for 'Kursk'")
    assert "Erfolg im Kampf um Kursk!" in out and ARTICLES["004"] in out
    assert "Facets:" in out and "unbekannt (2)" in out
    assert "<mark>" not in out and "\x1b[" not in out  # no markup when not a terminal


def test_search_options(seed_location: str | Path) -> None:
    args = [
        "search",
        "Soldat",
        "--source",
        "DayFR Deutsch",
        "--type",
        "article",
        "--format",
        "json",
    ]
    data = json.loads(run(*args, index=seed_location)[1])
    assert [hit["id"] for hit in data["hits"]] == [ARTICLES["002"]]
    args = ["search", "Soldat", "--since", "2025-04", "--sort", "-date", "--format", "json"]
    dated = json.loads(run(*args, index=seed_location)[1])
    assert [hit["id"] for hit in dated["hits"]] == [ARTICLES["004"], ARTICLES["001"]]


def test_get_comment_json(seed_location: str | Path) -> None:
    doc_id = f"{ARTICLES['003']}#c13"
    code, out, _ = run("get", doc_id, "--format", "json", index=seed_location)
    doc = json.loads(out)
    assert code == 0 and doc["author"] == "Zugspitze947" and "arme Schlucker" in doc["text"]
    empty = json.loads(
        run("get", f"{ARTICLES['003']}#c12", "--format", "json", index=seed_location)[1]
    )
    assert empty["author"] == "Look_at_Yourself" and empty["text"] == ""


def test_get_article_table(seed_location: str | Path) -> None:
    code, out, _ = run("get", ARTICLES["000"], index=seed_location)
    assert code == 0 and out.startswith(
        "Nordkorea schickt 3.000 Soldaten und Waffen zur Ukraine-Front"
    )


def test_stats_json(seed_location: str | Path) -> None:
    data = json.loads(run("stats", "--format", "json", index=seed_location)[1])
    assert data == {
        "documents": 21,
        "articles": 5,
        "comments": 16,
        "sources": 3,
        "path": str(seed_location),
    }


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["search", '"Region Kursk'], 2, "unbalanced quote"),
        (["search", "Kursk", "--since", "gestern"], 2, "cannot read date"),
        (["get", "no-such-id"], 1, "no document with id"),
    ],
)
def test_errors_are_one_line(
    seed_location: str | Path, args: list[str], code: int, needle: str
) -> None:
    exit_code, out, err = run(*args, index=seed_location)
    assert exit_code == code
    assert needle in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err + out


@pytest.mark.whoosh_only("a missing directory (test_cli_solr: a missing collection)")
def test_explicit_missing_index_is_an_error(tmp_path: Path) -> None:
    code, _, err = run("search", "Kursk", index=tmp_path / "nothing")
    assert code == 1 and "no searchidx index" in err


@pytest.mark.whoosh_only("the default index is a directory built from the seeds")
def test_first_search_builds_default_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SEARCHIDX_INDEX", raising=False)
    code, out, err = run("search", "Kursk")
    assert code == 0 and "building it from seeds/" in err
    assert out.startswith("2 results")
    code, out, err = run("search", "Kursk")
    assert code == 0 and err == ""
    assert (tmp_path / "index" / "searchidx.json").is_file()


def test_index_reports_bad_files_and_keeps_good_ones(
    new_index: IndexFactory, seeds_copy: Path
) -> None:
    (seeds_copy / "blob.txt").write_bytes(bytes(range(256)) * 8)
    (seeds_copy / "empty.txt").write_bytes(b"")
    (seeds_copy / "latin1.txt").write_bytes(
        "Grüße aus Köln\n\nDer Text über Straßen.".encode("latin-1")
    )
    good = {"id": "j1", "type": "article", "title": "T", "text": "Haubitze", "date": "2024-01-02"}
    (seeds_copy / "corpus.jsonl").write_text(json.dumps(good) + "\n{broken\n", encoding="utf-8")
    index = new_index().location
    code, out, err = run("index", str(seeds_copy), index=index)
    assert code == 0, err
    assert "blob.txt" in err and "empty.txt" in err and "corpus.jsonl:2" in err
    assert "Indexed 23 documents" in out
    latin = json.loads(run("search", "Grüße", "--format", "json", index=index)[1])
    assert [hit["id"] for hit in latin["hits"]] == ["latin1"]
    assert "Traceback" not in err


def test_index_does_not_serve_files_symlinked_from_outside_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, new_index: IndexFactory
) -> None:
    index = new_index().location
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "page.txt").write_text("Meldung\n\nHaubitze an der Front.\n", encoding="utf-8")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    monkeypatch.chdir(tmp_path)
    code, out, err = run("index", "d", index=index)
    assert code == 0, err
    assert err.splitlines() == ["skipped: d/passwd.txt: symlink outside the folder"]
    assert out.startswith("Indexed 1 document (1 article, 0 comments)")
    code, out, _ = run("search", "root", "--format", "json", index=index)
    assert code == 0 and json.loads(out)["total"] == 0


def test_index_fails_when_nothing_is_indexable(tmp_path: Path, new_index: IndexFactory) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    code, _, err = run("index", str(tmp_path / "empty.txt"), index=new_index().location)
    assert code == 1 and "nothing could be indexed" in err


def test_reindexing_is_idempotent(new_index: IndexFactory, seeds_copy: Path) -> None:
    index = new_index().location
    for _ in range(2):
        assert run("index", str(seeds_copy), index=index)[0] == 0
    assert json.loads(run("stats", "--format", "json", index=index)[1])["documents"] == 21


def test_installed_command_runs_as_subprocess(seed_location: str | Path) -> None:
    exe = Path(sys.executable).with_name("searchidx")
    command = [str(exe)] if exe.exists() else [shutil.which("searchidx") or "searchidx"]
    completed = subprocess.run(
        [*command, "search", '"Region Kursk"', "--format", "json", *location_args(seed_location)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    found = {hit["id"] for hit in json.loads(completed.stdout)["hits"]}
    assert found == {ARTICLES["001"], ARTICLES["004"]}


def test_analyze_shows_the_token_stream() -> None:
    code, out, _ = run("analyze", "Kurzstreckenraketen an der Ukraine-Front", "--format", "json")
    assert code == 0
    tokens = json.loads(out)
    assert set(tokens[0]) == {"text", "pos", "start", "end", "kind"}
    kinds = {(token["text"], token["kind"]) for token in tokens}
    assert {("raket", "part"), ("ukrainefront", "joined"), ("front", "word")} <= kinds
    part = next(token for token in tokens if token["text"] == "raket")
    assert part["pos"] == 0 and (part["start"], part["end"]) == (12, 19)
    code, out, _ = run("analyze", "Kurzstreckenraketen", "--mode", "query")
    assert code == 0 and "part" not in out and "kurzstreckenraket" in out
    code, out, _ = run("analyze", "Sergei Shoigu", "--field", "phonetic")
    rows = [line.split() for line in out.splitlines()]
    assert code == 0 and rows[0][0] == "term"
    assert ["84_shoigu", "1", "7-13", "phonetic", "Shoigu"] in rows


# What a search in a fresh process must not pay for (issue 17, cold start): NLTK's
# whole toolkit, wordfreq (the lexicon is a prebuilt mapped file), the web stack,
# numpy.ma (np.unique imports it on first call), csv (table output needs none), the
# ingest package and the other commands' modules (imported lazily: cli/lazy_group.py).
_NOT_FOR_SEARCH = (
    "csv",
    "nltk",
    "wordfreq",
    "numpy.ma",
    "starlette",
    "uvicorn",
    "anyio",
    "searchidx.building",
    "searchidx.ingest",
    "searchidx.cli.indexing",
    "searchidx.cli.progress",
    "searchidx.cli.serve",
    "searchidx.cli.solr",
    "searchidx.web",
)
# ... and on an index directory, the write side: Whoosh's writer, segment workers and
# multiprocessing (the Solr backend's module imports its own worker pool).
_NOT_FOR_WHOOSH_SEARCH = (
    "multiprocessing",
    "concurrent.futures.process",
    "searchidx.backends.solr",
    "searchidx.backends.whoosh.indexing",
    "searchidx.backends.whoosh.segment_workers",
    "searchidx.backends.whoosh.segment_writer",
    "whoosh.writing",
)


def test_search_in_a_fresh_process_imports_only_what_it_needs(seed_location: str | Path) -> None:
    unwanted = (
        _NOT_FOR_SEARCH if is_solr(seed_location) else _NOT_FOR_SEARCH + _NOT_FOR_WHOOSH_SEARCH
    )
    code = (
        "import sys\n"
        "from searchidx.cli import cli\n"  # the group: main() would exit before the check
        "argv = ['search', 'Nordkorea Soldaten', *sys.argv[1:]]\n"
        "try:\n    cli.main(argv, prog_name='searchidx')\n"
        "except SystemExit as stop:\n    assert not stop.code, stop.code\n"
        f"print(sorted(set({unwanted!r}) & set(sys.modules)), file=sys.stderr)\n"
    )
    # The lexicon cache is built once per machine (with wordfreq); another checkout's
    # venv may just have replaced it, so the first run here may rebuild it.
    warm = [sys.executable, "-c", code, *location_args(seed_location)]
    subprocess.run(warm, capture_output=True, timeout=60, check=True)
    completed = subprocess.run(
        [sys.executable, "-c", code, *location_args(seed_location)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "Nordkorea" in completed.stdout
    assert completed.stderr.strip().splitlines()[-1] == "[]"


def test_export_refuses_partial_ok_by_name(seed_index_path: Path) -> None:
    code, out, err = run("export", "Kursk", "--partial-ok", index=seed_index_path)
    assert code == 2 and out == ""
    assert "Error: an export is never partial" in err and "Traceback" not in err


def test_partial_ok_on_an_index_directory_changes_nothing(seed_index_path: Path) -> None:
    for fmt in ("json", "jsonl", "csv"):
        plain = run("search", "Soldaten", "--all", "--format", fmt, index=seed_index_path)
        allowed = run(
            "search", "Soldaten", "--all", "--format", fmt, "--partial-ok", index=seed_index_path
        )
        assert plain == allowed and plain[0] == 0 and plain[2] == ""  # no partial warning
