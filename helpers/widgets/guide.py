"""The guide chapter's widget: the Fed's balance sheet milestone by milestone (第 0 章 課程導讀)."""

from __future__ import annotations

from helpers.data import load
from helpers.style import GREYS, shade_regimes
from helpers.widgets import Simulator, date_slider


def balance_sheet_timeline() -> Simulator:
    """Date slider over the sourced H.4.1 milestones → the total-assets path up to that date, regimes shaded,
    and the milestone's value (USD trillions) and event in the summary."""
    df = load("fed_balance_sheet_milestones")
    dates = list(df["date"])
    trillions = df["total_assets_usd_bn"] / 1000

    def setup(fig):
        ax = fig.add_subplot()
        ax.plot(df["date"], trillions, color=GREYS["background_series"], marker="o", ms=3)
        shade_regimes(ax, start=df["date"].min(), end=df["date"].max())
        (line,) = ax.plot([], [], marker="o", ms=4)
        ax.set_ylabel("總資產（兆美元）")
        ax.set_ylim(0, 10)
        return {"line": line, "moving": [line]}  # only the line moves: the rest is drawn once (blitting)

    def draw(state, date):
        line = state["line"]
        upto = df["date"] <= date
        line.set_data(df["date"][upto], trillions[upto])
        row = df[upto].iloc[-1]
        return (
            f"<b>{row['date'].date()}</b>：總資產 {row['total_assets_usd_bn'] / 1000:.2f} 兆美元"
            f"（{row['event']}）。資料：聯準會 H.4.1。"
        )

    return Simulator(
        {"date": date_slider("日期", dates, value=dates[-1])},
        draw,
        setup=setup,
        main="date",
        caption="灰線是全部里程碑；藍線畫到你選的日期。色塊是 QE／QT 等政策期間。",
    )
