"""The workers' segment writer writes the same segment files as Whoosh's writer."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEEDS
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from searchidx.indexing import document_fields
from searchidx.ingest.seeds import read_seed_file
from searchidx.models import Document
from searchidx.schema import build_schema
from searchidx.segment_writer import FreshSegmentWriter


def write_index(folder: Path, writer_class: type) -> object:
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = writer_class(ix, _lk=False)
    for path in sorted(Path(SEEDS).glob("*.txt")):
        for record in read_seed_file(path):
            if isinstance(record, Document):
                writer.add_document(**document_fields(record))
    writer.commit()  # an empty index: nothing to merge
    return whoosh_index.open_dir(str(folder))


def everything(ix: object) -> list[object]:
    """Every posting with its weight and value, every length and stored record."""
    found: list[object] = []
    with ix.reader() as reader:  # type: ignore[attr-defined]
        for fieldname, btext in reader.all_terms():
            matcher = reader.postings(fieldname, btext)
            while matcher.is_active():
                found.append((fieldname, btext, matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            info = reader.term_info(fieldname, btext)
            found.append((info.min_length(), info.max_length(), info.max_weight()))
        for docnum in range(reader.doc_count_all()):
            found.append(reader.stored_fields(docnum))
            for fieldname in ("title", "text", "phonetic"):
                found.append(reader.doc_field_length(docnum, fieldname))
    return found


def test_segments_hold_the_same_postings_lengths_and_fields(tmp_path: Path) -> None:
    ours = everything(write_index(tmp_path / "ours", FreshSegmentWriter))
    whooshs = everything(write_index(tmp_path / "whoosh", SegmentWriter))
    assert len(ours) > 1000
    assert ours == whooshs


def test_it_refuses_to_merge(tmp_path: Path) -> None:
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    writer = FreshSegmentWriter(ix, _lk=False)
    with pytest.raises(TypeError):
        writer.add_reader(None)
    writer.cancel()
