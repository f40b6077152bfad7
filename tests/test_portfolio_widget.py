"""The chapter-6 portfolio builder: one simulator, fast-pattern drawing, summaries that match the model."""

import numpy as np

from helpers import portfolio as pf
from helpers.widgets import portfolio as wp


def test_builder_updates_figure_and_summary_from_the_model():
    sim = wp.portfolio_builder()
    assert sim.main == "equity" and set(sim.controls) == {
        "equity",
        "bonds",
        "cash",
        "gold",
        "crypto",
        "leverage",
        "path",
    }
    sim.update(equity=50, bonds=30, cash=10, gold=10, crypto=0, leverage=1.5, path="qt3")
    stats = pf.builder_stats(50, 30, 10, 10, 0, 1.5, "qt3")
    assert f"{stats['portfolio']['median_final']:.2f}" in sim.summary.value
    assert "不是投資建議" in sim.summary.value
    line = sim._state["lines"]["p50"]
    assert np.allclose(line.get_ydata(), stats["band"][1])
    assert sim._state["ax"].get_xlim()[1] == len(pf.regime_path("qt3")) / 12
    heights = [bar.get_height() for bar in sim._state["bars"][0]]
    assert heights[2] == stats["portfolio"]["median_max_drawdown_pct"] <= 0
    assert sim.image.value[:4] == b"\x89PNG"


def test_builder_survives_all_zero_weights():
    sim = wp.portfolio_builder()
    before = sim._state["lines"]["p50"].get_ydata().copy()
    sim.update(equity=0, bonds=0, cash=0, gold=0, crypto=0)
    assert "⚠️" in sim.summary.value and "0" in sim.summary.value
    assert np.array_equal(sim._state["lines"]["p50"].get_ydata(), before)
