"""Cells of the streamed codings CSV are rendered exactly as the csv module renders them."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from qualcode.report.codings_stream import render_cell


def _csv_line(cells: list[object]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


def test_render_cell_examples():
    assert render_cell("plain text") == "plain text"
    assert render_cell("") == ""
    assert render_cell("a, b") == '"a, b"'
    assert render_cell('say "no"') == '"say ""no"""'
    assert render_cell("two\nlines") == '"two\nlines"'
    assert render_cell("=1+1") == "=1+1"  # making it inert is safe_cell's work
    assert render_cell("carriage\rreturn") == _csv_line(["carriage\rreturn", ""])[:-2]


@given(st.lists(st.text(alphabet=st.sampled_from('ab ,"\n\r\t\'=é’;'), max_size=12),
                min_size=2, max_size=5))
def test_a_row_of_rendered_cells_is_the_csv_modules_row(cells):
    assert ",".join(render_cell(c) for c in cells) + "\n" == _csv_line(cells)

