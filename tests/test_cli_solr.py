"""``searchidx solr init`` against the real local SolrCloud (CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import SEEDS

from searchidx.backends.solr.client import SolrClient
from searchidx.backends.solr.configset import CONFIGSET_NAME, configset_zip
from searchidx.backends.solr.launcher import LocalCloud
from searchidx.cli import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_init_creates_the_collection_once_then_accepts_it(solr_cloud: LocalCloud) -> None:
    code, out, err = run(
        "solr", "init", solr_cloud.url, "--collection", "cli1", "--shards", "1", "--replicas", "1"
    )
    assert code == 0, err
    assert out == f"created collection cli1 (1 shards × 1 replicas, config set {CONFIGSET_NAME})\n"
    assert f"--backend solr:{solr_cloud.url}/cli1" in err
    code, out, _ = run("solr", "init", solr_cloud.url, "--collection", "cli1")
    assert code == 0
    assert out == f"collection cli1 already set up (config set {CONFIGSET_NAME})\n"


def test_init_refuses_a_collection_of_another_analyzer_version(solr_cloud: LocalCloud) -> None:
    client = SolrClient(solr_cloud.url)
    old = "searchidx-schema1-analyzer1"
    client.post_bytes(
        "admin/configs",
        configset_zip(),
        "application/octet-stream",
        {"action": "UPLOAD", "name": old},
    )
    client.get(
        "admin/collections",
        {"action": "CREATE", "name": "old1", "numShards": 1, "collection.configName": old},
    )
    code, _, err = run("solr", "init", solr_cloud.url, "--collection", "old1")
    assert code == 1
    assert err.startswith(f"Error: collection 'old1' uses config set '{old}'")
    assert "(hint: create a new collection" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://127.0.0.1:1/solr", "cannot connect to Solr at http://127.0.0.1:1/solr"),
        ("{solr}/../nosolr", "Solr answered 404"),
    ],
)
def test_init_explains_unreachable_or_wrong_urls(
    solr_cloud: LocalCloud, url: str, message: str
) -> None:
    code, _, err = run("solr", "init", url.format(solr=solr_cloud.url), "--collection", "x")
    assert code == 1
    assert err.startswith("Error: ") and message in err and err.count("\n") == 1


def test_the_solr_quick_path_gives_the_whoosh_json(
    solr_cloud: LocalCloud, seed_index_path: Path
) -> None:
    """solr init → index seeds/ → search Kursk --format json: Whoosh's JSON, scores aside."""
    backend = f"solr:{solr_cloud.url}/quick"
    assert run("solr", "init", solr_cloud.url, "--collection", "quick")[0] == 0
    code, out, err = run("index", str(SEEDS), "--backend", backend)
    assert code == 0, err
    assert out.startswith(f"Indexed 21 documents (5 articles, 16 comments) into {backend}")
    commands = [
        ["search", "Kursk", "--format", "json"],
        ["search", "Putin", "--type", "comment", "--format", "json"],
        ["stats", "--format", "json"],
        ["serve", "--get", "/search?q=Kursk"],  # the HTTP API, in-process
    ]
    for args in commands:
        code, solr_out, err = run(*args, "--backend", backend)
        assert code == 0, err
        _, whoosh_out, _ = run(*args, "--index", str(seed_index_path))
        assert without_scores(json.loads(solr_out)) == without_scores(json.loads(whoosh_out))


def without_scores(value: Any) -> Any:
    """Scores, paths and timings differ between backends by nature."""
    if isinstance(value, dict):
        skip = ("score", "path", "took_ms")
        return {k: without_scores(v) for k, v in value.items() if k not in skip}
    if isinstance(value, list):
        return [without_scores(item) for item in value]
    return value


def test_backend_errors_are_one_line(solr_cloud: LocalCloud) -> None:
    code, _, err = run("search", "Kursk", "--backend", f"solr:{solr_cloud.url}/nope")
    assert code == 1 and err.startswith("Error: no collection 'nope'") and err.count("\n") == 1
    code, _, err = run("search", "Kursk", "--backend", "http://example/solr/news")
    assert code == 2 and "write it as solr:http://HOST:PORT/solr/COLLECTION" in err
    code, _, err = run("index", "--rebuild", "--backend", f"solr:{solr_cloud.url}/quick")
    assert code == 2 and "--rebuild rebuilds an index directory" in err
