"""One call for the course's look: fonts, colours and figure defaults (introduced in 第 0 章 課程導讀).

``use_course_style()`` registers the Traditional Chinese font that ships inside this package
(a subset of Noto Sans CJK TC, SIL OFL 1.1, see ``helpers/fonts/OFL.txt``), so Chinese renders on a machine
with no CJK system font. Colours come from the Okabe–Ito palette, which stays distinguishable for the common
forms of colour blindness; every balance-sheet item and every policy regime has one fixed colour.
"""

from __future__ import annotations

import base64
import os
import pathlib
import struct
import zlib

import matplotlib as mpl
from matplotlib import font_manager

from helpers.vocab import INVESTOR_REGIME_LABELS, INVESTOR_REGIMES, PROGRAMME_KIND_LABELS

FONT_PATH = pathlib.Path(__file__).resolve().parent / "fonts" / "NotoSansCJKtc-Regular-subset.otf"
FONT_FAMILY = "QEQT Noto Sans TC"  # renamed subset of Noto Sans CJK TC (tools/build_font.py)

# Okabe & Ito (2008), "Color Universal Design": safe for protanopia, deuteranopia and tritanopia.
PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
}

# One colour per balance-sheet item, used by every T-account and stacked chart in the course.
ITEM_COLORS = {
    "treasuries": PALETTE["blue"],
    "mbs": PALETTE["orange"],
    "loans": PALETTE["purple"],
    "other_assets": PALETTE["grey"],
    "currency": PALETTE["green"],
    "reserves": PALETTE["sky"],
    "tga": PALETTE["vermillion"],
    "on_rrp": PALETTE["yellow"],
    "other_liabilities": PALETTE["grey"],
    "capital": PALETTE["black"],
}

# One colour per policy regime (the `kind` column of the fed_programs dataset).
REGIME_COLORS = {
    "QE": PALETTE["green"],
    "taper": PALETTE["yellow"],
    "twist": PALETTE["purple"],
    "QT": PALETTE["vermillion"],
    "reserve_management": PALETTE["sky"],
}

# One colour per investor's regime (第 6 章): the programme colours, post-QT as reserve management, none in grey.
INVESTOR_REGIME_COLORS = {
    "QE": REGIME_COLORS["QE"],
    "taper": REGIME_COLORS["taper"],
    "QT": REGIME_COLORS["QT"],
    "post_QT": REGIME_COLORS["reserve_management"],
    "none": PALETTE["grey"],
}

# Figure defaults, shared by inline figures (rcParams) and the widget simulators (helpers.widgets.Simulator).
FIGURE_SIZE = (8, 4)  # inches
SCREEN_DPI = 80  # pixels per inch on screen
SAVE_DPI = 150
# Fixed subplot margins for simulators: a layout engine would lay the figure out again on every move.
SIMULATOR_MARGINS = {"left": 0.09, "right": 0.98, "top": 0.95, "bottom": 0.12, "wspace": 0.3, "hspace": 0.4}
# Neutral tones for reference lines and notes (matplotlib grey levels: 0 = black, 1 = white).
GREYS = {
    "zero_line": "0.3",
    "note": "0.35",
    "reference": "0.4",
    "band_edge": "0.5",
    "guide": "0.6",
    "background_series": "0.85",
}

_RC = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT_FAMILY, "DejaVu Sans"],
    "axes.unicode_minus": False,
    "axes.prop_cycle": mpl.cycler(
        color=[PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky", "black")]
    ),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "lines.linewidth": 2,
    "figure.figsize": FIGURE_SIZE,
    "figure.dpi": SCREEN_DPI,
    "savefig.dpi": SAVE_DPI,
    "legend.frameon": False,
    "svg.hashsalt": "qeqt-course",
}


def register_font() -> str:
    """Add the bundled Traditional Chinese font to matplotlib's font manager; return its family name."""
    if not FONT_PATH.exists():
        raise FileNotFoundError(
            f"課程字型不見了：{FONT_PATH}。請重新下載課程，或執行 git checkout -- helpers/fonts/ 取回。"
        )
    known = {f.fname for f in font_manager.fontManager.ttflist}
    if str(FONT_PATH) not in known:
        font_manager.fontManager.addfont(str(FONT_PATH))
    return FONT_FAMILY


def use_course_style() -> None:
    """Apply the course style: bundled CJK font, colour-blind-safe colours, quiet figure defaults.

    Call it once at the top of a notebook. Safe to call again (idempotent).
    """
    register_font()
    mpl.rcParams.update(_RC)
    _describe_figures_in_ipython()


def describe_axes(fig) -> list[str]:
    """One zh-TW phrase per visible axes: title, axis labels and legend entries."""
    parts = []
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        bits = [
            ax.get_title(),
            ax.get_xlabel() and f"橫軸{ax.get_xlabel()}",
            ax.get_ylabel() and f"縱軸{ax.get_ylabel()}",
        ]
        legend = ax.get_legend()
        labels = [t.get_text() for t in legend.get_texts() if t.get_text()] if legend is not None else []
        if labels:
            bits.append("圖例：" + "、".join(labels[:8]) + ("等" if len(labels) > 8 else ""))
        bits = [b for b in bits if b]
        if bits:
            parts.append("，".join(bits))
    return parts


def figure_alt_text(fig) -> str:
    """A short description of a figure for screen readers and text-only views (zh-TW)."""
    suptitle = getattr(fig, "_suptitle", None)
    head = (suptitle.get_text() if suptitle is not None else "").rstrip("。. ")
    body = "；".join(describe_axes(fig))
    return "".join(f"{t}。" for t in (head, body) if t) or "沒有標題與座標軸說明的圖。"


def grading() -> bool:
    """True inside the teacher's grading sandbox (``QEQT_GRADING=1``): no one will look at a figure."""
    return os.environ.get("QEQT_GRADING") == "1"


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_DESCRIPTION = b"Description"  # the iTXt keyword FIGURE_ALT_SCRIPT reads


def png_chunk(tag: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, type, data, CRC."""
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


def png_with_description(png: bytes, text: str) -> bytes:
    """``png`` with ``text`` in an iTXt "Description" chunk (UTF-8, zh-TW) right after IHDR, where the page script
    finds it in the first bytes of the image. Anything that is not a PNG is returned as it is."""
    if not png.startswith(PNG_SIGNATURE) or png[12:16] != b"IHDR":
        return png
    end = 8 + 12 + struct.unpack(">I", png[8:12])[0]  # signature + IHDR chunk
    body = PNG_DESCRIPTION + b"\0\0\0" + b"zh-TW\0\0" + text.replace("\0", "").encode("utf-8")
    return png[:end] + png_chunk(b"iTXt", body) + png[end:]


# JupyterLab shows an output's image/png without alt text (it ignores the output metadata). Shown once by
# use_course_style() in a live kernel, this script gives every output image with no alt the Description that
# png_with_description() embedded, on the whole page (stored outputs of other open notebooks too). Idempotent.
FIGURE_ALT_SCRIPT = r"""
(function () {
  if (window.__qeqtFigureAlt) { window.__qeqtFigureAlt(); return; }
  function described(src) {
    var at = src.indexOf('base64,');
    if (src.lastIndexOf('data:image/png', 0) !== 0 || at < 0) { return ''; }
    var b64 = src.substr(at + 7, 20000).replace(/\s/g, ''), head;
    try { head = atob(b64.substr(0, b64.length - b64.length % 4)); } catch (e) { return ''; }
    var key = head.indexOf('iTXtDescription\u0000');
    if (key < 4) { return ''; }
    var n = ((head.charCodeAt(key - 4) << 24) | (head.charCodeAt(key - 3) << 16) |
             (head.charCodeAt(key - 2) << 8) | head.charCodeAt(key - 1)) >>> 0;
    var fields = head.substr(key + 4, n).split('\u0000');
    var raw = fields[fields.length - 1], bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
    return new TextDecoder('utf-8').decode(bytes);
  }
  function fix() {
    document.querySelectorAll('.jp-OutputArea-output img:not([alt]), .jp-OutputArea-output img[alt=""]')
      .forEach(function (img) {
        var text = described(img.getAttribute('src') || '');
        if (text) { img.setAttribute('alt', text); }
        else if (!img.hasAttribute('alt')) { img.setAttribute('alt', ''); }
      });
  }
  var queued = false;
  function schedule() { if (!queued) { queued = true; requestAnimationFrame(function () { queued = false; fix(); }); } }
  window.__qeqtFigureAlt = schedule;
  new MutationObserver(schedule).observe(document.body, {subtree: true, childList: true, attributes: true,
    attributeFilter: ['src']});
  schedule();
})();
"""


def _describe_figures_in_ipython() -> None:
    """In IPython (Jupyter), every shown figure carries its alt text: in the PNG's output metadata (``alt``,
    used by nbconvert, nbviewer and the web edition) and as its plain-text form (instead of
    ``<Figure size 640x320 with 1 Axes>``). The backend is loaded first, and the wrapper re-checked after each
    cell, because the inline backend sets its PNG formatter again whenever it is (re)activated."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    ip = get_ipython()
    if ip is None or getattr(ip, "_qeqt_describes_figures", False):
        return
    from matplotlib.figure import Figure

    def ensure(*_args):
        png = ip.display_formatter.formatters["image/png"]
        try:
            current = png.lookup_by_type(Figure)
        except KeyError:
            return
        if getattr(current, "_qeqt", False):
            return

        def png_with_alt(fig, _inner=current):
            data = _inner(fig)
            if data is None:
                return None
            data, meta = data if isinstance(data, tuple) else (data, {})
            alt = figure_alt_text(fig)
            if isinstance(data, str):  # base64, as the inline backend returns it
                data = base64.b64encode(png_with_description(base64.b64decode(data), alt)).decode("ascii")
            elif isinstance(data, bytes):
                data = png_with_description(data, alt)
            return data, {**(meta or {}), "alt": alt}

        png_with_alt._qeqt = True
        png.for_type(Figure, png_with_alt)
        ip.display_formatter.formatters["text/plain"].for_type(
            Figure, lambda fig, printer, cycle: printer.text("圖：" + figure_alt_text(fig))
        )

    try:  # the inline backend sets its PNG formatter when it loads (lazily, at the first figure): load it first
        import matplotlib.pyplot as plt

        plt._get_backend_mod()
    except Exception:
        pass
    ip._qeqt_describes_figures = True
    ensure()
    ip.events.register("post_execute", ensure)
    if type(ip).__name__ == "ZMQInteractiveShell" and not grading():  # a live front end
        from IPython.display import display

        # No text/plain: a static view shows nothing here, not "<IPython.core.display.Javascript object>".
        display({"application/javascript": FIGURE_ALT_SCRIPT, "text/plain": ""}, raw=True)


def shade_regimes(ax, start=None, end=None, kinds=None, legend=True, alpha=0.15):
    """Shade the Fed's QE / QT / taper / twist / reserve-management periods on a time axis.

    Periods come from ``helpers.timeline.regimes()`` (the ``fed_programs`` dataset), so every chart in the course
    shades the same dates. ``start``/``end`` clip the periods; ``kinds`` picks which kinds to draw.
    Introduced in 第 0 章.
    """
    import pandas as pd

    from helpers import timeline

    lo = pd.Timestamp(start) if start is not None else None
    hi = pd.Timestamp(end) if end is not None else None
    seen = set()
    for kind, _name, a, b in timeline.periods():
        if kinds is not None and kind not in kinds:
            continue
        if lo is not None:
            a = max(a, lo)
        if hi is not None:
            b = min(b, hi)
        if a >= b:
            continue
        label = PROGRAMME_KIND_LABELS[kind] if kind not in seen else None
        seen.add(kind)
        ax.axvspan(a, b, color=REGIME_COLORS[kind], alpha=alpha, lw=0, label=label)
    if legend and seen:
        ax.legend(loc="upper left", fontsize="small")
    return ax


def investor_regime_handles():
    """Legend patches, one per investor's regime (第 6 章), for charts coloured by regime."""
    from matplotlib.patches import Patch

    return [Patch(color=INVESTOR_REGIME_COLORS[r], label=INVESTOR_REGIME_LABELS[r]) for r in INVESTOR_REGIMES]
