"""The history chapter's widget: a timeline explorer across four central banks (第 3 章 歷史).

Choose an era and a central bank: the balance-sheet chart zooms to the era, the programme decisions of that bank
are marked on the time axis, and an HTML table lists the programmes in the window with their dates and sizes.
All numbers come from ``helpers.history`` (sourced tables; the Fed's dashed line is the chapter's simplified
rebuild from the programme schedule).
"""

from __future__ import annotations

import functools
import html

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from helpers import history, market_series
from helpers.data import load
from helpers.style import PALETTE, shade_regimes
from helpers.widgets import Simulator, dropdown

BANK_COLORS = {"fed": PALETTE["blue"], "ecb": PALETTE["orange"], "boj": PALETTE["vermillion"], "boe": PALETTE["green"]}
MODES = [
    ("四家比較（占 GDP %）", "all"),
    ("聯準會", "fed"),
    ("歐洲央行", "ecb"),
    ("日本央行", "boj"),
    ("英格蘭銀行", "boe"),
]
YLABELS = {
    "all": "資產負債表（占名目 GDP %）",
    "fed": "總資產（兆美元）",
    "ecb": "歐元體系總資產（兆歐元）",
    "boj": "總資產（兆日圓）",
    "boe": "APF 購債存量（十億英鎊）",
}
MAX_ROWS = 18


def _points(**style):
    """Sourced milestones are drawn as points, never joined: nobody measured a path between them."""
    return dict(style, ls="none", marker=style.get("marker", "o"), ms=style.get("ms", 5))


def _boj_targets():
    """Bank of Japan current-account target (upper bound, JPY trillions) from each 2001–2006 decision to the
    exit, as a step path: the target is a decision, valid until the next one."""
    boj = load("boj_policy")
    qe = boj[(boj["date"] <= "2006-03-09")][["date", "current_account_high_jpy_tn"]]
    steps = qe.copy()
    steps.loc[steps["date"] == "2006-03-09", "current_account_high_jpy_tn"] = (
        steps["current_account_high_jpy_tn"].dropna().iloc[-1]
    )
    return steps["date"].to_numpy(), steps["current_account_high_jpy_tn"].to_numpy(dtype=float)


def _series():
    """Per mode: list of (label, dates, values, style) to plot; computed once per widget."""
    bs = history.balance_sheets()
    out = {"all": []}
    for bank, name in history.BANKS.items():
        b = bs[bs["bank"] == bank]
        out["all"].append((name, b["date"].to_numpy(), b["pct_gdp"].to_numpy(), _points(color=BANK_COLORS[bank])))
    ms = load("fed_balance_sheet_milestones")
    weekly = market_series.fed_total_assets()
    rb = history.rebuild_fed_balance_sheet()
    out["fed"] = [
        (
            "H.4.1 每週總資產（WALCL）",
            weekly.index.to_numpy(),
            weekly.to_numpy() / 1000,
            dict(color=BANK_COLORS["fed"], lw=1.2),
        ),
        (
            "H.4.1 里程碑",
            ms["date"].to_numpy(),
            ms["total_assets_usd_bn"].to_numpy() / 1000,
            _points(color=BANK_COLORS["fed"], ms=4),
        ),
        (
            "依計畫時間表重建（簡化模型）",
            rb["date"].to_numpy(),
            rb["rebuilt_usd_bn"].to_numpy() / 1000,
            dict(color=PALETTE["black"], ls="--", lw=1.5),
        ),
    ]
    b = bs[bs["bank"] == "ecb"]
    out["ecb"] = [
        (
            "總資產（里程碑）",
            b["date"].to_numpy(),
            b["amount_lc_bn"].to_numpy() / 1000,
            _points(color=BANK_COLORS["ecb"]),
        )
    ]
    b = bs[bs["bank"] == "boj"]
    tx, ty = _boj_targets()
    acc = load("history_boj_accounts")
    out["boj"] = [
        (
            "總資產（里程碑）",
            b["date"].to_numpy(),
            b["amount_lc_bn"].to_numpy() / 1000,
            _points(color=BANK_COLORS["boj"]),
        ),
        (
            "總資產（日本央行帳目）",
            acc["date"].to_numpy(),
            acc["total_assets_jpy_tn"].to_numpy(),
            _points(color=BANK_COLORS["boj"], marker="s", ms=4),
        ),
        (
            "經常帳餘額目標上限（2001–2006 決議）",
            tx,
            ty,
            dict(color=BANK_COLORS["boj"], drawstyle="steps-post", lw=1.5),
        ),
    ]
    path = history.boe_stock_path()
    b = bs[bs["bank"] == "boe"]
    out["boe"] = [
        (
            "MPC 決議隱含的存量路徑",
            path["date"].to_numpy(),
            path["stock_gbp_bn"].to_numpy(),
            dict(color=BANK_COLORS["boe"]),
        ),
        ("實際存量（里程碑）", b["date"].to_numpy(), b["amount_lc_bn"].to_numpy(), _points(color=PALETTE["black"])),
    ]
    return out


NO_DATA_NOTE = "這段期間沒有收錄資產負債表的里程碑數字；\n底部短線是決議日期，細節見下表。"


def _table(rows: pd.DataFrame) -> str:
    if rows.empty:
        return "<p>這個時期沒有列入資料的計畫或決議。</p>"
    shown = rows.iloc[:MAX_ROWS]
    body = "".join(
        f"<tr><td>{r.date.date()}</td><td>{html.escape(r.bank_zh)}</td><td>{html.escape(r.kind_zh)}</td>"
        f"<td>{html.escape(str(r.name))}</td><td>{html.escape(str(r.size))}</td></tr>"
        for r in shown.itertuples()
    )
    more = (
        f"<p><small>另有 {len(rows) - MAX_ROWS} 項未列出：縮小時期或選一家央行。</small></p>"
        if len(rows) > MAX_ROWS
        else ""
    )
    return (
        "<table style='border-collapse:collapse;font-size:90%'><tr><th>日期</th><th>央行</th><th>類型</th>"
        f"<th>計畫／決議</th><th>規模</th></tr>{body}</table>{more}"
    )


@functools.lru_cache(maxsize=64)
def era_summary(era: str, bank: str) -> str:
    """The HTML the explorer shows under the chart: the programmes in the window, in date order (cached: the
    tables do not change while a notebook runs). It does not name the earliest QT-type decision: finding it is
    exercise 3.8. Introduced in 第 3 章."""
    start, end = history.era_window(era)
    rows = history.programmes_in_window(start, end, bank)
    label = history.ERAS[era][0]
    who = "四家央行" if bank == "all" else history.BANKS[bank]
    return (
        f"<b>{html.escape(label)}・{who}</b>：列出 {len(rows)} 項計畫或決議。"
        f"{_table(rows)}<p><small>資料：各央行公告（FOMC、ECB、日本銀行、英格蘭銀行）；"
        "虛線為本章的簡化重建模型。</small></p>"
    )


def timeline_explorer() -> Simulator:
    """Era and central-bank dropdowns → zoomed balance-sheet chart with programme markers + programme table.

    Amounts: USD / EUR / JPY trillions for the Fed, the Eurosystem and the Bank of Japan, GBP billions for the
    Bank of England's APF, percent of nominal GDP in the four-bank view. Introduced in 第 3 章.
    """
    series = _series()
    progs = history.programmes()
    eras = [(label, key) for key, (label, _, _) in history.ERAS.items()]

    def setup(fig):
        ax = fig.add_subplot()
        state = {"ax": ax, "artists": {}, "legends": {}, "data": {}}
        for mode, items in series.items():
            arts = []
            for label, x, y, style in items:
                (line,) = ax.plot(x, y, label=label, **style)
                arts.append(line)
            state["artists"][mode] = arts
            state["data"][mode] = [(pd.to_datetime(x), np.asarray(y, dtype=float)) for _, x, y, _ in items]
        before = len(ax.patches)
        shade_regimes(ax, start="2007-08-01", end=history.last_date(), legend=False, alpha=0.12)
        state["artists"]["fed"] += ax.patches[before:]
        for bank, color in BANK_COLORS.items():
            dates = progs.loc[progs["bank"] == bank, "date"]
            marks = ax.vlines(dates, 0, 0.04, transform=ax.get_xaxis_transform(), colors=color, lw=1.5)
            state["artists"].setdefault(f"marks_{bank}", []).append(marks)
        for mode, arts in state["artists"].items():
            if mode.startswith("marks_"):
                continue
            lines = [a for a in arts if hasattr(a, "get_xdata")]
            leg = ax.legend(handles=lines, loc="upper left", fontsize="small")
            ax.add_artist(leg)
            state["legends"][mode] = leg
        # few ticks and no x label: text layout is most of the cost of a redraw
        locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.yaxis.set_major_locator(MaxNLocator(5))
        state["note"] = ax.text(
            0.5,
            0.55,
            NO_DATA_NOTE,
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize="small",
            color=PALETTE["black"],
            visible=False,
        )
        return state

    def draw(state, era, bank):
        ax = state["ax"]
        start, end = history.era_window(era)
        for mode, arts in state["artists"].items():
            on = mode == bank if not mode.startswith("marks_") else bank in ("all", mode[6:])
            for a in arts:
                a.set_visible(on)
        for mode, leg in state["legends"].items():
            leg.set_visible(mode == bank)
        top = 0.0
        for dates, values in state["data"][bank]:
            inside = (dates >= start) & (dates <= end)
            if inside.any():
                top = max(top, float(np.nanmax(values[inside])))
        state["note"].set_visible(top == 0.0)
        if top == 0.0:
            top = max(float(np.nanmax(v)) for _, v in state["data"][bank])
        ax.set_xlim(start, end)
        ax.set_ylim(0, top * 1.15)
        ax.set_ylabel(YLABELS[bank])
        return era_summary(era, bank)

    controls = {"era": dropdown("時期", eras, value="all"), "bank": dropdown("央行", MODES, value="all")}
    return Simulator(
        controls,
        draw,
        setup=setup,
        main="era",
        caption="選時期與央行：圖會放大到那段期間，底部短線標出該央行各項決議的日期。"
        "「四家比較」以名目 GDP 的百分比呈現（GDP 多為未經查核的近似值）。"
        "聯準會圖上的色塊是政策期間（顏色與全課程相同）。",
    )
