"""Durable commits, watched with strace: files, then the TOC, then the directory.

``strace -f`` records every fsync, rename, file creation and deletion of a real
``searchidx index`` run (worker processes included); the trace is replayed to
check that each commit's rename of its TOC comes after every file it may
name and the TOC itself were synced, that the directory is synced between the
two, and that the rename is followed by another sync of the directory.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from reliability_helpers import searchidx_command, write_corpus

from searchidx import SearchIndex

pytestmark = [
    pytest.mark.whoosh_only("fsync order of Whoosh's segment files, TOC and directory"),
    pytest.mark.skipif(
        shutil.which("strace") is None, reason="needs strace (make system-deps installs it)"
    ),
]

_CALL = re.compile(r"^(?:\[pid\s+\d+\]\s+|\d+\s+)?(\w+)\((.*)")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_FD_PATH = re.compile(r"^\d+<([^>]*)>")
_TOC = re.compile(r"_MAIN_\d+\.toc$")


def traced_index(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> list[str]:
    trace = tmp_path / "trace.txt"
    calls = "fsync,fdatasync,rename,renameat,renameat2,openat,unlink,unlinkat"
    command = ["strace", "-f", "-y", "-qq", "-e", f"trace={calls}", "-o", str(trace)]
    done = subprocess.run(
        [*command, *searchidx_command(), "index", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return trace.read_text(encoding="utf-8").splitlines()


@dataclass
class Replay:
    """Index files not yet synced, and what the directory still owes, along a trace."""

    folder: str
    dirty: set[str] = field(default_factory=set)
    dir_clean: bool = True  # every name change so far is synced
    commits: int = 0
    synced_files: int = 0

    def ours(self, path: str) -> bool:
        name = os.path.basename(path)
        in_index = os.path.dirname(path) == self.folder
        return in_index and name.startswith(("MAIN_", "_MAIN_")) and name != "MAIN_WRITELOCK"

    def event(self, call: str, args: str) -> None:
        strings = _STRING.findall(args)
        if call == "openat" and "O_CREAT" in args and self.ours(strings[0]):
            self.dirty.add(strings[0])
            self.dir_clean = False
        elif call in ("unlink", "unlinkat") and strings:
            self.dirty.discard(strings[0])
        elif call.startswith("rename") and len(strings) == 2:
            self.rename(*strings)
        elif call in ("fsync", "fdatasync"):
            found = _FD_PATH.match(args)
            assert found is not None, args
            self.sync(found.group(1))

    def rename(self, old: str, new: str) -> None:
        if _TOC.search(new) and self.ours(new):
            assert not self.dirty, f"commit {new} before these were synced: {sorted(self.dirty)}"
            assert self.dir_clean, f"commit {new} before the directory was synced"
            self.commits += 1
        self.dirty.discard(old)
        if self.ours(new):
            if not _TOC.search(new):  # a worker's segment moved in: its data may be unsynced
                self.dirty.add(new)
            self.dir_clean = False

    def sync(self, path: str) -> None:
        if path == self.folder:
            self.dir_clean = not self.dirty
        elif path in self.dirty:
            self.dirty.discard(path)
            self.synced_files += 1
            self.dir_clean = False


def replay(lines: list[str], folder: Path) -> Replay:
    state = Replay(str(folder))
    for line in lines:
        found = _CALL.match(line)
        if found is not None and "resumed>" not in line:
            state.event(found.group(1), found.group(2))
    assert state.dir_clean, "the last commit's rename was never synced"
    return state


def test_each_commit_syncs_files_then_toc_then_directory(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl", 300, words=5)
    index = tmp_path / "ix"
    lines = traced_index(tmp_path, str(corpus.path), "--index", str(index), "--batch-size", "100")
    state = replay(lines, index)
    assert state.commits == 4  # the empty index, then three batches
    assert state.synced_files >= 4
    with SearchIndex.open(index) as opened:
        assert opened.stats().documents == 300


@pytest.mark.slow
def test_segments_from_index_workers_are_synced_before_their_commit(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl", 2000, words=5)
    index = tmp_path / "ix"
    args = [str(corpus.path), "--index", str(index), "--batch-size", "1000"]
    lines = traced_index(tmp_path, *args, env={"SEARCHIDX_INDEX_WORKERS": "2"})
    assert any(".searchidx-staging-" in line for line in lines), "no worker ran"
    assert replay(lines, index).commits == 3


def test_no_fsync_skips_every_sync(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl", 50, words=5)
    index = tmp_path / "ix"
    lines = traced_index(tmp_path, str(corpus.path), "--index", str(index), "--no-fsync")
    synced = [line for line in lines if "fsync(" in line and "/ix/MAIN_" in line]
    assert synced == []
    with SearchIndex.open(index) as opened:
        assert opened.stats().documents == 50
