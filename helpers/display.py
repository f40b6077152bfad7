"""Tables for display in the chapters (introduced in 第 1 章): dates as dates, "—" where a value does not apply.

Stored outputs must not show ``NaN``/``NaT`` or midnight timestamps; :func:`tidy` turns a DataFrame into one
that prints cleanly without changing the numbers.
"""
from __future__ import annotations

import pandas as pd

MISSING = "—"


def tidy(df: pd.DataFrame, date_format: str = "%Y-%m-%d") -> pd.DataFrame:
    """A copy of ``df`` for display: datetime columns as ``YYYY-MM-DD`` strings, missing values as "—".

    Numeric columns without missing values keep their dtype (so rounding and alignment are unchanged)."""
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_datetime64_any_dtype(s):
            out[col] = s.dt.strftime(date_format).where(s.notna(), MISSING)
        elif s.isna().any():
            out[col] = s.astype(object).where(s.notna(), MISSING)
    return out
