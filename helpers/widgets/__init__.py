"""Widget simulators: each is one function returning an ipywidgets object (introduced in 第 0 章 課程導讀).

Chapters put their simulators in ``helpers/widgets/<topic>.py``; a notebook cell is one line, for example
``qe.qe_simulator()``. Every simulator is a :class:`Simulator`: controls on top, a figure (rendered to PNG by
matplotlib, with the course font) and an HTML summary below. ``Simulator.update(**values)`` sets controls and
redraws synchronously, which is what the benchmark (``make bench``) and the browser tests drive.
``Simulator.main`` names the control a presenter would move first.
"""
from __future__ import annotations

import io
import time

import ipywidgets as widgets
import numpy as np
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from helpers import style
from helpers.style import use_course_style

_STYLE = {"description_width": "initial"}
_LAYOUT = widgets.Layout(width="460px")


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 1.5, 2, 3, 4, 5, 6, 8 × 10^k at or above ``value`` (> 0).

    Axis limits set with it move in a few jumps instead of continuously, so a blitting simulator can reuse its
    cached background (static layer) for most moves."""
    if not np.isfinite(value) or value <= 0:
        return 1.0
    exponent = np.floor(np.log10(value))
    for step in (1, 1.5, 2, 3, 4, 5, 6, 8, 10):
        candidate = step * 10 ** exponent
        if candidate >= value * (1 - 1e-12):
            return float(candidate)
    return float(10 ** (exponent + 1))


def slider(label, min, max, step, value, fmt=None, integer=False):
    """A labelled slider in the course style (label in Chinese, never truncated)."""
    cls = widgets.IntSlider if integer else widgets.FloatSlider
    kw = {"readout_format": fmt} if fmt else {}
    return cls(description=label, min=min, max=max, step=step, value=value, style=_STYLE, layout=_LAYOUT,
               continuous_update=False, **kw)


def dropdown(label, options, value=None):
    """A labelled dropdown; ``options`` is a list of values or of (label, value) pairs."""
    return widgets.Dropdown(description=label, options=options, value=value, style=_STYLE, layout=_LAYOUT)


def date_slider(label, dates, value=None):
    """A slider over a list of dates, shown as YYYY-MM-DD (SelectionSlider)."""
    options = [(str(getattr(d, "date", lambda: d)()), d) for d in dates]
    return widgets.SelectionSlider(description=label, options=options, value=value if value is not None else dates[-1],
                                   style=_STYLE, layout=_LAYOUT, continuous_update=False)


class Simulator(widgets.VBox):
    """Controls + figure + summary.

    Two ways to draw. Simple: ``draw(fig, **values)`` draws on a cleared figure and may return HTML.
    Fast (for a figure whose frame does not change): ``setup(fig)`` builds the axes and artists once and returns
    a state object; then ``draw(state, **values)`` only updates data (``set_data``, ``set_text`` …). The fast way
    keeps a move well under the course's 50 ms goal; axes creation alone costs ~15 ms per move.

    Fastest: when the state is a dict with a ``"moving"`` list of the artists ``draw`` changes, those artists are
    marked animated; the static layer (axes, ticks, Chinese labels: most of the cost) is rendered once per set of
    axis limits, kept, and restored on later moves, and only the moving artists are drawn again (blitting).
    """

    _MAX_BACKGROUNDS = 12

    def __init__(self, controls: dict, draw, main: str | None = None, figsize=style.FIGURE_SIZE, caption: str = "",
                 setup=None):
        use_course_style()
        self.controls = dict(controls)
        self.main = main or next(iter(self.controls))
        self._draw = draw
        self._setup = setup
        self.figure = Figure(figsize=figsize, dpi=style.SCREEN_DPI)
        self.canvas = FigureCanvasAgg(self.figure)
        self.margins = dict(style.SIMULATOR_MARGINS)
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.summary = widgets.HTML()
        self.last_ms = None
        self._state = None
        self._backgrounds = {}
        parts = [widgets.VBox(list(self.controls.values())), self.image, self.summary]
        if caption:
            parts.append(widgets.HTML(f"<small>{caption}</small>"))
        super().__init__(parts)
        # Stable hooks for the browser tests and the presentation mode (tests/browser/).
        self.add_class("qeqt-simulator")
        self.image.add_class("qeqt-figure")
        self.summary.add_class("qeqt-summary")
        self.controls[self.main].add_class("qeqt-main")
        for control in self.controls.values():
            control.observe(self._changed, names="value")
        self.refresh()

    @property
    def values(self) -> dict:
        return {name: control.value for name, control in self.controls.items()}

    def _changed(self, _change):
        self.refresh()

    def refresh(self) -> None:
        """Recompute and redraw with the current control values."""
        start = time.perf_counter()
        if self._setup is None:
            self.figure.clear()
            html = self._draw(self.figure, **self.values)
        else:
            if self._state is None:
                self._state = self._setup(self.figure)
            html = self._draw(self._state, **self.values)
        # Fixed margins: a layout engine would lay the figure out again on every move (2-3 times slower).
        self.figure.subplots_adjust(**self.margins)
        self.image.value = self.png()
        self.summary.value = html or ""
        self.last_ms = (time.perf_counter() - start) * 1000

    def png(self) -> bytes:
        """Render the figure once and encode it as PNG (savefig would draw it a second time)."""
        moving = self._state.get("moving") if isinstance(self._state, dict) else None
        if moving:
            self._blit(moving)
        else:
            self.canvas.draw()
        width, height = self.canvas.get_width_height()
        image = PIL.Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buf = io.BytesIO()
        image.save(buf, format="png", compress_level=1)
        return buf.getvalue()

    def _blit(self, moving) -> None:
        key = tuple((tuple(np.round(ax.get_xlim(), 9)), tuple(np.round(ax.get_ylim(), 9)))
                    for ax in self.figure.axes)
        background = self._backgrounds.get(key)
        if background is None:
            for artist in moving:
                artist.set_animated(True)
            self.canvas.draw()  # animated artists are left out: this is the static layer
            if len(self._backgrounds) >= self._MAX_BACKGROUNDS:
                self._backgrounds.pop(next(iter(self._backgrounds)))
            self._backgrounds[key] = background = self.canvas.copy_from_bbox(self.figure.bbox)
        self.canvas.restore_region(background)
        for artist in moving:
            if artist.get_visible():
                artist.axes.draw_artist(artist) if artist.axes else self.figure.draw_artist(artist)

    def update(self, **values) -> None:
        """Set controls by name and redraw once (what moving the sliders does)."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise KeyError(f"unknown control(s) {sorted(unknown)}; this simulator has {sorted(self.controls)}")
        with self.hold_trait_notifications():
            for control in self.controls.values():
                control.unobserve(self._changed, names="value")
            try:
                for name, value in values.items():
                    self.controls[name].value = value
            finally:
                for control in self.controls.values():
                    control.observe(self._changed, names="value")
        self.refresh()
