"""Plain word queries (``Kursk``, ``Kursk OR Putin OR Schoigu``) without Whoosh's parser.

Whoosh's query parser runs every character of the input past a dozen taggers
and then a dozen filters over the syntax tree: a quarter of the parse of a
three-word OR query, for input with no syntax at all. A query made only of
words, one of them or several joined by ``OR``, is built here as the tree the
parser builds for it, node for node (``tests/test_plain_queries.py`` compares
both on many queries): each word looked up in every field of the parser
(:class:`~searchidx.query.expansion.GermanQueryParser.term_query`), and, as
Whoosh folds ``a OR b OR c``, the later words' field groups inside the first
word's. Everything else goes to the parser.
"""

from __future__ import annotations

import re
from typing import Any

from whoosh import query as wq
from whoosh.qparser import MultifieldPlugin

from searchidx.query.expansion import GermanQueryParser

_WORD = r"\w+(?:-\w+)*"
_PLAIN = re.compile(rf"{_WORD}(?: OR {_WORD})*")
# Words the parser reads as operators, whatever stands around them.
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})


def plain_words(text: str) -> list[str] | None:
    """The words of a query that is one word or words joined by `` OR ``, else None."""
    if not _PLAIN.fullmatch(text):
        return None
    words = text.split(" OR ")
    return None if any(word in _OPERATORS for word in words) else words


def plain_query(parser: GermanQueryParser, words: list[str]) -> Any:
    """``parser.parse(" OR ".join(words), normalize=False)``, without the parser's machinery."""
    parser.note_words_under_or(words if len(words) > 1 else ())
    first, *rest = [_field_alternatives(parser, word) for word in words]
    query = wq.And([wq.Or([*first, *(wq.Or(group) for group in rest)])])
    return query if query else wq.NullQuery


def _field_alternatives(parser: GermanQueryParser, word: str) -> list[Any]:
    """The word in each field of the parser's MultifieldPlugin, at that field's boost."""
    fields = next(plugin for plugin in parser.plugins if isinstance(plugin, MultifieldPlugin))
    found = (
        parser.term_query(field, word, parser.termclass, boost=fields.boosts.get(field, 1.0))
        for field in fields.fieldnames
    )
    return [query for query in found if query is not None]
