import re

import pytest

from qualcode.errors import InputError
from qualcode.model import Document, Turn
from qualcode.project.markup import (
    MarkupSpan,
    load_markup,
    read_markup,
    read_markup_all,
    strip_markup,
)

TAG = re.compile(r"\{/?[a-z][a-z0-9_]*\}")


def test_nested_and_overlapping_tags():
    raw = "A: {enabler}Saya {advocate}dampingi{/advocate} anak{/enabler}.\n" \
          "{stage_x}x {role}y{/stage_x} z{/role}"
    text, spans, issues = strip_markup(raw)
    assert text == TAG.sub("", raw)
    assert text == "A: Saya dampingi anak.\nx y z"
    assert issues == ()
    assert spans == (
        MarkupSpan("enabler", 3, 21, 1),
        MarkupSpan("advocate", 8, 16, 1),
        MarkupSpan("stage_x", 23, 26, 2),
        MarkupSpan("role", 25, 28, 2),
    )
    assert [text[s.start:s.end] for s in spans] == ["Saya dampingi anak", "dampingi", "x y", "y z"]


def test_spans_are_trimmed_and_other_braces_are_text():
    text, spans, issues = strip_markup("{a} hi {Nama} {/a} and { } {1}")
    assert text == " hi {Nama}  and { } {1}"
    assert spans == (MarkupSpan("a", 1, 10, 1),)
    assert text[1:10] == "hi {Nama}"
    assert issues == ()


def test_problems_are_reported_with_lines():
    raw = "one {/enabler}\ntwo {ghost}x{/ghost}\nthree {open}\n{empty} {/empty}"
    _, spans, issues = strip_markup(raw, known_codes={"enabler", "open", "empty"}, path="t.md",
                                    line_base=4)
    assert [(i.code, i.line) for i in issues] == [
        ("M102", 5), ("M101", 6), ("M101", 6), ("M104", 7), ("M103", 8)]
    assert str(issues[0]) == ("t.md:5: closing tag {/enabler} has no opening {enabler} before "
                              "it [M102]\n    hint: add {enabler} where the passage starts, "
                              "or remove it")
    assert spans == (MarkupSpan("ghost", 9, 10, 6),)


def test_read_markup_counts_front_matter_lines_and_moves_turns(tmp_path):
    path = tmp_path / "t.md"
    path.write_text("---\nid: t\n---\nA: hi\nB: {oops}there\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_markup_all([Document("t", "A: hi\nB: {oops}there\n", str(path), "md", offset=14)])
    assert [(i.code, i.line, i.path) for i in err.value.issues] == [("M104", 5, str(path))]
    doc = Document("d", "{x}ab{/x}\ncd", turns=(Turn(0, 9, "A"), Turn(10, 12, "B")))
    marked = read_markup(doc)
    assert marked.document.text == "ab\ncd"
    assert marked.document.turns == (Turn(0, 2, "A"), Turn(3, 5, "B"))
    assert marked.spans == (MarkupSpan("x", 0, 2, 1),)


def test_load_markup_gives_codings_on_the_cleaned_text(tmp_path):
    raw = ("---\nid: m\n---\nPewawancara: Bagaimana?\n\n"
           "Rina: Saya {enabler}dampingi {advocate}anak{/advocate}{/enabler} itu.\n")
    (tmp_path / "m.md").write_text(raw, encoding="utf-8")
    corpus, codings = load_markup([tmp_path / "m.md"], coder="ana",
                                  known_codes={"enabler", "advocate"})
    doc = corpus.document("m")
    assert doc.text == TAG.sub("", raw.split("---\n", 2)[2])
    assert [(c.code, c.segment, c.coder, c.source, c.status, doc.text[c.start:c.end])
            for c in codings] == [("enabler", 1, "ana", "manual", "accepted", "dampingi anak"),
                                  ("advocate", 1, "ana", "manual", "accepted", "anak")]
    seg = corpus.segments["m"][1]
    assert seg.text == doc.text[seg.start:seg.end] == "Saya dampingi anak itu."


def test_one_code_path_or_label_is_taken_whole(tmp_path):
    raw = "Moderator: {enab}Apa?{/enab}\n\nRina: {enabler}Saya dampingi.{/enabler}\n"
    (tmp_path / "m.md").write_text(raw, encoding="utf-8")
    _, _, issues = strip_markup(raw, known_codes="enabler")
    assert [i.message for i in issues] == ["unknown code 'enab' in tag {enab}",
                                           "unknown code 'enab' in tag {/enab}"]
    corpus, codings = load_markup(str(tmp_path / "m.md"), coder="ana",
                                  interviewer_labels="Moderator")
    assert [(s.speaker, s.interviewer) for s in corpus.segments["m"]] == [
        ("Moderator", True), ("Rina", False)]
    assert [c.code for c in codings] == ["enab", "enabler"]
    with pytest.raises(InputError, match="known_codes must be names"):
        strip_markup(raw, known_codes=["enabler", 7])
