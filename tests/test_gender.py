"""GenderFilter: gender forms and feminine nouns also indexed under the masculine base."""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.analysis import Filter, LowercaseFilter
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser import QueryParser

from analyzers.gender import GenderFilter, GenderForms, gender_forms, masculine_base
from analyzers.normalize import GermanNormalizationFilter, german_normalize
from analyzers.stemming import GermanStemFilter, stem
from analyzers.stopwords import GermanStopFilter
from analyzers.tokenizer import GermanTokenizer


def term(word: str) -> str:
    """The index term the German chain makes of one word."""
    return stem(german_normalize(word.lower()))


class KindsAsWords(Filter):  # type: ignore[misc]
    """Stands in for the wiring: normalize/stem filters must also accept these kinds."""

    def __call__(self, tokens: Iterable[Any]) -> Iterator[Any]:
        for t in tokens:
            if t.kind in ("gender", "joined"):
                t.kind = "word"
            yield t


def chain() -> Any:
    return (
        GermanTokenizer()
        | GenderFilter()
        | LowercaseFilter()
        | KindsAsWords()
        | GermanNormalizationFilter()
        | GermanStopFilter()
        | GermanStemFilter()
    )


def stream(text: str, **kwargs: Any) -> list[tuple[str, str, int, int, int]]:
    analyzer = GermanTokenizer() | GenderFilter()
    return [
        (t.text, t.kind, t.pos, t.startchar, t.endchar)
        for t in analyzer(text, positions=True, chars=True, **kwargs)
    ]


@pytest.mark.parametrize(
    "word",
    [
        "Journalist*innen",
        "Journalist:innen",
        "Journalist_innen",
        "Journalist/-innen",
        "Journalist/innen",
        "JournalistInnen",
        "Journalist*Innen",
    ],
)
def test_every_gender_form_gives_feminine_plural_and_base(word: str) -> None:
    assert gender_forms(word) == GenderForms("Journalistinnen", "Journalist")


@pytest.mark.parametrize(
    ("word", "feminine", "masculine"),
    [
        ("Journalist*in", "Journalistin", "Journalist"),
        ("Journalist/in", "Journalistin", "Journalist"),
        ("JournalistIn", "Journalistin", "Journalist"),
        ("Kolleg*innen", "Kolleginnen", "Kollege"),
        ("Ärzt:innen", "Ärztinnen", "Arzt"),
        ("Bürger_innen", "Bürgerinnen", "Bürger"),
        ("Wähler*innen", "Wählerinnen", "Wähler"),
        ("journalist*innen", "journalistinnen", "journalist"),
        ("JOURNALIST*INNEN", "JOURNALISTINNEN", "JOURNALIST"),
    ],
)
def test_marked_forms(word: str, feminine: str, masculine: str) -> None:
    assert gender_forms(word) == GenderForms(feminine, masculine)


@pytest.mark.parametrize(
    ("word", "masculine"),
    [
        ("Journalistin", "Journalist"),
        ("Journalistinnen", "Journalist"),
        ("Lehrerin", "Lehrer"),
        ("Studentinnen", "Student"),
        ("Praktikantin", "Praktikant"),
        ("Ingenieurin", "Ingenieur"),
        ("Autorin", "Autor"),
        ("Kandidatin", "Kandidat"),
        ("Kommissarin", "Kommissar"),
        ("Sekretärin", "Sekretär"),
        ("Politikerin", "Politiker"),
        ("Therapeutin", "Therapeut"),
        ("Ökonomin", "Ökonom"),
        ("Fotografin", "Fotograf"),
        ("Biologin", "Biologe"),
        ("Pädagogin", "Pädagoge"),
        ("Chinesin", "Chinese"),
        ("Portugiesin", "Portugiese"),
        ("Ärztin", "Arzt"),
        ("Zahnärztinnen", "Zahnarzt"),
        ("Rechtsanwältin", "Rechtsanwalt"),
        ("Bäuerin", "Bauer"),
        ("Köchin", "Koch"),
        ("Französin", "Franzose"),
        ("Kollegin", "Kollege"),
        ("Russin", "Russe"),
        ("Weißrussin", "Weißrusse"),
        ("Expertin", "Experte"),
        ("Zeugin", "Zeuge"),
        ("Kundinnen", "Kunde"),
        ("Königin", "König"),
        ("Parteichefin", "Parteichef"),
        ("Stadträtin", "Stadtrat"),
    ],
)
def test_plain_feminine_nouns(word: str, masculine: str) -> None:
    assert gender_forms(word) == GenderForms(word, masculine)


def words(text: str) -> list[str]:
    return text.split()


@pytest.mark.parametrize(
    "word",
    [
        # the classic -in words that are not feminine forms
        *words("Termin Medizin Benzin Kamin Berlin Kremlin Vitamin Disziplin Magazin Ruin"),
        *words("Lenin Putin Stalin Kaffein Protein Rubin Delfin Pinguin Urin Insulin"),
        *words("Jasmin Musselin Robin Gewinn Gewinnen Beginnen Spinnen Innen"),
        # words a suffix rule would take for feminine nouns
        *words("Platin Keratin Gratin Simvastatin Rosmarin Mandarin Glycerin Cholesterin"),
        *words("Schwerin Severin Valentin Konstantin Dentin Terpentin Florin Santorin"),
        # not capitalized, too short, not a person noun, camel case
        "journalistin",
        "lehrerinnen",
        "Zarin",
        "Patin",
        "Martin",
        "Kerstin",
        "LinkedIn",
        "CheckIn",
        "Journalisten",
        "Journalist",
        "Ukraine",
        "3.000",
        "",
    ],
)
def test_words_that_are_not_feminine_forms(word: str) -> None:
    assert gender_forms(word) is None


@pytest.mark.parametrize("word", ["X*innen", "3*innen", "*innen", "Journalist*innenschaft"])
def test_marked_forms_need_a_real_stem(word: str) -> None:
    assert gender_forms(word) is None


def test_masculine_base_keeps_case_of_the_stem() -> None:
    assert masculine_base("Ärzt") == "Arzt"
    assert masculine_base("ärzt") == "arzt"
    assert masculine_base("ÄRZT") == "ARZT"
    assert masculine_base("BIOLOG") == "BIOLOGE"
    assert masculine_base("Ukrain") is None


def test_filter_yields_feminine_word_then_base_at_same_position() -> None:
    assert stream("Die Journalist*innen berichten") == [
        ("Die", "word", 0, 0, 3),
        ("Journalistinnen", "word", 1, 4, 20),
        ("Journalist", "gender", 1, 4, 20),
        ("berichten", "word", 2, 21, 30),
    ]


def test_plain_feminine_noun_keeps_its_text() -> None:
    assert stream("Ärztin hilft") == [
        ("Ärztin", "word", 0, 0, 6),
        ("Arzt", "gender", 0, 0, 6),
        ("hilft", "word", 1, 7, 12),
    ]


def test_query_mode_adds_no_base() -> None:
    assert stream("Journalist*innen Ärztin", mode="query") == [
        ("Journalistinnen", "word", 0, 0, 16),
        ("Ärztin", "word", 1, 17, 23),
    ]


def test_other_kinds_pass_untouched() -> None:
    assert [(text, kind) for text, kind, *_ in stream("www.lehrerin.de Ukraine-Lehrerin")] == [
        ("www.lehrerin.de", "url"),
        ("Ukraine", "word"),
        ("UkraineLehrerin", "joined"),
        ("Lehrerin", "word"),
        ("Lehrer", "gender"),
    ]


def test_tokens_survive_the_shared_token_object_and_lowercasing() -> None:
    analyzer = GermanTokenizer() | GenderFilter() | LowercaseFilter()
    assert [(t.text, t.kind) for t in analyzer("Kolleg*innen und Ärzte")] == [
        ("kolleginnen", "word"),
        ("kollege", "gender"),
        ("und", "word"),
        ("ärzte", "word"),
    ]


@pytest.mark.parametrize(
    ("base", "inflected"),
    [
        ("journalist", "journalisten"),
        ("kollege", "kollegen"),
        ("arzt", "ärzte"),
        ("bauer", "bauern"),
        ("koch", "köche"),
        ("franzose", "franzosen"),
        ("russe", "russen"),
        ("chinese", "chinesen"),
        ("experte", "experten"),
        ("kandidat", "kandidaten"),
    ],
)
def test_base_stems_like_the_masculine_plural(base: str, inflected: str) -> None:
    assert term(base) == term(inflected)


def test_stems_of_base_tokens_line_up_in_the_whole_chain() -> None:
    terms = {(t.text, t.kind) for t in chain()("Journalist*innen Kolleginnen Ärztin")}
    assert {"journalist", "kolleg", "arzt"} <= {text for text, _ in terms}
    assert term("Journalisten") in {text for text, _ in terms}


def test_search_finds_gender_forms_by_masculine_and_feminine_queries() -> None:
    schema = Schema(id=ID(stored=True), body=TEXT(analyzer=chain()))
    index = RamStorage().create_index(schema)
    with index.writer() as writer:
        writer.add_document(id="star", body="Die Journalist*innen berichten")
        writer.add_document(id="fem", body="Eine Ärztin und eine Kollegin")
        writer.add_document(id="masc", body="Die Journalisten und Ärzte")
        writer.add_document(id="termin", body="Ein Termin in Berlin")

    parser = QueryParser("body", index.schema)
    with index.searcher() as searcher:

        def hits(query: str) -> list[str]:
            return sorted(hit["id"] for hit in searcher.search(parser.parse(query)))

        assert hits("Journalisten") == ["masc", "star"]
        assert hits("Journalist") == ["masc", "star"]
        assert hits("Journalistinnen") == ["star"]
        assert hits("Journalist*innen") == ["star"]
        assert hits("Ärzte") == ["fem", "masc"]
        assert hits("Ärztin") == ["fem"]
        assert hits("Kollegen") == ["fem"]
        assert hits('"Die Journalist*innen berichten"') == ["star"]
        assert hits("Term") == []


def test_filter_survives_pickling_and_compares_equal() -> None:
    assert pickle.loads(pickle.dumps(GenderFilter())) == GenderFilter()
    restored = pickle.loads(pickle.dumps(GermanTokenizer() | GenderFilter()))
    assert [t.text for t in restored("Ärzt*innen")] == ["Ärztinnen", "Arzt"]


GENDERISH = st.lists(
    st.sampled_from(
        [*"aAäÄIiß *:_/-.,0", "in", "In", "innen", "Innen", "Journalist", "Ärzt", "Termin"]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=50), GENDERISH), st.sampled_from(["", "query"]))
def test_properties_of_tokenizer_gender_and_chain(text: str, mode: str) -> None:
    def run() -> list[tuple[str, str, int, int, int]]:
        return [
            (t.text, t.kind, t.pos, t.startchar, t.endchar)
            for t in chain()(text, positions=True, chars=True, mode=mode)
        ]

    first = run()
    assert run() == first, "not deterministic"
    assert all(text_ for text_, *_ in first), "empty term"
    positions = [pos for _, _, pos, _, _ in first]
    assert positions == sorted(positions)
    assert all(0 <= start < end <= len(text) for *_, start, end in first)
    toks = stream(text, mode=mode)
    for index, (_, kind, pos, start, end) in enumerate(toks):
        if kind == "gender":
            assert mode != "query"
            _, before_kind, *before_place = toks[index - 1]
            assert before_kind == "word" and before_place == [pos, start, end]
