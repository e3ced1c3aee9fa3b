"""Agreement and evaluation tables on the terminal (:mod:`qualcode.report.reliability`)."""

from __future__ import annotations

import math

import pandas as pd

from qualcode.analysis.agreement import AGREEMENT_COLUMNS
from qualcode.report.reliability import AGREEMENT_VIEW, plain_table, view


def test_each_agreement_header_names_what_its_column_holds():
    row = dict.fromkeys(AGREEMENT_COLUMNS, math.nan) | {
        "item": "enabler", "kind": "code", "dimension": "role", "subset": "coded",
        "unit": "segment", "n_coders": 2, "n_units": 40, "n_units_coded": 12, "n_pairable": 12,
        "percent_agreement": 0.75, "cohen_kappa": 0.2}
    headers, rows = view(pd.DataFrame([row]), AGREEMENT_VIEW)
    shown = dict(zip(headers, rows[0], strict=True))
    # the subset under subset, the number of units under units (not under n)
    assert (shown["subset"], shown["units"], shown["coded"]) == ("coded", "40", "12")
    assert (shown["agree"], shown["cohen"], shown["alpha 95% CI"]) == ("0.750", "0.200", "n/a")
    assert plain_table(headers, rows).splitlines()[0].split()[:4] == [
        "item", "subset", "units", "coded"]

