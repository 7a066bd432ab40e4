"""Hits from scored documents: the stored fields shown, and the text's marked passages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from searchidx.backends.base import Reader, Scored
from searchidx.features.highlight import MatchPlan, leading_snippet
from searchidx.models import CommentHit, Hit, Results


def make_hit(
    reader: Reader, scored: Scored, plan: MatchPlan, *, marked: bool = True, snippet: bool = True
) -> Hit:
    """``scored`` as a hit; ``marked=False`` shows the text's opening instead of matches.

    ``snippet=False`` leaves the snippet empty, for hits whose chosen fields do
    not show it: marking passages is a third of a small query's time.
    """
    doc = scored.document
    if not snippet:
        text = ""
    elif marked:
        text = reader.snippet(scored, plan)
    else:
        text = leading_snippet(doc.text)
    return Hit(
        id=doc.id,
        type=doc.type,
        parent_id=doc.parent_id,
        title=doc.title,
        source=doc.source,
        date=doc.date,
        author=doc.author,
        url=doc.url,
        score=scored.score,
        snippet=text,
    )


def make_comment_hit(reader: Reader, scored: Scored, plan: MatchPlan) -> CommentHit:
    doc = scored.document
    return CommentHit(doc.id, doc.author, doc.date, scored.score, reader.snippet(scored, plan))


def rewrite_snippets(results: Results, rewrite: Callable[[str], str]) -> Results:
    """``results`` with every snippet (nested comments' too) passed through ``rewrite``."""
    return replace(results, hits=tuple(_rewritten(hit, rewrite) for hit in results.hits))


def _rewritten(hit: Hit, rewrite: Callable[[str], str]) -> Hit:
    comments = hit.comments
    if comments is not None:
        comments = tuple(replace(comment, snippet=rewrite(comment.snippet)) for comment in comments)
    return replace(hit, snippet=rewrite(hit.snippet), comments=comments)
