"""Widget simulators: each is one function returning an ipywidgets object (introduced in 第 0 章 課程導讀).

Chapters put their simulators in ``helpers/widgets/<topic>.py``; a notebook cell is one line, for example
``qe.qe_simulator()``. Every simulator is a :class:`Simulator`: controls on top, a figure (rendered to PNG by
matplotlib, with the course font) and an HTML summary below. ``Simulator.update(**values)`` sets controls and
redraws synchronously, which is what the benchmark (``make bench``) and the browser tests drive.
``Simulator.main`` names the control a presenter would move first.

Learner-facing behaviour:

* live while dragging: every control has ``continuous_update=True``; ipywidgets' front end keeps at most one
  update in flight per widget and sends the latest value when the kernel is idle again, so intermediate positions
  are dropped under load and the last position is always drawn (measured in a browser by tools/bench_browser.py);
* crisp on HiDPI screens and projectors: the figure is rendered at ``PIXEL_RATIO`` × the screen dpi and shown at
  its CSS size (``figsize × SCREEN_DPI`` pixels, shrinking to the cell width);
* a static fallback: the output bundle carries the current figure as ``image/png`` (with its alt text in the
  output metadata) and a text description as ``text/plain``, so GitHub, nbviewer and other static views show the
  figure instead of ``Simulator(children=…``. The output's metadata is marked ``{"qeqt": {"simulator": true}}``;
  stored outputs (``make outputs``) and the learner's saved workspace notebooks (a Jupyter pre-save hook,
  ``helpers.workspace.pre_save_hook``) drop the live widget view from marked outputs, so JupyterLab shows the
  figure, not "model not found", until the cell runs again;
* accessibility: the figure has alt text (``Simulator.alt_text()``: caption, axis labels, current settings), and a
  small script shown with the simulator gives every slider handle an ``aria-label`` (its description) and an
  ``aria-valuetext`` (its readout, so a date slider announces the date rather than its index).

Under grading (``QEQT_GRADING=1``, set by the teacher's sandbox) nobody sees a figure: a simulator still builds its
controls and runs its model and drawing code, but does not rasterise or encode the figure (the cost of most of a
chapter solution's grading time), and its output is the text description only.
"""

from __future__ import annotations

import base64
import html as _html
import io
import struct
import time
import zlib

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from helpers import style
from helpers.style import use_course_style

_STYLE = {"description_width": "initial"}
_LAYOUT = widgets.Layout(width="460px")
OUTPUT_MARKER = "qeqt"  # output metadata key of a simulator's display (helpers.workspace.static_simulators)
PIXEL_RATIO = 2  # figure pixels per CSS pixel: sharp on 2× screens and on projectors that stretch the cell

# Installed once per page; idempotent. Copies each slider's description and readout into ARIA attributes of its
# handle(s), and each simulator's alt text into its figure's <img alt>.
A11Y_SCRIPT = r"""
(function () {
  if (window.__qeqtA11y) { window.__qeqtA11y(); return; }
  function fix() {
    document.querySelectorAll('.qeqt-simulator').forEach(function (sim) {
      var alt = sim.querySelector('.qeqt-alt'), img = sim.querySelector('img');
      if (alt && img) {
        var t = alt.textContent.trim();
        if (img.getAttribute('alt') !== t) { img.setAttribute('alt', t); img.setAttribute('role', 'img'); }
      }
      sim.querySelectorAll('.widget-slider, .jupyter-widget-slider, .widget-hslider').forEach(function (row) {
        var label = row.querySelector('.widget-label');
        var readout = row.querySelector('.widget-readout') ||
          (row.parentElement && row.parentElement.querySelector('.qeqt-range-readout'));
        var name = label ? label.textContent.trim() : '';
        var text = readout ? (readout.value || readout.textContent || '').trim() : '';
        row.querySelectorAll('.noUi-handle, [role="slider"]').forEach(function (h) {
          if (name && h.getAttribute('aria-label') !== name) { h.setAttribute('aria-label', name); }
          if (text && h.getAttribute('aria-valuetext') !== text) { h.setAttribute('aria-valuetext', text); }
        });
      });
      sim.querySelectorAll('select').forEach(function (sel) {
        var row = sel.closest('.widget-dropdown, .jupyter-widget-dropdown'), label = row && row.querySelector('.widget-label');
        if (label && !sel.getAttribute('aria-label')) { sel.setAttribute('aria-label', label.textContent.trim()); }
      });
    });
  }
  var queued = false;
  function schedule() { if (!queued) { queued = true; requestAnimationFrame(function () { queued = false; fix(); }); } }
  window.__qeqtA11y = schedule;
  new MutationObserver(schedule).observe(document.body, {subtree: true, childList: true, characterData: true,
    attributes: true, attributeFilter: ['aria-valuenow', 'src']});
  schedule();
})();
"""


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 1.5, 2, 3, 4, 5, 6, 8 × 10^k at or above ``value`` (> 0).

    Axis limits set with it move in a few jumps instead of continuously, so a blitting simulator can reuse its
    cached background (static layer) for most moves."""
    if not np.isfinite(value) or value <= 0:
        return 1.0
    exponent = np.floor(np.log10(value))
    for step in (1, 1.5, 2, 3, 4, 5, 6, 8, 10):
        candidate = step * 10**exponent
        if candidate >= value * (1 - 1e-12):
            return float(candidate)
    return float(10 ** (exponent + 1))


def visible_legend(ax, entries, **kwargs) -> None:
    """A legend of the ``(handle, label)`` entries whose handle is visible, rebuilt only when that set changes
    (a blitting simulator keys its cached static layer on it, see ``Simulator._blit``)."""
    shown = [(h, label) for h, label in entries if h.get_visible()]
    key = tuple(label for _, label in shown)
    if getattr(ax, "_qeqt_legend", None) != key:
        ax.legend([h for h, _ in shown], [label for _, label in shown], **kwargs)
        ax._qeqt_legend = key


def slider(label, min, max, step, value, fmt=None, integer=False):
    """A labelled slider in the course style (label in Chinese, never truncated)."""
    cls = widgets.IntSlider if integer else widgets.FloatSlider
    kw = {"readout_format": fmt} if fmt else {}
    return cls(
        description=label,
        min=min,
        max=max,
        step=step,
        value=value,
        style=_STYLE,
        layout=_LAYOUT,
        continuous_update=True,
        description_allow_html=False,
        **kw,
    )


def dropdown(label, options, value=None):
    """A labelled dropdown; ``options`` is a list of values or of (label, value) pairs."""
    return widgets.Dropdown(description=label, options=options, value=value, style=_STYLE, layout=_LAYOUT)


def date_slider(label, dates, value=None):
    """A slider over a list of dates, shown (and announced to screen readers) as YYYY-MM-DD (SelectionSlider)."""
    options = [(str(d.date()) if hasattr(d, "date") else str(d), d) for d in dates]
    return widgets.SelectionSlider(
        description=label,
        options=options,
        value=value if value is not None else dates[-1],
        style=_STYLE,
        layout=_LAYOUT,
        continuous_update=True,
    )


def encode_png(rgba, width: int, height: int, level: int = 1) -> bytes:
    """A lossless RGB PNG of an RGBA buffer, written directly: no per-row filter search, zlib level 1.

    Charts are large flat areas, so filter "none" compresses nearly as well as PIL's adaptive filters while
    encoding 2-3 times faster (a 1280×640 figure, measured once on the 2-core dev machine at load ~8: ~40 ms vs
    ~115 ms for PIL at compress_level=1, ~92 ms for PIL on RGB)."""
    flat = np.frombuffer(rgba, dtype=np.uint8) if isinstance(rgba, (bytes, bytearray)) else np.asarray(rgba)
    pixels = flat.reshape(height, width, 4)
    raw = np.empty((height, width * 3 + 1), dtype=np.uint8)
    raw[:, 0] = 0  # filter type "none" for every row
    raw[:, 1:] = pixels[:, :, :3].reshape(height, width * 3)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return (
        style.PNG_SIGNATURE
        + style.png_chunk(b"IHDR", header)
        + style.png_chunk(b"IDAT", zlib.compress(raw.tobytes(), level))
        + style.png_chunk(b"IEND", b"")
    )


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

    def __init__(
        self, controls: dict, draw, main: str | None = None, figsize=style.FIGURE_SIZE, caption: str = "", setup=None
    ):
        use_course_style()
        self.controls = dict(controls)
        self.main = main or next(iter(self.controls))
        self._draw = draw
        self._setup = setup
        self.caption = caption
        self.figure = Figure(figsize=figsize, dpi=style.SCREEN_DPI * PIXEL_RATIO)
        self.canvas = FigureCanvasAgg(self.figure)
        self.margins = dict(style.SIMULATOR_MARGINS)
        css_width = round(figsize[0] * style.SCREEN_DPI)
        self.image = widgets.Image(
            format="png", layout=widgets.Layout(width=f"{css_width}px", max_width="100%", height="auto")
        )
        self.summary = widgets.HTML()
        # Read by screen readers through the figure's alt attribute (A11Y_SCRIPT); visually hidden.
        self.alt = widgets.HTML(layout=widgets.Layout(height="0px", width="0px", overflow="hidden", margin="0px"))
        self.last_ms = None
        self._state = None
        self._backgrounds = {}
        for control in self.controls.values():  # live while dragging (see the module docstring)
            if control.has_trait("continuous_update"):
                control.continuous_update = True
        # A date-range slider's own readout joins two dates with "-" ("2008-01-2026-06"): show "2008-01 至 2026-06".
        self._range_readouts = {}
        rows = []
        for name, control in self.controls.items():
            if isinstance(control, widgets.SelectionRangeSlider):
                control.readout = False
                readout = widgets.HTML()
                readout.add_class("qeqt-range-readout")
                self._range_readouts[name] = readout
                rows.append(widgets.HBox([control, readout]))
            else:
                rows.append(control)
        parts = [widgets.VBox(rows), self.image, self.summary, self.alt]
        if caption:
            parts.append(widgets.HTML(f"<small>{caption}</small>"))
        super().__init__(parts)
        # Stable hooks for the browser tests and the presentation mode (tests/browser/).
        self.add_class("qeqt-simulator")
        self.image.add_class("qeqt-figure")
        self.summary.add_class("qeqt-summary")
        self.alt.add_class("qeqt-alt")
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
        if not style.grading():
            self.image.value = self.png()
        self.summary.value = html or ""
        self.alt.value = _html.escape(self.alt_text())
        for name, readout in self._range_readouts.items():
            readout.value = _html.escape(self._range_text(self.controls[name]))
        self.last_ms = (time.perf_counter() - start) * 1000

    def png(self) -> bytes:
        """Render the figure once and encode it as PNG (savefig would draw it a second time)."""
        moving = self._state.get("moving") if isinstance(self._state, dict) else None
        if moving:
            self._blit(moving)
        else:
            self.canvas.draw()
        width, height = self.canvas.get_width_height()
        return encode_png(self.canvas.buffer_rgba(), width, height)

    def _blit(self, moving) -> None:
        key = tuple(
            (tuple(np.round(ax.get_xlim(), 9)), tuple(np.round(ax.get_ylim(), 9)), getattr(ax, "_qeqt_legend", None))
            for ax in self.figure.axes
        )
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

    @staticmethod
    def _range_text(control) -> str:
        labels = control.label or ("", "")
        return f"{labels[0]} 至 {labels[1]}"

    def _control_text(self, name) -> str:
        control = self.controls[name]
        label = control.description or name
        options = getattr(control, "options", None)
        value = control.value
        if options and hasattr(control, "label") and not isinstance(value, tuple):
            shown = control.label
        elif options and isinstance(value, tuple):
            shown = self._range_text(control)
        elif isinstance(value, float):
            shown = f"{value:g}"
        else:
            shown = str(value)
        return f"{label} {shown}"

    def alt_text(self) -> str:
        """A short description of the figure for screen readers and static views (zh-TW)."""
        head = (self.caption or "模擬器圖").rstrip("。. ")
        body = "；".join(style.describe_axes(self.figure))
        settings = "，".join(self._control_text(n) for n in self.controls)
        return f"{head}。{body + '。' if body else ''}目前設定：{settings}。"

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        """The widget view plus a static fallback (the current figure as PNG, a text description)."""
        data = super()._repr_mimebundle_(**kwargs) or {}
        data["text/plain"] = f"[互動模擬器：在執行中的 Jupyter 裡可以拖動] {self.alt_text()}"
        marker = {OUTPUT_MARKER: {"simulator": True}}  # lets stored outputs drop the live view (see below)
        if style.grading() or not self.image.value:
            return data, marker
        data["image/png"] = base64.b64encode(self.fallback_png()).decode("ascii")
        width = round(self.figure.get_figwidth() * style.SCREEN_DPI)
        return data, {"image/png": {"width": width, "alt": self.alt_text()}, **marker}

    def fallback_png(self) -> bytes:
        """The current figure at 1× (downsampled, optimised PNG) for static views: a third of the 2× size in the
        stored notebook, still readable on GitHub and nbviewer."""
        import PIL.Image

        image = PIL.Image.open(io.BytesIO(self.image.value))
        if PIXEL_RATIO > 1:
            size = (round(image.width / PIXEL_RATIO), round(image.height / PIXEL_RATIO))
            image = image.resize(size, PIL.Image.Resampling.LANCZOS)
        image = image.convert("RGB").quantize(colors=256, method=PIL.Image.Quantize.FASTOCTREE)
        buf = io.BytesIO()
        image.save(buf, format="png", optimize=True)
        return style.png_with_description(buf.getvalue(), self.alt_text())

    def _ipython_display_(self):
        from IPython.display import display

        data, metadata = self._repr_mimebundle_()
        display(data, metadata=metadata, raw=True)
        # No text/plain: a static view should show nothing here, not "<IPython.core.display.Javascript object>".
        display({"application/javascript": A11Y_SCRIPT, "text/plain": ""}, raw=True)

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
