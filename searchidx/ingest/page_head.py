"""Finding the headline, dateline and byline at the top of a scraped page.

Above the article prose a flattened page carries chrome: the outlet's masthead,
a section label, an image caption. The general rules, in order:

* a first line equal to the outlet's name (known from the manifest) is the
  masthead;
* captions and credits (see :mod:`boilerplate`) are never the headline;
* if the comment widget names the article (``16 Kommentare auf "TITLE"``), the
  line holding that title is the headline and everything above it is chrome;
* otherwise the first remaining line is the headline, unless the next line is
  the same text, or the first line merely ends with it: then a section label was
  glued onto the headline (``NachrichtenNordkorea schickt ...``) or the headline
  is repeated, and the later, clean line is the headline;
* a trailing `` | Section`` (``... | Nachrichten zum Russland-Ukraine-Krieg``) is
  the site's section suffix, not part of the headline;
* right below the headline, a German dateline (``Freitag, 18. Oktober 2024 |
  18:18 Uhr``) and a byline (``Von: APA/dpa``) are metadata, not prose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from searchidx.ingest.boilerplate import is_furniture
from searchidx.ingest.dates import parse_german_dateline

# Headlines sit among the first few lines; beyond that we are in the prose.
_HEAD_WINDOW = 8
_MAX_HEADLINE_LENGTH = 300
_MAX_SECTION_SUFFIX_LENGTH = 60
# Dateline and byline may come in either order, possibly with separators between.
_MAX_METADATA_LINES = 4
_BYLINE = re.compile(r"Von(?P<colon>:?)\s+(?P<author>[^.!?:]{2,60})")
# Without a colon, "Von Anfang an" must not become an author: every word of a
# name (or agency, "APA/dpa") starts upper-case, apart from joining words.
_NAME_JOINERS = frozenset({"und", "von", "van", "de", "der", "zu"})


@dataclass(frozen=True)
class PageHead:
    """What the top of a page says, and where its body starts (a line index)."""

    title: str
    body_start: int
    date: datetime | None = None
    author: str | None = None


def parse_head(
    lines: Sequence[str], *, masthead: str | None = None, announced_title: str | None = None
) -> PageHead:
    """Read the head of ``lines`` (a page split into lines)."""
    candidates = _head_candidates(lines, masthead)
    found = _find_announced(lines, candidates, announced_title) if announced_title else None
    if found is None:
        found = _find_headline(lines, candidates)
    if found is None:
        return PageHead(title=announced_title or "", body_start=0)
    title, after = found
    date, author, body_start = _read_metadata(lines, after)
    return PageHead(title=announced_title or title, body_start=body_start, date=date, author=author)


def strip_section_suffix(line: str) -> str:
    """``Headline | Section`` -> ``Headline``; other lines unchanged."""
    headline, bar, section = line.strip().rpartition(" | ")
    if bar and headline.strip() and len(section) <= _MAX_SECTION_SUFFIX_LENGTH:
        return headline.strip()
    return line.strip()


def _head_candidates(lines: Sequence[str], masthead: str | None) -> list[int]:
    """Indices of the non-blank head lines that could be a headline."""
    non_blank = [index for index, line in enumerate(lines) if line.strip()][:_HEAD_WINDOW]
    if non_blank and masthead and lines[non_blank[0]].strip() == masthead.strip():
        non_blank = non_blank[1:]
    candidates: list[int] = []
    for position, index in enumerate(non_blank):
        line = lines[index].strip()
        adjacent_twin = any(
            abs(other - index) == 1 and lines[other].strip() == line
            for other in non_blank[max(0, position - 1) : position + 2]
        )
        if not adjacent_twin and not is_furniture(line):
            candidates.append(index)
    return candidates


def _find_announced(
    lines: Sequence[str], candidates: Sequence[int], title: str
) -> tuple[str, int] | None:
    for position, index in enumerate(candidates):
        line = strip_section_suffix(lines[index])
        if line == title or line.endswith(title):
            return title, _skip_repeat(lines, candidates, position, title)
    return None


def _find_headline(lines: Sequence[str], candidates: Sequence[int]) -> tuple[str, int] | None:
    if not candidates:
        return None
    first = lines[candidates[0]].strip()
    if len(candidates) > 1:
        second = lines[candidates[1]].strip()
        if _is_glued_or_repeated(first, second):
            return strip_section_suffix(second), candidates[1] + 1
    if len(first) > _MAX_HEADLINE_LENGTH:
        return None
    title = strip_section_suffix(first)
    return title, _skip_repeat(lines, candidates, 0, title)


def _skip_repeat(lines: Sequence[str], candidates: Sequence[int], position: int, title: str) -> int:
    """Index after the headline at ``candidates[position]`` and its repeat, if any."""
    after = candidates[position] + 1
    following = candidates[position + 1] if position + 1 < len(candidates) else None
    if following is not None and strip_section_suffix(lines[following]) == title:
        after = following + 1
    return after


def _read_metadata(lines: Sequence[str], start: int) -> tuple[datetime | None, str | None, int]:
    """Dateline and byline directly below the headline; returns the body start too."""
    date: datetime | None = None
    author: str | None = None
    index, seen = start, 0
    while index < len(lines) and seen < _MAX_METADATA_LINES:
        line = lines[index].strip()
        if not line:
            index += 1
            continue
        if date is None and (dated := parse_german_dateline(line)) is not None:
            date = dated
        elif author is None and (named := _byline_author(line)) is not None:
            author = named
        elif not is_furniture(line):
            break
        index += 1
        seen += 1
    return date, author, index


def _is_glued_or_repeated(first: str, second: str) -> bool:
    """Is ``first`` the headline ``second`` with (at most) a short label glued before it?"""
    label_length = len(first) - len(second)
    return (
        first.endswith(second)
        and label_length <= _MAX_SECTION_SUFFIX_LENGTH
        and len(second.split()) >= 2
        and len(second) <= _MAX_HEADLINE_LENGTH
    )


def _byline_author(line: str) -> str | None:
    match = _BYLINE.fullmatch(line)
    if match is None:
        return None
    author = match["author"].strip()
    words = [word for word in author.split() if word not in _NAME_JOINERS]
    if match["colon"] or (words and all(word[0].isupper() for word in words)):
        return author
    return None
