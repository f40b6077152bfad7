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
