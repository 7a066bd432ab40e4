"""Single reader comments from an HTML page's comment section.

trafilatura finds a page's comments but hands them back as one run of
paragraphs, without telling where one comment ends or who wrote it. Comment
systems mark each comment up the same way, though (WordPress, Disqus exports,
most CMS themes): an element with id ``comment-N`` or class ``comment``,
holding an author (class ``fn``, ``author``, ``<cite>``), a ``<time
datetime>`` and the text (class ``comment-content``/``-text``; without one,
the element's text less its author, date, reply and vote chrome).
A reply is a comment inside another comment's element; it answers the
nearest enclosing comment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from lxml import html as lxml_html
from lxml.etree import ParserError, XPath

from searchidx.ingest.dates import parse_iso_datetime
from searchidx.ingest.html_text import element_text

_ITEMS = XPath(
    "//*[self::li or self::article or self::div]"
    "[re:test(@id, '^(?:div-)?comment-?[0-9]+$')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' comment ')]",
    namespaces={"re": "http://exslt.org/regular-expressions"},
)
_AUTHORS = (
    XPath(".//*[contains(concat(' ', normalize-space(@class), ' '), ' fn ')]"),
    XPath(".//cite"),
    XPath(".//*[contains(@class, 'author')]"),
)
_TIMES = XPath(".//time[@datetime]/@datetime")
_CONTENT = XPath(
    ".//*[re:test(@class, '(?:^|\\s)comment-?(?:content|text|body-text)(?:\\s|$)')]",
    namespaces={"re": "http://exslt.org/regular-expressions"},
)
_MAX_AUTHOR_CHARS = 80
# What surrounds a comment's text: author, time, reply and vote buttons, avatars.
_CHROME = XPath(
    ".//*[self::footer or self::header or self::time or self::img or self::button"
    " or re:test(@class, 'author|avatar|meta|date|reply|vote|share|says|fn', 'i')]",
    namespaces={"re": "http://exslt.org/regular-expressions"},
)


@dataclass(frozen=True)
class HtmlComment:
    """One comment; ``reply_to`` is the index of the comment it answers."""

    text: str
    author: str | None
    date: datetime | None
    reply_to: int | None


def find_comments(page: bytes) -> list[HtmlComment]:
    """The comments of a page in page order ([] when it has none we can separate)."""
    try:
        tree = lxml_html.fromstring(page)
    except (ParserError, ValueError):
        return []
    items = _ITEMS(tree)
    members = set(items)
    texts = {item: _own_text(item, members) for item in items}
    kept = [item for item in items if texts[item]]
    first_under = _first_comment_under(kept, members)
    comments = []
    for mine, item in enumerate(kept):
        comments.append(
            HtmlComment(
                text=texts[item],
                author=_author(item, members),
                date=_date(item),
                reply_to=_answered(item, mine, first_under, members),
            )
        )
    return comments


def _first_comment_under(
    kept: Sequence[lxml_html.HtmlElement], members: set[object]
) -> dict[object, int]:
    """For each comment element, the first kept comment at or inside it."""
    first: dict[object, int] = {}
    for index, item in enumerate(kept):
        for element in (item, *item.iterancestors()):
            if element in members:
                first.setdefault(element, index)
    return first


def _own_text(item: lxml_html.HtmlElement, members: set[object]) -> str:
    """The comment's text: its content element, else all of it but meta and replies."""
    contents = [node for node in _CONTENT(item) if _owner(node, members) is item]
    if contents:
        return element_text(contents[0], members)
    if any(_owner(node, members) is not item for node in _CONTENT(item)):
        return ""  # a wrapper whose comment sits in a nested element (WordPress's <li>)
    chrome = {node for node in _CHROME(item) if _owner(node, members) is item}
    return element_text(item, members | chrome)


def _author(item: lxml_html.HtmlElement, members: set[object]) -> str | None:
    for query in _AUTHORS:
        for node in query(item):
            if _owner(node, members) is item:
                name = " ".join(node.text_content().split())
                if 0 < len(name) <= _MAX_AUTHOR_CHARS:
                    return name
    return None


def _date(item: lxml_html.HtmlElement) -> datetime | None:
    for value in _TIMES(item):
        try:
            return parse_iso_datetime(str(value))
        except ValueError:
            continue
    return None


def _answered(
    item: lxml_html.HtmlElement, mine: int, first_under: dict[object, int], members: set[object]
) -> int | None:
    """The nearest enclosing comment that is not this one (its wrapper may be)."""
    for ancestor in item.iterancestors():
        first = first_under.get(ancestor) if ancestor in members else None
        if first is not None and first != mine:
            return first
    return None


def _owner(node: lxml_html.HtmlElement, members: set[object]) -> object:
    """The nearest comment element holding ``node`` (``node`` itself if it is one)."""
    for candidate in (node, *node.iterancestors()):
        if candidate in members:
            return candidate
    return None
