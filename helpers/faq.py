"""The reader FAQ's map and links (introduced in 第 7 章 讀者常問).

``data/faq_map.csv`` maps every FAQ question of the source articles (seed, question number) to an entry of
``notebooks/07_faq.ipynb`` and to the section of the course that teaches it (a relative link such as
``01_qe_mechanics.ipynb#6.1-三個日期``). The helpers here turn headings into the anchors JupyterLab gives them,
check that a link lands on a real heading, and shape the map into the small tables the chapter shows.
"""

from __future__ import annotations

import json
import pathlib
import re

import pandas as pd

NOTEBOOKS = pathlib.Path(__file__).resolve().parents[1] / "notebooks"
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def anchor(heading: str) -> str:
    """The anchor JupyterLab gives a markdown heading: its rendered text with spaces turned into ``-``.

    Inline markup is dropped first (``**bold**``, `` `code` ``, ``[text](url)`` keeps ``text``).
    Introduced in 第 7 章.
    """
    if not isinstance(heading, str):
        raise TypeError(f"heading must be a string, got {type(heading).__name__}")
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = re.sub(r"[*_`]", "", text).strip()
    return text.replace(" ", "-")


def headings(path) -> list[tuple[int, str]]:
    """(level, text) of every markdown heading in notebook ``path``, in order (code fences skipped)."""
    path = pathlib.Path(path)
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"notebook {path} does not exist") from None
    out = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        src = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        fenced = False
        for line in src.splitlines():
            if _FENCE.match(line):
                fenced = not fenced
                continue
            m = None if fenced else _HEADING.match(line)
            if m:
                out.append((len(m.group(1)), m.group(2)))
    return out


def anchors(path) -> set[str]:
    """Every heading anchor of notebook ``path``."""
    return {anchor(text) for _, text in headings(path)}


def split_link(link: str) -> tuple[str, str]:
    """``"02_qt_mechanics.ipynb#6.-QT1…"`` → (notebook file name, anchor); ValueError when malformed."""
    if not isinstance(link, str) or link.count("#") != 1:
        raise ValueError(f"a section link looks like 'NN_name.ipynb#anchor', got {link!r}")
    name, frag = link.split("#")
    if not re.fullmatch(r"\d\d_[a-z_]+\.ipynb", name) or not frag:
        raise ValueError(f"a section link looks like 'NN_name.ipynb#anchor', got {link!r}")
    return name, frag


def link_resolves(link: str, folder=NOTEBOOKS) -> bool:
    """True when ``link`` names a notebook in ``folder`` that has a heading with that anchor."""
    name, frag = split_link(link)
    path = pathlib.Path(folder) / name
    return path.exists() and frag in anchors(path)


def coverage(faq_map: pd.DataFrame) -> pd.DataFrame:
    """How many questions of each source article each theme answers (rows: themes; a 合計 row and column)."""
    table = pd.crosstab(faq_map["theme"], "文章 " + faq_map["seed"].astype(str), margins=True, margins_name="合計")
    order = list(dict.fromkeys(faq_map.sort_values("entry_id")["theme"])) + ["合計"]
    table = table.reindex(order)
    table.index.name, table.columns.name = "主題", None
    return table


def corrected(faq_map: pd.DataFrame) -> pd.DataFrame:
    """The entries whose article answer the FAQ corrects: entry, article, question number, question."""
    rows = faq_map[faq_map["corrected"] == "yes"].sort_values("entry_id")
    out = pd.DataFrame(
        {
            "條目": rows["entry_id"],
            "文章": rows["seed"].astype(str),
            "題號": rows["question_no"].astype(int),
            "問題（改寫）": rows["question"],
        }
    )
    return out.reset_index(drop=True)
