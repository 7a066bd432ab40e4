"""searchidx as a relevance engine (a real index in a temporary directory), and its ablations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from analyzers import FULL_ANALYSIS, AnalysisOptions
from searchidx import Document, SearchIndex
from searchidx.errors import SearchIdxError
from searchidx.ranking import DEFAULT_RANKING, RankingOptions

TOP = 10


class SearchidxEngine:
    """``SearchIndex.search`` with the words OR-joined, as a user would type them.

    Engines with the same analysis share one index (only the ranking differs).
    Hits carry their ids and scores only, as the peers' do (``fields=``); with
    ``snippets`` they carry the usual keys and marked passages as well.
    """

    def __init__(
        self,
        name: str = "searchidx",
        analysis: AnalysisOptions = FULL_ANALYSIS,
        ranking: RankingOptions = DEFAULT_RANKING,
        *,
        snippets: bool = False,
    ) -> None:
        self.name = name
        self.analysis = analysis
        self.ranking = ranking
        self.fields = None if snippets else ("score",)
        self.index: SearchIndex | None = None

    def build(self, bodies: Sequence[str], workdir: Path) -> None:
        path = workdir / f"searchidx-{abs(hash(self.analysis)):x}"
        if path.exists():
            self.index = SearchIndex.open(path, ranking=self.ranking)
        else:
            self.index = SearchIndex.create(path, analysis=self.analysis, ranking=self.ranking)
            self.index.add(
                Document(id=str(number), type="article", text=body)
                for number, body in enumerate(bodies)
            )
        self.index.answers.capacity = 0  # latency is the search's, never a kept answer

    def search(self, words: Sequence[str]) -> list[int]:
        assert self.index is not None
        try:
            results = self.index.search(
                " OR ".join(words), limit=TOP, facets=(), fields=self.fields
            )
        except SearchIdxError:  # a query of stop words only
            return []
        return [int(hit.id) for hit in results.hits]

    def close(self) -> None:
        if self.index is not None:
            self.index.close()


# The ranking before issue 12: parts counted like whole words, sound-alikes for
# every capitalised word at the weight of the exact spelling.
BEFORE = RankingOptions(
    whole_word_weight=0.0,
    coordination=0.0,
    unknown_word_variants_weight=0.0,
    compound_parts_weight=0.0,
    hyphen_parts_weight=0.0,
    sound_alike_weight=0.5,
    sound_alike_names_only=False,
    exact_spelling_weight=0.5,
    gram_weight=0.0,
)


def ablations() -> list[SearchidxEngine]:
    """searchidx with one feature off (or changed) per row."""
    rank = DEFAULT_RANKING
    variants: list[tuple[str, AnalysisOptions, RankingOptions]] = [
        (
            "no decompounding",
            replace(FULL_ANALYSIS, decompound=False),
            replace(rank, compound_phrases=False),
        ),
        ("no gender forms", replace(FULL_ANALYSIS, gender=False), rank),
        (
            "no hyphen joins",
            replace(FULL_ANALYSIS, hyphen_joins=False),
            replace(rank, hyphen_joins=False),
        ),
        ("parts count like words", FULL_ANALYSIS, replace(rank, whole_word_weight=0.0)),
        ("no compound parts under OR", FULL_ANALYSIS, replace(rank, compound_parts_weight=0.0)),
        (
            "compound modifiers weigh as the head",
            FULL_ANALYSIS,
            replace(rank, compound_modifier_weight=1.0),
        ),
        ("no hyphen words under OR", FULL_ANALYSIS, replace(rank, hyphen_parts_weight=0.0)),
        ("no sound-alikes", FULL_ANALYSIS, replace(rank, sound_alike_weight=0.0)),
        ("sound-alikes for all words", FULL_ANALYSIS, replace(rank, sound_alike_names_only=False)),
        ("no exact-spelling bonus", FULL_ANALYSIS, replace(rank, exact_spelling_weight=0.0)),
        ("no coordination factor", FULL_ANALYSIS, replace(rank, coordination=0.0)),
        ("no character n-grams", FULL_ANALYSIS, replace(rank, gram_weight=0.0)),
        (
            "no variants of unknown words",
            FULL_ANALYSIS,
            replace(rank, unknown_word_variants_weight=0.0),
        ),
        (
            "no verb forms of unknown words",
            FULL_ANALYSIS,
            replace(rank, unknown_word_verb_forms=False),
        ),
        ("whole-word weight 1.0", FULL_ANALYSIS, replace(rank, whole_word_weight=1.0)),
        ("probabilistic idf", FULL_ANALYSIS, replace(rank, idf="probabilistic")),
        ("ranking before issue 12", FULL_ANALYSIS, BEFORE),
    ]
    return [SearchidxEngine(f"searchidx − {name}", a, r) for name, a, r in variants]
