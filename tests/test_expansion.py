"""German matching end to end on the seeds, and the query-side expansion rules."""

from __future__ import annotations

import pytest
from conftest import ARTICLES, ids, make_doc
from parity import IndexFactory

from searchidx import SearchIndex

C003 = ARTICLES["003"]


def arts(*keys: str) -> set[str]:
    return {ARTICLES[key] for key in keys}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Rakete", arts("000", "001", "002", "003")),
        ("Haubitze", arts("000", "001")),
        ("Abwehr", arts("003")),
        ("Verteidigung", arts("000", "002", "003", "004")),
        ("Futter", {f"{C003}#c11"}),
        ("Offensive", arts("001")),
        ("Ukrainefront", arts("000")),
        ("12000", arts("003")),
        ('"3000 Soldaten"', arts("000", "001")),
        ("Pjoengjang", arts("000", "002", "003", "004")),
        ("Bevoelkerung", {f"{C003}#c{n}" for n in (1, 2, 3, 4, 7)}),
        ("Kursk", arts("001", "004")),
    ],
)
def test_seed_acceptance(seed_index: SearchIndex, query: str, expected: set[str]) -> None:
    assert set(ids(seed_index.search(query, limit=100))) == expected


def test_unknown_name_falls_back_to_sound(seed_index: SearchIndex) -> None:
    assert ARTICLES["000"] in ids(seed_index.search("Schoigu", limit=3))


@pytest.fixture(scope="module")
def variants(new_module_index: IndexFactory) -> SearchIndex:
    index = new_module_index()
    index.add(
        [
            make_doc("hyphen", "Die Kursk-Offensive begann im August."),
            make_doc("open", "Die Offensive bei Kursk: eine Kursk Offensive, sagen manche."),
            make_doc("closed", "Die Kurskoffensive überraschte Moskau."),
            make_doc("front", "Soldaten zur Ukraine-Front geschickt."),
            make_doc("kim_hyphen", "Machthaber Kim Jong-un empfing Schoigu."),
            make_doc("kim_open", "Machthaber Kim Jong Un empfing Shoigu."),
            make_doc("kim_other", "Kim sagte, Jong und Un seien Namen."),
        ]
    )
    return index


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"Kursk Offensive"', {"hyphen", "open", "closed"}),
        ("Kursk-Offensive", {"hyphen", "open", "closed"}),
        ("Kurskoffensive", {"hyphen", "open", "closed"}),
        ("Ukrainefront", {"front"}),
        ('"Ukraine Front"', {"front"}),
        ("Front", {"front"}),
        ('"Kim Jong Un"', {"kim_hyphen", "kim_open"}),
        ('"Kim Jong-un"', {"kim_hyphen", "kim_open"}),
        ("Kim Jong-un", {"kim_hyphen", "kim_open"}),
        ("Kim Jong Un", {"kim_hyphen", "kim_open", "kim_other"}),
    ],
)
def test_compound_phrase_hyphen_equivalence(
    variants: SearchIndex, query: str, expected: set[str]
) -> None:
    assert set(ids(variants.search(query, limit=100))) == expected


def test_both_spellings_are_found_and_the_exact_one_ranks_first(variants: SearchIndex) -> None:
    assert ids(variants.search("Schoigu")) == ["kim_hyphen", "kim_open"]
    assert ids(variants.search("Shoigu")) == ["kim_open", "kim_hyphen"]


def test_an_unindexed_spelling_finds_the_indexed_ones(variants: SearchIndex) -> None:
    assert set(ids(variants.search("Schoygu"))) == {"kim_hyphen", "kim_open"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("shoigu", {"ru"}),
        ("Gerasimov", {"ru"}),
        ("Zelensky", {"ua"}),
        ("selenski", {"ua"}),
        ("Budanov", {"ua"}),
        ("Pyongyang", {"kp"}),
        ("Washington", set()),
    ],
)
def test_transliteration_variants_find_each_other(
    new_index: IndexFactory, query: str, expected: set[str]
) -> None:
    index = new_index()
    index.add(
        [
            make_doc("ru", "Verteidigungsminister Schoigu und Gerassimow"),
            make_doc("ua", "Präsident Selenskyj und Budanow in Kiew"),
            make_doc("kp", "Raketen aus Pjöngjang"),
        ]
    )
    assert set(ids(index.search(query))) == expected


def test_names_that_only_sound_alike_do_not_match(new_index: IndexFactory) -> None:
    index = new_index()
    index.add([make_doc("putin", "Putin droht."), make_doc("biden", "Biden antwortet.")])
    # Kölner Phonetik codes both 126; the spellings are four edits apart.
    assert ids(index.search("Putin")) == ["putin"]
    assert ids(index.search("Biden")) == ["biden"]
    assert ids(index.search("Selenski")) == []


@pytest.mark.parametrize(
    "form",
    [
        "Journalist*innen",
        "Journalist:innen",
        "Journalist_innen",
        "JournalistInnen",
        "Journalistinnen",
    ],
)
def test_gender_forms_are_found_by_the_base(new_index: IndexFactory, form: str) -> None:
    with new_index() as index:
        index.add([make_doc("g", f"Viele {form} berichten."), make_doc("m", "Ein Journalist.")])
        assert set(ids(index.search("Journalisten"))) == {"g", "m"}
        assert set(ids(index.search("Journalist"))) == {"g", "m"}
        assert ids(index.search("Journalistinnen")) == ["g"]
        assert "g" in ids(index.search(form))


@pytest.fixture(scope="module")
def parts_index(new_module_index: IndexFactory) -> SearchIndex:
    index = new_module_index()
    index.add(
        [
            make_doc("whole", "Die Maschine kann greifen, ihre Arme sind lang und beweglich."),
            make_doc("inside", "Greifarmen, Greifarmen, Greifarmen!"),
            make_doc("kafka", "Kafka schrieb in Prag, Kafka las, Kafka zweifelte."),
            make_doc("other", "Ein Text über das Wetter in Wien."),
        ]
    )
    return index


def test_under_or_a_compound_finds_its_parts_apart(parts_index: SearchIndex) -> None:
    assert {"whole", "inside"} <= set(ids(parts_index.search("Greifarmen OR Wetter")))
    assert set(ids(parts_index.search("Greifarmen"))) == {"inside"}  # alone: whole only


def test_under_or_a_hyphen_chain_finds_its_words(parts_index: SearchIndex) -> None:
    assert "kafka" in ids(parts_index.search("Kafka-Geliebten OR Wetter"))
    assert "kafka" not in ids(parts_index.search("Kafka-Geliebten"))


def test_a_word_found_whole_outranks_the_word_inside_compounds(
    parts_index: SearchIndex,
) -> None:
    # Three compound parts would outscore one word if parts counted like words.
    assert ids(parts_index.search("Arme")) == ["whole", "inside"]
