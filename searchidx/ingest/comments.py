"""Reading a flattened reader-comment widget (wpDiscuz and look-alikes).

The widget starts with lines such as ``Kommentare``, ``Hinterlasse einen
Kommentar``, ``16 Kommentare auf "TITLE"`` (which also names the article) and
``Sortiert nach: ...``, and ends with ``wpDiscuz``. Between them each comment is

* a header: the author's name, optionally the name again (avatar alt text),
  optionally a rank line (``Universalgelehrter``), then a relative age line
  (``23 Tage 14 h``);
* then the comment's text, up to the next header.

A header only starts at the top of the list, after a blank line, or directly
after another header: a comment whose text is empty is followed at once by the
next header, and it must stay a comment of its own rather than swallow or be
swallowed by its neighbour.

Replies are not nested in the flattened text; a reply starts with ``@name``.
We take it to answer the most recent earlier comment by that author, comparing
names without spaces and case (``@N.G.`` names ``N. G.``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from searchidx.ingest.dates import parse_relative_age

_WIDGET_HEADER = re.compile(
    r"Kommentare(?:\s*\(\d+\))?"
    r"|(?:Hinterlasse|Schreibe) einen Kommentar"
    r"|Sortiert nach:.*",
    re.IGNORECASE,
)
_ANNOUNCEMENT = re.compile(
    r"(?P<count>\d+)\s+Kommentare?\s+(?:auf|zu)\s+[\"„“”»«](?P<title>.+)[\"“”«»]",
    re.IGNORECASE,
)
_WIDGET_END = re.compile(r"wpDiscuz", re.IGNORECASE)
_MAX_NAME_LENGTH = 60
_MAX_RANK_LENGTH = 40


@dataclass(frozen=True)
class CommentWidget:
    """Where the widget sits in a page's lines, and what its header announces."""

    start: int
    end: int
    announced_title: str | None = None
    announced_count: int | None = None


@dataclass(frozen=True)
class ParsedComment:
    """One comment as the widget shows it; ``age`` is relative to the scrape."""

    author: str
    rank: str | None
    age_text: str
    age: timedelta
    text: str


@dataclass(frozen=True)
class _Header:
    author: str
    rank: str | None
    age_text: str
    age: timedelta


@dataclass
class _Draft:
    header: _Header
    lines: list[str] = field(default_factory=list)

    def finish(self) -> ParsedComment:
        header = self.header
        text = "\n".join(self.lines).strip("\n")
        return ParsedComment(header.author, header.rank, header.age_text, header.age, text)


def is_widget_line(line: str) -> bool:
    """Is this line part of the comment widget's chrome (not a comment)?"""
    text = line.strip()
    return any(pattern.fullmatch(text) for pattern in (_WIDGET_HEADER, _ANNOUNCEMENT, _WIDGET_END))


def find_comment_widget(lines: Sequence[str]) -> CommentWidget | None:
    """Locate the comment widget in a page's lines, or None if there is none."""
    start = next((i for i, line in enumerate(lines) if is_widget_line(line)), None)
    if start is None:
        return None
    end = next(
        (i for i in range(start, len(lines)) if _WIDGET_END.fullmatch(lines[i].strip())),
        len(lines),
    )
    for line in lines[start:end]:
        announced = _ANNOUNCEMENT.fullmatch(line.strip())
        if announced is not None:
            title = announced["title"].strip()
            return CommentWidget(start, end, title, int(announced["count"]))
    return CommentWidget(start, end)


def parse_comments(lines: Sequence[str]) -> list[ParsedComment]:
    """The comments in a widget's lines, in page order."""
    comments: list[ParsedComment] = []
    draft: _Draft | None = None
    header_allowed = True
    index = 0
    while index < len(lines):
        header = _match_header(lines, index) if header_allowed else None
        if header is not None:
            if draft is not None:
                comments.append(draft.finish())
            draft = _Draft(header[0])
            index = header[1]
            continue
        line = lines[index].rstrip()
        chrome = is_widget_line(line)
        header_allowed = not line.strip() or chrome
        if draft is not None and not chrome:
            draft.lines.append(line)
        index += 1
    if draft is not None:
        comments.append(draft.finish())
    return comments


def find_reply_targets(comments: Sequence[ParsedComment]) -> list[int | None]:
    """For each comment, the index of the earlier comment its ``@name`` answers."""
    return [_reply_target(comments, position) for position in range(len(comments))]


def _match_header(lines: Sequence[str], index: int) -> tuple[_Header, int] | None:
    """The comment header starting at ``lines[index]`` and the index after it, or None."""
    author = lines[index].strip()
    if not _could_be_name(author, _MAX_NAME_LENGTH):
        return None
    cursor = index + 1
    if cursor < len(lines) and lines[cursor].strip() == author:
        cursor += 1
    rank: str | None = None
    for rank_lines in (0, 1):
        age_index = cursor + rank_lines
        if age_index >= len(lines):
            return None
        if rank_lines:
            rank = lines[cursor].strip()
            if not _could_be_name(rank, _MAX_RANK_LENGTH):
                return None
        age_text = lines[age_index].strip()
        age = parse_relative_age(age_text)
        if age is not None:
            return _Header(author, rank, age_text, age), age_index + 1
    return None


def _could_be_name(line: str, max_length: int) -> bool:
    return (
        0 < len(line) <= max_length
        and not line.startswith("@")
        and parse_relative_age(line) is None
        and not is_widget_line(line)
    )


def _reply_target(comments: Sequence[ParsedComment], position: int) -> int | None:
    text = comments[position].text.lstrip()
    if not text.startswith("@"):
        return None
    earlier = range(position - 1, -1, -1)
    named = [index for index in earlier if _mentions(text, comments[index].author)]
    if not named:
        return None
    # "@Anna B." also begins like "@Anna": the longest name mentioned is meant.
    longest = max(len(_squeeze(comments[index].author)) for index in named)
    return next(i for i in named if len(_squeeze(comments[i].author)) == longest)


def _mentions(text: str, author: str) -> bool:
    """Does ``text`` start with ``@author`` (ignoring spaces and case)?"""
    name = r"\s*".join(re.escape(char) for char in _squeeze(author))
    return re.match(rf"@\s*{name}(?!\w)", text, re.IGNORECASE) is not None


def _squeeze(name: str) -> str:
    return "".join(name.split())
