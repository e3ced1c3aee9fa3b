"""Where the bundled study material lives: the default codebook and the illustrative corpus.

Both ship in the source tree (``codebooks/`` and ``transcripts/`` beside the package), which an
editable install (``pip install -e .``) keeps in place.
"""

from __future__ import annotations

from pathlib import Path

from qualcode.errors import InputError

__all__ = ["DEFAULT_CODEBOOK", "default_cases_path", "default_codebook_path", "default_corpus_path"]

DEFAULT_CODEBOOK = "case-management-bullying.yaml"
_ROOT = Path(__file__).resolve().parent.parent


def _find(relative: str, what: str) -> Path:
    for base in (_ROOT, Path.cwd()):
        candidate = base / relative
        if candidate.exists():
            return candidate
    raise InputError(
        f"the bundled {what} ({relative}) was not found",
        hint="install qualcode from its source folder (pip install -e .) or pass the path "
        "explicitly",
    )


def default_codebook_path() -> Path:
    """The study's default codebook, ``codebooks/case-management-bullying.yaml``."""
    return _find(f"codebooks/{DEFAULT_CODEBOOK}", "study codebook")


def default_corpus_path() -> Path:
    """The bundled illustrative study corpus, ``transcripts/``."""
    return _find("transcripts", "study corpus")


def default_cases_path() -> Path:
    """The bundled corpus's cases table, ``transcripts/cases.csv``."""
    return _find("transcripts/cases.csv", "cases table")
