"""Token kinds, set by the tokenizer and filters, read by the filters after them."""

from __future__ import annotations

from typing import Final

# Kinds that are German words (or pieces of them) and get normalized and stemmed:
# plain words, compound parts, joined hyphen chains and masculine gender bases.
WORD_KINDS: Final = frozenset({"word", "part", "joined", "gender"})
