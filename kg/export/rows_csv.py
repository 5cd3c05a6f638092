"""Query rows as CSV, for the console's download and ``debatekg query --format csv``.

Thread text is whatever people wrote, so a cell may start with ``=``: a spreadsheet opening
the file would run it as a formula. Such cells are prefixed with ``'`` (shown as text, the
usual guard). Nested values (nodes, lists, maps) become compact JSON.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def rows_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A header line, then one line per row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows([csv_cell(v) for v in row] for row in rows)
    return out.getvalue()


def csv_cell(value: Any) -> Any:
    """A cell a spreadsheet shows as text: numbers stay numbers, a formula stays text."""
    if value is None or isinstance(value, bool | int | float):
        return value
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
