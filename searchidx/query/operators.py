"""Boolean operators without their words: refused with a message saying which.

Whoosh reads ``AND``, ``OR``, ``ANDNOT``, ``ANDMAYBE`` and ``NOT`` as
operators, and on an operator that lacks a word it either crashes
(``NOT NOT Kursk``: "list index out of range") or quietly searches for the
English word instead (``Kursk AND``). Both surprise, so every operator must
have a word (or a parenthesised group) where it needs one, before Whoosh sees
the query. To search for the word itself, write it in lower case or quotes.
"""

from __future__ import annotations

import re

from searchidx.errors import QuerySyntaxError

BINARY = frozenset({"AND", "OR", "ANDNOT", "ANDMAYBE"})
NOT = "NOT"
# A quoted phrase, a parenthesis, or a run of anything else up to a space.
_TOKEN = re.compile(r'"[^"]*"|[()]|[^\s()"]+')
_AS_A_WORD = "to search for the word itself, write it in lower case or in quotes"
_BINARY_HINT = f"put a word or a (group) on each side, e.g. Kursk OR Charkiw; {_AS_A_WORD}"
_NOT_HINT = f"put the word to leave out after NOT, once, e.g. Kursk NOT Gerassimow; {_AS_A_WORD}"


def check_operators(text: str) -> None:
    """Raise QuerySyntaxError naming the first operator that lacks a word."""
    tokens = _TOKEN.findall(text)
    for position, token in enumerate(tokens):
        before = tokens[position - 1] if position else None
        after = tokens[position + 1] if position + 1 < len(tokens) else None
        if token in BINARY and not (_ends_operand(before) and _starts_operand(after)):
            _refuse(f"{token} needs a word on each side", text, _BINARY_HINT)
        if token == NOT and after == NOT:
            _refuse("NOT follows NOT", text, _NOT_HINT)
        if token == NOT and not _starts_operand(after):
            _refuse("NOT needs a word after it", text, _NOT_HINT)


def _ends_operand(token: str | None) -> bool:
    return token is not None and token != "(" and token not in BINARY and token != NOT


def _starts_operand(token: str | None) -> bool:
    return token is not None and token != ")" and token not in BINARY


def _refuse(problem: str, text: str, hint: str) -> None:
    raise QuerySyntaxError(f"{problem} in query {text!r}", hint=hint)
