"""Running the search tests on both backends: where each backend's index comes from.

The seed index exists once per backend (a Whoosh directory, the Solr ``news``
collection). Tests that index their own documents get fresh empty indexes from
an :class:`IndexFactory`: a Whoosh directory in tmp_path, or a scratch Solr
collection. Creating a collection costs seconds, so scratch collections are
reused: a test hands its collection back at teardown and the next test gets it
emptied (Solr turns a delete of ``*:*`` into Lucene's deleteAll, which drops the
segments, so no term statistics of earlier tests remain).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from searchidx import SearchIndex
from searchidx.backends.solr.client import SolrClient
from searchidx.backends.solr.collections import init_collection

BACKENDS = ("whoosh", "solr")
SOLR_PREFIX = "solr:"


def location_args(location: str | Path) -> list[str]:
    """The CLI options naming this index: ``--index DIR`` or ``--backend solr:URL``."""
    text = str(location)
    return ["--backend", text] if text.startswith(SOLR_PREFIX) else ["--index", text]


def is_solr(location: str | Path) -> bool:
    return str(location).startswith(SOLR_PREFIX)


class ScratchCollections:
    """Empty 2-shard collections on the test cluster, made once and reused."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.client = SolrClient(url)
        self.free: list[str] = []
        self.made = 0

    def take(self) -> str:
        """The location of an empty collection no other open fixture holds."""
        name = self.free.pop() if self.free else self._create()
        self.client.post_json(f"{name}/update", {"delete": {"query": "*:*"}}, {"commit": True})
        return f"{SOLR_PREFIX}{self.url}/{name}"

    def give_back(self, location: str) -> None:
        self.free.append(location.rpartition("/")[2])

    def _create(self) -> str:
        self.made += 1
        name = f"scratch{self.made}"
        # Two shards (as users run it), one replica each: replicas only cost time here.
        init_collection(self.client, name, shards=2, replicas=1)
        return name


class IndexFactory:
    """Fresh, empty indexes on one backend; everything it opened is closed at the end."""

    def __init__(
        self, backend: str, directory: Path, scratch: Callable[[], ScratchCollections]
    ) -> None:
        self.backend = backend
        self.directory = directory
        self.scratch = scratch
        self.opened: list[SearchIndex] = []
        self.taken: list[str] = []

    def __call__(self) -> SearchIndex:
        if self.backend == "solr":
            location = self.scratch().take()
            self.taken.append(location)
            index = SearchIndex.open(location)
        else:
            index = SearchIndex.create(self.directory / f"ix{len(self.opened)}")
        self.opened.append(index)
        return index

    def close(self) -> None:
        for index in self.opened:
            index.close()
        for location in self.taken:
            self.scratch().give_back(location)
