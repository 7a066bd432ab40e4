"""Comments under their article: one result per article, matching comments nested.

An article whose only matches are in its comments still appears (``matched_in:
"comments"``), scored by its best comment; that is how "articles whose comments
mention X" is answered. Articles are ordered by their best-ranked member, and
each article's comments keep their own ranking.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from searchidx.backends.whoosh.searching import SearchRun
from searchidx.backends.whoosh.stored import stored_fields
from searchidx.models import Hit, MatchedIn


@dataclass
class ArticleGroup:
    """Ranked members of one article's thread (the article itself may be absent)."""

    article_id: str
    article: tuple[int, float] | None = None
    comments: list[tuple[int, float]] = field(default_factory=list)

    @property
    def matched_in(self) -> MatchedIn:
        if self.article is None:
            return "comments"
        return "both" if self.comments else "article"


def group_by_article(run: SearchRun, sort: str) -> list[ArticleGroup]:
    """Every match, grouped under its article, groups in ranking order."""
    groups: dict[str, ArticleGroup] = {}
    for docnum, score in run.ranked(sort, None):
        stored = stored_fields(run.searcher, docnum)
        is_comment = stored.get("type") == "comment" and stored.get("parent_id")
        key = stored["parent_id"] if is_comment else stored["id"]
        group = groups.setdefault(key, ArticleGroup(key))
        if is_comment:
            group.comments.append((docnum, score))
        else:
            group.article = (docnum, score)
    return list(groups.values())


def group_hit(run: SearchRun, group: ArticleGroup) -> Hit:
    """The article's hit with its matching comments nested under ``comments``."""
    comments = tuple(run.comment_hit(docnum, score) for docnum, score in group.comments)
    hit = _unmatched_article(run, group) if group.article is None else run.hit(*group.article)
    return replace(hit, matched_in=group.matched_in, comments=comments)


def _unmatched_article(run: SearchRun, group: ArticleGroup) -> Hit:
    best = max(score for _, score in group.comments)
    docnum = run.searcher.document_number(id=group.article_id)
    if docnum is not None:
        # Its own text did not match: show its opening, not stray marks.
        return run.hit(docnum, best, marked=False)
    # A thread whose article is not indexed: present it by its first comment.
    first = run.document(group.comments[0][0])
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
