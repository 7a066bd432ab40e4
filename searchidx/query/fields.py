"""Declared fields in query text: ``section:Wirtschaft`` names the index's ``kw_section``.

Users write the names they declared; the index holds each under a typed
internal name (see :mod:`searchidx.features.fields`). Quoted phrases are left
alone, so ``"section: Wirtschaft"`` stays words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from whoosh import query as wq
from whoosh.fields import NUMERIC

from searchidx.features.fields import DeclaredField, by_name, from_internal

# Decodes the numeric terms Whoosh's parser makes (any NUMERIC decodes its own bytes).
_NUMBERS = NUMERIC(numtype=float, bits=64, signed=True)

# `name:` directly followed by a value; "Kursk: Erfolg" (space), 18:18 and the gender
# colon (Journalist:innen) are not fields.
FIELD_PREFIX = re.compile(r"(?<![\w.:/-])([A-Za-z_]+):(?!(?:in|innen)\b)(?=[^\s:/])")


def internal_field_names(text: str, declared: Iterable[DeclaredField]) -> str:
    """``text`` with each declared field's name replaced by its internal name."""
    fields = by_name(declared)
    if not fields:
        return text

    def rename(match: re.Match[str]) -> str:
        field = fields.get(match.group(1))
        inside_quotes = text.count('"', 0, match.start()) % 2 == 1
        return f"{field.internal}:" if field and not inside_quotes else match.group(0)

    return FIELD_PREFIX.sub(rename, text)


def exact_numbers(query: wq.Query) -> wq.Query:
    """``query`` with ``words:600`` on a numeric field as the range 600..600.

    Whoosh's parser turns it into a term of encoded bytes, which snippets and
    the Solr translation cannot read; a range means the same everywhere.
    """
    query = query.apply(exact_numbers)
    if isinstance(query, wq.Term) and isinstance(query.text, bytes):
        field = from_internal(query.fieldname)
        if field is not None and field.kind == "numeric":
            number = _NUMBERS.from_bytes(query.text)
            return wq.NumericRange(query.fieldname, number, number, boost=query.boost)
    return query
