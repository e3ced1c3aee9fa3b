"""``qualcode agree``, ``evaluate`` and ``adjudicate`` run in-process; the worked examples
reproduce through the command line."""

import io

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from qualcode.analysis.agreement import agreement
from qualcode.cli.app import app

runner = CliRunner()

KRIPPENDORFF = {  # observers A-D over units 1-12; "" = missing
    "A": ["1", "2", "3", "3", "2", "1", "4", "1", "2", "", "", ""],
    "B": ["1", "2", "3", "3", "2", "2", "4", "1", "2", "5", "", "3"],
    "C": ["", "3", "3", "3", "2", "3", "4", "2", "2", "5", "1", ""],
    "D": ["1", "2", "3", "3", "2", "4", "4", "1", "2", "5", "1", ""],
}
FLEISS_COUNTS = [
    [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
]


def run(*args):
    result = runner.invoke(app, [str(a) for a in args])
    return result


def printed(stdout, item):
    """The printed table's row for ``item``: header -> cell, for the columns up to alpha."""
    lines = stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("item"))
    names = lines[header].split()
    names = names[: names.index("alpha") + 1]
    cells = next(line.split() for line in lines[header + 2 :] if line.split()[0] == item)
    return dict(zip(names, cells, strict=False))


def csv_out(*args):
    result = run(*args, "-o", "-")
    assert result.exit_code == 0, result.output
    return pd.read_csv(io.StringIO(result.stdout))


def test_krippendorff_example_through_the_cli(tmp_path):
    path = tmp_path / "krippendorff.csv"
    pd.DataFrame({"unit": range(1, 13), **KRIPPENDORFF}).to_csv(path, index=False)
    result = run("agree", "--format", "wide", path)
    assert result.exit_code == 0, result.output
    assert "Agreement of 4 coders on 12 units (unit)" in result.stdout
    assert printed(result.stdout, "krippendorff")["alpha"] == "0.743"
    table = csv_out("agree", "--format", "wide", path)
    assert round(table.loc[0, "krippendorff_alpha"], 3) == 0.743


def test_fleiss_example_through_the_cli(tmp_path):
    rows = [[k + 1 for k, n in enumerate(counts) for _ in range(n)] for counts in FLEISS_COUNTS]
    frame = pd.DataFrame(rows, columns=[f"rater{i}" for i in range(1, 15)])
    frame.insert(0, "subject", range(1, 11))
    path = tmp_path / "fleiss.csv"
    frame.to_csv(path, index=False)
    table = csv_out("agree", "--format", "wide", path, "--bootstrap", "0")
    assert round(table.loc[0, "fleiss_kappa"], 3) == 0.210
    assert round(table.loc[0, "percent_agreement"], 3) == 0.378
    assert printed(run("agree", "--format", "wide", path).stdout, "fleiss")["fleiss"] == "0.210"


def test_cohen_two_by_two_through_the_cli(tmp_path):
    pairs = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    path = tmp_path / "cohen.csv"
    pd.DataFrame({"unit": range(50), "ana": [a for a, _ in pairs],
                  "budi": [b for _, b in pairs]}).to_csv(path, index=False)
    table = csv_out("agree", "--format", "wide", path, "--bootstrap", "0")
    assert round(table.loc[0, "cohen_kappa"], 3) == 0.400
    assert printed(run("agree", "--format", "wide", path).stdout, "cohen")["cohen"] == "0.400"


def _coder_files(tmp_path, values, code_of):
    paths = []
    for coder, column in values.items():
        rows = [{"document": "doc", "segment": u, "start": u * 10, "end": u * 10 + 10,
                 "code": code_of(v), "group": "value"} for u, v in enumerate(column)
                if code_of(v)]
        path = tmp_path / f"{coder}.csv"
        pd.DataFrame(rows, columns=["document", "segment", "start", "end", "code",
                                    "group"]).to_csv(path, index=False)
        paths.append(path)
    units = tmp_path / "segments.csv"
    n = len(next(iter(values.values())))
    pd.DataFrame({"document": "doc", "segment": range(n), "start": [u * 10 for u in range(n)],
                  "end": [u * 10 + 10 for u in range(n)]}).to_csv(units, index=False)
    return paths, units


def test_agreement_is_written_with_three_decimals_under_headers_that_say_what_they_hold(
        tmp_path):
    path = tmp_path / "w.csv"
    pd.DataFrame({"unit": range(10), "ana": list("yyyyyynnnn"),
                  "budi": list("yyynnnynnn")}).to_csv(path, index=False)
    result = run("agree", "--format", "wide", path, "--bootstrap", "0", "-o", "-")
    assert result.exit_code == 0, result.output
    # fleiss, BP and AC1 are 0.19999999999999996 before rounding
    assert result.stdout.splitlines() == [
        "item,kind,dimension,subset,unit,n_coders,n_units,n_units_coded,n_pairable,"
        "percent_agreement,cohen_kappa,fleiss_kappa,krippendorff_alpha,alpha_low,alpha_high,"
        "brennan_prediger,gwet_ac1",
        "w,variable,,all,unit,2,10,10,10,0.6,0.231,0.2,0.24,,,0.2,0.2"]
    result = run("agree", "--format", "wide", path, "--bootstrap", "0", "-o",
                 tmp_path / "agree.xlsx")
    lines = result.stdout.splitlines()
    # the subset (all or coded) under subset, the number of units under units
    assert lines[1].split() == ["item", "subset", "units", "coded", "pairable", "agree", "cohen",
                                "fleiss", "alpha", "alpha", "95%", "CI", "BP", "AC1"]
    assert printed(result.stdout, "w") == {"item": "w", "subset": "all", "units": "10",
                                           "coded": "10", "pairable": "10", "agree": "0.600",
                                           "cohen": "0.231", "fleiss": "0.200", "alpha": "0.240"}
    sheet = openpyxl.load_workbook(tmp_path / "agree.xlsx")["agreement"]
    assert [c.value for c in sheet[2]][9:13] == [0.6, 0.231, 0.2, 0.24]


def test_krippendorff_example_as_codings_tables(tmp_path):
    # each observer's value becomes a code of the dimension "value"; no code = missing
    paths, units = _coder_files(tmp_path, KRIPPENDORFF, lambda v: f"v{v}" if v else "")
    table = csv_out("agree", *paths, "--units", units, "-d", "value", "--coverage", "all")
    value = table[(table["item"] == "value") & (table["subset"] == "all")].iloc[0]
    assert round(value["krippendorff_alpha"], 3) == 0.743
    shown = run("agree", *paths, "--units", units, "-d", "value", "--coverage", "all").stdout
    assert printed(shown, "value")["alpha"] == "0.743"
    assert (value["kind"], value["n_coders"], value["n_units"]) == ("dimension", 4, 12)


def test_cohen_example_as_codings_tables(tmp_path):
    pairs = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    values = {"ana": [a for a, _ in pairs], "budi": [b for _, b in pairs]}
    paths, units = _coder_files(tmp_path, values, lambda v: "yes" if v == "y" else "")
    table = csv_out("agree", *paths, "--units", units, "--bootstrap", "0")
    yes = table[(table["item"] == "yes") & (table["subset"] == "all")].iloc[0]
    assert round(yes["cohen_kappa"], 3) == 0.400
    assert (yes["n_units"], yes["n_units_coded"]) == (50, 35)


CODINGS = pd.DataFrame([
    {"document": "d1", "segment": s, "start": s * 10, "end": s * 10 + 10, "code": c,
     "code_path": p, "group": g, "coder": coder, "text": f"turn {s}"}
    for coder, s, c, p, g in [
        ("ana", 0, "planning", "planning", "stage"), ("budi", 0, "planning", "planning", "stage"),
        ("ana", 1, "monitoring", "monitoring", "stage"),
        ("budi", 1, "planning", "planning", "stage"),
        ("ana", 2, "caseload", "obstacle_internal/caseload", "obstacle"),
        ("budi", 2, "staffing", "obstacle_internal/staffing", "obstacle"),
    ]
])


def test_cli_output_equals_the_library(tmp_path):
    path = tmp_path / "both.csv"
    CODINGS.to_csv(path, index=False)
    table = csv_out("agree", path, "-d", "stage", "--bootstrap", "100", "--seed", "4")
    expected = agreement(CODINGS, dimensions=["stage"], bootstrap=100, seed=4)
    pd.testing.assert_frame_equal(table.fillna(""), expected.fillna(""), check_dtype=False)


def test_one_file_per_coder_takes_the_file_stem(tmp_path):
    for coder in ("ana", "budi"):
        CODINGS[CODINGS["coder"] == coder].drop(columns="coder").to_csv(
            tmp_path / f"{coder}.csv", index=False)
    result = run("agree", tmp_path / "ana.csv", tmp_path / "budi.csv", "-o",
                 tmp_path / "agree.xlsx")
    assert result.exit_code == 0, result.output
    assert "only segments coded by at least one coder" in result.stdout
    book = openpyxl.load_workbook(tmp_path / "agree.xlsx")
    assert book.sheetnames == ["agreement"]
    assert book["agreement"]["A1"].value == "item"


def test_disagreements_and_adjudicate_round_trip(tmp_path):
    path = tmp_path / "both.csv"
    CODINGS.to_csv(path, index=False)
    report = tmp_path / "report.xlsx"
    result = run("agree", path, "--bootstrap", "0", "--disagreements", report,
                 "--disagreements", tmp_path / "report.html")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    book = openpyxl.load_workbook(report)
    sheet = book["disagreements"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("decision") + 1, value="monitoring")
    book.save(report)
    consensus = tmp_path / "consensus.csv"
    result = run("adjudicate", report, "-o", consensus, "--coder", "panel")
    assert result.exit_code == 0, result.output
    merged = pd.read_csv(consensus)
    assert merged[["segment", "code", "coder"]].values.tolist() == [
        [0, "planning", "panel"], [1, "monitoring", "panel"], [2, "obstacle_internal", "panel"]]


def test_evaluate_gold_against_rules(tmp_path):
    gold = CODINGS[CODINGS["coder"] == "ana"]
    pred = CODINGS[CODINGS["coder"] == "budi"].assign(coder="rules@1", rule="r.rules[0]",
                                                      match="rencana")
    gold.to_csv(tmp_path / "gold.csv", index=False)
    pred.to_csv(tmp_path / "pred.csv", index=False)
    result = run("evaluate", "--gold", tmp_path / "gold.csv", "--pred", tmp_path / "pred.csv",
                 "-o", tmp_path / "eval.xlsx")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Evaluation of pred.csv against gold.csv (unit: segment, with roll-up)" in out
    assert "stage      monitoring  planning   1" in out
    assert "+ planning wrongly given (rule r.rules[0] matched 'rencana') | d1 segment 1" in out
    assert "- monitoring missed | d1 segment 1" in out
    book = openpyxl.load_workbook(tmp_path / "eval.xlsx")
    assert book.sheetnames == ["metrics", "confusions", "disagreements"]
    scores = [row[7:] for row in book["metrics"].iter_rows(min_row=2, values_only=True)]
    assert (0.5, 1.0, 0.667) in scores  # planning: 1 of 2 predictions right, 1 of 1 found
    assert scores[-1] == (0.3, 0.4, 0.333)  # the macro average; F1 (2/3 + 1) / 5
    csv = run("evaluate", "--gold", tmp_path / "gold.csv", "--pred", tmp_path / "pred.csv",
              "-o", "-").stdout
    assert csv.splitlines()[-1] == "(macro average),,2,2,2,4,4,0.3,0.4,0.333"


CODEBOOK_YAML = """\
name: tiny
version: "0.1"
languages: [id, en]
dimensions:
  - id: role
    label: {en: Role}
codes:
  - id: enabler
    dimension: role
    label: {en: Enabler}
    rules:
      - regex: '\\bdampingi\\b'
"""


def test_evaluate_eval_set(tmp_path):
    pytest.importorskip("qualcode.coding.engine")
    pytest.importorskip("qualcode.io.codebook")
    book = tmp_path / "tiny.yaml"
    book.write_text(CODEBOOK_YAML, encoding="utf-8")
    rows = tmp_path / "eval.csv"
    rows.write_text(
        "id,language,interviewer,speaker_style,text,codes\n"
        "e1,id,0,mk-formal,Saya dampingi anak itu.,enabler\n"
        "e2,id,1,interviewer,Ibu dampingi?,\n"
        "e3,id,0,mk-formal,Kami rapat dulu.,enabler\n", encoding="utf-8")
    result = run("evaluate", "--eval-set", rows, "-c", book, "-o", "-")
    assert result.exit_code == 0, result.output
    metrics = pd.read_csv(io.StringIO(result.stdout)).set_index("code")
    assert metrics.loc["enabler", ["tp", "fp", "fn"]].tolist() == [1, 0, 1]


def test_errors_exit_with_a_message(tmp_path):
    path = tmp_path / "ana.csv"
    CODINGS[CODINGS["coder"] == "ana"].to_csv(path, index=False)
    result = run("agree", path)
    assert result.exit_code == 1
    assert "agreement needs at least two coders, found 1 (ana)" in result.output
    result = run("agree", "--format", "wide", path, path)
    assert result.exit_code == 1 and "--format wide takes exactly one table" in result.output
    assert run("evaluate", "--gold", path).exit_code == 2
    result = run("agree", path, tmp_path / "missing.csv")
    assert result.exit_code == 1 and "file not found" in result.output
    result = run("adjudicate", path)
    assert result.exit_code == 1 and "must be the .xlsx workbook" in result.output


def test_out_of_range_bootstrap_is_a_usage_error(tmp_path):
    from typer.testing import CliRunner

    from qualcode.cli.app import app

    result = CliRunner().invoke(app, ["agree", str(tmp_path / "a.csv"), "--bootstrap", "-5"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "--bootstrap" in result.output


def test_evaluate_names_the_file_that_is_wrong(tmp_path):
    from typer.testing import CliRunner

    from qualcode.cli.app import app

    gold = tmp_path / "gold.csv"
    gold.write_text("document,segment,code\nd,1,enabler\n", encoding="utf-8")
    pred = tmp_path / "other.csv"
    pred.write_text("document,segment,label\nd,1,enabler\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(gold), "--pred", str(pred)])
    assert result.exit_code == 1 and f"--pred {pred}" in result.stderr


def test_a_segment_that_is_no_number_names_the_file_and_line(tmp_path):
    bad = tmp_path / "badseg.csv"
    bad.write_text("document,segment,code\n\nd1,1,enabler\nd1,abc,enabler\n", encoding="utf-8")
    ok = tmp_path / "ok1.csv"
    ok.write_text("document,segment,code\nd1,1,enabler\n", encoding="utf-8")
    for args in (("agree", ok, bad), ("evaluate", "--gold", bad, "--pred", ok)):
        result = run(*args)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert f"{bad}:4: segment 'abc' is not a whole number [E702]" in result.stderr


def test_disagreements_never_replace_an_input_or_another_output(tmp_path):
    gold, pred = tmp_path / "a.csv", tmp_path / "b.csv"
    for path in (gold, pred):
        path.write_text("document,segment,code\nd1,1,enabler\n", encoding="utf-8")
    before = pred.read_bytes()
    result = run("evaluate", "--gold", gold, "--pred", pred, "--disagreements", pred)
    assert result.exit_code == 1
    assert "the --disagreements output is also an input of this command" in result.stderr
    assert pred.read_bytes() == before
    result = run("agree", gold, pred, "--disagreements", gold)  # not a report's file type
    assert result.exit_code == 2 and "writes .xlsx, .html or .htm files" in result.stderr
    book = tmp_path / "c.xlsx"
    pd.DataFrame({"document": ["d1"], "segment": [1], "code": ["enabler"]}).to_excel(
        book, index=False)
    result = run("agree", gold, book, "--disagreements", book)
    assert result.exit_code == 1 and "is also an input" in result.stderr
    same = tmp_path / "same.xlsx"
    result = run("agree", gold, pred, "-o", same, "--disagreements", same)
    assert result.exit_code == 1 and not same.exists()
    assert "--output and --disagreements name the same file" in result.stderr
    result = run("evaluate", "--gold", gold, "--pred", pred, "-o", same, "--disagreements", same)
    assert result.exit_code == 1 and not same.exists()
    twice = tmp_path / "twice.html"
    result = run("agree", gold, pred, "--disagreements", twice, "--disagreements", twice)
    assert result.exit_code == 1 and "--disagreements names the same file twice" in result.stderr


def test_a_coder_who_coded_nothing(tmp_path):
    ana, empty = tmp_path / "ana.csv", tmp_path / "empty.csv"
    ana.write_text("document,segment,code\nd1,0,a\nd1,2,b\n", encoding="utf-8")
    empty.write_text("document,segment,code\n", encoding="utf-8")
    units = tmp_path / "units.csv"
    units.write_text("document,segment,start,end\nd1,0,0,5\nd1,1,5,9\nd1,2,9,12\n",
                     encoding="utf-8")
    result = run("agree", ana, empty, "--units", units, "--coverage", "all", "--bootstrap", "0",
                 "-o", "-")
    assert result.exit_code == 0, result.output
    table = pd.read_csv(io.StringIO(result.stdout))
    a = table[(table["item"] == "a") & (table["subset"] == "all")].iloc[0]
    assert (a["n_coders"], a["n_units"], round(a["percent_agreement"], 3)) == (2, 3, 0.667)
    result = run("agree", ana, empty, "--units", units)
    assert result.exit_code == 1
    assert ("agreement needs at least two coders with codings, found 1 (ana); "
            f"{empty} holds no codings") in result.stderr
    assert "--coverage all" in result.stderr


def test_messages_name_the_file_and_line(tmp_path):
    def table(name, text):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    header = table("w0.csv", "unit,ana,budi\n")
    result = run("agree", "--format", "wide", header)
    assert result.exit_code == 1
    assert f"{header}: the table has a header but no units" in result.stderr
    twice = table("w2.csv", "unit,ana,budi\nu1,a,a\n\nu1,b,b\n")
    result = run("agree", "--format", "wide", twice)
    assert (f"{twice}:4: unit 'u1' appears more than once in the column unit (first at "
            f"{twice}:2)") in result.stderr
    ana = table("ana.csv", "document,segment,start,end,code\nd1,0,0,5,a\nd1,2,9,12,b\n")
    budi = table("budi.csv", "document,segment,start,end,code\nd1,0,0,5,a\n\nd1,,6,9,b\n")
    result = run("agree", ana, budi)
    assert result.exit_code == 1
    assert (f"1 coding(s) have no segment number, first at {budi}:4 (document d1, code b)"
            in result.stderr)
    spanless = table("spanless.csv", "document,segment,code\nd1,0,a\n")
    result = run("agree", ana, spanless, "--unit", "character")
    assert f"have no span (start/end), first at {spanless}:2 (document d1" in result.stderr
    units = table("units.csv", "document,segment,start,end\nd1,0,0,5\nd1,1,9,7\nd1,0,10,12\n")
    result = run("agree", ana, budi, "--units", units)
    assert f"{units}:3: start 9 and end 7 are not a span [start, end) [E703]" in result.stderr
    assert f"{units}:4: segment 0 of document d1 repeats (first at {units}:2) [E704]" in \
        result.stderr
    overlapping = table("overlap.csv", "document,segment,start,end\nd1,0,0,5\nd1,1,3,9\n")
    result = run("agree", ana, budi, "--units", overlapping)
    assert (f"units 0 ({overlapping}:2, 0-5) and 1 ({overlapping}:3, 3-9) of document d1 "
            "overlap") in result.stderr
    result = run("adjudicate", tmp_path / "nofile.xlsx")
    assert result.exit_code == 1
    assert "nofile.xlsx: adjudication workbook not found" in result.stderr


def test_an_empty_coder_file_is_named_even_with_two_coders_left(tmp_path):
    ana, budi, empty = (tmp_path / f"{name}.csv" for name in ("ana", "budi", "empty"))
    ana.write_text("document,segment,code\nd1,0,a\nd1,2,b\n", encoding="utf-8")
    budi.write_text("document,segment,code\nd1,0,a\nd1,1,b\n", encoding="utf-8")
    empty.write_text("document,segment,code\n", encoding="utf-8")
    result = run("agree", ana, budi, empty, "--bootstrap", "0", "-o", "-")
    assert result.exit_code == 1
    assert f"{empty} holds no codings" in result.stderr
    assert "Traceback" not in result.output
    result = run("agree", ana, budi, empty, "--coverage", "all", "--bootstrap", "0", "-o", "-")
    assert result.exit_code == 0, result.output
    assert set(pd.read_csv(io.StringIO(result.stdout))["n_coders"]) == {3}


def test_adjudicate_warns_about_units_left_without_codes(tmp_path):
    path = tmp_path / "both.csv"
    CODINGS.to_csv(path, index=False)
    report = tmp_path / "report.xlsx"
    assert run("agree", path, "--bootstrap", "0", "--disagreements", report).exit_code == 0
    result = run("adjudicate", report, "-o", tmp_path / "consensus.csv")
    assert result.exit_code == 0, result.output
    assert (f"{report}: 1 unit(s) of the disagreements sheet have neither a decision nor agreed "
            "codes and get no code in the consensus: segment 1 of document d1 "
            "(disagreements row 2) [W705]") in result.stderr


def test_agreement_adjudication_and_evaluation_workbooks_are_the_same_bytes_in_two_runs(
        tmp_path, same_office_files):
    path = tmp_path / "both.csv"
    CODINGS.to_csv(path, index=False)
    gold, pred = tmp_path / "gold.csv", tmp_path / "pred.csv"
    CODINGS[CODINGS["coder"] == "ana"].to_csv(gold, index=False)
    CODINGS[CODINGS["coder"] == "budi"].to_csv(pred, index=False)
    for run_name in ("one", "two"):
        folder = tmp_path / run_name
        folder.mkdir()
        result = run("agree", path, "--bootstrap", "0", "-o", folder / "agree.xlsx",
                     "--disagreements", folder / "adjudicate.xlsx")
        assert result.exit_code == 0, result.output
        result = run("evaluate", "--gold", gold, "--pred", pred, "-o", folder / "eval.xlsx")
        assert result.exit_code == 0, result.output
    for name in ("agree.xlsx", "adjudicate.xlsx", "eval.xlsx"):
        same_office_files(tmp_path / "one" / name, tmp_path / "two" / name)
