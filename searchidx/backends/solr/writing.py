"""Batched, committed updates; our analysis runs in worker processes for big runs.

While Solr ingests one batch, the workers already analyse the next, so a run
is bounded by our analysis rather than by the network. Small runs (a first
batch that is not full) stay in this process: forking costs more than it saves.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from functools import partial
from typing import Any

from searchidx.backends.base import WriteOutcome
from searchidx.backends.solr.client import SolrClient
from searchidx.backends.solr.documents import solr_document
from searchidx.backends.whoosh.indexing import index_workers
from searchidx.features.fields import DeclaredField
from searchidx.models import Document

SolrDoc = dict[str, Any]


class BatchWriter:
    """Posts analysed batches to one collection, each committed on its own."""

    def __init__(
        self,
        client: SolrClient,
        collection: str,
        on_commit: Callable[[int], None] | None,
        declared: tuple[DeclaredField, ...] = (),
    ) -> None:
        self.client = client
        self.collection = collection
        self.on_commit = on_commit
        self.declared = declared  # fields indexed from each document's extra
        self.written = 0
        self.commits = 0

    def post(self, batch: list[SolrDoc]) -> None:
        if not batch:
            return
        self.client.post_json(f"{self.collection}/update", batch, {"commit": True})
        self.written += len(batch)
        self.commits += 1
        if self.on_commit is not None:
            self.on_commit(self.written)


def write_documents(
    writer: BatchWriter,
    documents: Iterable[Document],
    batch_size: int,
    should_stop: Callable[[], bool] | None,
) -> WriteOutcome:
    stop = _Stop(should_stop)
    batches = _batches(documents, batch_size, stop)
    first = next(batches, [])
    if len(first) < batch_size or index_workers() < 2:
        for batch in itertools.chain([first], batches):
            writer.post([solr_document(doc, writer.declared) for doc in batch])
        return WriteOutcome(writer.written, writer.commits, stop.stopped)
    context = multiprocessing.get_context("fork")  # workers inherit the loaded lexicon
    with ProcessPoolExecutor(index_workers(), mp_context=context) as pool:
        _pipeline(pool, writer, itertools.chain([first], batches))
    return WriteOutcome(writer.written, writer.commits, stop.stopped)


def _pipeline(pool: Executor, writer: BatchWriter, batches: Iterator[list[Document]]) -> None:
    """Analyse batch n+1 in the workers while batch n is being posted."""
    pending: Iterator[SolrDoc] | None = None
    analyse = partial(solr_document, declared=writer.declared)
    for batch in batches:
        analysed = pool.map(analyse, batch, chunksize=max(1, len(batch) // 16))
        if pending is not None:
            writer.post(list(pending))
        pending = analysed
    if pending is not None:
        writer.post(list(pending))


class _Stop:
    def __init__(self, check: Callable[[], bool] | None) -> None:
        self.check = check
        self.stopped = False

    def __call__(self) -> bool:
        if self.check is not None and not self.stopped and self.check():
            self.stopped = True
        return self.stopped


def _batches(documents: Iterable[Document], size: int, stop: _Stop) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for doc in documents:
        batch.append(doc)
        if len(batch) >= size:
            yield batch
            batch = []
        if stop():
            break
    if batch:
        yield batch
