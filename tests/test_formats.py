"""The fused posting formats write exactly what Whoosh's own formats write."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from conftest import SEEDS
from whoosh.formats import Frequency, Positions

from analyzers import german_analyzer, phonetic_analyzer
from analyzers.grams import gram_analyzer
from searchidx.backends.whoosh.formats import CachedFrequency, CachedPositions

TEXTS = [path.read_text(encoding="utf-8") for path in sorted(Path(SEEDS).glob("*.txt"))] + [
    "",
    "und der die",  # only stopwords
    "Ukraine-Front, G7-Gipfel-Treffen: Journalist*innen zählen 1.000 Drohnen.",
]


def values(format_: object, text: str, analyzer: object) -> list[tuple[object, ...]]:
    return sorted(format_.word_values(text, analyzer, mode="index"))  # type: ignore[attr-defined]


@pytest.mark.parametrize("boost", [1.0, 2.0])
def test_positions_equal_whooshs(boost: float) -> None:
    analyzer = german_analyzer()
    for text in TEXTS:
        expected = values(Positions(field_boost=boost), text, analyzer)
        assert values(CachedPositions(field_boost=boost), text, analyzer) == expected


@pytest.mark.parametrize(
    "analyzer", [phonetic_analyzer(), gram_analyzer()], ids=["sounds", "grams"]
)
def test_frequencies_equal_whooshs(analyzer: object) -> None:
    """The grams are counted (term_counts), not streamed: the same values all the same."""
    for text in TEXTS:
        expected = values(Frequency(field_boost=0.5), text, analyzer)
        assert values(CachedFrequency(field_boost=0.5), text, analyzer) == expected


def test_other_analyzers_and_options_take_whooshs_path() -> None:
    from whoosh.analysis import StandardAnalyzer

    text = "Soldaten und Waffen"
    plain = StandardAnalyzer()
    assert values(CachedPositions(), text, plain) == values(Positions(), text, plain)
    shifted = sorted(CachedPositions().word_values(text, german_analyzer(), start_pos=10))
    assert all(min(Positions().decode_positions(v[3])) >= 10 for v in shifted)


def test_schemas_pickled_under_the_old_module_path_still_load() -> None:
    # Indexes built before the move to backends/whoosh/ name ``searchidx.formats``.
    new = pickle.dumps(CachedPositions(field_boost=2.0), protocol=2)
    old = new.replace(b"searchidx.backends.whoosh.formats", b"searchidx.formats")
    assert old != new
    loaded = pickle.loads(old)
    assert type(loaded) is CachedPositions
    assert loaded.field_boost == 2.0
