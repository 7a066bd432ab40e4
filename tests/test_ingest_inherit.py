"""Comments take their article's title and outlet, before or after it, or from the index."""

from __future__ import annotations

import pytest

from searchidx.ingest import inherit
from searchidx.ingest.inherit import inherit_from_parents
from searchidx.models import Document, Notice

ARTICLE = Document("a1", "article", "Text.", title="Titel", source="Blatt")


def comment(doc_id: str, parent: str, **fields: str) -> Document:
    return Document(doc_id, "comment", "Meinung.", parent_id=parent, **fields)  # type: ignore[arg-type]


def test_comments_before_and_after_their_article() -> None:
    records = [comment("c1", "a1"), ARTICLE, comment("c2", "a1", source="Eigen")]
    out = [r for r in inherit_from_parents(records) if isinstance(r, Document)]
    by_id = {d.id: d for d in out}
    assert (by_id["c1"].title, by_id["c1"].source) == ("Titel", "Blatt")
    assert (by_id["c2"].title, by_id["c2"].source) == ("Titel", "Eigen")  # its own outlet stays
    assert [d.id for d in out] == ["a1", "c1", "c2"]


def test_the_index_is_asked_once_per_parent_and_orphans_are_noted() -> None:
    asked: list[str] = []

    def lookup(doc_id: str) -> tuple[str, str] | None:
        asked.append(doc_id)
        return ("Alt", "Archiv") if doc_id == "old" else None

    records = [comment("c1", "old"), comment("c2", "old"), comment("c3", "gone")]
    out = list(inherit_from_parents(records, lookup))
    docs = {r.id: r for r in out if isinstance(r, Document)}
    assert docs["c1"].source == docs["c2"].source == "Archiv" and asked == ["old", "gone"]
    assert docs["c3"].title == ""
    (notice,) = [r for r in out if isinstance(r, Notice)]
    assert "'gone'" in notice.message


def test_waiting_comments_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inherit, "MAX_WAITING", 2)
    records = [comment(f"c{n}", f"p{n}") for n in range(5)]
    out = [r.id for r in inherit_from_parents(records) if isinstance(r, Document)]
    assert out[:3] == ["c0", "c1", "c2"] and len(out) == 5
