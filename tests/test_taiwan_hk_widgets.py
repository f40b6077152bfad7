"""第 5 章的兩個模擬器：they build, redraw, and report the numbers of the models behind them."""

import matplotlib
import pandas as pd
import pytest

from helpers import currency_board as cb
from helpers import policy_rates as pr
from helpers.widgets import taiwan_hk

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def board():
    return taiwan_hk.currency_board_simulator()


@pytest.fixture(scope="module")
def explorer():
    return taiwan_hk.rate_explorer()


def test_board_summary_reports_the_model(board):
    board.update(size=30, shock_steps=5, us_rate=4.25, steps=40)
    s = cb.summary(cb.run(cb.shock_flows(30, 5, 40), 4.25))
    html = board.summary.value
    assert f"第 {s['first_weak_step']} 期" in html and f"{s['hkd_sold_bn']:.1f}" in html
    assert "貨幣守恆檢查：通過" in html
    assert board.image.value[:8] == b"\x89PNG\r\n\x1a\n"


def test_board_handles_outflow_and_shock_longer_than_run(board):
    board.update(size=-60, shock_steps=20, us_rate=0.0, steps=10)
    assert "弱方觸發" in board.summary.value and "通過" in board.summary.value
    board.update(size=0, shock_steps=1, us_rate=6.0, steps=80)
    assert "強方兌換保證觸發 <b>0</b> 期" in board.summary.value


def test_board_rejects_unknown_controls(board):
    with pytest.raises(KeyError):
        board.update(bogus=1)


def test_board_figure_is_the_same_drawing(board):
    fig, text = taiwan_hk.board_figure(30, 5, 4.25, 40)
    first_weak = cb.summary(cb.run(cb.shock_flows(30, 5, 40), 4.25))["first_weak_step"]
    assert len(fig.axes) == 3 and "<" not in text and f"第 {first_weak} 期" in text
    matplotlib.pyplot.close(fig)


def test_explorer_summary_reads_the_paths(explorer):
    options = [v for _, v in explorer.controls["period"].options]
    start = next(d for d in options if d >= pd.Timestamp("2022-01-01"))
    end = next(d for d in options if d >= pd.Timestamp("2024-01-01"))
    explorer.update(period=(start, end), show="gap")
    html = explorer.summary.value
    assert f"{pr.rate_on(pr.fed_lower(), end):.2f}%–{pr.rate_on(pr.fed_upper(), end):.2f}%" in html
    assert f"{pr.rate_on(pr.taiwan_rate(), end):.3f}%" in html
    assert f"{pr.change_between(pr.fed_lower(), start, end):+.2f}" in html
    ax = explorer.figure.axes[0]
    assert ax.get_xlim()[0] == pytest.approx(matplotlib.dates.date2num(start))


def test_explorer_options_start_where_both_paths_exist(explorer):
    first = explorer.controls["period"].options[0][1]
    assert first >= pr.taiwan_rate().index[0] and first >= pr.fed_lower().index[0]
    explorer.update(period=(first, explorer.controls["period"].options[-1][1]), show="rates")
    assert "聯準會升息" in explorer.summary.value


def test_explorer_legend_lists_the_spread_only_when_it_is_drawn(explorer):
    period = explorer.controls["period"].value
    labels = lambda: [t.get_text() for t in explorer.figure.axes[0].get_legend().get_texts()]  # noqa: E731
    explorer.update(period=period, show="rates")
    assert "利差（台灣－聯準會下限）" not in labels() and {"量化寬鬆 QE", "量化緊縮 QT"} <= set(labels())
    explorer.update(period=period, show="gap")
    assert "利差（台灣－聯準會下限）" in labels() and explorer._state["gap_line"].get_visible()
