"""A tiny codebook, segments table and codings table whose matrices are computed by hand.

Documents d1 (case A, manajer_kasus, 5 segments), d2 (case B, psikolog, 4), d3 (case A, 3) and
d4 (no case, no informant role, 2). Codings (document, segment, code, matched words), in the
engine's order (document, segment, codebook order):

    d1 1 enabler "dampingi; cerita"      d2 1 enabler "dampingi"          d3 1 enabler (3 words)
    d1 1 assessment "asesmen"            d2 1 planning "rencana"          d3 2 caseload "kasus"
    d1 3 coordinator "rujuk"             d2 3 enabler "motivasi"          d4 0 assessment
    d1 3 caseload "kasus; banyak"        d2 3 school_denial (2 words)     d4 1 planning (2 words)
    d1 4 assessment "gali"
    d1 4 staffing "kurang; orang; kurang"
"""

from __future__ import annotations

import math

import pandas as pd

from qualcode.model import Code, Codebook, Dimension
from qualcode.tables import CODINGS_COLUMNS

CASES = {"d1": "A", "d2": "B", "d3": "A", "d4": ""}
ROLES = {"A": "manajer_kasus", "B": "psikolog"}
SPEAKERS = {"A": "Rina", "B": "Nadia", "": ""}
LENGTHS = {"d1": 5, "d2": 4, "d3": 3, "d4": 2}
INTERVIEWER = {("d1", 0), ("d1", 2), ("d2", 0), ("d2", 2), ("d3", 0)}

ROWS = [
    ("d1", 1, "enabler", "dampingi; cerita"),
    ("d1", 1, "assessment", "asesmen"),
    ("d1", 3, "coordinator", "rujuk"),
    ("d1", 3, "caseload", "kasus; banyak"),
    ("d1", 4, "assessment", "gali"),
    ("d1", 4, "staffing", "kurang; orang; kurang"),
    ("d2", 1, "enabler", "dampingi"),
    ("d2", 1, "planning", "rencana"),
    ("d2", 3, "enabler", "motivasi"),
    ("d2", 3, "school_denial", "sekolah; menolak"),
    ("d3", 1, "enabler", "dampingi; kuatkan; cerita"),
    ("d3", 2, "caseload", "kasus"),
    ("d4", 0, "assessment", "asesmen"),
    ("d4", 1, "planning", "rencana; tujuan"),
]


def tiny_codebook() -> Codebook:
    """Two roles, two stages, internal (2 children) and external (1 child) obstacles."""
    return Codebook(
        name="tiny",
        version="1.0",
        codes=(
            Code("enabler", dimension="role", labels={"en": "Enabler"}, color="#1b9e77",
                 brief={"en": "Builds trust."}),
            Code("coordinator", dimension="role", labels={"en": "Coordinator"},
                 color="#d95f02", brief={"en": "Links services."}),
            Code("assessment", dimension="stage", labels={"en": "Assessment"}),
            Code("planning", dimension="stage", labels={"en": "Planning"}),
            Code("obstacle_internal", dimension="obstacle", labels={"en": "Internal"},
                 color="#7570b3"),
            Code("caseload", parent="obstacle_internal", labels={"en": "Caseload"}),
            Code("staffing", parent="obstacle_internal", labels={"en": "Staffing"}),
            Code("obstacle_external", dimension="obstacle", labels={"en": "External"},
                 color="#e7298a"),
            Code("school_denial", parent="obstacle_external", labels={"en": "School denial"}),
        ),
        dimensions=(
            Dimension("role", {"en": "Roles"}),
            Dimension("stage", {"en": "Stages"}),
            Dimension("obstacle", {"en": "Obstacles"}),
        ),
        languages=("en",),
        content_hash="abc123",
        path="tiny.yaml",
    )


def segment_text(doc: str, index: int) -> str:
    return f"{doc} turn {index}"


def tiny_segments() -> pd.DataFrame:
    """The segments table (``informant_role`` as a document attribute; d4 has none)."""
    rows = []
    for doc, length in LENGTHS.items():
        case = CASES[doc]
        start = 0
        for index in range(length):
            text = segment_text(doc, index)
            interviewer = (doc, index) in INTERVIEWER
            rows.append({
                "document": doc, "case": case, "segment": index, "start": start,
                "end": start + len(text), "speaker": "Q" if interviewer else SPEAKERS[case],
                "interviewer": interviewer, "unit": "turn", "text": text,
                "informant_role": ROLES.get(case, math.nan),
            })
            start += len(text) + 2
    return pd.DataFrame(rows)


def tiny_codings(rows: list[tuple[str, int, str, str]] | None = None) -> pd.DataFrame:
    """The codings table in the canonical columns plus the case attribute."""
    book = tiny_codebook()
    segments = tiny_segments().set_index(["document", "segment"])
    records = []
    for doc, index, code, match in rows if rows is not None else ROWS:
        case = CASES[doc]
        seg = segments.loc[(doc, index)]
        records.append({
            "document": doc, "case": case, "segment": index, "start": int(seg["start"]),
            "end": int(seg["end"]), "speaker": seg["speaker"], "code": code,
            "code_path": "/".join(book.path_of(code)), "group": book.dimension_of(code),
            "coder": "tiny@1.0", "source": "auto", "rule": f"{code}.rules[0]", "match": match,
            "text": seg["text"], "informant_role": ROLES.get(case, math.nan),
        })
    frame = pd.DataFrame(records)
    assert list(frame.columns[: len(CODINGS_COLUMNS)]) == list(CODINGS_COLUMNS)
    return frame


TINY_YAML = """\
name: tiny
version: "1.0"
title: Tiny study
languages: [en]
unit: turn
dimensions:
  - id: role
    label: {en: Roles}
  - id: stage
    label: {en: Stages}
  - id: obstacle
    label: {en: Obstacles}
codes:
  - id: enabler
    dimension: role
    label: {en: Enabler}
    color: "#1b9e77"
    brief: {en: Builds trust.}
    rules:
      - phrases: {en: [trust, calm]}
        match: exact
  - id: coordinator
    dimension: role
    label: {en: Coordinator}
    brief: {en: Links services.}
    rules:
      - phrases: {en: [referred]}
        match: exact
  - id: assessment
    dimension: stage
    label: {en: Assessment}
    rules:
      - phrases: {en: [assessment]}
        match: exact
  - id: planning
    dimension: stage
    label: {en: Planning}
    rules:
      - phrases: {en: [plan]}
        match: exact
  - id: obstacle_internal
    dimension: obstacle
    label: {en: Internal}
    color: "#7570b3"
    codes:
      - id: caseload
        label: {en: Caseload}
        rules:
          - phrases: {en: [caseload]}
            match: exact
  - id: obstacle_external
    dimension: obstacle
    label: {en: External}
    color: "#e7298a"
    codes:
      - id: school_denial
        label: {en: School denial}
        rules:
          - phrases: {en: [school denied]}
            match: exact
"""

TRANSCRIPTS = {
    "a1.md": ("A", [
        ("Interviewer", "How did you start?"),
        ("Rina", "First the assessment at home, to build trust with the child."),
        ("Interviewer", "And then?"),
        ("Rina", 'She said =HYPERLINK("http://x","y") <script>alert(1)</script> to calm her.'),
        ("Rina", "My caseload is heavy, so I referred her to the clinic."),
    ]),
    "b1.md": ("B", [
        ("Interviewer", "What was hard?"),
        ("Nadia", "The school denied it. We made a plan to build trust again."),
    ]),
}
CASES_CSV = "case,pseudonym,informant_role\nA,Rina,manajer_kasus\nB,Nadia,psikolog\n"


def write_tiny_study(folder) -> dict[str, object]:
    """Write the tiny codebook, two transcripts and a cases table under ``folder``.

    Expected auto codings (turn unit, participant turns):
    a1 seg 1: enabler (trust), assessment; seg 3: enabler (calm); seg 4: coordinator, caseload;
    b1 seg 1: enabler (trust), planning, school_denial.
    """
    folder.mkdir(parents=True, exist_ok=True)
    corpus = folder / "transcripts"
    corpus.mkdir(exist_ok=True)
    for name, (case, turns) in TRANSCRIPTS.items():
        body = "\n\n".join(f"{who}: {text}" for who, text in turns)
        doc_id = name.removesuffix(".md")
        (corpus / name).write_text(
            f"---\nid: {doc_id}\ncase: {case}\nlanguage: en\n---\n{body}\n", encoding="utf-8")
    codebook = folder / "tiny.yaml"
    codebook.write_text(TINY_YAML, encoding="utf-8")
    cases = folder / "cases.csv"
    cases.write_text(CASES_CSV, encoding="utf-8")
    return {"corpus": corpus, "codebook": codebook, "cases": cases}
