"""The Simulator base (helpers.widgets): live controls, HiDPI rendering, a lossless PNG, the static fallback bundle,
alt text and the accessibility script."""

import io

import numpy as np
import PIL.Image
import pytest

from helpers import style
from helpers.widgets import A11Y_SCRIPT, PIXEL_RATIO, Simulator, date_slider, dropdown, encode_png, slider


def _draw(fig, level, when, colour):
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, level], color=colour)
    ax.set_title("測試圖")
    ax.set_xlabel("年")
    ax.set_ylabel("兆美元")
    return f"<b>{level:.1f}</b>"


@pytest.fixture
def sim():
    import pandas as pd

    dates = list(pd.to_datetime(["2020-03-15", "2022-06-01", "2025-12-01"]))
    return Simulator(
        {
            "level": slider("規模", 0, 10, 0.5, 4.0),
            "when": date_slider("日期", dates),
            "colour": dropdown("顏色", [("藍", "blue"), ("橘", "orange")], "blue"),
        },
        _draw,
        main="level",
        caption="測試用的模擬器。",
    )


def test_every_control_is_live_while_dragging(sim):
    assert all(c.continuous_update for c in sim.controls.values() if c.has_trait("continuous_update"))


def test_figure_is_rendered_at_pixel_ratio_and_shown_at_css_size(sim):
    assert PIXEL_RATIO >= 2
    width, height = PIL.Image.open(io.BytesIO(sim.image.value)).size
    css = round(style.FIGURE_SIZE[0] * style.SCREEN_DPI)
    assert width == css * PIXEL_RATIO
    assert sim.image.layout.width == f"{css}px" and sim.image.layout.max_width == "100%"


def test_encode_png_is_lossless():
    rng = np.random.default_rng(0)
    rgba = rng.integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    image = PIL.Image.open(io.BytesIO(encode_png(rgba.tobytes(), 5, 7)))
    assert image.mode == "RGB" and image.size == (5, 7)
    assert (np.asarray(image) == rgba[:, :, :3]).all()


def test_static_fallback_bundle_has_png_and_description(sim):
    import base64

    data, metadata = sim._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    assert base64.b64decode(data["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Simulator(" not in data["text/plain"] and "測試用的模擬器" in data["text/plain"]
    assert metadata["image/png"]["width"] == round(style.FIGURE_SIZE[0] * style.SCREEN_DPI)


def test_alt_text_names_axes_and_current_settings(sim):
    sim.update(level=7.5, colour="orange")
    alt = sim.alt_text()
    assert alt.startswith("測試用的模擬器。") and "。。" not in alt
    assert "橫軸年" in alt and "縱軸兆美元" in alt
    assert "規模 7.5" in alt and "日期 2025-12-01" in alt and "顏色 橘" in alt
    assert "7.5" in sim.alt.value and "qeqt-alt" in sim.alt._dom_classes


def test_accessibility_script_sets_labels_and_valuetext():
    for needle in ("aria-label", "aria-valuetext", ".widget-readout", "img.setAttribute('alt'", "__qeqtA11y"):
        assert needle in A11Y_SCRIPT


def test_date_range_readout_reads_as_a_range():
    import ipywidgets as widgets
    import pandas as pd

    options = [(d.strftime("%Y-%m"), d) for d in pd.date_range("2008-01-01", periods=4, freq="MS")]
    rng = widgets.SelectionRangeSlider(description="期間", options=options, index=(0, 3))
    sim = Simulator({"period": rng}, lambda fig, period: fig.add_subplot() and None)
    assert rng.readout is False and rng.continuous_update
    assert sim._range_readouts["period"].value == "2008-01 至 2008-04"
    assert "期間 2008-01 至 2008-04" in sim.alt_text()
    sim.update(period=(options[1][1], options[2][1]))
    assert sim._range_readouts["period"].value == "2008-02 至 2008-03"


def test_under_grading_a_simulator_runs_its_model_but_draws_no_image(monkeypatch):
    import pandas as pd

    monkeypatch.setenv("QEQT_GRADING", "1")
    dates = list(pd.to_datetime(["2020-03-15", "2025-12-01"]))
    graded = Simulator(
        {"level": slider("規模", 0, 10, 0.5, 4.0), "when": date_slider("日期", dates)},
        lambda fig, level, when: _draw(fig, level, when, "blue"),
    )
    assert graded.image.value == b""
    graded.update(level=7.5)
    assert graded.summary.value == "<b>7.5</b>"  # the drawing code ran; only rasterising was skipped
    data, _ = graded._repr_mimebundle_()
    assert "image/png" not in data and "規模 7.5" in data["text/plain"]
    monkeypatch.delenv("QEQT_GRADING")
    graded.update(level=2.0)
    assert graded.image.value[:8] == b"\x89PNG\r\n\x1a\n"
