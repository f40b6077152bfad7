"""第 7 章 讀者常問: every FAQ question of source articles 000, 001 and 003 maps to an entry of
notebooks/07_faq.ipynb, every entry is in the notebook, and every section link lands on a real heading.

The articles live in the maintainers' ../shared/seeds (never in the kit); the tests that read them skip where it
is absent. Questions are found by the articles' own FAQ layout: after a 常見問題 header when there is one,
otherwise the closing run of question lines; a question is a line ending in ? or ？."""

import json
import pathlib
import re

import pytest

from helpers import faq
from helpers.data import load
from tests.conftest import SHARED

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "07_faq.ipynb"
SEEDS = {"000": "000_*.txt", "001": "001_*.txt", "003": "003_*.txt"}
MAX_GAP = 8  # lines between two FAQ questions (one answer, or an answer with a few bullets)
CJK = re.compile(r"[0-9\u3400-\u9fff]")


def faq_questions(text: str) -> list[str]:
    """The FAQ questions of an article, in order."""
    lines = [line.strip() for line in text.splitlines()]
    marks = [i for i, line in enumerate(lines) if line.endswith(("?", "？"))]
    header = next((i for i, line in enumerate(lines) if line.startswith("常見問題")), None)
    if header is not None:
        marks = [i for i in marks if i > header]
    elif marks:
        run = [marks[-1]]
        for i in reversed(marks[:-1]):
            if run[0] - i > MAX_GAP:
                break
            run.insert(0, i)
        last_text = max(i for i, line in enumerate(lines) if line)
        marks = run if last_text - run[-1] <= 2 * MAX_GAP else []
    return [lines[i] for i in marks]


def _seed_text(seed):
    if SHARED is None or not (SHARED / "seeds").is_dir():
        pytest.skip("../shared/seeds is absent (a learner's clone): nothing to map")
    found = sorted((SHARED / "seeds").glob(SEEDS[seed]))
    assert len(found) == 1, f"expected one file {SEEDS[seed]} in {SHARED / 'seeds'}, found {len(found)}"
    return found[0].read_text(encoding="utf-8")


def _entry_cells():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    cells = {}
    for cell in nb["cells"]:
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        m = re.match(r"### (Q\d\.\d+) ", src)
        if cell["cell_type"] == "markdown" and m:
            assert m.group(1) not in cells, f"entry {m.group(1)} appears twice"
            cells[m.group(1)] = src
    return cells


@pytest.fixture(scope="module")
def faq_map():
    return load("faq_map")


# ----------------------------------------------------------------------------------- the question detector
def test_detector_reads_a_header_and_ignores_section_titles():
    text = "什麼是甲？\n正文。\n乙怎麼運作?\n正文。\n常見問題 (FAQ)\n第一題是什麼？\n答。\n第二題呢?\n答。\n"
    assert faq_questions(text) == ["第一題是什麼？", "第二題呢?"]


def test_detector_without_header_takes_the_closing_run():
    body = "標題：甲是什麼?\n" + "正文。\n" * 20
    tail = "".join(f"第{i}題怎麼說?\n答案。\n- 要點\n" for i in range(1, 5))
    assert faq_questions(body + tail) == [f"第{i}題怎麼說?" for i in range(1, 5)]
    assert faq_questions(body + tail + "結語。\n" * 30) == []  # questions far from the end are no FAQ


# --------------------------------------------------------------------------------- seeds → map → notebook
@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_every_seed_question_maps_to_one_entry(seed, faq_map):
    questions = faq_questions(_seed_text(seed))
    assert len(questions) >= 5, f"seed {seed}: only {len(questions)} FAQ questions found; did the layout change?"
    rows = faq_map[faq_map["seed"] == seed]
    assert sorted(rows["question_no"].tolist()) == list(range(1, len(questions) + 1)), (
        f"seed {seed} has {len(questions)} FAQ questions; faq_map lists {sorted(rows['question_no'].tolist())}"
    )


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_questions_are_paraphrased_not_copied(seed, faq_map):
    questions = faq_questions(_seed_text(seed))
    rows = faq_map[faq_map["seed"] == seed].set_index("question_no")
    for n, original in enumerate(questions, start=1):
        ours = "".join(CJK.findall(rows.loc[n, "question"]))
        theirs = "".join(CJK.findall(original))
        runs = {theirs[i : i + 10] for i in range(len(theirs) - 9)}
        copied = [ours[i : i + 10] for i in range(len(ours) - 9) if ours[i : i + 10] in runs]
        assert not copied, f"seed {seed} question {n}: entry {rows.loc[n, 'entry_id']} repeats {copied[0]!r}"


def test_map_covers_only_the_three_articles(faq_map):
    assert set(faq_map["seed"]) == set(SEEDS)
    assert faq_map["entry_id"].is_unique
    assert set(faq_map["corrected"]) <= {"yes", "no"}


def test_every_section_link_resolves(faq_map):
    bad = [(row.entry_id, row.section_link) for row in faq_map.itertuples() if not faq.link_resolves(row.section_link)]
    assert not bad, f"links that land on no heading: {bad}"


def test_every_entry_is_in_the_notebook(faq_map):
    cells = _entry_cells()
    assert set(cells) == set(faq_map["entry_id"]), (
        f"in the map only: {sorted(set(faq_map['entry_id']) - set(cells))}; "
        f"in the notebook only: {sorted(set(cells) - set(faq_map['entry_id']))}"
    )
    for row in faq_map.itertuples():
        src = cells[row.entry_id]
        assert src.startswith(f"### {row.entry_id} {row.question}\n"), f"{row.entry_id}: heading differs from the map"
        assert f"參考文章 {row.seed} 的第 {row.question_no} 題" in src, f"{row.entry_id}: names the wrong question"
        assert f"]({row.section_link})" in src, f"{row.entry_id}: does not link {row.section_link}"
        assert ("查核事實" in src) == (row.corrected == "yes"), f"{row.entry_id}: corrected={row.corrected}"


def test_entries_sit_under_their_theme(faq_map):
    levels = faq.headings(NOTEBOOK)
    theme = None
    placed = {}
    for level, text in levels:
        if level == 2:
            theme = text
        elif level == 3 and re.match(r"Q\d\.\d+ ", text):
            placed[text.split(" ", 1)[0]] = theme
    for row in faq_map.itertuples():
        assert placed[row.entry_id] == f"{row.entry_id[1]}. {row.theme}", (
            f"{row.entry_id} is under {placed[row.entry_id]}"
        )


def test_answers_are_three_to_six_sentences():
    for qid, src in _entry_cells().items():
        body = src.split("\n\n")[2]  # heading, article reference, answer, link[, fact check]
        sentences = [s for s in re.split(r"[。！？]", body) if s.strip()]
        assert 3 <= len(sentences) <= 6, f"{qid}: {len(sentences)} sentences"


# ------------------------------------------------------------------------------------------------ anchors
def test_anchor_follows_jupyterlab():
    assert faq.anchor("6.1 三個日期") == "6.1-三個日期"
    assert faq.anchor("**粗體** `x` [連結](a.ipynb)") == "粗體-x-連結"
    assert faq.link_resolves("01_qe_mechanics.ipynb#6.1-三個日期")
    assert not faq.link_resolves("01_qe_mechanics.ipynb#6.1-三個日子")
    assert not faq.link_resolves("09_missing.ipynb#6.1-三個日期")
    for bad in ("01_qe_mechanics.ipynb", "01_qe_mechanics.ipynb#", "../x.ipynb#a", None):
        with pytest.raises(ValueError):
            faq.split_link(bad)


def test_coverage_and_corrected_tables(faq_map):
    table = faq.coverage(faq_map)
    assert table.loc["合計", "合計"] == len(faq_map)
    assert list(table.index[:-1]) == list(dict.fromkeys(faq_map.sort_values("entry_id")["theme"]))
    for seed in SEEDS:
        assert table.loc["合計", f"文章 {seed}"] == (faq_map["seed"] == seed).sum()
    fixed = faq.corrected(faq_map)
    assert fixed["條目"].tolist() == sorted(faq_map.loc[faq_map["corrected"] == "yes", "entry_id"])
    assert not fixed.isna().any().any()
