"""Other forms of a German verb stem (searchidx.query.verb_forms), on Snowball stems."""

from __future__ import annotations

import pytest

from analyzers.stemming import stem
from searchidx.query.verb_forms import verb_forms


@pytest.mark.parametrize(
    ("word", "other"),
    [
        ("anzurufen", "angerufen"),  # the zu infix and the ge infix behind a particle
        ("angerufen", "anrufen"),
        ("anrufen", "anzurufen"),
        ("eingeladen", "einladen"),
        ("einladen", "einzuladen"),
        ("kauft", "gekauft"),  # the ge prefix, with and without the final t
        ("gekauft", "kaufen"),
        ("verkauft", "verkaufen"),  # an inseparable prefix: only the final t
    ],
)
def test_a_verb_form_lists_the_stem_of_another_form(word: str, other: str) -> None:
    assert stem(other) in verb_forms(stem(word))


def test_the_stem_itself_and_short_forms_are_not_listed() -> None:
    forms = verb_forms("angeruf")
    assert "angeruf" not in forms
    assert all(len(form) >= 4 for form in verb_forms("gebet"))


def test_inseparable_prefixes_take_no_ge() -> None:
    assert not any(form.startswith("gebe") for form in verb_forms("bezahlt"))
    assert not any(form.startswith("gever") for form in verb_forms("verkauft"))
