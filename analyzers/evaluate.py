"""Check the analyzers against reference data.

    python -m analyzers.evaluate stems [--voc FILE --output FILE]

``stems`` compares :func:`analyzers.stem` with the Snowball reference output
and exits with status 1 unless every word agrees.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from analyzers.stemming import stem

_SNOWBALL_DATA: Final = Path(__file__).resolve().parent.parent / "tests/data/snowball-german"
_MAX_SHOWN_MISMATCHES: Final = 10


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
        stem(words[0])  # load NLTK outside the timed loop; words/s measures stemming only
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "stems":
        return evaluate_stems(args.voc, args.output)
    raise AssertionError(f"unhandled command {args.command!r}")


if __name__ == "__main__":
    sys.exit(main())
