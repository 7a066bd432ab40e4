"""The workers' segment writer writes the same segment files as Whoosh's writer."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEEDS, make_doc
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3FieldWriter
from whoosh.writing import SegmentWriter

from searchidx.backends.whoosh.indexing import document_fields
from searchidx.backends.whoosh.raw_postings import RAW_EXT
from searchidx.backends.whoosh.schema import build_schema
from searchidx.backends.whoosh.segment_writer import BatchSegmentWriter, FreshSegmentWriter
from searchidx.ingest.seeds import read_seed_file
from searchidx.models import Document

pytestmark = pytest.mark.whoosh_only("Whoosh segment files")


def documents() -> list[Document]:
    """The seeds, plus enough documents that common terms span several 128-posting blocks."""
    docs = [
        record
        for path in sorted(Path(SEEDS).glob("*.txt"))
        for record in read_seed_file(path)
        if isinstance(record, Document)
    ]
    words = ["Kursk", "Front", "Soldaten", "Drohnen", "Region", "Angriff"]
    for number in range(400):
        text = " ".join(words[(number * k) % len(words)] for k in range(1, 3 + number % 40))
        docs.append(make_doc(f"synthetic{number}", text, source=f"Quelle {number % 7}"))
    return docs


def write_index(folder: Path, writer_class: type, compound: bool = True) -> object:
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = writer_class(ix, _lk=False, compound=compound)
    for doc in documents():
        writer.add_document(**document_fields(doc))
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


def segment_files(folder: Path) -> dict[str, bytes]:
    """The segment's files by extension (their names carry a random segment id)."""
    return {
        path.suffix: path.read_bytes()
        for path in folder.iterdir()
        if path.name.startswith("MAIN_") and path.suffix != ".toc"
    }


def test_posting_and_term_files_are_byte_for_byte_whooshs(tmp_path: Path) -> None:
    write_index(tmp_path / "ours", FreshSegmentWriter, compound=False)
    write_index(tmp_path / "whoosh", SegmentWriter, compound=False)
    ours, whooshs = segment_files(tmp_path / "ours"), segment_files(tmp_path / "whoosh")
    assert {".pst", ".trm"} <= set(whooshs)
    assert ours.keys() == whooshs.keys() | {RAW_EXT}  # and our side file (raw_postings)
    for suffix in (".pst", ".trm"):
        assert ours[suffix] == whooshs[suffix], suffix


@pytest.mark.parametrize("writer_class", [FreshSegmentWriter, BatchSegmentWriter])
def test_postings_go_through_the_term_writer_not_whooshs_per_posting_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writer_class: type
) -> None:
    def per_posting(*args: object) -> None:
        raise AssertionError("Whoosh's per-posting writer was used")

    monkeypatch.setattr(W3FieldWriter, "add_postings", per_posting)
    ix = write_index(tmp_path / "ix", writer_class)
    with ix.reader() as reader:  # type: ignore[attr-defined]
        assert reader.doc_frequency("text", "kursk") > 128  # several blocks written


def test_it_refuses_to_merge(tmp_path: Path) -> None:
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    writer = FreshSegmentWriter(ix, _lk=False)
    with pytest.raises(TypeError):
        writer.add_reader(None)
    writer.cancel()


def merged_index(folder: Path, writer_class: type) -> object:
    """Two segments (the second with a deleted document) merged by a third commit."""
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    docs = documents()
    for part in (docs[: len(docs) // 2], docs[len(docs) // 2 : -5]):
        writer = SegmentWriter(ix, _lk=False)
        for doc in part:
            writer.add_document(**document_fields(doc))
        writer.commit(merge=False)
    writer = writer_class(ix, _lk=False, compound=False)
    writer.delete_by_term("id", docs[3].id)
    for doc in docs[-5:]:
        writer.add_document(**document_fields(doc))
    writer.commit(optimize=True)  # merges both older segments into the new one
    return whoosh_index.open_dir(str(folder))


def test_a_merging_commit_writes_whooshs_postings_and_files(tmp_path: Path) -> None:
    ours = merged_index(tmp_path / "ours", BatchSegmentWriter)
    whooshs = merged_index(tmp_path / "whoosh", SegmentWriter)
    assert len(ours.reader().segments()) == len(whooshs.reader().segments()) == 1  # type: ignore[attr-defined]
    assert everything(ours) == everything(whooshs)
    ours_files, whoosh_files = segment_files(tmp_path / "ours"), segment_files(tmp_path / "whoosh")
    for suffix in (".pst", ".trm"):
        assert ours_files[suffix] == whoosh_files[suffix], suffix
