"""Shared by the tests/test_reliability_*.py suites: corpora, the real CLI, checks.

Everything here drives the installed ``searchidx`` command as a subprocess (the
way users and cron jobs run it) and inspects real index directories.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from searchidx import DocumentNotFoundError, SearchIndex

WORDS = [
    *("Soldat", "Front", "Region", "Kursk", "Panzer", "Haubitze", "Rakete", "Truppen"),
    *("Regierung", "Moskau", "Kiew", "Grenze", "Angriff", "Verhandlung", "Waffenruhe"),
    *("Bericht", "Minister", "Sprecher", "Einheit", "Stellung"),
]
GROUPS = 7  # every document says "gruppeN" with N = number % GROUPS


@dataclass(frozen=True)
class Corpus:
    path: Path
    ids: tuple[str, ...]
    texts: dict[str, str]

    def group_total(self, group: int, ids: set[str]) -> int:
        """How many of ``ids`` say ``gruppe<group>``."""
        return sum(1 for doc_id in ids if f"gruppe{group}" in self.texts[doc_id].split())


def write_corpus(path: Path, count: int, *, words: int = 40, seed: int = 7) -> Corpus:
    """A JSONL corpus of ``count`` articles with deterministic, checkable text."""
    import random

    rng = random.Random(seed)
    ids: list[str] = []
    texts: dict[str, str] = {}
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            doc_id = f"doc-{number:06d}"
            text = " ".join([*rng.choices(WORDS, k=words), f"gruppe{number % GROUPS}"])
            record = {"id": doc_id, "type": "article", "title": f"Meldung {number}", "text": text}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            ids.append(doc_id)
            texts[doc_id] = text
    return Corpus(path, tuple(ids), texts)


def searchidx_command() -> list[str]:
    exe = Path(sys.executable).with_name("searchidx")
    return [str(exe)] if exe.exists() else [shutil.which("searchidx") or "searchidx"]


def _default_sigint() -> None:
    # Background CI shells start children with SIGINT ignored; a user's
    # terminal does not. Give the child the terminal's default.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_cli(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*searchidx_command(), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_default_sigint,
    )


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*searchidx_command(), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        preexec_fn=_default_sigint,
    )


def generation(index: Path) -> int:
    """The index's commit count so far: Whoosh names each TOC ``_MAIN_<gen>.toc``."""
    found = [re.fullmatch(r"_MAIN_(\d+)\.toc", name) for name in _names(index)]
    return max((int(match.group(1)) for match in found if match), default=-1)


def _names(index: Path) -> list[str]:
    try:
        return os.listdir(index)
    except FileNotFoundError:
        return []


def wait_for_generation(index: Path, target: int, timeout: float = 60) -> None:
    """Wait until the index has committed generation ``target``."""
    wait_for(lambda: generation(index) >= target, timeout, f"commit #{target} in {index}")


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.005)


def indexed_ids(index: SearchIndex, expected_max: int) -> list[str]:
    """Every stored id, read through a normal search (duplicates would show twice)."""
    results = index.search("", limit=expected_max + 10, facets=())
    assert results.total == len(results.hits), "total and hits disagree"
    return [hit.id for hit in results.hits]


def check_consistent(index_dir: Path, corpus: Corpus, batch: int) -> int:
    """Assert the index holds an exact, intact prefix of the corpus; return its size.

    Commits are whole batches of the corpus in order, so any committed state is
    the first k*batch documents (or all of them), each stored as written, with
    no duplicate, and the inverted index agrees with the stored fields.
    """
    with SearchIndex.open(index_dir) as index:
        ids = indexed_ids(index, len(corpus.ids))
        count = len(ids)
        assert len(set(ids)) == count, "duplicate documents"
        assert count % batch == 0 or count == len(corpus.ids), f"partial batch: {count}"
        assert set(ids) == set(corpus.ids[:count]), "not the committed prefix"
        assert index.stats().documents == count
        for group in range(GROUPS):
            found = index.search(f"gruppe{group}", limit=0, facets=()).total
            assert found == corpus.group_total(group, set(ids)), f"gruppe{group}"
        for doc_id in ids[:: max(count // 20, 1)]:
            assert index.get(doc_id).text == corpus.texts[doc_id]
        if count < len(corpus.ids):
            missing = corpus.ids[count]
            try:
                index.get(missing)
            except DocumentNotFoundError:
                pass
            else:
                raise AssertionError(f"{missing} is searchable but not counted")
    return count
