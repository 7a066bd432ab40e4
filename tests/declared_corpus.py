"""A small corpus with keys of its own (section, words, published, lang), for declared fields."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RECORDS: list[dict[str, Any]] = [
    {
        "id": "w1",
        "type": "article",
        "title": "Haushalt beschlossen",
        "text": "Der Bundestag hat den Haushalt beschlossen. Die Wirtschaft reagiert gelassen.",
        "source": "Zeit",
        "date": "2024-03-10T08:00:00",
        "section": "Wirtschaft",
        "words": 600,
        "published": "2024-03-10T08:00:00",
        "lang": "de",
    },
    {
        "id": "p1",
        "type": "article",
        "title": "Wahl in Thüringen",
        "text": "Die Wahl in Thüringen war knapp. Der Haushalt des Landes spielt eine Rolle.",
        "source": "Spiegel",
        "date": "2024-09-01T10:00:00",
        "section": "Politik",
        "words": 300,
        "published": "2024-09-01",
        "paywall": True,
    },
    {
        "id": "w2",
        "type": "article",
        "title": "Börse im Aufwind",
        "text": "Die Börse steigt, der Haushalt hilft den Anlegern.",
        "source": "Zeit",
        "date": "2024-10-01T12:00:00",
        "section": "Wirtschaft",
        "words": "1200",
        "rubric": {"name": "Märkte", "level": 2},
    },
    {
        "id": "p1#c1",
        "type": "comment",
        "parent_id": "p1",
        "text": "Der Haushalt ist mir egal.",
        "author": "leser",
        "section": "Politik",
    },
]
FIELDS = ("section:keyword", "words:numeric", "published:date")


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "corpus.jsonl"
    path.write_text(
        "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in RECORDS),
        encoding="utf-8",
    )
    return path
