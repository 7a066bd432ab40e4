"""Snippets: the best passages of a hit with matches wrapped in ``<mark>``.

Whoosh's highlighter marks every token that equals any query term. That marks
lone words a phrase query never matched, and it cannot tell which query terms
were inside a ``NOT``. So the query is read once into a :class:`MatchPlan`
(free terms, phrase sequences, sound keys) and each hit's text is re-analyzed
and marked against it:

* a free term marks the token that carries it: for ``Rakete`` the compound
  part of ``Kurzstreckenraketen`` (``Kurzstrecken<mark>raketen</mark>``), not
  the whole word, because the part token spans only its own characters;
* a phrase marks one span from its first to its last word, and only where the
  words stand in sequence;
* overlapping or touching marks merge, so ``Region Kursk`` reads as one mark.

Snippets are HTML-safe (the document text is escaped, ``"`` and ``'`` included so a
snippet is safe in an attribute too; only ``<mark>`` is markup),
so the same string serves JSON consumers, the HTTP page and the terminal.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from whoosh import query as wq
from whoosh.query import spans

from analyzers import CachedAnalyzer, key_spelling
from analyzers.tokenizer import raw_tokens_at
from searchidx.features.passages import marked_passages
from searchidx.features.text_facts import sound_spans, starts_through

SNIPPET_CHARS = 240
SNIPPET_FRAGMENTS = 2
FRAGMENT_SEPARATOR = " … "
MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"
_MARK_RE = re.compile(f"{MARK_OPEN}(.*?){MARK_CLOSE}", re.DOTALL)
_TOUCHING_MARKS = re.compile(f"{MARK_CLOSE}(\\s+){MARK_OPEN}")


@dataclass(frozen=True)
class Step:
    """One word of a phrase: its term and how far after the previous word it may stand."""

    term: str
    min_gap: int = 1
    max_gap: int = 1


@dataclass(frozen=True)
class MatchPlan:
    """What counts as a match in one field's text, read from a parsed query."""

    terms: frozenset[str] = frozenset()
    sounds: frozenset[str] = frozenset()
    phrases: tuple[tuple[Step, ...], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms or self.sounds or self.phrases)

    def words(self) -> frozenset[str]:
        """Every term that a mark in the text can start from (free or in a phrase)."""
        return self.terms | {step.term for steps in self.phrases for step in steps}


def plan_matches(query: wq.Query, reader: Any, fieldname: str, sound_field: str) -> MatchPlan:
    """The terms and phrases of ``query`` that can match in ``fieldname``."""
    terms: set[str] = set()
    sounds: set[str] = set()
    phrases: list[tuple[Step, ...]] = []
    for leaf in _positive_parts(query):
        if isinstance(leaf, wq.Phrase | spans.SpanNear):
            steps = _phrase_steps(leaf)
            if steps and leaf_field(leaf) == fieldname:
                phrases.append(steps)
            continue
        for field, text in leaf.existing_terms(reader, expand=True):
            word = text.decode("utf-8") if isinstance(text, bytes) else text
            if field == fieldname:
                terms.add(word)
            elif field == sound_field:
                sounds.add(word)
    analyzer = reader.schema[fieldname].analyzer if fieldname in reader.schema else None
    if analyzer is not None:
        sounds = {key for key in sounds if not _spelled_as_terms(key, terms, analyzer)}
    return MatchPlan(frozenset(terms), frozenset(sounds), tuple(phrases))


def _spelled_as_terms(key: str, terms: set[str], analyzer: Any) -> bool:
    """Whether a sound key's own spelling is already a marked term (``84_schoigu``:
    ``schoigu``): its words are marked through their index positions, and the
    sound pass, which must read the whole text, is left for the other spellings."""
    found = [t.text for t in analyzer(key_spelling(key), mode="query")]
    return bool(found) and all(term in terms for term in found)


def _positive_parts(query: wq.Query) -> Iterator[wq.Query]:
    """Leaves and phrases of ``query``, skipping everything under a NOT."""
    if isinstance(query, wq.AndNot):
        yield from _positive_parts(query.a)
        return
    if isinstance(query, wq.Not):
        return
    if isinstance(query, wq.Phrase | spans.SpanNear) or query.is_leaf():
        yield query
        return
    for child in query.children():
        yield from _positive_parts(child)


def leaf_field(query: wq.Query) -> str | None:
    fields = {field for field, _ in query.iter_all_terms()}
    return fields.pop() if len(fields) == 1 else None


def _phrase_steps(query: wq.Query) -> tuple[Step, ...]:
    """A phrase (slop: any gap up to it) or a chain of exact-gap spans as steps."""
    if isinstance(query, wq.Phrase):
        first, *rest = query.words
        return (Step(first), *(Step(word, 1, max(query.slop, 1)) for word in rest))
    if isinstance(query, spans.SpanNear) and isinstance(query.b, wq.Term):
        head = _phrase_steps(query.a) if not isinstance(query.a, wq.Term) else (Step(query.a.text),)
        if head:
            return (*head, Step(query.b.text, query.mindist, query.slop))
    return ()


def snippet(
    text: str,
    plan: MatchPlan,
    analyzer: Any,
    sound_analyzer: Any,
    positions: frozenset[int] | None = None,
) -> str:
    """The marked best passages of ``text``, or its opening if nothing in it matched.

    ``positions``, when known from the index, are the only token positions
    where a term of the plan occurs: the others need no analysis.
    """
    spans_found = (
        _match_spans(text, plan, analyzer, sound_analyzer, positions) if plan and text else []
    )
    if not spans_found:
        return leading_snippet(text)
    marked = marked_passages(text, spans_found, SNIPPET_FRAGMENTS, FRAGMENT_SEPARATOR)
    flat = " ".join(marked.split())  # paragraph breaks would read as gaps
    return _TOUCHING_MARKS.sub(r"\1", flat)


def _match_spans(
    text: str,
    plan: MatchPlan,
    analyzer: Any,
    sound_analyzer: Any,
    positions: frozenset[int] | None,
) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    by_position: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
    for pos, term, start, end in _marked_terms(text, analyzer, positions):
        by_position[pos].append((term, start, end))
        if term in plan.terms:
            found.append((start, end))
    for steps in plan.phrases:
        found.extend(_phrase_spans(steps, by_position))
    if plan.sounds:
        keyed = sound_spans(text, sound_analyzer)
        found.extend(span for key in plan.sounds for span in keyed.get(key, ()))
    return _merged(found)


def _marked_terms(
    text: str, analyzer: Any, positions: frozenset[int] | None
) -> Iterator[tuple[int, str, int, int]]:
    """``(pos, term, startchar, endchar)`` of the indexed terms of ``text`` (of the
    tokens at ``positions`` when given); stop words are not in the index, so
    ``kann`` never matched, even if ``Kannst`` stems to it."""
    if isinstance(analyzer, CachedAnalyzer) and positions is not None:
        # Only the matches, found by their offsets; the scan stops at the last.
        starts = starts_through(text, max(positions, default=-1))
        yield from analyzer.marked_terms(list(raw_tokens_at(text, True, positions, starts)))
        return
    options: dict[str, Any] = {"removestops": False}
    if positions is not None:
        options["only_positions"] = positions
    for t in analyzer(text, positions=True, chars=True, mode="index", **options):
        if not t.stopped:
            yield t.pos, t.text, t.startchar, t.endchar


def _phrase_spans(
    steps: Sequence[Step], by_position: dict[int, list[tuple[str, int, int]]]
) -> Iterator[tuple[int, int]]:
    for pos, tokens in by_position.items():
        for term, start, first_end in tokens:
            if term == steps[0].term:
                end = _phrase_end(steps[1:], pos, by_position)
                if end is not None:
                    yield start, max(first_end, end)


def _phrase_end(
    steps: Sequence[Step], pos: int, by_position: dict[int, list[tuple[str, int, int]]]
) -> int | None:
    """End character of the rest of a phrase continuing after position ``pos``."""
    if not steps:
        return -1
    step = steps[0]
    for nxt in range(pos + step.min_gap, pos + step.max_gap + 1):
        for term, _, end in by_position.get(nxt, ()):
            if term == step.term:
                rest = _phrase_end(steps[1:], nxt, by_position)
                if rest is not None:
                    return max(end, rest)
    return None


def _merged(found: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlapping ones joined into one."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def leading_snippet(text: str, maxchars: int = SNIPPET_CHARS) -> str:
    """The opening of ``text``, cut at a word boundary, HTML-escaped (quotes too)."""
    flat = " ".join(text.split())
    if len(flat) > maxchars:
        flat = flat[:maxchars].rsplit(" ", 1)[0] + " …"
    return html.escape(flat)


def to_terminal(marked: str, start: str, end: str) -> str:
    """Replace ``<mark>`` with other markers (terminal styling) and undo the HTML escaping."""
    return html.unescape(_MARK_RE.sub(lambda match: f"{start}{match.group(1)}{end}", marked))


# Markers a client may put around matches instead of <mark>: the text between
# them stays HTML-escaped, so a marker must not be able to open a script or an
# attribute either. Plain text without markup characters, or one simple tag.
MAX_MARKER_CHARS = 32
MARKER_TAGS = ("mark", "em", "strong", "b", "i", "u", "span")
_TAGS = "|".join(MARKER_TAGS)
MARKER_PATTERN = (  # also the OpenAPI document's pattern, so plain ECMA/Python syntax
    r"^([^<>&\"'\x00-\x1f\x7f]*"
    rf'|<({_TAGS})( class="[A-Za-z0-9_ -]*")?>'
    rf"|</({_TAGS})>)$"
)
_MARKER_RE = re.compile(MARKER_PATTERN)


def safe_marker(marker: str) -> bool:
    """Whether ``marker`` keeps an HTML-escaped snippet safe to insert as HTML."""
    if len(marker) > MAX_MARKER_CHARS:
        return False
    return _MARKER_RE.fullmatch(marker) is not None  # not match: $ allows a final \n


def remark(marked: str, start: str, end: str) -> str:
    """``marked`` with ``start``/``end`` instead of ``<mark>``/``</mark>``; still HTML-escaped."""
    return _MARK_RE.sub(lambda match: f"{start}{match.group(1)}{end}", marked)
