"""Shared fixtures: a real index over the bundled seeds, built once per session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from parity import BACKENDS, IndexFactory, ScratchCollections

from searchidx import Document, SearchIndex
from searchidx.backends.solr.client import SolrClient
from searchidx.backends.solr.collections import init_collection
from searchidx.backends.solr.launcher import LocalCloud
from searchidx.ingest import read_paths

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
ARTICLES = {
    "000": "000_1e0956a6660b6240",
    "001": "001_04400df533381831",
    "002": "002_bbcc458e986ba513",
    "003": "003_06d4ab0f82e766aa",
    "004": "004_83012bf74d01115b",
}


@pytest.fixture(scope="session")
def seed_index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seed-index") / "index"
    index, report = SearchIndex.build(path, [SEEDS])
    index.close()
    assert report.indexed == 21 and not report.skipped
    return path


@pytest.fixture()
def whoosh_seed_index(seed_index_path: Path) -> Iterator[SearchIndex]:
    """The Whoosh seed index, whatever backend a test runs on (the parity reference)."""
    with SearchIndex.open(seed_index_path) as index:
        yield index


# -- one test, both backends (tests/parity.py) ----------------------------------------


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test that uses ``backend`` (or a fixture built on it) runs on each backend.

    ``@pytest.mark.whoosh_only("reason")`` keeps a test on Whoosh alone.
    """
    if "backend" in metafunc.fixturenames:
        only = metafunc.definition.get_closest_marker("whoosh_only")
        names = ("whoosh",) if only else BACKENDS
        metafunc.parametrize("backend", names, indirect=True, scope="session", ids=names)


@pytest.fixture(scope="session")
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture(scope="session")
def seed_location(backend: str, request: pytest.FixtureRequest) -> str | Path:
    """The seed index on this backend: the Whoosh directory or solr:URL/news."""
    location: str | Path = request.getfixturevalue(
        "solr_news" if backend == "solr" else "seed_index_path"
    )
    return location


@pytest.fixture()
def seed_index(seed_location: str | Path) -> Iterator[SearchIndex]:
    with SearchIndex.open(seed_location) as index:
        yield index


@pytest.fixture(scope="session")
def solr_scratch(solr_cloud: LocalCloud) -> ScratchCollections:
    return ScratchCollections(solr_cloud.url)


def _factory(backend: str, directory: Path, request: pytest.FixtureRequest) -> IndexFactory:
    return IndexFactory(backend, directory, lambda: request.getfixturevalue("solr_scratch"))


@pytest.fixture()
def new_index(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[IndexFactory]:
    """``new_index()``: a fresh, empty index on this backend (as many as a test wants)."""
    factory = _factory(backend, tmp_path, request)
    yield factory
    factory.close()


@pytest.fixture(scope="module")
def new_module_index(
    backend: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[IndexFactory]:
    """``new_index`` for module-scoped fixtures (indexes several tests only read)."""
    factory = _factory(backend, tmp_path_factory.mktemp("indexes"), request)
    yield factory
    factory.close()


@pytest.fixture()
def seeds_copy(tmp_path: Path) -> Path:
    """A private copy of seeds/ (tests may add broken files beside it)."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def make_doc(doc_id: str, text: str, **fields: object) -> Document:
    values: dict[str, object] = {
        "type": "article",
        "title": f"Titel {doc_id}",
        "source": "Testquelle",
        "date": datetime(2024, 10, 1, 12, 0),
    }
    values.update(fields)
    return Document(id=doc_id, text=text, **values)  # type: ignore[arg-type]


def ids(results: object) -> list[str]:
    return [hit.id for hit in results.hits]  # type: ignore[attr-defined]


# -- the local SolrCloud (Solr backend tests) ---------------------------------------


@pytest.fixture(scope="session")
def solr_cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCloud]:
    """A real 2-node SolrCloud for the whole session; always stopped, also on failure."""
    directory = tmp_path_factory.mktemp("solr")
    cloud = LocalCloud.start(directory / "data", nodes=2, log=directory / "solr.log")
    try:
        yield cloud
    finally:
        cloud.stop()


@pytest.fixture(scope="session")
def solr_news(solr_cloud: LocalCloud) -> str:
    """The seeds in a 2-shard × 2-replica collection; its backend spec (solr:URL/news)."""
    client = SolrClient(solr_cloud.url)
    init_collection(client, "news", shards=2, replicas=2)
    location = f"solr:{solr_cloud.url}/news"
    documents = [item for item in read_paths([SEEDS]) if isinstance(item, Document)]
    with SearchIndex.open(location) as index:
        assert index.add(documents) == 21
    return location


def whoosh_postings(leaf: object, field: str, btext: bytes) -> list[tuple[int, float, list[int]]]:
    """One term's postings as Whoosh's own matcher reads them: (doc, weight, positions)."""
    matcher = leaf.postings(field, btext)  # type: ignore[attr-defined]
    found = []
    while matcher.is_active():
        positions = matcher.value_as("positions") if field in ("text", "title") else []
        found.append((matcher.id(), matcher.weight(), positions))
        matcher.next()
    return found
