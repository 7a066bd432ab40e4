"""Check the analyzers against reference data.

    python -m analyzers.evaluate stems [--voc FILE --output FILE]
    python -m analyzers.evaluate compounds [FILE.tsv] [-v] [--min-f1 F] [--max-false-splits R]

``stems`` compares :func:`analyzers.stem` with the Snowball reference output
and exits with status 1 unless every word agrees.

``compounds`` compares :func:`analyzers.compounds.split_compound` with a gold
standard of ``WORD<TAB>seg|men|ta|tion`` lines (``#`` starts a comment; a line
without ``|`` is a non-compound). It prints split-point precision, recall and
F1, the share of non-compounds that were split, and words/s, and exits with
status 1 if F1 is below ``--min-f1`` or the false-split rate above
``--max-false-splits``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from analyzers.compounds import clear_cache, split_compound
from analyzers.lexicon import get_lexicon
from analyzers.stemming import stem

_DATA: Final = Path(__file__).resolve().parent.parent / "tests/data"
_SNOWBALL_DATA: Final = _DATA / "snowball-german"
_MAX_SHOWN_MISMATCHES: Final = 10
DEFAULT_MIN_F1: Final = 0.92
DEFAULT_MAX_FALSE_SPLITS: Final = 0.05


def _read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def evaluate_stems(voc: Path, expected: Path) -> int:
    """Print agreement of :func:`stem` with ``expected``; return the exit status."""
    missing = [str(path) for path in (voc, expected) if not path.is_file()]
    if missing:
        print(f"error: file not found: {', '.join(missing)}")
        return 2
    words = _read_lines(voc)
    stems = _read_lines(expected)
    if len(words) != len(stems):
        print(f"error: {voc} has {len(words)} lines but {expected} has {len(stems)}")
        return 2

    if words:
        stem(words[0])  # warm up outside the timed loop; words/s measures stemming only
    started = time.perf_counter()
    actual = [stem(word) for word in words]
    elapsed = time.perf_counter() - started

    mismatches = [(w, e, a) for w, e, a in zip(words, stems, actual, strict=True) if e != a]
    agreements = len(words) - len(mismatches)
    percent = 100.0 * agreements / len(words) if words else 100.0
    for word, want, got in mismatches[:_MAX_SHOWN_MISMATCHES]:
        print(f"mismatch: {word!r}: expected {want!r}, got {got!r}")
    print(f"words:      {len(words)}")
    print(f"agreements: {agreements}")
    print(f"agreement:  {percent:.2f}%")
    print(f"words/s:    {len(words) / elapsed if elapsed > 0 else float('inf'):.0f}")
    return 0 if not mismatches else 1


@dataclass(frozen=True, slots=True)
class GoldCompound:
    word: str
    parts: tuple[str, ...]


class GoldFormatError(ValueError):
    """A line of the gold file is not ``WORD<TAB>seg|men|ts`` spelling out the word."""


def read_gold(path: Path) -> list[GoldCompound]:
    """Parse a compound gold file (see the module docstring)."""
    gold: list[GoldCompound] = []
    for number, line in enumerate(_read_lines(path), 1):
        if not line.strip() or line.startswith("#"):
            continue
        word, tab, segmentation = line.partition("\t")
        parts = tuple(segmentation.strip().split("|"))
        if not tab or "".join(parts) != word.strip().lower():
            raise GoldFormatError(f"{path}:{number}: expected WORD<TAB>parts, got {line!r}")
        gold.append(GoldCompound(word.strip(), parts))
    return gold


def split_points(parts: Sequence[str]) -> set[int]:
    """Offsets inside the word where one part ends and the next begins."""
    points: set[int] = set()
    offset = 0
    for part in parts[:-1]:
        offset += len(part)
        points.add(offset)
    return points


def _ratio(numerator: int, denominator: int, empty: float) -> float:
    return numerator / denominator if denominator else empty


def evaluate_compounds(path: Path, min_f1: float, max_false_splits: float, verbose: bool) -> int:
    """Print how well :func:`split_compound` matches ``path``; return the exit status."""
    if not path.is_file():
        print(f"error: file not found: {path}")
        return 2
    try:
        gold = read_gold(path)
    except GoldFormatError as error:
        print(f"error: {error}")
        return 2
    get_lexicon()  # load outside the timed loop; words/s measures splitting only
    clear_cache()
    started = time.perf_counter()
    predicted = [tuple(split_compound(item.word)) for item in gold]
    elapsed = time.perf_counter() - started

    correct = found = expected = false_splits = 0
    for item, parts in zip(gold, predicted, strict=True):
        want, got = split_points(item.parts), split_points(parts)
        correct, found, expected = correct + len(want & got), found + len(got), expected + len(want)
        false_splits += len(item.parts) == 1 and len(parts) > 1
        if verbose and parts != item.parts:
            want_text, got_text = "|".join(item.parts), "|".join(parts)
            print(f"error: {item.word!r}: expected {want_text!r}, got {got_text!r}")
    precision, recall = _ratio(correct, found, 1.0), _ratio(correct, expected, 1.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    simple = sum(len(item.parts) == 1 for item in gold)
    false_rate = _ratio(false_splits, simple, 0.0)
    print(f"words:         {len(gold)} ({len(gold) - simple} compounds, {simple} non-compounds)")
    print(f"split points:  {expected} expected, {found} found, {correct} correct")
    print(f"precision:     {precision:.3f}")
    print(f"recall:        {recall:.3f}")
    print(f"F1:            {f1:.3f}")
    print(f"false splits:  {false_splits}/{simple} ({100.0 * false_rate:.1f}%)")
    print(f"words/s:       {len(gold) / elapsed if elapsed > 0 else float('inf'):.0f}")
    return 0 if f1 >= min_f1 and false_rate <= max_false_splits else 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analyzers.evaluate", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    stems = commands.add_parser("stems", help="compare stem() with the Snowball reference")
    stems.add_argument(
        "--voc", type=Path, default=_SNOWBALL_DATA / "voc.txt", help="one word per line"
    )
    stems.add_argument(
        "--output",
        type=Path,
        default=_SNOWBALL_DATA / "output.txt",
        help="the expected stem of each word, same line",
    )
    compounds = commands.add_parser(
        "compounds", help="compare split_compound() with a segmentation gold standard"
    )
    compounds.add_argument(
        "gold",
        type=Path,
        nargs="?",
        default=_DATA / "compounds_dev.tsv",
        help="WORD<TAB>seg|men|ts lines (default: tests/data/compounds_dev.tsv)",
    )
    compounds.add_argument("-v", "--verbose", action="store_true", help="list every error")
    compounds.add_argument(
        "--min-f1", type=float, default=DEFAULT_MIN_F1, help="fail below this split-point F1"
    )
    compounds.add_argument(
        "--max-false-splits",
        type=float,
        default=DEFAULT_MAX_FALSE_SPLITS,
        help="fail above this share of split non-compounds (0.05 = 5%%)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "stems":
        return evaluate_stems(args.voc, args.output)
    if args.command == "compounds":
        return evaluate_compounds(args.gold, args.min_f1, args.max_false_splits, args.verbose)
    raise AssertionError(f"unhandled command {args.command!r}")


if __name__ == "__main__":
    sys.exit(main())
