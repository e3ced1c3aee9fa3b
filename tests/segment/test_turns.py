import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from qualcode.model import Turn
from qualcode.segment import turns
from qualcode.segment.turns import (
    InterviewerMatcher,
    LabelMatch,
    clean_label,
    find_turns,
    has_label_lines,
    iter_label_matches,
    label_matches,
    speaker_filter,
    trimmed_span,
    turn_spans,
    turns_from_labels,
)


def spans(text, **kw):
    return [(t.speaker, text[t.start : t.end], dict(t.attributes)) for t in find_turns(text, **kw)]


def test_plain_labels_and_continuation_lines():
    text = "Pewawancara: Apa kabar?\n\nRina: Baik.\nBaris kedua.\n\nPewawancara: Oke."
    assert spans(text) == [
        ("Pewawancara", "Apa kabar?", {}),
        ("Rina", "Baik.\nBaris kedua.", {}),
        ("Pewawancara", "Oke.", {}),
    ]


def test_labels_followed_or_preceded_by_no_break_and_other_unicode_spaces():
    """Word processors put a no-break space after a colon (French spacing, autocorrect)."""
    text = ("Pewawancara:\u00a0Apa peran Ibu?\n\nRina\u00a0:\u202fSaya dampingi.\n\n"
            "\u3000Pewawancara:\u2003Oke.")
    assert spans(text) == [
        ("Pewawancara", "Apa peran Ibu?", {}),
        ("Rina", "Saya dampingi.", {}),
        ("Pewawancara", "Oke.", {}),
    ]


def test_invisible_characters_before_a_label_do_not_hide_it_and_stay_in_the_text():
    """Pasted text starts lines with zero-width spaces, word joiners, BOMs, soft hyphens or
    direction marks; they are passed over before a label, outside every turn."""
    text = ("Pewawancara: Apa kendalanya?\n\u200bRina: Anaknya cemas.\nPewawancara: Lalu?\n"
            "\ufeffRina: Kami rujuk.\n\u2060 \u00ad[00:01:02]\u200e Q: Oke.\n\u200f**Rina:** Ya.")
    assert [(t.speaker, t.start, t.end, text[t.start:t.end]) for t in find_turns(text)] == [
        ("Pewawancara", 13, 28, "Apa kendalanya?"),
        ("Rina", 36, 50, "Anaknya cemas."),
        ("Pewawancara", 64, 69, "Lalu?"),
        ("Rina", 77, 88, "Kami rujuk."),
        ("Q", 107, 111, "Oke."),
        ("Rina", 123, 126, "Ya."),
    ]
    assert label_matches(text)[4] == LabelMatch(89, 107, "Q", "00:01:02")
    assert spans("\u200bQ: a\nR: b") == [("Q", "a", {}), ("R", "b", {})]
    assert spans("Q: a\n\u200bx\u200bR: b\nQ: c") == [("Q", "a\n\u200bx\u200bR: b", {}),
                                                       ("Q", "c", {})]


def test_bracket_bold_and_timestamp_forms():
    text = "[00:12:31] Interviewer: Hi\n00:12:35 P1: Hello\n[P1] again\n**Q:** Next\n**P1**: Yes"
    assert spans(text) == [
        ("Interviewer", "Hi", {"timestamp": "00:12:31"}),
        ("P1", "Hello", {"timestamp": "00:12:35"}),
        ("P1", "again", {}),
        ("Q", "Next", {}),
        ("P1", "Yes", {}),
    ]


def test_single_form_field_is_not_a_speaker():
    text = "Laporan monitoring\nTanggal: 3 Mei 2024\nIsi laporan berjalan baik."
    assert find_turns(text) == ()


def test_once_only_label_needs_a_name_shape_in_a_transcript():
    text = "Interviewer: Tell me.\nBu Rina: Well.\nJadi gini: we went on.\nInterviewer: Ok."
    result = spans(text)
    assert [s for s, _, _ in result] == ["Interviewer", "Bu Rina", "Interviewer"]
    assert result[1][1] == "Well.\nJadi gini: we went on."


def test_text_before_the_first_label_is_its_own_turn():
    text = "Transkrip 1\n\nQ: Halo\nA: Hai\nA: lagi"
    assert spans(text)[0] == (None, "Transkrip 1", {})


def test_urls_and_long_labels_are_not_speakers():
    text = "Q: see\nhttps://example.org is the site\nThis is a very long line that: is not\nQ: ok"
    assert [s for s, _, _ in spans(text)] == ["Q", "Q"]


def test_label_matches_at_the_start_after_newlines_and_at_the_end():
    text = "Q: a\n\nRina: b\n[00:01:02] Q: c\n  **Bu Sari:**   d\nQ:"
    assert label_matches(text) == [
        LabelMatch(0, 3, "Q"),
        LabelMatch(6, 12, "Rina"),
        LabelMatch(14, 28, "Q", "00:01:02"),
        LabelMatch(30, 47, "Bu Sari"),
        LabelMatch(49, 51, "Q"),
    ]
    assert label_matches("\nQ: a") == [LabelMatch(1, 4, "Q")]
    assert label_matches("- Q: a\nhttps://e.org\nhttp: x\nQ:x") == []


def test_a_timestamp_may_span_lines_and_the_next_label_is_on_the_line_after_it():
    text = "[\n00:12] Q: a\nR: b"
    assert label_matches(text) == [LabelMatch(0, 12, "Q", "\n00:12"), LabelMatch(14, 17, "R")]


def test_iter_label_matches_is_lazy():
    found = iter_label_matches("Q: a\nR: b\n" + "x\n" * 10)
    assert next(found) == LabelMatch(0, 3, "Q")
    assert list(found) == [LabelMatch(5, 8, "R")]


# The reference: the label line anchored with '^' and tried at every character.
_EVERY_LINE = re.compile("^" + turns._LINE, re.VERBOSE | re.MULTILINE)
_PIECES = ["Q", "Rina", "Bu Sari", ":", ": ", ":a", ":\"", "\n", "\n\n", " ", "\t", "[", "]",
           "**", "(", ")", "[00:12:31]", "00:12:31", "(01:02)", "[\n", "-", "\u2014", "https",
           "a b c d e f",
           "\u00e9", "\u00a0", "1", "\u2019", "\u2028", "x" * 41, "\u200b", "\ufeff", "\u00ad",
           "#00:12:31-4#", "#"]


def _as_kept(ts):
    """A timestamp as a label match gives it: without brackets, a time mark as a time."""
    if ts.startswith("#"):
        return ts[1:9] + "." + ts[10]
    return ts.strip("[]() ")


@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
@example("[\n00:12] Q: a\nR: b")
@example("Q(01:02): a\nRina [00:12:31]:")
@example("#00:12:31-4# Q: a\n#00:12:31-4#- Rina:")
@example("Q:a\n[Rina]:b\n[SPEAKER_00]: c\nRina [menangis]:\n**Q**:d")
def test_label_matches_agree_with_a_pattern_tried_at_every_line_start(text):
    every, tight = [], []
    for m in _EVERY_LINE.finditer(text):
        label = clean_label(m.group("bold") or m.group("bracket") or m.group("plain"))
        if label is not None:
            ts = m.group("ts") or m.group("after")
            every.append((m.start(), m.end(), label, _as_kept(ts) if ts else None))
            if m.group("tight") is not None:
                tight.append(m.start())
    # A label with no blank after its colon is for turn_spans only, which asks for them.
    expected = [LabelMatch(*found) for found in every if found[0] not in tight]
    assert label_matches(text) == expected
    assert list(iter_label_matches(text)) == expected
    found_tight = []
    assert list(turns._scan_labels(text, found_tight)) == every
    assert found_tight == tight


def test_turn_spans_are_the_turns_as_tuples():
    text = "Judul\n\n[00:01] Q: halo\n\nRina:\nQ: lagi  \n"
    assert turn_spans(text) == [
        (0, 5, None, {}),
        (18, 22, "Q", {"timestamp": "00:01"}),
        (29, 29, "Rina", {}),
        (33, 37, "Q", {}),
    ]
    assert find_turns(text) == tuple(Turn(*span) for span in turn_spans(text))
    assert turn_spans("no labels here") == []
    assert turn_spans("https: only a scheme") == []


def test_has_label_lines_is_true_for_any_label_shaped_line():
    assert has_label_lines("Saya dampingi anaknya, lalu home visit.") is False
    assert has_label_lines("Jadi gini: kami datang.") is True
    assert has_label_lines("Baris satu\n  Rina: baris dua") is True
    assert has_label_lines("Rasio 3:1 saja\nlalu 10:00 pagi") is False
    assert has_label_lines("") is False
    assert has_label_lines("[Rina] halo") is True
    assert has_label_lines("**Bu Sari:** halo") is True
    assert has_label_lines("nilai a] dan b") is False
    assert has_label_lines("https: only a scheme") is True  # a candidate, refused later


def test_turns_from_labels_trims_every_kind_of_white_space():
    text = "\u2028 lead \x1c\nQ: \u00a0a b \u3000\n\nR: \n\t\n"
    found = turns_from_labels(text, label_matches(text))
    assert found == (Turn(2, 6, None), Turn(13, 16, "Q"), Turn(23, 23, "R"))


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [(0, 9, (2, 6)), (2, 6, (2, 6)), (0, 2, None), (7, 9, None), (3, 3, None), (0, 4, (2, 4))],
)
def test_trimmed(start, end, expected):
    assert trimmed_span(" \nabcd\t\u00a0\u2029", start, end) == expected


def test_a_comma_in_a_label_keeps_titles_and_last_first_names():
    text = ("Pewawancara: Selamat siang.\nDra. Siti Aminah, M.Si.: Siang.\nPewawancara: Bagaimana?"
            "\nDra. Siti Aminah, M.Si.: Kami asesmen.\nJadi, begini: kami rujuk.")
    assert spans(text) == [
        ("Pewawancara", "Selamat siang.", {}),
        ("Dra. Siti Aminah, M.Si.", "Siang.", {}),
        ("Pewawancara", "Bagaimana?", {}),
        ("Dra. Siti Aminah, M.Si.", "Kami asesmen.\nJadi, begini: kami rujuk.", {}),
    ]
    assert [s for s, _, _ in spans("Q: Hi.\nWulandari, Rina: Hello.\nQ: Ok.")] == [
        "Q", "Wulandari, Rina", "Q"]


def test_a_timestamp_after_the_label_is_the_turns_timestamp():
    """Rev and Trint write ``Name (00:00:05): text``, or the header on a line of its own."""
    text = ("Interviewer (00:00:05): Thanks.\nRina (00:00:12): Six years.\n"
            "Rina [00:01:02]: More.\n\nInterviewer (00:01:10):\nWhy?\n\nRina ( 1:15.5 ) :\n"
            "Because.\nSo (10:00) it was.")
    assert spans(text) == [
        ("Interviewer", "Thanks.", {"timestamp": "00:00:05"}),
        ("Rina", "Six years.", {"timestamp": "00:00:12"}),
        ("Rina", "More.", {"timestamp": "00:01:02"}),
        ("Interviewer", "Why?", {"timestamp": "00:01:10"}),
        ("Rina", "Because.\nSo (10:00) it was.", {"timestamp": "1:15.5"}),
    ]
    assert label_matches("Q (00:05): a") == [LabelMatch(0, 11, "Q", "00:05")]


def test_a_name_and_a_time_alone_on_a_line_start_a_turn():
    """Otter and Teams write "Speaker 1  0:00" (or the name, then the time on a line below)
    over each paragraph; a line of prose that ends with a time is not such a header."""
    otter = ("Speaker 1  0:00\nSo how long?\n\nSpeaker 2  0:05\nSix years, since 10:00\n\n"
             "Speaker 1  0:12\nOkay.\n\nSpeaker 2\t1:02:03.5\nYes.")
    assert spans(otter) == [
        ("Speaker 1", "So how long?", {"timestamp": "0:00"}),
        ("Speaker 2", "Six years, since 10:00", {"timestamp": "0:05"}),
        ("Speaker 1", "Okay.", {"timestamp": "0:12"}),
        ("Speaker 2", "Yes.", {"timestamp": "1:02:03.5"}),
    ]
    teams = ("Rina Wulandari\n\n0:03\n\nHalo.\n\nDimas Pratama\n0:07\nHai.\n\n"
             "Rina Wulandari\n\n0:10\n\nOke.")
    assert spans(teams) == [
        ("Rina Wulandari", "Halo.", {"timestamp": "0:03"}),
        ("Dimas Pratama", "Hai.", {"timestamp": "0:07"}),
        ("Rina Wulandari", "Oke.", {"timestamp": "0:10"}),
    ]
    text = ("Interviewer: Hi.\nRina: Rapat.\nPukul 10:00\nkami mulai jam 10:00\n"
            "Interviewer: Ok.\nRina: Ya, mulai jam 10:00")
    assert [s for s, _, _ in spans(text)] == ["Interviewer", "Rina", "Interviewer", "Rina"]
    assert find_turns("Rapat mulai 10:00\nlalu selesai 12:00") == ()
    assert has_label_lines("Speaker 1  0:00\nSo.") is True
    assert has_label_lines("Rapat mulai jam 10 pagi") is False


def test_an_f4_time_mark_closing_a_turn_is_left_out_and_is_its_end_time():
    """f4transkript ends every paragraph with the playback time, ``#hh:mm:ss-d#``."""
    text = ("I: Wie lange arbeiten Sie schon dort? #00:00:12-4#\n\n"
            "B: Seit sechs Jahren.#00:00:15-0#\n\n"
            "I: Und davor? #00:00:18-9# \n#00:00:19-0#\n\n"
            "B: Studium, #hashtag und 10:00 Uhr. #00:00:25-1#\nNoch was. #00:00:30-0#\n"
            "I: #00:00:31-2#")
    assert [(t.speaker, t.start, t.end, text[t.start:t.end], dict(t.attributes))
            for t in find_turns(text)] == [
        ("I", 3, 37, "Wie lange arbeiten Sie schon dort?", {"end_time": "00:00:12.4"}),
        ("B", 55, 73, "Seit sechs Jahren.", {"end_time": "00:00:15.0"}),
        ("I", 90, 100, "Und davor?", {"end_time": "00:00:19.0"}),
        ("B", 132, 187, "Studium, #hashtag und 10:00 Uhr. #00:00:25-1#\nNoch was.",
         {"end_time": "00:00:30.0"}),
        ("I", 204, 204, "", {"end_time": "00:00:31.2"}),
    ]
    # Text before the first label is closed the same way, and a mark alone is no turn.
    assert spans("Interview 3 #00:00:00-0#\nQ: Ja. #00:00:02-0#\nB: Nein.") == [
        (None, "Interview 3", {"end_time": "00:00:00.0"}),
        ("Q", "Ja.", {"end_time": "00:00:02.0"}),
        ("B", "Nein.", {}),
    ]
    assert spans("#00:00:00-0#\nQ: Ja.\nB: Nein.") == [("Q", "Ja.", {}), ("B", "Nein.", {})]


def test_a_time_mark_before_a_label_is_the_turns_timestamp():
    text = "#00:00:05-0# I: Ja?\n\u200b#00:00:07-3#B: Nein. #00:00:09-9#\nI: Gut."
    assert spans(text) == [
        ("I", "Ja?", {"timestamp": "00:00:05.0"}),
        ("B", "Nein.", {"timestamp": "00:00:07.3", "end_time": "00:00:09.9"}),
        ("I", "Gut.", {}),
    ]
    assert label_matches("#00:00:05-0# - Q: a") == [LabelMatch(0, 18, "Q", "00:00:05.0")]
    assert label_matches("#00:05-0# Q: a\n#hashtag Q: b\n# Q: c") == []



def test_a_bracketed_time_right_after_the_label_is_the_turns_timestamp_and_no_part_of_it():
    text = ("Interviewer: [00:05:02] How was it?\nP6: [00:05:10] The forms were long.\n"
            "Interviewer:\n(00:05:20)\nWhy?\n[00:05:30] P6: [00:05:31] Too many pages.\n"
            "Interviewer: [00:05:40]\nP6: [inaudible] Yes.\nInterviewer: (10:00) we start.")
    assert spans(text) == [
        ("Interviewer", "How was it?", {"timestamp": "00:05:02"}),
        ("P6", "The forms were long.", {"timestamp": "00:05:10"}),
        ("Interviewer", "Why?", {"timestamp": "00:05:20"}),
        # A time before the label is the turn's timestamp; the one after it is left out too.
        ("P6", "Too many pages.", {"timestamp": "00:05:30"}),
        ("Interviewer", "", {"timestamp": "00:05:40"}),
        ("P6", "[inaudible] Yes.", {}),
        ("Interviewer", "(10:00) we start.", {}),  # a clock time in parentheses is prose
    ]
    start = text.index("The forms")
    assert turn_spans(text)[1][:2] == (start, start + len("The forms were long."))


def test_bracketed_times_closing_a_turn_are_left_out_and_the_last_is_its_end_time():
    text = ("[01:05] Q: How long did you wait?\n"
            "[01:12] P8: An hour. [01:40] Then the clerk was rude. [inaudible] [02:00]\n"
            "[02:02] Q: Okay. (00:02:05)\n\n[00:02:07]\n"
            "Participant 9: About an hour.\n\n[00:02:30]\n\nThen the clerk was rude.\n\n"
            "[00:02:40]\nQ: And then? [00:02:50] #00:02:51-0#")
    assert spans(text) == [
        ("Q", "How long did you wait?", {"timestamp": "01:05"}),
        # A time in the middle of a turn stays in its text, as written.
        ("P8", "An hour. [01:40] Then the clerk was rude. [inaudible]",
         {"timestamp": "01:12", "end_time": "02:00"}),
        ("Q", "Okay.", {"timestamp": "02:02", "end_time": "00:02:07"}),
        ("Participant 9", "About an hour.\n\n[00:02:30]\n\nThen the clerk was rude.",
         {"end_time": "00:02:40"}),
        ("Q", "And then?", {"end_time": "00:02:51.0"}),
    ]
    assert spans("[00:00:00]\n\nQ: Hi. [00:00:02]\nR: Yo.") == [
        ("Q", "Hi.", {"end_time": "00:00:02"}), ("R", "Yo.", {})]
    # Text before the first label is closed the same way.
    assert spans("Interview 6 [00:00:00]\nQ: Hi.\nR: Yo.")[0] == (
        None, "Interview 6", {"end_time": "00:00:00"})
    assert spans("Q: We start at (10:00)\nR: Yes.")[0] == ("Q", "We start at (10:00)", {})


def test_turns_from_labels_leave_closing_time_marks_out_too():
    """The .docx reader cuts its turns at bold labels with :func:`turns_from_labels`."""
    text = "Q: a #00:00:01-0#\nR: b #00:00:02-5#"
    assert turns_from_labels(text, label_matches(text)) == (
        Turn(3, 4, "Q", {"end_time": "00:00:01.0"}), Turn(21, 22, "R", {"end_time": "00:00:02.5"}))


MARKDOWN = ("# Wawancara 3\n\nPewawancara: Apa kabar?\n\nRina: Baik. #tagar\n#tagar juga\n"
            "## Sesi 2\nTanggal 5 Mei.\n\nPewawancara: Lanjut.\n   ### Catatan\n"
            "    # kode\n####### tujuh\nRina: Ya.\n\t# tab\n###### Akhir\n")


def test_a_markdown_heading_ends_the_turn_above_it_and_belongs_to_no_speaker():
    got = [(t.speaker, t.start, t.end, MARKDOWN[t.start:t.end])
           for t in find_turns(MARKDOWN, markdown=True)]
    assert got == [
        (None, 0, 13, "# Wawancara 3"),
        ("Pewawancara", 28, 38, "Apa kabar?"),
        ("Rina", 46, 70, "Baik. #tagar\n#tagar juga"),
        (None, 71, 80, "## Sesi 2"),
        (None, 81, 95, "Tanggal 5 Mei."),  # under the heading: no one's words either
        ("Pewawancara", 110, 117, "Lanjut."),
        (None, 121, 132, "### Catatan"),
        (None, 137, 157, "# kode\n####### tujuh"),  # indented code, seven '#': no headings
        ("Rina", 164, 174, "Ya.\n\t# tab"),
        (None, 175, 187, "###### Akhir"),
    ]
    assert turn_spans(MARKDOWN, markdown=True) == [
        (t.start, t.end, t.speaker, t.attributes) for t in find_turns(MARKDOWN, markdown=True)]


def test_heading_lines_are_text_outside_markdown_and_without_speakers():
    assert [(s, text) for s, text, _ in spans(MARKDOWN)][1:4] == [
        ("Pewawancara", "Apa kabar?"),
        ("Rina", "Baik. #tagar\n#tagar juga\n## Sesi 2\nTanggal 5 Mei."),
        ("Pewawancara", "Lanjut.\n   ### Catatan\n    # kode\n####### tujuh"),
    ]
    # Headings alone make no turns: a Markdown text without speakers falls back to paragraphs.
    assert find_turns("# Judul\n\nIsi laporan.\n\n## Bagian\nLagi.", markdown=True) == ()
    assert spans("# Wawancara 1\nQ: Halo\n#00:00:05-0# Rina: Hai", markdown=True) == [
        (None, "# Wawancara 1", {}), ("Q", "Halo", {}),
        ("Rina", "Hai", {"timestamp": "00:00:05.0"})]
    assert spans("Q: Halo #00:00:01-0#\n## Sesi 2 #00:10:00-0#\nRina: Hai", markdown=True) == [
        ("Q", "Halo", {"end_time": "00:00:01.0"}), (None, "## Sesi 2", {"end_time": "00:10:00.0"}),
        ("Rina", "Hai", {})]


def test_enumeration_and_discourse_words_are_not_speakers():
    text = ("Pewawancara: Bagaimana prosesnya?\nRina: Ada tahapnya.\nPertama: asesmen.\n"
            "Kedua: rencana.\nMisalnya: rujukan.\nCatatan: informan menangis\nPewawancara: Lalu?"
            "\nRina: Ya.\nCatatan: lagi.\nNote 2: again.\nFirst: we met.")
    assert spans(text) == [
        ("Pewawancara", "Bagaimana prosesnya?", {}),
        ("Rina", "Ada tahapnya.\nPertama: asesmen.\nKedua: rencana.\nMisalnya: rujukan.\n"
                 "Catatan: informan menangis", {}),
        ("Pewawancara", "Lalu?", {}),
        ("Rina", "Ya.\nCatatan: lagi.\nNote 2: again.\nFirst: we met.", {}),
    ]
    assert speaker_filter(["Catatan", "Catatan", "Q"])("Catatan") is False
    assert speaker_filter(["Catatan", "Q"], speakers=["catatan"])("Catatan") is True
    assert speaker_filter(["Jadi"], is_interviewer=InterviewerMatcher(("Jadi",)))("Jadi")


def test_interviewer_labels_with_a_qualifier_in_brackets():
    m = InterviewerMatcher()
    assert m("Peneliti (Dimas)") and m("Interviewer (Dimas)") and m("Pewawancara 2 [Sari]")
    assert m("Q (moderator)") and m("Interviewer(Dimas)")
    assert not m("Rina (Peneliti)") and not m("Informan (Q)") and not m("(Dimas)")
    text = "Peneliti (Dimas): Sudah lama?\nRina: Enam tahun."
    assert [(t.speaker, m(t.speaker)) for t in find_turns(text)] == [
        ("Peneliti (Dimas)", True), ("Rina", False)]


def test_a_stage_direction_or_role_in_brackets_after_a_name_is_that_speakers_turn():
    """``Rina (tertawa):`` and ``Rina [menangis]:`` are Rina's turns: the speaker is the name,
    the words in brackets are kept as the turn's qualifier; a timestamp may follow them."""
    text = ("Pewawancara: Kerja di mana?\nRina (tertawa): Di pabrik garmen.\n"
            "Pewawancara: Sering lembur?\nRina [menangis]: Sering sekali.\n"
            "Pewawancara: Oke.\nRina: Ya.\nRINA (Guru BK) [00:01:02]: Lagi.\n"
            "Pewawancara (tersenyum): Baik.")
    assert spans(text) == [
        ("Pewawancara", "Kerja di mana?", {}),
        ("Rina", "Di pabrik garmen.", {"qualifier": "tertawa"}),
        ("Pewawancara", "Sering lembur?", {}),
        ("Rina", "Sering sekali.", {"qualifier": "menangis"}),
        ("Pewawancara", "Oke.", {}),
        ("Rina", "Ya.", {}),
        ("Rina", "Lagi.", {"timestamp": "00:01:02", "qualifier": "Guru BK"}),
        ("Pewawancara", "Baik.", {"qualifier": "tersenyum"}),
    ]
    assert label_matches("Rina [menangis]: a") == [LabelMatch(0, 17, "Rina [menangis]")]
    english = "Interviewer: Was it hard?\nJohn (laughs): Yes.\nInterviewer: Why?\nJohn: Money."
    assert [(s, a) for s, _, a in spans(english)][1] == ("John", {"qualifier": "laughs"})


def test_a_one_off_stage_direction_keeps_a_third_speakers_turn_and_notes_stay_text():
    text = ("Pewawancara: Kapan mulai?\nRina: Tahun 2018.\nBu Sari (berbisik): Maaf, ada tamu.\n"
            "Pewawancara: Lalu?\nRina: Saya pindah.\nCatatan (peneliti): informan menangis\n"
            "Jadi (katanya): begitu.\nPewawancara: Oke.")
    assert spans(text) == [
        ("Pewawancara", "Kapan mulai?", {}),
        ("Rina", "Tahun 2018.", {}),
        ("Bu Sari", "Maaf, ada tamu.", {"qualifier": "berbisik"}),
        ("Pewawancara", "Lalu?", {}),
        ("Rina", "Saya pindah.\nCatatan (peneliti): informan menangis\nJadi (katanya): begitu.",
         {}),
        ("Pewawancara", "Oke.", {}),
    ]


def test_a_name_or_role_in_brackets_that_tells_speakers_apart_stays_in_the_speaker():
    """Written with every turn of its speaker, and the name never alone, the bracketed part
    names who speaks (two interviewers, two participants of a group)."""
    text = ("Peneliti (Dimas): Mulai?\nPeserta (Ibu Rina): Ya.\nPeserta (Ibu Sari): Boleh.\n"
            "Peneliti (Dimas): Baik.\nPeserta (Ibu Rina): Saya dulu.\nPeserta (Ibu Sari): Oke."
            "\nPeneliti (Ayu): Terima kasih.")
    assert [s for s, _, a in spans(text) if not a] == [
        "Peneliti (Dimas)", "Peserta (Ibu Rina)", "Peserta (Ibu Sari)", "Peneliti (Dimas)",
        "Peserta (Ibu Rina)", "Peserta (Ibu Sari)", "Peneliti (Ayu)"]


def test_a_label_with_no_space_after_its_colon_starts_a_turn_when_it_recurs():
    """``Pewawancara:Apa kabar?``: the colon is followed by a letter (or a quote or bracket).
    Such a label needs the text to confirm it (it recurs, is an interviewer label or is
    declared): a one-off ``Re:Undangan`` or ``Lihat:https://...`` inside an answer stays text,
    as do times and addresses."""
    text = ("Pewawancara:Apa kabar?\nRina:Baik, Mbak.\nPewawancara:Sudah lama di sini?\n"
            "Rina:\"Enam tahun\", kata ibu saya.\nRe:Undangan rapat jam 10:30\n"
            "Lihat:https://example.org\nPewawancara :(tertawa) Oke.")
    assert spans(text) == [
        ("Pewawancara", "Apa kabar?", {}),
        ("Rina", "Baik, Mbak.", {}),
        ("Pewawancara", "Sudah lama di sini?", {}),
        ("Rina", "\"Enam tahun\", kata ibu saya.\nRe:Undangan rapat jam 10:30\n"
                 "Lihat:https://example.org", {}),
        ("Pewawancara", "(tertawa) Oke.", {}),
    ]
    assert spans("Q: a\nRina:b\nQ: c") == [("Q", "a\nRina:b", {}), ("Q", "c", {})]
    assert spans("Q: a\nRina:b\nQ: c", speakers=["Rina"]) == [
        ("Q", "a", {}), ("Rina", "b", {}), ("Q", "c", {})]
    for text in ("Jam 10:30 mulai\nJam 11:00 selesai", "http://a.org\nhttp://b.org",
                 "mailto:a@b.org\nmailto:c@d.org", "Rasio 3:1\nRasio 3:1"):
        assert find_turns(text) == ()
    # Label lines for other readers (a .docx, subtitles) are those with a blank after the colon.
    assert label_matches("Pewawancara:Apa\nRina: Baik") == [LabelMatch(16, 22, "Rina")]


def test_whisperx_and_other_bracketed_labels_with_a_colon():
    """WhisperX writes ``[SPEAKER_00]: text`` once it has told speakers apart."""
    text = "[SPEAKER_00]: Halo.\n[SPEAKER_01]: Hai.\n[SPEAKER_00]:Apa kabar?\n[Rina] : Baik."
    assert spans(text) == [
        ("SPEAKER_00", "Halo.", {}),
        ("SPEAKER_01", "Hai.", {}),
        ("SPEAKER_00", "Apa kabar?", {}),
        ("Rina", "Baik.", {}),
    ]
    assert label_matches("[00:00:05] [Rina]: Ya") == [LabelMatch(0, 19, "Rina", "00:00:05")]
    assert spans("SPEAKER_00: Halo.\nSPEAKER_01: Hai.\nSPEAKER_00: Apa kabar?") == [
        ("SPEAKER_00", "Halo.", {}), ("SPEAKER_01", "Hai.", {}), ("SPEAKER_00", "Apa kabar?", {})]
    assert spans("Speaker 1: Apa kabar?\nSpeaker 2: Baik.\nSpeaker 1: Syukurlah.") == [
        ("Speaker 1", "Apa kabar?", {}), ("Speaker 2", "Baik.", {}),
        ("Speaker 1", "Syukurlah.", {})]


def test_a_one_off_label_that_the_text_writes_in_lower_case_is_a_word_not_a_speaker():
    """``Dulu: 8 jam.`` inside an answer: a label met once is a speaker for looking like a
    name only when the text never writes it in lower case (an ordinary word)."""
    text = ("Pewawancara: Berapa jam kerja dulu dan sekarang?\nRina: Panjang.\nDulu: 8 jam.\n"
            "Sekarang: 6 jam, tapi sering lembur.\nPewawancara: Lalu?\nRina: Begitu.\n"
            "Bu Sari: Permisi, ada tamu.\nPewawancara: Silakan.")
    assert spans(text) == [
        ("Pewawancara", "Berapa jam kerja dulu dan sekarang?", {}),
        ("Rina", "Panjang.\nDulu: 8 jam.\nSekarang: 6 jam, tapi sering lembur.", {}),
        ("Pewawancara", "Lalu?", {}),
        ("Rina", "Begitu.", {}),
        ("Bu Sari", "Permisi, ada tamu.", {}),
        ("Pewawancara", "Silakan.", {}),
    ]
    otter = ("Interviewer: What time do you start?\nRina: It depends.\nTime: 10:30 we start.\n"
             "Interviewer: And then?\nRina: We pack.")
    assert [s for s, _, _ in spans(otter)] == ["Interviewer", "Rina", "Interviewer", "Rina"]
    # A role word met once is a word too, unless declared; a letter is no word.
    family = "Q: Is she your mother?\nRina: Yes, my mother.\nMother: Hello.\nQ: Hi.\nRina: Ok."
    assert [s for s, _, _ in spans(family)] == ["Q", "Rina", "Q", "Rina"]
    assert [s for s, _, _ in spans(family, speakers=["Mother"])] == [
        "Q", "Rina", "Mother", "Q", "Rina"]
    assert [s for s, _, _ in spans("Q: What is a case?\nA: A case is a child.\nQ: Ok.")] == [
        "Q", "A", "Q"]


def test_a_markdown_link_reference_definition_is_no_label():
    """``[Laporan]: https://...`` defines a link in Markdown; ``[Rina]: text`` is a label."""
    text = ("[Rina]: Saya baca laporannya.\n[Dimas]: Yang mana?\n[Rina]: Yang ini.\n"
            "[Laporan]: https://example.org/laporan.pdf\n[Berita]: <http://example.org>\n"
            "[Situs]: www.example.org \"Situs\"\n[Rina]: Sudah.")
    assert spans(text) == [
        ("Rina", "Saya baca laporannya.", {}),
        ("Dimas", "Yang mana?", {}),
        ("Rina", "Yang ini.\n[Laporan]: https://example.org/laporan.pdf\n"
                 "[Berita]: <http://example.org>\n[Situs]: www.example.org \"Situs\"", {}),
        ("Rina", "Sudah.", {}),
    ]
