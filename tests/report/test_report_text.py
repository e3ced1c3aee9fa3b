"""Preparing user text for charts, Markdown and XML formats."""

from __future__ import annotations

import math

from qualcode.report.text import (
    chart_text,
    clean_text,
    close_bidi,
    escape_markdown,
    quote_attribution,
    shorten,
)


def test_clean_text_drops_xml_illegal_characters():
    assert clean_text("a\x00b\x0bc\td\ne") == "abc\td\ne"
    assert clean_text(None) == "" and clean_text(math.nan) == ""


def test_chart_text_escapes_dollars():
    assert chart_text("Rp 5$ and $x^2$") == r"Rp 5\$ and \$x^2\$"


def test_escape_markdown_neutralises_html_and_markup():
    assert escape_markdown("<script>alert(1)</script>") == \
        "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert escape_markdown("*bold* | [link](x) _i_ `c` ~~s~~") == \
        r"\*bold\* \| \[link\](x) \_i\_ \`c\` \~\~s\~\~"
    assert escape_markdown("two\nlines") == "two lines"
    assert escape_markdown("a & b") == "a &amp; b"


def test_escape_markdown_leaves_ordinary_text_readable():
    assert escape_markdown("Pemungkin (enabler), quality_manager, mk01-rina, 2024-05-14") == \
        "Pemungkin (enabler), quality_manager, mk01-rina, 2024-05-14"


def test_escape_markdown_block_markup_at_line_start():
    assert escape_markdown("# title") == r"\# title"
    assert escape_markdown("- item") == r"\- item"
    assert escape_markdown("1. first") == r"1\. first"
    assert escape_markdown("a\n2) b", inline=False) == "a\n2\\) b"


def test_shorten_cuts_at_a_word():
    assert shorten("one two three", 100) == "one two three"
    assert shorten("one two three", 9) == "one two […]"


def test_quote_attribution():
    record = {"speaker": "Rina", "case": "MK01", "informant_role": "manajer_kasus",
              "document": "mk01-rina", "segment": 12}
    assert quote_attribution(record, "informant_role") == \
        "Rina (MK01, manajer_kasus), mk01-rina, segment 12"
    assert quote_attribution({"document": "doc", "segment": -1}) == "(no speaker), doc"


def test_dollar_signs_do_not_start_mathematics_in_markdown():
    assert escape_markdown("costs $5 and $x$") == "costs \\$5 and \\$x\\$"


RLO, LRE, PDF, RLI, FSI, PDI = "\u202e", "\u202a", "\u202c", "\u2067", "\u2068", "\u2069"


def test_close_bidi_closes_what_a_value_leaves_open():
    # an open right-to-left override would reverse the attribution shown after the quote
    assert close_bidi(f"kata {RLO}gnub") == f"kata {RLO}gnub{PDF}"
    assert close_bidi(f"{RLI}a{LRE}b") == f"{RLI}a{LRE}b{PDF}{PDI}"
    # a PDI closes its isolate and the embeddings opened inside it
    assert close_bidi(f"{FSI}a{RLO}b{PDI}{RLO}c") == f"{FSI}a{RLO}b{PDI}{RLO}c{PDF}"
    # a PDF does not close past an open isolate
    assert close_bidi(f"{RLO}{RLI}x{PDF}") == f"{RLO}{RLI}x{PDF}{PDI}{PDF}"


def test_close_bidi_leaves_balanced_and_plain_text_alone():
    hebrew = "\u05e9\u05dc\u05d5\u05dd"
    for text in ("Saya dampingi anaknya", f"{RLO}abc{PDF} rest", f"{RLI}x{PDI}", hebrew,
                 f"stray {PDF}{PDI}"):
        assert close_bidi(text) == text


def test_escape_markdown_keeps_an_override_inside_its_cell():
    assert escape_markdown(f"{RLO}txet") == f"{RLO}txet{PDF}"
