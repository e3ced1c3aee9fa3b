"""Codebook YAML: loading into the model, and validation that reports every problem with lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from qualcode.cli.app import app
from qualcode.errors import CodebookError
from qualcode.io import codebook as codebook_module
from qualcode.io.codebook import load_codebook, parse_codebook, validate_codebook

GOOD = """\
name: demo-book
version: "2.1"
title: {id: Buku kode, en: Demo codebook}
authors: [Tester]
languages: [id, en]
unit: sentence
scope: participant
sources: ["MacQueen et al. (1998)"]
dimensions:
  - id: role
    label: {id: Peran, en: Role}
    description: What the case manager does.
  - id: stage
    label: {en: Stage}
    exclusive: true
codes:
  - id: enabler
    dimension: role
    label: {id: Pemungkin, en: Enabler}
    color: "#1B9E77"
    brief: {en: Builds readiness.}
    examples:
      positive: ["Saya mendampingi anak itu."]
      negative: ["Kebijakan sekolah."]
    rules:
      - phrases: {id: [dampingi, "gali cerita"], en: [reassure], any: [trust]}
        except: [Kebijakan]
      - regex: '\\bdampingin\\b'
      - near: {terms: [[sekolah], [desak, tuntut]], within: 3}
        match: exact
    exclude:
      - phrases: {id: ["cuma nanya"]}
    codes:
      - id: peer_support
        scope: all
        min_hits: 2
        rules:
          - phrases: [teman]
        codes:
          - id: peer_mentor
            rules: [{phrases: [mentor]}]
  - id: monitoring
    dimension: stage
    manual: true
  - id: home_visit
    parent: monitoring
    rules: [{phrases: {en: [home visit]}}]
"""


def _write(tmp_path: Path, text: str, name: str = "book.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_codebook_builds_the_model(tmp_path):
    book = load_codebook(_write(tmp_path, GOOD))
    assert (book.name, book.version, book.coder) == ("demo-book", "2.1", "demo-book@2.1")
    # the title per language, as labels are; the primary language's is the title
    assert book.titles == {"id": "Buku kode", "en": "Demo codebook"}
    assert (book.title, book.title_in("en"), book.title_in("fr")) == (
        "Buku kode", "Demo codebook", "Buku kode")
    assert book.languages == ("id", "en") and book.unit == "sentence"
    assert [c.id for c in book.codes] == [
        "enabler", "peer_support", "peer_mentor", "monitoring", "home_visit"]
    assert [c.parent for c in book.codes] == [None, "enabler", "peer_support", None, "monitoring"]
    assert book.path_of("peer_mentor") == ("enabler", "peer_support", "peer_mentor")
    assert book.dimension_of("peer_mentor") == "role"
    assert [c.scope for c in book.codes] == ["participant", "all", "all", "participant",
                                             "participant"]
    enabler = book.code("enabler")
    assert enabler.color == "#1b9e77" and enabler.line == 17
    assert enabler.examples == ("Saya mendampingi anak itu.",)
    assert enabler.counter_examples == ("Kebijakan sekolah.",)
    assert [(r.kind, r.label, r.exclude, r.line) for r in enabler.rules] == [
        ("phrases", "enabler.rules[0]", False, 26),
        ("regex", "enabler.rules[1]", False, 28),
        ("near", "enabler.rules[2]", False, 29),
        ("phrases", "enabler.exclude[0]", True, 32),
    ]
    first = enabler.rules[0]
    assert dict(first.phrases) == {"id": ("dampingi", "gali cerita"), "en": ("reassure",),
                                   "*": ("trust",)}
    assert first.exceptions == ("kebijakan",)
    near = enabler.rules[2]
    assert (near.near, near.within, near.mode) == ((("sekolah",), ("desak", "tuntut")), 3,
                                                   "exact")
    assert book.code("peer_support").min_hits == 2
    assert book.code("monitoring").manual is True
    assert [d.id for d in book.dimensions] == ["role", "stage"]
    assert book.dimensions[1].exclusive is True
    assert book.warnings == ()
    assert len(book.content_hash) == 64


def test_parse_codebook_from_text_matches_the_file(tmp_path):
    from_text = parse_codebook(GOOD)
    from_file = load_codebook(_write(tmp_path, GOOD))
    assert from_text.codes == from_file.codes
    assert from_text.content_hash == from_file.content_hash


BROKEN = """\
name: Broken Book
version: 1.10
languages: [id, en, xx]
unit: chapter
dimensions:
  - id: role
codes:
  - id: enabler
    dimension: roles
    colour: "#123456"
    color: red
    label: {id: A, fr: B}
    rules:
      - regex: '(\\w+\\s?)+'
      - regex: '(unclosed'
      - phrases: {id: [ok]}
        regex: 'x'
  - id: enabler
    rules: [{phrases: [x]}]
  - id: Bad-Id
    manual: true
  - id: orphan
    parent: enablr
    rules: [{phrases: [y]}]
  - id: ping
    parent: pong
    rules: [{phrases: [a]}]
  - id: pong
    parent: ping
    min_hits: 0
    scope: everyone
    rules:
      - near: {terms: [[a]], within: 2}
      - phrases: {id: ["..."]}
  - id: lonely
"""

BROKEN_EXPECTED = [
    (1, "C120", None, "codebook name 'Broken Book' is not a valid name"),
    (2, "C110", None, "'version' must be text, not the number 1.1"),
    (3, "C130", None, "unknown language 'xx': not an ISO 639-1 code"),
    (4, "C132", None, "unknown unit 'chapter'; choose one of turn, paragraph, sentence, "
                      "document"),
    (9, "C124", "enabler", "unknown dimension 'roles'; did you mean 'role'?"),
    (10, "C111", "enabler", "unknown key 'colour'; did you mean 'color'?"),
    (11, "C131", "enabler", "colour 'red' is not a #RRGGBB hex colour"),
    (12, "C130", "enabler", "language 'fr' is not declared in 'languages'"),
    (14, "C141", "enabler.rules[0]", "regular expression '(\\w+\\s?)+' of rule enabler.rules[0] "
                                     "can backtrack catastrophically: a quantifier is nested "
                                     "inside another with nothing that must separate them"),
    (15, "C140", "enabler.rules[1]", "invalid regular expression '(unclosed': missing ), "
                                     "unterminated subpattern at position 0"),
    (16, "C143", "enabler.rules[2]", "a rule needs exactly one of phrases, regex, near (found "
                                     "phrases, regex)"),
    (18, "C121", "enabler", "duplicate code id 'enabler' (first defined on line 8)"),
    (20, "C120", "Bad-Id", "code id 'Bad-Id' is not a valid id"),
    (23, "C122", "orphan", "unknown parent 'enablr'; did you mean 'enabler'?"),
    (26, "C123", "ping", "codes form a parent cycle: ping -> pong -> ping"),
    (30, "C135", "pong", "'min_hits' must be 1 or more, not 0"),
    (31, "C133", "pong", "unknown scope 'everyone'; choose one of participant, interviewer, all"),
    (33, "C145", "pong.rules[0]", "'near.terms' must hold exactly two lists of terms, not 1 "
                                  "item(s)"),
    (34, "C144", "pong.rules[1]", "phrase '...' has no words"),
    (35, "C150", "lonely", "code 'lonely' has no rules, so it is never applied automatically"),
]


def test_broken_codebook_reports_every_problem_with_its_line(tmp_path):
    path = _write(tmp_path, BROKEN)
    issues = validate_codebook(path)
    assert [(i.line, i.code, i.where, i.message) for i in issues] == BROKEN_EXPECTED
    assert len({i.code for i in issues}) >= 8
    assert {i.path for i in issues} == {str(path)}
    assert [i.severity for i in issues].count("warning") == 1
    assert issues[1].hint == 'quote the value: version: "1.10"'
    assert issues[5].hint.startswith("known keys here: id, parent, dimension, label, color")
    assert all(issue.hint for issue in issues)


def test_load_codebook_raises_one_error_with_all_issues(tmp_path):
    path = _write(tmp_path, BROKEN)
    with pytest.raises(CodebookError) as caught:
        load_codebook(path)
    assert len(caught.value.issues) == len(BROKEN_EXPECTED)
    assert caught.value.message == f"invalid codebook {path}: 19 problems found (and 1 warning)"
    rendered = str(caught.value)
    assert f"{path}:14 (enabler.rules[0]): regular expression" in rendered


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: x\nversion: '1'\ncodes: [\n", [(3, "C101", "YAML syntax error: the '[' opened "
                                                "on line 3 is never closed")]),
        ("name: a\nname: b\nversion: '1'\ncodes: [{id: a, manual: true}]\n",
         [(2, "C104", "duplicate key 'name' (first on line 1)")]),
        ("name: a\nversion: '1'\ncodes:\n  - !!python/object/apply:os.system [ls]\n",
         [(4, "C103", "YAML tag '!!python/object/apply:os.system' is not allowed in a "
                      "codebook"), (4, "C110", "a code must be a mapping starting with "
                                               "'- id: ...'")]),
        ("", [(1, "C110", "the codebook is empty")]),
        ("- a\n- b\n", [(1, "C110", "the codebook must be a mapping (name, version, codes ...)")]),
        ("name: a\nversion: '1'\ncodes: [{id: a, color: #abc}]\n",
         [(3, "C101", "YAML syntax error: the '{' opened on line 3 is never closed")]),
        ("name: a\nversion: '1'\ncodes:\n  - id: a\n    color: #abc\n    manual: true\n",
         [(5, "C131", "colour is empty")]),
        ("name: a\nversion: '1'\nlanguages: [id, no]\ncodes:\n  - id: a\n    label: {no: Hei}\n"
         "    manual: true\n", []),
    ],
)
def test_yaml_level_problems(tmp_path, text, expected):
    issues = validate_codebook(_write(tmp_path, text))
    assert [(i.line, i.code, i.message) for i in issues] == expected


_OPEN = 'name: s\nversion: "1"\ncodes:\n  - id: a\n    rules:\n'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (_OPEN + "      - regex: '\\bfoo\n      - phrases: [x]\n",
         (6, "C101", "YAML syntax error: the quoted text opened on line 6 is never closed",
          "end the text with ' as well (write '' for an apostrophe inside it)")),
        (_OPEN + "      - phrases: {id: [x]\n",
         (6, "C101", "YAML syntax error: the '{' opened on line 6 is never closed",
          "close it with '}'")),
    ],
)
def test_an_unclosed_quote_or_bracket_is_named_where_it_opens(tmp_path, text, expected):
    # PyYAML fails at the end of the file, one line past the last: the line to fix is the
    # one with the opening quote or bracket.
    (issue,) = validate_codebook(_write(tmp_path, text))
    assert (issue.line, issue.code, issue.message, issue.hint) == expected


_RUNAWAY_HINT = ('close the quote on line {0}: end the text with " (write \\" for a quote inside '
                 "it); a text that does go on over several lines needs its later lines indented "
                 "more than its key")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # YAML reads it: the label runs on to the colour's quote, taking in the dimension's
        # description, 'codes:' and the code's keys
        ('name: s\nversion: "1"\ndimensions:\n  - id: role\n'
         '    label: "oops {id: Peran, en: Role}\n    description: What the manager does.\n'
         'codes:\n  - id: a\n    dimension: role\n    color: "#1b9e77"\n    manual: true\n',
         (5, "YAML syntax error: the quote opened on line 5 is not closed: the text runs on "
             "to the next quote, on line 10, and takes in line 6 ('description: What the "
             "manager does.') as text")),
        # YAML fails at the first example, the quote of the colour closing there
        ('name: s\nversion: "1"\ncodes:\n  - id: a\n    color: "#1b9e77\n'
         "    brief: {en: Builds readiness.}\n    manual: true\n    examples:\n"
         '      - "Saya mendampingi anak itu."\n',
         (5, "YAML syntax error: the quote opened on line 5 is not closed: the text runs on "
             "to the next quote, on line 9, and takes in line 6 ('brief: {en: Builds "
             "readiness.}') as text (YAML then fails on line 9: expected <block end>, but "
             "found '<scalar>')")),
        # the quote, not the '{' it is in, is left open
        ('name: s\nversion: "1"\ncodes:\n  - id: a\n    label: {id: "Pemungkin, en: Enabler}\n'
         '    color: "#1b9e77"\n    manual: true\n',
         (5, "YAML syntax error: the quote opened on line 5 is not closed: the text runs on "
             "to the next quote, on line 6, and takes in line 6 ('color:') as text (YAML then "
             "fails on line 7: expected ',' or '}', but got '<scalar>')")),
    ],
)
def test_a_quote_left_open_is_named_where_it_opens_not_by_what_it_swallowed(tmp_path, text,
                                                                            expected):
    (issue,) = validate_codebook(_write(tmp_path, text))
    line, message = expected
    assert (issue.line, issue.code, issue.message, issue.hint) == (
        line, "C101", message, _RUNAWAY_HINT.format(line))


def test_a_quoted_text_wrapped_over_lines_stays_valid(tmp_path):
    text = GOOD.replace(
        "    brief: {en: Builds readiness.}\n",
        '    brief: {en: Builds readiness.}\n    definition:\n      en: "Helps the child: '
        'builds\n        safety and trust."\n      id: \'Membantu anak\n        dan '
        "keluarga.'\n")
    assert validate_codebook(_write(tmp_path, text)) == []
    enabler = load_codebook(tmp_path / "book.yaml").code("enabler")
    assert dict(enabler.definition) == {"en": "Helps the child: builds safety and trust.",
                                        "id": "Membantu anak dan keluarga."}


def test_alias_bomb_is_refused(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        prev = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([prev] * 10)}]")
    lines += ["name: bomb", "version: '1'", "codes: [{id: a, manual: true}]"]
    issues = validate_codebook(_write(tmp_path, "\n".join(lines) + "\n"))
    assert [(i.code, i.message) for i in issues] == [
        ("C102", "the YAML uses more than 1000 aliases")]


def test_deep_nesting_is_refused(tmp_path):
    text = "name: deep\nversion: '1'\ncodes: " + "[" * 60 + "]" * 60 + "\n"
    issues = validate_codebook(_write(tmp_path, text))
    assert [(i.line, i.code, i.message) for i in issues] == [
        (3, "C102", "the YAML nests deeper than 50 levels")]


def test_file_level_problems(tmp_path, monkeypatch):
    missing = validate_codebook(tmp_path / "none.yaml")
    assert [(i.code, i.message) for i in missing] == [("C100", "codebook file not found")]
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(b"name: a\nversion: '1'\n# caf\xe9\n")
    assert [(i.line, i.code, i.message) for i in validate_codebook(bad)] == [
        (3, "C100", "the file is not UTF-8 text")]
    monkeypatch.setattr(codebook_module, "MAX_FILE_BYTES", 10)
    big = _write(tmp_path, GOOD, "big.yaml")
    size = big.stat().st_size
    assert [(i.code, i.message) for i in validate_codebook(big)] == [
        ("C100", f"the file is {size} bytes; codebooks are limited to 10 bytes")]


def test_wrong_types_and_rule_shapes(tmp_path):
    text = """\
name: types
version: "1"
codes:
  - id: a
    min_hits: two
    manual: maybe
    rules:
      - just text
      - phrases: 42
      - regex: '(a*)*'
      - regex: 'x?'
      - phrases: [ok]
        match: fuzzy
      - near: {terms: [[a], [b]], within: -1}
      - phrases: {jv: [x]}
"""
    issues = validate_codebook(_write(tmp_path, text))
    assert [(i.line, i.code, i.where, i.message) for i in issues] == [
        (5, "C110", "a", "'min_hits' must be a whole number, not text 'two'"),
        (6, "C110", "a", "'manual' must be true or false, not text 'maybe'"),
        (8, "C110", "a.rules[0]", "a rule must be a mapping with phrases, regex or near, not "
                                  "text 'just text'"),
        (9, "C110", "a.rules[1]", "'phrases' must be a mapping of language to phrases, not the "
                                  "number 42"),
        (10, "C141", "a.rules[2]", "regular expression '(a*)*' of rule a.rules[2] can "
                                   "backtrack catastrophically: the repeated part can match "
                                   "empty text"),
        (11, "C142", "a.rules[3]", "regular expression 'x?' matches empty text"),
        (13, "C134", "a.rules[4]", "unknown match mode 'fuzzy'; choose stem or exact"),
        (14, "C135", "a.rules[5]", "'within' must be between 0 and 1000, not -1"),
        (15, "C130", "a.rules[6]", "language 'jv' is not declared in 'languages'"),
    ]


def test_nested_code_naming_another_parent_and_manual_with_rules(tmp_path):
    text = """\
name: tree
version: "1"
codes:
  - id: a
    manual: true
    rules: [{phrases: [x]}]
    codes:
      - id: b
        parent: c
        rules: [{phrases: [y]}]
  - id: c
    manual: true
"""
    issues = validate_codebook(_write(tmp_path, text))
    assert [(i.line, i.code, i.message) for i in issues] == [
        (5, "C151", "code 'a' is marked 'manual: true' but has rules"),
        (9, "C125", "code 'b' is nested under 'a' but names parent 'c'"),
    ]


def test_every_independent_problem_of_a_rule_is_reported_in_one_run(tmp_path):
    text = """\
name: rules
version: "1"
codes:
  - id: a
    rules:
      - near: {terms: [[a], [b], ['...']], within: 2000}
  - id: b
    manual: true
    rules:
      - near: {terms: [[a], [b]], within: -1}
  - id: c
    rules:
      - phrases: ['...']
        regex: '(a*)*'
        match: fuzzy
"""
    issues = validate_codebook(_write(tmp_path, text))
    assert [(i.line, i.code, i.where) for i in issues] == [
        # three term groups and 'within' out of range: an error of either hid the other
        (6, "C144", "a.rules[0]"),
        (6, "C145", "a.rules[0]"),
        (6, "C135", "a.rules[0]"),
        (8, "C151", "b"),  # manual, with a rule that has an error of its own
        (10, "C135", "b.rules[0]"),
        (13, "C143", "c.rules[0]"),  # two kinds, and the problems of each
        (13, "C144", "c.rules[0]"),
        (14, "C141", "c.rules[0]"),
        (15, "C134", "c.rules[0]"),
    ]


def test_a_regex_holding_control_characters_is_an_error_naming_the_quotes(tmp_path):
    # In double quotes YAML reads \b as a backspace: the rule silently never matched.
    text = ('name: r\nversion: "1"\ncodes:\n  - id: a\n    rules:\n'
            '      - regex: "\\\\d+ \\bfoo\\b"\n'
            "      - regex: \"it's\\f\"\n"
            '      - regex: "\\x01a"\n'
            '      - regex: "a\\tb\\n"\n'
            "      - regex: '\\bfoo\\b'\n")
    issues = validate_codebook(_write(tmp_path, text))
    assert [(i.line, i.code, i.where, i.message, i.hint) for i in issues] == [
        (6, "C147", "a.rules[0]", "regular expression '\\d+ \\x08foo\\x08' holds a backspace "
                                  "(U+0008)",
         "a double-quoted YAML string turns \\b into a backspace: write the pattern in single "
         "quotes, which keep backslashes: regex: '\\d+ \\bfoo\\b'"),
        (7, "C147", "a.rules[1]", "regular expression 'it's\\x0c' holds a form feed (U+000C)",
         "a double-quoted YAML string turns \\f into a form feed: write the pattern in single "
         "quotes, which keep backslashes: regex: 'it''s\\f'"),
        (8, "C147", "a.rules[2]", "regular expression '\\x01a' holds a control character "
                                  "(U+0001)",
         "remove the control character, or write it as a regular expression escape (such as "
         "\\x01) in single quotes"),
    ]  # a tab and a newline match as written; single quotes keep \b a word boundary


def test_public_names():
    import qualcode

    assert qualcode.load_codebook is load_codebook
    assert qualcode.validate_codebook is validate_codebook


def test_the_codebook_memo_is_kept():
    book = parse_codebook(GOOD.replace("dimensions:", "memo: |\n  Draft of June.\n  Ask Rina."
                                       "\ndimensions:", 1))
    assert book.memo == "Draft of June.\nAsk Rina.\n"
    assert parse_codebook(GOOD).memo == ""


def test_the_documented_example_is_valid_and_codes_its_examples():
    import re as _re

    from qualcode.io.codebook_examples import check_codebook_examples

    doc = (Path(__file__).resolve().parents[2] / "docs" / "codebook.md").read_text("utf-8")
    block = _re.search(r"## A complete example\n\n```yaml\n(.*?)```", doc, _re.S)
    assert block is not None
    book = parse_codebook(block.group(1), path="docs/codebook.md")
    assert [c.id for c in book.codes] == ["enabler", "trust_building", "monitoring", "home_visit"]
    assert book.warnings == ()
    assert book.memo == "Draft agreed on 2024-06-01."
    assert book.code("enabler").examples and book.code("enabler").counter_examples
    assert [str(issue) for issue in check_codebook_examples(book)] == []


_DATE_HINT = ("write the date as YYYY-MM-DD with a real month and day, or quote it to keep it "
              "as text")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: a\nversion: 2024-13-45\ncodes: [{id: a, manual: true}]\n",
         [(2, "C101", "the value '2024-13-45' looks like a date but is not a valid one (month "
                      "must be in 1..12)", _DATE_HINT)]),
        ("name: a\nversion: '1'\ncodes:\n  - id: a\n    manual: true\n    memo: 2024-02-30\n",
         [(6, "C101", "the value '2024-02-30' looks like a date but is not a valid one (day is "
                      "out of range for month)", _DATE_HINT)]),
        ("name: a\nversion: '1'\ncodes:\n  - id: a\n    manual: true\n"
         "    examples: {positive: [ok, 0000-01-01]}\n",
         [(6, "C101", "the value '0000-01-01' looks like a date but is not a valid one (year 0 "
                      "is out of range)", _DATE_HINT)]),
        ("name: a\nversion: '1'\ncodes:\n  - id: a\n    manual: true\n"
         "    label: {id: !!timestamp x}\n",
         [(6, "C101", "the value 'x' is tagged !!timestamp but is not a date",
           "remove the '!!timestamp' tag to keep the value as text, or write a date as "
           "YYYY-MM-DD after it")]),
        ("name: a\nversion: '1'\ncodes:\n  - id: a\n    min_hits: !!int ''\n"
         "    rules: [{phrases: [x]}]\n",
         [(5, "C101", "the value '' is tagged !!int but is not a whole number",
           "remove the '!!int' tag to keep the value as text, or write a whole number after it"),
          (5, "C110", "'min_hits' must be a whole number, not text ''",
           "see docs/codebook.md for the shape of this value")]),
    ],
)
def test_values_yaml_cannot_build_are_reported_once_with_their_line(tmp_path, text, expected):
    issues = validate_codebook(_write(tmp_path, text))
    assert [(i.line, i.code, i.message, i.hint) for i in issues] == expected


def test_a_codebook_with_an_impossible_date_fails_cleanly_in_the_cli(tmp_path):
    book = _write(tmp_path, "name: a\nversion: 2024-13-45\ncodes: [{id: a, manual: true}]\n")
    transcript = tmp_path / "int01.md"
    transcript.write_text("---\nid: int01\n---\nQ: Halo?\nA: Baik.\n", encoding="utf-8")
    out = tmp_path / "results"
    result = CliRunner().invoke(app, ["analyze", str(transcript), "-c", str(book), "--no-charts",
                                      "-o", str(out)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: invalid codebook {book}: 1 problem found\n"
        f"  - {book}:2: the value '2024-13-45' looks like a date but is not a valid one (month "
        "must be in 1..12) [C101]\n"
        f"    hint: {_DATE_HINT}\n"
    )
    assert not out.exists()


def test_empty_phrase_lists_and_near_terms_are_errors(tmp_path):
    text = ('name: e\nversion: "1"\ncodes:\n  - id: f\n    rules: [{phrases: []}]\n'
            "  - id: h\n    rules: [{near: {terms: [[], [bantu]]}}]\n"
            "  - id: k\n    rules: [{phrases: {id: []}}]\n"
            "  - id: m\n    rules: [{phrases: ['...']}]\n")
    issues = validate_codebook(_write(tmp_path, text))
    assert [(i.line, i.code, i.where) for i in issues] == [
        (5, "C146", "f.rules[0]"), (7, "C146", "h.rules[0]"), (9, "C146", "k.rules[0]"),
        (11, "C144", "m.rules[0]")]  # a phrase without words: its own error, not both


def test_a_duplicate_key_hint_says_which_value_is_read(tmp_path):
    text = "name: a\nname: b\nversion: '1'\ncodes: [{id: a, manual: true}]\n"
    (issue,) = validate_codebook(_write(tmp_path, text))
    assert issue.code == "C104" and "qualcode reads the first" in issue.hint


def test_an_except_entry_of_several_words_is_a_warning(tmp_path):
    text = ("name: a\nversion: '1'\ncodes:\n  - id: a\n    rules:\n"
            "      - phrases: [sekolah]\n        except: [sekolahan, kepala sekolahnya]\n")
    (issue,) = validate_codebook(_write(tmp_path, text))
    assert (issue.line, issue.code, issue.severity) == (7, "C149", "warning")
    assert "'kepala sekolahnya' has several words" in issue.message


def test_wildcards_and_regex_characters_in_phrases_are_warnings_naming_them(tmp_path):
    text = ("name: a\nversion: '1'\nlanguages: [en]\ncodes:\n  - id: a\n    rules:\n"
            "      - phrases:\n"
            "          en: ['wait*', 'queu?', 'Dr. Smith', e-mail, 24/7, child's]\n"
            "      - phrases: ['(wait|queue)', home visit*]\n"
            "      - near: {terms: [['kepala sekolah (KS)'], [desak]]}\n"
            "      - phrases: [care]\n        except: [caring, 'carer*', cares.]\n")
    issues = validate_codebook(_write(tmp_path, text))
    assert {i.severity for i in issues} == {"warning"}
    assert [(i.line, i.code, i.where, i.message, i.hint) for i in issues] == [
        (8, "C152", "a.rules[0]", "phrase 'wait*' holds '*': phrases have no wildcards, so it "
         "is matched as 'wait'", "stem matching (the default) already matches the affixed and "
         "inflected forms of 'wait'; to match any letters where a wildcard stands, write a "
         "regex rule instead: regex: '\\bwait\\w*'"),
        (8, "C152", "a.rules[0]", "phrase 'queu?' holds '?': phrases have no wildcards, so it "
         "is matched as 'queu'", "stem matching (the default) already matches the affixed and "
         "inflected forms of 'queu'; to match any letters where a wildcard stands, write a "
         "regex rule instead: regex: '\\bqueu\\w\\b'"),
        (9, "C152", "a.rules[1]", "phrase '(wait|queue)' holds '(', '|', ')', which phrases "
         "ignore: it is matched as the words 'wait queue'",
         "list the alternatives as phrases of their own (phrases: [wait, queue])"),
        (9, "C152", "a.rules[1]", "phrase 'home visit*' holds '*': phrases have no wildcards, "
         "so it is matched as 'home visit'", "stem matching (the default) already matches the "
         "affixed and inflected forms of 'home visit'; to match any letters where a wildcard "
         "stands, write a regex rule instead: regex: '\\bhome\\s+visit\\w*'"),
        (10, "C152", "a.rules[2]", "near term 'kepala sekolah (KS)' holds '(', ')', which "
         "phrases ignore: it is matched as the words 'kepala sekolah ks'",
         "phrases are plain words, matched without punctuation; to match these characters, "
         "write a regex rule (regex: '...')"),
        (12, "C152", "a.rules[3]", "except entry 'carer*' is not a word form ('carer' is): "
         "exceptions are compared with whole words, without wildcards, so this one never "
         "applies", "write the word form itself (except: [carer]), and list each form that "
         "should not count"),
        (12, "C152", "a.rules[3]", "except entry 'cares.' is not a word form ('cares' is): "
         "exceptions are compared with whole words, so this one never applies",
         "write the word form itself (except: [cares]), and list each form that should not "
         "count"),
    ]
    # the suggested patterns are valid rules
    suggested = ("name: a\nversion: '1'\ncodes:\n  - id: a\n    rules:\n"
                 "      - regex: '\\bwait\\w*'\n      - regex: '\\bqueu\\w\\b'\n"
                 "      - regex: '\\bhome\\s+visit\\w*'\n")
    assert list(validate_codebook(_write(tmp_path, suggested, "fixed.yaml"))) == []


def test_a_question_mark_ending_a_question_is_punctuation_not_a_wildcard(tmp_path):
    text = ("name: a\nversion: '1'\nlanguages: [en]\ncodes:\n  - id: a\n    rules:\n"
            "      - phrases: ['are you sure?', 'why? because', 'organi?ation', 'wait* for it?']\n")
    issues = validate_codebook(_write(tmp_path, text))
    assert [(i.code, i.message.split(":")[0]) for i in issues] == [
        ("C152", "phrase 'organi?ation' holds '?'"), ("C152", "phrase 'wait* for it?' holds '*'")]
    assert issues[0].hint.endswith("regex: '\\borgani\\wation\\b'")
    # the suggested pattern leaves the question's mark out, as the phrase does
    assert issues[1].hint.endswith("regex: '\\bwait\\w*\\s+for\\s+it\\b'")


def test_regexes_are_checked_with_their_apostrophes_as_the_rules_read_them(tmp_path):
    text = ("name: a\nversion: '1'\ncodes:\n  - id: a\n    rules:\n"
            "      - regex: '(’|'')+x'\n"       # one text two ways, repeated: backtracks
            "      - regex: 'didn(’|'')t'\n"    # once: fine
            "      - phrases: ['didn‘t', x]\n        except: ['isn‘t']\n")
    [issue] = validate_codebook(_write(tmp_path, text))
    assert (issue.line, issue.code) == (6, "C141")
    assert "repeated alternatives" in issue.message
    assert issue.hint.endswith("(the rules read ’ ‘ ʼ and the other apostrophe marks as ', and "
                               "so does this check)")
