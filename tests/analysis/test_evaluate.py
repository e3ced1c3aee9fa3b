"""Evaluation of predicted codings against gold: metrics, confusions, disagreements."""

import math

import pandas as pd
import pytest

from qualcode.analysis.evalset import eval_set_corpus, eval_set_gold, evaluate_eval_set
from qualcode.analysis.evaluate import evaluate
from qualcode.errors import CodingsError
from qualcode.model import Code, Codebook, Coding, Dimension, Rule

CODEBOOK = Codebook(
    "study", "1.0.0",
    codes=(
        Code("enabler", dimension="role",
             rules=(Rule("regex", pattern=r"\bdampingi\b", label="enabler.rules[0]"),)),
        Code("advocate", dimension="role"),
        Code("planning", dimension="stage"), Code("monitoring", dimension="stage"),
        Code("obstacle_internal", dimension="obstacle"),
        Code("caseload", parent="obstacle_internal",
             rules=(Rule("regex", pattern=r"\bkasus\b", label="caseload.rules[0]"),)),
        Code("staffing", parent="obstacle_internal"),
    ),
    dimensions=(Dimension("role"), Dimension("stage", exclusive=True), Dimension("obstacle")),
)


def coding(segment, code, text, rule="", match=""):
    return {"document": "d1", "segment": segment, "start": segment * 10,
            "end": segment * 10 + 10, "code": code, "rule": rule, "match": match, "text": text}


GOLD = pd.DataFrame([
    coding(0, "planning", "plan"),
    coding(1, "caseload", "busy"),
    coding(2, "enabler", "trust"),
    coding(4, "enabler", "again"),
])
PRED = pd.DataFrame([
    coding(0, "monitoring", "plan", "monitoring.rules[0]", "pantau"),
    coding(1, "staffing", "busy", "staffing.rules[1]", "kurang staf"),
    coding(2, "enabler", "trust", "enabler.rules[0]", "dampingi"),
    coding(3, "advocate", "rights", "advocate.rules[0]", "hak anak"),
    coding(4, "enabler", "again", "enabler.rules[0]", "dampingi"),
])


def metric(result, code):
    return result.metrics.set_index("code").loc[code]


def test_segment_metrics_by_hand():
    result = evaluate(GOLD, PRED, codebook=CODEBOOK, decimals=None)
    assert result.unit == "segment"
    assert list(result.metrics["code"]) == [
        "enabler", "advocate", "planning", "monitoring", "obstacle_internal", "caseload",
        "staffing", "(micro average)", "(macro average)"]
    enabler = metric(result, "enabler")
    assert (enabler["tp"], enabler["fp"], enabler["fn"], enabler["support"]) == (2, 0, 0, 2)
    assert enabler["f1"] == 1.0
    parent = metric(result, "obstacle_internal")  # rolled up on both sides
    assert (parent["tp"], parent["fp"], parent["fn"]) == (1, 0, 0)
    planning = metric(result, "planning")
    assert math.isnan(planning["precision"]) and planning["recall"] == 0 and planning["f1"] == 0
    micro = metric(result, "(micro average)")
    # tp: enabler 2 + obstacle_internal 1; fp: advocate, monitoring, staffing; fn: planning,
    # caseload
    assert (micro["tp"], micro["fp"], micro["fn"], micro["support"]) == (3, 3, 2, 5)
    assert micro["precision"] == pytest.approx(0.5) and micro["recall"] == pytest.approx(0.6)
    assert micro["f1"] == pytest.approx(2 * 0.5 * 0.6 / 1.1)
    macro = metric(result, "(macro average)")
    assert macro["f1"] == pytest.approx(2 / 7)  # enabler and obstacle_internal score 1, five 0
    assert macro["precision"] == pytest.approx(2 / 7)


def test_scores_are_rounded_to_three_decimals_after_averaging():
    full = evaluate(GOLD, PRED, codebook=CODEBOOK, decimals=None).metrics
    table = evaluate(GOLD, PRED, codebook=CODEBOOK).metrics
    macro = table[table["code"] == "(macro average)"].iloc[0]
    assert (macro["precision"], macro["f1"]) == (0.286, 0.286)  # 2/7, not the mean of 0s and 1s
    assert metric(evaluate(GOLD, PRED, codebook=CODEBOOK), "(micro average)")["f1"] == 0.545
    scores = ["precision", "recall", "f1"]
    assert table[scores].equals(full[scores].map(lambda v: round(v, 3)))
    assert table.drop(columns=scores).equals(full.drop(columns=scores))


def test_confusions_within_dimensions():
    result = evaluate(GOLD, PRED, codebook=CODEBOOK)
    assert result.confusions.to_dict("records") == [
        {"dimension": "role", "gold": "(none)", "predicted": "advocate", "n": 1},
        {"dimension": "stage", "gold": "planning", "predicted": "monitoring", "n": 1},
        {"dimension": "obstacle", "gold": "caseload", "predicted": "staffing", "n": 1},
    ]


def test_disagreements_show_rule_match_and_text():
    result = evaluate(GOLD, PRED, codebook=CODEBOOK)
    rows = result.disagreements[["kind", "segment", "code", "rule", "match", "text"]]
    assert rows.to_dict("records") == [
        {"kind": "false_negative", "segment": 0, "code": "planning", "rule": "", "match": "",
         "text": "plan"},
        {"kind": "false_positive", "segment": 0, "code": "monitoring",
         "rule": "monitoring.rules[0]", "match": "pantau", "text": "plan"},
        {"kind": "false_negative", "segment": 1, "code": "caseload", "rule": "", "match": "",
         "text": "busy"},
        {"kind": "false_positive", "segment": 1, "code": "staffing",
         "rule": "staffing.rules[1]", "match": "kurang staf", "text": "busy"},
        {"kind": "false_positive", "segment": 3, "code": "advocate",
         "rule": "advocate.rules[0]", "match": "hak anak", "text": "rights"},
    ]
    first = result.disagreements.iloc[0]
    assert (first["gold_codes"], first["predicted_codes"]) == ("planning", "monitoring")


def test_rolled_up_parent_reports_the_child_rule():
    gold = pd.DataFrame([coding(0, "enabler", "x")])
    pred = pd.DataFrame([coding(0, "caseload", "x", "caseload.rules[0]", "kasus")])
    result = evaluate(gold, pred, codebook=CODEBOOK)
    # only the child's row is listed; the parent's false positive is explained by it
    assert list(result.disagreements["code"]) == ["enabler", "caseload"]
    assert metric(result, "obstacle_internal")["fp"] == 1
    flat = evaluate(gold, pred, codebook=CODEBOOK, roll_up=False)
    assert "obstacle_internal" not in set(flat.metrics["code"])


def test_rollup_is_the_old_name_of_roll_up():
    gold = pd.DataFrame([coding(0, "enabler", "x")])
    pred = pd.DataFrame([coding(0, "caseload", "x", "caseload.rules[0]", "kasus")])
    with pytest.warns(DeprecationWarning, match=r"rollup= is deprecated; pass roll_up="):
        old = evaluate(gold, pred, codebook=CODEBOOK, rollup=False)
    assert old.metrics.equals(evaluate(gold, pred, codebook=CODEBOOK, roll_up=False).metrics)


def test_spans_give_the_same_counts_without_segments():
    by_span = evaluate(GOLD.drop(columns="segment"), PRED.drop(columns="segment"),
                       codebook=CODEBOOK)
    by_segment = evaluate(GOLD, PRED, codebook=CODEBOOK)
    assert by_span.unit == "span"
    pd.testing.assert_frame_equal(by_span.metrics, by_segment.metrics)
    pd.testing.assert_frame_equal(by_span.confusions, by_segment.confusions)
    assert len(by_span.disagreements) == len(by_segment.disagreements)


def test_spans_match_by_overlap():
    gold = pd.DataFrame([{"document": "d", "start": 0, "end": 20, "code": "enabler"},
                         {"document": "d", "start": 50, "end": 60, "code": "enabler"}])
    pred = pd.DataFrame([{"document": "d", "start": 15, "end": 25, "code": "enabler"},
                         {"document": "d", "start": 30, "end": 40, "code": "enabler"},
                         {"document": "d", "start": 17, "end": 18, "code": "enabler"}])
    enabler = metric(evaluate(gold, pred, decimals=None), "enabler")
    assert (enabler["tp"], enabler["fn"], enabler["fp"], enabler["predicted"]) == (1, 1, 1, 3)
    assert enabler["precision"] == pytest.approx(2 / 3) and enabler["recall"] == 0.5


def test_units_table_maps_spans_to_segments():
    units = pd.DataFrame({"document": "d1", "segment": [0, 1], "start": [0, 10],
                          "end": [10, 20], "text": ["first", "second"]})
    gold = pd.DataFrame([{"document": "d1", "start": 2, "end": 4, "code": "enabler"}])
    pred = pd.DataFrame([{"document": "d1", "start": 5, "end": 15, "code": "enabler",
                          "rule": "enabler.rules[0]", "match": "dampingi"}])
    result = evaluate(gold, pred, units=units)
    enabler = metric(result, "enabler")
    assert (enabler["tp"], enabler["fp"], enabler["fn"]) == (1, 1, 0)
    assert result.disagreements.iloc[0][["segment", "text"]].tolist() == [1, "second"]


def test_two_humans():
    gold = GOLD.drop(columns=["rule", "match"]).assign(coder="ana")
    pred = PRED.drop(columns=["rule", "match"]).assign(coder="budi")
    result = evaluate(gold, pred, codebook=CODEBOOK)
    assert metric(result, "(micro average)")["tp"] == 3
    assert set(result.disagreements["rule"]) == {""}


def test_one_coder_per_side():
    with pytest.raises(CodingsError, match="gold table holds the codings of 2 coders"):
        evaluate(GOLD.assign(coder=["a", "b", "a", "a"]), PRED)


EVAL_SET = pd.DataFrame({
    "id": ["t1", "t2", "t3", "t4"],
    "language": ["id", "id", "id", "en"],
    "interviewer": ["0", "0", "1", "0"],
    "speaker_style": ["mk-formal", "mk-colloquial", "interviewer", "en-plain"],
    "text": ["Saya dampingi anak itu.", "Kasus saya terlalu banyak.", "Ibu dampingi?",
             "We talked to the school."],
    "codes": ["enabler", "caseload;staffing", "", ""],
})


def test_eval_set_rows_become_one_segment_documents():
    corpus = eval_set_corpus(EVAL_SET)
    assert [d.id for d in corpus.documents] == ["t1", "t2", "t3", "t4"]
    third = corpus.segments["t3"][0]
    assert (third.interviewer, third.start, third.end) == (True, 0, 13)
    gold = eval_set_gold(EVAL_SET, corpus, CODEBOOK)
    assert gold[["document", "code", "code_path", "group"]].values.tolist() == [
        ["t1", "enabler", "enabler", "role"],
        ["t2", "caseload", "obstacle_internal/caseload", "obstacle"],
        ["t2", "staffing", "obstacle_internal/staffing", "obstacle"],
    ]


def test_eval_set_with_a_stand_in_coder():
    def coder(corpus, codebook):
        return [Coding(s.document, s.start, s.end, "enabler", codebook.coder, "auto", s.index,
                       "enabler.rules[0]", "dampingi")
                for s in corpus.iter_segments() if "dampingi" in s.text]

    result = evaluate_eval_set(EVAL_SET, CODEBOOK, coder=coder)
    enabler = metric(result, "enabler")
    assert (enabler["tp"], enabler["fp"], enabler["fn"]) == (1, 1, 0)
    assert metric(result, "obstacle_internal")["fn"] == 1  # rolled up from the gold children
    fp = result.disagreements[result.disagreements["kind"] == "false_positive"].iloc[0]
    assert (fp["document"], fp["text"]) == ("t3", "Ibu dampingi?")


def test_eval_set_with_the_rule_engine():
    pytest.importorskip("qualcode.coding.engine")
    result = evaluate_eval_set(EVAL_SET, CODEBOOK)
    enabler = metric(result, "enabler")
    # the interviewer turn is not coded: participant scope
    assert (enabler["tp"], enabler["fp"], enabler["fn"]) == (1, 0, 0)
    caseload = metric(result, "caseload")
    assert (caseload["tp"], caseload["fp"], caseload["fn"]) == (1, 0, 0)
    staffing = metric(result, "staffing")
    assert (staffing["tp"], staffing["fn"]) == (0, 1)


def test_numeric_case_attributes_in_the_tables_are_accepted():
    import warnings

    import pandas as pd

    from qualcode.analysis.evaluate import evaluate

    base = {"document": "d", "case": "C1", "segment": 0, "start": 0, "end": 4, "speaker": "R",
            "code": "a", "code_path": "a", "group": "", "source": "auto", "rule": "",
            "match": "", "text": "text", "years_experience": 3}
    gold = pd.DataFrame([{**base, "coder": "gold"}])
    pred = pd.DataFrame([{**base, "coder": "rules", "years_experience": 2.5},
                         {**base, "coder": "rules", "code": "b", "years_experience": None}])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = evaluate(gold, pred)
    assert result.metrics.loc[result.metrics["code"] == "a", "tp"].tolist() == [1]
    assert result.metrics.loc[result.metrics["code"] == "b", "fp"].tolist() == [1]


def test_macro_average_is_undefined_when_no_code_defines_it():
    from qualcode.analysis.codetree import code_tree
    from qualcode.analysis.scores import MACRO, MICRO, metrics_table

    counts = {"enabler": {"tp": 0, "fp": 0, "fn": 2, "support": 2, "predicted": 0},
              "advocate": {"tp": 0, "fp": 0, "fn": 1, "support": 1, "predicted": 0}}
    table = metrics_table(counts, code_tree([], CODEBOOK)).set_index("code")
    assert math.isnan(table.loc[MICRO, "precision"]) and math.isnan(table.loc[MACRO, "precision"])
    assert table.loc[MACRO, "recall"] == 0.0
    counts["advocate"] = {"tp": 1, "fp": 1, "fn": 0, "support": 1, "predicted": 2}
    table = metrics_table(counts, code_tree([], CODEBOOK)).set_index("code")
    assert table.loc[MACRO, "precision"] == 0.25  # the undefined one counts as 0


def test_an_eval_set_with_odd_flags_or_empty_text_is_refused(tmp_path):
    from qualcode.errors import InputError
    from qualcode.io.coded_tables import read_eval_set

    header = "id,language,interviewer,speaker_style,text,codes\n"
    for body, line, message in (("a,id,maybe,formal,Saya bantu.,enabler\n", 2,
                                 "interviewer must be 1 or 0"),
                                ("a,id,0,formal,Saya.,\nb,id,1,formal,  ,enabler\n", 3,
                                 "row 'b' has no text")):
        path = tmp_path / "e.csv"
        path.write_text(header + body, encoding="utf-8")
        with pytest.raises(InputError, match=message) as caught:
            read_eval_set(path)
        assert caught.value.line == line


def test_codes_the_codebook_lacks_are_named_in_each_table():
    from qualcode.origin import mark_origin

    gold = mark_origin(GOLD.assign(code=GOLD["code"].replace({"caseload": "caseloda"})),
                       "gold.csv")
    pred = PRED.assign(code=PRED["code"].replace({"staffing": "zzz"}))
    result = evaluate(gold, pred, codebook=CODEBOOK, names=("--gold gold.csv", "--pred x"))
    assert [(i.path, i.line, i.where, i.message, i.hint)
            for i in result.issues if i.code == "W702"] == [
        ("gold.csv", 3, None, "code 'caseloda' is not in the codebook study (1 coding(s)); it "
         "is counted as a code of its own, after the codebook's",
         "did you mean 'caseload'? correct the code, or add it to the codebook"),
        ("--pred x", None, "row 2", "code 'zzz' is not in the codebook study (1 coding(s)); it "
         "is counted as a code of its own, after the codebook's",
         "correct the code, or add it to the codebook")]


def test_spans_count_a_coding_listed_twice_once():
    # the same gold coding twice, and a parent next to its child: one item each, as segments
    gold = pd.DataFrame([coding(4, "enabler", "again"), coding(4, "enabler", "again"),
                         coding(1, "caseload", "busy"), coding(1, "obstacle_internal", "busy")])
    pred = pd.DataFrame([coding(0, "advocate", "plan"), coding(0, "advocate", "plan")])
    by_span = evaluate(gold.drop(columns="segment"), pred.drop(columns="segment"),
                       codebook=CODEBOOK)
    by_segment = evaluate(gold, pred, codebook=CODEBOOK)
    assert by_span.unit == "span"
    enabler = metric(by_span, "enabler")
    assert (enabler["support"], enabler["fn"]) == (1, 1)
    assert metric(by_span, "advocate")["fp"] == 1
    pd.testing.assert_frame_equal(by_span.metrics, by_segment.metrics)
    assert by_span.disagreements["code"].tolist() == by_segment.disagreements["code"].tolist()


def test_eval_set_codes_the_codebook_lacks_are_named_by_file_and_line(tmp_path):
    from qualcode.io.coded_tables import read_eval_set

    path = tmp_path / "e3.csv"
    path.write_text("id,language,interviewer,speaker_style,text,codes\n"
                    'a,id,0,formal,"Saya\nbantu.",enabler\n'  # a text over two lines
                    "b,id,0,formal,Banyak kasus.,caseload; enablr\n"
                    "c,id,0,formal,Kurang staf.,staffing\n", encoding="utf-8")
    rows = read_eval_set(path)
    gold = eval_set_gold(rows, eval_set_corpus(rows), CODEBOOK)
    assert [block.line(0) for block in gold.attrs["qualcode_origin"]] == [2]
    result = evaluate_eval_set(rows, CODEBOOK, coder=lambda corpus, codebook: [])
    assert [(i.code, i.path, i.line) for i in result.issues] == [("W702", str(path), 4)]


def test_codings_without_a_span_are_named_by_file_and_line(tmp_path):
    from qualcode.io.coded_tables import read_table

    gold, pred = tmp_path / "gold.csv", tmp_path / "pred.csv"
    gold.write_text("document,start,end,code\nd1,0,10,enabler\nd1,,,caseload\n",
                    encoding="utf-8")
    pred.write_text("document,start,end,code\nd1,0,10,enabler\nd1,12,12,staffing\n",
                    encoding="utf-8")
    with pytest.raises(CodingsError) as caught:
        evaluate(read_table(gold), read_table(pred), codebook=CODEBOOK)
    assert [(i.code, i.path, i.line, i.message) for i in caught.value.issues] == [
        ("E703", str(gold), 3, "coding of 'caseload' in document d1 has no span: start and end "
         "are empty"),
        ("E703", str(pred), 3, "coding of 'staffing' in document d1 has no span: start 12 and "
         "end 12 are not a span [start, end)"),
    ]
    assert "pass --units" in caught.value.hint


def test_eval_set_codes_are_separated_as_in_adjudication():
    rows = pd.DataFrame({"id": ["a"], "language": ["id"], "interviewer": ["0"],
                         "speaker_style": ["formal"], "text": ["Saya bantu."],
                         "codes": ["enabler,caseload; staffing ,enabler"]})
    gold = eval_set_gold(rows, eval_set_corpus(rows), CODEBOOK)
    assert gold["code"].tolist() == ["enabler", "caseload", "staffing"]
