"""Comments under their article: --group article and --in comments."""

from __future__ import annotations

from datetime import datetime

from conftest import ARTICLES, ids, make_doc
from parity import IndexFactory

from searchidx import Filters, SearchIndex

THREAD = ARTICLES["003"]
PUTIN_COMMENTS = {f"{THREAD}#c{n}" for n in (2, 5, 6, 7)}


def test_putin_grouped_by_article(seed_index: SearchIndex) -> None:
    results = seed_index.search("Putin", group="article")
    assert results.total == 2 and results.group == "article"
    by_id = {hit.id: hit for hit in results.hits}
    assert set(by_id) == {ARTICLES["002"], THREAD}
    assert by_id[THREAD].matched_in == "both"
    assert {comment.id for comment in by_id[THREAD].comments or ()} == PUTIN_COMMENTS
    assert by_id[ARTICLES["002"]].matched_in == "article"
    assert by_id[ARTICLES["002"]].comments == ()
    assert all(hit.type == "article" for hit in results.hits)


def test_grouped_json_nests_comments_with_id_author_date_snippet(seed_index: SearchIndex) -> None:
    data = seed_index.search("Putin", group="article").to_dict()
    thread = next(hit for hit in data["hits"] if hit["id"] == THREAD)
    assert thread["matched_in"] == "both"
    for comment in thread["comments"]:
        assert set(comment) == {"id", "author", "date", "score", "snippet"}
        assert "<mark>Putin</mark>" in comment["snippet"]
    ungrouped = seed_index.search("Putin").to_dict()["hits"][0]
    assert "comments" not in ungrouped and "matched_in" not in ungrouped


def test_in_comments_finds_articles_through_their_comments(seed_index: SearchIndex) -> None:
    results = seed_index.search("Putin", group="article", filters=Filters(types=("comment",)))
    assert ids(results) == [THREAD]
    hit = results.hits[0]
    assert hit.matched_in == "comments" and hit.type == "article"
    assert {comment.id for comment in hit.comments or ()} == PUTIN_COMMENTS
    assert "<mark>" not in hit.snippet  # its own text is not what matched


def test_comments_of_one_article(seed_index: SearchIndex) -> None:
    results = seed_index.search("Putin", filters=Filters(types=("comment",), parent_id=THREAD))
    assert set(ids(results)) == PUTIN_COMMENTS
    other = seed_index.search("Putin", filters=Filters(parent_id=ARTICLES["000"]))
    assert other.total == 0


def test_article_matching_only_in_comments_is_included(new_index: IndexFactory) -> None:
    when = datetime(2024, 10, 1)
    with new_index() as index:
        index.add(
            [
                make_doc("a1", "Ein Bericht über Wetter."),
                make_doc("a1#c1", "Haubitze!", type="comment", parent_id="a1", date=when),
                make_doc("a2", "Die Haubitze rollt."),
                make_doc("orphan#c1", "Haubitze", type="comment", parent_id="gone", date=when),
            ]
        )
        results = index.search("Haubitze", group="article", limit=10)
    by_id = {hit.id: hit for hit in results.hits}
    assert set(by_id) == {"a1", "a2", "gone"}
    assert by_id["a1"].matched_in == "comments"
    assert by_id["a1"].snippet == "Ein Bericht über Wetter."
    assert by_id["gone"].matched_in == "comments"  # its article was never indexed
    assert [c.id for c in by_id["gone"].comments or ()] == ["orphan#c1"]


def test_grouped_paging_counts_articles(seed_index: SearchIndex) -> None:
    first = seed_index.search("Putin", group="article", limit=1)
    second = seed_index.search("Putin", group="article", limit=1, offset=1)
    assert first.total == second.total == 2
    assert {first.hits[0].id, second.hits[0].id} == {THREAD, ARTICLES["002"]}
