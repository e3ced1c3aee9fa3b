from hypothesis import given
from hypothesis import strategies as st

from qualcode.project.anchor import Located, OffsetMap, find_quote, reanchor, tolerant_form


def test_exact_quote_nearest_the_hint():
    text = "ab cat ab cat ab"
    assert find_quote(text, "cat") == Located(3, 6, "exact", 2)
    assert find_quote(text, "cat", near=12) == Located(10, 13, "exact", 2)
    assert find_quote(text, " cat ") == Located(2, 7, "exact", 2)  # as given first
    assert find_quote(text, "  cat ") == Located(3, 6, "exact", 2)  # then stripped


def test_tolerant_quote_whitespace_quotes_case():
    text = "Dia bilang “Saya   takut”\nke sekolah."
    found = find_quote(text, '"saya takut" KE sekolah')
    assert found == Located(11, 36, "tolerant", 1)
    assert text[found.start:found.end] == "“Saya   takut”\nke sekolah"


def test_missing_and_blank_quotes():
    assert find_quote("abc", "xyz") is None
    assert find_quote("abc", "   ") is None


def test_tolerant_form_maps_back():
    folded, origin = tolerant_form("A  ‘B’\tc")
    assert folded == "a 'b' c"
    assert origin == [0, 1, 3, 4, 5, 6, 7]


def test_offset_map_through_edits():
    old = "line one\nsecond line here\nthird\n"
    new = "line one\nsecond NEW line here\nthird\n"
    m = OffsetMap(old, new)
    assert m(0) == 0
    assert m(old.index("third")) == new.index("third")
    assert m(old.index("line here")) == new.index("line here")
    assert m(len(old)) == len(new)


def test_reanchor_prefers_the_occurrence_near_the_old_place():
    old = "yes. I said yes. Then yes."
    new = "Well, yes. I said yes. Then yes."
    offsets = OffsetMap(old, new)
    # the second "yes" (offset 12 in old) is the second one in new (offset 18)
    assert reanchor(new, offsets, 12, "yes") == Located(18, 21, "exact", 3)


def test_reanchor_keeps_a_passage_at_its_place_before_looking_elsewhere():
    old = "Ana: I said apple pie is fine.\n\nBob: Again apple pie is fine.\n"
    bob = old.rindex("apple")
    quote = "apple pie is fine"
    # the case of Bob's passage changed: found tolerantly at his turn, not exactly at Ana's
    new = old.replace("Again apple", "Again Apple")
    found = reanchor(new, OffsetMap(old, new), bob, quote, bob + len(quote))
    assert (found.start, found.how) == (bob, "tolerant")
    # Bob's passage edited in place: kept there as edited
    new = old.replace("Again apple pie is fine", "Again apple pie is very fine")
    found = reanchor(new, OffsetMap(old, new), bob, quote, bob + len(quote))
    assert (found.start, found.end, found.how) == (bob, bob + len(quote) + 5, "edited")
    # Bob's passage gone: Ana's same words were there before, another passage, not his
    new = old.replace("Again apple pie is fine", "No.")
    assert reanchor(new, OffsetMap(old, new), bob, quote, bob + len(quote)) is None
    # Bob's passage moved to a new turn of his: found where the edit put it
    new = old.replace("Again apple pie is fine.", "No.") + "\nBob: Later: apple pie is fine.\n"
    found = reanchor(new, OffsetMap(old, new), bob, quote, bob + len(quote))
    assert (found.start, found.how) == (new.rindex("apple"), "exact")
    # unchanged: exactly where it was
    new = "Intro.\n" + old
    assert reanchor(new, OffsetMap(old, new), bob, quote, bob + len(quote)) == Located(
        bob + 7, bob + 7 + len(quote), "exact", 2)


@given(st.text(max_size=60), st.text(max_size=20), st.text(max_size=60))
def test_offset_map_is_monotonic_and_in_range(prefix, middle, suffix):
    old = prefix + "X" + suffix
    new = prefix + middle + "X" + suffix
    m = OffsetMap(old, new)
    mapped = [m(i) for i in range(len(old) + 1)]
    assert mapped == sorted(mapped)
    assert all(0 <= x <= len(new) for x in mapped)
    assert mapped[-1] == len(new)


def test_a_reworded_short_quote_is_orphaned_not_moved_to_the_same_words_elsewhere():
    old = ("Pewawancara: Selamat sore, Bu Sari. Terima kasih sudah mau diwawancara.\n\n"
           "Sari: Sama-sama.\n\nPewawancara: Terima kasih banyak, Bu Sari.\n")
    start = old.rindex("Terima kasih")
    new = old.replace("Terima kasih banyak, Bu Sari.", "Baik, cukup sekian, Bu Sari.")
    assert reanchor(new, OffsetMap(old, new), start, "Terima kasih", start + 12) is None
    # the same edit with the thanks kept further on: the new words are its new place
    new = old.replace("Terima kasih banyak, Bu Sari.", "Baik, cukup. Terima kasih, Bu Sari.")
    found = reanchor(new, OffsetMap(old, new), start, "Terima kasih", start + 12)
    assert found is not None and found.start == new.rindex("Terima kasih")
