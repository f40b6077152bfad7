"""Course-wide hygiene: Traditional Chinese only, notebook shape, no copied seed prose, skeleton of chapters."""

import ast
import json
import pathlib
import re
import statistics
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
EXERCISES = sorted((ROOT / "exercises").glob("*.ipynb"))
ALL_NB = NOTEBOOKS + SOLUTIONS + EXERCISES
MARKDOWN = [ROOT / "README.md"] + sorted((ROOT / "docs").glob("*.md"))
from tests.conftest import SHARED  # noqa: E402

SEED_TOOL = SHARED / "tools" / "seed_overlap.py" if SHARED else ROOT / "no-shared-folder"
# Mainland-Chinese computing and media terms with a different Taiwan usage.
MAINLAND_TERMS = ["視頻", "軟件", "網絡", "信息", "默認", "屏幕", "內存", "打印", "硬盤", "數據庫", "鼠標", "優化器"]


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _src(cell):
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def _texts():
    for path in ALL_NB:
        for i, cell in enumerate(_cells(path)):
            yield f"{path.relative_to(ROOT)} cell {i}", _src(cell)
    for path in MARKDOWN:
        if path.exists():
            yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "helpers").rglob("*.py")):
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "data").glob("*.csv")) + sorted((ROOT / "data").glob("*.json")):
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")


def simplified_chars(text, converter):
    """Characters that OpenCC turns into something else AND that Big5 (Traditional) cannot encode."""
    found = set()
    for ch in set(text):
        if "\u3400" <= ch <= "\u9fff" and converter.convert(ch) != ch:
            try:
                ch.encode("big5")
            except UnicodeEncodeError:
                found.add(ch)
    return found


def test_simplified_detector_works():
    import opencc

    cc = opencc.OpenCC("s2t")
    assert simplified_chars("这个国家的经济", cc) == set("这个国济经")
    assert simplified_chars("台灣的央行干預匯率，里程碑", cc) == set()


def test_no_simplified_characters():
    import opencc

    cc = opencc.OpenCC("s2t")
    bad = {where: "".join(sorted(chars)) for where, text in _texts() if (chars := simplified_chars(text, cc))}
    assert not bad, f"Simplified characters found: {bad}"


def test_taiwan_usage():
    bad = [(where, term) for where, text in _texts() for term in MAINLAND_TERMS if term in text]
    assert not bad, f"use Taiwan terms: {bad}"


@pytest.mark.parametrize("path", ALL_NB, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_shape(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    code = [_src(c) for c in nb["cells"] if c["cell_type"] == "code"]
    for i, src in enumerate(code):
        assert not re.search(r"^\s*from\s+\S+\s+import\s+\*", src, re.M), f"code cell {i}: no `import *`"
        assert len(src.strip().splitlines()) <= 15, f"code cell {i} has more than 15 lines: move logic to helpers"
        ast.parse(re.sub(r"^\s*[%!].*$", "", src, flags=re.M))  # every cell is valid Python
    if code:
        assert statistics.median(len(s.strip().splitlines()) for s in code) <= 5
    styles = sum(s.count("use_course_style()") for s in code)
    assert styles <= 1, "call use_course_style() once per notebook"


@pytest.mark.parametrize("path", NOTEBOOKS + SOLUTIONS, ids=lambda p: str(p.relative_to(ROOT)))
def test_outputs_are_deterministic(path):
    for i, cell in enumerate(_cells(path)):
        for out in cell.get("outputs", []):
            text = "".join(out.get("text", "")) + "".join(out.get("data", {}).get("text/plain", ""))
            assert not re.search(r"\b20\d\d-\d\d-\d\d[ T]\d\d:\d\d:\d\d", text), f"cell {i}: wall-clock time in output"
            assert "Traceback" not in text and out.get("output_type") != "error", f"cell {i}: stored error"
            assert "Glyph" not in text, f"cell {i}: missing glyph warning"


CHAPTER_SECTIONS = ["學習目標", "先備知識", "使用資料", "預估時間", "查核事實", "小結", "重點詞彙", "練習"]


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if not p.name.startswith("00_")], ids=lambda p: p.name)
def test_chapter_skeleton(path):
    text = "\n".join(_src(c) for c in _cells(path) if c["cell_type"] == "markdown")
    positions = [text.find(s) for s in CHAPTER_SECTIONS]
    missing = [s for s, p in zip(CHAPTER_SECTIONS, positions) if p < 0]
    assert not missing, f"missing sections: {missing}"
    assert positions == sorted(positions[:4]) + positions[4:] and positions[-3] < positions[-2] < positions[-1]
    assert f"exercises/{path.name}" in text, "the 練習 section links to the exercise notebook"


def test_widget_cells_are_tagged():
    for path in NOTEBOOKS + SOLUTIONS:
        for i, cell in enumerate(_cells(path)):
            if cell["cell_type"] == "code" and any(
                "application/vnd.jupyter.widget-view+json" in o.get("data", {})
                or (o.get("metadata") or {}).get("qeqt", {}).get("simulator")
                for o in cell.get("outputs", [])
            ):
                assert "nbval-ignore-output" in cell["metadata"].get("tags", []), f"{path.name} cell {i}"


def test_stored_simulators_show_their_figure_not_a_dead_widget_view():
    """A stored widget view has no kernel behind it: JupyterLab would show "model not found" instead of the
    figure. `make outputs` keeps the static figure (with alt text) and drops the view."""
    simulators = 0
    for path in NOTEBOOKS + SOLUTIONS:
        for i, cell in enumerate(_cells(path)):
            for out in cell.get("outputs", []) if cell["cell_type"] == "code" else []:
                assert "application/vnd.jupyter.widget-view+json" not in out.get("data", {}), f"{path.name} cell {i}"
                if (out.get("metadata") or {}).get("qeqt", {}).get("simulator"):
                    simulators += 1
                    assert "image/png" in out["data"] and out["metadata"]["image/png"]["alt"], f"{path.name} cell {i}"
    assert simulators >= 10


def test_no_sentence_copied_from_seeds():
    if not SEED_TOOL.exists():
        pytest.skip("../shared/tools/seed_overlap.py is absent")
    proc = subprocess.run([sys.executable, str(SEED_TOOL), str(ROOT)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout[-3000:]
