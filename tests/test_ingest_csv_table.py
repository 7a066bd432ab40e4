"""CSV with a header row, column mapping and the export's own format."""

from __future__ import annotations

from pathlib import Path

from ingest_corpus import CSV_TEXT

from searchidx.ingest.csv_table import read_csv
from searchidx.ingest.sources import Source
from searchidx.models import Document, Notice, Skipped


def records(path: Path, mapping: dict[str, str] | None = None) -> list[object]:
    return list(read_csv(Source(path), mapping))


def test_mapped_columns_fill_fields_and_the_rest_is_extra(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(CSV_TEXT, encoding="utf-8")
    found = records(path, {"title": "headline", "text": "body", "date": "published"})
    docs = [r for r in found if isinstance(r, Document)]
    assert [d.id for d in docs] == ["c1", "c2"]
    assert docs[0].text == "Der Gemeinderat wählt\neinen neuen Präsidenten."  # quoted line break
    assert docs[0].date is not None and docs[0].date.day == 1
    assert docs[0].extra == {"section": "Politik"}


def test_missing_columns_skip_the_file_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(CSV_TEXT, encoding="utf-8")
    (skipped,) = records(path)
    assert isinstance(skipped, Skipped) and "--csv-map text=COLUMN,title=COLUMN" in skipped.reason
    assert "headline" in skipped.reason
    (wrong,) = records(path, {"title": "kopf"})
    assert isinstance(wrong, Skipped) and "kopf" in wrong.reason


def test_rows_without_ids_bad_rows_and_bad_dates(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_text(
        "title,text,date\nA,Erster Text,2025-01-01\nB,zu,viele,Zellen\nC,Dritter,gestern\n"
        "D,Vierter,\n",
        encoding="utf-8",
    )
    found = records(path)
    assert isinstance(found[0], Notice) and "FILESTEM-ROW" in found[0].message
    docs = {r.id: r for r in found if isinstance(r, Document)}
    assert set(docs) == {"liste-1", "liste-4"} and docs["liste-4"].date is None
    skipped = [r for r in found if isinstance(r, Skipped)]
    assert [s.location for s in skipped] == [f"{path}:3", f"{path}:4"]
    assert "4 cells" in skipped[0].reason and "unparsable date" in skipped[1].reason


def test_an_export_with_provenance_lines_drops_its_score(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "# query: Wahl\n# total: 1\nid,type,title,text,score,section\n"
        "w1,article,Wahl,Die Wahl ist geschlagen.,3.2,Politik\n",
        encoding="utf-8",
    )
    (doc,) = records(path)
    assert isinstance(doc, Document) and doc.extra == {"section": "Politik"}


def test_latin1_csv_is_decoded_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "alt.csv"
    path.write_bytes("title,text\nGrüße,Aus Köln.\n".encode("latin-1"))
    found = records(path)
    assert isinstance(found[0], Notice)
    assert [r.title for r in found if isinstance(r, Document)] == ["Grüße"]


def test_a_repeated_id_names_the_row_it_first_had(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_text("id,title,text\nx1,A,Erster\nx2,B,Zweiter\nx1,C,Dritter\n", "utf-8")
    notices = [r for r in records(path) if isinstance(r, Notice)]
    assert notices == [Notice(f"{path}:4", "duplicate id 'x1' (also in row 1)")]
