"""Words and stems: the tokeniser and the Indonesian and English stemmers of rule matching.

Indonesian uses PySastrawi (Nazief & Adriani style confix stripping against a root dictionary),
created once, lazily, plus handling of Jakarta colloquial forms that it does not know:

- the suffix ``-in`` (``dampingin`` -> ``damping``, ``nanyain`` -> ``tanya``), also after clitics
  (``dampinginnya``);
- the nasal prefixes ``nge-``, ``ng-``, ``ny-``, ``n-``, ``m-`` (``ngecek`` -> ``cek``,
  ``ngobrol`` -> ``obrol``, ``nyari`` -> ``cari``, ``nanya`` -> ``tanya``), and ``-e`` for
  ``-ai`` (``nyampe`` -> ``sampai``);
- clitics ``-nya``, ``-lah``, ``-kah``, ``-pun`` and reduplication (``anak-anak`` -> ``anak``);
- borrowed words inside Indonesian affixes (``dibully``, ``ngebully``, ``membully``,
  ``nge-handle`` -> ``bully``, ``handle``), for words that have no Indonesian root.

English uses the Snowball English stemmer (Porter2, from ``snowballstemmer``, which runs
PyStemmer's C build of the same algorithm when that is installed), after the possessive
(``'s``, ``’s``, a final apostrophe) is taken off and a table of irregular forms has given the
base (``children`` -> ``child``, ``went`` -> ``go``). The result is a *matching key*, not always
a dictionary word: ``schedule``, ``scheduled`` and ``scheduling`` all give ``schedul``,
``study`` and ``studied`` give ``studi``. Porter2 also removes derivational suffixes from
long enough words (``termination`` and ``terminal`` -> ``termin``, ``weekly`` -> ``week``);
docs/codebook.md lists what meets and what does not. Both stemmers are memoised for the whole
run.
"""

from __future__ import annotations

import functools
import re
import threading
from typing import Any

__all__ = ["COLLOQUIAL_FORMS", "WORD_RE", "in_colloquial_table", "indonesian_dictionary",
           "loan_base", "split_hyphenated", "stem", "stem_en", "stem_id", "tokenize"]

WORD_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
"""A word: letters and digits, with inner hyphens and apostrophes (``anak-anak``, ``don't``).
:func:`split_hyphenated` then splits hyphenated words that are not one word (``follow-up``)."""

_ASCII_WORD = re.compile(r"[a-z]+\Z")
_MEMO_LIMIT = 1_000_000
_ID_MEMO: dict[str, str] = {}
_EN_MEMO: dict[str, str] = {}
_THREAD = threading.local()

_IRREGULAR_EN = {
    "children": "child", "men": "man", "women": "woman", "people": "person",
    "teeth": "tooth", "feet": "foot", "mice": "mouse",
    "was": "be", "were": "be", "been": "be", "is": "be", "are": "be", "am": "be",
    "has": "have", "had": "have", "did": "do", "does": "do", "done": "do",
    "went": "go", "gone": "go", "goes": "go", "made": "make", "said": "say", "says": "say",
    "told": "tell", "took": "take", "taken": "take", "gave": "give", "given": "give",
    "got": "get", "gotten": "get", "came": "come", "saw": "see", "seen": "see",
    "knew": "know", "known": "know", "thought": "think", "brought": "bring",
    "bought": "buy", "built": "build", "felt": "feel", "kept": "keep", "left": "leave",
    "met": "meet", "sent": "send", "spent": "spend", "spoke": "speak", "spoken": "speak",
    "taught": "teach", "understood": "understand", "wrote": "write", "written": "write",
    "began": "begin", "begun": "begin", "found": "find", "held": "hold", "heard": "hear",
    "led": "lead", "lost": "lose", "paid": "pay", "ran": "run", "sat": "sit", "stood": "stand",
    "fought": "fight", "sought": "seek", "chose": "choose", "chosen": "choose",
    "broke": "break", "broken": "break", "fell": "fall", "fallen": "fall", "hid": "hide",
    "hidden": "hide", "hurt": "hurt", "put": "put", "set": "set", "let": "let",
    "freed": "free",  # regular, but Porter2 leaves -eed alone in a word this short
}
_VOWELS = frozenset("aeiouy")
# Frequent Jakarta colloquial forms whose root the rules below would guess wrongly.
_COLLOQUIAL = {
    "ngasih": "kasih", "ngasihin": "kasih", "ngerjain": "kerja", "ngerjakan": "kerja",
    "nyampe": "sampai", "nyampein": "sampai", "sampe": "sampai", "sampein": "sampai",
    "ngeliat": "lihat", "liat": "lihat", "ngeliatin": "lihat", "tau": "tahu", "ngasi": "kasih",
    "nganter": "antar", "nganterin": "antar", "anterin": "antar", "ngomongin": "omong",
    "ngumpulin": "kumpul", "ngajakin": "ajak", "nemenin": "teman", "nemuin": "temu",
    "ngabarin": "kabar", "ngurusin": "urus", "bilangin": "bilang", "kasihin": "kasih",
    "dikasih": "kasih", "pake": "pakai", "dipake": "pakai", "makein": "pakai",
    # ny- stands for c- (nyari: cari) and for s- (nyusun: susun); where both readings are
    # words, the common one is listed (nyiap: siap, not ciap)
    "nyiap": "siap", "nyiapkan": "siap", "nyiapin": "siap",
}
COLLOQUIAL_FORMS = frozenset(_COLLOQUIAL)
"""Colloquial words whose root is looked up in a table (their root need not occur in them)."""

# Indonesian affixes that speakers put on borrowed (mostly English) words: dibully, ngebully,
# membully, menghandle, ke-follow, ngeprintin
_LOAN_PREFIXES = ("nge-", "ng-", "di-", "ke-", "meng-", "me-", "nge", "meng", "mem", "men", "di",
                  "ke", "ter", "peng", "pem", "pen")
_LOAN_STARTS = frozenset(p[:2] for p in _LOAN_PREFIXES)
_LOAN_SUFFIXES = ("innya", "in", "nya", "kan", "an")
# a suffix alone, on a word no prefix starts (bullynya, handlekan, monitoringnya)
_LOAN_ONLY_SUFFIXES = ("innya", "in", "nya", "kan")
_LOAN_BASE = re.compile(r"[a-z]{4,}\Z")


def tokenize(text: str) -> list[str]:
    """Lower-cased words of ``text`` (hyphenated words split, reduplication kept whole)."""
    lowered = text.lower()
    words = WORD_RE.findall(lowered)
    return split_hyphenated(words) if "-" in lowered else words


_PARTS: dict[str, tuple[str, ...]] = {}


def split_hyphenated(tokens: list[str]) -> list[str]:
    """Split hyphenated tokens into words, except one-word forms: reduplication
    (``anak-anak``, ``teman-temannya``, ``berlari-lari``) and ``nge-`` (``nge-cek``).

    Args:
        tokens: ``WORD_RE.findall`` of lower-cased text.
    """
    out: list[str] = []
    for token in tokens:
        if "-" not in token:
            out.append(token)
            continue
        parts = _PARTS.get(token)
        if parts is None:
            if len(_PARTS) > _MEMO_LIMIT:
                _PARTS.clear()
            parts = _PARTS[token] = (token,) if _is_one_word(token) else tuple(token.split("-"))
        out.extend(parts)
    return out


def _is_one_word(word: str) -> bool:
    parts = word.split("-")
    if len(parts) != 2 or not all(parts):
        return False
    first, second = parts
    if first in ("nge", "ng"):
        return True
    return first == second or second.startswith(first) or (
        len(first) > 3 and _split_redup(first, second) is not None)


def _split_redup(first: str, second: str) -> str | None:
    """The shared root of a reduplicated pair (``berlari-lari`` -> ``lari``), if any."""
    a, b = stem_id(first), stem_id(second)
    return a if a == b else None


@functools.cache
def _sastrawi() -> Any:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    cached = StemmerFactory().create_stemmer()
    return cached.delegatedStemmer  # the uncached core; we memoise ourselves


def indonesian_dictionary() -> Any:
    """PySastrawi's root-word dictionary (an object with ``contains(word)``)."""
    return _sastrawi().dictionary


def _formal(word: str) -> str:
    return _sastrawi().stem_singular_word(word)


def _nasal_variants(word: str) -> list[str]:
    out: list[str] = []
    if word.startswith("nge") and len(word) > 4:
        out += [word[3:], "k" + word[2:]]
    if word.startswith("ng") and len(word) > 3:
        out += [word[2:], "k" + word[2:]]
    elif word.startswith("ny") and len(word) > 3:
        out += ["c" + word[2:], "s" + word[2:]]
    elif word.startswith("n") and len(word) > 2 and word[1] in _VOWELS:
        out += ["t" + word[1:]]
    elif word.startswith("m") and len(word) > 2 and word[1] in _VOWELS:
        out += ["p" + word[1:]]
    if word.startswith("ke") and len(word) > 4:
        out.append(word[2:])
    return out


_CLITICS = ("nya", "lah", "kah", "pun")
_REDUCIBLE = ("in", *_CLITICS)  # the endings _reductions takes off


def _reductions(word: str) -> list[str]:
    """``word`` without a clitic and/or the suffix ``-in``, most likely first (the forms the
    colloquial handling tries)."""
    bases = [word]
    for clitic in _CLITICS:
        if word.endswith(clitic) and len(word) > len(clitic) + 2:
            bases.append(word[: -len(clitic)])
    reduced: list[str] = []
    for base in bases:
        if base.endswith("in") and len(base) > 4:
            reduced.append(base[:-2])
        if base != word:
            reduced.append(base)
    return reduced


def in_colloquial_table(word: str) -> bool:
    """Whether :func:`stem_id` may take ``word``'s root from the table of colloquial forms
    (the word itself, or it without a clitic or ``-in``: ``nganterinnya``), so its root need
    not occur in it."""
    if word in _COLLOQUIAL:
        return True
    return word.endswith(_REDUCIBLE) and any(cand in _COLLOQUIAL for cand in _reductions(word))


def loan_base(word: str) -> str | None:
    """The borrowed word inside Indonesian affixes (``dibully``, ``ngebullyin``, ``nge-handle``,
    ``pembullyan``, ``bullynya``, ``handlekan`` -> ``bully``, ``bully``, ``handle``, ``bully``,
    ``bully``, ``handle``), or ``None`` when ``word`` has none of the affixes speakers put on
    borrowed words or leaves fewer than four letters. (It is asked only about words that are
    neither in the Indonesian dictionary nor stemmed by it.)"""
    rest = None
    if word[:2] in _LOAN_STARTS:  # most words: one look-up
        for prefix in _LOAN_PREFIXES:
            if word.startswith(prefix):
                rest = word[len(prefix):]
                break
    if rest is None:
        for suffix in _LOAN_ONLY_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                base = word[: -len(suffix)]
                return base if _LOAN_BASE.match(base) else None
        return None
    for suffix in _LOAN_SUFFIXES:
        if rest.endswith(suffix) and len(rest) - len(suffix) >= 4:
            rest = rest[: -len(suffix)]
            break
    return rest if _LOAN_BASE.match(rest) else None


def _colloquial(word: str, dictionary: Any) -> str | None:
    known = _COLLOQUIAL.get(word)
    if known is not None:
        return known
    reduced = _reductions(word)  # colloquial reductions, most likely first
    for cand in reduced:
        if cand in _COLLOQUIAL:
            return _COLLOQUIAL[cand]
        if dictionary.contains(cand):
            return cand
        # a dictionary word behind one prefix, or a nasal form, before PySastrawi's reading,
        # which may cut deeper than the -in it does not know (disekolah -> seko, not sekolah)
        near = _after_prefix(cand, dictionary) or _nasal_root(cand, dictionary)
        if near is not None:
            return near
        formal = _formal(cand)
        if formal != cand:
            return formal
        spoken = _spoken_ai(cand, dictionary)
        if spoken is not None:
            return spoken
    return _spoken_ai(word, dictionary) or _nasal_root(word, dictionary)


def _spoken_ai(word: str, dictionary: Any) -> str | None:
    """The dictionary word ``word`` stands for with ``-e`` for ``-ai`` (``rame``: ``ramai``,
    ``selese``: ``selesai``); asked only about words that are not in the dictionary."""
    if word.endswith("e") and len(word) > 3 and dictionary.contains(word[:-1] + "ai"):
        return word[:-1] + "ai"
    return None


_PLAIN_PREFIXES = ("di", "ke", "se", "ber", "ter", "be", "te", "per", "pe")


def _after_prefix(word: str, dictionary: Any) -> str | None:
    """The dictionary word left when one plain prefix is taken off ``word``, if any."""
    for prefix in _PLAIN_PREFIXES:
        rest = word[len(prefix):]
        if word.startswith(prefix) and len(rest) > 2 and dictionary.contains(rest):
            return rest
    return None


def _nasal_root(word: str, dictionary: Any) -> str | None:
    """The dictionary word a colloquial nasal form stands for (``nanya`` -> ``tanya``)."""
    for variant in _nasal_variants(word):
        forms = (variant, variant[:-1] + "ai") if variant.endswith("e") else (variant,)
        for form in forms:
            if dictionary.contains(form):
                return form
    return None


def _stem_id(word: str) -> str:
    if "-" in word:
        first, _, second = word.partition("-")
        if first in ("nge", "ng"):
            return stem_id(second)
        if first == second or second.startswith(first):
            return stem_id(first)
        root = _split_redup(first, second) if first and second else None
        return root if root is not None else word
    if not _ASCII_WORD.match(word):
        return word
    dictionary = indonesian_dictionary()
    if dictionary.contains(word):
        return word
    formal = _formal(word)
    if formal != word:
        if _spoken_in(word):
            # PySastrawi does not know -in and may cut such a word short: disekolahin -> seko,
            # ditanganin -> tang; the colloquial reading's root wins when it is that root
            # made longer (sekolah, tangan), not another word (bermain stays main)
            spoken = _colloquial(word, dictionary)
            if spoken is not None and len(spoken) > len(formal) and spoken.startswith(formal):
                return spoken
        return formal
    return _colloquial(word, dictionary) or loan_base(word) or word


def _spoken_in(word: str) -> bool:
    """Whether ``word`` ends in the colloquial suffix ``-in``, before a clitic or not."""
    return word.endswith("in") or any(
        word.endswith(clitic) and word[: -len(clitic)].endswith("in") for clitic in _CLITICS)


def stem_id(word: str) -> str:
    """The Indonesian root of a lower-case ``word`` (the word itself when none is found).

    Example:
        >>> [stem_id(w) for w in ("mendampingi", "pendampingan", "dampingin")]
        ['damping', 'damping', 'damping']
    """
    hit = _ID_MEMO.get(word)
    if hit is None:
        if len(_ID_MEMO) > _MEMO_LIMIT:
            _ID_MEMO.clear()
        hit = _ID_MEMO[word] = _stem_id(word)
    return hit


def _porter2() -> Any:
    """This thread's Snowball English (Porter2) stemmer (one keeps state while it stems)."""
    stemmer = getattr(_THREAD, "porter2", None)
    if stemmer is None:
        import snowballstemmer

        stemmer = _THREAD.porter2 = snowballstemmer.stemmer("english")
    return stemmer


def _stem_en(word: str) -> str:
    # the possessive and the irregular table first: Porter2 would strip 's itself, but not
    # ’s, and it knows no irregular forms
    w = word.replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    elif w.endswith("'"):
        w = w[:-1]
    if not w.isalpha():
        return w
    return _porter2().stemWord(_IRREGULAR_EN.get(w, w))


def stem_en(word: str, *, memo: bool = True) -> str:
    """The English matching key of a lower-case ``word``: its Porter2 stem, after the
    possessive is taken off and irregular forms are mapped to their base. A word that is not
    all letters (``don't``, ``covid19``) is its own key.

    ``memo=False`` skips the run-wide memo (for callers that keep their own per word).

    Example:
        >>> [stem_en(w) for w in ("use", "used", "using", "us", "care", "car")]
        ['use', 'use', 'use', 'us', 'care', 'car']
    """
    if not memo:
        return _EN_MEMO.get(word) or _stem_en(word)
    hit = _EN_MEMO.get(word)
    if hit is None:
        if len(_EN_MEMO) > _MEMO_LIMIT:
            _EN_MEMO.clear()
        hit = _EN_MEMO[word] = _stem_en(word)
    return hit


def stem(word: str, language: str) -> str:
    """The matching key of ``word`` in ``language`` (``id``, ``en``; others: the word)."""
    word = word.lower()
    if language == "id":
        return stem_id(word)
    if language == "en":
        return stem_en(word)
    return word
