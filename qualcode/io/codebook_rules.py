"""Reading and checking the ``rules`` and ``exclude`` lists of a code."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from qualcode.coding.apostrophes import fold_apostrophes, fold_pattern
from qualcode.coding.morphology import tokenize
from qualcode.coding.patterns import MAX_PATTERN_LENGTH
from qualcode.coding.regex_verdicts import regex_verdict
from qualcode.io.codebook_checks import Checker, describe
from qualcode.io.codebook_schema import (
    ANY_LANGUAGE,
    MATCH_MODES,
    NEAR_KEYS,
    RULE_KEYS,
    RULE_KINDS,
)
from qualcode.io.yamlmarks import LineDict, LineList
from qualcode.model import Rule, frozen_mapping

__all__ = ["DEFAULT_WITHIN", "parse_rules"]

DEFAULT_WITHIN = 5
"""Proximity window of a ``near`` rule without ``within``."""
_MAX_WITHIN = 1000
# Control characters that double-quoted YAML makes of escapes, with the escape and a name:
# "\bfoo" in double quotes is a backspace and 'foo', not a word boundary.
_YAML_ESCAPES = {
    "\x00": ("\\0", "a null character"), "\x07": ("\\a", "a bell character"),
    "\x08": ("\\b", "a backspace"), "\x0b": ("\\v", "a vertical tab"),
    "\x0c": ("\\f", "a form feed"), "\r": ("\\r", "a carriage return"),
    "\x1b": ("\\e", "an escape character"), "\x85": ("\\N", "a next-line character"),
}
# Written as themselves in a block or quoted string, and matched as written.
_PLAIN_CONTROLS = frozenset("\t\n")
# Wildcards of text search tools (NVivo, ATLAS.ti, MAXQDA: wait*, queu?) and characters of
# regular expressions and search queries: the tokeniser drops them, so a phrase holding them
# silently means something else than its writer meant ('(wait|queue)' is the phrase 'wait queue')
_WILDCARDS = "*?"
_SEARCH_SYNTAX = frozenset(_WILDCARDS + "|\\()[]{}^$+~")


def parse_rules(ck: Checker, code: LineDict, field: str, code_id: str) -> list[Rule]:
    """The rules under ``code[field]`` (``rules`` or ``exclude``), checked.

    Args:
        ck: The checker collecting issues.
        code: The code's mapping.
        field: ``rules`` or ``exclude``.
        code_id: The code's id (for labels such as ``enabler.rules[0]``).
    """
    value = ck.value(code, field, "list", code_id,
                     hint=f"'{field}' is a list of rules, each starting with '- '")
    if value is None:
        return []
    out = []
    for i, item in enumerate(value):
        label = f"{code_id}.{field}[{i}]"
        rule = _parse_rule(ck, item, value.line_of(i), label, exclude=field == "exclude")
        if rule is not None:
            out.append(rule)
    return out


def _parse_rule(ck: Checker, node: Any, line: int, label: str, *, exclude: bool) -> Rule | None:
    if not isinstance(node, LineDict):
        ck.add("C110", f"a rule must be a mapping with phrases, regex or near, not "
               f"{describe(node)}", line, label)
        return None
    ck.keys(node, RULE_KEYS, label)
    kinds = [k for k in RULE_KINDS if k in node]
    if len(kinds) != 1:
        found = ", ".join(kinds) if kinds else "none of them"
        ck.add("C143", f"a rule needs exactly one of phrases, regex, near (found {found})",
               node.line, label, hint="split it into one rule per kind")
    mode = ck.value(node, "match", "text", label) or "stem"
    if mode not in MATCH_MODES:
        ck.add("C134", f"unknown match mode '{mode}'; choose stem or exact",
               node.line_of("match", value=True), label)
        mode = "stem"
    listed = ck.texts(node, "except", label)
    for text, item_line in listed:
        words = tokenize(fold_apostrophes(text))  # as the matcher reads it
        if len(words) == 1 and words[0] != fold_apostrophes(text.lower()):
            _dropped_in_exception(ck, text, words[0], item_line, label)
        if len(words) > 1:
            ck.add("C149", f"except entry '{text}' has several words; an exception is one word "
                   "form, so this one never applies", item_line, label, severity="warning",
                   hint="list the word forms one by one (except: [sekolahnya, sekolahan]); to "
                   "leave out a whole phrase, add a rule under 'exclude'")
    exceptions = tuple(t.lower() for t, _ in listed)
    common: dict[str, Any] = {"mode": mode, "exceptions": exceptions, "exclude": exclude,
                              "label": label, "line": node.line}
    # Each kind is checked even when there are several, so that one run reports every problem.
    rules = [_KINDS[kind](ck, node, label, common) for kind in kinds]
    return rules[0] if len(rules) == 1 else None


def _phrases_rule(ck: Checker, node: LineDict, label: str, common: dict[str, Any]
                  ) -> Rule | None:
    before = len(ck.issues.issues)
    phrases = _phrases(ck, node, label)
    if not phrases and len(ck.issues.issues) == before:  # [] or {id: []}: nothing to match
        ck.add("C146", "the rule lists no phrases, so it never matches",
               node.line_of("phrases", value=True), label,
               hint="give at least one phrase, or remove the rule")
    return Rule("phrases", phrases=frozen_mapping(phrases), **common) if phrases else None


def _regex_rule(ck: Checker, node: LineDict, label: str, common: dict[str, Any]
                ) -> Rule | None:
    pattern = _regex(ck, node, label)
    return Rule("regex", pattern=pattern, **common) if pattern is not None else None


def _near_rule(ck: Checker, node: LineDict, label: str, common: dict[str, Any]
               ) -> Rule | None:
    near = _near(ck, node, label)
    if near is None:
        return None
    groups, within = near
    return Rule("near", near=groups, within=within, **common)


def _phrase_list(ck: Checker, value: Any, line: int, name: str, label: str) -> tuple[str, ...]:
    if isinstance(value, str):
        items = [(value, line)]
    elif isinstance(value, LineList):
        items = ck.items(value, name, label)
    else:
        ck.add("C110", f"'{name}' must be a list of phrases, not {describe(value)}", line, label)
        return ()
    out = []
    for text, item_line in items:
        words = tokenize(fold_apostrophes(text))  # as the matcher reads it
        if not words:
            ck.add("C144", f"phrase '{text}' has no words", item_line, label,
                   hint="phrases are matched word by word; punctuation alone never matches")
            continue
        _search_syntax(ck, text, words, item_line, "near term" if name.startswith("near") else
                       "phrase", label)
        out.append(text)
    return tuple(out)


def _search_syntax(ck: Checker, text: str, words: list[str], line: int, noun: str,
                   label: str) -> None:
    """C152: a phrase holding wildcards or regular-expression characters, which the tokeniser
    drops (the phrase is then matched as its words alone)."""
    searched = _without_question_marks(text)
    found = [c for c in dict.fromkeys(searched) if c in _SEARCH_SYNTAX]
    if not found:
        return
    shown = ", ".join(f"'{c}'" for c in found)
    matched = " ".join(words)
    if any(c in _WILDCARDS for c in found):
        pattern = _wildcard_regex(searched).replace("'", "''")
        ck.add("C152", f"{noun} '{text}' holds {shown}: phrases have no wildcards, so it is "
               f"matched as '{matched}'", line, label, severity="warning",
               hint=f"stem matching (the default) already matches the affixed and inflected "
               f"forms of '{matched}'; to match any letters where a wildcard stands, write a "
               f"regex rule instead: regex: '{pattern}'")
        return
    if "|" in found:
        choices = [" ".join(tokenize(part)) for part in searched.split("|")]
        listed = ", ".join(c if " " not in c else f'"{c}"' for c in choices if c)
        hint = f"list the alternatives as phrases of their own (phrases: [{listed}])"
    else:
        hint = ("phrases are plain words, matched without punctuation; to match these "
                "characters, write a regex rule (regex: '...')")
    ck.add("C152", f"{noun} '{text}' holds {shown}, which phrases ignore: it is matched as the "
           f"words '{matched}'", line, label, severity="warning", hint=hint)


def _without_question_marks(text: str) -> str:
    """``text`` without the ``?`` that end a question (``are you sure?``): punctuation, which
    phrases ignore as they ignore a full stop. A ``?`` is a wildcard (one letter) inside a word
    (``organi?ation``) or at the end of a phrase of one word (``queu?``)."""
    if "?" not in text:
        return text
    one_word = len(text.split()) == 1
    kept = []
    for i, char in enumerate(text):
        following = text[i + 1:i + 2]
        if char == "?" and not (following.isalnum() or following == "_") and not (
                one_word and not following and i > 0 and text[i - 1].isalnum()):
            continue
        kept.append(char)
    return "".join(kept)


def _wildcard_regex(text: str) -> str:
    """The regular expression a phrase with wildcards was meant as: ``*`` any letters, ``?``
    one, words apart by white space (``wait*`` -> ``\\bwait\\w*``)."""
    words = []
    for word in text.split():
        words.append("".join("\\w*" if c == "*" else "\\w" if c == "?" else re.escape(c)
                             for c in word))
    pattern = "\\b" + "\\s+".join(words)
    return pattern if pattern.endswith("\\w*") else pattern + "\\b"


def _dropped_in_exception(ck: Checker, text: str, word: str, line: int, label: str) -> None:
    """C152: an ``except`` entry holding more than a word form (wildcards, punctuation):
    exceptions are compared with whole words as written, so it never applies."""
    wild = any(c in _WILDCARDS for c in text)
    ck.add("C152", f"except entry '{text}' is not a word form ('{word}' is): exceptions are "
           "compared with whole words" + (", without wildcards" if wild else "") +
           ", so this one never applies", line, label, severity="warning",
           hint=f"write the word form itself (except: [{word}]), and list each form that should "
           "not count")


def _phrases(ck: Checker, node: LineDict, label: str) -> dict[str, tuple[str, ...]]:
    value = node["phrases"]
    line = node.line_of("phrases", value=True)
    if isinstance(value, LineList | str):
        phrases = _phrase_list(ck, value, line, "phrases", label)
        return {"*": phrases} if phrases else {}
    if not isinstance(value, LineDict):
        ck.add("C110", f"'phrases' must be a mapping of language to phrases, not "
               f"{describe(value)}", line, label, hint="for example phrases: {id: [dampingi], "
               "en: [reassure]}")
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for lang, items in value.items():
        lang_line = value.line_of(lang)
        if not ck.language(lang, lang_line, label, allow_any=True):
            continue
        phrases = _phrase_list(ck, items, value.line_of(lang, value=True), f"phrases.{lang}",
                               label)
        if phrases:
            key = "*" if lang == ANY_LANGUAGE else lang
            out[key] = out.get(key, ()) + phrases
    return out


def _regex(ck: Checker, node: LineDict, label: str) -> str | None:
    pattern = ck.value(node, "regex", "text", label,
                       hint="quote regular expressions with single quotes: regex: '\\bkata\\b'")
    if pattern is None:
        return None
    line = node.line_of("regex", value=True)
    if len(pattern) > MAX_PATTERN_LENGTH:
        ck.add("C140", f"regular expression is longer than {MAX_PATTERN_LENGTH} characters",
               line, label, hint="split it into several rules")
        return None
    if _has_control_characters(ck, pattern, line, label):
        return None
    # checked as it runs: with its apostrophes as ' ('(’|')+' repeats one text two ways)
    folded = fold_pattern(pattern)
    same = (" (the rules read ’ ‘ ʼ and the other apostrophe marks as ', and so does this "
            "check)" if folded != pattern else "")
    try:
        verdict = regex_verdict(folded)
    except re.error as exc:
        ck.add("C140", f"invalid regular expression '{pattern}': {exc.msg} at position "
               f"{exc.pos}", line, label,
               hint="check brackets and escapes; in YAML, single quotes keep backslashes as "
                    "written" + same)
        return None
    except (OverflowError, RecursionError) as exc:
        ck.add("C140", f"invalid regular expression '{pattern}': {exc}", line, label)
        return None
    if verdict.risk is not None:
        ck.add("C141", f"regular expression '{pattern}' of rule {label} can backtrack "
               f"catastrophically: {verdict.risk}", line, label,
               hint="avoid quantifiers inside repeated groups, e.g. write '\\w+(?:\\s+\\w+)*' "
                    "instead of '(\\w+\\s?)+', or use a possessive quantifier (a++) or "
                    "an atomic group (?>...)" + same)
        return None
    if verdict.matches_empty:
        ck.add("C142", f"regular expression '{pattern}' matches empty text", line, label,
               hint="it would code every segment; make at least one character required")
        return None
    return pattern


def _has_control_characters(ck: Checker, pattern: str, line: int, label: str) -> bool:
    """Report a pattern holding control characters (other than tab and newline), which come
    from escapes in a double-quoted string (``"\\bfoo"`` is a backspace and foo) and make the
    rule match something else than was written, or nothing at all."""
    found = [c for c in dict.fromkeys(pattern)
             if unicodedata.category(c) == "Cc" and c not in _PLAIN_CONTROLS]
    if not found:
        return False
    shown = "".join(_shown(c) if c in found else c for c in pattern)
    names = ", ".join(f"{_YAML_ESCAPES.get(c, ('', 'a control character'))[1]} "
                      f"(U+{ord(c):04X})" for c in found)
    ck.add("C147", f"regular expression '{shown}' holds {names}", line, label,
           hint=_control_hint(pattern, found))
    return True


def _control_hint(pattern: str, found: list[str]) -> str:
    if not all(c in _YAML_ESCAPES for c in found):
        return ("remove the control character, or write it as a regular expression escape "
                "(such as \\x01) in single quotes")
    escapes = " and ".join(_YAML_ESCAPES[c][0] for c in found)
    names = " and ".join(_YAML_ESCAPES[c][1] for c in found)
    written = "".join(_YAML_ESCAPES[c][0] if c in found else c for c in pattern)
    quoted = written.replace("'", "''")
    return (f"a double-quoted YAML string turns {escapes} into {names}: write the pattern in "
            f"single quotes, which keep backslashes: regex: '{quoted}'")


def _shown(char: str) -> str:
    """A control character as ``\\xNN``, to show it in a message."""
    return f"\\x{ord(char):02x}"


_NEAR_EXAMPLE = "near: {terms: [[sekolah], [desak, tuntut]], within: 8}"


def _near(ck: Checker, node: LineDict, label: str
          ) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], int] | None:
    value = node["near"]
    if not isinstance(value, LineDict):
        ck.add("C110", f"'near' must be a mapping with terms and within, not {describe(value)}",
               node.line_of("near", value=True), label, hint=f"for example {_NEAR_EXAMPLE}")
        return None
    ck.keys(value, NEAR_KEYS, label)
    groups = _near_terms(ck, value, label)
    within = _within(ck, value, label)
    if groups is None or within is None:
        return None
    return groups, within


def _within(ck: Checker, near: LineDict, label: str) -> int | None:
    """The window of a ``near`` rule (the default when absent); ``None`` when out of range."""
    within = ck.value(near, "within", "int", label)
    if within is None:
        return DEFAULT_WITHIN
    if not 0 <= within <= _MAX_WITHIN:
        ck.add("C135", f"'within' must be between 0 and {_MAX_WITHIN}, not {within}",
               near.line_of("within", value=True), label)
        return None
    return within


def _near_terms(ck: Checker, near: LineDict, label: str
                ) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The two term groups of a ``near`` rule; ``None`` when they are not two (reported).

    The terms of every group are checked, also when the number of groups is wrong.
    """
    terms = ck.value(near, "terms", "list", label, required=True,
                     hint=f"for example {_NEAR_EXAMPLE}")
    if terms is None:
        return None
    before = len(ck.issues.issues)
    groups = [_phrase_list(ck, g, terms.line_of(i), f"near.terms[{i}]", label)
              for i, g in enumerate(terms) if isinstance(g, LineList | str)]
    if len(terms) != 2 or len(groups) != 2:
        ck.add("C145", f"'near.terms' must hold exactly two lists of terms, not {len(terms)} "
               "item(s)" if len(terms) != 2 else "'near.terms' must hold two lists of terms",
               near.line_of("terms", value=True), label, hint=f"for example {_NEAR_EXAMPLE}")
        return None
    if not groups[0] or not groups[1]:
        if len(ck.issues.issues) == before:
            empty = 0 if not groups[0] else 1
            ck.add("C146", f"'near.terms[{empty}]' lists no terms, so the rule never matches",
                   terms.line_of(empty), label,
                   hint="give at least one term in each list, or remove the rule")
        return None
    return groups[0], groups[1]


_KINDS = {"phrases": _phrases_rule, "regex": _regex_rule, "near": _near_rule}
