"""GermanTokenizer: token texts, kinds, positions and offsets into the original text."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzers.tokenizer import (
    MAX_TOKEN_LENGTH,
    GermanTokenizer,
    joined_text,
    more_token_starts,
    raw_tokens,
    raw_tokens_at,
    token_starts,
)


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


def word_tokens(text: str) -> list[str]:
    return [t.text for t in GermanTokenizer()(text) if t.kind != "joined"]


def joined_tokens(text: str) -> list[str]:
    return [t.text for t in GermanTokenizer()(text) if t.kind == "joined"]


@pytest.mark.parametrize(
    ("text", "parts", "joined"),
    [
        ("Ukraine-Front", ["Ukraine", "Front"], ["UkraineFront"]),
        ("Kursk-Offensive", ["Kursk", "Offensive"], ["KurskOffensive"]),
        ("KI-gesteuerte", ["KI", "gesteuerte"], ["KIgesteuerte"]),
        ("Kim Jong-un", ["Kim", "Jong", "un"], ["Jongun"]),
        ("Russland-Ukraine-Krieg", ["Russland", "Ukraine", "Krieg"], ["RusslandUkraineKrieg"]),
        ("Ukraine\u2011Front", ["Ukraine", "Front"], ["UkraineFront"]),  # non-breaking hyphen
        ("Bundes\u00adwehr-Einsatz", ["Bundeswehr", "Einsatz"], ["BundeswehrEinsatz"]),
        ("Artillerie- und Raketen", ["Artillerie", "und", "Raketen"], []),
        ("2024-2025", ["2024", "2025"], []),
        ("G7-Gipfel-Treffen", ["G7", "Gipfel", "Treffen"], []),
        (
            "Ost-West- und Nord-Süd-Achse",
            ["Ost", "West", "und", "Nord", "Süd", "Achse"],
            ["NordSüdAchse"],
        ),
        ("Ukraine - Front", ["Ukraine", "Front"], []),
        ("Ukraine–Front", ["Ukraine", "Front"], []),  # en dash is a dash, not a hyphen
        ("Süd-u. a.", ["Süd", "u.a."], []),
        ("Ukraine-Expert*innen", ["Ukraine", "Expert*innen"], []),
        ("-Front", ["Front"], []),
    ],
)
def test_hyphenated_words_are_split_and_letter_chains_also_joined(
    text: str, parts: list[str], joined: list[str]
) -> None:
    assert word_tokens(text) == parts
    assert joined_tokens(text) == joined


def test_joined_token_follows_first_part_at_its_position_spanning_the_chain() -> None:
    text = "zur Ukraine-Front heute"
    toks = [
        (t.text, t.kind, t.pos, t.startchar, t.endchar)
        for t in GermanTokenizer()(text, positions=True, chars=True)
    ]
    assert toks == [
        ("zur", "word", 0, 0, 3),
        ("Ukraine", "word", 1, 4, 11),
        ("UkraineFront", "joined", 1, 4, 17),
        ("Front", "word", 2, 12, 17),
        ("heute", "word", 3, 18, 23),
    ]


def test_three_part_chain_gets_one_joined_token_and_keeps_later_positions() -> None:
    text = "Der Russland-Ukraine-Krieg dauert an"
    toks = [(t.text, t.pos) for t in GermanTokenizer()(text, positions=True, chars=True)]
    assert toks == [
        ("Der", 0),
        ("Russland", 1),
        ("RusslandUkraineKrieg", 1),
        ("Ukraine", 2),
        ("Krieg", 3),
        ("dauert", 4),
        ("an", 5),
    ]
    joined = next(t for t in GermanTokenizer()(text, chars=True) if t.kind == "joined")
    assert text[joined.startchar : joined.endchar] == "Russland-Ukraine-Krieg"


def test_joined_token_honours_start_pos_start_char_and_keeporiginal() -> None:
    stream = GermanTokenizer()(
        "E-Auto", positions=True, chars=True, keeporiginal=True, start_pos=5, start_char=100
    )
    toks = [(t.text, t.original, t.kind, t.pos, t.startchar, t.endchar) for t in stream]
    assert toks == [
        ("E", "E", "word", 5, 100, 101),
        ("EAuto", "EAuto", "joined", 5, 100, 106),
        ("Auto", "Auto", "word", 6, 102, 106),
    ]


def test_query_mode_emits_no_joined_tokens() -> None:
    # "Kim Jong-un" must find "Kim Jong Un": an AND over jong/jongun/un would not.
    assert [t.text for t in GermanTokenizer()("Kim Jong-un", mode="query")] == [
        "Kim",
        "Jong",
        "un",
    ]
    assert joined_tokens("Kim Jong-un") == ["Jongun"]


@pytest.mark.parametrize(
    "word",
    [
        "Journalist*innen",
        "Journalist:innen",
        "Journalist_innen",
        "Journalist/-innen",
        "Journalist/innen",
        "Journalist/in",
        "Journalist*in",
        "Journalist*Innen",
        "JournalistInnen",
        "Ärzt*innen",
    ],
)
def test_gender_forms_are_one_word_token(word: str) -> None:
    assert tokens(f"Die {word} berichten") == [
        ("Die", "word"),
        (word, "word"),
        ("berichten", "word"),
    ]


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("und/oder", ["und", "oder"]),
        ("Kiew/Moskau", ["Kiew", "Moskau"]),
        ("Berlin/Innenstadt", ["Berlin", "Innenstadt"]),
        ("Journalist*innenschaft", ["Journalist", "innenschaft"]),
        ("Journalist*ina", ["Journalist", "ina"]),
        ("18:in", ["18", "in"]),
        ("Journalist* innen", ["Journalist", "innen"]),
    ],
)
def test_markers_still_separate_outside_gender_forms(text: str, parts: list[str]) -> None:
    assert texts(text) == parts


def test_numbers_and_dates_are_unchanged_next_to_new_rules() -> None:
    text = "Am 18.10.2024 kamen 3.000 bzw. 12.000 Soldat*innen, 1,28 Mio. Euro im Jahr 2024"
    numbers = [(t.text, t.kind) for t in GermanTokenizer()(text) if t.kind == "number"]
    assert numbers == [
        ("18.10.2024", "number"),
        ("3.000", "number"),
        ("12.000", "number"),
        ("1,28", "number"),
        ("2024", "number"),
    ]
    assert ("Soldat*innen", "word") in tokens(text)


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


def test_joined_text_drops_hyphens_and_keeps_case() -> None:
    assert joined_text("Jong-un") == "Jongun"
    assert joined_text("Russland-Ukraine\u2010Krieg") == "RusslandUkraineKrieg"


def test_tokenizer_survives_pickling() -> None:
    restored = pickle.loads(pickle.dumps(GermanTokenizer()))
    assert restored == GermanTokenizer()
    text = "Kim Jong-un und Journalist*innen"
    assert [t.text for t in restored(text)] == texts(text)


# Fragments that build hyphen chains, gender forms, numbers and abbreviations.
TOKENIZER_TEXT = st.lists(
    st.sampled_from(
        [
            *"aAbKIüÄß -‐‑–*:_/.,0123456789\u00ad\u0308\n",
            "in",
            "innen",
            "Innen",
            "/-",
            "Ukraine",
            "z. B.",
            "3.000",
            "www.",
            "😀",
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=60), TOKENIZER_TEXT), st.sampled_from(["", "index", "query"]))
def test_tokenizer_properties(text: str, mode: str) -> None:
    def run() -> list[tuple[str, str, int, int, int]]:
        return [
            (t.text, t.kind, t.pos, t.startchar, t.endchar)
            for t in GermanTokenizer()(text, positions=True, chars=True, mode=mode)
        ]

    first = run()
    assert run() == first, "not deterministic"
    assert all(text_ for text_, *_ in first), "empty token"
    positions = [pos for _, _, pos, _, _ in first]
    assert positions == sorted(positions)
    assert all(0 <= start < end <= len(text) for *_, start, end in first)
    # Joined tokens take no position of their own: the others are numbered 0, 1, 2 ...
    own = [pos for _, kind, pos, _, _ in first if kind != "joined"]
    assert own == list(range(len(own)))
    for index, (joined, kind, pos, start, end) in enumerate(first):
        if kind == "joined":
            assert mode != "query"
            part = first[index - 1]
            assert (part[2], part[3]) == (pos, start) and part[1] == "word"
            assert "-" not in joined and len(joined) > len(part[0])
            assert end > part[4]


def test_junk_runs_longer_than_the_limit_are_dropped_but_keep_their_position() -> None:
    junk = "x" * (MAX_TOKEN_LENGTH + 1)
    stream = [(t.text, t.pos) for t in GermanTokenizer()(f"Region {junk} Kursk", positions=True)]
    assert stream == [("Region", 0), ("Kursk", 2)]


def test_a_token_at_the_limit_is_kept() -> None:
    assert texts("y" * MAX_TOKEN_LENGTH) == ["y" * MAX_TOKEN_LENGTH]


def test_hyphen_chains_longer_than_the_limit_are_not_joined() -> None:
    chain = "-".join(["Ukraine"] * 40)
    assert ("Ukraine" * 40, "joined") not in tokens(chain)
    assert [kind for _, kind in tokens(chain)] == ["word"] * 40


@pytest.mark.parametrize(
    "text",
    [
        "Die Kursk-Offensive begann z. B. am 18.10.2024 um 3.000 Soldaten, www.example.org!",
        "Kim Jong-un, Russland-Ukraine-Krieg und Artillerie- und Luftabwehr " + "a" * 300,
        "Journalist*innen trafen Müller-Lüdenscheidt in der Grüße-Straße.",
    ],
)
def test_tokens_at_chosen_positions_equal_the_full_stream(text: str) -> None:
    full = list(raw_tokens(text, True))
    for chosen in ({0}, {1, 3}, {2, 5, 7, 40}, set(range(0, 20, 2)), set()):
        expected = [token for token in full if token[2] in chosen]
        assert list(raw_tokens_at(text, True, frozenset(chosen))) == expected
        starts = token_starts(text)  # the highlighter's kept offsets: same tokens
        assert list(raw_tokens_at(text, True, frozenset(chosen), starts)) == expected


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.text(max_size=60), TOKENIZER_TEXT),
    st.lists(st.integers(min_value=1, max_value=4), max_size=12),
)
def test_a_scan_in_pieces_finds_the_starts_of_one_pass(text: str, pieces: list[int]) -> None:
    found: list[int] = []
    scanned = 0
    for count in [*pieces, len(text) + 1]:  # the last piece takes the rest
        if scanned < 0:
            break
        more, scanned = more_token_starts(text, scanned, count)
        assert len(more) == count or scanned == -1
        found.extend(more)
    assert found == token_starts(text)
    assert scanned == -1
