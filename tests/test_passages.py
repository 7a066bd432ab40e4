"""The lean passage path gives exactly what Whoosh's fragmenter, scorer and formatter gave.

The reference below is the highlighter's former Whoosh pipeline, kept here as the
oracle: ``PinpointFragmenter`` (trimmed at spaces but not at the text's ends),
``top_fragments`` with ``BasicFragmentScorer`` and ``FIRST``, overlapping passages
joined, ``HtmlFormatter`` writing bare ``<mark>``.
"""

from __future__ import annotations

import html
import random
from collections.abc import Sequence
from typing import Any

import pytest
from whoosh import highlight

from searchidx.features.highlight import FRAGMENT_SEPARATOR, SNIPPET_FRAGMENTS
from searchidx.features.passages import marked_passages


class _Match:
    __slots__ = ("endchar", "startchar")
    boost = 1.0
    matched = True

    def __init__(self, startchar: int, endchar: int) -> None:
        self.startchar = startchar
        self.endchar = endchar


class _WordFragmenter(highlight.PinpointFragmenter):  # type: ignore[misc]
    @staticmethod
    def _autotrim(fragment: Any) -> None:
        text, start, end = fragment.text, fragment.startchar, fragment.endchar
        if start > 0:
            space = text.find(" ", start, end)
            start = space + 1 if space >= 0 else start
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > 0 else end
        if fragment.matches:
            start = min(start, fragment.matches[0].startchar)
            end = max(end, fragment.matches[-1].endchar)
        fragment.startchar, fragment.endchar = start, end


class _MarkFormatter(highlight.HtmlFormatter):  # type: ignore[misc]
    def _text(self, text: str) -> str:
        return html.escape(text)

    def format_token(self, text: str, token: object, replace: bool = False) -> str:
        return f"<mark>{html.escape(highlight.get_text(text, token, replace))}</mark>"


def _without_overlaps(fragments: Sequence[Any]) -> list[Any]:
    joined: list[Any] = []
    for fragment in sorted(fragments, key=lambda f: f.startchar):
        previous = joined[-1] if joined else None
        if previous is not None and fragment.startchar <= previous.endchar:
            end = max(previous.endchar, fragment.endchar)
            matches = sorted({*previous.matches, *fragment.matches}, key=lambda t: t.startchar)
            joined[-1] = highlight.Fragment(fragment.text, matches, previous.startchar, end)
        else:
            joined.append(fragment)
    return joined


def whoosh_passages(text: str, spans: Sequence[tuple[int, int]]) -> str:
    fragmenter = _WordFragmenter(maxchars=240, surround=60, autotrim=True, charlimit=None)
    fragments = highlight.top_fragments(
        fragmenter.fragment_matches(text, [_Match(s, e) for s, e in spans]),
        SNIPPET_FRAGMENTS,
        highlight.BasicFragmentScorer(),
        highlight.FIRST,
    )
    formatter = _MarkFormatter(tagname="mark", between=FRAGMENT_SEPARATOR)
    return str(formatter.format(_without_overlaps(fragments)))


def _ours(text: str, spans: Sequence[tuple[int, int]]) -> str:
    return marked_passages(text, spans, SNIPPET_FRAGMENTS, FRAGMENT_SEPARATOR)


def _random_spans(rng: random.Random, length: int) -> list[tuple[int, int]]:
    """Sorted disjoint spans (start after the previous end), short and sometimes long."""
    spans: list[tuple[int, int]] = []
    at = rng.randint(0, 80)
    while at < length:
        end = min(length, at + rng.choice([1, 3, 6, 9, 14, 40, 150, 300]))
        spans.append((at, end))
        at = end + rng.choice([1, 2, 5, 20, 45, 61, 70, 120, 239, 400])
    return spans


def _random_text(rng: random.Random) -> str:
    words = ["Kursk", "Region", "<b>", "a&b", '"Zitat"', "Straße", "x", "Nordkorea-Soldaten"]
    separators = [" ", " ", " ", "\n\n", ", ", "-", "  "]
    count = rng.randint(1, 250)
    return "".join(rng.choice(words) + rng.choice(separators) for _ in range(count))


def test_same_output_as_whoosh_on_random_layouts() -> None:
    rng = random.Random(17)
    for _ in range(4000):
        text = _random_text(rng) if rng.random() < 0.8 else "x" * rng.randint(1, 900)
        spans = _random_spans(rng, len(text))
        if spans:
            assert _ours(text, spans) == whoosh_passages(text, spans), (text, spans)


@pytest.mark.parametrize(
    "spans",
    [
        [(0, 5)],
        [(10, 300)],  # one match longer than a passage
        [(10, 300), (301, 305)],  # a next passage starting inside the first's surround
        [(5, 9), (20, 24), (500, 504), (700, 704), (707, 709)],  # the top two win
        [(100, 104), (400, 404), (800, 804)],  # ties: the later passages win
    ],
)
def test_same_output_as_whoosh_on_edge_layouts(spans: list[tuple[int, int]]) -> None:
    text = " ".join(f"w{n:03d}" for n in range(250))  # 999 characters, spaces every 5
    assert _ours(text, spans) == whoosh_passages(text, spans)


def test_snippet_marks_and_escapes() -> None:
    text = 'Er sagte "Kursk" & ging.'
    spans = [(text.index("Kursk"), text.index("Kursk") + 5)]
    assert _ours(text, spans) == "Er sagte &quot;<mark>Kursk</mark>&quot; &amp; ging."
