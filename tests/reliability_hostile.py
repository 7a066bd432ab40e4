"""A generated corpus of hostile input, with what searchidx must make of each piece.

Every bad record is listed by the location its one "skipped:" message must
name (``file`` or ``file:line``); every good record by its id, with a check of
what must come back from ``get``.
"""

from __future__ import annotations

import codecs
import json
import os
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from searchidx import Document

Check = Callable[[Document], bool]


@dataclass
class Hostile:
    root: Path
    bad: list[str] = field(default_factory=list)
    good: dict[str, Check] = field(default_factory=dict)
    noted: list[str] = field(default_factory=list)  # locations that must get a "note:"

    def file(self, name: str | bytes, data: bytes) -> str:
        path = self.root / (os.fsdecode(name) if isinstance(name, bytes) else name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return str(path)


def article(doc_id: Any, text: Any = "Text", **fields: Any) -> dict[str, Any]:
    return {"id": doc_id, "type": "article", "title": "Titel", "text": text, **fields}


def line(record: Any) -> str:
    return json.dumps(record, ensure_ascii=False)


def build(root: Path, seed: int = 1) -> Hostile:
    hostile = Hostile(root)
    rng = random.Random(seed)
    _binary_files(hostile, rng)
    _encodings(hostile)
    _odd_lines(hostile)
    _names(hostile)
    return hostile


def _binary_files(hostile: Hostile, rng: random.Random) -> None:
    hostile.bad.append(hostile.file("binär daten.txt", rng.randbytes(8192)))
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(4096)
    hostile.bad.append(hostile.file("bild.txt", png))
    hostile.bad.append(hostile.file("leer.jsonl", b""))
    hostile.bad.append(hostile.file("nullen.txt", b"\x00" * 4096))
    page = "Meldung mit NUL\n\nDer Text\x00 über Kursk geht weiter.\n"
    hostile.file("nul im text.txt", page.encode())
    hostile.good["nul im text"] = lambda doc: "Der Text über Kursk" in doc.text


def _encodings(hostile: Hostile) -> None:
    intact = line(article("u8-1", "Grüße aus Köln")) + "\n" + line(article("u8-2", "Straße"))
    broken = line(article("u8-3", "A-B")).encode().replace(b"A-B", b"A\xffB")  # a stray byte
    damaged = intact.encode() + b"\n" + broken + b"\n"
    hostile.noted.append(hostile.file("utf8 beschädigt.jsonl", damaged))
    hostile.good["u8-1"] = lambda doc: doc.text == "Grüße aus Köln"
    hostile.good["u8-2"] = lambda doc: doc.text == "Straße"
    hostile.good["u8-3"] = lambda doc: doc.text == "A\ufffdB"
    greeting = line(article("u16-bom", "Grüße mit BOM")) + "\n"
    hostile.file("utf16 mit bom.jsonl", codecs.BOM_UTF16_LE + greeting.encode("utf-16-le"))
    hostile.good["u16-bom"] = lambda doc: doc.text == "Grüße mit BOM"
    bare = line(article("u16-bare", "Grüße ohne BOM")) + "\n"
    hostile.noted.append(hostile.file("utf16 ohne bom.jsonl", bare.encode("utf-16-le")))
    hostile.good["u16-bare"] = lambda doc: doc.text == "Grüße ohne BOM"
    page = "Grüße aus Köln\n\nDer Text über Straßen und Maß.\n"
    hostile.noted.append(hostile.file("latin1 Grüße.txt", page.encode("latin-1")))
    hostile.good["latin1 Grüße"] = lambda doc: "über Straßen und Maß" in doc.text
    quote = "„Zitat“ – Grüße für 5 €"
    cp1252 = (line(article("cp1252", quote)) + "\n").encode("windows-1252")
    hostile.noted.append(hostile.file("windows1252.jsonl", cp1252))
    hostile.good["cp1252"] = lambda doc: doc.text == quote


def _nested(depth: int) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for _ in range(depth):
        nested = {"n": nested}
    return nested


BAD_LINES: list[str] = [
    "[]",
    '"nur ein String"',
    "42",
    "null",
    "true",
    "{",
    '{"id": "x",}',
    "{'id': 'x'}",
    "\ufeff" + line(article("bom-mitten")),
    line(article("tief", extra=_nested(40))),
    "[" * 100_000 + "]" * 100_000,
    line(article("nan"))[:-1] + ', "wert": NaN}',
    line(article("riesenzahl"))[:-1] + ', "n": 1' + "0" * 5000 + "}",
    line(article(17)),
    line(article("liste", ["Text"])),
    line({**article("titelobjekt"), "title": {"de": "Titel"}}),
    line({**article("video"), "type": "video"}),
    line(article("datumzahl", date=20241018)),
    line(article("quelle", source=True)),
    line(article("autorliste", author=["a"])),
    line(article("extrastring", extra="str")),
    line(article("rangzahl", rank=3)),
    line({"type": "article", "title": "T", "text": "ohne id"}),
    line(article("")),
    line(article("   ")),
    line(article("x" * 1001)),
    line({"id": "ohnetext", "type": "article", "title": "T"}),
    line({"id": "ohnetyp", "title": "T", "text": "x"}),
    line({"id": "ohnetitel", "type": "article", "text": "x"}),
    line(article("monat13", date="2024-13-45")),
    line(article("gestern", date="gestern")),
    line(article("deutsch", date="18.10.2024")),
]


def _odd_lines(hostile: Hostile) -> None:
    good: list[tuple[str, Check]] = [
        (line(article("dup", "erste Fassung")), lambda doc: doc.text == "zweite Fassung"),
        (line(article("zukunft", date="2999-01-01")), lambda doc: doc.date is None),
        (
            '{"id": "surrogat", "type": "article", "title": "T", "text": "kaputt \\ud800 ende"}',
            lambda doc: doc.text == "kaputt \ufffd ende",
        ),
        (
            line(article("steuerzeichen", "Glocke \u0007 und Tab\t!")),
            lambda doc: doc.text == "Glocke \u0007 und Tab\t!",
        ),
        (line(article("ид-😀", "Unicode Kennung")), lambda doc: doc.text == "Unicode Kennung"),
        (
            line(article("verschachtelt", extra={"a": {"b": [1, {"c": None}]}})),
            lambda doc: doc.extra == {"a": {"b": [1, {"c": None}]}},
        ),
        (
            line({**article("nullfelder"), "source": None, "author": None, "date": None}),
            lambda doc: doc.source == "unbekannt",
        ),
        (
            line({"id": "k1", "type": "comment", "text": "Kommentar", "parent_id": "dup"}),
            lambda doc: doc.type == "comment" and doc.parent_id == "dup",
        ),
        (line(article("dup", "zweite Fassung")), lambda doc: doc.text == "zweite Fassung"),
    ]
    records = [*BAD_LINES, *(text for text, _ in good)]
    order = list(range(len(records)))
    random.Random(3).shuffle(order)
    order.remove(len(records) - 1)  # the second "dup" stays last: the later record wins
    order.append(len(records) - 1)
    body = "\n".join(records[index] for index in order) + "\n"
    location = hostile.file("seltsam.jsonl", body.encode())
    for number, index in enumerate(order, start=1):
        if index < len(BAD_LINES):
            hostile.bad.append(f"{location}:{number}")
            continue
        doc_id = json.loads(records[index])["id"]
        hostile.good[doc_id] = good[index - len(BAD_LINES)][1]
        if doc_id == "zukunft" or number == len(order):  # a future date; the repeated id
            hostile.noted.append(f"{location}:{number}")


def _names(hostile: Hostile) -> None:
    hostile.file("Grüße aus Köln mit Leerzeichen.txt", "Titel\n\nInhalt über Pjöngjang.\n".encode())
    hostile.good["Grüße aus Köln mit Leerzeichen"] = lambda doc: "Pjöngjang" in doc.text
    hostile.file(b"caf\xe9 latin1 name.txt", "Titel\n\nInhalt über Kiew.\n".encode())
    hostile.good["café latin1 name"] = lambda doc: "Kiew" in doc.text
    deep = line(article("tief-im-ordner", "ganz unten")) + "\n"
    hostile.file("unter ordner/noch tiefer/tief.jsonl", deep.encode())
    hostile.good["tief-im-ordner"] = lambda doc: doc.text == "ganz unten"
