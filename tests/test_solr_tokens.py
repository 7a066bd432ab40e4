"""Pre-analyzed JSON: Solr receives exactly our terms, positions and offsets."""

from __future__ import annotations

import json

import pytest

from analyzers import analyze_field
from searchidx.backends.solr.tokens import NO_TERMS, pre_analyzed, query_value, token_list

TEXTS = [
    "Die Kursk-Offensive der Soldaten und Waffen",
    "Kurskoffensive: Journalist*innen und Ärztinnen in Pjöngjang",
    "Kim Jong-un empfing Schoigu am 12.10.2024 um 18:18",
    "",
]


def positions(value: str) -> list[tuple[str, int]]:
    """Terms at the positions Lucene derives from the increments (first token: inc - 1)."""
    position = -1
    result = []
    for token in json.loads(value)["tokens"]:
        position += token["i"]
        result.append((token["t"], position))
    return result


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("field", ["text", "title", "phonetic"])
def test_increments_reproduce_our_positions_exactly(text: str, field: str) -> None:
    ours = sorted((token.text, token.pos) for token in analyze_field(text, field))
    assert sorted(positions(pre_analyzed(text, field))) == ours


@pytest.mark.parametrize("field", ["text", "title", "words", "phonetic"])
def test_a_stored_text_without_terms_carries_the_placeholder_term(field: str) -> None:
    # Solr rejects a stored pre-analyzed value with no tokens (it re-parses the string).
    stored = field in ("text", "title")
    value = json.loads(pre_analyzed("Selbst das nicht", field, stored=stored))
    assert [token["t"] for token in value["tokens"]] == ([NO_TERMS] if stored else [])
    assert value.get("str", "Selbst das nicht") == "Selbst das nicht"


def test_the_json_is_what_json_dumps_writes() -> None:
    text = 'Sie sagte "Kurskoffensive" – \\ und\tdann Ärztinnen'
    expected = {
        "v": "1",
        "str": text,
        "tokens": token_list(analyze_field(text, "text"), offsets=True),
    }
    dumped = json.dumps(expected, ensure_ascii=False, separators=(",", ":"))
    assert pre_analyzed(text, "text") == dumped


@pytest.mark.parametrize("text", TEXTS)
def test_offsets_never_go_backwards_and_stored_text_is_the_original(text: str) -> None:
    value = json.loads(pre_analyzed(text, "text"))
    assert value["v"] == "1" and value["str"] == text
    starts = [token["s"] for token in value["tokens"]]
    assert starts == sorted(starts)
    assert all(token["s"] <= token["e"] <= len(text) for token in value["tokens"])


def test_the_phonetic_field_is_not_stored_and_has_no_offsets() -> None:
    value = json.loads(pre_analyzed("Putin und Shoigu", "phonetic", stored=False))
    assert "str" not in value
    assert value["tokens"] == [{"t": "126_putin", "i": 1}, {"t": "84_shoigu", "i": 2}]


def test_stacked_forms_share_a_position_and_keep_order() -> None:
    tokens = json.loads(pre_analyzed("Kurskoffensive", "text"))["tokens"]
    assert [(t["t"], t["i"]) for t in tokens] == [
        ("kurskoffensiv", 1),
        ("kursk", 0),
        ("offensiv", 0),
    ]


def test_query_values_carry_gaps_for_phrases() -> None:
    value = query_value([("soldat", 0), ("waff", 2)])
    assert json.loads(value) == {
        "v": "1",
        "tokens": [{"t": "soldat", "i": 1}, {"t": "waff", "i": 2}],
    }
    assert token_list([], offsets=True) == []
