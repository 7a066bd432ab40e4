"""searchidx on SolrCloud as a relevance engine: the same API, another backend.

``--backend solr`` starts a local 2-node cluster for the run; ``--solr URL``
uses a running SolrCloud (``http://HOST:PORT/solr``). Each engine indexes the
bodies into its own collection (replaced if it exists) with our analysis, and
searches through ``SearchIndex.search`` exactly as the Whoosh engine does.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from benchmarks.relevance.ours import SearchidxEngine
from searchidx import Document, SearchIndex
from searchidx.backends.solr.client import SolrClient
from searchidx.backends.solr.collections import init_collection
from searchidx.backends.solr.errors import SolrError
from searchidx.backends.solr.launcher import LocalCloud


class SolrSearchidxEngine(SearchidxEngine):
    """``SearchIndex.search`` on a collection of ``shards`` shards (1 replica each);
    searching and closing are the Whoosh engine's own, only the index differs."""

    def __init__(self, name: str, base_url: str, shards: int) -> None:
        super().__init__(name)
        self.client = SolrClient(base_url)
        self.shards = shards
        self.collection = f"relevance_{shards}shard"

    def build(self, bodies: Sequence[str], workdir: Path) -> None:
        with contextlib.suppress(SolrError):  # a collection left by an earlier run
            self.client.get("admin/collections", {"action": "DELETE", "name": self.collection})
        init_collection(self.client, self.collection, shards=self.shards, replicas=1)
        self.index = SearchIndex.open(f"solr:{self.client.base_url}/{self.collection}")
        self.index.add(
            Document(id=str(number), type="article", text=body)
            for number, body in enumerate(bodies)
        )


def solr_engines(base_url: str) -> list[SolrSearchidxEngine]:
    """One shard (every score from one index) and two (distributed statistics)."""
    return [
        SolrSearchidxEngine("searchidx on Solr, 1 shard", base_url, 1),
        SolrSearchidxEngine("searchidx on Solr, 2 shards", base_url, 2),
    ]


@contextlib.contextmanager
def solr_url(url: str | None, start_local: bool) -> Iterator[str | None]:
    """The given URL, a local cluster's for the run, or None (Whoosh only)."""
    if url is not None or not start_local:
        yield url
        return
    with tempfile.TemporaryDirectory(prefix="searchidx-relevance-solr-") as tmp:
        log = Path(tmp) / "solr.log"
        with LocalCloud.start(Path(tmp) / "nodes", nodes=2, log=log) as cloud:
            yield cloud.url
