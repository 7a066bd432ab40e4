"""Declared fields: the user's own metadata keys, made filterable and facetable.

Records may carry keys searchidx does not know (``section``, ``words``, …);
they are stored in ``Document.extra`` as given, whether declared or not. A
declaration (``searchidx index --field section:keyword``) additionally indexes
one key under a typed internal name, so it can be filtered (``--where``,
``section:Wirtschaft`` in queries), faceted (keyword fields) and returned in
hits. Only ``extra`` is stored, so declaring a field never changes the
content fingerprint, and an export re-indexes into the same fingerprint.

The kind lives in the internal name's prefix (``kw_section``, ``num_words``,
``dt_published``): the Whoosh schema and the Solr dynamic fields both read it
from there, so the index itself remembers what was declared.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, Literal

from searchidx.errors import InvalidFilterError
from searchidx.models import Document, wall_time

FieldKind = Literal["keyword", "numeric", "date"]
FIELD_KINDS: tuple[FieldKind, ...] = ("keyword", "numeric", "date")
_PREFIXES: Mapping[FieldKind, str] = {"keyword": "kw_", "numeric": "num_", "date": "dt_"}
# Letters and underscores only: what the query language reads as ``name:``.
_NAME = re.compile(r"[A-Za-z_]{1,40}")
# Names the documents, hits and query language already use for something else: every
# Document field, and what indexes and hits add beside them.
RESERVED_NAMES = frozenset({item.name for item in dataclasses.fields(Document)}) | {
    "parent_title",
    "month",
    "score",
    "snippet",
    "matched_in",
    "comments",
    "meta",
}


@dataclass(frozen=True)
class DeclaredField:
    """A key of ``extra`` indexed as a keyword, a number or a date."""

    name: str
    kind: FieldKind

    @property
    def internal(self) -> str:
        """The index's own name for the field (the kind is its prefix)."""
        return _PREFIXES[self.kind] + self.name

    def value(self, doc: Document) -> str | float | datetime | None:
        """The document's value as this field indexes it; None when absent or unreadable."""
        return coerce(self.kind, doc.extra.get(self.name))

    def __str__(self) -> str:
        return f"{self.name}:{self.kind}"


def parse_field_spec(spec: str) -> DeclaredField:
    """``section:keyword`` as a declaration; InvalidFilterError naming what is wrong."""
    name, colon, kind = spec.strip().partition(":")
    if not colon or kind not in FIELD_KINDS:
        raise InvalidFilterError(
            f"cannot read field declaration {spec!r}",
            hint=f"write NAME:KIND with KIND one of {', '.join(FIELD_KINDS)}, e.g. section:keyword",
        )
    check_field_name(name)
    return DeclaredField(name, kind)


def check_field_name(name: str) -> None:
    if not _NAME.fullmatch(name):
        raise InvalidFilterError(
            f"field name {name[:40]!r} must be 1-40 letters or underscores",
            hint="declare the key under a plain name, e.g. section:keyword",
        )
    if name in RESERVED_NAMES:
        raise InvalidFilterError(
            f"field name {name!r} is built in; declare only keys of your own records",
            hint=f"built-in names: {', '.join(sorted(RESERVED_NAMES))}",
        )


@lru_cache(maxsize=4096)  # every search asks it of each field name of its index
def from_internal(internal: str) -> DeclaredField | None:
    """The declaration an internal index field name stands for (None: not a declared field)."""
    for kind, prefix in _PREFIXES.items():
        name = internal.removeprefix(prefix)
        if name != internal and _NAME.fullmatch(name) and name not in RESERVED_NAMES:
            return DeclaredField(name, kind)
    return None


def declared_in(names: Iterable[str]) -> tuple[DeclaredField, ...]:
    """The declared fields among an index's field names, by name."""
    found = (from_internal(name) for name in names)
    return tuple(sorted((field for field in found if field), key=lambda field: field.name))


def new_declarations(
    existing: Iterable[DeclaredField], wanted: Iterable[DeclaredField]
) -> tuple[DeclaredField, ...]:
    """The wanted fields not declared yet; a name declared with another kind is an error."""
    known = {field.name: field for field in existing}
    added: dict[str, DeclaredField] = {}
    for field in wanted:
        before = known.get(field.name) or added.get(field.name)
        if before is not None and before.kind != field.kind:
            raise InvalidFilterError(
                f"field {field.name!r} is already declared as {before.kind}, not {field.kind}",
                hint="rebuild the index (searchidx index --rebuild) to change a field's kind",
            )
        if before is None:
            added[field.name] = field
    return tuple(added.values())


def by_name(fields: Iterable[DeclaredField]) -> dict[str, DeclaredField]:
    return {field.name: field for field in fields}


def coerce(kind: FieldKind, raw: Any) -> str | float | datetime | None:
    """A raw record value as a keyword, number or date (None: left unindexed)."""
    if raw is None or isinstance(raw, dict | list):
        return None
    if kind == "keyword":
        text = ("true" if raw else "false") if isinstance(raw, bool) else str(raw).strip()
        return text or None
    if kind == "numeric":
        return _number(raw)
    return _date(raw)


def _number(raw: Any) -> float | None:
    if isinstance(raw, bool):
        return None
    try:
        number = float(raw)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _date(raw: Any) -> datetime | None:
    if not isinstance(raw, str):
        return None
    try:
        return wall_time(datetime.fromisoformat(raw.strip()))
    except ValueError:
        return None
