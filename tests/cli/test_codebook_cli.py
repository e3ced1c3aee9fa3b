"""In-process tests of ``qualcode codebook validate`` and ``qualcode codebook show``."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from qualcode.cli.app import app

runner = CliRunner()

GOOD = """\
name: show-book
version: "1.0"
title: Demo
languages: [id, en]
dimensions:
  - id: role
    label: {id: Peran, en: Role}
codes:
  - id: enabler
    dimension: role
    label: {id: Pemungkin, en: Enabler}
    color: "#1b9e77"
    brief: {id: Membangun kesiapan., en: Builds readiness.}
    rules:
      - phrases: {id: [dampingi]}
    exclude:
      - regex: '\\bcuma\\b'
    codes:
      - id: trust
        label: {en: Trust}
        min_hits: 2
        rules: [{phrases: {en: [trust]}}]
  - id: memo_only
    label: {en: Memo}
"""

BROKEN = """\
name: broken
version: "1"
languages: [id, zz]
unit: page
scope: nobody
codes:
  - id: a
    colour: red
    dimension: nowhere
    rules:
      - regex: '(a+)+'
      - regex: '['
      - phrases: {fr: [x]}
  - id: a
    parent: ghost
    manual: true
  - id: B
    manual: true
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "book.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_lists_every_problem_and_exits_1(tmp_path):
    path = _write(tmp_path, BROKEN)
    result = runner.invoke(app, ["codebook", "validate", str(path)])
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if not line.startswith("    hint:")]
    assert lines == [
        f"error: {path}:3: unknown language 'zz': not an ISO 639-1 code [C130]",
        f"error: {path}:4: unknown unit 'page'; choose one of turn, paragraph, sentence, "
        "document [C132]",
        f"error: {path}:5: unknown scope 'nobody'; choose one of participant, interviewer, all "
        "[C133]",
        f"error: {path}:8 (a): unknown key 'colour'; did you mean 'color'? [C111]",
        f"error: {path}:9 (a): unknown dimension 'nowhere' [C124]",
        f"error: {path}:11 (a.rules[0]): regular expression '(a+)+' of rule a.rules[0] can "
        "backtrack catastrophically: a quantifier is nested inside another with nothing that "
        "must separate them [C141]",
        f"error: {path}:12 (a.rules[1]): invalid regular expression '[': unterminated character "
        "set at position 0 [C140]",
        f"error: {path}:13 (a.rules[2]): language 'fr' is not declared in 'languages' [C130]",
        f"error: {path}:14 (a): duplicate code id 'a' (first defined on line 7) [C121]",
        f"error: {path}:17 (B): code id 'B' is not a valid id [C120]",
    ]
    assert result.stderr == f"{path}: 10 error(s), 0 warning(s)\n"


def test_validate_a_good_codebook(tmp_path):
    path = _write(tmp_path, GOOD)
    result = runner.invoke(app, ["codebook", "validate", str(path)])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"warning: {path}:23 (memo_only): code 'memo_only' has no rules, so it is never applied "
        "automatically [C150]",
        "    hint: add rules, or mark it 'manual: true' if it is applied by hand only",
        f"{path}: valid codebook show-book@1.0: 3 codes, 1 dimensions, 3 rules, 1 warning(s)",
    ]



EXAMPLES = """\
name: ex
version: "1"
languages: [en]
codes:
  - id: waiting
    label: Waiting
    examples:
      positive: ["We sat in the lobby for ages.", "I waited an hour."]
      negative: ["I waited five minutes, fine."]
    rules:
      - phrases: {en: [wait]}
  - id: lonely
    label: Lonely
"""


def test_validate_codes_the_examples_and_warns_about_those_coded_otherwise(tmp_path):
    path = _write(tmp_path, EXAMPLES)
    result = runner.invoke(app, ["codebook", "validate", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"warning: {path}:8 (waiting.examples.positive[0]): positive example \"We sat in the "
        "lobby for ages.\" is not coded 'waiting' (no code applies) [C160]",
        "    hint: no rule of 'waiting' matches it: add a phrase or rule that does, or correct "
        "the example ('qualcode codebook show --hits' lists what each rule catches)",
        f"warning: {path}:9 (waiting.examples.negative[0]): negative example \"I waited five "
        "minutes, fine.\" is coded 'waiting' [C160]",
        "    hint: waiting.rules[0] matching 'waited': add the word forms to the rule's except "
        "list or an exclude rule, or correct the example",
        f"warning: {path}:12 (lonely): code 'lonely' has no rules, so it is never applied "
        "automatically [C150]",
        "    hint: add rules, or mark it 'manual: true' if it is applied by hand only",
        f"{path}: valid codebook ex@1: 2 codes, 0 dimensions, 1 rules, 3 warning(s)",
    ]
    result = runner.invoke(app, ["codebook", "validate", str(path), "--no-examples"])
    assert result.exit_code == 0, result.output
    assert [line for line in result.stdout.splitlines() if "[C160]" in line] == []
    assert result.stdout.splitlines()[-1] == (
        f"{path}: valid codebook ex@1: 2 codes, 0 dimensions, 1 rules, 1 warning(s)")


def test_show_prints_the_tree(tmp_path):
    path = _write(tmp_path, GOOD)
    result = runner.invoke(app, ["-q", "codebook", "show", str(path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "show-book 1.0: Demo\n"
        "languages: id, en; unit: turn; scope: participant; 3 codes\n"
        "\n"
        "[role] Role\n"
        "  enabler: Enabler (#1b9e77)\n"
        "      brief: Builds readiness.\n"
        "      rules: 1 phrases; 1 exclusion(s)\n"
        "    trust: Trust\n"
        "        rules: 1 phrases (min_hits 2)\n"
        "\n"
        "[no dimension]\n"
        "  memo_only: Memo\n"
        "      rules: no rules\n"
    )


def test_show_hits_counts_surface_forms_per_rule(tmp_path):
    path = _write(tmp_path, GOOD)
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "a.md").write_text(
        "Q: Siapa yang mendampingi?\n\nRina: Saya mendampingi, dampingin terus, cuma itu.\n\n"
        "Q: Trust?\n\nRina: Pendampingan dan trust, trust.\n", encoding="utf-8")
    result = runner.invoke(app, ["-q", "codebook", "show", str(path), "--hits", str(folder)])
    assert result.exit_code == 0, result.output
    assert result.stdout.split("\n\n")[-1] == (
        "Rule hits in 4 segments (surface form x count):\n"
        "  enabler.rules[0]: dampingin x1, mendampingi x1, pendampingan x1\n"
        "  enabler.exclude[0]: cuma x1\n"
        "  trust.rules[0]: trust x2\n"
    )


def test_show_an_invalid_codebook_exits_1(tmp_path):
    path = _write(tmp_path, BROKEN)
    result = runner.invoke(app, ["codebook", "show", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: invalid codebook {path}: 10 problems found\n")


def test_hits_takes_one_path_per_option_as_the_docs_write_it(tmp_path):
    import re

    path = _write(tmp_path, GOOD)
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text("Q: Apa?\n\nRina: Saya dampingi dia.\n", encoding="utf-8")
    a, b = str(tmp_path / "a.md"), str(tmp_path / "b.md")
    result = runner.invoke(app, ["-q", "codebook", "show", str(path), "--hits", a, "--hits", b])
    assert result.exit_code == 0, result.output
    assert "Rule hits in 4 segments (surface form x count):\n  enabler.rules[0]: dampingi x2\n" \
        in result.stdout
    # an option takes one value per use: "--hits PATHS…" reads as several values after one
    root = Path(__file__).resolve().parents[2]
    wrong = [(doc.name, m.group()) for doc in [root / "README.md", *(root / "docs").glob("*.md")]
             for m in re.finditer(r"--[a-z][a-z-]* [A-Z][A-Z_]*(?:…|\.\.\.)",
                                  doc.read_text(encoding="utf-8"))]
    assert wrong == []


def test_show_prints_the_codebooks_memo(tmp_path):
    memo = "memo: Disusun dari modul\n  KemenPPPA.\n"
    path = _write(tmp_path, GOOD.replace("languages:", memo + "languages:", 1))
    result = runner.invoke(app, ["-q", "codebook", "show", str(path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:3] == [
        "languages: id, en; unit: turn; scope: participant; 3 codes",
        "memo: Disusun dari modul KemenPPPA."]


def test_validate_names_a_quote_left_open_once_where_it_opens(tmp_path):
    # the label's quote runs on to the next quote, 25 lines down: YAML reads the file, and the
    # keys taken in would each be reported missing or unknown
    root = Path(__file__).resolve().parents[2]
    lines = (root / "codebooks" / "case-management-bullying.yaml").read_text(
        encoding="utf-8").splitlines(keepends=True)
    assert lines[48] == "    label: {id: Tahap manajemen kasus, en: Case-management stage}\n"
    lines[48] = '    label: "oops {id: Tahap manajemen kasus, en: Case-management stage}\n'
    path = _write(tmp_path, "".join(lines))
    result = runner.invoke(app, ["codebook", "validate", str(path)])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"error: {path}:49: YAML syntax error: the quote opened on line 49 is not closed: the "
        "text runs on to the next quote, on line 74, and takes in line 50 ('description: >-') "
        "as text [C101]")
    assert result.stderr == f"{path}: 1 error(s), 0 warning(s)\n"


def test_show_gives_the_title_in_the_asked_language(tmp_path):
    titles = "title: {id: Peran manajer kasus, en: Case-manager roles}"
    path = _write(tmp_path, GOOD.replace("title: Demo", titles))
    for lang, title in (("en", "Case-manager roles"), ("id", "Peran manajer kasus")):
        result = runner.invoke(app, ["-q", "codebook", "show", str(path), "--lang", lang])
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines()[0] == f"show-book 1.0: {title}"


def _survey(path: Path) -> Path:
    """A workbook whose answers are under "Q5 Comments" on its second sheet (no column the
    reader finds by itself), with another answer on the third."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Notes"
    book.active.append(["note"])
    for title, answer in (("Answers", "Saya mendampingi dia."), ("Wave 2", "Trust, trust.")):
        sheet = book.create_sheet(title)
        sheet.append(["Respondent", "Q5 Comments"])
        sheet.append(["R1", answer])
        sheet.append(["R2", "Dampingin terus."])
    book.save(path)
    return path


def test_show_hits_reads_a_response_table_with_the_table_options(tmp_path):
    path = _write(tmp_path, GOOD)
    survey = _survey(tmp_path / "survey.xlsx")
    base = ["-q", "codebook", "show", str(path), "--hits", str(survey)]
    result = runner.invoke(app, base)
    assert result.exit_code == 1
    assert "--text-column" in result.output
    result = runner.invoke(app, [*base, "--text-column", "q5 comments", "--id-column",
                                 "Respondent", "--case-column", "Respondent"])
    assert result.exit_code == 0, result.output
    assert result.stdout.split("\n\n")[-1] == (
        "Rule hits in 2 segments (surface form x count):\n"
        "  enabler.rules[0]: dampingin x1, mendampingi x1\n"
    )
    result = runner.invoke(app, [*base, "--text-column", "Q5 Comments", "--case-column", "Nope"])
    assert result.exit_code == 1
    assert "no column 'Nope' in the table" in result.output
    result = runner.invoke(app, [*base, "--text-column", "Q5 Comments", "--sheet", "Wave 2"])
    assert result.exit_code == 0, result.output
    assert result.stdout.split("\n\n")[-1] == (
        "Rule hits in 2 segments (surface form x count):\n"
        "  enabler.rules[0]: dampingin x1\n"
        "  trust.rules[0]: trust x2\n"
    )
