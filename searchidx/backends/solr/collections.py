"""Setting up a collection for searchidx (config set + collection), idempotently."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from searchidx.backends.solr.client import SolrClient
from searchidx.backends.solr.configset import CONFIGSET_NAME, SCHEMA_NAME, configset_zip
from searchidx.backends.solr.errors import CollectionVersionError, SolrError


@dataclass(frozen=True)
class CollectionSetup:
    """What ``init`` found or did."""

    collection: str
    configset: str
    created: bool
    shards: int
    replicas: int


def init_collection(
    client: SolrClient, collection: str, *, shards: int = 2, replicas: int = 2
) -> CollectionSetup:
    """Upload our config set (once) and create ``collection`` unless it exists.

    An existing collection is accepted only when it uses this version's config set.
    """
    require_cloud(client)
    if CONFIGSET_NAME not in _configsets(client):
        client.post_bytes(
            "admin/configs",
            configset_zip(),
            "application/octet-stream",
            {"action": "UPLOAD", "name": CONFIGSET_NAME},
        )
    existing = _collections(client)
    if collection in existing:
        state = existing[collection]
        check_configset(collection, str(state.get("configName", "")))
        shard_map: dict[str, dict[str, Any]] = state.get("shards", {})
        width = max((len(shard.get("replicas", {})) for shard in shard_map.values()), default=0)
        return CollectionSetup(collection, CONFIGSET_NAME, False, len(shard_map), width)
    client.get(
        "admin/collections",
        {
            "action": "CREATE",
            "name": collection,
            "numShards": shards,
            "replicationFactor": replicas,
            "collection.configName": CONFIGSET_NAME,
            "waitForFinalState": True,
        },
    )
    return CollectionSetup(collection, CONFIGSET_NAME, True, shards, replicas)


def require_cloud(client: SolrClient) -> None:
    info = client.get("admin/info/system")
    mode = info.get("mode")
    if mode != "solrcloud":
        raise SolrError(
            f"{client.base_url} is a Solr in {mode or 'unknown'} mode, not a SolrCloud",
            hint="searchidx needs SolrCloud (ZooKeeper); `searchidx solr local` starts one",
        )


def check_configset(collection: str, configset: str) -> None:
    if configset != CONFIGSET_NAME:
        raise CollectionVersionError(
            f"collection {collection!r} uses config set {configset!r}, "
            f"this searchidx needs {CONFIGSET_NAME!r} (another schema or analyzer version)"
        )


def check_schema(client: SolrClient, collection: str) -> None:
    """Refuse a collection whose schema another searchidx version wrote (or none did)."""
    try:
        name = client.get(f"{collection}/schema/name").get("name")
    except SolrError as error:
        if " 404 " in f" {error} ":
            raise SolrError(
                f"no collection {collection!r} at {client.base_url}",
                hint=f"create it with `searchidx solr init {client.base_url} "
                f"--collection {collection}`",
            ) from None
        raise
    if name != SCHEMA_NAME:
        raise CollectionVersionError(
            f"collection {collection!r} has schema {name!r}, "
            f"this searchidx needs {SCHEMA_NAME!r} (another schema or analyzer version)"
        )


def _configsets(client: SolrClient) -> list[str]:
    return [
        str(name) for name in client.get("admin/configs", {"action": "LIST"}).get("configSets", [])
    ]


def _collections(client: SolrClient) -> dict[str, dict[str, Any]]:
    status = client.get("admin/collections", {"action": "CLUSTERSTATUS"})
    found = status.get("cluster", {}).get("collections", {})
    return dict(found) if isinstance(found, dict) else {}
