"""Tests for the WebVTT and SubRip readers."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.io.options import ReadOptions
from qualcode.io.readers import read_file
from qualcode.io.subtitles import read_srt, read_vtt
from qualcode.io.text import collect_warnings

OPTIONS = ReadOptions()

VTT = """WEBVTT - wawancara MK05

NOTE recorded online

1
00:00:01.000 --> 00:00:03.500 align:start
<v Pewawancara>Selamat <b>siang</b>, Bu.</v>

2
00:00:04.000 --> 00:00:06.000
<v.loud Rina>Siang, Mbak.
Saya dampingi anaknya.

00:00:06.000 --> 00:00:08.250
<v Rina><i>Terus</i> kami &amp; sekolah <c.yellow>rapat</c>.

00:00:09.000 --> 00:00:10.000
Lanjut <00:00:09.500>saja.

00:00:10.000 --> 00:01:11.000
<v Pewawancara>Baik.</v> <v Rina>Sama-sama.</v>
"""


def _times(begin: str, end: str) -> dict[str, str]:
    return {"begin": f"00:{begin}", "end_time": f"00:{end}"}


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_vtt_voices_and_consecutive_cues(tmp_path, segments_of):
    path = _write(tmp_path, "mk05.vtt", VTT)
    [doc] = read_vtt(path, OPTIONS)
    assert doc.id == "mk05"
    assert doc.format == "vtt"
    assert doc.source == str(path)
    assert doc.text == (
        "Pewawancara: Selamat siang, Bu.\n"
        "Rina: Siang, Mbak. Saya dampingi anaknya. Terus kami & sekolah rapat. Lanjut saja.\n"
        "Pewawancara: Baik.\n"
        "Rina: Sama-sama."
    )
    assert [
        (t.speaker, doc.text[t.start : t.end], dict(t.attributes)) for t in doc.turns
    ] == [
        ("Pewawancara", "Selamat siang, Bu.", _times("00:01.000", "00:03.500")),
        (
            "Rina",
            "Siang, Mbak. Saya dampingi anaknya. Terus kami & sekolah rapat. Lanjut saja.",
            _times("00:04.000", "00:10.000"),
        ),
        ("Pewawancara", "Baik.", _times("00:10.000", "01:11.000")),
        ("Rina", "Sama-sama.", _times("00:10.000", "01:11.000")),
    ]
    units = segments_of(doc)
    assert [(s.speaker, s.interviewer) for s in units["turn"]] == [
        ("Pewawancara", True), ("Rina", False), ("Pewawancara", True), ("Rina", False),
    ]
    assert [s.text for s in units["sentence"]][:4] == [
        "Selamat siang, Bu.",
        "Siang, Mbak.",
        "Saya dampingi anaknya.",
        "Terus kami & sekolah rapat.",
    ]
    assert dict(units["sentence"][1].attributes) == {
        "begin": "00:00:04.000", "end_time": "00:00:10.000", "turn": 1,
    }


SRT = (
    "1\r\n00:00:01,000 --> 00:00:02,000\r\nQ: Apa kabar?\r\n\r\n"
    "2\r\n00:00:02,500 --> 00:00:04,000\r\nRina: Baik.\r\n\r\n"
    "3\r\n00:00:04,000 --> 00:00:05,000\r\nRina: Jadi gini: kami\r\nrapat.\r\n\r\n"
    "4\r\n00:00:05,000 --> 00:00:06,000\r\n{\\an8}<i>Q:</i> Oke.\r\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_srt_name_prefixes(tmp_path, segments_of, encoding):
    path = _write(tmp_path, "mk06.srt", SRT, encoding)
    [doc] = read_srt(path, OPTIONS)
    assert doc.format == "srt"
    assert doc.text == "Q: Apa kabar?\nRina: Baik. Jadi gini: kami rapat.\nQ: Oke."
    assert [(t.speaker, doc.text[t.start : t.end], dict(t.attributes)) for t in doc.turns] == [
        ("Q", "Apa kabar?", _times("00:01.000", "00:02.000")),
        ("Rina", "Baik. Jadi gini: kami rapat.", _times("00:02.500", "00:05.000")),
        ("Q", "Oke.", _times("00:05.000", "00:06.000")),
    ]
    units = segments_of(doc)
    assert [(s.speaker, s.interviewer, s.text) for s in units["sentence"]] == [
        ("Q", True, "Apa kabar?"),
        ("Rina", False, "Baik."),
        ("Rina", False, "Jadi gini: kami rapat."),
        ("Q", True, "Oke."),
    ]


def test_srt_without_speakers_gives_one_turn_per_cue(tmp_path, segments_of):
    path = _write(
        tmp_path,
        "plain.srt",
        "\n\n1\n00:00:01,000 --> 00:00:02,000\nHalo semua.\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\nCatatan: hari ini rapat.\n",
    )
    [doc] = read_file(path)
    assert doc.text == "Halo semua.\nCatatan: hari ini rapat."
    assert [(t.speaker, doc.text[t.start : t.end]) for t in doc.turns] == [
        (None, "Halo semua."), (None, "Catatan: hari ini rapat."),
    ]
    segments_of(doc)


def _turns(doc) -> list[tuple[str | None, str, int, int]]:
    return [(t.speaker, doc.text[t.start : t.end], t.start, t.end) for t in doc.turns]


def test_vtt_name_prefix_between_voices_starts_a_turn(tmp_path, segments_of):
    text = ("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Rina>a\n\n"
            "00:00:05.000 --> 00:00:06.000\nBudi: b\n\n"
            "00:00:07.000 --> 00:00:08.000\n<v Rina>c\n")
    [doc] = read_vtt(_write(tmp_path, "mixed.vtt", text), OPTIONS)
    assert doc.text == "Rina: a\nBudi: b\nRina: c"
    assert _turns(doc) == [("Rina", "a", 6, 7), ("Budi", "b", 14, 15), ("Rina", "c", 22, 23)]
    assert [dict(t.attributes) for t in doc.turns] == [
        _times("00:01.000", "00:04.000"), _times("00:05.000", "00:06.000"),
        _times("00:07.000", "00:08.000"),
    ]
    units = segments_of(doc)
    assert [(s.speaker, s.text, s.start, s.end) for s in units["turn"]] == _turns(doc)


def test_vtt_voices_do_not_make_every_prefix_a_speaker(tmp_path):
    """A lower-case label met once is text, as in a plain transcript with speakers."""
    text = ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Rina>a\n\n"
            "00:00:03.000 --> 00:00:04.000\ncatatan: b\n")
    [doc] = read_vtt(_write(tmp_path, "note.vtt", text), OPTIONS)
    assert _turns(doc) == [("Rina", "a catatan: b", 6, 18)]


def test_vtt_cue_out_of_time_order_warns_and_keeps_a_sane_span(tmp_path, segments_of):
    text = ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Rina>a\n\n"
            "00:00:00.500 --> 00:00:00.800\nb\n\n"
            "00:00:03.000 --> 00:00:04.000\n<v Budi>c\n\n"
            "00:00:02.500 --> 00:00:05.000\nd\n")
    path = _write(tmp_path, "shuffled.vtt", text)
    with collect_warnings() as notes:
        [doc] = read_vtt(path, OPTIONS)
    assert [(n.code, n.path, n.line, n.severity) for n in notes] == [
        ("W106", str(path), 6, "warning"),
    ]
    assert notes[0].message.startswith("2 cue(s) start before the cue above them")
    assert notes[0].hint
    assert _turns(doc) == [("Rina", "a b", 6, 9), ("Budi", "c d", 16, 19)]
    assert [dict(t.attributes) for t in doc.turns] == [
        _times("00:00.500", "00:02.000"), _times("00:02.500", "00:05.000"),
    ]
    segments_of(doc)


def test_srt_cue_out_of_time_order_names_its_line(tmp_path):
    text = ("1\n00:00:02,000 --> 00:00:03,000\nRina: a\n\n"
            "2\n00:00:01,000 --> 00:00:01,500\nRina: b\n")
    path = _write(tmp_path, "late.srt", text)
    with collect_warnings() as notes:
        [doc] = read_srt(path, OPTIONS)
    assert [(n.code, n.line) for n in notes] == [("W106", 6)]
    assert _turns(doc) == [("Rina", "a b", 6, 9)]
    assert dict(doc.turns[0].attributes) == _times("00:01.000", "00:03.000")


def test_overlapping_cues_in_order_do_not_warn(tmp_path):
    """Cues may overlap (people talk at once); only a start before the cue above is out of
    order."""
    text = ("WEBVTT\n\n00:00:01.000 --> 00:00:05.000\n<v Rina>a\n\n"
            "00:00:01.000 --> 00:00:02.000\n<v Budi>b\n\n"
            "00:00:03.000 --> 00:00:04.000\n<v Rina>c\n")
    with collect_warnings() as notes:
        [doc] = read_vtt(_write(tmp_path, "overlap.vtt", text), OPTIONS)
    assert notes == []
    assert [t.speaker for t in doc.turns] == ["Rina", "Budi", "Rina"]


def test_out_of_order_file_that_fails_to_read_does_not_warn(tmp_path, refused):
    text = ("WEBVTT\n\n00:00:02.000 --> 00:00:03.000\n<b></b>\n\n"
            "00:00:01.000 --> 00:00:02.000\n<i></i>\n")
    with collect_warnings() as notes:
        refused(read_vtt, _write(tmp_path, "empty.vtt", text))
    assert notes == []


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A>Hi\n\n"
            "00:00:0x.000 --> 00:00:03.000\nBye\n",
            6,
            "broken cue timestamps '00:00:0x.000 --> 00:00:03.000'",
        ),
        (
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n\nstray text\n",
            6,
            "text outside any cue (no 'start --> end' line before it)",
        ),
        (
            "1\n00:00:01.000 --> 00:00:02.000\nHi\n",
            1,
            "not a WebVTT file: the first line must start with 'WEBVTT'",
        ),
    ],
)
def test_vtt_errors_name_the_line(tmp_path, text, line, message, refused):
    error = refused(read_vtt, _write(tmp_path, "bad.vtt", text))
    assert (error.line, error.message) == (line, message)


def test_vtt_bad_minutes(tmp_path, refused):
    path = _write(tmp_path, "bad.vtt", "WEBVTT\n\n00:00:01.000 --> 00:99:02.000\nHi\n")
    error = refused(read_vtt, path)
    assert error.line == 3
    assert error.message.startswith("broken cue timestamps '00:00:01.000 --> 00:99:02.000' (")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "1\n00:00:01,000 --> 00:00:02,000\nHi\n\n2\n00:00:02 --> 00:00:03,000\nBye\n",
            6,
            "broken cue timestamps '00:00:02 --> 00:00:03,000'",
        ),
        (
            "1\n00:00:01,000 --> 00:00:02,000\nHi\n\n00:00:02,000 --> 00:00:03,000\nBye\n",
            5,
            "a cue timing line without a cue number line above it",
        ),
        (
            "1\n00:00:01,000 --> 00:00:02,000\nRina: halo\n\n2\nbroken\n",
            5,
            "cue 2 has no 'start --> end' line after its number",
        ),
        (
            "1\n00:00:01,000 --> 00:00:02,000\nHi\n\n3\n",
            5,
            "cue 3 has no 'start --> end' line after its number",
        ),
        (
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n",
            1,
            "not a SubRip file: it must start with a cue number line followed by a "
            "'start --> end' line",
        ),
    ],
)
def test_srt_errors_name_the_line(tmp_path, text, line, message, refused):
    error = refused(read_srt, _write(tmp_path, "bad.srt", text))
    assert (error.line, error.message) == (line, message)


def test_srt_text_lines_after_a_blank_line_join_the_cue_above(tmp_path, segments_of):
    """A number inside cue text, and text after a stray blank line, are not cue numbers."""
    text = ("1\n00:00:01,000 --> 00:00:02,000\nRina: kelas\n5\n\nlalu pulang\n\n"
            "2\n00:00:03,000 --> 00:00:04,000\nRina: iya\n")
    doc = read_srt(_write(tmp_path, "ok.srt", text), ReadOptions())[0]
    assert "5" in doc.text and "lalu pulang" in doc.text


def test_no_text(tmp_path, refused):
    path = _write(tmp_path, "silent.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<b></b>\n")
    assert refused(read_vtt, path).message == "the file has no cues with text"


def test_empty_file(tmp_path, refused):
    assert refused(read_srt, _write(tmp_path, "empty.srt", "")).message == "the file is empty"


def test_vtt_voice_names_are_unescaped_like_the_cue_text(tmp_path):
    path = _write(tmp_path, "mk07.vtt", (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Moderator>Mulai &amp; siap.\n\n"
        "00:00:02.000 --> 00:00:04.000\n<v Rina &amp; Dimas>Siap.\n\n"
        "00:00:04.000 --> 00:00:05.000\n<v Bu&nbsp;Sari  &lt;guru&gt;>Baik.\n"))
    [doc] = read_vtt(path, OPTIONS)
    assert [(t.speaker, doc.text[t.start:t.end]) for t in doc.turns] == [
        ("Moderator", "Mulai & siap."), ("Rina & Dimas", "Siap."), ("Bu Sari <guru>", "Baik.")]
    assert doc.text.splitlines()[1] == "Rina & Dimas: Siap."


def test_vtt_name_prefix_with_a_comma_names_the_speaker(tmp_path):
    text = ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nPewawancara: Siang.\n\n"
            "00:00:03.000 --> 00:00:04.000\nAminah, Siti: Siang, Mbak.\n")
    [doc] = read_vtt(_write(tmp_path, "zoom.vtt", text), OPTIONS)
    assert _turns(doc) == [("Pewawancara", "Siang.", 13, 19),
                           ("Aminah, Siti", "Siang, Mbak.", 34, 46)]


def test_srt_a_labelled_later_line_of_a_cue_starts_its_own_turn(tmp_path, segments_of):
    text = ("1\n00:00:01,000 --> 00:00:03,000\nPewawancara: Sudah berapa lama?\nRina: Enam tahun."
            "\n\n2\n00:00:04,000 --> 00:00:06,000\n- Pewawancara: Oke.\n- Narasumber: Ya.\n\n"
            "3\n00:00:07,000 --> 00:00:08,000\nRina: Jadi\nCatatan: x\nlalu - y\n")
    [doc] = read_srt(_write(tmp_path, "dialog.srt", text), OPTIONS)
    assert doc.text == ("Pewawancara: Sudah berapa lama?\nRina: Enam tahun.\nPewawancara: Oke.\n"
                        "Narasumber: Ya.\nRina: Jadi Catatan: x lalu - y")
    assert _turns(doc) == [
        ("Pewawancara", "Sudah berapa lama?", 13, 31), ("Rina", "Enam tahun.", 38, 49),
        ("Pewawancara", "Oke.", 63, 67), ("Narasumber", "Ya.", 80, 83),
        ("Rina", "Jadi Catatan: x lalu - y", 90, 114),
    ]
    assert [dict(t.attributes) for t in doc.turns][:2] == [_times("00:01.000", "00:03.000")] * 2
    units = segments_of(doc)
    assert [(s.speaker, s.text) for s in units["turn"]] == [(t[0], t[1]) for t in _turns(doc)]


def test_srt_a_later_line_with_a_label_that_is_no_speaker_stays_in_the_cue(tmp_path):
    text = ("1\n00:00:01,000 --> 00:00:02,000\nHalo semua.\nCatatan: hari ini rapat.\n\n"
            "2\n00:00:02,000 --> 00:00:03,000\nLalu pulang.\n")
    [doc] = read_srt(_write(tmp_path, "plain2.srt", text), OPTIONS)
    assert doc.text == "Halo semua. Catatan: hari ini rapat.\nLalu pulang."
    assert [(t.speaker, doc.text[t.start : t.end]) for t in doc.turns] == [
        (None, "Halo semua. Catatan: hari ini rapat."), (None, "Lalu pulang.")]


def test_vtt_a_line_of_spaces_is_cue_text_not_a_blank_line(tmp_path, segments_of):
    """WebVTT ends a cue only at an empty line; YouTube's captions start cues with ' '."""
    text = ("WEBVTT\nKind: captions\nLanguage: id\n\n"
            "00:00:00.160 --> 00:00:03.430 align:start position:0%\n \nSaya dampingi\n\n"
            "00:00:03.500 --> 00:00:05.000 align:start position:0%\n\t \nke sekolah\n \n")
    [doc] = read_vtt(_write(tmp_path, "yt.vtt", text), OPTIONS)
    assert _turns(doc) == [(None, "Saya dampingi", 0, 13), (None, "ke sekolah", 14, 24)]
    assert [dict(t.attributes) for t in doc.turns] == [
        _times("00:00.160", "00:03.430"), _times("00:03.500", "00:05.000")]
    segments_of(doc)


def test_vtt_a_line_of_spaces_before_a_cue_still_separates_it(tmp_path):
    text = ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nRina: Halo.\n  \n"
            "00:00:02.000 --> 00:00:03.000\nBudi: Siang.\n \t\n \n"
            "00:00:03.000 --> 00:00:04.000\nRina: Ya.\n")
    [doc] = read_vtt(_write(tmp_path, "spaced.vtt", text), OPTIONS)
    assert [(t.speaker, doc.text[t.start : t.end]) for t in doc.turns] == [
        ("Rina", "Halo."), ("Budi", "Siang."), ("Rina", "Ya.")]


# The shape of YouTube's automatic captions as yt-dlp --write-auto-subs saves them: each phrase
# is built word by word under the phrase before it, then shown alone for 10 ms, then carried
# as the upper line while the next phrase is built. A '~' line stands for a line holding one space.
YOUTUBE = """WEBVTT
Kind: captions
Language: id

00:00:00.160 --> 00:00:03.430 align:start position:0%
~
jadi<00:00:00.640><c> saya</c><00:00:01.120><c> dampingi</c><00:00:01.760><c> anaknya</c>

00:00:03.430 --> 00:00:03.440 align:start position:0%
jadi saya dampingi anaknya
~

00:00:03.440 --> 00:00:05.000 align:start position:0%
jadi saya dampingi anaknya
iya<00:00:04.100><c> iya</c>

00:00:05.000 --> 00:00:05.010 align:start position:0%
iya iya
~

00:00:05.010 --> 00:00:06.500 align:start position:0%
iya iya
iya<00:00:05.600><c> iya</c>

00:00:06.500 --> 00:00:06.510 align:start position:0%
iya iya
~

00:00:06.510 --> 00:00:09.000 align:start position:0%
iya iya
ke<00:00:06.900><c> sekolah</c><00:00:07.300><c> &amp;</c><00:00:07.800><c> rapat</c>

00:00:09.000 --> 00:00:09.010 align:start position:0%
ke sekolah &amp; rapat
~

00:00:12.000 --> 00:00:13.000 align:start position:0%
~
[Musik]
""".replace("\n~\n", "\n \n")


def test_youtube_rolling_captions_are_read_once(tmp_path, segments_of):
    [doc] = read_vtt(_write(tmp_path, "yt.vtt", YOUTUBE), OPTIONS)
    # each phrase once, word timings and <c> tags gone; a phrase said twice in a row is kept
    assert doc.text == ("jadi saya dampingi anaknya\niya iya\niya iya\nke sekolah & rapat\n"
                        "[Musik]")
    assert [(doc.text[t.start : t.end], dict(t.attributes)) for t in doc.turns] == [
        ("jadi saya dampingi anaknya", _times("00:00.160", "00:03.430")),
        ("iya iya", _times("00:03.440", "00:05.000")),
        ("iya iya", _times("00:05.010", "00:06.500")),
        ("ke sekolah & rapat", _times("00:06.510", "00:09.000")),
        ("[Musik]", _times("00:12.000", "00:13.000")),
    ]
    units = segments_of(doc)
    assert [s.text for s in units["turn"]] == doc.text.split("\n")


def test_rolling_captions_keep_the_voice_of_a_carried_line(tmp_path):
    text = ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Rina>satu\n\n"
            "00:00:02.000 --> 00:00:03.000\n<v Rina>satu\ndua\n\n"
            "00:00:03.000 --> 00:00:04.000\ndua\n<v Budi>tiga\n\n"
            "00:00:04.000 --> 00:00:05.000\ntiga\n")
    [doc] = read_vtt(_write(tmp_path, "voices.vtt", text), OPTIONS)
    assert doc.text == "Rina: satu dua\nBudi: tiga"


def test_cues_that_repeat_a_line_now_and_then_keep_every_line(tmp_path):
    """Only captions that roll up lose their carried lines: a repeat here and there is
    speech."""
    text = ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nRina: Ya.\n\n"
            "00:00:02.000 --> 00:00:03.000\nRina: Ya.\n\n"
            "00:00:03.000 --> 00:00:04.000\nBudi: Jadi begitu.\nIya.\n\n"
            "00:00:04.000 --> 00:00:05.000\nIya.\nLalu pulang.\n\n"
            "00:00:05.000 --> 00:00:06.000\nRina: Baik.\n")
    [doc] = read_vtt(_write(tmp_path, "repeats.vtt", text), OPTIONS)
    assert doc.text == "Rina: Ya. Ya.\nBudi: Jadi begitu. Iya. Iya. Lalu pulang.\nRina: Baik."


def test_rolling_captions_converted_to_srt_are_read_once(tmp_path):
    text = ("1\n00:00:00,160 --> 00:00:03,430\njadi saya\n\n"
            "2\n00:00:03,430 --> 00:00:03,440\njadi saya\n\n"
            "3\n00:00:03,440 --> 00:00:05,000\njadi saya\nke sekolah\n\n"
            "4\n00:00:05,000 --> 00:00:05,010\nke sekolah\n")
    [doc] = read_srt(_write(tmp_path, "yt.srt", text), OPTIONS)
    assert doc.text == "jadi saya\nke sekolah"


def test_a_line_separator_in_a_cue_is_text_not_a_new_line(tmp_path):
    """WebVTT lines end at CR or LF only; U+2028 inside a cue is white space there."""
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Rina>satu\u2028dua\u2029tiga\n"
    [doc] = read_vtt(_write(tmp_path, "ls.vtt", text), OPTIONS)
    assert _turns(doc) == [("Rina", "satu dua tiga", 6, 19)]


def test_srt_of_whisperx_names_its_speakers_in_brackets(tmp_path):
    """WhisperX puts ``[SPEAKER_00]: `` before the text of each cue it has diarised."""
    text = ("1\n00:00:00,000 --> 00:00:02,000\n[SPEAKER_00]: Selamat siang, Bu.\n\n"
            "2\n00:00:02,000 --> 00:00:04,000\n[SPEAKER_01]: Siang.\n\n"
            "3\n00:00:04,000 --> 00:00:06,000\n[SPEAKER_00]: Sudah lama di sini?\n")
    [doc] = read_srt(_write(tmp_path, "whisperx.srt", text), OPTIONS)
    assert [(t.speaker, doc.text[t.start:t.end]) for t in doc.turns] == [
        ("SPEAKER_00", "Selamat siang, Bu."), ("SPEAKER_01", "Siang."),
        ("SPEAKER_00", "Sudah lama di sini?")]


def test_vtt_one_off_ordinary_word_before_a_colon_is_no_speaker(tmp_path):
    """As in a plain transcript: the text writes "dulu" as a word, so "Dulu:" is no name."""
    text = ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Rina>dulu saya di sekolah\n\n"
            "00:00:03.000 --> 00:00:04.000\nDulu: 8 jam\n")
    [doc] = read_vtt(_write(tmp_path, "dulu.vtt", text), OPTIONS)
    assert [t.speaker for t in doc.turns] == ["Rina"]
    assert doc.text[doc.turns[0].start:doc.turns[0].end].endswith("Dulu: 8 jam")


def test_srt_stage_direction_after_a_name_is_that_speakers_turn(tmp_path):
    text = ("1\n00:00:01,000 --> 00:00:02,000\nQ: Bagaimana rasanya?\n\n"
            "2\n00:00:02,000 --> 00:00:04,000\nRina (tertawa): Lega sekali.\n\n"
            "3\n00:00:04,000 --> 00:00:05,000\nQ: Lalu?\n\n"
            "4\n00:00:05,000 --> 00:00:06,000\nRina: Kami lanjut.\n")
    [doc] = read_srt(_write(tmp_path, "tawa.srt", text), OPTIONS)
    assert [(s, t) for s, t, _, _ in _turns(doc)] == [
        ("Q", "Bagaimana rasanya?"), ("Rina", "Lega sekali."), ("Q", "Lalu?"),
        ("Rina", "Kami lanjut.")]
    assert doc.turns[1].attributes["qualifier"] == "tertawa"
    assert "Rina (tertawa): Lega sekali." in doc.text  # the text as written
