"""NumberFilter: grouped integers lose their separators, everything else is kept."""

from __future__ import annotations

import pytest

from analyzers.numbers import NumberFilter, normalize_number
from analyzers.tokenizer import GermanTokenizer


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("3.000", "3000"),
        ("12.000", "12000"),
        ("1.500.000", "1500000"),
        ("1.000,50", "1000,50"),
        ("1,28", "1,28"),
        ("18.10.2024", "18.10.2024"),
        ("2024", "2024"),
        ("170", "170"),
        ("3.00", "3.00"),
        ("1.0000", "1.0000"),
        ("1234.567", "1234.567"),
        ("192.168.0.1", "192.168.0.1"),
    ],
)
def test_normalize_number(number: str, expected: str) -> None:
    assert normalize_number(number) == expected


def test_filter_changes_number_tokens_only() -> None:
    stream = GermanTokenizer()("3.000 Soldaten, 1,28 Prozent am 18.10.2024 auf www.a.de/1.000")
    assert [t.text for t in NumberFilter()(stream)] == [
        "3000",
        "Soldaten",
        "1,28",
        "Prozent",
        "am",
        "18.10.2024",
        "auf",
        "www.a.de/1.000",
    ]


def test_grouped_and_plain_spelling_give_the_same_term() -> None:
    def terms(text: str) -> list[str]:
        return [t.text for t in NumberFilter()(GermanTokenizer()(text))]

    assert terms("12.000") == terms("12000") == ["12000"]
