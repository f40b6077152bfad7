"""The canonical list of the Fed's programmes and policy regimes (introduced in 第 0 章 課程導讀).

Everything is read from the ``fed_programs`` dataset, so every chart and chapter uses the same dates.
Kinds: ``QE``, ``QT``, ``taper``, ``twist``, ``reserve_management``.
"""

from __future__ import annotations

import functools

import pandas as pd

from helpers.data import load
from helpers.vocab import PROGRAMME_KINDS

KINDS = PROGRAMME_KINDS


def programs(kind: str | None = None) -> pd.DataFrame:
    """All programmes (one row each), optionally of one kind, sorted by start date."""
    df = load("fed_programs").sort_values("start").reset_index(drop=True)
    if kind is not None:
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}; use one of {KINDS}")
        df = df[df["kind"] == kind].reset_index(drop=True)
    return df


def regimes(until=None) -> pd.DataFrame:
    """Periods to shade: ``kind, name, start, end``; an ongoing programme ends at ``until`` (default: today's
    last data date, the latest date in the course's curated tables)."""
    df = programs()[["kind", "name", "start", "end"]].copy()
    stop = pd.Timestamp(until) if until is not None else last_data_date()
    df["end"] = df["end"].fillna(stop)
    return df.reset_index(drop=True)


@functools.lru_cache(maxsize=8)
def periods(until=None) -> tuple:
    """``regimes(until)`` as a tuple of ``(kind, name, start, end)``, cached: what every chart's shading reads."""
    return tuple(regimes(until).itertuples(index=False, name=None))


def last_data_date() -> pd.Timestamp:
    """The latest date in the curated balance-sheet and programme tables (keeps charts deterministic)."""
    bs = load("fed_balance_sheet_milestones")["date"].max()
    pr = load("fed_programs")[["start", "end"]].max().max()
    return max(bs, pr)
