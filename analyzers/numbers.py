"""Number normalization: one term per value, however German text groups it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, Final

from whoosh.analysis import Filter

# "3.000", "12.000", "1.500.000", also with decimals ("1.000,50"). Dates such as
# "18.10.2024" never match: their middle group has two digits, not three.
_GROUPED: Final = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")


def normalize_number(text: str) -> str:
    """Strip German thousands separators so "3.000" and "3000" are the same term.

    Decimals ("1,28"), dates ("18.10.2024") and anything else stay unchanged.
    """
    if _GROUPED.fullmatch(text):
        return text.replace(".", "")
    return text


class NumberFilter(Filter):  # type: ignore[misc]  # whoosh ships no type hints
    """Applies :func:`normalize_number` to number tokens."""

    def __call__(self, tokens: Iterable[Any]) -> Iterator[Any]:
        for t in tokens:
            if getattr(t, "kind", None) == "number":
                t.text = normalize_number(t.text)
            yield t
