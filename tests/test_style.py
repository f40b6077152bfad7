"""The course font renders Traditional Chinese with an empty matplotlib cache and no system CJK font."""

import os
import subprocess
import sys
import textwrap

from helpers import style

SCRIPT = textwrap.dedent("""
    import warnings
    warnings.simplefilter("error")            # any "Glyph ... missing" warning fails the run
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from helpers.style import use_course_style, FONT_FAMILY
    from matplotlib import font_manager
    use_course_style()
    text = "量化寬鬆 縮表 聯準會 臺灣 台灣 資產負債表 殖利率 （兆美元）－1.5%"
    fig, ax = plt.subplots()
    ax.set_title(text); ax.set_xlabel("日期"); ax.set_ylabel("殖利率（%）")
    fig.savefig(r"{out}")
    used = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]))
    print(used)
""")


def test_chinese_renders_with_empty_cache(tmp_path):
    env = dict(os.environ, MPLCONFIGDIR=str(tmp_path / "mplcache"))
    env.pop("MPLBACKEND", None)
    out = tmp_path / "chinese.png"
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(out=out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Glyph" not in proc.stderr
    assert proc.stdout.strip().endswith(style.FONT_PATH.name)
    assert out.stat().st_size > 5000


def test_font_ships_with_licence():
    assert style.FONT_PATH.exists()
    licence = style.FONT_PATH.parent / "OFL.txt"
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence.read_text(encoding="utf-8")


def test_every_course_character_is_in_the_font():
    """Every CJK character used in notebooks, solutions and helpers has a glyph in the shipped subset."""
    import json
    import pathlib

    from fontTools.ttLib import TTFont

    cmap = TTFont(style.FONT_PATH, lazy=True).getBestCmap()
    root = pathlib.Path(style.__file__).resolve().parents[1]
    used = set()
    for path in list(root.glob("notebooks/*.ipynb")) + list(root.glob("solutions/*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            used.update("".join(cell["source"]))
    for path in root.glob("helpers/**/*.py"):
        used.update(path.read_text(encoding="utf-8"))
    missing = sorted(c for c in used if 0x3400 <= ord(c) <= 0x9FFF and ord(c) not in cmap)
    assert not missing, f"characters missing from the font subset (run tools/build_font.py): {''.join(missing)}"


def test_colours_fixed_and_distinct():
    assert set(style.REGIME_COLORS) == {"QE", "QT", "taper", "twist", "reserve_management"}
    assert len(set(style.REGIME_COLORS.values())) == len(style.REGIME_COLORS)
    for item in ("treasuries", "mbs", "reserves", "currency", "tga", "on_rrp", "capital"):
        assert item in style.ITEM_COLORS


def test_shade_regimes_draws_each_period():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from helpers import timeline

    fig = Figure()
    ax = fig.add_subplot()
    style.use_course_style()
    style.shade_regimes(ax, start="2008-01-01", end="2026-06-30")
    assert len(ax.patches) == len(timeline.regimes())
    labels = {t.get_text() for t in ax.get_legend().get_texts()}
    assert "量化緊縮 QT" in labels and "量化寬鬆 QE" in labels


def test_figure_alt_text_names_title_axes_and_legend():
    import matplotlib.figure

    fig = matplotlib.figure.Figure()
    ax = fig.add_subplot()
    ax.plot([0, 1], label="準備金")
    ax.plot([1, 0], label="隔夜逆回購")
    ax.set_title("聯準會負債")
    ax.set_xlabel("年")
    ax.set_ylabel("兆美元")
    ax.legend()
    alt = style.figure_alt_text(fig)
    assert alt == "聯準會負債，橫軸年，縱軸兆美元，圖例：準備金、隔夜逆回購。"
    fig.suptitle("圖 1")
    assert style.figure_alt_text(fig).startswith("圖 1。聯準會負債")
    assert style.figure_alt_text(matplotlib.figure.Figure()) == "沒有標題與座標軸說明的圖。"


def test_in_ipython_every_figure_carries_alt_text_and_a_readable_text_form():
    script = "\n".join(
        [
            "from IPython.core.interactiveshell import InteractiveShell",
            "from IPython.core.pylabtools import select_figure_formats",
            "ip = InteractiveShell.instance()",
            "select_figure_formats(ip, {'png'})",
            "from helpers.style import use_course_style",
            "use_course_style()",
            "import matplotlib.pyplot as plt",
            "fig, ax = plt.subplots(); ax.set_title('殖利率'); ax.set_ylabel('%')",
            "data, md = ip.display_formatter.format(fig)",
            "assert md['image/png']['alt'] == '殖利率，縱軸%。', md",
            "assert data['text/plain'] == '圖：殖利率，縱軸%。', data['text/plain']",
            "select_figure_formats(ip, {'png'})  # the inline backend re-activated: the next cell puts alt back",
            "ip.events.trigger('post_execute')",
            "assert ip.display_formatter.format(fig)[1]['image/png']['alt'] == '殖利率，縱軸%。'",
            "print('ok')",
        ]
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env={**os.environ, "MPLBACKEND": "Agg"}
    )
    assert proc.stdout.strip() == "ok", proc.stderr[-2000:]


def test_png_with_description_embeds_utf8_text_that_pil_reads_back():
    import io

    import matplotlib.figure
    import PIL.Image

    style.use_course_style()
    fig = matplotlib.figure.Figure(figsize=(2, 1))
    fig.add_subplot().set_title("準備金")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    png = style.png_with_description(buf.getvalue(), style.figure_alt_text(fig))
    image = PIL.Image.open(io.BytesIO(png))
    image.load()  # the CRCs are right: PIL verifies them while reading
    assert image.text["Description"] == "準備金。" and image.size == (200, 100)
    assert png.index(b"iTXtDescription") < 64, "right after IHDR, where the page script looks"
    assert style.png_with_description(b"not a png", "x") == b"not a png"
    assert "iTXtDescription" in style.FIGURE_ALT_SCRIPT and "TextDecoder('utf-8')" in style.FIGURE_ALT_SCRIPT
