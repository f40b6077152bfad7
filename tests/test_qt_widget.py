"""The QT cap designer widget (第 2 章): draws the model's numbers and reports the same floor month."""

import matplotlib
import numpy as np
import pytest

from helpers import runoff
from helpers.widgets import qt

matplotlib.use("Agg")


def test_designer_draws_the_model():
    sim = qt.qt_designer()
    assert set(sim.controls) == {"treasury_cap", "mbs_cap", "start", "reserve_floor", "rrp_share"}
    sim.update(start="2023-01", treasury_cap=60.0, mbs_cap=35.0, reserve_floor=3000.0)
    when = runoff.reserve_floor_month("2023-01", 60, 35, 3000)
    assert f"{when:%Y-%m}" in sim.summary.value
    path = runoff.design_qt("2023-01", 60, 35, 3000)
    line = sim._state["lines"]["reserves"]
    np.testing.assert_allclose(line.get_ydata(), path["reserves"] / 1000)
    assert sim._state["hit"].get_visible()
    assert len(sim.png()) > 5000


def test_designer_says_when_the_floor_is_not_reached():
    sim = qt.qt_designer()
    sim.update(treasury_cap=0.0, mbs_cap=0.0, start="2022-06", reserve_floor=2000.0)
    assert "沒有碰到" in sim.summary.value
    assert not sim._state["hit"].get_visible()


def test_designer_update_is_timed():
    sim = qt.qt_designer()
    times = []
    for cap in np.arange(0, 100, 10.0):
        sim.update(treasury_cap=float(cap))
        times.append(sim.last_ms)
    assert all(t is not None and t > 0 for t in times)


def test_floor_system_draws_the_model_and_the_srf_cap():
    from helpers import reserves

    sim = qt.floor_system()
    assert set(sim.controls) == {"reserves", "ample_at", "episode", "srf"} and sim.main == "reserves"
    sim.update(reserves=2.0, ample_at=2.9, episode="2025-10", srf=True)
    c = reserves.corridor("2025-10")
    _, y = sim._state["point"].get_data()
    assert y[0] == pytest.approx(c.srf)
    assert "SRF" in sim.summary.value and "稀缺" in sim.summary.value
    sim.update(srf=False)
    _, y = sim._state["point"].get_data()
    assert y[0] > c.srf and not sim._state["ceiling"].get_visible()
    sim.update(reserves=4.4)
    assert "充裕" in sim.summary.value
    assert len(sim.png()) > 5000


def test_floor_system_2019_has_no_srf_and_shows_the_observed_sofr():
    sim = qt.floor_system()
    sim.update(episode="2019-09", srf=True, reserves=1.4, ample_at=1.6)
    assert not sim._state["ceiling"].get_visible()
    x, y = sim._state["seen"].get_data()
    assert sim._state["seen"].get_visible() and y[0] == pytest.approx(5.25)
    assert "衝出目標區間" in sim.summary.value


def _legend_labels(sim):
    return [t.get_text() for t in sim.figure.axes[0].get_legend().get_texts()]


def test_floor_system_legend_lists_only_what_is_drawn():
    import io

    import PIL.Image

    sim = qt.floor_system()
    sim.update(episode="2025-10", srf=True, reserves=3.0)
    with_srf = PIL.Image.open(io.BytesIO(sim.image.value)).convert("RGB").tobytes()
    assert "SRF 利率（上限）" in _legend_labels(sim)
    assert "該時點的觀測" not in _legend_labels(sim) and not sim._state["seen"].get_visible()
    sim.update(srf=False)
    assert "SRF 利率（上限）" not in _legend_labels(sim), "the SRF line is hidden, so is its legend entry"
    # the cached static layer (blitting) follows the legend: the image is not the one with the SRF entry
    assert PIL.Image.open(io.BytesIO(sim.image.value)).convert("RGB").tobytes() != with_srf
    sim.update(episode="2019-09", srf=True)
    assert "SRF 利率（上限）" not in _legend_labels(sim) and "該時點的觀測" in _legend_labels(sim)
    assert "SRF 利率（上限）" not in sim.alt_text()
