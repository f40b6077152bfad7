"""Investors' policy regimes and the look-ahead guard: what was in force, and what an investor could know.

Part of the ``helpers.portfolio`` package (第 6 章 投資人策略); see the package docstring.
"""

from __future__ import annotations

import functools

import pandas as pd

from helpers import data, timeline
from helpers.vocab import KIND_TO_REGIME

_PRIORITY = ("taper", "QT", "QE", "post_QT")  # when programmes overlap, the more specific label wins

# Days after its date that a row of a curated table is public. H.4.1 (Wednesday levels) comes out on Thursday;
# FOMC statements and target changes are public on their date. A row is visible when date + lag < decision date.
PUBLICATION_LAG_DAYS = {"fed_programs": 0, "fed_funds_target": 0, "fed_balance_sheet_milestones": 1}

CALENDAR_START = "2008-01-01"


class LookAheadError(RuntimeError):
    """A strategy asked for, or used, information published on or after its decision date. Introduced in 第 6 章."""


def _ts(date) -> pd.Timestamp:
    try:
        return pd.Timestamp(date)
    except (TypeError, ValueError):
        raise ValueError(f'看不懂日期「{date}」。請寫成 "2022-05-20" 這樣的格式。') from None


# ------------------------------------------------------------------------------------------------- regimes
def classify(programmes: pd.DataFrame, date, by: str = "start") -> str:
    """The regime on ``date`` given a table of programmes (columns kind, announced, start, end).

    ``by="start"``: a programme counts from its first day of operations (what was *in force*).
    ``by="announced"``: it counts from its FOMC announcement (what an investor *knew*).
    An empty ``end`` means still running. After the last QT ends (and during reserve-management purchases that
    follow it) the regime is ``post_QT`` until the next programme; otherwise, with nothing running, ``none``.
    Introduced in 第 6 章.
    """
    if by not in ("start", "announced"):
        raise ValueError('by 只能是 "start"（開始執行日）或 "announced"（FOMC 宣布日）。')
    return _classify(_records(programmes, by), _ts(date))


def _records(programmes: pd.DataFrame, by: str) -> tuple:
    return tuple((kind, begin, end) for kind, begin, end in zip(programmes["kind"], programmes[by], programmes["end"]))


def _classify(records: tuple, ts: pd.Timestamp) -> str:
    active, last_end, last_kind = set(), None, None
    for kind, begin, end in records:
        if pd.isna(begin) or begin > ts:
            continue
        if pd.isna(end) or ts <= end:
            active.add(KIND_TO_REGIME[kind])
        elif kind != "reserve_management" and (
            last_end is None or end > last_end or (end == last_end and kind == "QT")
        ):
            last_end, last_kind = end, kind
    for regime in _PRIORITY:
        if regime in active:
            return regime
    return "post_QT" if last_kind == "QT" else "none"


def regime_in_force(date) -> str:
    """The regime the Fed's operations were in on ``date`` (programmes from their first day). Introduced in 第 6 章."""
    return classify(timeline.programs(), date, by="start")


def known_regime(date) -> str:
    """The regime an investor could know at the start of ``date`` from FOMC announcements published before it.

    Equivalent to ``InformationSet(date).regime()``. Introduced in 第 6 章.
    """
    return InformationSet(date).regime()


@functools.lru_cache(maxsize=4)
def _calendar(start: str, end: str) -> pd.DataFrame:
    months = pd.date_range(start, end, freq="MS")
    full = tuple((kind, start, end) for kind, _ann, start, end, _end_ann in _programme_rows())
    rows = [
        (_classify(full, month + pd.Timedelta(days=14)), _classify(_known_records(month), month)) for month in months
    ]
    return pd.DataFrame(rows, index=pd.DatetimeIndex(months, name="month"), columns=["in_force", "known"])


def regime_calendar(start=CALENDAR_START, end=None) -> pd.DataFrame:
    """One row per month: ``in_force`` (the regime on the 15th, by programme start dates) and ``known`` (what an
    investor deciding on the 1st could know from announcements before it). Default: 2008-01 to the course's last
    data month. Introduced in 第 6 章."""
    stop = _ts(end) if end is not None else timeline.last_data_date()
    return _calendar(str(_ts(start).date()), str(stop.date())).copy()


# -------------------------------------------------------------------------------------- information guard
def end_known(end, end_announced, asof: pd.Timestamp) -> bool:
    """Whether a programme's ``end`` is public knowledge at the start of ``asof``: it has passed, or the FOMC
    announced it (``end_announced``, when the table records one) before ``asof``. An empty end is never known.
    Introduced in 第 6 章."""
    if pd.isna(end):
        return False
    return bool(end < asof or (not pd.isna(end_announced) and end_announced < asof))


def _end_announced(df: pd.DataFrame) -> pd.Series:
    """The ``end_announced`` column of ``fed_programs`` as dates, or all-empty when the table has no such column
    (the guard then falls back to "an end is known once it has passed")."""
    if "end_announced" not in df.columns:
        return pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
    return pd.to_datetime(df["end_announced"], errors="coerce")


def _visible_programmes(asof: pd.Timestamp, programmes: pd.DataFrame | None = None) -> pd.DataFrame:
    df = timeline.programs() if programmes is None else programmes
    df = df[df["announced"] < asof].copy()
    known = [end_known(e, a, asof) for e, a in zip(df["end"], _end_announced(df))]
    df.loc[[not k for k in known], "end"] = pd.NaT  # that it ends (or ended) is not known yet
    return df.reset_index(drop=True)


@functools.lru_cache(maxsize=1)
def _programme_rows() -> tuple:
    return _rows_of(timeline.programs())


def _rows_of(df: pd.DataFrame) -> tuple:
    return tuple(zip(df["kind"], df["announced"], df["start"], df["end"], _end_announced(df)))


def _known_records(asof: pd.Timestamp, rows: tuple | None = None) -> tuple:
    """Records (kind, announced, end) of the programmes announced before ``asof``; an end not yet known is NaT."""
    rows = _programme_rows() if rows is None else rows
    return tuple(
        (kind, ann, end if end_known(end, end_ann, asof) else pd.NaT)
        for kind, ann, _start, end, end_ann in rows
        if ann < asof
    )


def known_regime_from(programmes: pd.DataFrame, asof) -> str:
    """The regime an investor knew at the start of ``asof`` from a given programmes table (same rules as
    :class:`InformationSet`; used to test the guard with and without ``end_announced``). Introduced in 第 6 章."""
    ts = _ts(asof)
    return _classify(_known_records(ts, _rows_of(programmes)), ts)


class InformationSet:
    """What a strategy may know when it decides at the start of ``asof``: everything published before it.

    ``returns`` — market returns of the months already over (a copy); ``history(asset, start, end)`` — the same,
    with a guard on ``end``; ``programmes()`` — the Fed's programmes announced before ``asof`` (an end date appears
    only once it has passed); ``fed_funds()`` — target changes before ``asof``; ``balance_sheet()`` — H.4.1
    milestones published before ``asof``; ``regime()`` — the regime as known; ``regime_at(date)`` — for earlier
    dates only. Asking for ``asof`` or later raises :class:`LookAheadError`. Introduced in 第 6 章.
    """

    def __init__(self, asof, returns: pd.DataFrame | None = None):
        self.asof = _ts(asof)
        self._returns = returns if returns is not None else pd.DataFrame()

    def __repr__(self):
        return f"InformationSet(asof={self.asof.date()}, months_of_returns={len(self._returns)})"

    def _guard(self, date, what="資料"):
        ts = _ts(date)
        if ts >= self.asof:
            raise LookAheadError(
                f"偷看未來！決定日是 {self.asof.date()}，策略卻要了 {ts.date()} 的{what}。"
                "只有在決定日之前公布的資訊可以用。"
            )
        return ts

    @property
    def returns(self) -> pd.DataFrame:
        """Monthly returns (fractions) of the months that ended before ``asof``."""
        return self._returns.copy()

    def history(self, asset=None, start=None, end=None):
        """Returns up to ``end`` (inclusive; must be before ``asof``), optionally of one asset."""
        df = self._returns
        if end is not None:
            df = df.loc[: self._guard(end, "報酬")]
        if start is not None:
            df = df.loc[_ts(start) :]
        if asset is None:
            return df.copy()
        if asset not in df.columns:
            raise ValueError(f"沒有資產「{asset}」。可用：{'、'.join(df.columns)}。")
        return df[asset].copy()

    def programmes(self) -> pd.DataFrame:
        """The Fed's programmes announced before ``asof``; ``end`` is empty unless it is already past."""
        return _visible_programmes(self.asof)

    def _table(self, name, column):
        df = data.load(name)
        lag = pd.Timedelta(days=PUBLICATION_LAG_DAYS[name])
        return df[df[column] + lag < self.asof].reset_index(drop=True)

    def fed_funds(self) -> pd.DataFrame:
        """FOMC target-range changes announced before ``asof`` (percent)."""
        return self._table("fed_funds_target", "date")

    def balance_sheet(self) -> pd.DataFrame:
        """H.4.1 total-asset milestones published before ``asof`` (USD bn; H.4.1 comes out the next day)."""
        return self._table("fed_balance_sheet_milestones", "date")

    def regime(self) -> str:
        """The regime as known at ``asof`` (programmes count from their announcement)."""
        return _classify(_known_records(self.asof), self.asof)

    def regime_at(self, date) -> str:
        """The regime on an earlier ``date``, as it is known at ``asof``."""
        ts = self._guard(date, "政策階段")
        return _classify(_known_records(self.asof), ts)
