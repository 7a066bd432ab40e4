"""Reading the three kinds of time stamps ingest meets.

* ISO 8601 (JSON Lines records, the seed manifest): ``2024-10-18`` or
  ``2024-10-18T18:18:00+02:00``. Dates mean the outlet's local wall time: a
  value with a UTC offset keeps both (``18:18`` *and* ``+02:00``), so filters and
  month buckets see the time as written; naive values are kept as they are.
* German datelines on pages: ``Freitag, 18. Oktober 2024 | 18:18 Uhr``,
  ``18.10.2024, 18:18``.
* Relative comment ages from comment widgets: ``23 Tage 14 h``, ``vor 5 Minuten``.
  Months count as 30 days and years as 365: widgets round that coarsely anyway.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

_MONTHS = {
    "januar": 1,
    "jänner": 1,
    "februar": 2,
    "feber": 2,
    "märz": 3,
    "april": 4,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "dezember": 12,
}
_WEEKDAY = r"(?:(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag),?\s+)?"
_CLOCK = r"(?:\s*(?:\||,|–|-|um)?\s*(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:\s*Uhr)?)?"
_WORDED_DATE = re.compile(
    rf"{_WEEKDAY}(?P<day>\d{{1,2}})\.\s*(?P<month>[^\W\d_]+)\s+(?P<year>\d{{4}}){_CLOCK}",
    re.IGNORECASE,
)
_NUMERIC_DATE = re.compile(
    rf"{_WEEKDAY}(?P<day>\d{{1,2}})\.\s*(?P<month>\d{{1,2}})\.\s*(?P<year>\d{{4}}){_CLOCK}",
    re.IGNORECASE,
)

_AGE_UNITS = {
    "s": timedelta(seconds=1),
    "sek": timedelta(seconds=1),
    "sekunde": timedelta(seconds=1),
    "sekunden": timedelta(seconds=1),
    "min": timedelta(minutes=1),
    "minute": timedelta(minutes=1),
    "minuten": timedelta(minutes=1),
    "h": timedelta(hours=1),
    "std": timedelta(hours=1),
    "stunde": timedelta(hours=1),
    "stunden": timedelta(hours=1),
    "tag": timedelta(days=1),
    "tage": timedelta(days=1),
    "tagen": timedelta(days=1),
    "woche": timedelta(weeks=1),
    "wochen": timedelta(weeks=1),
    "monat": timedelta(days=30),
    "monate": timedelta(days=30),
    "monaten": timedelta(days=30),
    "jahr": timedelta(days=365),
    "jahre": timedelta(days=365),
    "jahren": timedelta(days=365),
}
_AGE_PART = r"\d+\s*[^\W\d_]+\.?"
_AGE = re.compile(rf"(?:vor\s+)?(?P<parts>{_AGE_PART}(?:\s*(?:,|und)?\s*{_AGE_PART})*)", re.I)
_AGE_PARTS = re.compile(r"(\d+)\s*([^\W\d_]+)")


def parse_iso_datetime(text: str) -> datetime:
    """Parse an ISO 8601 date or datetime; a UTC offset is kept (``Z`` is +00:00).

    Raises ValueError for anything else.
    """
    return datetime.fromisoformat(text.strip())


def optional_iso_datetime(text: str | None) -> datetime | None:
    """:func:`parse_iso_datetime` for a value that may be missing or unreadable (None)."""
    if not text:
        return None
    try:
        return parse_iso_datetime(text)
    except ValueError:
        return None


def parse_german_dateline(line: str) -> datetime | None:
    """The moment a German dateline line states, or None if the line is not one."""
    text = line.strip()
    match = _WORDED_DATE.fullmatch(text)
    if match is not None:
        month = _MONTHS.get(match["month"].lower())
    else:
        match = _NUMERIC_DATE.fullmatch(text)
        month = int(match["month"]) if match is not None else None
    if match is None or month is None:
        return None
    try:
        return datetime(
            int(match["year"]),
            month,
            int(match["day"]),
            int(match["hour"] or 0),
            int(match["minute"] or 0),
        )
    except ValueError:  # 31. Februar and friends: not a real dateline
        return None


def parse_relative_age(line: str) -> timedelta | None:
    """How long ago a widget's relative age (``23 Tage 14 h``) was, or None."""
    match = _AGE.fullmatch(line.strip())
    if match is None:
        return None
    age = timedelta()
    for amount, unit in _AGE_PARTS.findall(match["parts"]):
        step = _AGE_UNITS.get(unit.lower())
        if step is None:
            return None
        age += int(amount) * step
    return age
