"""stem() and GermanStemFilter, including the Snowball reference vocabulary."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzers import stemming
from analyzers.stemming import GermanStemFilter, stem
from analyzers.tokenizer import GermanTokenizer

SNOWBALL = Path(__file__).parent / "data" / "snowball-german"


def test_snowball_reference_vocabulary_agrees_completely() -> None:
    words = (SNOWBALL / "voc.txt").read_text(encoding="utf-8").splitlines()
    expected = (SNOWBALL / "output.txt").read_text(encoding="utf-8").splitlines()
    assert len(words) == len(expected) == 35_033
    mismatches = [(w, e, stem(w)) for w, e in zip(words, expected, strict=True) if stem(w) != e]
    assert mismatches == []


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("soldaten", "soldat"),
        ("soldat", "soldat"),
        ("ukraine", "ukrain"),
        ("nordkoreanische", "nordkorean"),
        ("unterstützen", "unterstutz"),
    ],
)
def test_stem_examples(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_cache_returns_same_result_and_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stemming, "STEM_CACHE_LIMIT", 3)
    stemming._cache.clear()
    words = ["soldaten", "waffen", "raketen", "kriege", "soldaten"]
    assert [stem(w) for w in words] == ["soldat", "waff", "raket", "krieg", "soldat"]
    assert len(stemming._cache) <= 3
    stemming._cache.clear()


def test_filter_stems_words_only() -> None:
    stream = GermanTokenizer()("soldaten 3.000 z.B. www.soldaten.de")
    assert [t.text for t in GermanStemFilter()(stream)] == [
        "soldat",
        "3.000",
        "z.B.",
        "www.soldaten.de",
    ]


def test_filter_is_morphological_so_whoosh_can_skip_it() -> None:
    assert GermanStemFilter.is_morph is True
