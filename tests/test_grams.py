"""Character 5-grams of words (analyzers/grams.py): what the grams field indexes."""

from __future__ import annotations

from whoosh.formats import Frequency

from analyzers import analyze_field, field_analyzer
from analyzers.grams import GramTokenizer, query_grams, word_grams
from searchidx.backends.whoosh.formats import CachedFrequency


def test_words_are_padded_lowercased_and_cut_into_five_grams() -> None:
    assert list(word_grams("Haus")) == ["_haus", "haus_"]
    assert list(word_grams("Wahlen")) == ["_wahl", "wahle", "ahlen", "hlen_"]


def test_umlauts_and_sharp_s_are_folded() -> None:
    assert list(word_grams("Füße")) == list(word_grams("fusse"))
    assert "_bank" in list(word_grams("Bänke"))  # the plural keeps the singular's start


def test_a_short_word_is_one_gram() -> None:
    assert list(word_grams("im Ei")) == ["_im_", "_ei_"]


def test_a_word_family_shares_grams_that_its_stems_do_not() -> None:
    """Snowball stems Schweden to schwed and schwedisch to schwedisch; the grams overlap."""
    assert analyze_field("Schweden")[0].text != analyze_field("schwedisch")[0].text
    shared = set(word_grams("Schweden")) & set(word_grams("schwedisch"))
    assert {"_schw", "schwe", "chwed"} <= shared


def test_query_grams_are_distinct_in_order_of_first_appearance() -> None:
    assert query_grams(["Haus", "Hausbau"]) == [
        "_haus",
        "haus_",
        "hausb",
        "ausba",
        "usbau",
        "sbau_",
    ]


def test_the_grams_field_analyzer_emits_one_position_per_gram() -> None:
    tokens = analyze_field("Das Haus", "grams")
    assert [t.text for t in tokens] == ["_das_", "_haus", "haus_"]
    assert [t.pos for t in tokens] == [0, 1, 2]
    assert field_analyzer("grams") == GramTokenizer()
    assert GramTokenizer(4) != GramTokenizer(5)


def test_the_fused_index_path_writes_what_whooshs_frequency_format_writes() -> None:
    text = "Die Bänke am Hafen, die Bank am Haus: Hafenbänke!"
    fused = CachedFrequency().word_values(text, GramTokenizer(), mode="index")
    assert sorted(fused) == sorted(Frequency().word_values(text, GramTokenizer(), mode="index"))
    assert GramTokenizer().term_positions(text)["_bank"] == [1, 9]  # _die_ is gram 0
    counts = GramTokenizer().term_counts(text)
    assert counts == {gram: len(at) for gram, at in GramTokenizer().term_positions(text).items()}
    assert counts["_bank"] == 2 and counts["_hafe"] == 2


def test_positioned_terms_are_the_token_streams_terms_in_order() -> None:
    """What the Solr writer sends (searchidx/backends/solr/tokens.py) is the stream's terms."""
    text = "Bänke am Hafen"
    tokenizer = GramTokenizer()
    stream = [(t.pos, t.startchar, t.endchar, t.text) for t in tokenizer(text, True, True)]
    fast = [
        (pos, start, end, gram) for pos, start, _, end, gram in tokenizer.positioned_terms(text)
    ]
    assert fast == stream and len(fast) == 7
