"""The library pipeline: transcripts or a saved codings table in, an analysis out."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest

from qualcode.analysis.bundle import AnalysisOptions
from qualcode.analysis.codetree import TableCodebook
from qualcode.errors import AnalysisError, InputError
from qualcode.pipeline import analyze, analyze_table, read_inputs, resolve_codebook, write_results
from qualcode.resources import default_codebook_path


def _tiny():
    name = "qualcode_tests_tiny_codings"
    if name not in sys.modules:
        path = Path(__file__).parent / "analysis" / "tiny_codings.py"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture
def study(tmp_path):
    return _tiny().write_tiny_study(tmp_path / "study")


def test_analyze_codes_and_counts(study):
    analysis = analyze([study["corpus"]], codebook=study["codebook"], cases=study["cases"])
    codings = analysis.codings
    assert list(zip(codings["document"], codings["segment"], codings["code"], strict=True)) == [
        ("a1", 1, "enabler"), ("a1", 1, "assessment"), ("a1", 3, "enabler"),
        ("a1", 4, "coordinator"), ("a1", 4, "caseload"), ("b1", 1, "enabler"),
        ("b1", 1, "planning"), ("b1", 1, "school_denial")]
    assert analysis.tables["code_by_case"].loc["enabler"].tolist() == [2, 1]
    assert analysis.tables["role_by_stage"].loc["enabler"].tolist() == [1, 1]
    assert analysis.tables["code_by_document"].loc["obstacle_internal"].tolist() == [1, 0]
    prov = analysis.provenance
    assert prov["codebook"]["name"] == "tiny" and len(prov["codebook"]["content_hash"]) == 64
    assert [Path(i["path"]).name for i in prov["inputs"]] == ["a1.md", "b1.md"]
    assert prov["counts"] == {"documents": 2, "segments": 7, "codings": 8}
    assert prov["unit"] == "turn" and prov["options"]["roll_up"] is True


def test_analysis_of_the_written_codings_matches(study, tmp_path):
    analysis = analyze([study["corpus"]], codebook=study["codebook"], cases=study["cases"])
    folder = tmp_path / "results"
    write_results(analysis, folder, charts=False)
    again = analyze_table(folder / "codings.csv", codebook=study["codebook"],
                          segments=folder / "segments.csv")
    for name in ("code_by_document", "code_by_case", "role_by_stage", "frequencies"):
        assert again.tables[name].equals(analysis.tables[name]), name
    assert again.codings["text"].str.contains("=HYPERLINK", regex=False).any()
    assert [Path(p["path"]).name for p in again.provenance["inputs"]] == [
        "codings.csv", "segments.csv"]
    assert again.provenance["coders"] == ["tiny@1.0"]


def test_rejected_suggestions_are_left_out(tmp_path):
    path = tmp_path / "project.csv"
    pd.DataFrame({"document": ["d", "d"], "segment": [0, 1], "code": ["a", "b"],
                  "status": ["accepted", "rejected"]}).to_csv(path, index=False)
    table, segments, book = read_inputs(path)
    assert table["code"].tolist() == ["a"] and segments is None
    # without a codebook, the codes of the whole table, the rejected one's included
    assert isinstance(book, TableCodebook) and [c.id for c in book.codes] == ["a", "b"]


def test_options_are_checked(study):
    with pytest.raises(AnalysisError, match="unknown attribute 'gender'"):
        analyze([study["corpus"]], codebook=study["codebook"],
                options=AnalysisOptions(attributes=("gender",)))


def test_default_codebook_is_the_study_codebook():
    pytest.importorskip("qualcode.io.codebook")
    try:
        default_codebook_path()
    except InputError:  # pragma: no cover - bundled file absent
        pytest.skip("no bundled codebook")
    book = resolve_codebook(None)
    assert book.name == "case-management-bullying"
    assert [c.id for c in book.codes_in("stage")] == [
        "assessment", "planning", "intervention", "monitoring", "evaluation", "termination"]


def test_a_hand_table_takes_text_speaker_and_case_from_the_segments(study, tmp_path):
    analysis = analyze([study["corpus"]], codebook=study["codebook"], cases=study["cases"])
    folder = tmp_path / "results"
    write_results(analysis, folder, charts=False)
    hand = tmp_path / "hand.csv"
    analysis.codings[["document", "segment", "code"]].to_csv(hand, index=False)
    again = analyze_table(hand, codebook=study["codebook"], segments=folder / "segments.csv")
    for column in ("case", "speaker", "text", "start", "end"):
        assert again.codings[column].tolist() == analysis.codings[column].tolist(), column
    for name in ("code_by_case", "frequencies", "theme_table"):
        assert again.tables[name].equals(analysis.tables[name]), name
    assert again.tables["quotes"]["text"].tolist() == analysis.tables["quotes"]["text"].tolist()


def test_statuses_are_read_alike_everywhere(tmp_path):
    from qualcode.analysis.frames import normalise_codings

    path = tmp_path / "project.csv"
    path.write_text("document,segment,code,status\nd,0,a,Rejected\nd,1,a, rejected\n"
                    "d,2,a,REJECTED\nd,3,b,accepted\nd,4,b,\nd,5,c,rejcted\nd,6,c,Rejcted\n",
                    encoding="utf-8")
    table, _, _ = read_inputs(path)
    assert table["code"].tolist() == ["b", "b", "c", "c"]
    normalised = normalise_codings(pd.read_csv(path, dtype=str, keep_default_na=False))
    assert normalised["code"].tolist() == table["code"].tolist()
    (warning,) = table.attrs["issues"]
    assert (warning.code, warning.severity, warning.path, warning.line) == (
        "C003", "warning", str(path), 7)
    assert warning.message == ("status 'rejcted' is not one of suggested, accepted, rejected: "
                               "2 coding(s) with it are counted as accepted")
    analysis = analyze_table(path)
    assert analysis.warnings == (warning,)
    assert analysis.provenance["warnings"] == [str(warning)]


def test_one_path_is_one_path_not_its_letters(study):
    from qualcode.corpus import load_corpus
    from qualcode.pipeline import analyze_corpus

    book = resolve_codebook(study["codebook"])
    corpus = load_corpus([study["corpus"]], unit=book.unit, cases=study["cases"])
    source = str(study["corpus"] / "a1.md")
    analysis = analyze_corpus(corpus, book, inputs=source)
    assert [i["path"] for i in analysis.provenance["inputs"]] == [source]
    one = analyze(str(study["corpus"]), codebook=book, cases=study["cases"])
    assert one.tables["code_by_case"].equals(analysis.tables["code_by_case"])
    with pytest.raises(InputError, match="paths must be files or folders, not int 3"):
        analyze([3], codebook=book)


def test_written_provenance_is_the_recorded_one(study, tmp_path):
    import json

    analysis = analyze([study["corpus"]], codebook=study["codebook"], cases=study["cases"])
    with pytest.raises(TypeError):
        analysis.provenance["counts"] = {}
    analysis.provenance["counts"]["codings"] = 0
    write_results(analysis, tmp_path / "results", charts=False)
    written = json.loads((tmp_path / "results" / "provenance.json").read_text(encoding="utf-8"))
    assert written["counts"] == {"documents": 2, "segments": 7, "codings": 8}
    assert written == json.loads(json.dumps(dict(analysis.provenance)))


def test_a_table_without_a_needed_column_is_named_before_anything_reads_it():
    from qualcode.errors import CodingsError

    no_code = pd.DataFrame({"document": ["d1"], "segment": [0]})
    for codebook in (None, default_codebook_path()):
        with pytest.raises(CodingsError, match="the codings table has no column code"):
            analyze_table(no_code, codebook=codebook)
    codings = pd.DataFrame({"document": ["d1"], "segment": [0], "code": ["enabler"]})
    with pytest.raises(CodingsError, match="the segments table has no columns document, "
                                           "segment"):
        read_inputs(codings, segments=pd.DataFrame({"x": [1]}))
    with pytest.raises(AnalysisError, match="codings must be a table"):
        read_inputs([("d1", 0, "enabler")])


def test_rebuilt_results_keep_the_cases_table_order_when_given_it(tmp_path):
    # the bundled study: its cases table lists MK01..MK04 before KMK01, which corpus order
    # (file names) does not; the saved segments table keeps the cases, not that order
    from qualcode.resources import default_cases_path, default_corpus_path

    analysis = analyze([default_corpus_path()], cases=default_cases_path())
    folder = tmp_path / "results"
    write_results(analysis, folder, charts=False, portraits=False)
    plain = analyze_table(folder / "codings.csv", codebook=default_codebook_path(),
                          segments=folder / "segments.csv")
    again = analyze_table(folder / "codings.csv", codebook=default_codebook_path(),
                          segments=folder / "segments.csv", cases=default_cases_path())
    expected = list(analysis.tables["code_by_case"].columns)
    assert list(plain.tables["code_by_case"].columns) != expected
    assert list(again.tables["code_by_case"].columns) == expected
    assert again.tables["code_by_case"].equals(analysis.tables["code_by_case"])
    assert Path(again.provenance["cases"]["path"]).name == "cases.csv"


def test_with_source_date_epoch_two_runs_write_the_same_bytes(study, tmp_path,
                                                              same_office_files):
    # the reproducible-builds convention: every file of the results folder, workbooks and Word
    # documents included (their zip entries and properties carried the time of writing); the
    # other workbooks and documents are checked beside the commands that write them
    folders = []
    for name in ("one", "two"):
        analysis = analyze([study["corpus"]], codebook=study["codebook"], cases=study["cases"])
        assert analysis.provenance["created"] == "2023-11-14T22:13:20+00:00"
        folders.append(tmp_path / name)
        write_results(analysis, folders[-1], charts=False, portraits=False)
    files = sorted(p.relative_to(folders[0]) for p in folders[0].rglob("*") if p.is_file())
    assert Path("tables.xlsx") in files and Path("theme_table.docx") in files
    for name in files:
        assert (folders[0] / name).read_bytes() == (folders[1] / name).read_bytes(), name
    for name in ("tables.xlsx", "theme_table.docx"):
        same_office_files(folders[0] / name, folders[1] / name)


def _reviewed(tmp_path, status=True):
    """A codings table as a project writes it: two coders, reviewed suggestions."""
    path = tmp_path / "reviewed.csv"
    rows = {"document": ["d", "d", "d", "e", "e", "e"], "segment": [0, 1, 2, 0, 1, 2],
            "code": ["a", "b", "c", "a", "b", "c"],
            "coder": ["rina", "rina", " rina", "budi", "budi", "tiny@1"],
            "source": ["manual", "manual", "manual", "manual", "manual", "Auto"]}
    if status:
        rows["status"] = ["accepted", "Rejected", "", "accepted", "suggested", "accepted"]
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_a_codings_table_is_narrowed_by_status_source_and_coder(tmp_path):
    path = _reviewed(tmp_path)
    table, _, _ = read_inputs(path, status="accepted", coder=["rina"])
    assert table["code"].tolist() == ["a", "c"]  # an empty status is accepted
    assert table.attrs["rejected"] == 1 and table.attrs["issues"] == ()
    table, _, _ = read_inputs(path, status=["rejected", "suggested"])
    assert table["code"].tolist() == ["b", "b"]  # asked for, rejected codings are kept
    table, _, _ = read_inputs(path, source="auto")
    assert table["document"].tolist() == ["e"] and table["coder"].tolist() == ["tiny@1"]
    table, _, _ = read_inputs(path, coder="budi")  # without --status: all but rejected
    assert table["code"].tolist() == ["a", "b"]
    analysis = analyze_table(path, coder="rina", status="accepted")
    assert analysis.provenance["counts"]["codings"] == 2
    assert analysis.provenance["options"]["selection"] == {"status": ["accepted"],
                                                           "coder": ["rina"]}
    assert "selection" not in analyze_table(path).provenance["options"]


def test_without_a_codebook_the_rows_do_not_depend_on_the_selection(tmp_path):
    path = tmp_path / "two-coders.csv"
    pd.DataFrame({"document": ["d1", "d1", "d2", "d2", "d2"], "segment": [0, 1, 0, 1, 2],
                  "code": ["enabler", "assessment", "coordinator", "planning", "caseload"],
                  "code_path": ["enabler", "assessment", "coordinator", "planning",
                                "obstacle/caseload"],
                  "group": ["role", "stage", "role", "stage", "obstacle"],
                  "coder": ["ann", "bob", "ann", "bob", "bob"]}).to_csv(path, index=False)
    codes = ["enabler", "assessment", "coordinator", "planning", "obstacle", "caseload"]
    table, _, book = read_inputs(path, coder="ann")
    assert table["code"].tolist() == ["enabler", "coordinator"]
    assert [c.id for c in book.codes] == codes and [d.id for d in book.dimensions] == [
        "role", "stage", "obstacle"]
    analysis = analyze_table(path, coder="ann")
    by_document = analysis.tables["code_by_document"]
    assert by_document.index.tolist() == codes  # bob's codes and dimensions are rows of zeros
    assert by_document.loc["planning"].tolist() == [0, 0]
    assert analysis.tables["frequencies"]["code"].tolist() == codes
    assert analysis.tables["role_by_stage"].shape == (2, 2)  # the stage dimension is kept
    assert analysis.tables["theme_table"]["dimension"].unique().tolist() == [
        "role", "stage", "obstacle"]
    # the same rows as the whole table gives, as a codebook file would keep them
    assert analyze_table(path).tables["code_by_document"].index.tolist() == codes
    # derived, not given: no codebook in the analysis or its provenance, any label language
    assert analysis.codebook is None and analysis.provenance["codebook"] is None
    english = analyze_table(path, coder="ann", options=AnalysisOptions(language="en"))
    assert english.tables["frequencies"]["label"].tolist() == codes


def test_a_filter_value_no_coding_has_is_a_warning(tmp_path):
    path = _reviewed(tmp_path)
    table, _, _ = read_inputs(path, coder=["rnia", "budi"])
    assert table["code"].tolist() == ["a", "b"]
    (warning,) = table.attrs["issues"]
    assert (warning.code, warning.severity, warning.path) == ("C004", "warning", str(path))
    assert warning.message == "no coding has coder rnia"
    assert warning.hint == "coder values in the table: rina, budi, tiny@1"


def test_a_filter_the_table_cannot_answer_is_refused(tmp_path):
    from qualcode.errors import CodingsError

    path = _reviewed(tmp_path, status=False)
    with pytest.raises(CodingsError, match="has no status column, so it cannot be narrowed to "
                       "status accepted") as caught:
        read_inputs(path, status="accepted")
    assert caught.value.path == str(path)
    hand = tmp_path / "hand.csv"
    hand.write_text("document,segment,code\nd,0,a\n", encoding="utf-8")
    with pytest.raises(CodingsError, match="names no coder"):
        analyze_table(hand, coder="rina")
    with pytest.raises(CodingsError, match="unknown status 'accept'") as caught:
        read_inputs(path, status="accept")
    assert caught.value.hint == "use one of: suggested, accepted, rejected"
    with pytest.raises(CodingsError, match="unknown source 'human'"):
        read_inputs(path, source="human")


def test_the_pipeline_docstrings_name_functions_that_exist():
    # read_inputs cited qualcode.analysis.selection.select_codings, which never existed
    import importlib
    import inspect
    import re

    import qualcode.pipeline

    text = inspect.getsource(qualcode.pipeline)
    named = set(re.findall(r":(?:func|class|data):`~?(qualcode(?:\.\w+)+)`", text))
    assert "qualcode.analysis.selection.selected_rows" in named
    for dotted in sorted(named):
        module, _, name = dotted.rpartition(".")
        assert hasattr(importlib.import_module(module), name), dotted


def test_the_counts_of_a_table_analysis_are_those_the_percentages_divide_by(tiny):
    # with a segments table, documents without codings count (as in every percentage)
    segments = tiny.tiny_segments()
    codings = tiny.tiny_codings()
    codings = codings[codings["document"] != "d4"]  # d4 has segments but no codings
    analysis = analyze_table(codings, segments=segments)
    counts = analysis.provenance["counts"]
    assert counts["documents"] == segments["document"].nunique()
    assert counts["segments"] == len(segments) and counts["codings"] == len(codings)
    assert counts["documents"] > codings["document"].nunique()  # one document has no codings
    assert analyze_table(codings).provenance["counts"]["documents"] == \
        codings["document"].nunique()
