"""Snippets: the best passages of a hit with matches wrapped in ``<mark>``.

Snippets are HTML-safe (the document text is escaped, only ``<mark>`` is markup),
so the same string serves JSON consumers, the HTTP page and the terminal.
"""

from __future__ import annotations

import html
import re

from whoosh import highlight
from whoosh.searching import Hit as WhooshHit
from whoosh.searching import Results as WhooshResults

SNIPPET_CHARS = 240
SNIPPET_FRAGMENTS = 2
FRAGMENT_SEPARATOR = " … "
MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"
_MARK_RE = re.compile(f"{MARK_OPEN}(.*?){MARK_CLOSE}", re.DOTALL)


class MarkFormatter(highlight.HtmlFormatter):  # type: ignore[misc]
    """Wraps each match in a bare ``<mark>`` element (no classes)."""

    def __init__(self) -> None:
        super().__init__(tagname="mark", between=FRAGMENT_SEPARATOR)

    def format_token(self, text: str, token: object, replace: bool = False) -> str:
        matched = highlight.get_text(text, token, replace)
        return f"{MARK_OPEN}{html.escape(matched, quote=False)}{MARK_CLOSE}"


def configure(results: WhooshResults) -> None:
    """Make Whoosh's highlighter produce our snippets, on texts of any length."""
    # charlimit=None: Whoosh otherwise stops looking for matches after 32K characters.
    results.fragmenter = highlight.ContextFragmenter(
        maxchars=SNIPPET_CHARS, surround=60, charlimit=None
    )
    results.formatter = MarkFormatter()


def snippet(hit: WhooshHit, text: str) -> str:
    """The marked best passages of ``text`` for ``hit``, or its opening if nothing matched."""
    if text:
        marked: str = hit.highlights("text", text=text, top=SNIPPET_FRAGMENTS)
        if marked:
            return " ".join(marked.split())  # paragraph breaks would read as gaps
    return leading_snippet(text)


def leading_snippet(text: str, maxchars: int = SNIPPET_CHARS) -> str:
    """The opening of ``text``, cut at a word boundary, HTML-escaped."""
    flat = " ".join(text.split())
    if len(flat) > maxchars:
        flat = flat[:maxchars].rsplit(" ", 1)[0] + " …"
    return html.escape(flat, quote=False)


def to_terminal(marked: str, start: str, end: str) -> str:
    """Replace ``<mark>`` with terminal styling and undo the HTML escaping."""
    return html.unescape(_MARK_RE.sub(lambda match: f"{start}{match.group(1)}{end}", marked))
