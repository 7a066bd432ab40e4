"""Reporting ingest problems without flooding the terminal.

A corpus of 100,000 records with one id would print 99,999 ``note: duplicate
id`` lines. Problems are grouped by kind (their message with quoted values
and numbers left out) and the first few of each kind are shown as they come;
the rest are counted and summed up in one line per kind at the end.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Final

from searchidx.models import Notice, Skipped

SHOWN_PER_KIND: Final = 5
# Quoted values and numbers differ between two problems of one kind.
_VARYING: Final = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|\d[\d,._]*")


def problem_label(problem: Skipped | Notice) -> str:
    return "skipped" if isinstance(problem, Skipped) else "note"


def problem_kind(problem: Skipped | Notice) -> str:
    """``duplicate id 'a' (also on line 3)`` -> ``duplicate id … (also on line …)``."""
    text = problem.reason if isinstance(problem, Skipped) else problem.message
    return _VARYING.sub("…", text)


class ProblemDigest:
    """An ``on_problem`` callback showing the first few problems of each kind.

    Call :meth:`summary` once the run is over for the lines of what was held back.
    """

    def __init__(self, show: Callable[[str], None], shown_per_kind: int = SHOWN_PER_KIND) -> None:
        self._show = show
        self._limit = shown_per_kind
        self._seen: Counter[tuple[str, str]] = Counter()

    def __call__(self, problem: Skipped | Notice) -> None:
        key = (problem_label(problem), problem_kind(problem))
        self._seen[key] += 1
        if self._seen[key] <= self._limit:
            self._show(f"{key[0]}: {problem}")

    def summary(self) -> list[str]:
        """One line per kind with problems not shown, e.g. ``note: … and 99,995 more: …``."""
        return [
            f"{label}: … and {count - self._limit:,} more: {kind}"
            for (label, kind), count in self._seen.items()
            if count > self._limit
        ]
