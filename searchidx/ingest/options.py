"""How a user asked for input to be read: format, CSV columns, progress, parents."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from searchidx.errors import InvalidFilterError
from searchidx.ingest.inherit import ParentLookup
from searchidx.ingest.sources import ByteMeter

# Everything `--format` accepts; `seed` is a scraped page flattened to text.
FORMATS = ("jsonl", "json", "csv", "html", "feed", "warc", "seed")
# The document fields a CSV column can fill (the rest become ``extra``).
DOCUMENT_FIELDS = frozenset(
    {"id", "type", "text", "title", "source", "date", "author", "parent_id", "url", "reply_to"}
    | {"rank"}
)


@dataclass(frozen=True)
class ReadOptions:
    """``format`` forces a reader for stdin and files named explicitly (not for
    directory walks, where extensions decide); ``csv_map`` maps document fields
    to CSV column names; ``meter`` counts the input bytes read; ``parents``
    finds already indexed articles for comments (see :mod:`inherit`)."""

    format: str | None = None
    csv_map: Mapping[str, str] = field(default_factory=dict)
    meter: ByteMeter = field(default_factory=ByteMeter, compare=False)
    parents: ParentLookup | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.format is not None and self.format not in FORMATS:
            raise InvalidFilterError(
                f"unknown input format {self.format!r}", hint="use one of " + ", ".join(FORMATS)
            )


def parse_csv_map(specs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``("title=headline,text=body", "date=published")`` -> ``{"title": "headline", …}``."""
    mapping: dict[str, str] = {}
    for spec in specs:
        for pair in filter(None, (part.strip() for part in spec.split(","))):
            field_name, equals, column = pair.partition("=")
            if not equals or not field_name.strip() or not column.strip():
                raise InvalidFilterError(
                    f"bad --csv-map entry {pair!r}", hint="write FIELD=COLUMN, e.g. title=headline"
                )
            if field_name.strip() not in DOCUMENT_FIELDS:
                raise InvalidFilterError(
                    f"--csv-map names no document field: {field_name.strip()!r}",
                    hint="fields are " + ", ".join(sorted(DOCUMENT_FIELDS)),
                )
            mapping[field_name.strip()] = column.strip()
    return mapping
