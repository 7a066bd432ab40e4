"""The one place CSV is written (search hits, timelines, exports), safe for spreadsheets.

*Formula injection.* A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return is run as a formula by Excel and LibreOffice
(``=HYPERLINK(…)`` in a reader comment would become a live link). As OWASP
recommends, such text cells get a leading ``'``, which spreadsheets show as
plain text; numbers we write ourselves are left alone. ``raw=True`` (CLI
``--raw-csv``, HTTP ``raw_csv=true``) writes the text unchanged.

*Round trip.* Rows end in ``\\n``, and Python's writer only quotes fields that
hold characters of the line terminator, so a lone ``\\r`` inside a field would
end the row for every reader. A row with a ``\\r`` in any field is therefore
written with every field quoted; ``csv.reader`` reads every row back as written.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LINE_END = "\n"


def neutralised(value: Any) -> Any:
    """``value`` with a ``'`` in front if a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class CsvLines:
    """Rows of ``columns`` as CSV text, one string per row (header included)."""

    def __init__(self, columns: Sequence[str], *, raw: bool = False) -> None:
        # Imported here: only CSV output pays for the csv module, not every fresh
        # `searchidx search` that prints a table (issue 17, cold start).
        import csv

        self.columns = tuple(columns)
        self.raw = raw
        self._buffer = io.StringIO()
        self._minimal = csv.writer(self._buffer, lineterminator=LINE_END)
        self._quoted = csv.writer(self._buffer, lineterminator=LINE_END, quoting=csv.QUOTE_ALL)

    def header(self) -> str:
        return self._line(self.columns)

    def row(self, values: Mapping[str, Any]) -> str:
        """One row; missing columns are empty, keys that are not columns are left out."""
        cells = [values.get(column) for column in self.columns]
        if not self.raw:
            cells = [neutralised(cell) for cell in cells]
        return self._line(cells)

    def rows(self, rows: Iterable[Mapping[str, Any]]) -> str:
        return "".join(self.row(values) for values in rows)

    def comment(self, text: str) -> str:
        """A ``# …`` provenance line, one quoted cell if a spreadsheet could split it badly."""
        line = f"# {text}"
        if "\r" in line or "\n" in line or _splits_into_formula(line):
            return self._line([line], quote=True)
        return line + LINE_END

    def _line(self, cells: Sequence[Any], *, quote: bool = False) -> str:
        writer = self._quoted if quote or any(_has_cr(cell) for cell in cells) else self._minimal
        writer.writerow(cells)
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return text


def _has_cr(cell: Any) -> bool:
    return isinstance(cell, str) and "\r" in cell


def _splits_into_formula(line: str) -> bool:
    """Whether a cell after a comma in ``line`` would start like a formula."""
    return any(piece.lstrip(' "').startswith(FORMULA_STARTS) for piece in line.split(",")[1:])
