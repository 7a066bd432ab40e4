"""Ingest problems: the first few of each kind shown, the rest counted."""

from __future__ import annotations

from searchidx.cli.problems import ProblemDigest, problem_kind
from searchidx.models import Notice, Skipped


def test_kinds_ignore_quoted_values_and_numbers() -> None:
    first = Notice("c.jsonl:2", "duplicate id 'a' (also on line 1)")
    other = Notice("c.jsonl:9", 'duplicate id "b\'x" (also on line 1,204)')
    assert problem_kind(first) == problem_kind(other) == "duplicate id … (also on line …)"
    assert problem_kind(Skipped("d/x", "symlink outside the folder")) == (
        "symlink outside the folder"
    )


def test_the_first_few_of_each_kind_are_shown_then_counted() -> None:
    shown: list[str] = []
    digest = ProblemDigest(shown.append, shown_per_kind=2)
    for line in range(2, 12):
        digest(Notice(f"c.jsonl:{line}", f"duplicate id 'x' (also on line {line - 1})"))
    digest(Skipped("c.jsonl:20", "invalid JSON: Expecting value (column 1)"))
    digest(Notice("c.jsonl:30", "text cut at 200,000 characters"))
    assert shown == [
        "note: c.jsonl:2: duplicate id 'x' (also on line 1)",
        "note: c.jsonl:3: duplicate id 'x' (also on line 2)",
        "skipped: c.jsonl:20: invalid JSON: Expecting value (column 1)",
        "note: c.jsonl:30: text cut at 200,000 characters",
    ]
    assert digest.summary() == ["note: … and 8 more: duplicate id … (also on line …)"]
