"""Chapters 3 and 4 must not print the answer of an exercise that is not a look-up (exercise standard).

Numeric answers are searched in the chapter's stored outputs at the precisions a notebook would show them
(one and two decimals; whole numbers with thousands separators for amounts of 100 or more)."""

import json
import pathlib
import re

import pytest

from helpers.exercises import ch03, ch04

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _outputs(path):
    nb = json.loads((ROOT / path).read_text(encoding="utf-8"))
    text = []
    for cell in nb["cells"]:
        if "nbval-ignore-output" in cell.get("metadata", {}).get("tags", []):
            continue
        for out in cell.get("outputs", []):
            text.append("".join(out.get("text", "")))
            for key in ("text/plain", "text/html"):
                text.append("".join(out.get("data", {}).get(key, "")))
    return "\n".join(text)


def _shown(value):
    forms = {f"{value:.1f}", f"{value:.2f}"}
    if abs(value) >= 100:
        forms |= {f"{value:,.0f}", f"{value:.0f}"}
    return forms


@pytest.mark.parametrize(
    "module, path", [(ch03, "notebooks/03_history.ipynb"), (ch04, "notebooks/04_market_effects.ipynb")]
)
def test_non_lookup_numeric_answers_are_not_in_the_stored_outputs(module, path):
    text = _outputs(path)
    leaks = []
    for spec in module.EXERCISES:
        value = spec["expected"]
        if spec.get("role") == "lookup" or isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        for form in _shown(float(value)):
            if re.search(r"(?<![\d.,])" + re.escape(form) + r"(?![\d])", text):
                leaks.append((spec["id"], form))
    assert not leaks, f"answers printed in {path}: {leaks}"


def test_the_detector_finds_a_printed_answer():
    assert re.search(r"(?<![\d.,])" + re.escape("8.9") + r"(?![\d])", "跌幅 -8.9%")
    assert not re.search(r"(?<![\d.,])" + re.escape("8.9") + r"(?![\d])", "18.95")
