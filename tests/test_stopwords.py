"""GERMAN_STOPWORDS and GermanStopFilter: positions kept, removestops honoured."""

from __future__ import annotations

import pytest
from whoosh.analysis import LowercaseFilter
from whoosh.lang import stopwords_for_language

from analyzers.normalize import GermanNormalizationFilter
from analyzers.stopwords import GERMAN_STOPWORDS, GermanStopFilter
from analyzers.tokenizer import GermanTokenizer

CHAIN = GermanTokenizer() | LowercaseFilter() | GermanNormalizationFilter() | GermanStopFilter()


def test_contains_the_whole_snowball_list() -> None:
    assert set(stopwords_for_language("de")) <= GERMAN_STOPWORDS


@pytest.mark.parametrize(
    "word", ["dass", "daß", "für", "fur", "über", "uber", "während", "wahrend"]
)
def test_contains_raw_and_normalized_forms(word: str) -> None:
    assert word in GERMAN_STOPWORDS


@pytest.mark.parametrize("word", ["soldat", "ukraine", "krieg", "nordkorea", "3000"])
def test_content_words_are_not_stopwords(word: str) -> None:
    assert word not in GERMAN_STOPWORDS


def test_stopwords_are_dropped_and_positions_kept() -> None:
    toks = [(t.text, t.pos) for t in CHAIN("Soldaten und Waffen für die Front", positions=True)]
    assert toks == [("soldaten", 0), ("waffen", 2), ("front", 5)]


@pytest.mark.parametrize("text", ["Für", "FÜR", "Daß", "dass", "Über", "ÜBER"])
def test_stopwords_are_caught_after_lowercasing_and_normalization(text: str) -> None:
    assert list(CHAIN(text)) == []


def test_removestops_false_marks_instead_of_dropping() -> None:
    toks = [
        (t.text, t.pos, t.stopped)
        for t in CHAIN("Krieg in der Ukraine", positions=True, removestops=False)
    ]
    assert toks == [
        ("krieg", 0, False),
        ("in", 1, True),
        ("der", 2, True),
        ("ukraine", 3, False),
    ]


def test_stopped_flag_is_reset_on_the_reused_token() -> None:
    stream = CHAIN("der Krieg", removestops=False)
    assert next(stream).stopped is True
    assert next(stream).stopped is False


def test_numbers_and_urls_are_never_stopped() -> None:
    # Only word tokens are looked up; a number can never be a stop word even if
    # someone adds one to the list.
    toks = [(t.text, t.kind) for t in CHAIN("und 3.000 www.und.de die")]
    assert toks == [("3.000", "number"), ("www.und.de", "url")]


def test_filters_compare_equal() -> None:
    assert GermanStopFilter() == GermanStopFilter()
