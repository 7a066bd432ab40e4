"""``searchidx solr init`` against the real local SolrCloud (CliRunner)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

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
