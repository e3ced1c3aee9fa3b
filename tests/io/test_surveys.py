"""Survey tools' exports with several header rows (Qualtrics)."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

from qualcode.io.cases import read_cases
from qualcode.io.options import ReadOptions
from qualcode.io.tables import read_csv_responses, read_xlsx_responses

QUALTRICS = [
    ["StartDate", "ResponseId", "Q5", "Q6"],
    ["Start Date", "Response ID", "Apa kendala terbesar Anda?", "Usia"],
    ['{"ImportId":"startDate","timezone":"Asia/Jakarta"}', '{"ImportId":"_recordId"}',
     '{"ImportId":"QID5_TEXT"}', '{"ImportId":"QID6"}'],
    ["2024-03-01 08:00:00", "R_1a", "Gaji kecil, jam kerja panjang", "34"],
    ["2024-03-01 09:30:00", "R_2b", "Lembur tidak dibayar", ""],
]
OPTIONS = ReadOptions(text_column="Q5", id_column="ResponseId")


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as out:  # Qualtrics writes a BOM
        csv.writer(out).writerows(rows)
    return path


def _xlsx(path: Path, rows: list[list[str]]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _read(reader, path: Path, options: ReadOptions = OPTIONS) -> list[tuple[str, str, dict]]:
    return [(d.id, d.text, dict(d.attributes)) for d in reader(path, options)]


EXPECTED = [
    ("R_1a", "Gaji kecil, jam kerja panjang",
     {"StartDate": "2024-03-01 08:00:00", "Q6": 34, "row": 4}),
    ("R_2b", "Lembur tidak dibayar", {"StartDate": "2024-03-01 09:30:00", "Q6": "", "row": 5}),
]


def test_a_qualtrics_export_s_question_and_import_id_rows_are_not_respondents(tmp_path):
    assert _read(read_csv_responses, _csv(tmp_path / "qualtrics.csv", QUALTRICS)) == EXPECTED
    assert _read(read_xlsx_responses, _xlsx(tmp_path / "qualtrics.xlsx", QUALTRICS)) == EXPECTED
    # named by row, the first answer is on the fourth row, as the spreadsheet shows it
    docs = read_csv_responses(tmp_path / "qualtrics.csv", ReadOptions(text_column="Q5"))
    assert [d.id for d in docs] == ["qualtrics-4", "qualtrics-5"]


def test_a_cases_table_exported_from_qualtrics_has_no_header_cases(tmp_path):
    rows = [["ResponseId", "role"], ["Response ID", "Peran Anda"],
            ['{"ImportId":"_recordId"}', '{"ImportId":"QID1"}'], ["R_1a", "buruh"]]
    for path in (_csv(tmp_path / "cases.csv", rows), _xlsx(tmp_path / "cases.xlsx", rows)):
        cases = read_cases(path, id_column="ResponseId")
        assert [(c.id, dict(c.attributes)) for c in cases] == [("R_1a", {"role": "buruh"})]


def test_a_third_row_that_is_not_all_import_ids_is_data(tmp_path):
    for third in (['{"ImportId":"_recordId"}', "Saya setuju"],  # one real answer
                  ['{"Import":"x"}', '{"ImportId":'],  # JSON without the key, broken JSON
                  ["", ""]):
        rows = [["id", "text"], ["a", "satu"], third, ["c", "tiga"]]
        path = _csv(tmp_path / "plain.csv", rows)
        texts = [d.text for d in read_csv_responses(path, ReadOptions())]
        assert texts == ["satu", *([third[1]] if third[1] else []), "tiga"]
