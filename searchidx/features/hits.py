"""Hits from scored documents: the stored fields shown, and the text's marked passages."""

from __future__ import annotations

from searchidx.backends.base import Reader, Scored
from searchidx.features.highlight import MatchPlan, leading_snippet
from searchidx.models import CommentHit, Hit


def make_hit(reader: Reader, scored: Scored, plan: MatchPlan, *, marked: bool = True) -> Hit:
    """``scored`` as a hit; ``marked=False`` shows the text's opening instead of matches."""
    doc = scored.document
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
        snippet=reader.snippet(scored, plan) if marked else leading_snippet(doc.text),
    )


def make_comment_hit(reader: Reader, scored: Scored, plan: MatchPlan) -> CommentHit:
    doc = scored.document
    return CommentHit(doc.id, doc.author, doc.date, scored.score, reader.snippet(scored, plan))
