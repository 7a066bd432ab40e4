"""Comments under their article: one result per article, matching comments nested.

An article whose only matches are in its comments still appears (``matched_in:
"comments"``), scored by its best comment; that is how "articles whose comments
mention X" is answered. Articles are ordered by their best-ranked member, and
each article's comments keep their own ranking.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import get_args

from searchidx.backends.base import Reader, Scored
from searchidx.features.highlight import MatchPlan
from searchidx.features.hits import make_comment_hit, make_hit
from searchidx.models import Grouping, Hit, MatchedIn

GROUPINGS: tuple[Grouping, ...] = get_args(Grouping)


@dataclass
class ArticleGroup:
    """Ranked members of one article's thread (the article itself may be absent)."""

    article_id: str
    article: Scored | None = None
    comments: list[Scored] = field(default_factory=list)

    @property
    def matched_in(self) -> MatchedIn:
        if self.article is None:
            return "comments"
        return "both" if self.comments else "article"


def group_by_article(ranked: Iterable[Scored]) -> list[ArticleGroup]:
    """Every match, grouped under its article, groups in ranking order."""
    groups: dict[str, ArticleGroup] = {}
    for scored in ranked:
        doc = scored.document
        is_comment = doc.type == "comment" and doc.parent_id
        key = doc.parent_id if is_comment and doc.parent_id else doc.id
        group = groups.setdefault(key, ArticleGroup(key))
        if is_comment:
            group.comments.append(scored)
        else:
            group.article = scored
    return list(groups.values())


def group_hit(reader: Reader, plan: MatchPlan, group: ArticleGroup) -> Hit:
    """The article's hit with its matching comments nested under ``comments``."""
    comments = tuple(make_comment_hit(reader, scored, plan) for scored in group.comments)
    if group.article is None:
        hit = _unmatched_article(reader, plan, group)
    else:
        hit = make_hit(reader, group.article, plan)
    return replace(hit, matched_in=group.matched_in, comments=comments)


def _unmatched_article(reader: Reader, plan: MatchPlan, group: ArticleGroup) -> Hit:
    best = max(scored.score for scored in group.comments)
    article = reader.document(group.article_id)
    if article is not None:
        # Its own text did not match: show its opening, not stray marks.
        return make_hit(reader, Scored(article, best), plan, marked=False)
    # A thread whose article is not indexed: present it by its first comment.
    first = group.comments[0].document
    return Hit(
        id=group.article_id,
        type="article",
        parent_id=None,
        title=first.title,
        source=first.source,
        date=None,
        author=None,
        url=None,
        score=best,
        snippet="",
    )
