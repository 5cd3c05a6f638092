"""Query rows as CSV: what a spreadsheet opens is text, never a formula, and nothing is lost."""

from __future__ import annotations

import csv
import io

from kg.export.rows_csv import rows_csv


def test_cells_that_look_like_formulas_stay_text() -> None:
    text = rows_csv(["a", "b"], [["=HYPERLINK(\"http://x\")", "-1 point"], ["@me", "+44"]])
    assert list(csv.reader(io.StringIO(text)))[1:] == [
        ["'=HYPERLINK(\"http://x\")", "'-1 point"], ["'@me", "'+44"]]


def test_numbers_text_with_newlines_and_nested_values_round_trip() -> None:
    text = rows_csv(["n", "text", "node"], [[3, "two\nlines, one comma", {"id": "t1", "ids": [1]}]])
    assert list(csv.reader(io.StringIO(text))) == [
        ["n", "text", "node"], ["3", "two\nlines, one comma", '{"id": "t1", "ids": [1]}']]
