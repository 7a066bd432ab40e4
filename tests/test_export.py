"""Complete exports with provenance, and the content fingerprint."""

from __future__ import annotations

import csv
import io
import json
import shutil
import unicodedata
from pathlib import Path

import pytest
from conftest import make_doc
from parity import IndexFactory

from searchidx import Filters, SearchIndex
from searchidx.features.export import EXPORT_COLUMNS, iter_csv_lines, iter_jsonl_lines, json_line


def exported_csv(index: SearchIndex, query: str, **kwargs: object) -> tuple[list[str], list[dict]]:
    with index.export(query, **kwargs) as export:  # type: ignore[arg-type]
        text = "".join(iter_csv_lines(export, comments=True))
    comments = [line for line in text.splitlines() if line.startswith("# ")]
    body = "\n".join(line for line in text.splitlines() if not line.startswith("# "))
    return comments, list(csv.DictReader(io.StringIO(body)))


def test_csv_has_provenance_and_exactly_total_rows(seed_index: SearchIndex) -> None:
    comments, rows = exported_csv(seed_index, "Soldaten")
    total = seed_index.search("Soldaten").total
    assert len(rows) == total == 7
    keys = [line[2:].split(":", 1)[0] for line in comments]
    assert keys == ["query", "filters", "sort", "created", "total", "fingerprint", "index"]
    assert f"# total: {total}" in comments
    assert list(rows[0]) == list(EXPORT_COLUMNS)
    assert all(row["text"] for row in rows)  # whole documents, not snippets


def test_csv_starts_with_its_header_unless_comments_are_asked_for(
    seed_index: SearchIndex,
) -> None:
    with seed_index.export("Soldaten") as export:
        text = "".join(iter_csv_lines(export))
    assert text.splitlines()[0] == ",".join(EXPORT_COLUMNS)
    assert len(list(csv.DictReader(io.StringIO(text)))) == 7


def test_jsonl_line_escapes_what_line_readers_would_split_or_normalise() -> None:
    value = {"text": "a\u2028b\u2029c\x85d", "title": "Gru\u0308\u00dfe"}
    line = json_line(value)
    assert line.endswith("\n") and line.count("\n") == 1
    assert "\u2028" not in line and unicodedata.is_normalized("NFC", line)
    assert json.loads(line) == value
    assert json_line({"title": "Grüße"}) == '{"title": "Grüße"}\n'  # readable when safe


def test_jsonl_starts_with_meta(seed_index: SearchIndex) -> None:
    with seed_index.export("Soldaten", filters=Filters(types=("comment",))) as export:
        lines = [json.loads(line) for line in iter_jsonl_lines(export)]
    meta = lines[0]["meta"]
    expected = seed_index.search("Soldaten", filters=Filters(types=("comment",))).total
    assert meta["filters"] == {"types": ["comment"]} and meta["total"] == len(lines) - 1 == expected
    assert expected == 2
    assert all(row["type"] == "comment" for row in lines[1:])


def test_export_has_no_cap(new_index: IndexFactory) -> None:
    with new_index() as index:
        index.add(make_doc(f"d{n:05}", "Haubitze") for n in range(1500))
        _, rows = exported_csv(index, "Haubitze")
    assert len(rows) == 1500
    assert [row["id"] for row in rows] == sorted(row["id"] for row in rows)  # ties by id


def test_fingerprint_changes_exactly_when_content_changes(new_index: IndexFactory) -> None:
    with new_index() as index:
        index.add([make_doc("a", "Eins"), make_doc("b", "Zwei")])
        first = index.fingerprint()
        assert index.fingerprint() == first
        index.add([make_doc("a", "Eins")])  # same content again: same fingerprint
        assert index.fingerprint() == first
        index.add([make_doc("c", "Drei")])
        added = index.fingerprint()
        index.add([make_doc("c", "Drei, geändert")])
        changed = index.fingerprint()
    assert len({first, added, changed}) == 3
    assert all(len(digest) == 64 and int(digest, 16) >= 0 for digest in (first, added, changed))


def test_fingerprint_ignores_segment_layout(new_index: IndexFactory) -> None:
    docs = [make_doc(f"d{n}", f"Text {n}") for n in range(30)]
    with new_index() as one, new_index() as two:
        one.add(docs)
        two.add(docs, batch_size=7)  # several commits, several segments
        assert one.fingerprint() == two.fingerprint()


@pytest.mark.whoosh_only("copies an index directory")
def test_export_meta_matches_a_copy_of_the_index(seed_index_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(seed_index_path, copy)
    with SearchIndex.open(seed_index_path) as one, SearchIndex.open(copy) as two:
        assert one.fingerprint() == two.fingerprint()
