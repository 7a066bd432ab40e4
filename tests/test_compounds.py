"""German decompounding: split_compound() and DecompoundFilter.

These tests use the real lexicon (wordfreq + /usr/share/dict/ngerman when
installed), built once into the user's cache directory.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.analysis import LowercaseFilter, Token

from analyzers import compounds
from analyzers.compounds import DecompoundFilter, Part, compound_parts, index_term, split_compound
from analyzers.lexicon import ngerman_path
from analyzers.normalize import GermanNormalizationFilter
from analyzers.numbers import NumberFilter
from analyzers.stemming import GermanStemFilter
from analyzers.stopwords import GermanStopFilter
from analyzers.tokenizer import GermanTokenizer

needs_ngerman = pytest.mark.skipif(
    not ngerman_path().is_file(), reason="needs /usr/share/dict/ngerman (apt-get install wngerman)"
)


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("Regierungssprecher", ["regierungs", "sprecher"]),
        ("Krankenhäusern", ["kranken", "häusern"]),
        ("raketenwerfer", ["raketen", "werfer"]),
        ("panzerhaubitzen", ["panzer", "haubitzen"]),
        ("spionageabwehr", ["spionage", "abwehr"]),
        ("gegenoffensive", ["gegen", "offensive"]),
        ("kanonenfutter", ["kanonen", "futter"]),
        ("bevölkerungszahlen", ["bevölkerungs", "zahlen"]),
        ("verteidigungsabkommens", ["verteidigungs", "abkommens"]),
        ("verteidigungsministertreffen", ["verteidigungs", "minister", "treffen"]),
        ("artilleriegeschosse", ["artillerie", "geschosse"]),
        ("militärnachrichten", ["militär", "nachrichten"]),
        ("ukrainefront", ["ukraine", "front"]),
        ("kurskoffensive", ["kursk", "offensive"]),
        ("Bundesregierung", ["bundes", "regierung"]),
        ("Flughafen", ["flug", "hafen"]),
        ("Autobahn", ["auto", "bahn"]),
        # Lexicalised modifiers are split too, like the gold standard does
        # ("glatt|eis|gefahr"): "kurzstrecken" becomes "kurz|strecken".
        ("kurzstreckenrakete", ["kurz", "strecken", "rakete"]),
        ("Kurzstreckenraketen", ["kurz", "strecken", "raketen"]),
    ],
)
@needs_ngerman
def test_splits_compounds(word: str, parts: list[str]) -> None:
    assert split_compound(word) == parts


@pytest.mark.parametrize(
    "word",
    [
        "soldaten",
        "verlust",
        "mitgliedschaft",
        "verhandlung",
        "untergang",
        "unternehmer",
        "beziehung",
        "verteidigung",
        "Gesellschaft",
        "versehen",  # a verb form: "vers|ehen" would be two words
        "bürgerinnen",  # feminine plural, not "bürger|innen"
    ],
)
@needs_ngerman
def test_simple_and_derived_words_stay_whole(word: str) -> None:
    assert split_compound(word) == [word.lower()]


@pytest.mark.parametrize("word", ["Ölfeld", "Haus", "", "raketen2024werfer", "g7gipfeltreffen"])
def test_short_words_and_words_with_digits_are_never_split(word: str) -> None:
    assert split_compound(word) == [word.lower()]


LAW = "rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz"


def test_words_beyond_the_longest_real_compounds_are_not_segmented(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert len(split_compound(LAW)) == 7
    too_long = "regierungssprecher" * 5  # 90 letters
    assert split_compound(too_long) == [too_long]
    monkeypatch.setattr(compounds, "MAX_WORD_LENGTH", 200)
    compounds.clear_cache()
    assert len(split_compound(too_long)) == 10  # only the limit kept it whole
    compounds.clear_cache()


def test_linking_element_stays_on_the_left_part() -> None:
    parts = compound_parts("verteidigungsministertreffen")
    assert [p.text for p in parts] == ["verteidigungs", "minister", "treffen"]
    assert [p.link for p in parts] == ["s", "", ""]


def test_index_term_drops_a_linking_s_from_modifiers_only() -> None:
    assert index_term(Part("regierungs", "s", 0.0), is_head=False) == "regierung"
    assert index_term(Part("bundes", "es", 0.0), is_head=False) == "bund"
    assert index_term(Part("kurzstrecken", "n", 0.0), is_head=False) == "kurzstrecken"
    assert index_term(Part("abkommens", "", 0.0), is_head=True) == "abkommens"


_REAL_WORDS = ["raketen", "werfer", "haus", "bundes", "regierung", "straßen", "öl", "über", "s"]


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(alphabet="abcdeghiklmnorstuwzäöüßABEHKRSÄÖÜ", max_size=30),
        st.lists(st.sampled_from(_REAL_WORDS), min_size=1, max_size=5).map("".join),
    )
)
def test_parts_concatenate_to_the_lowercased_word(word: str) -> None:
    parts = split_compound(word)
    assert "".join(parts) == word.lower()
    assert all(parts) or parts == [""]
    assert len(parts) == 1 or all(len(p) >= 2 for p in parts)


def test_results_are_cached_per_word(monkeypatch: pytest.MonkeyPatch) -> None:
    first = split_compound("raketenwerfer")
    assert "raketenwerfer" in compounds._cache

    def fail(*args: Any) -> Any:
        raise AssertionError("not served from the cache")

    monkeypatch.setattr(compounds, "_segment", fail)
    assert split_compound("RAKETENWERFER") == first


def test_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compounds, "_cache", {})
    monkeypatch.setattr(compounds, "CACHE_LIMIT", 2)
    for word in ("raketenwerfer", "panzerhaubitzen", "kanonenfutter"):
        split_compound(word)
    assert len(compounds._cache) <= 2


# --- the filter ---------------------------------------------------------------


def chain() -> Any:
    """The intended position in the German chain."""
    return (
        GermanTokenizer()
        | LowercaseFilter()
        | DecompoundFilter()
        | GermanNormalizationFilter()
        | NumberFilter()
        | GermanStopFilter()
        | GermanStemFilter()
    )


def decompounded(text: str, **kwargs: Any) -> list[tuple[str, int, int, int, str]]:
    analyzer = GermanTokenizer() | LowercaseFilter() | DecompoundFilter()
    return [
        (t.text, t.pos, t.startchar, t.endchar, t.kind)
        for t in analyzer(text, positions=True, chars=True, **kwargs)
    ]


TEXT = "Der Regierungssprecher nannte Kurzstreckenraketen und Soldaten."


@needs_ngerman
def test_filter_adds_parts_at_the_same_position_with_narrowed_offsets() -> None:
    tokens = decompounded(TEXT, mode="index")
    assert tokens == [
        ("der", 0, 0, 3, "word"),
        ("regierungssprecher", 1, 4, 22, "word"),
        ("regierung", 1, 4, 13, "part"),  # linking -s dropped
        ("sprecher", 1, 14, 22, "part"),
        ("nannte", 2, 23, 29, "word"),
        ("kurzstreckenraketen", 3, 30, 49, "word"),
        ("kurz", 3, 30, 34, "part"),
        ("strecken", 3, 34, 42, "part"),
        ("raketen", 3, 42, 49, "part"),
        ("und", 4, 50, 53, "word"),
        ("soldaten", 5, 54, 62, "word"),
    ]
    for text, _, start, end, kind in tokens:
        if kind == "part":
            assert TEXT[start:end].lower() == text


def test_filter_decompounds_in_the_default_mode_too() -> None:
    assert [t[4] for t in decompounded("Raketenwerfer")] == ["word", "part", "part"]


def test_positions_never_decrease() -> None:
    positions = [pos for _, pos, _, _, _ in decompounded(TEXT * 3, mode="index")]
    assert positions == sorted(positions)


def test_query_mode_passes_tokens_through() -> None:
    assert decompounded(TEXT, mode="query") == [
        ("der", 0, 0, 3, "word"),
        ("regierungssprecher", 1, 4, 22, "word"),
        ("nannte", 2, 23, 29, "word"),
        ("kurzstreckenraketen", 3, 30, 49, "word"),
        ("und", 4, 50, 53, "word"),
        ("soldaten", 5, 54, 62, "word"),
    ]


def test_filter_keeps_whole_offsets_when_text_and_source_differ() -> None:
    # "Raketen\u00adwerfer": the tokenizer dropped the soft hyphen.
    tokens = decompounded("Raketen\u00adwerfer", mode="index")
    assert [(text, start, end) for text, _, start, end, _ in tokens] == [
        ("raketenwerfer", 0, 14),
        ("raketen", 0, 14),
        ("werfer", 0, 14),
    ]


def test_filter_only_touches_words() -> None:
    token = Token(positions=True, chars=True, mode="index")
    token.text, token.kind, token.pos, token.startchar, token.endchar = (
        "raketenwerfer",
        "url",
        0,
        0,
        13,
    )
    assert [t.text for t in DecompoundFilter()(iter([token]))] == ["raketenwerfer"]


def test_filter_works_without_positions_or_chars() -> None:
    analyzer = GermanTokenizer() | LowercaseFilter() | DecompoundFilter()
    assert [t.text for t in analyzer("Raketenwerfer", mode="index")] == [
        "raketenwerfer",
        "raketen",
        "werfer",
    ]


def test_original_token_is_yielded_unchanged_and_parts_are_copies() -> None:
    seen: list[Any] = []

    def upstream() -> Iterator[Any]:
        token = Token(positions=True, chars=True, mode="index", boost=2.0)
        token.text, token.kind, token.pos, token.startchar, token.endchar = (
            "raketenwerfer",
            "word",
            7,
            10,
            23,
        )
        yield token

    for t in DecompoundFilter()(upstream()):
        seen.append(t)
        snapshot = (t.text, t.kind, t.pos, t.boost)
        t.text = "changed downstream"  # later filters modify tokens in place
        seen[-1] = snapshot
    assert seen == [
        ("raketenwerfer", "word", 7, 2.0),
        ("raketen", "part", 7, 2.0),
        ("werfer", "part", 7, 2.0),
    ]


@needs_ngerman
def test_parts_are_normalized_and_stemmed_in_the_full_chain() -> None:
    terms = [(t.text, t.pos, t.kind) for t in chain()("Krankenhäusern", positions=True)]
    assert terms == [
        ("krankenhaus", 0, "word"),
        ("krank", 0, "part"),
        ("haus", 0, "part"),
    ]


def test_filter_pickles_without_the_lexicon() -> None:
    split_compound("raketenwerfer")  # lexicon and cache are loaded now
    data = pickle.dumps(DecompoundFilter())
    assert len(data) < 200
    assert pickle.loads(data) == DecompoundFilter()
    analyzer = chain()
    assert pickle.loads(pickle.dumps(analyzer)) == analyzer


@pytest.mark.parametrize("word", ["Cleveland", "Tottenham", "Manchester"])
def test_names_wordfreq_knows_are_not_cut_into_non_words(word: str) -> None:
    # Not in the German dictionary, yet known: a name, so only dictionary parts may
    # split it ("cleve" is no German word, so "Cleveland" stays whole).
    assert split_compound(word) == [word.lower()]
