"""Tests for reading simple front matter without the YAML parser."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st
from typer.testing import CliRunner

from qualcode.cli.app import app
from qualcode.errors import InputError
from qualcode.io.frontmatter import FrontMatter, _simple_mapping, split_front_matter
from qualcode.io.yamlsafe import YamlValueError, load_plain


def test_simple_lines_become_what_the_parser_makes_of_them():
    block = ("id: mk01-rina\ntitle: Wawancara manajer kasus 1\nlanguage: id\n\n"
             "date: 2024-05-14\nsynthetic: true\nyears: 12\nshare: 1.5\nnote: \n"
             "memo: Bu Rina's (kasus) 2/3; lanjut, ya  \n")
    assert _simple_mapping(block) == {
        "id": "mk01-rina", "title": "Wawancara manajer kasus 1", "language": "id",
        "date": dt.date(2024, 5, 14), "synthetic": True, "years": 12, "share": 1.5,
        "note": None, "memo": "Bu Rina's (kasus) 2/3; lanjut, ya",
    }
    assert _simple_mapping(block) == yaml.safe_load(block)


def test_values_yaml_would_change_keep_their_text():
    # YAML 1.1 reads 01234 as octal 668, 1.10 as 1.1, yes as True: attributes keep the text
    block = ("postcode: 01234\nwave: 1.10\nconsent: yes\nhex: 0x1F\nbig: 1_000\n"
             "n: 12\nx: 1.5\nflag: true\nquoted: '012'\n")
    expected = {"postcode": "01234", "wave": "1.10", "consent": "yes", "hex": "0x1F",
                "big": "1_000", "n": 12, "x": 1.5, "flag": True, "quoted": "012"}
    assert load_plain(block, literal=True) == expected
    assert load_plain(block + "list: [01, 2]\n", literal=True)["list"] == ["01", 2]
    assert split_front_matter(f"---\n{block}time: 12:30\n---\nQ: hi\n").attributes == {
        **expected, "time": "12:30"}
    assert load_plain("postcode: 01234\n") == {"postcode": 668}  # settings: plain YAML
    # forms YAML 1.1 reads as numbers but cannot build are text too, not errors
    sexagesimal = "1" + ":1" * 200 + ".5"
    assert load_plain(f"n: 0b_\nf: {sexagesimal}\n", literal=True) == {
        "n": "0b_", "f": sexagesimal}


def test_a_repeated_key_keeps_its_first_place_and_last_value():
    assert list(_simple_mapping("a: 1\nb: 2\na: x\n").items()) == [("a", "x"), ("b", 2)]


@pytest.mark.parametrize(
    "block",
    [
        "",
        "\n\n",
        "true: x\n",  # the key would be a bool
        "null: x\n",
        "id:x\n",  # no blank after the colon: one plain scalar, not a mapping
        "id : x\n",
        "id: 'x'\n",
        "id: x # note\n",
        "id: a: b\n",
        "id: [a, b]\n",
        "id: &a x\n",
        "id:\n  - a\n",
        "id: x\n  more\n",
        "# comment\nid: x\n",
        "id: -1\n",
        "id: .5\n",
        "id: x\ty\n",
        "id: caf\u00e9\u00a0x\n",
        "- a\n",
    ],
)
def test_anything_else_is_left_to_the_parser(block):
    assert _simple_mapping(block) is None


def _where(exc: YamlValueError) -> tuple[str, int, int, int]:
    mark = exc.problem_mark
    return exc.problem, mark.line, mark.column, mark.index


def test_an_impossible_date_raises_what_the_parser_raises():
    with pytest.raises(YamlValueError) as fast:
        _simple_mapping("id: x\ndate: 2024-13-01\n")
    with pytest.raises(YamlValueError) as slow:
        load_plain("id: x\ndate: 2024-13-01\n")
    expected = ("the value '2024-13-01' looks like a date but is not a valid one (month must be "
                "in 1..12)", 1, 6, 12)
    assert _where(fast.value) == _where(slow.value) == expected
    assert fast.value.hint == slow.value.hint == (
        "write the date as YYYY-MM-DD with a real month and day, or quote it to keep it as text")
    assert str(fast.value.__cause__) == str(slow.value.__cause__) == "month must be in 1..12"
    # ... but only once every line is known to be simple: here the parser reports the YAML
    # error of the last line first.
    assert _simple_mapping("date: 2024-13-01\nid: [x\n") is None


def test_split_front_matter_reads_simple_and_parsed_blocks_alike():
    simple = split_front_matter("---\nid: x\ndate: 2024-05-14\nspeakers: Rina\n---\nQ: hi\n")
    parsed = split_front_matter("---\nid: x\ndate: 2024-05-14\nspeakers: [Rina]\n---\nQ: hi\n")
    assert simple == FrontMatter({"id": "x", "date": "2024-05-14", "speakers": "Rina"}, 46)
    assert parsed == FrontMatter({"id": "x", "date": "2024-05-14", "speakers": "Rina"}, 48)


_KEYS = st.sampled_from(["id", "case", "a_1", "Yes", "on", "null", "true", "x", "NULL", "n"])
_VALUES = st.one_of(
    st.sampled_from(["", "true", "No", "~", "null", "12", "012", "0x1F", "0o17", "1_000", "1.5",
                     "1e3", "1.0e+3", "-1", "+1", "2024-05-14", "2024-5-4", "2024-02-30",
                     "Bu Rina", "a  b", "mk01-rina", "0b101", "190", ".inf", "1st", "caf\u00e9",
                     "\u0663", "\u00b2", "\u217b"]),
    st.text(alphabet="aZ09_ .,;()/'+-\u00e9\u0130\u00a0\t:#\"[]{}!&*|>%@`?=~<", max_size=8),
)
_LINES = st.tuples(_KEYS, st.sampled_from([": ", ":", ":  "]), _VALUES).map("".join)


@given(st.lists(_LINES, min_size=1, max_size=4).map(lambda rows: "\n".join(rows) + "\n"))
@example("id: x\ndate: 2024-02-30\n")
def test_simple_mapping_agrees_with_the_parser(block):
    try:
        fast = _simple_mapping(block)
    except YamlValueError as exc:
        with pytest.raises(YamlValueError) as slow:
            load_plain(block)
        assert _where(exc) == _where(slow.value)
        assert exc.hint == slow.value.hint
        with pytest.raises(ValueError, match=re.escape(str(exc.__cause__))):
            yaml.safe_load(block)
        return
    if fast is not None:
        slow = load_plain(block, literal=True)
        assert [(k, type(v), v) for k, v in fast.items()] == [
            (k, type(v), v) for k, v in slow.items()
        ]


_DATE_HINT = ("write the date as YYYY-MM-DD with a real month and day, or quote it to keep it "
              "as text")


@pytest.mark.parametrize(
    ("block", "line", "problem", "hint"),
    [
        # simple lines (read without the parser) and the same value seen by the parser
        ("id: int01\ndate: 2024-13-45\n", 3,
         "the value '2024-13-45' looks like a date but is not a valid one (month must be in "
         "1..12)", _DATE_HINT),
        ("id: int01 # note\ndate: 2024-13-45\n", 3,
         "the value '2024-13-45' looks like a date but is not a valid one (month must be in "
         "1..12)", _DATE_HINT),
        ("id: x\nspeakers:\n  - Rina\n  - 2024-02-30\n", 5,
         "the value '2024-02-30' looks like a date but is not a valid one (day is out of range "
         "for month)", _DATE_HINT),
        ("date: [2024-05-14, 0000-01-01]\n", 2,
         "the value '0000-01-01' looks like a date but is not a valid one (year 0 is out of "
         "range)", _DATE_HINT),
        ("id: x\nwhen: 2024-05-14 25:00:00\n", 3,
         "the value '2024-05-14 25:00:00' looks like a date but is not a valid one (hour must "
         "be in 0..23)", _DATE_HINT),
        # an int over Python's digit limit
        ("id: x\nn: " + "9" * 5000 + "\n", 3,
         "the value '" + "9" * 37 + "...' looks like a whole number but is not a valid one "
         "(more than 4300 digits)", "quote the value to keep it as text"),
        # explicit tags
        ("id: x\nn: !!int ''\n", 3, "the value '' is tagged !!int but is not a whole number",
         "remove the '!!int' tag to keep the value as text, or write a whole number after it"),
        ("ok: !!bool maybe\n", 2, "the value 'maybe' is tagged !!bool but is not true or false",
         "remove the '!!bool' tag to keep the value as text, or write true or false after it"),
        ("f: !!float _\n", 2, "the value '_' is tagged !!float but is not a number",
         "remove the '!!float' tag to keep the value as text, or write a number after it"),
        ("d: !!timestamp soon\n", 2, "the value 'soon' is tagged !!timestamp but is not a date",
         "remove the '!!timestamp' tag to keep the value as text, or write a date as "
         "YYYY-MM-DD after it"),
        ("d: !!timestamp '2024-02-30'\n", 2,
         "the value '2024-02-30' is tagged !!timestamp but is not a date (day is out of range "
         "for month)", "remove the '!!timestamp' tag to keep the value as text, or write a "
         "date as YYYY-MM-DD after it"),
    ],
)
def test_a_value_yaml_cannot_build_is_an_input_error_with_its_line(block, line, problem, hint):
    with pytest.raises(InputError) as caught:
        split_front_matter(f"---\n{block}---\nQ: Halo?\n", path="int01.md")
    error = caught.value
    assert (error.path, error.line, error.message, error.hint) == (
        "int01.md", line, f"the front matter cannot be read: {problem}", hint)


def test_a_quoted_impossible_date_stays_text():
    front = split_front_matter("---\nid: int01\ndate: '2024-13-45'\n---\nQ: Halo?\n")
    assert front == FrontMatter({"id": "int01", "date": "2024-13-45"}, 37)


_BAD_DATE = "---\nid: int01\ndate: 2024-13-45\n---\nQ: Halo?\nA: Baik.\n"
_BAD_DATE_ERROR = (
    "Error: {path}:3: the front matter cannot be read: the value '2024-13-45' looks like a date "
    "but is not a valid one (month must be in 1..12)\n"
    f"Hint: {_DATE_HINT}\n"
)


def test_the_cli_reports_an_impossible_date_and_exits_1(tmp_path):
    path = tmp_path / "int01.md"
    path.write_text(_BAD_DATE, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["segments", str(path)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == _BAD_DATE_ERROR.format(path=path)
    out = tmp_path / "results"
    result = runner.invoke(app, ["analyze", str(path), "--no-charts", "-o", str(out)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == _BAD_DATE_ERROR.format(path=path)
    assert not out.exists()
    result = runner.invoke(app, ["--debug", "segments", str(path)])
    assert result.exit_code == 1
    assert isinstance(result.exception, InputError)
    assert isinstance(result.exception.__cause__, YamlValueError)


def test_skip_errors_skips_the_file_with_a_warning(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    bad = folder / "int01.md"
    bad.write_text(_BAD_DATE, encoding="utf-8")
    good = "---\nid: int02\ndate: 2024-05-14\n---\nQ: Halo?\nA: Baik.\n"
    (folder / "int02.md").write_text(good, encoding="utf-8")
    out = tmp_path / "segments.csv"
    result = CliRunner().invoke(app, ["segments", str(folder), "--skip-errors", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert result.stderr.endswith(
        "Skipped 1 file(s):\n"
        f"  - {bad}:3: the front matter cannot be read: the value '2024-13-45' looks like a date "
        "but is not a valid one (month must be in 1..12) [E100]\n"
        f"    hint: {_DATE_HINT}\n"
    )
    assert out.read_text(encoding="utf-8").splitlines() == [
        "document,case,segment,start,end,speaker,interviewer,unit,text,date",
        "int02,,0,3,8,Q,True,turn,Halo?,2024-05-14",
        "int02,,1,12,17,A,False,turn,Baik.,2024-05-14",
    ]
