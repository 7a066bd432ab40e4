"""Visible text of an HTML element or fragment, one line per block element.

Used where trafilatura's page-level extraction does not apply: a feed entry's
summary or content, a single comment's element.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection

from lxml import html as lxml_html
from lxml.etree import ParserError

_BLOCKS = frozenset(
    {"p", "div", "br", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "tr"}
)
_INVISIBLE = frozenset({"script", "style", "template", "noscript"})
_SPACES = re.compile(r"[ \t\r\f\v\xa0]+")


def fragment_text(markup: str) -> str:
    """The text of an HTML fragment (plain text passes through, tidied)."""
    if "<" not in markup:
        return _tidy(html.unescape(markup))
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (ParserError, ValueError):
        return _tidy(markup)
    return element_text(root)


def element_text(node: lxml_html.HtmlElement, skip: Collection[object] = ()) -> str:
    """The text of ``node``; elements in ``skip`` (below it) are left out."""
    parts: list[str] = []

    def walk(element: lxml_html.HtmlElement) -> None:
        if element is not node and element in skip:
            return
        if not isinstance(element.tag, str) or element.tag in _INVISIBLE:
            return
        block = element.tag in _BLOCKS
        if block:
            parts.append("\n")
        parts.append(element.text or "")
        for child in element:
            walk(child)
            parts.append(child.tail or "")
        if block:
            parts.append("\n")

    walk(node)
    return _tidy("".join(parts))


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
