"""Index creation, markers, versions, locking and the document <-> field mapping."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from conftest import make_doc
from parity import IndexFactory
from whoosh import index as whoosh_index
from whoosh.fields import TEXT, Schema

from searchidx import (
    IndexExistsError,
    IndexLockedError,
    IndexNotFoundError,
    IndexVersionError,
)
from searchidx.backends.whoosh.indexing import (
    add_documents,
    create_index,
    document_fields,
    open_index,
    stored_to_document,
)
from searchidx.backends.whoosh.schema import MARKER_FILE


def test_create_writes_marker_and_refuses_foreign_dirs(tmp_path: Path) -> None:
    create_index(tmp_path / "ix").close()
    marker = json.loads((tmp_path / "ix" / MARKER_FILE).read_text())
    assert marker["format"] == "searchidx-index"
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("private")
    with pytest.raises(IndexExistsError, match="not empty"):
        create_index(busy)
    placeholder = tmp_path / "placeholder"
    placeholder.mkdir()
    (placeholder / ".gitkeep").touch()
    create_index(placeholder).close()


def test_foreign_whoosh_index_is_refused(tmp_path: Path) -> None:
    whoosh_index.create_in(str(tmp_path), Schema(body=TEXT)).close()
    with pytest.raises(IndexNotFoundError, match="did not create"):
        open_index(tmp_path)


def test_version_mismatch_asks_for_rebuild(tmp_path: Path) -> None:
    create_index(tmp_path).close()
    marker = json.loads((tmp_path / MARKER_FILE).read_text())
    marker["analyzer_version"] = -1
    (tmp_path / MARKER_FILE).write_text(json.dumps(marker))
    with pytest.raises(IndexVersionError) as caught:
        open_index(tmp_path)
    assert "--rebuild" in (caught.value.hint or "")


def test_garbled_marker(tmp_path: Path) -> None:
    create_index(tmp_path).close()
    (tmp_path / MARKER_FILE).write_text("{nope")
    with pytest.raises(IndexNotFoundError, match="unreadable"):
        open_index(tmp_path)


def test_fields_roundtrip_and_comment_title_is_not_indexed() -> None:
    comment = make_doc(
        "a#c1",
        "Text",
        type="comment",
        parent_id="a",
        author="ebbi",
        reply_to="a#c0",
        rank="Kinig",
        extra={"age": "23 Tage 10 h"},
        date=datetime(2024, 10, 19, 4, 18),
    )
    fields = document_fields(comment)
    assert "title" not in fields and fields["parent_title"] == comment.title
    assert fields["month"] == "2024-10"
    assert stored_to_document(fields) == comment


def test_undated_document_has_no_date_fields() -> None:
    fields = document_fields(make_doc("x", "Text", date=None))
    assert "date" not in fields and "month" not in fields


def test_batches_commit_and_report_progress(tmp_path: Path) -> None:
    ix = create_index(tmp_path)
    seen: list[int] = []
    docs = (make_doc(f"d{n}", "Rakete") for n in range(25))
    assert add_documents(ix, docs, batch_size=10, on_commit=seen.append) == 25
    assert seen == [10, 20, 25]
    with ix.searcher() as searcher:
        assert searcher.doc_count() == 25


def test_second_writer_gets_a_clear_lock_error(tmp_path: Path) -> None:
    ix = create_index(tmp_path)
    holder = ix.writer()
    try:
        with pytest.raises(IndexLockedError, match="WRITELOCK"):
            add_documents(ix, [make_doc("a", "Text")], lock_timeout=0.2)
    finally:
        holder.cancel()
    assert add_documents(ix, [make_doc("a", "Text")]) == 1


def test_failed_batch_keeps_earlier_commits(new_index: IndexFactory) -> None:
    def docs() -> object:
        yield make_doc("ok", "Haubitze")
        raise RuntimeError("reader broke")

    with new_index() as index:
        index.add([make_doc("kept", "Panzer")])
        with pytest.raises(RuntimeError):
            index.add(docs())  # type: ignore[arg-type]
        assert index.stats().documents == 1
        assert index.search("Panzer").total == 1
