"""The chapter-4 simulators: they build, a move redraws with the model's numbers, and bad moves are refused."""

import matplotlib
import pytest

matplotlib.use("Agg")

from helpers import housing, valuation  # noqa: E402
from helpers.widgets import markets  # noqa: E402


def test_duration_lab_bars_are_the_model():
    sim = markets.duration_lab()
    sim.update(yield_pct=4.0, shock_pp=2.0)
    changes = valuation.lab_changes(4.0, 2.0)
    bars = sim._state["bars"]
    assert [b.get_height() for b in bars] == pytest.approx(list(changes.values()))
    assert f"{changes['成長股']:+.1f}%" in sim.summary.value
    assert sim.image.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert sim.last_ms is not None


def test_duration_lab_dots_are_first_order_estimates():
    sim = markets.duration_lab()
    sim.update(yield_pct=3.0, shock_pp=0.25)
    dots = sim._state["dots"].get_ydata()
    bars = [b.get_height() for b in sim._state["bars"]]
    assert dots == pytest.approx(bars, rel=0.1)  # small shock: duration alone is close


def test_mortgage_widget_matches_housing_model():
    sim = markets.mortgage_affordability()
    sim.update(rate_pct=7.79, price_k=400, income_k=100, down_pct=20)
    ratio = housing.payment_to_income(400_000, 7.79, 100_000, 20)
    x, y = sim._state["dot"].get_data()
    assert y[0] == pytest.approx(ratio)
    assert f"{ratio:.1f}%" in sim.summary.value
    assert f"{housing.payment_for_price(400_000, 7.79, 20):,.0f} 美元" in sim.summary.value


def test_unknown_control_is_refused():
    with pytest.raises(KeyError, match="unknown control"):
        markets.mortgage_affordability().update(rate=5)


@pytest.mark.parametrize(
    "make, moves",
    [
        (
            markets.duration_lab,
            [
                {"yield_pct": 3.0, "shock_pp": 1.0},
                {"yield_pct": 6.0, "shock_pp": -1.5},
                {"yield_pct": 3.0, "shock_pp": 0.25},
            ],
        ),
        (
            markets.mortgage_affordability,
            [
                {"rate_pct": 7.0},
                {"rate_pct": 2.5, "price_k": 1500, "income_k": 20},
                {"rate_pct": 5.0, "price_k": 400, "income_k": 100},
            ],
        ),
    ],
)
def test_cached_background_leaves_no_ghosts(make, moves):
    """Going away and coming back to the same values gives the same picture, whatever the cache held."""
    sim = make()
    sim.update(**moves[0])
    first = sim.png()
    for move in moves[1:]:
        sim.update(**move)
    sim.update(**moves[0])
    assert sim.png() == first
    assert len(sim._backgrounds) >= 2  # the moves changed the axis limits at least once
