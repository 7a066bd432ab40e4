"""GermanTokenizer: token texts, kinds, positions and offsets into the original text."""

from __future__ import annotations

import pytest

from analyzers.tokenizer import GermanTokenizer


def tokens(text: str, **kwargs: object) -> list[tuple[str, str]]:
    return [(t.text, t.kind) for t in GermanTokenizer()(text, **kwargs)]


def texts(text: str) -> list[str]:
    return [t.text for t in GermanTokenizer()(text)]


@pytest.mark.parametrize("word", ["Zugspitze947", "user6", "Pjöngjang", "Grüße", "Straße"])
def test_words_are_runs_of_letters_and_digits(word: str) -> None:
    assert tokens(word) == [(word, "word")]


@pytest.mark.parametrize("number", ["3.000", "12.000", "1,28", "18.10.2024", "170", "1.500.000"])
def test_german_numbers_are_one_token(number: str) -> None:
    assert tokens(f"etwa {number} Soldaten") == [
        ("etwa", "word"),
        (number, "number"),
        ("Soldaten", "word"),
    ]


def test_sentence_final_dot_is_not_part_of_a_number() -> None:
    assert tokens("Es waren 3.000.") == [("Es", "word"), ("waren", "word"), ("3.000", "number")]


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Ukraine-Front", ["Ukraine", "Front"]),
        ("KI-gesteuerte", ["KI", "gesteuerte"]),
        ("Artillerie- und", ["Artillerie", "und"]),
        ("Kim Jong-un", ["Kim", "Jong", "un"]),
    ],
)
def test_hyphenated_words_are_split_into_their_parts(text: str, parts: list[str]) -> None:
    assert texts(text) == parts


def test_hyphen_parts_have_consecutive_positions_and_own_offsets() -> None:
    text = "zur Ukraine-Front"
    toks = [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in GermanTokenizer()(text, positions=True, chars=True)
    ]
    assert toks == [("zur", 0, 0, 3), ("Ukraine", 1, 4, 11), ("Front", 2, 12, 17)]


@pytest.mark.parametrize(
    ("text", "abbrev"),
    [("z. B.", "z.B."), ("z.B.", "z.B."), ("u. a.", "u.a."), ("d. h.", "d.h."), ("v. a.", "v.a.")],
)
def test_letter_dot_abbreviations_are_one_token(text: str, abbrev: str) -> None:
    assert tokens(f"Waffen, {text} Raketen") == [
        ("Waffen", "word"),
        (abbrev, "abbrev"),
        ("Raketen", "word"),
    ]


def test_abbreviation_offsets_span_the_spaced_original() -> None:
    text = "etwa z. B. hier"
    spans = [(t.text, text[t.startchar : t.endchar]) for t in GermanTokenizer()(text, chars=True)]
    assert spans[1] == ("z.B.", "z. B.")


def test_adjacent_abbreviations_stay_apart() -> None:
    assert texts("z. B. u. a. Raketen") == ["z.B.", "u.a.", "Raketen"]


def test_three_letter_abbreviation() -> None:
    assert tokens("i. d. R.") == [("i.d.R.", "abbrev")]


@pytest.mark.parametrize(
    ("text", "url"),
    [
        (
            "Quelle: https://www.t-online.de/nachrichten/id_100.html.",
            "https://www.t-online.de/nachrichten/id_100.html",
        ),
        ("(siehe www.spiegel.de)", "www.spiegel.de"),
        ("„http://example.org/a?b=1&c=2“", "http://example.org/a?b=1&c=2"),
    ],
)
def test_urls_are_one_token_without_trailing_punctuation(text: str, url: str) -> None:
    assert (url, "url") in tokens(text)
    assert sum(kind == "url" for _, kind in tokens(text)) == 1


def test_emoji_punctuation_and_quotes_separate_tokens() -> None:
    text = "„Krieg“…Frieden😀*Sterne* @user6 «Ende»—!?"
    assert texts(text) == ["Krieg", "Frieden", "Sterne", "user6", "Ende"]


@pytest.mark.parametrize("text", ["", "   ", "😀😀", "…„“”", "-", "*@*"])
def test_text_without_tokens_yields_nothing(text: str) -> None:
    assert texts(text) == []


def test_decomposed_umlauts_and_soft_hyphens_are_cleaned_but_offsets_kept() -> None:
    text = "Gru\u0308ße der Bundes\u00adregierung"
    toks = [(t.text, t.startchar, t.endchar) for t in GermanTokenizer()(text, chars=True)]
    assert [t[0] for t in toks] == ["Grüße", "der", "Bundesregierung"]
    assert [text[start:end] for _, start, end in toks] == [
        "Gru\u0308ße",
        "der",
        "Bundes\u00adregierung",
    ]


def test_start_pos_and_start_char_shift_positions_and_offsets() -> None:
    stream = GermanTokenizer()("a b", positions=True, chars=True, start_pos=5, start_char=100)
    assert [(t.pos, t.startchar, t.endchar) for t in stream] == [(5, 100, 101), (6, 102, 103)]


def test_tokenize_false_yields_whole_value() -> None:
    toks = list(
        GermanTokenizer()("Ukraine-Front 3.000", tokenize=False, positions=True, chars=True)
    )
    assert [(t.text, t.kind, t.pos, t.startchar, t.endchar) for t in toks] == [
        ("Ukraine-Front 3.000", "word", 0, 0, 19)
    ]


def test_token_protocol_attributes() -> None:
    toks = [
        t.copy()
        for t in GermanTokenizer()("Ein Test", keeporiginal=True, removestops=False, mode="query")
    ]
    assert [t.original for t in toks] == ["Ein", "Test"]
    assert all(t.boost == 1.0 and t.stopped is False for t in toks)
    assert all(t.removestops is False and t.mode == "query" for t in toks)


def test_token_object_is_reused_like_whoosh_tokenizers() -> None:
    stream = GermanTokenizer()("eins zwei")
    assert next(stream) is next(stream)


def test_non_str_value_is_rejected() -> None:
    with pytest.raises(TypeError):
        list(GermanTokenizer()(b"bytes"))


def test_tokenizers_compare_equal() -> None:
    assert GermanTokenizer() == GermanTokenizer()
