"""JSON Lines corpora: good records, every kind of bad line, extras and dates."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from searchidx.ingest import read_jsonl_file, read_paths
from searchidx.models import Document, Notice, Skipped

ARTICLE = {
    "id": "a1",
    "type": "article",
    "title": "Nordkorea schickt Soldaten",
    "text": "Pjöngjang entsendet Truppen.",
    "source": "Beispiel",
    "date": "2024-10-18T18:18:00",
    "author": "APA/dpa",
    "url": "https://example.org/a1",
}
COMMENT = {
    "id": "a1#c1",
    "type": "comment",
    "text": "Kanonenfutter.",
    "parent_id": "a1",
    "reply_to": None,
}


def _offset(hours: int) -> timezone:
    return timezone(timedelta(hours=hours))


def write_lines(tmp_path: Path, *lines: str, name: str = "corpus.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_good_records(tmp_path: Path) -> None:
    path = write_lines(tmp_path, json.dumps(ARTICLE), "", "   ", json.dumps(COMMENT))
    article, comment = list(read_jsonl_file(path))
    assert article == Document(
        id="a1",
        type="article",
        text="Pjöngjang entsendet Truppen.",
        title="Nordkorea schickt Soldaten",
        source="Beispiel",
        date=datetime(2024, 10, 18, 18, 18),
        author="APA/dpa",
        url="https://example.org/a1",
    )
    assert comment == Document(
        id="a1#c1", type="comment", text="Kanonenfutter.", title="", parent_id="a1"
    )
    assert comment.source == "unbekannt"


BAD_LINES = [
    ('{"id": "x", "type": "article",', "invalid JSON: "),
    ('["id", "x"]', "expected a JSON object, got an array"),
    ('"just text"', "expected a JSON object, got a string"),
    ('{"type": "comment", "text": "t"}', "missing required field 'id'"),
    ('{"id": 7, "type": "comment", "text": "t"}', "field 'id' must be a string, not a number"),
    ('{"id": " ", "type": "comment", "text": "t"}', "field 'id' must not be empty"),
    ('{"id": "x", "text": "t"}', "missing required field 'type'"),
    ('{"id": "x", "type": "blog", "text": "t"}', "field 'type' must be 'article' or 'comment'"),
    ('{"id": "x", "type": "comment"}', "missing required field 'text'"),
    ('{"id": "x", "type": "comment", "text": ["t"]}', "field 'text' must be a string, not an"),
    ('{"id": "x", "type": "article", "text": "t"}', "an article needs a 'title'"),
    ('{"id": "x", "type": "comment", "text": "t", "author": true}', "field 'author' must be"),
    ('{"id": "x", "type": "comment", "text": "t", "date": "18.10.2024"}', "unparsable date"),
    ('{"id": "x", "type": "comment", "text": "t", "date": 20241018}', "field 'date' must be"),
    ('{"id": "x", "type": "comment", "text": "t", "extra": [1]}', "field 'extra' must be an"),
]


@pytest.mark.parametrize(("bad_line", "reason"), BAD_LINES)
def test_bad_line_is_skipped_with_its_line_number(
    tmp_path: Path, bad_line: str, reason: str
) -> None:
    path = write_lines(tmp_path, json.dumps(ARTICLE), "", bad_line, json.dumps(COMMENT))
    records = list(read_jsonl_file(path))
    assert [type(r) for r in records] == [Document, Skipped, Document]
    skipped = records[1]
    assert isinstance(skipped, Skipped)
    assert skipped.location == f"{path}:3"
    assert skipped.reason.startswith(reason)


def test_unknown_keys_are_kept_in_extra(tmp_path: Path) -> None:
    record = {**COMMENT, "likes": 12, "tags": ["krieg"], "extra": {"age": "2 h"}}
    [comment] = list(read_jsonl_file(write_lines(tmp_path, json.dumps(record))))
    assert isinstance(comment, Document)
    assert comment.extra == {"age": "2 h", "likes": 12, "tags": ["krieg"]}


def test_to_dict_output_reads_back_unchanged(tmp_path: Path) -> None:
    original = Document(
        id="c9",
        type="comment",
        text="Text",
        title="Artikel",
        date=datetime(2024, 10, 19, 1, 18),
        author="ebbi",
        parent_id="a1",
        reply_to="c8",
        rank="Kinig",
        extra={"age": "23 Tage 10 h"},
    )
    path = write_lines(tmp_path, json.dumps(original.to_dict(), ensure_ascii=False))
    assert list(read_jsonl_file(path)) == [original]


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2024-10-18", datetime(2024, 10, 18)),
        ("2024-10-18T18:18", datetime(2024, 10, 18, 18, 18)),
        ("2024-10-18T18:18:00+02:00", datetime(2024, 10, 18, 18, 18, tzinfo=_offset(2))),
        ("2024-10-18T01:00:00-05:00", datetime(2024, 10, 18, 1, 0, tzinfo=_offset(-5))),
        ("2024-12-31T23:30:00Z", datetime(2024, 12, 31, 23, 30, tzinfo=UTC)),
    ],
)
def test_dates_keep_the_wall_time_and_offset_as_written(
    tmp_path: Path, date: str, expected: datetime
) -> None:
    [doc] = list(read_jsonl_file(write_lines(tmp_path, json.dumps({**COMMENT, "date": date}))))
    assert isinstance(doc, Document)
    assert doc.date == expected and doc.date.utcoffset() == expected.utcoffset()
    assert doc.to_dict()["date"] == expected.isoformat()


def test_duplicate_id_is_noticed_and_kept(tmp_path: Path) -> None:
    path = write_lines(tmp_path, json.dumps(COMMENT), json.dumps({**COMMENT, "text": "neu"}))
    records = list(read_jsonl_file(path))
    assert [type(r) for r in records] == [Document, Notice, Document]
    assert records[1] == Notice(f"{path}:2", "duplicate id 'a1#c1' (also on line 1)")


def test_crlf_and_windows_1252_corpus(tmp_path: Path) -> None:
    path = tmp_path / "legacy.ndjson"
    lines = [json.dumps({**COMMENT, "text": "Grüße"}, ensure_ascii=False), "{kaputt"]
    path.write_bytes("\r\n".join(lines).encode("windows-1252"))
    records = list(read_paths([path]))
    assert records[0] == Notice(str(path), "decoded as Windows-1252 (not valid UTF-8)")
    assert isinstance(records[1], Document) and records[1].text == "Grüße"
    assert isinstance(records[2], Skipped) and records[2].location == f"{path}:2"


def test_empty_corpus_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    assert list(read_jsonl_file(path)) == [Skipped(str(path), "empty file")]


def test_streamed_and_whole_file_reading_give_the_same_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from searchidx.ingest import decode

    lines = [
        '{"id": "a1", "type": "article", "title": "Kursk", "text": "Grüße aus Kursk"}',
        "kein JSON",
        "",
        '{"id": "a1", "type": "article", "title": "Wieder", "text": "doppelt"}\r',
        '{"id": "c1", "type": "comment", "parent_id": "a1", "text": "Kommentar"}',
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    whole = list(read_jsonl_file(path))
    monkeypatch.setattr(decode, "STREAM_MIN_BYTES", 0)
    assert decode.stream_lines(path) is not None
    assert list(read_jsonl_file(path)) == whole
    assert len(whole) == 5  # two documents, a skipped line, a duplicate notice, one more


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.org/a?b=c", True),
        ("http://example.org/", True),
        ("HTTPS://EXAMPLE.ORG/", True),
        ("javascript:alert(document.domain)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("file:///etc/passwd", False),
        ("vbscript:msgbox", False),
        ("//example.org/no-scheme", False),
        ("http:no-slashes", False),
    ],
)
def test_only_http_urls_are_kept(tmp_path: Path, url: str, kept: bool) -> None:
    records = list(read_jsonl_file(write_lines(tmp_path, json.dumps({**COMMENT, "url": url}))))
    [doc] = [record for record in records if isinstance(record, Document)]
    notes = [str(record) for record in records if isinstance(record, Notice)]
    assert doc.url == (url if kept else None)
    assert notes == (
        []
        if kept
        else [
            f"{tmp_path / 'corpus.jsonl'}:1: url of 'a1#c1' is not http(s); indexed without a url"
        ]
    )
