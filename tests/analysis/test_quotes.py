"""Quotes with context, and the deterministic choice of representative quotes."""

from __future__ import annotations

from qualcode.analysis.quotes import QUOTE_COLUMNS, code_quotes, evidence, representative_quotes


def test_evidence_counts_distinct_matched_words():
    assert evidence("dampingi; cerita") == 2
    assert evidence("kurang; orang; kurang") == 2
    assert evidence("gali cerita; Cerita") == 2
    assert evidence("") == 0


def test_quotes_carry_speaker_case_and_context(tiny):
    quotes = code_quotes(tiny.tiny_codings(), tiny.tiny_segments(),
                         codebook=tiny.tiny_codebook())
    assert tuple(quotes.columns[: len(QUOTE_COLUMNS)]) == QUOTE_COLUMNS
    assert "informant_role" in quotes.columns
    enabler = quotes[quotes["code"] == "enabler"]
    assert list(zip(enabler["document"], enabler["segment"], strict=True)) == [
        ("d1", 1), ("d2", 1), ("d2", 3), ("d3", 1)]
    first = enabler.iloc[0]
    assert (first["label"], first["speaker"], first["case"], first["text"]) == (
        "Enabler", "Rina", "A", "d1 turn 1")
    assert (first["before"], first["after"]) == ("d1 turn 0", "d1 turn 2")
    last = quotes[(quotes["document"] == "d4") & (quotes["segment"] == 1)].iloc[0]
    assert (last["before"], last["after"]) == ("d4 turn 0", "")
    wider = code_quotes(tiny.tiny_codings(), tiny.tiny_segments(), context=2)
    assert wider.iloc[0]["before"] == "d1 turn 0"
    assert wider.iloc[0]["after"] == "d1 turn 2\nd1 turn 3"


def test_representative_quotes_spread_across_cases_first(tiny):
    quotes = code_quotes(tiny.tiny_codings(), tiny.tiny_segments(),
                         codebook=tiny.tiny_codebook())
    chosen = representative_quotes(quotes, per_code=3)
    enabler = chosen[chosen["code"] == "enabler"]
    # A: d3/1 (3 words), d1/1 (2); B: d2/1 (1), d2/3 (1). Round 1 takes A's and B's best.
    assert list(zip(enabler["document"], enabler["segment"], enabler["rank"], strict=True)) == [
        ("d3", 1, 1), ("d2", 1, 2), ("d1", 1, 3)]
    assert chosen[chosen["code"] == "coordinator"]["rank"].tolist() == [1]
    assert chosen["code"].drop_duplicates().tolist() == [
        "enabler", "coordinator", "assessment", "planning", "caseload", "staffing",
        "school_denial"]


def test_documents_without_a_case_count_as_their_own_case(tiny):
    rows = [("d1", 1, "assessment", "a"), ("d1", 3, "assessment", "a; b"),
            ("d4", 0, "assessment", "a")]
    chosen = representative_quotes(code_quotes(tiny.tiny_codings(rows)), per_code=2)
    assert list(zip(chosen["document"], chosen["segment"], strict=True)) == [
        ("d1", 3), ("d4", 0)]


def test_choice_is_stable_and_bounded(tiny):
    quotes = code_quotes(tiny.tiny_codings(), tiny.tiny_segments())
    one = representative_quotes(quotes, per_code=1)
    assert one.groupby("code").size().max() == 1
    assert representative_quotes(quotes, per_code=1).equals(one)
    assert representative_quotes(quotes.iloc[0:0]).empty


def test_quotes_take_the_segments_tables_attributes_where_codings_lack_them(tiny):
    # front matter only (no cases table): the codings table has no attribute columns, the
    # segments table has the document's and the segment's
    segments = tiny.tiny_segments()
    segments["date"] = [7 if doc == "d1" else "" for doc in segments["document"]]
    codings = tiny.tiny_codings().drop(columns=["informant_role"])
    quotes = code_quotes(codings, segments).set_index(["document", "segment", "code"])
    expected = tiny.tiny_codings().set_index(["document", "segment", "code"])
    assert quotes["informant_role"].equals(
        expected.loc[quotes.index, "informant_role"].astype(object))
    assert quotes.loc[("d1", 1, "enabler"), "date"] == 7  # the value as written
    # an empty cell of the codings table takes the segments table's value; a value stays
    codings = tiny.tiny_codings()
    codings["informant_role"] = ["" if doc == "d1" else "own" for doc in codings["document"]]
    quotes = code_quotes(codings, segments)
    d1 = quotes["document"] == "d1"
    assert set(quotes.loc[d1, "informant_role"]) == {tiny.ROLES["A"]}
    assert set(quotes.loc[~d1, "informant_role"]) == {"own"}
    assert list(code_quotes(codings, None).columns) == [*QUOTE_COLUMNS, "informant_role"]
