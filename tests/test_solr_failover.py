"""Failover on a real 2-node SolrCloud of its own, driven through `searchidx solr local`'s stdin.

The session cluster (conftest) stays untouched: this module starts its own
cluster as a subprocess of the CLI and stops and starts node 2 with the
one-line stdin protocol. Two collections live on it: ``failover`` (2 shards ×
2 replicas: either node alone serves every shard) and ``fragile`` (2 shards ×
1 replica: stopping node 2 leaves one shard without a live replica).
"""

from __future__ import annotations

import json
import re
import selectors
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from click.testing import CliRunner
from conftest import SEEDS, make_doc
from starlette.testclient import TestClient

from searchidx import Document, SearchIndex
from searchidx.backends.solr.client import SolrClient
from searchidx.backends.solr.collections import init_collection
from searchidx.backends.solr.launcher import URL_PREFIX, LocalCloud
from searchidx.backends.solr.shards import dead_shards
from searchidx.cli import cli
from searchidx.errors import ShardUnavailableError
from searchidx.ingest import read_paths
from searchidx.web import create_app

T = TypeVar("T")
START_SECONDS = 120.0  # a cold JVM on a busy 2-core machine
CATCH_UP_SECONDS = 60.0
QUERIES = ("Putin", "Soldat", "Russland OR Ukraine", '"Region Kursk"', "")
NEW_IDS = ("failover-1", "failover-2", "failover-3")


@dataclass(frozen=True)
class Cluster:
    cloud: LocalCloud
    client: SolrClient
    failover: str  # solr:URL/failover, 2 shards × 2 replicas
    fragile: str  # solr:URL/fragile, 2 shards × 1 replica


def _first_line(process: subprocess.Popen[str], timeout: float) -> str:
    """The launcher's first stdout line, or a clear failure after ``timeout`` seconds."""
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            process.kill()
            pytest.fail(f"`searchidx solr local` printed nothing within {timeout:g} s")
    return process.stdout.readline().strip()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    directory = tmp_path_factory.mktemp("failover")
    command = [str(Path(sys.executable).parent / "searchidx"), "solr", "local", "--nodes", "2"]
    with (directory / "solr.log").open("w") as log:
        process = subprocess.Popen(
            [*command, "--dir", str(directory / "data")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            bufsize=1,
        )
    cloud = LocalCloud(process, "")
    try:
        first = _first_line(process, START_SECONDS)
        assert first.startswith(URL_PREFIX), f"first line {first!r}; see {directory}/solr.log"
        cloud.url = first.removeprefix(URL_PREFIX)
        client = SolrClient(cloud.url)
        init_collection(client, "failover", shards=2, replicas=2)
        init_collection(client, "fragile", shards=2, replicas=1)
        documents = [item for item in read_paths([SEEDS]) if isinstance(item, Document)]
        specs = [f"solr:{cloud.url}/failover", f"solr:{cloud.url}/fragile"]
        for spec in specs:
            with SearchIndex.open(spec) as index:
                assert index.add(documents) == 21
        yield Cluster(cloud, client, *specs)
    finally:
        cloud.stop()


def _wait_for(what: str, check: Callable[[], T | None], seconds: float) -> T:
    """Poll ``check`` until it returns something; fail naming ``what`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    last: T | None = None
    while time.monotonic() < deadline:
        last = check()
        if last is not None:
            return last
        time.sleep(0.25)
    pytest.fail(f"{what} did not happen within {seconds:g} s")


def _snapshot(index: SearchIndex) -> dict[str, Any]:
    """What a user sees: totals, ids and facets of several queries, and a timeline."""
    seen: dict[str, Any] = {}
    for query in QUERIES:
        found = index.search(query, limit=100)
        assert not found.partial
        seen[query] = (found.total, sorted(hit.id for hit in found.hits), found.to_dict()["facets"])
    seen["timeline"] = [point.to_dict() for point in index.timeline("Putin", interval="day")]
    return seen


def _replicas(client: SolrClient, collection: str) -> dict[str, list[dict[str, Any]]]:
    status = client.get("admin/collections", {"action": "CLUSTERSTATUS", "collection": collection})
    shards = status["cluster"]["collections"][collection]["shards"]
    return {name: list(shard["replicas"].values()) for name, shard in shards.items()}


def _core_count(replica: dict[str, Any]) -> int:
    """Documents in one replica alone (distrib=false: no other core is asked)."""
    url = f"{replica['base_url']}/{replica['core']}/select?q=*:*&rows=0&distrib=false&wt=json"
    with urllib.request.urlopen(url, timeout=10) as answer:
        return int(json.load(answer)["response"]["numFound"])


def _caught_up(client: SolrClient, collection: str, total: int) -> dict[str, int] | None:
    """Per core counts once every replica is active and agrees with its shard's leader."""
    replicas = _replicas(client, collection)
    if any(r["state"] != "active" for rs in replicas.values() for r in rs):
        return None
    counts = {r["core"]: _core_count(r) for rs in replicas.values() for r in rs}
    per_shard = [{counts[r["core"]] for r in rs} for rs in replicas.values()]
    if any(len(values) != 1 for values in per_shard):
        return None  # a replica still lags its leader
    return counts if sum(values.pop() for values in per_shard) == total else None


def test_a_stopped_node_leaves_searches_complete_and_indexing_working(cluster: Cluster) -> None:
    cloud = cluster.cloud
    status = re.fullmatch(r"OK 1=up,(\d+) 2=up,(\d+)", cloud.send("status"))
    assert status, "status answers one line with every node up"
    with SearchIndex.open(cluster.failover) as index:
        before = _snapshot(index)
        assert before["Putin"][0] == 6 and before[""][0] == 21
        assert cloud.send("stop-node 2") == "OK node 2 down"
        try:
            assert cloud.send("stop-node 2") == "OK node 2 already down"
            assert cloud.send("status") == f"OK 1=up,{status[1]} 2=down,{status[2]}"
            assert dead_shards(cluster.client, "failover") == ()
            assert _snapshot(index) == before
            added = [make_doc(doc_id, "Die Zeppelinwerft meldet Rekord.") for doc_id in NEW_IDS]
            assert index.add(added) == 3
            found = index.search("Zeppelinwerft", limit=10)
            assert sorted(hit.id for hit in found.hits) == sorted(NEW_IDS) and not found.partial
        finally:
            started = cloud.send("start-node 2")
        assert started == f"OK node 2 up,{status[2]}"  # the same port: its URL stays valid
        assert cloud.send("status") == f"OK 1=up,{status[1]} 2=up,{status[2]}"
        counts = _wait_for(
            "every replica of 'failover' active with 24 documents (21 seeds + 3 added while "
            "node 2 was down)",
            lambda: _caught_up(cluster.client, "failover", 24),
            CATCH_UP_SECONDS,
        )
        assert len(counts) == 4  # 2 shards × 2 replicas, each asked alone
        after = index.search("Zeppelinwerft", limit=10)
        assert after.total == 3 and index.search("", limit=0).total == 24
        assert index.search("Putin", limit=100).total == before["Putin"][0]


@pytest.fixture(scope="module")
def node_2_down(cluster: Cluster) -> Iterator[str]:
    """Node 2 stopped; the name of the 'fragile' shard that lived only there."""
    node_2_port = cluster.cloud.send("status").split("2=up,")[-1]
    on_node_2 = [
        name
        for name, replicas in _replicas(cluster.client, "fragile").items()
        if all(f":{node_2_port}/" in replica["base_url"] for replica in replicas)
    ]
    assert len(on_node_2) == 1, "2 shards × 1 replica on 2 nodes: one shard per node"
    assert cluster.cloud.send("stop-node 2") == "OK node 2 down"
    yield on_node_2[0]
    assert re.fullmatch(r"OK node 2 up,\d+", cluster.cloud.send("start-node 2"))


def test_without_a_live_replica_the_python_api_fails_naming_the_shard(
    cluster: Cluster, node_2_down: str
) -> None:
    with SearchIndex.open(cluster.failover) as whole:
        complete = {hit.id for hit in whole.search("Putin", limit=100).hits}
        complete_all = {hit.id for hit in whole.search("", limit=100).hits}
    with SearchIndex.open(cluster.fragile) as index:
        attempts: dict[str, Callable[[], object]] = {
            "search": lambda: index.search("Putin"),
            "timeline": lambda: index.timeline("Putin"),
            "export": lambda: index.export("Putin"),
            "stream": lambda: index.iter_hits("Putin"),
            "stats": index.stats,
            "fingerprint": index.fingerprint,
        }
        for name, attempt in attempts.items():
            with pytest.raises(ShardUnavailableError) as failure:
                attempt()
            assert failure.value.shards == (node_2_down,), name
            message = str(failure.value)
            assert f"shard {node_2_down} of collection fragile has no live replica" in message
            assert "\n" not in message
        live = [r for rs in _replicas(cluster.client, "fragile").values() for r in rs]
        live_count = sum(_core_count(r) for r in live if f"_{node_2_down}_" not in r["core"])
        partial = index.search("", limit=100, partial_ok=True)  # every document it can reach
        assert partial.partial and 0 < partial.total == live_count < 21
        assert len(partial.hits) == partial.total
        assert sum(value.count for value in partial.facets["type"]) == partial.total
        reachable = sorted(hit.id for hit in partial.hits)[0]
        away = sorted(complete_all - {hit.id for hit in partial.hits})[0]
        # Solr's real-time get asks every shard, whichever holds the id.
        for doc_id in (reachable, away):
            with pytest.raises(ShardUnavailableError, match=f"shard {node_2_down} "):
                index.get(doc_id)
        with pytest.raises(ShardUnavailableError, match=f"shard {node_2_down} "):
            index.similar(reachable)
        putin = index.search("Putin", limit=100, partial_ok=True)
        assert putin.partial and {hit.id for hit in putin.hits} <= complete
        points = index.timeline("Putin", interval="day", partial_ok=True)
        assert points and all(point.partial for point in points)
        assert all(point.to_dict()["partial"] is True for point in points)
        assert sum(point.count for point in points) <= partial.total
        grouped = index.search("Putin", group="article", partial_ok=True)
        assert grouped.partial


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_without_a_live_replica_the_cli_fails_in_one_line_unless_partial_ok(
    cluster: Cluster, node_2_down: str
) -> None:
    backend = ("--backend", cluster.fragile)
    for command in (["search", "Putin"], ["timeline", "Putin"], ["export", "Putin"]):
        code, out, err = run(*command, *backend)
        assert code == 1 and out == "", command
        assert err.startswith(f"Error: shard {node_2_down} of collection fragile has no live")
        assert err.count("\n") == 1 and "Traceback" not in err
        assert ("--partial-ok" in err) == (command[0] != "export"), err
    code, out, err = run("search", "Putin", *backend, "--format", "json", "--partial-ok")
    assert code == 0 and json.loads(out)["partial"] is True
    assert err.startswith("warning: partial results")
    code, out, err = run("timeline", "Putin", *backend, "--format", "json", "--partial-ok")
    assert code == 0 and all(point["partial"] for point in json.loads(out))
    code, out, err = run("export", "Putin", *backend, "--partial-ok")
    assert code == 2 and "Error: an export is never partial" in err


def test_without_a_live_replica_http_answers_503_unless_partial_ok(
    cluster: Cluster, node_2_down: str
) -> None:
    with (
        SearchIndex.open(cluster.fragile) as index,
        TestClient(create_app(index), base_url="http://127.0.0.1") as api,
    ):
        for path in ("/search", "/timeline", "/export"):
            answer = api.get(path, params={"q": "Putin"})
            assert answer.status_code == 503, path
            error = answer.json()["error"]
            assert error["code"] == "shard_unavailable"
            assert f"shard {node_2_down} of collection fragile" in error["message"]
        body = api.get("/search", params={"q": "Putin", "partial_ok": "true"}).json()
        assert body["partial"] is True and body["total"] == len(body["hits"]) > 0
        points = api.get("/timeline", params={"q": "Putin", "partial_ok": "true"}).json()
        assert points and all(point["partial"] is True for point in points)
        refused = api.get("/export", params={"q": "Putin", "partial_ok": "true"})
        assert refused.status_code == 400 and "partial_ok" in refused.json()["error"]["message"]
