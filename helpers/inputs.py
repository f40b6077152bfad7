"""Validation of learner-facing arguments, with clear zh-TW messages (shared by every chapter's models).

A model function called from a notebook with a wrong argument should say, in Traditional Chinese, what it expected
and what it got, never fail deep inside numpy or pandas. Introduced in 第 1 章; used from 第 1 章 on.
"""

from __future__ import annotations

import math
import numbers

import pandas as pd


def number(value, what: str, low: float | None = None, high: float | None = None) -> float:
    """``value`` as a finite float within [low, high]; a zh-TW ValueError naming ``what`` otherwise."""
    if isinstance(value, bool):
        raise ValueError(f"{what}要是數字，你給的是 {value!r}。")
    if isinstance(value, numbers.Real):
        x = float(value)
    else:
        try:
            x = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{what}要是數字，你給的是 {value!r}。") from None
    if not math.isfinite(x):
        raise ValueError(f"{what}必須是有限的數字（不能是 NaN 或無限大）。")
    if (low is not None and x < low) or (high is not None and x > high):
        if low is not None and high is not None:
            rng = f"在 {low:g} 到 {high:g} 之間"
        elif low is not None:
            rng = f"不小於 {low:g}"
        else:
            rng = f"不大於 {high:g}"
        raise ValueError(f"{what}要{rng}，你給的是 {x:g}。")
    return x


def date(value, what: str = "日期") -> pd.Timestamp:
    """``value`` (\"2019-07-31\", a date, a Timestamp) as a day Timestamp; a zh-TW ValueError otherwise."""
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise ValueError(f'看不懂{what}「{value}」：請寫成 "2019-07-31" 這樣的日期。') from None
    if pd.isna(ts):
        raise ValueError(f'{what}不能是空的：請寫成 "2019-07-31" 這樣的日期。')
    return ts.normalize()


def month(value, what: str = "月份") -> pd.Timestamp:
    """``value`` (\"2022-06\", \"2022-06-15\", a date) as the first day of its month."""
    return date(value, what).to_period("M").to_timestamp()
