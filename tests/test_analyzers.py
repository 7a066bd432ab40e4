"""The whole German analysis chain, end to end, including a real whoosh index."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.analysis import CompositeAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser import QueryParser

import analyzers
from analyzers import (
    ANALYZER_VERSION,
    TokenInfo,
    analyze,
    analyze_tokens,
    german_analyzer,
)

GOLDEN = Path(__file__).parent / "data" / "golden" / "analyzer_seed000.txt"


def test_headline() -> None:
    assert analyze("Nordkorea schickt 3.000 Soldaten zur Ukraine-Front") == [
        "nordkorea",
        "nord",
        "korea",
        "schickt",
        "3000",
        "soldat",
        "ukrain",
        "ukrainefront",
        "front",
    ]


def test_positions_survive_stopword_removal() -> None:
    toks = analyze_tokens("Nordkorea schickt 3.000 Soldaten und Waffen zur Ukraine-Front")
    assert [(t.text, t.pos) for t in toks] == [
        ("nordkorea", 0),
        ("nord", 0),
        ("korea", 0),
        ("schickt", 1),
        ("3000", 2),
        ("soldat", 3),
        ("waff", 5),
        ("ukrain", 7),
        ("ukrainefront", 7),
        ("front", 8),
    ]


@pytest.mark.parametrize(
    "variants",
    [
        ("Pjöngjang", "Pjoengjang", "pjongjang", "PJÖNGJANG"),
        ("Soldat", "Soldaten", "soldaten"),
        ("Grüße", "Gruesse", "grüsse", "GRÜSSE"),
        ("3.000", "3000"),
    ],
)
def test_spelling_variants_share_one_term(variants: tuple[str, ...]) -> None:
    terms = {tuple(analyze(v)) for v in variants}
    assert len(terms) == 1
    assert len(next(iter(terms))) == 1


def test_only_stopwords_give_no_terms() -> None:
    assert analyze("und die der für dass daß über es") == []


def test_abbreviation_and_name_with_hyphen() -> None:
    assert [(t.text, t.kind) for t in analyze_tokens("z. B. Kim Jong-un")] == [
        ("z.b.", "abbrev"),
        ("kim", "word"),
        ("jong", "word"),
        ("jongun", "joined"),
        ("un", "word"),
    ]


def test_char_offsets_point_at_the_original_text() -> None:
    text = "„Pjöngjang“ liefert z. B. 12.000 Soldaten (Ukraine-Front) – siehe www.dpa.de."
    spans = [(t.text, text[t.start : t.end]) for t in analyze_tokens(text)]
    assert spans == [
        ("pjongjang", "Pjöngjang"),
        ("liefert", "liefert"),
        ("z.b.", "z. B."),
        ("12000", "12.000"),
        ("soldat", "Soldaten"),
        ("ukrain", "Ukraine"),
        ("ukrainefront", "Ukraine-Front"),
        ("front", "Front"),
        ("sieh", "siehe"),
        ("www.dpa.de", "www.dpa.de"),
    ]


def read_golden() -> tuple[str, list[TokenInfo]]:
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    text = " ".join(line.removeprefix("# text: ") for line in lines if line.startswith("# text: "))
    expected = []
    for line in lines:
        if line and not line.startswith("#"):
            term, pos, start, end, kind = line.split()
            expected.append(TokenInfo(term, int(pos), int(start), int(end), kind))
    return text, expected


def test_golden_analysis_of_seed_article() -> None:
    text, expected = read_golden()
    assert expected, "golden file has no tokens"
    assert analyze_tokens(text) == expected


def test_analyzer_survives_pickling() -> None:
    text, _ = read_golden()
    analyzer = german_analyzer()
    restored = pickle.loads(pickle.dumps(analyzer))
    assert restored == analyzer
    assert [t.text for t in restored(text)] == analyze(text)


def test_analyzers_compare_equal_for_schema_merging() -> None:
    assert german_analyzer() == german_analyzer()
    without_stemming = CompositeAnalyzer(*german_analyzer().items[:-1])
    assert german_analyzer() != without_stemming


def test_whoosh_index_round_trip() -> None:
    schema = Schema(id=ID(stored=True), body=TEXT(analyzer=german_analyzer()))
    index = RamStorage().create_index(schema)
    with index.writer() as writer:
        writer.add_document(id="1", body="Nordkorea schickt 3.000 Soldaten zur Ukraine-Front")
        writer.add_document(id="2", body="Pjöngjang liefert Raketen und Waffen")

    parser = QueryParser("body", index.schema)
    with index.searcher() as searcher:

        def hits(query: str) -> list[str]:
            return sorted(hit["id"] for hit in searcher.search(parser.parse(query)))

        assert hits("3000") == ["1"]
        assert hits("Soldat") == ["1"]
        assert hits("Pjoengjang") == ["2"]
        assert hits('"Ukraine Front"') == ["1"]
        assert hits('"Front Ukraine"') == []


def test_version_and_public_api() -> None:
    assert ANALYZER_VERSION == 4
    assert all(hasattr(analyzers, name) for name in analyzers.__all__)


# Fragments rather than single characters so the tricky shapes (abbreviations,
# grouped numbers, URL prefixes, decomposed umlauts) actually show up.
GERMANISH = st.lists(
    st.sampled_from(
        [
            *"aäbeiloöuüßAÄOÖUÜZz .,-:;!?„“”…*@/()0123456789\u0308\u00ad\t\n",
            "ae",
            "oe",
            "ue",
            "z. B.",
            "u.a.",
            "https://",
            "www.",
            "3.000",
            "😀",
            "İ",
            "ﬁ",
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=60), GERMANISH))
def test_properties_on_random_text(text: str) -> None:
    first = analyze_tokens(text)
    assert all(t.text for t in first), "empty term"
    positions = [t.pos for t in first]
    assert positions == sorted(positions)
    assert all(0 <= t.start < t.end <= len(text) for t in first)
    assert analyze_tokens(text) == first
    assert analyze(text) == [t.text for t in first]
