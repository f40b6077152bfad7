"""Stored outputs are fit for learners: no raw reprs (``YieldRange(low=…``, ``Simulator(children=…``), no float
noise (>= 10 significant digits), no ``dtype:`` lines from printed Series, no NaN/NaT/<NA> in text or tables, no
``<Figure size …>`` or ``<… at 0x…>`` object reprs, and every figure has alt text (its PNG's output metadata).

Scans every code cell's stored outputs in notebooks/ and solutions/ (text/plain, text/html, text/markdown and
streams; images and widget state are not text). Notebooks listed in PENDING still failed when this test was added
(their chapters are being cleaned in parallel); they are xfail(strict=False) until the lead removes them.
"""

import json
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
FILES = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "solutions").glob("*.ipynb"))
TEXT_TYPES = ("text/plain", "text/html", "text/markdown")

RAW_REPR = re.compile(r"\b[A-Z][A-Za-z0-9_]*\((?:[a-z_][a-z0-9_]*=|children=)")
DECIMAL = re.compile(r"(?<![\w.])[-+]?\d+\.\d+(?:e[-+]?\d+)?(?![\w.])", re.I)
DTYPE_LINE = re.compile(r"^.*\bdtype: \w+", re.M)
MISSING = re.compile(r"(?<![\w-])(?:NaN|NaT|<NA>)(?![\w-])")
OBJECT_REPR = re.compile(r"<(?:[\w.]+(?: object)? at 0x[0-9a-fA-F]+|Figure size \d+x\d+ with \d+ Axes)>")

# Failing on branch learner15 when the test was written (see the report): widget cells still store the old
# "Simulator(children=…" text, chapters print Series and NaN. Remove a name once its outputs are refreshed.
PENDING: set[str] = set()


def significant_digits(token: str) -> int:
    mantissa = re.split(r"[eE]", token.lstrip("+-"))[0].replace(".", "").lstrip("0")
    return len(mantissa)


def problems_in_text(text: str) -> list[str]:
    found = [f"raw repr {m.group(0)!r}" for m in RAW_REPR.finditer(text)]
    found += [f"raw repr {m.group(0)!r}" for m in OBJECT_REPR.finditer(text)]
    found += [f"float noise {m.group(0)}" for m in DECIMAL.finditer(text) if significant_digits(m.group(0)) >= 10]
    found += [f"dtype line {m.group(0).strip()[-40:]!r}" for m in DTYPE_LINE.finditer(text)]
    found += [f"missing value {m.group(0)}" for m in MISSING.finditer(text)]
    return found


def _texts(output):
    if output.get("output_type") == "stream":
        yield "".join(output.get("text", ""))
    if output.get("output_type") == "error":
        yield output.get("ename", "") + ": " + output.get("evalue", "")
    for kind in TEXT_TYPES:
        value = (output.get("data") or {}).get(kind)
        if value is not None:
            yield "".join(value) if isinstance(value, list) else str(value)


def notebook_problems(path: pathlib.Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        for output in cell.get("outputs", []):
            for text in _texts(output):
                out += [f"cell {i}: {p}" for p in problems_in_text(text)]
            if "image/png" in (output.get("data") or {}):
                if not ((output.get("metadata") or {}).get("image/png") or {}).get("alt"):
                    out.append(f"cell {i}: figure without alt text")
    return out


@pytest.mark.parametrize(
    "text,expected",
    [
        ("YieldRange(low=-70.0, high=-13.599999999999998)", {"raw repr", "float noise"}),
        ("Simulator(children=(VBox(children=(FloatSlider(", {"raw repr"}),
        ("0    1.5\nName: x, dtype: float64", {"dtype line"}),
        ("<td>NaN</td><td>NaT</td>", {"missing value"}),
        ("9.31605314746242", {"float noise"}),
        ("<Figure size 640x320 with 1 Axes>", {"raw repr"}),
        ("<matplotlib.legend.Legend at 0x7fc4ec378290>", {"raw repr"}),
        ("殖利率變動約 -70 至 -14 個基點；規模 1,234.5；2008-01 至 2026-06；—", set()),
        ("0.1234 and 123456.7 and 3.14159265", set()),
    ],
)
def test_detector(text, expected):
    assert {p.split(" ")[0] + " " + p.split(" ")[1] for p in problems_in_text(text)} == expected


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(p, marks=pytest.mark.xfail(strict=True, reason="stored outputs not yet cleaned"))
        if p.relative_to(ROOT).as_posix() in PENDING
        else p
        for p in FILES
    ],
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_stored_outputs_are_clean(path):
    problems = notebook_problems(path)
    assert not problems, f"{path.relative_to(ROOT)}: " + "; ".join(problems[:12])
