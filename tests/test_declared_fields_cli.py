"""Declared fields through the CLI: index --field, search --where/--facet/--fields (issue 16)."""

from __future__ import annotations

import csv
import io
import json
import uuid
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from declared_corpus import write_corpus
from ingest_corpus import build_corpus

from searchidx import SearchIndex
from searchidx.backends.solr.client import SolrClient
from searchidx.backends.solr.collections import init_collection
from searchidx.backends.solr.launcher import LocalCloud
from searchidx.backends.whoosh.schema import MARKER_FILE
from searchidx.cli import cli


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def search_json(index: Path, *args: str) -> dict[str, Any]:
    code, output = run("search", *args, "--format", "json", "--index", str(index))
    assert code == 0, output
    data: dict[str, Any] = json.loads(output)
    return data


def facet(data: dict[str, Any], name: str) -> dict[str, int]:
    return {value["value"]: value["count"] for value in data["facets"][name]}


def test_acceptance_the_mixed_corpus_facets_on_its_own_field_and_reindexes(
    tmp_path: Path,
) -> None:
    corpus = build_corpus(tmp_path / "corpus")  # page, feed, WARC, CSV, gzipped JSONL
    first = tmp_path / "ix"
    code, output = run("index", str(corpus), "--index", str(first), "--field", "section:keyword")
    assert code == 0, output
    found = search_json(first, "", "--facet", "section")
    assert list(found["facets"]) == ["section"]
    assert facet(found, "section") == {"Lokales": 1, "Politik": 1, "Verkehr": 1}

    exported = tmp_path / "all.jsonl"
    code, output = run(
        "export", "", "--format", "jsonl", "-o", str(exported), "--index", str(first)
    )
    assert code == 0, output
    meta = json.loads(exported.read_text(encoding="utf-8").splitlines()[0])["meta"]
    assert meta["fields"] == {"section": "keyword"}
    again = tmp_path / "again"
    code, output = run("index", str(exported), "--index", str(again), "--field", "section:keyword")
    assert code == 0 and "skipped" not in output, output
    with SearchIndex.open(first) as one, SearchIndex.open(again) as other:
        assert one.fingerprint() == other.fingerprint()
    assert facet(search_json(again, "", "--facet", "section"), "section") == facet(found, "section")


def test_where_query_fields_and_facets_on_the_command_line(tmp_path: Path) -> None:
    index = tmp_path / "ix"
    code, output = run(
        "index",
        str(write_corpus(tmp_path / "c")),
        "--index",
        str(index),
        "--field",
        "section:keyword",
        "--field",
        "words:numeric",
    )
    assert code == 0, output
    data = search_json(
        index, "Haushalt", "--where", "section=Wirtschaft", "--where", "words>=1000",
        "--fields", "title,section", "--fields", "words",
    )  # fmt: skip
    assert data["hits"] == [
        {"id": "w2", "title": "Börse im Aufwind", "section": "Wirtschaft", "words": "1200"}
    ]
    both = search_json(index, "section:Politik", "--facet", "source", "--facet", "section")
    assert list(both["facets"]) == ["source", "section"]
    assert facet(both, "section") == {"Politik": 2}
    code, output = run("search", "Haushalt", "--where", "section=Politik", "--index", str(index))
    assert code == 0 and "Wahl in Thüringen" in output
    code, output = run("get", "w2", "--format", "json", "--index", str(index))
    assert json.loads(output)["extra"]["rubric"] == {"name": "Märkte", "level": 2}
    code, output = run(
        "export", "", "--where", "section=Politik", "--format", "jsonl", "--index", str(index)
    )
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    assert lines[0]["meta"]["filters"] == {"where": ["section=Politik"]}
    assert sorted(line["id"] for line in lines[1:]) == ["p1", "p1#c1"]
    code, output = run(
        "timeline", "Haushalt", "--where", "words<500", "--format", "json", "--index", str(index)
    )
    assert code == 0 and sum(point["count"] for point in json.loads(output)) == 1, output


def test_fields_in_csv_jsonl_streams_and_the_table(tmp_path: Path) -> None:
    index = tmp_path / "ix"
    corpus = str(write_corpus(tmp_path / "c"))
    assert run("index", corpus, "--index", str(index), "--field", "section:keyword")[0] == 0
    where = ("--where", "section=Wirtschaft", "--sort", "date", "--index", str(index))
    code, output = run("search", "", *where, "--fields", "section,extra", "--format", "csv")
    assert code == 0, output
    rows = list(csv.DictReader(io.StringIO(output)))
    assert [list(row) for row in rows] == [["id", "section", "extra"]] * 2
    assert json.loads(rows[1]["extra"])["rubric"] == {"name": "Märkte", "level": 2}
    code, output = run("search", "", *where, "--all", "--fields", "section", "--format", "jsonl")
    assert [json.loads(line) for line in output.splitlines()] == [
        {"id": "w1", "section": "Wirtschaft"},
        {"id": "w2", "section": "Wirtschaft"},
    ]
    code, output = run("search", "Thüringen", "--fields", "section", "--index", str(index))
    assert code == 0 and "section: Politik" in output, output
    code, output = run("search", "Thüringen", "--format", "csv", "--index", str(index))
    assert output.splitlines()[0] == "id,type,parent_id,title,source,date,author,url,score,snippet"


def test_adding_a_field_to_an_existing_index_keeps_every_document(tmp_path: Path) -> None:
    index = tmp_path / "ix"
    corpus = write_corpus(tmp_path / "c")
    assert run("index", str(corpus), "--index", str(index), "--batch-size", "1")[0] == 0
    with SearchIndex.open(index) as opened:
        before = opened.fingerprint()
    other = tmp_path / "more.jsonl"
    record = {"id": "n1", "type": "article", "title": "Neu", "text": "Neu hier.", "lang": "en"}
    other.write_text(json.dumps(record) + "\n", encoding="utf-8")
    code, output = run(
        "index", str(other), "--index", str(index), "--field", "lang:keyword", "--batch-size", "1"
    )
    assert code == 0, output
    with SearchIndex.open(index) as opened:
        assert opened.stats().documents == 5
        # w1 came in before the declaration: it was indexed again, unchanged.
        assert [hit.id for hit in opened.search("", where=["lang=de"]).hits] == ["w1"]
        assert [hit.id for hit in opened.search("lang:en").hits] == ["n1"]
        opened.delete(["n1"])
        assert opened.fingerprint() == before


def test_rebuild_keeps_the_declared_fields(tmp_path: Path) -> None:
    index = tmp_path / "ix"
    corpus = write_corpus(tmp_path / "c")
    assert run("index", str(corpus), "--index", str(index), "--field", "section:keyword")[0] == 0
    code, output = run("index", str(corpus), "--index", str(index), "--rebuild")
    assert code == 0, output
    assert facet(search_json(index, "", "--facet", "section"), "section") == {
        "Politik": 2,
        "Wirtschaft": 2,
    }


def test_rebuild_replaces_an_index_of_another_version(tmp_path: Path) -> None:
    index = tmp_path / "ix"
    corpus = write_corpus(tmp_path / "c")
    assert run("index", str(corpus), "--index", str(index), "--field", "section:keyword")[0] == 0
    marker = json.loads((index / MARKER_FILE).read_text())
    (index / MARKER_FILE).write_text(json.dumps({**marker, "analyzer_version": -1}))
    code, output = run(
        "index", str(corpus), "--index", str(index), "--rebuild", "--field", "words:numeric"
    )
    assert code == 0, output
    with SearchIndex.open(index) as opened:  # the old declarations could not be read
        assert [str(field) for field in opened.declared_fields()] == ["words:numeric"]


def test_bad_declarations_and_names_are_one_line_errors(tmp_path: Path) -> None:
    index = tmp_path / "ix"
    corpus = str(write_corpus(tmp_path / "c"))
    for spec, expected in [
        ("section", "cannot read field declaration 'section'"),
        ("section:text", "cannot read field declaration"),
        ("title:keyword", "field name 'title' is built in"),
        ("sec-tion:keyword", "must be 1-40 letters or underscores"),
    ]:
        code, output = run("index", corpus, "--index", str(index), "--field", spec)
        assert code == 2 and expected in output and "Traceback" not in output, output
    assert not index.exists()  # refused before anything was created
    assert run("index", corpus, "--index", str(index), "--field", "section:keyword")[0] == 0
    for args, expected in [
        (("--facet", "rubric"), "unknown facet 'rubric'"),
        (("--fields", "title,rubrik"), "unknown field 'rubrik' for hits"),
        (("--where", "lang=de"), "unknown field 'lang' in condition"),
        (("--where", "section"), "cannot read condition 'section'"),
    ]:
        code, output = run("search", "Haushalt", *args, "--index", str(index))
        assert code != 0 and expected in output, output
        assert output.count("\n") <= 2 and "Traceback" not in output, output
    code, output = run("index", corpus, "--index", str(index), "--field", "section:numeric")
    assert code != 0 and "already declared as keyword" in output, output
    with SearchIndex.open(index) as opened:
        assert opened.stats().documents == 4  # nothing lost


def test_a_solr_collection_takes_declarations_from_the_command_line(
    solr_cloud: LocalCloud, tmp_path: Path
) -> None:
    name = f"declared_cli_{uuid.uuid4().hex[:8]}"
    init_collection(SolrClient(solr_cloud.url), name, shards=1, replicas=1)
    backend = ("--backend", f"solr:{solr_cloud.url}/{name}")
    corpus = str(write_corpus(tmp_path / "c"))
    code, output = run("index", corpus, *backend, "--field", "section:keyword")
    assert code == 0, output
    code, output = run("search", "Haushalt", *backend, "--facet", "section", "--format", "json")
    assert code == 0, output
    assert facet(json.loads(output), "section") == {"Politik": 2, "Wirtschaft": 2}
    code, output = run("search", "", *backend, "--where", "section=Politik", "--fields", "section")
    assert code == 0 and "section: Politik" in output, output
    code, output = run("index", corpus, *backend, "--field", "section:date")
    assert code != 0 and "already declared as keyword" in output, output
