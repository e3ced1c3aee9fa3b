"""The file line of each row of a codings table, for messages."""

from qualcode.io.codings import read_coded_table, read_coders, row_lines


def test_lines_skip_blank_lines_and_follow_cells_that_span_lines(tmp_path):
    path = tmp_path / "ana.csv"
    path.write_text('document,segment,code,text\n\nd1,1,a,"two\nlines"\n  \nd1,2,b,x\n',
                    encoding="utf-8")
    assert row_lines(path, 2) == (3, 6)
    assert read_coded_table(path).attrs["qualcode_origin"] == ((str(path), 2, (3, 6)),)


def test_a_plain_file_has_one_line_per_row(tmp_path):
    path = tmp_path / "ana.csv"
    path.write_text("document,segment,code\nd1,1,a\nd1,2,b\n", encoding="utf-8")
    assert row_lines(path, 2) is None


def test_coders_files_keep_their_origin(tmp_path):
    ana, budi = tmp_path / "ana.csv", tmp_path / "budi.csv"
    ana.write_text("document,segment,code\nd1,1,a\n", encoding="utf-8")
    budi.write_text("document,segment,code\nd1,1,a\nd1,2,b\n", encoding="utf-8")
    table = read_coders([ana, budi])
    assert table["coder"].tolist() == ["ana", "budi", "budi"]
    assert table.attrs["qualcode_origin"] == ((str(ana), 1, None), (str(budi), 2, None))
    assert read_coders(str(ana))["coder"].tolist() == ["ana"]  # one file, not its letters
