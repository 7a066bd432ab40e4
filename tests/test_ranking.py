"""The ranking levers of searchidx.ranking, each switched on and off on a real index."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import make_doc
from whoosh import query as wq
from whoosh.filedb.filestore import FileStorage

from analyzers import AnalysisOptions
from searchidx import SearchIndex
from searchidx.backends.whoosh.evaluation import Evaluator
from searchidx.backends.whoosh.schema import GRAMS_FIELD
from searchidx.backends.whoosh.weighting import idf_of
from searchidx.ranking import DEFAULT_RANKING, RankingOptions

DOCS = [
    make_doc("repeat", "Kafka schrieb. Kafka las. Kafka ging. Kafka blieb in Prag."),
    make_doc("both", "Kafka schrieb Briefe an Felice, jeden Tag einen."),
    make_doc("other", "Ein Bericht aus Wien über das Wetter und den Hafen von Odessa."),
    make_doc("filler", "Nichts davon steht hier, nur Wetter."),
    make_doc("called", "Der Händler hat gestern zweimal angerufen."),
]


def scores(path: Path, query: str, ranking: RankingOptions) -> dict[str, float]:
    with SearchIndex.open(path, ranking=ranking) as index:
        return {hit.id: hit.score for hit in index.search(query, limit=None, facets=()).hits}


@pytest.fixture(scope="module")
def index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ranking") / "ix"
    with SearchIndex.create(path) as index:
        index.add(DOCS)
    return path


def test_coordination_scales_by_the_share_of_words_matched(index_path: Path) -> None:
    alone = replace(DEFAULT_RANKING, gram_weight=0.0)  # grams are added after the factor
    off = scores(index_path, "Kafka OR Felice", replace(alone, coordination=0.0))
    on = scores(index_path, "Kafka OR Felice", replace(alone, coordination=0.5))
    assert on["both"] == pytest.approx(off["both"])  # both words: share 1
    assert on["repeat"] == pytest.approx(off["repeat"] * math.sqrt(1 / 2))
    assert next(iter(on)) == "both"


def test_coordination_leaves_and_queries_alone(index_path: Path) -> None:
    off = scores(index_path, "Kafka Felice", replace(DEFAULT_RANKING, coordination=0.0))
    on = scores(index_path, "Kafka Felice", replace(DEFAULT_RANKING, coordination=0.5))
    assert on == pytest.approx(off)


def test_an_unknown_word_under_or_matches_indexed_terms_one_edit_away(index_path: Path) -> None:
    query = "Odessas OR Felice"  # the index has only "Odessa" (stem odessa, not odessas)
    assert "other" in scores(index_path, query, DEFAULT_RANKING)
    off = replace(DEFAULT_RANKING, unknown_word_variants_weight=0.0)
    assert "other" not in scores(index_path, query, off)
    assert "other" not in scores(index_path, "Odessas", DEFAULT_RANKING)  # AND: as typed


def test_an_unknown_verb_form_under_or_matches_the_indexed_forms_of_the_verb(
    index_path: Path,
) -> None:
    # Snowball stems anzurufen to anzuruf, angerufen to angeruf: two edits apart.
    query = "anzurufen OR Felice"
    assert "called" in scores(index_path, query, DEFAULT_RANKING)
    off = replace(DEFAULT_RANKING, unknown_word_verb_forms=False)
    assert "called" not in scores(index_path, query, off)
    assert "called" not in scores(index_path, "anzurufen", DEFAULT_RANKING)  # AND: as typed


def test_a_compounds_modifiers_weigh_more_than_its_head(tmp_path: Path) -> None:
    """Hafenkran under OR: a text on a Hafen above one on a Kran (same length, same idf)."""
    docs = [
        make_doc("modifier", "Der Hafen lag still."),
        make_doc("head", "Der Kran lag still."),
        make_doc("filler", "Nichts davon steht hier, nur Wetter."),
    ]
    with SearchIndex.create(tmp_path / "ix") as index:
        index.add(docs)
    query = "Hafenkran OR Wetter"
    alone = replace(DEFAULT_RANKING, gram_weight=0.0)  # the parts' weights alone
    found = scores(tmp_path / "ix", query, alone)
    weight = alone.compound_modifier_weight
    assert weight > 1 and found["modifier"] == pytest.approx(weight * found["head"])
    flat = scores(tmp_path / "ix", query, replace(alone, compound_modifier_weight=1.0))
    assert flat["modifier"] == pytest.approx(flat["head"])


def test_probabilistic_idf_weighs_rare_words_more() -> None:
    for form in ("whoosh", "probabilistic"):
        assert idf_of(form, 1, 500) > idf_of(form, 100, 500) > 0
    ratio = {
        form: idf_of(form, 1, 500) / idf_of(form, 100, 500) for form in ("whoosh", "probabilistic")
    }
    assert ratio["probabilistic"] > ratio["whoosh"]


def test_our_scores_equal_whooshs_with_either_idf(index_path: Path) -> None:
    """The numpy evaluator and Whoosh's own matcher agree, idf form included."""
    for form in ("whoosh", "probabilistic"):
        ranking = replace(DEFAULT_RANKING, idf=form)
        with SearchIndex.open(index_path, ranking=ranking) as index:
            reader = index._backend.reader()  # type: ignore[attr-defined]
            try:
                query = wq.Or([wq.Term("text", "kafka"), wq.Term("text", "wett")])
                ours = Evaluator(reader.searcher).scored(query).scores
                theirs = {hit.docnum: hit.score for hit in reader.searcher.search(query)}
                assert theirs
                for docnum, score in theirs.items():
                    assert ours[docnum] == pytest.approx(score)
            finally:
                reader.close()


GRAM_DOCS = [
    make_doc("plain", "Der Haushalt und die dänische Regierung."),
    make_doc("family", "Der Haushalt und die schwedische Regierung."),
    make_doc("filler", "Nichts davon steht hier, nur Wetter."),
]


def test_a_word_familys_grams_rank_an_or_query_but_match_nothing(tmp_path: Path) -> None:
    """Schweden OR Haushalt: both texts hold Haushalt alone; one also says schwedische,
    which Snowball stems apart from Schweden but which shares its first grams."""
    with SearchIndex.create(tmp_path / "ix") as index:
        index.add(GRAM_DOCS)
    query = "Schweden OR Haushalt"
    off = scores(tmp_path / "ix", query, replace(DEFAULT_RANKING, gram_weight=0.0))
    on = scores(tmp_path / "ix", query, DEFAULT_RANKING)
    assert off["plain"] == pytest.approx(off["family"])
    assert list(on) == ["family", "plain"] and on["family"] > on["plain"] > off["plain"]
    assert set(on) == set(off) == {"plain", "family"}  # the grams match no text themselves


def test_grams_leave_and_queries_and_single_words_alone(index_path: Path) -> None:
    off = replace(DEFAULT_RANKING, gram_weight=0.0)
    for query in ("Kafka Felice", "Kafka"):
        assert scores(index_path, query, DEFAULT_RANKING) == pytest.approx(
            scores(index_path, query, off)
        )


def test_an_index_made_without_grams_ranks_as_the_grams_switched_off(tmp_path: Path) -> None:
    """AnalysisOptions(grams=False): no grams field, written or searched, also for
    documents added later; OR queries rank as with gram_weight 0 on a grams index."""
    with SearchIndex.create(tmp_path / "grams") as index:
        index.add(GRAM_DOCS)
    without = AnalysisOptions(grams=False)
    with SearchIndex.create(tmp_path / "plain", analysis=without) as index:
        index.add(GRAM_DOCS[:1])
    with SearchIndex.open(tmp_path / "plain") as index:
        index.add(GRAM_DOCS[1:])  # a later run keeps the index's own schema
    query = "Schweden OR Haushalt"
    off = scores(tmp_path / "grams", query, replace(DEFAULT_RANKING, gram_weight=0.0))
    assert scores(tmp_path / "plain", query, DEFAULT_RANKING) == pytest.approx(off)
    schema = FileStorage(str(tmp_path / "plain")).open_index().schema
    assert GRAMS_FIELD not in schema and "words" in schema
