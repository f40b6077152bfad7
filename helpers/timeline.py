"""The canonical list of the Fed's programmes and policy regimes (introduced in 第 0 章 課程導讀).

Everything is read from the ``fed_programs`` dataset, so every chart and chapter uses the same dates.
Kinds: ``QE``, ``QT``, ``taper``, ``twist``, ``reserve_management``.
"""
from __future__ import annotations

import functools

import pandas as pd

from helpers.data import load

KINDS = ("QE", "taper", "twist", "QT", "reserve_management")


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


def regime_at(date) -> str:
    """The regime in force on ``date``: the kind of the programme running then, or ``"none"``.

    Where two overlap (a taper inside a QE programme), the taper wins: it is the more specific label.
    """
    ts = pd.Timestamp(date)
    active = regimes()
    active = active[(active["start"] <= ts) & (ts <= active["end"])]
    if active.empty:
        return "none"
    order = {"taper": 0, "twist": 1, "QT": 2, "reserve_management": 3, "QE": 4}
    return min(active["kind"], key=order.__getitem__)
