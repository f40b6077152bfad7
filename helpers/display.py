"""Learner-facing display: numbers rounded, missing values as "—", dates as dates, tables whose Chinese text is
left-aligned and wraps (introduced in 第 0 章 課程導讀).

    from helpers.display import table, number, date_text, date_range_text
    table(df, digits=1)                 # rich HTML in Jupyter, aligned plain text elsewhere; no NaN/NaT, no dtype line
    table(series, digits=2)             # a Series the same way (index as first column)
    number(13.599999999999998, 1)      # '13.6'      number(float("nan")) -> '—'
    date_text(pd.Timestamp("2008-01-01"), "month")            # '2008-01'
    date_range_text("2008-01-01", "2026-06-30", "month")      # '2008-01 至 2026-06'

``tidy(df)`` keeps a DataFrame a DataFrame (dates as text, "—" for missing values) for chapter tables.
``install()`` (optional, once per notebook) makes every pandas Series and DataFrame shown as a cell's result use
``table``; chapters call it only when they also refresh their stored outputs.
"""

from __future__ import annotations

import datetime as _dt
import html
import math
import numbers
import re

import numpy as np
import pandas as pd

MISSING = "—"
_CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
WRAP_EM = 22  # a text column wider than this wraps (in em, about as many Chinese characters)


def is_missing(value) -> bool:
    if value is None or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value)) if not isinstance(value, (list, tuple, dict, np.ndarray)) else False
    except (TypeError, ValueError):
        return False


def number(value, digits: int = 2, thousands: bool = True) -> str:
    """``value`` rounded to ``digits`` decimals (trailing zeros kept; -0 shown as 0); "—" when missing."""
    if is_missing(value):
        return MISSING
    if isinstance(value, (bool, np.bool_)):
        return "是" if value else "否"
    if not isinstance(value, numbers.Number):
        return str(value)
    value = float(value)
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    digits = max(0, int(digits))
    value = round(value, digits)
    if value == 0:
        value = 0.0
    return f"{value:,.{digits}f}" if thousands else f"{value:.{digits}f}"


def _ts(value):
    if is_missing(value):
        return None
    if isinstance(value, str):
        value = pd.Timestamp(value)
    if isinstance(value, (_dt.date, np.datetime64)) and not isinstance(value, pd.Timestamp):
        value = pd.Timestamp(value)
    if isinstance(value, pd.Period):
        value = value.to_timestamp()
    return value if isinstance(value, pd.Timestamp) else None


def date_text(value, precision: str = "day") -> str:
    """A date as 'YYYY-MM-DD' (``precision="day"``), 'YYYY-MM' ("month") or 'YYYY' ("year"); "—" when missing."""
    ts = _ts(value)
    if ts is None:
        return MISSING if is_missing(value) else str(value)
    return ts.strftime({"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[precision])


def date_range_text(start, end, precision: str = "day") -> str:
    """'2008-01 至 2026-06': a range readout that cannot be misread as one date ('2008-01-2026-06')."""
    return f"{date_text(start, precision)} 至 {date_text(end, precision)}"


def _is_text(series: pd.Series) -> bool:
    if not (series.dtype == object or pd.api.types.is_string_dtype(series.dtype)):
        return False
    return bool(series.map(lambda v: isinstance(v, str)).any())


def _looks_monthly(series: pd.Series) -> bool:
    values = pd.to_datetime(series.dropna(), errors="coerce").dropna()
    return (
        len(values) > 0
        and bool((values.dt.day == 1).all())
        and bool((values.dt.normalize() == values).all())
        and len(values) > 2
    )


def _cell_text(value, digits) -> str:
    if is_missing(value):
        return MISSING
    if isinstance(value, (pd.Timestamp, _dt.datetime, _dt.date, np.datetime64)):
        ts = _ts(value)
        if ts is not None and ts == ts.normalize():
            return date_text(ts)
        return ts.strftime("%Y-%m-%d %H:%M") if ts is not None else str(value)
    if isinstance(value, numbers.Number) and not isinstance(value, (bool, np.bool_)):
        if float(value).is_integer() and abs(float(value)) < 1e15 and isinstance(value, (numbers.Integral,)):
            return f"{int(value):,}"
        return number(value, digits)
    return str(value)


class Table:
    """A formatted table: ``_repr_html_`` for Jupyter, ``__str__``/``__repr__`` aligned text; ``.frame`` holds the
    formatted strings, ``.data`` the original values."""

    def __init__(self, data, digits=2, caption: str = "", index: bool | None = None):
        frame = data.to_frame() if isinstance(data, pd.Series) else pd.DataFrame(data)
        if isinstance(data, pd.Series) and data.name is None:
            frame.columns = ["值"]
        self.data = frame
        self.caption = caption
        self.show_index = index if index is not None else not isinstance(frame.index, pd.RangeIndex)
        per_col = digits if isinstance(digits, dict) else {}
        default = digits if not isinstance(digits, dict) else 2
        shown = {}
        self.text_columns = set()
        for col in frame.columns:
            column = frame[col]
            if _is_text(column):
                self.text_columns.add(col)
            if pd.api.types.is_datetime64_any_dtype(column) and _looks_monthly(column):
                shown[col] = column.map(lambda v: date_text(v, "month"))
            else:
                digits_here = per_col.get(col, default)
                shown[col] = column.map(lambda v, d=digits_here: _cell_text(v, d))
        self.frame = pd.DataFrame(shown, index=frame.index)
        if self.show_index:
            idx = frame.index
            if isinstance(idx, pd.DatetimeIndex) and _looks_monthly(idx.to_series()):
                labels = [date_text(v, "month") for v in idx]
            else:
                labels = [_cell_text(v, default) for v in idx]
            self.frame.index = pd.Index(labels, name=idx.name)

    def __str__(self):
        text = self.frame.to_string(index=self.show_index)
        return f"{self.caption}\n{text}" if self.caption else text

    __repr__ = __str__

    def _repr_html_(self):
        def th(text, left=False):
            align = "left" if left else "right"
            return f'<th style="text-align:{align}">{html.escape(str(text))}</th>'

        head = "".join(
            ([th(self.frame.index.name or "", True)] if self.show_index else [])
            + [th(c, c in self.text_columns) for c in self.frame.columns]
        )
        rows = []
        for label, row in zip(self.frame.index, self.frame.itertuples(index=False)):
            cells = (
                [f'<th style="text-align:left;white-space:nowrap">{html.escape(str(label))}</th>']
                if self.show_index
                else []
            )
            for col, value in zip(self.frame.columns, row):
                if col in self.text_columns or _CJK.search(str(value)):
                    style = f"text-align:left;white-space:normal;max-width:{WRAP_EM}em;overflow-wrap:anywhere"
                else:
                    style = "text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums"
                cells.append(f'<td style="{style}">{html.escape(str(value))}</td>')
            rows.append("<tr>" + "".join(cells) + "</tr>")
        caption = f'<caption style="text-align:left">{html.escape(self.caption)}</caption>' if self.caption else ""
        return (
            f'<table class="qeqt-table" style="border-collapse:collapse">{caption}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )


def table(data, digits=2, caption: str = "", index: bool | None = None) -> Table:
    """A DataFrame or Series formatted for learners (see the module docstring). ``digits`` may be a dict
    {column: decimals}."""
    if not isinstance(data, (pd.DataFrame, pd.Series)):
        try:
            data = pd.DataFrame(data)
        except Exception as exc:
            raise TypeError(f"table() 需要 pandas 的 DataFrame 或 Series，你給的是 {type(data).__name__}。") from exc
    return Table(data, digits=digits, caption=caption, index=index)


def install(digits: int = 2) -> None:
    """Show every Series/DataFrame that is a cell's result through ``table`` (in this kernel only)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    html_fmt = shell.display_formatter.formatters["text/html"]
    text_fmt = shell.display_formatter.formatters["text/plain"]
    for kind in (pd.DataFrame, pd.Series):
        html_fmt.for_type(kind, lambda obj: table(obj, digits)._repr_html_())
        text_fmt.for_type(kind, lambda obj, p, cycle: p.text(str(table(obj, digits))))


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
