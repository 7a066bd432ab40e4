"""`.json` files: arrays read element by element, or JSON Lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from searchidx.ingest import json_array
from searchidx.ingest.json_array import read_json
from searchidx.ingest.sources import Source
from searchidx.models import Document, Notice, Skipped


def article(doc_id: str) -> dict[str, str]:
    return {"id": doc_id, "type": "article", "title": "Titel", "text": "Ein Text."}


def test_array_and_json_lines_both_read(tmp_path: Path) -> None:
    array = tmp_path / "a.json"
    array.write_text(json.dumps([article("a1"), article("a2")], indent=2), encoding="utf-8")
    lines = tmp_path / "l.json"
    lines.write_text("\n".join(json.dumps(article(i)) for i in ("l1", "l2")), encoding="utf-8")
    assert [r.id for r in read_json(Source(array)) if isinstance(r, Document)] == ["a1", "a2"]
    assert [r.id for r in read_json(Source(lines)) if isinstance(r, Document)] == ["l1", "l2"]


def test_a_bad_element_is_skipped_and_a_broken_array_ends_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(
        '[{"id": "a1", "type": "article"}, ' + json.dumps(article("a2")) + ", {", "utf-8"
    )
    found = list(read_json(Source(path)))
    assert isinstance(found[0], Skipped) and found[0].location == f"{path}[0]"
    assert isinstance(found[1], Document) and found[1].id == "a2"
    assert isinstance(found[2], Skipped) and "rest of the file" in found[2].reason


def test_elements_span_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_array, "_CHUNK_CHARS", 7)  # elements cross chunk borders
    path = tmp_path / "a.json"
    docs = [article(f"id{n}") for n in range(20)]
    path.write_text(json.dumps([{"meta": {"total": 20}}, *docs]), encoding="utf-8")
    found = [r.id for r in read_json(Source(path)) if isinstance(r, Document)]
    assert found == [f"id{n}" for n in range(20)]


def test_a_repeated_id_names_the_element_it_first_was(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps([article("a1"), article("a2"), article("a1")]), "utf-8")
    notices = [r for r in read_json(Source(path)) if isinstance(r, Notice)]
    assert notices == [Notice(f"{path}[2]", "duplicate id 'a1' (also at [0])")]
