"""A deterministic German news corpus in searchidx's JSONL shape.

About 70% articles (title + ~250 words) and 30% comments (a few sentences,
linked to an earlier article), ~20 outlets with Zipf-like shares, dates spread
over 2024-2025. Sentences are real German prose from Debian packages (see
:mod:`benchmarks.prose`) mixed with sentences of wordfreq words drawn by their
real German frequency, so the vocabulary grows with the corpus like real text.
Without the prose packages every sentence comes from wordfreq.

Same ``docs``, ``seed`` and installed sources give the same bytes. The files
live in a cache directory outside git (``~/.cache/searchidx-bench``).
"""

from __future__ import annotations

import itertools
import json
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Final

from benchmarks import prose

CORPUS_VERSION: Final = 1
INCREMENT_DOCS: Final = 1_000
ARTICLE_SHARE: Final = 0.7
PROSE_SHARE: Final = 0.7
VOCABULARY_SIZE: Final = 100_000
START: Final = datetime(2024, 1, 1)
SPAN: Final = timedelta(days=730)
OUTLETS: Final = (
    "Rheinische Rundschau", "Alpenbote", "Hamburger Abendblatt Digital", "Tagesecho",
    "Südtirol News", "Berliner Morgenpost Online", "Ostsee-Zeitung", "Der Beobachter",
    "Frankenpost", "Kurier am Sonntag", "Weser Kurier", "Schwarzwälder Bote",
    "DayFR Deutsch", "Nordkurier", "Lausitzer Landbote", "Pfälzer Merkur",
    "Thüringer Allgemeine Netz", "Münchner Stadtanzeiger", "Elbe-Jeetzel-Zeitung", "Saarbote",
)  # fmt: skip
AUTHORS: Final = tuple(
    f"{first} {last}"
    for first, last in itertools.product(
        ("Anna", "Jonas", "Lea", "Paul", "Mia", "Felix", "Emma", "Lukas", "Sophie", "Max"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Wagner", "Hoffmann"),
    )
)
_NGERMAN: Final = Path("/usr/share/dict/ngerman")


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "searchidx-bench"


@dataclass(frozen=True)
class CorpusFiles:
    """The main corpus and the documents added to it afterwards (incremental test)."""

    main: Path
    increment: Path
    docs: int
    prose_sentences: int


def ensure_corpus(
    docs: int, seed: int = 1, directory: Path | None = None, add_docs: int = INCREMENT_DOCS
) -> CorpusFiles:
    """Generate (or reuse from the cache) ``docs`` documents and ``add_docs`` more."""
    directory = directory or cache_dir()
    key = f"v{CORPUS_VERSION}-s{seed}-{prose.fingerprint()}-{docs}+{add_docs}"
    main = directory / f"corpus-{key}.jsonl"
    increment = directory / f"increment-{key}.jsonl"
    meta = directory / f"corpus-{key}.json"
    if main.is_file() and increment.is_file() and meta.is_file():
        sentences = json.loads(meta.read_text())["prose_sentences"]
        return CorpusFiles(main, increment, docs, sentences)
    directory.mkdir(parents=True, exist_ok=True)
    generator = Generator(seed, prose.german_sentences(), docs)
    records = generator.records(docs + add_docs)
    _write_jsonl(main, itertools.islice(records, docs))
    _write_jsonl(increment, records)
    meta.write_text(json.dumps({"docs": docs, "prose_sentences": len(generator.prose)}))
    return CorpusFiles(main, increment, docs, len(generator.prose))


def _write_jsonl(path: Path, records: Iterator[dict[str, Any]]) -> None:
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    partial.replace(path)


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


class Generator:
    """Draws documents from a seeded RNG; ``span_docs`` spreads dates over two years."""

    def __init__(self, seed: int, prose_sentences: list[str], span_docs: int) -> None:
        self.rng = random.Random(seed)
        self.prose = prose_sentences
        self.span_docs = max(span_docs, 1)
        self.words = _vocabulary()
        self.word_weights = list(
            itertools.accumulate(1.0 / rank for rank in range(1, 1 + len(self.words)))
        )
        self.outlet_weights = list(itertools.accumulate(1.0 / rank for rank in range(1, 21)))
        self.articles: list[tuple[str, datetime, str]] = []  # id, date, title

    def records(self, count: int) -> Iterator[dict[str, Any]]:
        for number in range(count):
            if not self.articles or self.rng.random() < ARTICLE_SHARE:
                yield self._article(number)
            else:
                yield self._comment(number)

    def _article(self, number: int) -> dict[str, Any]:
        rng = self.rng
        fraction = min(number / self.span_docs, 1.0)
        date = START + SPAN * fraction + timedelta(minutes=rng.randrange(-720, 720))
        date = max(date, START).replace(second=0, microsecond=0)
        title = self._title()
        outlet = rng.choices(OUTLETS, cum_weights=self.outlet_weights)[0]
        doc_id = f"a{number:07d}"
        self.articles.append((doc_id, date, title))
        slug = "-".join(title.lower().split()[:5])
        return {
            "id": doc_id,
            "type": "article",
            "title": title,
            "text": self._paragraphs(rng.randint(180, 320)),
            "source": outlet,
            "date": date.isoformat(),
            "author": rng.choice(AUTHORS) if rng.random() < 0.6 else None,
            "url": f"https://news.example/{number}/{slug}",
        }

    def _comment(self, number: int) -> dict[str, Any]:
        rng = self.rng
        # Readers comment on recent articles, within three days of publication.
        parent_id, parent_date, _ = self.articles[
            -1 - min(int(rng.expovariate(0.01)), len(self.articles) - 1)
        ]
        date = parent_date + timedelta(minutes=rng.randrange(5, 3 * 24 * 60))
        return {
            "id": f"c{number:07d}",
            "type": "comment",
            "text": self._sentences(rng.randint(1, 4)),
            "source": rng.choices(OUTLETS, cum_weights=self.outlet_weights)[0],
            "date": date.isoformat(),
            "author": f"leser{rng.randrange(5000)}",
            "parent_id": parent_id,
        }

    def _title(self) -> str:
        if self.prose and self.rng.random() < 0.5:
            words = self.rng.choice(self.prose).rstrip(".!?").split()
            return " ".join(words[: self.rng.randint(4, 10)])
        return self._zipf_sentence(self.rng.randint(4, 9)).rstrip(".")

    def _paragraphs(self, words: int) -> str:
        paragraphs, current, total = [], [], 0
        while total < words:
            sentence = self._sentence()
            current.append(sentence)
            total += sentence.count(" ") + 1
            if len(current) >= self.rng.randint(3, 6):
                paragraphs.append(" ".join(current))
                current = []
        paragraphs.append(" ".join(current))
        return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)

    def _sentences(self, count: int) -> str:
        return " ".join(self._sentence() for _ in range(count))

    def _sentence(self) -> str:
        if self.prose and self.rng.random() < PROSE_SHARE:
            return self.rng.choice(self.prose)
        return self._zipf_sentence(self.rng.randint(6, 18))

    def _zipf_sentence(self, length: int) -> str:
        words = self.rng.choices(self.words, cum_weights=self.word_weights, k=length)
        sentence = " ".join(words)
        return sentence[0].upper() + sentence[1:] + "."


def _vocabulary() -> list[str]:
    """wordfreq's German list by rank, nouns capitalized as ngerman spells them."""
    from wordfreq import top_n_list

    nouns = _capitalized_words()
    words = [word for word in top_n_list("de", VOCABULARY_SIZE) if word.isalpha()]
    return [word.capitalize() if word in nouns else word for word in words]


def _capitalized_words() -> frozenset[str]:
    if not _NGERMAN.is_file():
        return frozenset()
    lines = _NGERMAN.read_text(encoding="utf-8", errors="replace").split()
    lower = {line for line in lines if line.islower()}
    return frozenset(
        line.lower() for line in lines if line[:1].isupper() and line.lower() not in lower
    )
