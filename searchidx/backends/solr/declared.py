"""Declared fields of a collection: a collection property, indexed in dynamic fields.

The declarations (``{"section": "keyword", …}``) are the collection property
``searchidx.fields`` in ZooKeeper, so every client of the collection sees the
same ones; the values go into the config set's dynamic fields (``kw_*``
strings, ``num_*`` doubles, ``dt_*`` dates), which need no schema change.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from whoosh.fields import Schema

from searchidx.backends.solr.client import SolrClient
from searchidx.backends.solr.errors import SolrError
from searchidx.backends.whoosh.declared import field_type
from searchidx.backends.whoosh.schema import build_schema
from searchidx.features.fields import FIELD_KINDS, DeclaredField, new_declarations

PROPERTY = "searchidx.fields"


def load_declared(client: SolrClient, collection: str) -> tuple[DeclaredField, ...]:
    """The fields declared in ``collection`` (none when the property is unset)."""
    path = f"../api/cluster/zookeeper/data/collections/{collection}/collectionprops.json"
    try:
        props = client.get(path)
    except SolrError as error:
        if " 404 " in f" {error} ":
            return ()
        raise
    raw = props.get(PROPERTY)
    kinds: dict[str, Any] = json.loads(raw) if isinstance(raw, str) and raw else {}
    return tuple(
        DeclaredField(name, kind) for name, kind in sorted(kinds.items()) if kind in FIELD_KINDS
    )


def store_declared(
    client: SolrClient, collection: str, fields: Iterable[DeclaredField]
) -> tuple[DeclaredField, ...]:
    """Add ``fields`` to the collection's declarations; returns the new ones."""
    existing = load_declared(client, collection)
    added = new_declarations(existing, fields)
    if added:
        kinds = {field.name: field.kind for field in (*existing, *added)}
        client.get(
            "admin/collections",
            {
                "action": "COLLECTIONPROP",
                "name": collection,
                "propertyName": PROPERTY,
                "propertyValue": json.dumps(kinds, sort_keys=True),
            },
        )
    return added


@lru_cache(maxsize=32)
def parser_schema(declared: tuple[DeclaredField, ...]) -> Schema:
    """Our schema with the declared fields, for parsing queries (no index is opened)."""
    schema = build_schema()
    for field in declared:
        schema.add(field.internal, field_type(field.kind))
    return schema
