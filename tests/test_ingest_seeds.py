"""The five real scraped pages in seeds/, read through the public API."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from searchidx.ingest import read_paths, read_seed_file
from searchidx.ingest.dates import parse_relative_age
from searchidx.models import Document, Notice, Skipped

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
STEM_003 = "003_06d4ab0f82e766aa"

TITLES = {
    "000_1e0956a6660b6240": "Nordkorea schickt 3.000 Soldaten und Waffen zur Ukraine-Front",
    "001_04400df533381831": "Nordkorea schickt Soldaten nach Russland: Erfolg im Kampf um Kursk!",
    "002_bbcc458e986ba513": "Nordkoreanische Truppen kämpfen für Russland in der Ukraine: Seoul",
    STEM_003: "Nordkorea schickt Moskau laut Seoul 12.000 Soldaten",
    "004_83012bf74d01115b": "Nordkoreas Truppen unterstützen Russlands Krieg gegen die Ukraine",
}
BOILERPLATE = (
    "Bildquelle",
    "Für Sie ausgewählt",
    "Related News",
    "Quellen |",
    "---|",
    "wpDiscuz",
    "Hinterlasse",
    "Sortiert nach",
    "Kommentare auf",
    "(Archivbild)",
    "[File:",
    "•",
)
COMMENT_AUTHORS = [
    "Sosonadann",
    "N. G.",
    "ebbi",
    "Sosonadann",
    "N. G.",
    "nikname",
    "ebbi",
    "user6",
    "Doolin",
    "So ist das",
    "Oracle",
    "Look_at_Yourself",
    "Zugspitze947",
    "Goennenihrwichtigtuer",
    "DrBoazner",
    "machnefliege",
]
U, K, G = "Universalgelehrter", "Kinig", "Grünschnabel"
COMMENT_RANKS = [U, K, K, U, K, U, K, U, K, None, K, U, None, U, G, G]
PUBLISHED_003 = datetime(2024, 10, 18, 18, 18)
RETRIEVED_003 = datetime(2024, 11, 11, 11, 18)


def copy_seeds(target: Path, *stems: str, manifest: object = None) -> Path:
    """Copy seed pages (all if no stems) and a manifest (the real one if None)."""
    target.mkdir(parents=True, exist_ok=True)
    for page in sorted(SEEDS.glob("*.txt")):
        if not stems or page.stem in stems:
            shutil.copyfile(page, target / page.name)
    if manifest is None:
        shutil.copyfile(SEEDS / "manifest.json", target / "manifest.json")
    elif manifest is not False:
        (target / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> list[Document | Skipped | Notice]:
    return list(read_paths([copy_seeds(tmp_path_factory.mktemp("seeds"))]))


@pytest.fixture(scope="module")
def documents(records: list[Document | Skipped | Notice]) -> dict[str, Document]:
    return {record.id: record for record in records if isinstance(record, Document)}


@pytest.fixture(scope="module")
def comments(records: list[Document | Skipped | Notice]) -> list[Document]:
    return [r for r in records if isinstance(r, Document) and r.type == "comment"]


def test_every_seed_is_read_without_reports(records: list[Document | Skipped | Notice]) -> None:
    assert [r for r in records if not isinstance(r, Document)] == []
    assert [r.id for r in records if isinstance(r, Document) and r.type == "article"] == list(
        TITLES
    )
    assert len(records) == 5 + 16


@pytest.mark.parametrize(("stem", "title"), TITLES.items())
def test_titles_are_the_real_headlines(
    documents: dict[str, Document], stem: str, title: str
) -> None:
    assert documents[stem].title == title


@pytest.mark.parametrize("stem", TITLES)
def test_bodies_hold_no_boilerplate(documents: dict[str, Document], stem: str) -> None:
    body = documents[stem].text
    lines = body.split("\n")
    assert [marker for marker in BOILERPLATE if marker in body] == []
    assert [line for line in lines if line.strip() in {"-", "–"}] == []
    assert [a for a, b in pairwise(lines) if a and a == b] == []
    assert not body.startswith(TITLES[stem])
    assert TITLES[stem] not in lines
    assert body == body.strip() and "\n\n\n" not in body


def test_body_keeps_prose_and_subheadings(documents: dict[str, Document]) -> None:
    body_000 = documents["000_1e0956a6660b6240"].text
    assert body_000.startswith("Nordkorea hat mindestens 3.000 zusätzliche Soldaten")
    assert "\n\nAusbildung der Soldaten im Fernen Osten\n\n" in body_000
    assert body_000.endswith("der letztes Jahr unterzeichnet wurde.")
    assert "Verluste und Unterstützung" in documents["001_04400df533381831"].text
    assert "\n\nBindungen vertiefen\n\n" in documents["002_bbcc458e986ba513"].text


def test_known_author_line_is_dropped_from_body(documents: dict[str, Document]) -> None:
    article = documents["000_1e0956a6660b6240"]
    assert article.author == "Anna Wajs-Wiejacka"
    assert "Anna Wajs-Wiejacka" not in article.text


def test_bullets_keep_their_text(documents: dict[str, Document]) -> None:
    lines = documents["004_83012bf74d01115b"].text.split("\n")
    assert "Was müssen Sie wissen?" in lines
    assert any(line.startswith("Das US-Außenministerium äußerte Besorgnis") for line in lines)
    assert any(line.startswith("Ein Vertreter des Außenministeriums betonte") for line in lines)


def test_masthead_is_not_body(documents: dict[str, Document]) -> None:
    article = documents["002_bbcc458e986ba513"]
    assert article.source == "DayFR Deutsch"
    assert not article.text.startswith("DayFR")
    assert article.text.startswith("Nach Angaben des Verteidigungsministers von Seoul")


def test_dateline_and_byline_leave_the_body(documents: dict[str, Document]) -> None:
    article = documents[STEM_003]
    assert article.text.startswith("Nordkorea unterstützt laut südkoreanischen Angaben")
    for metadata in ("Freitag, 18. Oktober 2024", "18:18 Uhr", "Von: APA/dpa", "Archivbild"):
        assert metadata not in article.text
    assert article.text.endswith("durch einen Drittstaat beinhaltet.")


@pytest.mark.parametrize(
    ("stem", "source", "date", "author"),
    [
        ("000_1e0956a6660b6240", "unbekannt", datetime(2025, 3, 24), "Anna Wajs-Wiejacka"),
        ("001_04400df533381831", "unbekannt", datetime(2025, 4, 28), None),
        ("002_bbcc458e986ba513", "DayFR Deutsch", datetime(2024, 10, 8), None),
        (STEM_003, "Südtirol News", PUBLISHED_003, "APA/dpa"),
        ("004_83012bf74d01115b", "unbekannt", datetime(2025, 4, 29), None),
    ],
)
def test_article_metadata_comes_from_the_manifest(
    documents: dict[str, Document], stem: str, source: str, date: datetime, author: str | None
) -> None:
    article = documents[stem]
    assert (article.type, article.source, article.date, article.author) == (
        "article",
        source,
        date,
        author,
    )


def test_comments_are_all_there_in_page_order(comments: list[Document]) -> None:
    assert [c.author for c in comments] == COMMENT_AUTHORS
    assert [c.id for c in comments] == [f"{STEM_003}#c{n}" for n in range(1, 17)]
    assert [c.rank for c in comments] == COMMENT_RANKS
    assert {c.parent_id for c in comments} == {STEM_003}
    assert {c.title for c in comments} == {TITLES[STEM_003]}
    assert {c.source for c in comments} == {"Südtirol News"}


def test_comment_texts(comments: list[Document]) -> None:
    by_number = {n: c for n, c in enumerate(comments, start=1)}
    assert by_number[1].text.startswith("War so etwas gemeint")
    assert by_number[1].text.endswith("ohne innere Probleme zu bekommen!")
    assert by_number[4].text.startswith("@N.G.\nSo wars gemeint.")
    assert by_number[12].text == ""
    assert "arme Schlucker" in by_number[13].text
    assert by_number[13].text.endswith("🙁")
    assert by_number[16].text.startswith("kim die tage deiner dymnasie")
    assert all(c.text == c.text.strip() for c in comments)
    assert not any("Tage" in c.text.split("\n")[0] for c in comments if c.text)


def test_replies_point_at_the_named_earlier_comment(comments: list[Document]) -> None:
    replies = {c.id.split("#")[1]: (c.reply_to or "").split("#")[-1] for c in comments}
    assert {key: target for key, target in replies.items() if target} == {
        "c3": "c2",
        "c4": "c2",
        "c5": "c3",
        "c7": "c5",
    }


def test_comment_dates_are_derived_from_their_ages(
    comments: list[Document], documents: dict[str, Document]
) -> None:
    assert [c.extra["age"] for c in comments[:2]] == ["23 Tage 14 h", "23 Tage 12 h"]
    for comment in comments:
        age = parse_relative_age(comment.extra["age"])
        assert age is not None
        assert comment.date == RETRIEVED_003 - age
    assert comments[0].date == datetime(2024, 10, 18, 21, 18)
    oldest = min(c.date for c in comments if c.date is not None)
    assert oldest == documents[STEM_003].date == PUBLISHED_003
    assert comments[10].author == "Oracle" and comments[10].date == PUBLISHED_003


def test_retrieved_is_estimated_when_the_manifest_lacks_it(tmp_path: Path) -> None:
    manifest = {STEM_003: {"source": "Südtirol News", "date": "2024-10-18T18:18"}}
    page = copy_seeds(tmp_path, STEM_003, manifest=manifest) / f"{STEM_003}.txt"
    records = list(read_seed_file(page))
    article, *comments = records
    assert isinstance(article, Document)
    assert article.extra == {"retrieved": "2024-11-11T11:18:00", "retrieved_is_estimate": True}
    dates = [c.date for c in comments if isinstance(c, Document)]
    assert dates[0] == RETRIEVED_003 - timedelta(days=23, hours=14)
    assert min(d for d in dates if d is not None) == PUBLISHED_003


def test_page_facts_are_read_without_a_manifest(tmp_path: Path) -> None:
    page = copy_seeds(tmp_path, STEM_003, manifest=False) / f"{STEM_003}.txt"
    records = list(read_seed_file(page))
    article = records[0]
    assert isinstance(article, Document)
    assert article.title == TITLES[STEM_003]
    assert article.date == PUBLISHED_003  # from the dateline
    assert article.author == "APA/dpa"  # from the byline
    assert article.source == "unbekannt"
    assert len(records) == 17


def test_unknown_page_without_manifest_entry_gets_unknown_source(tmp_path: Path) -> None:
    copy_seeds(tmp_path, "002_bbcc458e986ba513")
    page = tmp_path / "999_neue_seite.txt"
    page.write_text(
        "Bundestag beschließt Haushalt für 2026\n\n"
        "Der Bundestag hat am Freitag den Haushalt beschlossen.\n\n"
        "Für Sie ausgewählt\nEin ganz anderer Artikel\n",
        encoding="utf-8",
    )
    [article] = list(read_seed_file(page))
    assert isinstance(article, Document)
    assert (article.id, article.source, article.date, article.author) == (
        "999_neue_seite",
        "unbekannt",
        None,
        None,
    )
    assert article.title == "Bundestag beschließt Haushalt für 2026"
    assert article.text == "Der Bundestag hat am Freitag den Haushalt beschlossen."


def test_repository_manifest_covers_every_seed_with_evidence() -> None:
    manifest = json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))
    entries = {stem: entry for stem, entry in manifest.items() if not stem.startswith("_")}
    assert sorted(entries) == sorted(TITLES)
    assert all(entry["evidence"].strip() for entry in entries.values())
    assert entries[STEM_003]["retrieved"] == "2024-11-11T11:18"
