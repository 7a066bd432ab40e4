"""Batched, committed updates; our analysis overlaps Solr's indexing.

A run is bounded by our analysis rather than by Solr or the network: each batch
goes out as requests of :data:`REQUEST_DOCS` documents and is committed with its
last one, and while Solr indexes one request the next is already analysed (by
a sending thread in this process, or, for big runs with ``index_workers() > 1``,
by worker processes). Small runs (a first batch that is not full) stay in this
process: forking costs more than it saves.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from functools import partial
from typing import Any

from searchidx.backends.base import WriteOutcome
from searchidx.backends.solr.client import SolrClient
from searchidx.backends.solr.documents import solr_document
from searchidx.backends.whoosh.write_defaults import index_workers
from searchidx.features.fields import DeclaredField
from searchidx.models import Document

SolrDoc = dict[str, Any]
# Documents per update request: a few MB of pre-analyzed JSON, small enough for
# Solr to parse without a heap spike, big enough that requests cost nothing.
REQUEST_DOCS = 500


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
        """One whole batch, committed: requests of REQUEST_DOCS, the last one commits."""
        if not batch:
            return
        chunks = [
            batch[start : start + REQUEST_DOCS] for start in range(0, len(batch), REQUEST_DOCS)
        ]
        for number, chunk in enumerate(chunks, 1):
            self.send(chunk, commit=number == len(chunks))
        self.committed()

    def send(self, chunk: list[SolrDoc], *, commit: bool) -> None:
        """One update request (thread-safe to call from one sending thread)."""
        self.client.post_json(f"{self.collection}/update", chunk, {"commit": commit})
        self.written += len(chunk)

    def committed(self) -> None:
        """After a committing request: count it and tell the caller (its thread)."""
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
        _overlapped(writer, itertools.chain([first], batches))
        return WriteOutcome(writer.written, writer.commits, stop.stopped)
    context = multiprocessing.get_context("fork")  # workers inherit the loaded lexicon
    with ProcessPoolExecutor(index_workers(), mp_context=context) as pool:
        _pipeline(pool, writer, itertools.chain([first], batches))
    return WriteOutcome(writer.written, writer.commits, stop.stopped)


def _overlapped(writer: BatchWriter, batches: Iterator[list[Document]]) -> None:
    """Analyse request n+1 here while a thread sends request n (one in flight).

    Sending waits on the network and on Solr, which release the GIL; the
    commit at each batch's end is reported from this thread, in order.
    """
    with ThreadPoolExecutor(1, thread_name_prefix="solr-send") as sender:
        in_flight: Future[None] | None = None
        commit_pending = False
        for batch in batches:
            chunks = range(0, len(batch), REQUEST_DOCS)  # an empty batch sends nothing
            for start in chunks:
                chunk = batch[start : start + REQUEST_DOCS]
                analysed = [solr_document(doc, writer.declared) for doc in chunk]
                last = start == chunks[-1]
                if in_flight is not None:
                    in_flight.result()
                    if commit_pending:
                        writer.committed()
                in_flight = sender.submit(writer.send, analysed, commit=last)
                commit_pending = last
        if in_flight is not None:
            in_flight.result()
            if commit_pending:
                writer.committed()


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
