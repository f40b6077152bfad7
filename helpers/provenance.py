"""Which rows of the course's data rest on secondary reports (第 0 章 課程導讀).

The course aims at primary sources (FOMC, H.4.1, central-bank releases), but some figures could only be read in a
news report or a third party's summary of the primary release. Each row's ``source`` says so in words such as
"as reported by Reuters"; a few tables also carry a ``verified`` column with the value ``secondary``.
:func:`secondary_rows` finds those rows so that the guide can say honestly which tables depend on them.
"""

from __future__ import annotations

import re

import pandas as pd

from helpers.data import catalog, load

# Words that, in a ``source`` cell, mean the figure was read in someone else's report of the primary source.
SECONDARY_PATTERN = re.compile(
    r"as reported by|reported by|\bReuters\b|\bBloomberg\b|Associated Press|\bAP\b \d{4}|Yale Program|"
    r"Banking Journal|Reg Report|\bnews\b(?! release)(?!\.gov)|\(via |, via ",
    re.IGNORECASE,
)


def is_secondary(source: str, verified: str | None = None) -> bool:
    """True when a ``source`` text (or a ``verified`` flag) says the figure came through a secondary report."""
    if isinstance(verified, str) and verified.strip().lower() == "secondary":
        return True
    return bool(SECONDARY_PATTERN.search(source or ""))


def secondary_rows() -> pd.DataFrame:
    """One row per data table that has secondary-sourced rows: 資料表, 標題, 列數, 次級來源列數, 例子 (the first
    such source, shortened). Tables without any are left out. Introduced in 第 0 章."""
    out = []
    for _, entry in catalog().iterrows():
        df = load(entry["name"])
        if "source" not in df.columns:
            continue
        verified = df["verified"] if "verified" in df.columns else pd.Series([None] * len(df), index=df.index)
        flags = [is_secondary(str(s), v) for s, v in zip(df["source"], verified)]
        n = sum(flags)
        if n:
            first = str(df.loc[flags, "source"].iloc[0])
            out.append(
                {
                    "資料表": entry["name"],
                    "標題": entry["title"],
                    "列數": len(df),
                    "次級來源列數": n,
                    "例子": first if len(first) <= 90 else first[:87] + "…",
                }
            )
    return pd.DataFrame(out).sort_values("次級來源列數", ascending=False).reset_index(drop=True)
