"""Checks of what the public analysis functions are given: tables, not file names, and a loaded
codebook, not its path.

The analysis never reads files, so a path where a table or a codebook belongs is refused with
the call that reads it, instead of failing later on a missing attribute.
"""

from __future__ import annotations

import os
from typing import Any

from qualcode.errors import AnalysisError
from qualcode.model import Codebook

__all__ = ["check_codebook", "check_table"]

READERS = {
    "codings": "qualcode.read_codings({path})",
    "gold": "qualcode.read_codings({path})",
    "pred": "qualcode.read_codings({path})",
    "segments": "qualcode.read_segments({path})",
    "units": "qualcode.read_segments({path})",
    "rows": "qualcode.read_eval_set({path})",
    "disagreements": "qualcode.read_adjudication_report({path})['disagreements']",
    "agreements": "qualcode.read_adjudication_report({path})['agreements']",
    "codes": "qualcode.read_adjudication_report({path})['codes']",
    "quotes": "qualcode.code_quotes(codings, segments)",
    "table": "a table read with pandas as text (a unit column, then one column per coder)",
}
"""Argument name -> the call that gives its table, for the hint."""


def check_table(value: Any, name: str, *, optional: bool = False) -> None:
    """Check that the argument ``name`` is a table (a pandas DataFrame).

    Args:
        value: What was given.
        name: The argument (``codings``, ``segments`` ...), for the message and the hint.
        optional: Whether ``None`` is allowed.

    Raises:
        AnalysisError: If ``value`` is a file name (the hint names the reader to call first)
            or anything else but a table.
    """
    import pandas as pd

    if isinstance(value, pd.DataFrame) or (optional and value is None):
        return
    reader = READERS.get(name, "qualcode.read_codings({path})")
    if isinstance(value, str | os.PathLike):
        path = os.fspath(value)
        advice = (f"read it first: {name} = {reader.format(path=repr(path))}"
                  if "{path}" in reader else f"pass {name} = {reader}")
        raise AnalysisError(f"{name} is a file name ({path}), not a table: the analysis reads "
                            "no files", hint=advice)
    raise AnalysisError(f"{name} must be a table (a pandas DataFrame), not "
                        f"{type(value).__name__}",
                        hint=f"pass {name} = {reader.format(path='path')}")


def check_codebook(value: Any) -> None:
    """Check that ``codebook`` is a loaded :class:`Codebook` or ``None``.

    Raises:
        AnalysisError: If it is a file name (the hint says how to load it) or anything else.
    """
    if value is None or isinstance(value, Codebook):
        return
    if isinstance(value, str | os.PathLike):
        raise AnalysisError(
            f"codebook is a file name ({os.fspath(value)}), not a codebook: the analysis reads "
            "no files", hint=f"load it first: codebook = "
            f"qualcode.load_codebook({os.fspath(value)!r})")
    raise AnalysisError(f"codebook must be a Codebook, not {type(value).__name__}",
                        hint="load one with qualcode.load_codebook(path)")
