"""Which parts of the German chain run: all of them, unless a measurement switches one off.

The relevance benchmark (benchmarks/relevance) builds indexes with each feature
off in turn, so every feature's contribution is a number; searchidx itself uses
the defaults. The options end up in the analyzer, which Whoosh pickles into the
index, so an index keeps the analysis it was built with.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from whoosh.analysis import Filter


@dataclass(frozen=True)
class AnalysisOptions:
    """Index-time features of :func:`analyzers.german_analyzer`."""

    decompound: bool = True  # compound parts as extra terms (Kurskoffensive -> kursk, offensiv)
    gender: bool = True  # Journalist*innen -> Journalistinnen + Journalist
    hyphen_joins: bool = True  # Ukraine-Front -> also UkraineFront
    # The ``grams`` field (character 5-grams, analyzers/grams.py): better ranking of
    # OR queries for a bigger index and a slower build; off for archives that never use OR.
    grams: bool = True


FULL_ANALYSIS = AnalysisOptions()


class DropKindsFilter(Filter):  # type: ignore[misc]  # whoosh ships no type hints
    """Drops tokens of the given kinds (``joined``: no hyphen-chain joins)."""

    def __init__(self, kinds: Iterable[str]) -> None:
        self.kinds = frozenset(kinds)

    def __call__(self, tokens: Iterable[Any]) -> Iterator[Any]:
        for t in tokens:
            if getattr(t, "kind", "word") not in self.kinds:
                yield t
