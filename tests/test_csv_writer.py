"""CSV everywhere it is written: formulas neutralised, every row read back as written."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from parity import IndexFactory, location_args
from starlette.testclient import TestClient

from searchidx import SearchIndex
from searchidx.cli import cli
from searchidx.features.csv_writer import CsvLines, neutralised
from searchidx.web import create_app

AWKWARD = [
    "lone\rcarriage return",
    "line\nfeed",
    "windows\r\nline end",
    'say "hi", then leave',
    "tab\tinside",
    "emoji 🇩🇪 👩‍👩‍👧 ok",
    "trailing cr\r",
    "",
]
FORMULAS = ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tindented", "\rcr first"]


def read_back(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("value", FORMULAS)
def test_formula_starts_get_a_quote_mark(value: str) -> None:
    assert neutralised(value) == "'" + value
    assert neutralised(-2.5) == -2.5 and neutralised("Kursk = Front") == "Kursk = Front"


def test_every_awkward_cell_reads_back_unchanged() -> None:
    lines = CsvLines(("a", "b"), raw=True)
    rows = [{"a": value, "b": f"{value}|{n}"} for n, value in enumerate(AWKWARD + FORMULAS)]
    text = lines.header() + lines.rows(rows)
    assert read_back(text) == [["a", "b"], *([row["a"], row["b"]] for row in rows)]


def test_neutralised_cells_read_back_with_the_mark_only() -> None:
    lines = CsvLines(("a",))
    text = lines.header() + lines.rows({"a": value} for value in FORMULAS)
    assert [row[0] for row in read_back(text)[1:]] == ["'" + value for value in FORMULAS]


def test_a_provenance_line_never_splits_into_a_formula_cell() -> None:
    lines = CsvLines(("a",))
    assert lines.comment("total: 3") == "# total: 3\n"
    assert lines.comment('query: "Region Kursk"') == '# query: "Region Kursk"\n'
    for risky in ("query: a,=cmd", 'query: a, "@x"', "query: a\r\nb"):
        [[cell]] = read_back(lines.comment(risky))
        assert cell == f"# {risky}"


RECORDS = [
    {"id": f"d{n}", "type": "article", "title": title, "text": f"Kursk {text}", "source": source}
    | {"date": "2024-10-08"}
    for n, (title, text, source) in enumerate(
        zip(AWKWARD + FORMULAS, reversed(AWKWARD + FORMULAS), FORMULAS + AWKWARD, strict=True)
    )
]


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory: pytest.TempPathFactory, new_module_index: IndexFactory) -> str:
    """The records indexed by `searchidx index` on this backend; its location."""
    corpus = tmp_path_factory.mktemp("csv") / "hostile.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS))
    location = new_module_index().location
    result = CliRunner().invoke(cli, ["index", str(corpus), *location_args(location)])
    assert result.exit_code == 0, result.output
    return location


def cli_csv(index: str, *args: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(cli, [*args, *location_args(index)])
    assert result.exit_code == 0, result.output
    text = result.stdout_bytes.decode("utf-8")  # .stdout would turn \r\n into \n
    body = "".join(line for line in io.StringIO(text, newline="") if line[0] != "#")
    return list(csv.DictReader(io.StringIO(body, newline="")))


def by_id(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row["id"]: row for row in rows}


def expected(record: dict[str, str], name: str, *, raw: bool) -> str:
    """The cell a record's field must become (spelled out here, not via the module)."""
    value = record[name] if name != "source" or record[name] else "unbekannt"
    return "'" + value if not raw and value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@pytest.mark.parametrize("raw", [False, True])
def test_export_reads_back_as_the_records_neutralised_or_raw(hostile_index: str, raw: bool) -> None:
    flags = ["--raw-csv"] if raw else []
    rows = by_id(cli_csv(hostile_index, "export", "Kursk", "--format", "csv", *flags))
    assert len(rows) == len(RECORDS)
    for record in RECORDS:
        row = rows[record["id"]]
        for name in ("title", "text", "source"):
            assert row[name] == expected(record, name, raw=raw), (record["id"], name)


@pytest.mark.parametrize("raw", [False, True])
def test_search_csv_is_neutralised_unless_raw(hostile_index: str, raw: bool) -> None:
    flags = ["--raw-csv"] if raw else []
    for every in ([], ["--all"]):  # the paged and the streamed writer
        args = ["search", "Kursk", "--format", "csv", "--limit", "100", *every, *flags]
        rows = by_id(cli_csv(hostile_index, *args))
        for record in RECORDS:
            row = rows[record["id"]]
            assert row["title"] == expected(record, "title", raw=raw)
            assert row["source"] == expected(record, "source", raw=raw)


def test_timeline_csv_neutralises_outlet_names(hostile_index: str) -> None:
    rows = cli_csv(hostile_index, "timeline", "Kursk", "--by", "source", "--format", "csv")
    assert '\'=HYPERLINK("http://evil")' in {row["source"] for row in rows}
    raw = cli_csv(
        hostile_index, "timeline", "Kursk", "--by", "source", "--format", "csv", "--raw-csv"
    )
    assert '=HYPERLINK("http://evil")' in {row["source"] for row in raw}


def test_http_export_neutralises_and_raw_csv_true_keeps_the_bytes(hostile_index: str) -> None:
    with (
        SearchIndex.open(hostile_index) as index,
        TestClient(create_app(index), base_url="http://127.0.0.1") as client,
    ):
        safe = client.get("/export", params={"q": "Kursk", "format": "csv"})
        raw = client.get("/export", params={"q": "Kursk", "format": "csv", "raw_csv": "true"})
        bad = client.get("/export", params={"q": "Kursk", "raw_csv": "yes"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_parameter"
    for response, is_raw in ((safe, False), (raw, True)):
        assert response.status_code == 200
        lines = [line for line in io.StringIO(response.text, newline="") if line[0] != "#"]
        rows = by_id(list(csv.DictReader(io.StringIO("".join(lines), newline=""))))
        for record in RECORDS:
            assert rows[record["id"]]["title"] == expected(record, "title", raw=is_raw)
