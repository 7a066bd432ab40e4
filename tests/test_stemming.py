"""stem() and GermanStemFilter, including the Snowball reference vocabulary."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analyzers import stemming
from analyzers.stemming import GermanStemFilter, stem
from analyzers.tokenizer import GermanTokenizer

SNOWBALL = Path(__file__).parent / "data" / "snowball-german"
ROOT = Path(__file__).resolve().parent.parent


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


def test_same_stems_as_nltk_on_wordfreqs_frequent_german_words() -> None:
    """The stemmer is Whoosh's port of NLTK's: identical output, without importing NLTK.

    (Checked once on all 1.26 M words of wordfreq and ngerman; here the 100,000
    most frequent keep the test fast.)
    """
    from nltk.stem.snowball import GermanStemmer as NltkGermanStemmer
    from wordfreq import get_frequency_dict

    reference = NltkGermanStemmer()
    words = list(get_frequency_dict("de"))[:100_000]
    words += [word.capitalize() for word in words[:10_000]]
    mismatches = [w for w in words if stemming._stemmer.stem(w) != reference.stem(w)]
    assert mismatches == []


@given(st.text(alphabet="aeiouyäöüßbdfghklmnrstUYÄÖÜ", max_size=30))
def test_same_stems_as_nltk_on_any_letter_sequence(word: str) -> None:
    from nltk.stem.snowball import GermanStemmer as NltkGermanStemmer

    assert stemming._stemmer.stem(word) == NltkGermanStemmer().stem(word)


def test_stemming_does_not_import_nltk() -> None:
    code = "import sys, analyzers\nanalyzers.analyze('Soldaten')\nprint('nltk' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
