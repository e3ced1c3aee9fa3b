import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.errors import QualcodeError
from qualcode.model import UNITS, Document, Segment, Turn
from qualcode.segment import document_turns, segment_document

TEXT = (
    "Pewawancara: Bagaimana asesmennya? Ceritakan.\n\n"
    "Rina: Saya dampingi anaknya. Dia mulai cerita.\n\nLalu kami home visit.\n\n"
    "Pewawancara: Oke."
)


def test_turn_unit_speakers_and_flags():
    segs = segment_document(Document("d", TEXT), "turn")
    assert [(s.speaker, s.interviewer, s.text) for s in segs] == [
        ("Pewawancara", True, "Bagaimana asesmennya? Ceritakan."),
        ("Rina", False, "Saya dampingi anaknya. Dia mulai cerita.\n\nLalu kami home visit."),
        ("Pewawancara", True, "Oke."),
    ]
    assert [s.index for s in segs] == [0, 1, 2]


def test_paragraph_sentence_and_document_units():
    doc = Document("d", TEXT, attributes={"language": "id"})
    paragraphs = segment_document(doc, "paragraph")
    assert [s.text for s in paragraphs][1:3] == [
        "Saya dampingi anaknya. Dia mulai cerita.",
        "Lalu kami home visit.",
    ]
    assert paragraphs[2].speaker == "Rina" and paragraphs[2].attributes["turn"] == 1
    sentences = segment_document(doc, "sentence")
    assert [s.text for s in sentences] == [
        "Bagaimana asesmennya?",
        "Ceritakan.",
        "Saya dampingi anaknya.",
        "Dia mulai cerita.",
        "Lalu kami home visit.",
        "Oke.",
    ]
    (whole,) = segment_document(doc, "document")
    assert whole.start == 0 and whole.end == len(TEXT) and whole.speaker is None


def test_text_without_labels_falls_back_to_paragraphs():
    segs = segment_document(Document("d", "Satu.\n\nDua.\n"), "turn")
    assert [(s.text, s.speaker, s.interviewer) for s in segs] == [
        ("Satu.", None, False),
        ("Dua.", None, False),
    ]


def test_a_line_of_no_break_spaces_or_a_form_feed_separates_paragraphs():
    text = ("Paragraf satu.\n\u00a0\nParagraf dua.\n\x0c\nParagraf tiga.\n \u3000\t\n"
            "Rina: Empat.\n\u00a0\nLima.\n\nRina: Enam.")
    doc = Document("d", text)
    assert [(s.start, s.end, s.text, s.speaker) for s in segment_document(doc, "paragraph")] == [
        (0, 14, "Paragraf satu.", None), (17, 30, "Paragraf dua.", None),
        (33, 47, "Paragraf tiga.", None), (58, 64, "Empat.", "Rina"), (67, 72, "Lima.", "Rina"),
        (80, 85, "Enam.", "Rina")]
    plain = Document("d", text[:48])  # no labels: the turns are the paragraphs
    assert [s.text for s in segment_document(plain, "turn")] == [
        "Paragraf satu.", "Paragraf dua.", "Paragraf tiga."]


def test_one_line_answer_is_one_turn_segment_without_speaker():
    doc = Document("r1", "  Saya dampingi anaknya, lalu home visit. ", format="csv")
    assert segment_document(doc, "turn") == (
        Segment("r1", 0, 2, 41, "Saya dampingi anaknya, lalu home visit.", None, False, "turn"),
    )
    assert segment_document(Document("r2", " \t "), "turn") == ()
    assert segment_document(Document("r3", "a\u00a0"), "paragraph") == (
        Segment("r3", 0, 0, 1, "a", None, False, "paragraph", {"turn": 0}),
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_answer_of_a_response_table_is_one_turn_blank_lines_and_all(fmt):
    text = "The forms are endless.\n\nAnd the staff were rude. \n\n"
    doc = Document("s1", text, format=fmt)
    assert segment_document(doc, "turn") == (
        Segment("s1", 0, 0, 48, "The forms are endless.\n\nAnd the staff were rude.", None,
                False, "turn"),
    )
    assert document_turns(doc) == (Turn(0, 48),)
    # paragraphs and sentences still cut it, within its one turn
    assert [(s.text, dict(s.attributes)) for s in segment_document(doc, "paragraph")] == [
        ("The forms are endless.", {"turn": 0}), ("And the staff were rude.", {"turn": 0})]
    assert [s.text for s in segment_document(doc, "sentence")] == [
        "The forms are endless.", "And the staff were rude."]
    # a transcript in a cell, with speaker labels, is cut into its turns
    labelled = Document("s2", "Q: Why?\n\nA: Forms.\n\nMore forms.", format=fmt)
    assert [(s.speaker, s.text) for s in segment_document(labelled, "turn")] == [
        ("Q", "Why?"), ("A", "Forms.\n\nMore forms.")]
    # a text file without labels keeps a turn per paragraph
    assert [s.text for s in segment_document(Document("t", text), "turn")] == [
        "The forms are endless.", "And the staff were rude."]


def test_an_answer_with_a_colon_but_no_speakers_is_one_turn():
    # a line shaped like a label that is no speaker: the answer stays whole
    text = "Problem: the forms.\n\nAlso: the queues."
    for fmt, expected in (("csv", [text]), ("txt", ["Problem: the forms.", "Also: the queues."])):
        segments = segment_document(Document("s", text, format=fmt), "turn")
        assert [(s.speaker, s.text) for s in segments] == [(None, t) for t in expected], fmt


def test_unknown_unit_lists_choices():
    with pytest.raises(QualcodeError, match="choose one of: turn, paragraph, sentence, document"):
        segment_document(Document("d", "x"), "chapter")


labels = st.sampled_from(["Pewawancara", "Q", "Informan 2", "Rina", "[P1]", "**Bu Sari:**"])
words = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=40)


@st.composite
def transcripts(draw):
    lines = []
    for _ in range(draw(st.integers(0, 12))):
        label = draw(labels)
        body = draw(words)
        if label.startswith(("[", "**")):
            lines.append(f"{label} {body}")
        elif draw(st.booleans()):
            lines.append(f"{label}: {body}")
        else:
            lines.append(body)
        if draw(st.booleans()):
            lines[-1] += draw(st.sampled_from([" #00:00:12-4#", "#00:01:02-0#", " #"]))
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["## Sesi 2", "# ", "#tagar", "   ### x", "#"])))
        if draw(st.booleans()):
            lines.append("")
    return "\n".join(lines)


@settings(max_examples=150, deadline=None)
@given(transcripts(), st.sampled_from(["txt", "md"]))
def test_offset_invariant_holds_for_every_unit(text, fmt):
    doc = Document("d", text, format=fmt)
    for unit in UNITS:
        previous_end = 0
        for seg in segment_document(doc, unit):
            assert doc.text[seg.start : seg.end] == seg.text
            assert seg.text.strip() == seg.text and seg.text
            assert not seg.text.endswith(("#00:00:12-4#", "#00:01:02-0#"))
            assert seg.start >= previous_end
            previous_end = seg.end


def test_turn_unit_keeps_timestamps_skips_empty_turns_and_numbers_the_rest():
    text = "Judul\n\n[00:01] Q: halo\n\nRina:\nQ: lagi\n"
    segs = segment_document(Document("d", text), "turn")
    assert [(s.index, s.start, s.end, s.text, s.speaker, s.interviewer, dict(s.attributes))
            for s in segs] == [
        (0, 0, 5, "Judul", None, False, {}),
        (1, 18, 22, "halo", "Q", True, {"timestamp": "00:01"}),
        (2, 33, 37, "lagi", "Q", True, {}),
    ]


F4 = ("I: Wie lange arbeiten Sie schon dort? #00:00:12-4#\n\n"
      "B: Seit 2018. Davor war ich Lehrerin. #00:00:19-0#\n\n"
      "Das war schwer. #00:00:23-5#\n\n"
      "I: Warum? #00:00:25-0#\n")


def test_no_segment_of_an_f4_transcript_ends_with_a_time_mark():
    doc = Document("d", F4, attributes={"language": "en"})
    got = {unit: [(s.text, s.speaker, dict(s.attributes)) for s in segment_document(doc, unit)]
           for unit in UNITS}
    assert got["turn"] == [
        ("Wie lange arbeiten Sie schon dort?", "I", {"end_time": "00:00:12.4"}),
        ("Seit 2018. Davor war ich Lehrerin. #00:00:19-0#\n\nDas war schwer.", "B",
         {"end_time": "00:00:23.5"}),
        ("Warum?", "I", {"end_time": "00:00:25.0"}),
    ]
    # A paragraph or sentence inside a turn ends before its own mark and keeps the turn's
    # attributes, as it keeps a turn's timestamp.
    assert [text for text, _, _ in got["paragraph"]] == [
        "Wie lange arbeiten Sie schon dort?", "Seit 2018. Davor war ich Lehrerin.",
        "Das war schwer.", "Warum?"]
    assert got["paragraph"][2] == ("Das war schwer.", "B", {"end_time": "00:00:23.5", "turn": 1})
    assert [text for text, _, _ in got["sentence"]] == [
        "Wie lange arbeiten Sie schon dort?", "Seit 2018.", "Davor war ich Lehrerin.",
        "Das war schwer.", "Warum?"]
    assert got["document"] == [(F4[:F4.index(" #00:00:25-0#")], None, {})]
    for unit in UNITS:
        for seg in segment_document(doc, unit):
            assert doc.text[seg.start:seg.end] == seg.text


def test_paragraphs_without_labels_end_before_their_marks():
    text = "Satu. #00:00:01-0#\n\nDua.\n#00:00:02-5#\n\n#00:00:03-0#\n\nTiga."
    for doc in (Document("d", text), Document("d", text.replace(".", ":"))):
        assert [(s.text, dict(s.attributes)) for s in segment_document(doc, "turn")] == [
            (doc.text[:5], {"end_time": "00:00:01.0"}),
            (doc.text[20:24], {"end_time": "00:00:02.5"}),
            (doc.text[-5:], {}),
        ]
    assert [t.attributes for t in document_turns(Document("d", text))] == [
        {"end_time": "00:00:01.0"}, {"end_time": "00:00:02.5"}, {}]
    assert segment_document(Document("d", "#00:00:03-0#"), "document") == ()


def test_paragraphs_and_sentences_end_before_bracketed_times_as_before_f4_marks():
    text = ("Interviewer: How long did you wait?\n\nP3: An hour. [00:01:40]\n\n[00:02:00]\n\n"
            "Then the clerk came. It was slow. (00:02:31)")
    doc = Document("d", text, attributes={"language": "en"})
    paragraphs = segment_document(doc, "paragraph")
    assert [(s.speaker, s.text) for s in paragraphs] == [
        ("Interviewer", "How long did you wait?"), ("P3", "An hour."),
        ("P3", "Then the clerk came. It was slow.")]
    assert paragraphs[1].attributes["end_time"] == "00:02:31"  # the turn's, as with f4 marks
    assert [s.text for s in segment_document(doc, "sentence")] == [
        "How long did you wait?", "An hour.", "Then the clerk came.", "It was slow."]
    for unit in UNITS:
        for seg in segment_document(doc, unit):
            assert doc.text[seg.start:seg.end] == seg.text


def test_a_heading_in_a_markdown_transcript_is_nobodys_words():
    text = ("Pewawancara: Sudah berapa lama?\n\nRina: Enam tahun.\n\n## Sesi 2\n\n"
            "Pewawancara: Lalu?\nRina: Kami rujuk.\n# Wawancara 3\n#tagar")
    md = Document("d", text, format="md")
    assert [(s.speaker, s.interviewer, s.text) for s in segment_document(md, "turn")] == [
        ("Pewawancara", True, "Sudah berapa lama?"),
        ("Rina", False, "Enam tahun."),
        (None, False, "## Sesi 2"),
        ("Pewawancara", True, "Lalu?"),
        ("Rina", False, "Kami rujuk."),
        (None, False, "# Wawancara 3"),
        (None, False, "#tagar"),
    ]
    paragraphs = segment_document(md, "paragraph")
    assert [(s.speaker, s.text, s.attributes["turn"]) for s in paragraphs][1:4] == [
        ("Rina", "Enam tahun.", 1), (None, "## Sesi 2", 2), ("Pewawancara", "Lalu?", 3)]
    for unit in UNITS:
        for seg in segment_document(md, unit):
            assert md.text[seg.start:seg.end] == seg.text
    # In a .txt file the same lines are text of the turn above them.
    txt = Document("d", text, format="txt")
    assert [s.text for s in segment_document(txt, "turn")][1:] == [
        "Enam tahun.\n\n## Sesi 2", "Lalu?", "Kami rujuk.\n# Wawancara 3\n#tagar"]


def test_turn_unit_uses_the_readers_turns_and_copies_their_attributes():
    begin = {"begin": "00:00:01.000"}
    doc = Document("d", "Halo semua. Apa kabar?", turns=(
        Turn(0, 11, "Moderator", begin), Turn(12, 12, "P1"), Turn(12, 22, "P1")))
    segs = segment_document(doc, "turn")
    assert [(s.index, s.text, s.speaker, s.interviewer, dict(s.attributes)) for s in segs] == [
        (0, "Halo semua.", "Moderator", True, {"begin": "00:00:01.000"}),
        (1, "Apa kabar?", "P1", False, {}),
    ]
    begin["begin"] = "changed"
    assert segs[0].attributes == {"begin": "00:00:01.000"}
    assert segment_document(Document("d", "x", turns=()), "turn") == ()


def test_turn_unit_asks_about_each_speaker_once_per_document():
    asked = []

    def is_interviewer(label):
        asked.append(label)
        return label == "Q"

    text = "Q: a\nR: b\nQ: c\nR: d"
    segs = segment_document(Document("d", text), "turn", is_interviewer=is_interviewer)
    assert [s.interviewer for s in segs] == [True, False, True, False]
    # Both labels occur twice, so the speaker filter need not ask; each segment speaker once.
    assert asked == ["Q", "R"]


def test_a_participants_turn_with_a_stage_direction_is_a_participant_segment():
    text = ("Pewawancara: Kerja di mana?\n\nRina (tertawa): Di pabrik garmen.\n\nDulu di toko."
            "\n\nPewawancara: Oke.\n\nRina: Ya.")
    doc = Document("d", text, attributes={"language": "id"})
    assert [(s.text, s.speaker, s.interviewer, dict(s.attributes))
            for s in segment_document(doc, "paragraph")][1:3] == [
        ("Di pabrik garmen.", "Rina", False, {"qualifier": "tertawa", "turn": 1}),
        ("Dulu di toko.", "Rina", False, {"qualifier": "tertawa", "turn": 1}),
    ]


def test_labels_without_any_text_after_them_fall_back_to_paragraphs():
    """Every turn empty (header lines only, or labels only): the text would be in no segment,
    so the paragraphs are the segments, as in a text without labels."""
    for text in ("Rina Wulandari 0:03\n\nDimas Pratama 0:07\n\nRina Wulandari 0:10",
                 "tidak tidak 0:12\ntidak tidak 0:12", "Q:\n\nRina:\n\nQ:",
                 # a title before them is no speaker's turn, and does not make them one
                 "Pengantar wawancara.\n\ntidak tidak 0:12\n\ntidak tidak 0:12"):
        doc = Document("d", text, format="docx")
        for unit in UNITS:
            segments = segment_document(doc, unit)
            assert segments and all(s.speaker is None for s in segments), unit
            assert "".join("".join(s.text for s in segments).split()) == "".join(text.split())
