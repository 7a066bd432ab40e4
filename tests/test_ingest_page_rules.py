"""The general page rules, on made-up pages in the outlets' templates (not the seeds)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from searchidx.ingest import read_seed_file
from searchidx.ingest.comments import parse_comments
from searchidx.ingest.dates import parse_german_dateline, parse_iso_datetime, parse_relative_age
from searchidx.ingest.manifest import EMPTY_ENTRY, ManifestEntry
from searchidx.ingest.seeds import parse_seed_page
from searchidx.models import Document, Notice, Skipped, wall_time

TEMPLATE_PAGE = """\
PolitikWahl in Sachsen: CDU knapp vorn

Wahl in Sachsen: CDU knapp vorn

Die CDU hat die Landtagswahl in Sachsen knapp gewonnen.

Wahlplakate in Dresden
Wahlplakate in Dresden
Bildquelle: © Imago | 2025 Foto Agentur
Max Beispiel

Die AfD landete auf dem zweiten Platz.
-
Was bedeutet das?

  • Eine Koalition wird schwierig.
  • Die SPD verliert.

Für Sie ausgewählt
Ein anderer Artikel
"""

WIDGET_PAGE = """\
Ein Bär im Vinschgau gesichtet (Symbolbild)

Bär im Vinschgau gesichtet

Montag, 3. März 2025 | 07:05 Uhr

Von: ansa

Ein Bär ist am Sonntag im Vinschgau gesichtet worden.

Kommentare

Hinterlasse einen Kommentar

3 Kommentare auf "Bär im Vinschgau gesichtet"

Sortiert nach:   neuste | älteste | Relevanz
Anna B.
Anna B.
Kinig
2 h

Endlich wieder Bären!

Anna
5 Std
Berta
Berta
Grünschnabel
1 Tag 2 h

@anna b. ganz deiner Meinung 😀

wpDiscuz
"""


def parse(text: str, entry: ManifestEntry = EMPTY_ENTRY) -> list[Document | Skipped | Notice]:
    return list(parse_seed_page(text, article_id="page", location="page.txt", entry=entry))


def test_template_rules_remove_furniture_and_keep_prose() -> None:
    [article] = parse(TEMPLATE_PAGE, ManifestEntry(author="Max Beispiel"))
    assert isinstance(article, Document)
    assert article.title == "Wahl in Sachsen: CDU knapp vorn"
    assert article.author == "Max Beispiel"
    assert article.text == (
        "Die CDU hat die Landtagswahl in Sachsen knapp gewonnen.\n\n"
        "Die AfD landete auf dem zweiten Platz.\n"
        "Was bedeutet das?\n\n"
        "Eine Koalition wird schwierig.\n"
        "Die SPD verliert."
    )


def test_widget_names_title_and_holds_comments() -> None:
    article, *comments = parse(WIDGET_PAGE)
    assert isinstance(article, Document)
    assert article.title == "Bär im Vinschgau gesichtet"
    assert article.date == datetime(2025, 3, 3, 7, 5)
    assert article.author == "ansa"
    assert article.text == "Ein Bär ist am Sonntag im Vinschgau gesichtet worden."
    assert [(c.author, c.rank, c.text) for c in comments if isinstance(c, Document)] == [
        ("Anna B.", "Kinig", "Endlich wieder Bären!"),
        ("Anna", None, ""),
        ("Berta", "Grünschnabel", "@anna b. ganz deiner Meinung 😀"),
    ]
    # "@anna b." names "Anna B.", not the more recent "Anna".
    assert [c.reply_to for c in comments if isinstance(c, Document)] == [None, None, "page#c1"]
    # retrieved is estimated as published + oldest age (1 Tag 2 h).
    assert article.extra["retrieved"] == "2025-03-04T09:05:00"


def test_announced_count_mismatch_is_a_notice() -> None:
    records = parse(WIDGET_PAGE.replace("3 Kommentare auf", "4 Kommentare auf"))
    notices = [r for r in records if isinstance(r, Notice)]
    assert [n.message for n in notices] == ["widget announces 4 comments, 3 found"]


def test_section_suffix_and_masthead_leave_the_title(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text('{"p": {"source": "Beispiel Blatt"}}', "utf-8")
    page = tmp_path / "p.txt"
    page.write_text("Beispiel Blatt\n\nZoll auf Stahl steigt | Wirtschaft\n\n-\n\nText.\n", "utf-8")
    [article] = list(read_seed_file(page))
    assert isinstance(article, Document)
    assert (article.title, article.text, article.source) == (
        "Zoll auf Stahl steigt",
        "Text.",
        "Beispiel Blatt",
    )


def test_table_block_is_dropped_but_pipes_in_prose_stay() -> None:
    page = "Titel der Meldung\nA | B ist ein Satz.\n\nDetails | |\n---|---|\nQuellen |\n"
    [article] = parse(page)
    assert isinstance(article, Document)
    assert article.text == "A | B ist ein Satz."


def test_page_without_prose_is_skipped() -> None:
    assert parse("Nur ein Titel\n\nFür Sie ausgewählt\n") == [
        Skipped("page.txt", "no article text found")
    ]


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_any_text_becomes_records_without_raising(text: str) -> None:
    records = parse(text)
    assert records, "every page yields a Document or a Skipped"
    assert all(isinstance(r, Document | Skipped | Notice) for r in records)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Freitag, 18. Oktober 2024 | 18:18 Uhr", datetime(2024, 10, 18, 18, 18)),
        ("18. Oktober 2024", datetime(2024, 10, 18)),
        ("3. Jänner 2025 um 9.30 Uhr", datetime(2025, 1, 3, 9, 30)),
        ("18.10.2024, 18:18", datetime(2024, 10, 18, 18, 18)),
        ("31. Februar 2024", None),
        ("Am 18. Oktober 2024 sagte er", None),
        ("18. Foobar 2024", None),
    ],
)
def test_german_datelines(line: str, expected: datetime | None) -> None:
    assert parse_german_dateline(line) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("23 Tage 14 h", timedelta(days=23, hours=14)),
        ("1 Tag", timedelta(days=1)),
        ("5 Std", timedelta(hours=5)),
        ("vor 10 Minuten", timedelta(minutes=10)),
        ("12 min", timedelta(minutes=12)),
        ("2 Wochen 3 Tage", timedelta(days=17)),
        ("1 Monat", timedelta(days=30)),
        ("2 Jahre", timedelta(days=730)),
        ("3 Welt Diktatur", None),
        ("Kinig", None),
        ("23", None),
    ],
)
def test_relative_ages(text: str, expected: timedelta | None) -> None:
    assert parse_relative_age(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-10-18", datetime(2024, 10, 18)),
        ("2024-10-18T18:18", datetime(2024, 10, 18, 18, 18)),
        (
            "2024-10-18T18:18:00+02:00",
            datetime(2024, 10, 18, 18, 18, tzinfo=timezone(timedelta(hours=2))),
        ),
        ("2024-10-18T23:30:00Z", datetime(2024, 10, 18, 23, 30, tzinfo=UTC)),
    ],
)
def test_iso_dates_keep_the_wall_time_and_offset(text: str, expected: datetime) -> None:
    parsed = parse_iso_datetime(text)
    assert parsed == expected and parsed.utcoffset() == expected.utcoffset()
    assert wall_time(parsed) == expected.replace(tzinfo=None)


def test_comment_header_only_starts_after_a_blank_line_or_a_header() -> None:
    lines = [
        "Anna",
        "2 h",
        "",
        "Ich sehe das anders.",
        "Zur Erinnerung, wie lange das schon geht:",
        "Krieg seit",
        "2 Jahre",
        "",
        "Berta",
        "Berta",
        "3 h",
        "Carla",
        "4 h",
    ]
    parsed = parse_comments(lines)
    assert [(c.author, c.text) for c in parsed] == [
        (
            "Anna",
            "Ich sehe das anders.\nZur Erinnerung, wie lange das schon geht:\nKrieg seit\n2 Jahre",
        ),
        ("Berta", ""),
        ("Carla", ""),
    ]
    assert [c.age for c in parsed] == [timedelta(hours=h) for h in (2, 3, 4)]
