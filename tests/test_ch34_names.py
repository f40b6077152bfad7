"""Chapters 3–4 use one name for each person and institution (issue 20): 柏南克, 紐約聯邦準備銀行, 日本央行."""

import json
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PATHS = [
    "notebooks/03_history.ipynb",
    "notebooks/04_market_effects.ipynb",
    "solutions/03_history.ipynb",
    "solutions/04_market_effects.ipynb",
]


def _markdown(path):
    nb = json.loads((ROOT / path).read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


@pytest.mark.parametrize("path", PATHS)
def test_one_spelling_per_name(path):
    text = _markdown(path)
    assert "柏南奇" not in text and "伯南克" not in text
    assert "紐約聯準銀行" not in text and "紐約聯儲" not in text
    assert "日銀" not in text
    # 日本銀行 only as the official name in parentheses after 日本央行, or in a document title 《日本銀行…》
    assert text.count("日本銀行") == text.count("日本央行（日本銀行") + text.count("《日本銀行")
