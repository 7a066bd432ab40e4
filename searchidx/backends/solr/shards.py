"""Never silently incomplete: every read of a collection knows whether all its shards answered.

Solr fails a distributed request when a shard has no live replica ("no active
servers hosting shard") unless ``shards.tolerant=true`` is sent; then it answers
from the shards it reached and sets ``partialResults`` in the response header.
Every read of a :class:`searchidx.backends.solr.reader.SolrReader` goes through
a :class:`ShardGuard`:

* strict (the default): tolerance is never asked for. A failed request, or an
  answer flagged partial anyway, becomes :class:`ShardUnavailableError` naming
  the shards that the cluster state (CLUSTERSTATUS) shows without an active
  replica on a live node; other failures stay what they were.
* ``partial_ok``: searches and term lists go out with ``shards.tolerant=true``;
  an answer flagged partial records the missing shards in :attr:`ShardGuard.missing`.
"""

from __future__ import annotations

import contextlib
from typing import Any

from searchidx.backends.solr.client import Params, SolrClient
from searchidx.backends.solr.errors import SolrError
from searchidx.errors import ShardUnavailableError

# Handlers that merge per-shard answers and honour shards.tolerant.
TOLERANT_HANDLERS = ("/select", "/terms")
UNKNOWN = "unknown shard"  # Solr said partial but the cluster state names none (a race)


class ShardGuard(SolrClient):
    """A client for the reads of one collection that checks every answer for missing shards."""

    def __init__(self, client: SolrClient, collection: str, *, partial_ok: bool = False) -> None:
        super().__init__(client.base_url, client.timeout)
        self.plain = client
        self.collection = collection
        self.partial_ok = partial_ok
        self.missing: tuple[str, ...] = ()  # shards whose documents the answers lacked

    def tolerate(self, error: ShardUnavailableError) -> None:
        """Accept ``error`` as a gap in partial results, or raise it when they are not wanted."""
        if not self.partial_ok:
            raise error
        self.missing = tuple(sorted({*self.missing, *error.shards}))

    def _request(
        self, path: str, params: Params | None, data: bytes | None, content_type: str | None
    ) -> dict[str, Any]:
        tolerant = self.partial_ok and path.endswith(TOLERANT_HANDLERS)
        if tolerant:
            params = {**(params or {}), "shards.tolerant": True}
        try:
            answer = super()._request(path, params, data, content_type)
        except SolrError:
            missing = self._dead_or_none()
            if missing:
                raise unavailable(self.collection, missing) from None
            raise
        if answer.get("responseHeader", {}).get("partialResults"):
            # One cluster state lookup per reader (one request) is enough.
            known = self.missing or self._dead_or_none()
            gap = unavailable(self.collection, known or (UNKNOWN,))
            if not tolerant:
                raise gap
            self.tolerate(gap)
        return answer

    def _dead_or_none(self) -> tuple[str, ...]:
        """The dead shards, or none when the cluster state cannot be read either."""
        with contextlib.suppress(SolrError):
            return dead_shards(self.plain, self.collection)
        return ()


def dead_shards(client: SolrClient, collection: str) -> tuple[str, ...]:
    """Shards of ``collection`` without an active replica on a live node, by name."""
    status = client.get("admin/collections", {"action": "CLUSTERSTATUS", "collection": collection})
    cluster = status.get("cluster", {})
    live = set(cluster.get("live_nodes", []))
    shards = cluster.get("collections", {}).get(collection, {}).get("shards", {})
    return tuple(
        sorted(
            name
            for name, shard in shards.items()
            if not any(
                replica.get("state") == "active" and replica.get("node_name") in live
                for replica in shard.get("replicas", {}).values()
            )
        )
    )


def unavailable(collection: str, shards: tuple[str, ...]) -> ShardUnavailableError:
    names = ", ".join(shards)
    has = "has" if len(shards) == 1 else "have"
    return ShardUnavailableError(
        f"{'shard' if len(shards) == 1 else 'shards'} {names} of collection {collection} "
        f"{has} no live replica; results would miss {'its' if len(shards) == 1 else 'their'} "
        "documents",
        shards,
    )
