"""``fields=``: what hits carry, beyond or instead of the usual keys.

Without a choice hits look as they always did. With one, each hit carries its
``id`` and exactly the named keys: any usual hit key, ``text``, ``reply_to``,
``rank``, ``extra`` (every key of the record searchidx does not know, declared
or not) and the declared fields (their values as the record gave them).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from searchidx.backends.base import Reader
from searchidx.errors import InvalidFilterError
from searchidx.features.fields import DeclaredField
from searchidx.models import Document, Hit

USUAL_KEYS = ("id", "type", "parent_id", "title", "source", "date", "author", "url", "score")
ON_REQUEST = ("snippet", "text", "reply_to", "rank", "extra")
_HIT_ATTRIBUTES = frozenset({*USUAL_KEYS, "snippet"})


def hit_field_names(declared: Iterable[DeclaredField]) -> tuple[str, ...]:
    """Every name ``fields=`` accepts, usual keys first."""
    return (*USUAL_KEYS, *ON_REQUEST, *(field.name for field in declared))


def check_hit_fields(names: Sequence[str], declared: Iterable[DeclaredField]) -> tuple[str, ...]:
    """The chosen names, each once, in order (InvalidFilterError naming an unknown one)."""
    known = hit_field_names(declared)
    for name in names:
        if name not in known:
            raise InvalidFilterError(
                f"unknown field {name[:40]!r} for hits; use any of {', '.join(known)}"
            )
    return tuple(dict.fromkeys(name for name in names if name != "id"))


def shows_snippet(chosen: Sequence[str] | None) -> bool:
    """Whether hits with these chosen fields show their snippet (the usual keys do)."""
    return chosen is None or "snippet" in chosen


def with_fields(hit: Hit, doc: Document, chosen: Sequence[str] | None) -> Hit:
    """``hit`` carrying the chosen fields of its document (unchanged without a choice)."""
    if chosen is None:
        return hit
    values = {name: _value(doc, name) for name in chosen if name not in _HIT_ATTRIBUTES}
    return replace(hit, shown=tuple(chosen), values=values)


def chosen_fields(
    reader: Reader, hits: tuple[Hit, ...], chosen: Sequence[str] | None
) -> tuple[Hit, ...]:
    """Hits carrying the chosen fields of their stored documents (grouped hits)."""
    if chosen is None:
        return hits
    return tuple(
        with_fields(hit, doc, chosen) if (doc := reader.document(hit.id)) else hit for hit in hits
    )


def _value(doc: Document, name: str) -> Any:
    if name == "extra":
        return dict(doc.extra)
    if name in ("text", "reply_to", "rank"):
        return getattr(doc, name)
    return doc.extra.get(name)
