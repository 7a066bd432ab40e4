"""``searchidx solr …``: a local SolrCloud, and collections set up for our analysis."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click


@click.group()
def solr() -> None:
    """Run a local SolrCloud and set up collections for searchidx."""


@solr.command("local")
@click.option("--nodes", type=click.IntRange(1, 9), default=2, show_default=True)
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="An empty directory for the nodes' and ZooKeeper's data, kept afterwards "
    "(default: a temporary one, removed when the cluster stops).",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    show_default=True,
    help="Port of the first node (the others follow); 0 picks free ports.",
)
def local(nodes: int, directory: Path | None, port: int) -> None:
    """Start an N-node SolrCloud on 127.0.0.1 until stdin closes or Ctrl-C.

    Prints SOLR_URL=http://127.0.0.1:PORT/solr once every node is up. Then it
    reads one command per line (status, stop-node N, start-node N) and answers
    each with one line.
    """
    from searchidx.backends.solr import launcher  # only `solr` commands pay for it

    if directory is not None:
        launcher.require_empty(directory)
    if launcher.needs_build():
        launcher.build(notify=lambda line: click.echo(line, err=True))
    temporary = directory is None
    if directory is None:
        directory = Path(tempfile.mkdtemp(prefix="searchidx-solr-"))
    command = launcher.command(directory.resolve(), nodes, port, delete_on_exit=temporary)
    click.echo(f"starting {nodes} Solr nodes (data in {directory}/)…", err=True)
    # The launcher takes over this process: stdin, stdout and signals go straight to it.
    os.execv(command[0], command)


@solr.command("init")
@click.argument("url")
@click.option("--collection", required=True, help="Name of the collection to create or check.")
@click.option("--shards", type=click.IntRange(1, 64), default=2, show_default=True)
@click.option("--replicas", type=click.IntRange(1, 16), default=2, show_default=True)
def init(url: str, collection: str, shards: int, replicas: int) -> None:
    """Upload our config set to the SolrCloud at URL and create COLLECTION.

    URL is the Solr base (http://HOST:PORT/solr). Running it again is harmless;
    a collection made by another schema or analyzer version is refused.
    """
    from searchidx.backends.solr.client import SolrClient
    from searchidx.backends.solr.collections import init_collection

    client = SolrClient(url)
    setup = init_collection(client, collection, shards=shards, replicas=replicas)
    if setup.created:
        click.echo(
            f"created collection {setup.collection} ({setup.shards} shards × "
            f"{setup.replicas} replicas, config set {setup.configset})"
        )
    else:
        click.echo(f"collection {setup.collection} already set up (config set {setup.configset})")
    click.echo(f"use it with --backend solr:{client.base_url}/{setup.collection}", err=True)
