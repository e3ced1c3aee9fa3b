"""Sample texts and helpers shared by the project tests (loaded by path, not imported)."""

from __future__ import annotations

import re
from pathlib import Path

from qualcode.model import Coding

TINY_CODEBOOK = """\
name: tiny
version: "1.0.0"
languages: [id, en]
unit: turn
dimensions:
  - id: role
    label: {en: Role}
codes:
  - id: enabler
    dimension: role
    label: {en: Enabler}
    definition: {en: Builds the child's trust.}
    rules:
      - phrases: {any: [dampingi]}
        match: exact
  - id: advocate
    dimension: role
    label: {en: Advocate}
    definition: {en: "=Acts for the child's rights."}
    rules:
      - phrases: {any: [sekolah]}
        match: exact
"""

MK01 = """\
---
id: mk01
case: MK01
language: id
---
Pewawancara: Apa yang Ibu lakukan pertama kali?

Rina: Saya dampingi anaknya pelan-pelan supaya mau cerita.

Pewawancara: Lalu bagaimana dengan pihak sekolah?

Rina: Saya datang ke sekolah dan minta guru ikut menjaga anak itu.
"""

MK02 = """\
---
id: mk02
case: MK02
language: id
---
Pewawancara: Bagaimana Bapak memulai?

Dimas: Saya dampingi keluarganya dulu, baru ke sekolah.
"""


def fake_apply_codebook(corpus, codebook):
    """A stand-in for the rule engine: a code per participant turn that contains its phrase."""
    out = []
    for doc in corpus.documents:
        for seg in corpus.segments[doc.id]:
            if seg.interviewer:
                continue
            for code in codebook.codes:
                for i, rule in enumerate(code.rules):
                    words = [w for ws in rule.phrases.values() for w in ws]
                    hits = [w for w in words if re.search(rf"\b{w}\b", seg.text, re.I)]
                    if hits:
                        out.append(Coding(doc.id, seg.start, seg.end, code.id, codebook.coder,
                                          "auto", seg.index, f"{code.id}.rules[{i}]",
                                          "; ".join(hits)))
    return out



def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def make_project_dir(root: Path) -> Path:
    """Write transcripts/mk01.md, transcripts/mk02.md and codebook.yaml under ``root``."""
    write(root / "transcripts" / "mk01.md", MK01)
    write(root / "transcripts" / "mk02.md", MK02)
    write(root / "codebook.yaml", TINY_CODEBOOK)
    return root
