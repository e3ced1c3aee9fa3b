"""What a codebook YAML file may contain: keys per level, value shapes and allowed choices.

Issue codes of codebook validation (stable; tests and users can rely on them):

====  ============================================================
C100  the file is missing, too large or not UTF-8
C101  YAML syntax error
C102  YAML too deep, too big or too many aliases
C103  YAML tag or merge key not allowed
C104  duplicate key in a mapping
C110  a value has the wrong type, or is empty
C111  unknown key
C112  missing required key
C120  invalid id, name or version
C121  duplicate id
C122  unknown parent
C123  parent cycle
C124  unknown dimension
C125  a nested code names another parent
C130  unknown or undeclared language
C131  invalid colour
C132  unknown unit
C133  unknown scope
C134  unknown match mode
C135  number out of range
C140  invalid regular expression
C141  regular expression that can backtrack catastrophically
C142  regular expression that matches empty text
C143  a rule that is not exactly one of phrases, regex, near
C144  a phrase with no words
C145  a near rule without two term groups
C146  a rule with an empty list of phrases or terms (it never matches)
C147  a regular expression holding control characters (``"\\b"`` in double quotes)
C148  stemmed phrases holding more distinct words than the rules can be compiled with
C149  (warning) an ``except`` entry of several words (exceptions are single word forms)
C150  (warning) a code with no rules and no ``manual: true``
C151  a manual code with rules
C152  (warning) a phrase or ``near`` term holding wildcards or regular-expression characters
      (``wait*``), which matching drops, or an ``except`` entry that is not a bare word form
C160  (warning) an example coded otherwise than it says (``codebook validate``,
      :mod:`qualcode.io.codebook_examples`)
====  ============================================================
"""

from __future__ import annotations

import re

from qualcode.model import UNITS

__all__ = [
    "ANY_LANGUAGE",
    "CODEBOOK_KEYS",
    "CODE_KEYS",
    "COLOR_RE",
    "DEFAULT_HINTS",
    "DIMENSION_KEYS",
    "EXAMPLES_KEYS",
    "ISO_639_1",
    "MATCH_MODES",
    "MAX_FILE_BYTES",
    "NAME_RE",
    "NEAR_KEYS",
    "RULE_KEYS",
    "RULE_KINDS",
    "SCOPES",
    "SLUG_RE",
    "UNITS",
]

MAX_FILE_BYTES = 5 * 1024 * 1024
"""Largest codebook file accepted (5 MB)."""

CODEBOOK_KEYS = (
    "name", "version", "title", "authors", "description", "languages", "unit", "scope",
    "sources", "dimensions", "codes", "memo",
)
DIMENSION_KEYS = ("id", "label", "description", "exclusive")
CODE_KEYS = (
    "id", "parent", "dimension", "label", "color", "brief", "definition", "when_to_use",
    "when_not_to_use", "examples", "scope", "min_hits", "memo", "manual", "rules", "exclude",
    "codes",
)
EXAMPLES_KEYS = ("positive", "negative")
RULE_KINDS = ("phrases", "regex", "near")
RULE_KEYS = (*RULE_KINDS, "match", "except", "memo")
NEAR_KEYS = ("terms", "within")
MATCH_MODES = ("stem", "exact")
SCOPES = ("participant", "interviewer", "all")
ANY_LANGUAGE = "any"
"""Phrase key meaning "every language" (stored as ``"*"`` in :class:`qualcode.model.Rule`)."""

SLUG_RE = re.compile(r"[a-z][a-z0-9_]*\Z")
"""Code and dimension ids."""
NAME_RE = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*\Z")
"""Codebook names (``case-management-bullying``)."""
COLOR_RE = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})\Z")

# ISO 639-1 two-letter language codes.
_ISO_TEXT = """
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da
de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz
ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln
lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi
pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti
tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
"""
ISO_639_1 = frozenset(_ISO_TEXT.split())

DEFAULT_HINTS = {
    "C110": "see docs/codebook.md for the shape of this value",
    "C112": "add the key; see the example in docs/codebook.md",
    "C121": "ids must be unique: rename or remove one of them",
    "C122": "'parent' must be the id of another code in this codebook",
    "C132": "remove the key to segment by turn (the default)",
    "C133": "participant (the default) codes participant turns only; all codes every turn",
    "C134": "stem matches affixed and inflected forms; exact matches words as written",
    "C135": "min_hits counts rule hits per segment; within counts the words between two terms",
}
"""Hints for issues whose message needs no specific one."""
