"""General rules that tell page furniture from article prose in scraped text.

Scrapers flatten a page into lines; what is not prose follows a few patterns that
hold across the outlets we ingest, so we match patterns, never known sentences:

* two (or more) identical consecutive lines are an image's alt text plus its
  caption: both go;
* a line ending in a photo marker (``(Archivbild)``) or a bracketed credit
  (``[File: Reuters]``) is a caption, a line starting with ``Bildquelle:``,
  ``Foto:`` or ``©`` a credit;
* lines of only dashes, bullets or similar marks are separators;
* a flattened table (rows with ``|`` around a ``---|---`` rule) is a fact box or
  source list, not prose;
* "Für Sie ausgewählt" / "Related News" start the recommendation footer, so
  nothing after them belongs to the article;
* a line that only repeats the headline or the author's name is a teaser or a
  byline widget.

Bullets keep their text without the bullet mark, and runs of blank lines shrink
to one paragraph break.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_FOOTER = re.compile(r"(?:Für Sie ausgewählt|Related News)\s*:?", re.IGNORECASE)
_CREDIT = re.compile(r"(?:(?:Bildquelle|Bildnachweis|Fotoquelle|Fotos?)\s*:|©)", re.IGNORECASE)
_PHOTO_CAPTION = re.compile(
    r".*(?:\((?:Archiv|Symbol)?(?:bild|foto)\)"
    r"|\[(?:File|Foto|Photo|Bild|Datei)\s*:[^\]]*\])\s*",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"[-–—_*•·=~]+")
_TABLE_RULE = re.compile(r"\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?")
_BULLET = re.compile(r"^\s*[•·▪◦●]\s*")


def is_footer_marker(line: str) -> bool:
    """Does this line start the recommendation footer that ends an article?"""
    return _FOOTER.fullmatch(line.strip()) is not None


def is_credit(line: str) -> bool:
    """Is this line a photo credit (``Bildquelle: © ...``)?"""
    return _CREDIT.match(line.strip()) is not None


def is_photo_caption(line: str) -> bool:
    """Does this line end like a photo caption (``(Archivbild)``, ``[File: ...]``)?"""
    return _PHOTO_CAPTION.fullmatch(line.strip()) is not None


def is_separator(line: str) -> bool:
    """Is this line only a visual separator such as ``-``?"""
    return _SEPARATOR.fullmatch(line.strip()) is not None


def is_furniture(line: str) -> bool:
    """Is this single line a caption, credit or separator regardless of context?"""
    return is_credit(line) or is_photo_caption(line) or is_separator(line)


def find_footer(lines: Sequence[str], start: int = 0) -> int:
    """Index of the first footer marker at or after ``start`` (len(lines) if none)."""
    for index in range(start, len(lines)):
        if is_footer_marker(lines[index]):
            return index
    return len(lines)


def clean_body(lines: Sequence[str], *, title: str, author: str | None) -> str:
    """The article prose in ``lines``, furniture removed, paragraphs kept."""
    repeats = {title.strip()} | ({author.strip()} if author else set())
    kept: list[str] = []
    for line in _drop_caption_pairs(_drop_tables(lines)):
        text = _BULLET.sub("", line).strip()
        if text and (is_furniture(text) or text in repeats):
            continue
        kept.append(text)
    return _join_paragraphs(kept)


def _drop_tables(lines: Sequence[str]) -> list[str]:
    """Remove every block of ``|`` rows that contains a ``---|---`` rule."""
    drop: set[int] = set()
    for index, line in enumerate(lines):
        if "|" not in line or _TABLE_RULE.fullmatch(line.strip()) is None:
            continue
        first = index
        while first > 0 and "|" in lines[first - 1]:
            first -= 1
        last = index
        while last + 1 < len(lines) and "|" in lines[last + 1]:
            last += 1
        drop.update(range(first, last + 1))
    return [line for index, line in enumerate(lines) if index not in drop]


def _drop_caption_pairs(lines: Sequence[str]) -> list[str]:
    """Remove runs of two or more identical consecutive non-blank lines."""
    kept: list[str] = []
    index = 0
    while index < len(lines):
        end = index + 1
        while end < len(lines) and lines[end].strip() == lines[index].strip():
            end += 1
        if end - index == 1 or not lines[index].strip():
            kept.extend(lines[index:end])
        index = end
    return kept


def _join_paragraphs(lines: Iterable[str]) -> str:
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\n".join(block) for block in paragraphs if block)
