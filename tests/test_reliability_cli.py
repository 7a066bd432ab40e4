"""Exit codes, messages, --verbose and the trust boundary, through the real command."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from reliability_helpers import run_cli, write_corpus
from whoosh import index as whoosh_index
from whoosh.fields import TEXT, Schema
from whoosh.filedb.filestore import FileStorage

from searchidx.backends.whoosh.schema import MARKER_FILE


@pytest.fixture(scope="module")
def small_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli")
    corpus = write_corpus(root / "corpus.jsonl", 20, words=5)
    assert run_cli("index", str(corpus.path), "--index", str(root / "ix")).returncode == 0
    return root / "ix"


def _one_line_error(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["search", '"Region Kursk'], 2, "unbalanced quote"),
        (["search", "nosuch:Kursk"], 2, "unknown field"),
        (["search", "Kursk", "--since", "gestern"], 2, "cannot read date"),
        (["search", "Kursk", "--limit", "-1"], 2, "--limit"),
        (["search", "Soldaten" * 20], 2, "characters long"),
        (["get", "no-such-id"], 1, "no document with id"),
        (["index", "--lock-timeout", "-1"], 2, "--lock-timeout"),
        (["index", "--batch-size", "0"], 2, "--batch-size"),
        (["frobnicate"], 2, "No such command"),
    ],
)
def test_exit_codes_and_one_line_messages(
    small_index: Path, args: list[str], code: int, needle: str
) -> None:
    done = run_cli(*args, "--index", str(small_index))
    assert done.returncode == code
    assert needle in done.stderr
    if code == 1:
        assert _one_line_error(done.stderr).startswith("Error: ")
    assert "Traceback" not in done.stderr


def test_missing_index_and_nothing_to_index_are_runtime_errors(tmp_path: Path) -> None:
    missing = run_cli("search", "Kursk", "--index", str(tmp_path / "nothing"))
    assert missing.returncode == 1 and "no searchidx index" in _one_line_error(missing.stderr)
    (tmp_path / "empty.jsonl").write_bytes(b"")
    empty = run_cli("index", str(tmp_path / "empty.jsonl"), "--index", str(tmp_path / "ix"))
    assert empty.returncode == 1 and "nothing could be indexed" in empty.stderr


def test_verbose_shows_the_traceback_and_still_the_message(small_index: Path) -> None:
    quiet = run_cli("get", "no-such-id", "--index", str(small_index))
    loud = run_cli("--verbose", "get", "no-such-id", "--index", str(small_index))
    assert quiet.returncode == loud.returncode == 1
    assert "Traceback" not in quiet.stderr
    assert "Traceback (most recent call last)" in loud.stderr
    assert "DocumentNotFoundError" in loud.stderr
    assert loud.stderr.strip().splitlines()[-1] == quiet.stderr.strip()


def test_internal_errors_are_one_line_unless_verbose(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl", 5, words=5)
    index = tmp_path / "ix"
    assert run_cli("index", str(corpus.path), "--index", str(index)).returncode == 0
    segment = next(index.glob("MAIN_*.seg"))
    segment.write_bytes(segment.read_bytes()[:100])  # a damaged disk, a bad copy
    quiet = run_cli("search", "gruppe1", "--index", str(index))
    assert quiet.returncode == 1
    assert "internal error" in _one_line_error(quiet.stderr) and "--verbose" in quiet.stderr
    loud = run_cli("--verbose", "search", "gruppe1", "--index", str(index))
    assert loud.returncode == 1 and "Traceback (most recent call last)" in loud.stderr


class _Payload(Schema):  # type: ignore[misc]
    """A schema whose unpickling runs code: makes a directory (harmless proof)."""

    def __init__(self, proof: Path) -> None:
        super().__init__(body=TEXT)
        self.proof = proof

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.mkdir, (str(self.proof),))


def _booby_trapped_index(directory: Path, proof: Path) -> None:
    directory.mkdir()
    whoosh_index.TOC(_Payload(proof), [], 0).write(FileStorage(str(directory)), "MAIN")


def test_untrusted_whoosh_index_is_refused_before_unpickling(tmp_path: Path) -> None:
    proof = tmp_path / "code-ran"
    control = tmp_path / "control"
    _booby_trapped_index(control, proof)
    with pytest.raises(Exception):  # noqa: B017 - whatever follows, the payload ran
        whoosh_index.open_dir(str(control))
    assert proof.is_dir(), "the booby trap does not work; the test below would prove nothing"
    proof.rmdir()
    trap = tmp_path / "trap"
    _booby_trapped_index(trap, proof)
    for args in (["search", "Kursk"], ["get", "x"], ["stats"], ["index", str(trap)]):
        done = run_cli(*args, "--index", str(trap))
        assert done.returncode == 1, args
        assert "refusing" in _one_line_error(done.stderr)
    assert not proof.exists(), "searchidx unpickled an untrusted index"


def test_marker_must_be_ours_and_current(small_index: Path, tmp_path: Path) -> None:
    forged = tmp_path / "forged"
    forged.mkdir()
    (forged / MARKER_FILE).write_text('{"format": "something-else"}')
    done = run_cli("search", "Kursk", "--index", str(forged))
    assert done.returncode == 1 and "not a searchidx index marker" in done.stderr
    old = tmp_path / "old"
    old.mkdir()
    for entry in small_index.iterdir():
        (old / entry.name).write_bytes(entry.read_bytes())
    marker = json.loads((old / MARKER_FILE).read_text())
    (old / MARKER_FILE).write_text(json.dumps({**marker, "schema_version": -1}))
    done = run_cli("search", "Kursk", "--index", str(old))
    assert done.returncode == 1 and "--rebuild" in _one_line_error(done.stderr)


def test_one_id_repeated_100000_times_is_one_document_and_a_few_notes(tmp_path: Path) -> None:
    corpus = tmp_path / "same.jsonl"
    record = {"id": "immer-dieselbe", "type": "article", "title": "T", "text": "Kursk"}
    corpus.write_text((json.dumps(record) + "\n") * 100_000, encoding="utf-8")
    done = run_cli("index", str(corpus), "--index", str(tmp_path / "ix"))
    assert done.returncode == 0, done.stderr
    notes = [line for line in done.stderr.splitlines() if "duplicate id" in line]
    assert len(notes) == 6, done.stderr[:2000]
    assert notes[-1] == "note: … and 99,994 more: duplicate id … (also on line …)"
    assert done.stdout.startswith("Indexed 1 document (1 article, 0 comments) into ")
    assert done.stdout.rstrip().endswith("from 100000 records.")
