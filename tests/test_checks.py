"""helpers.checks: every answer kind against right, blank and wrong answers; never raises; progress."""

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import checks, exercises, marking

SPECS = {
    "9.1": {
        "id": "9.1",
        "kind": "number",
        "expected": 95,
        "unit": "usd_bn",
        "tol": 0.5,
        "hints": ["h1", "h2"],
        "solution": "95",
        "misconceptions": marking.unit_slips(95) + [marking.sign_slip(95)],
    },
    "9.2": {
        "id": "9.2",
        "kind": "choice",
        "expected": "B",
        "options": {"A": "買進", "B": "到期不再投資"},
        "hints": ["h"],
        "misconceptions": [marking.mis("A", "那是 QE。", "qe_qt_swap")],
    },
    "9.3": {
        "id": "9.3",
        "kind": "multi",
        "expected": ["A", "C"],
        "options": {"A": "", "B": "", "C": ""},
        "hints": ["h"],
    },
    "9.4": {
        "id": "9.4",
        "kind": "direction",
        "expected": {"殖利率": "下降", "準備金": "上升"},
        "hints": ["h"],
        "misconceptions": [marking.mis({"殖利率": "上升", "準備金": "下降"}, "QE 與 QT 搞反了。", "qe_qt_swap")],
    },
    "9.5": {"id": "9.5", "kind": "order", "expected": ["QE1", "QE2", "QE3"], "hints": ["h"]},
    "9.6": {
        "id": "9.6",
        "kind": "date",
        "expected": "2019-09-17",
        "hints": ["h"],
        "misconceptions": [marking.mis("2019-10-17", "差了一個月。", "off_by_one_month")],
    },
    "9.7": {"id": "9.7", "kind": "series", "expected": {"index": ["a", "b"], "values": [1.0, 2.0]}, "hints": ["h"]},
    "9.8": {
        "id": "9.8",
        "kind": "function",
        "expected": None,
        "hints": ["h"],
        "cases": [{"args": [100, 60], "expected": 60}, {"args": [40, 60], "expected": 40}],
        "misconceptions": [marking.mis([100, 40], "你回傳的是到期總額：超過上限的部分會再投資。", "ignores_cap")],
    },
    "9.9": {
        "id": "9.9",
        "kind": "taccount",
        "hints": ["h"],
        "expected": {"assets": {"treasuries": 100}, "liabilities": {"reserves": 100}},
    },
    "9.10": {"id": "9.10", "kind": "truth", "expected": False, "hints": ["h"]},
    "9.11": {
        "id": "9.11",
        "kind": "frame",
        "hints": ["h"],
        "expected": {"columns": ["month", "cap"], "data": [["2022-06", 47.5], ["2022-09", 95.0]]},
    },
    "9.12": {
        "id": "9.12",
        "kind": "number",
        "expected": 4.5,
        "unit": "pct",
        "tol": 0.01,
        "hints": ["h"],
        "misconceptions": [marking.percent_slip(4.5)],
    },
}


@pytest.fixture(autouse=True)
def fake_registry(monkeypatch, tmp_path):
    real = exercises.get

    def get(qid):
        return SPECS[qid] if qid in SPECS else real(qid)

    monkeypatch.setattr(exercises, "get", get)
    monkeypatch.setenv("QEQT_PROGRESS_FILE", str(tmp_path / "progress.json"))


def status(qid, answer):
    return checks.evaluate(qid, answer).status


@pytest.mark.parametrize(
    "qid,right",
    [
        ("9.1", 95),
        ("9.1", 95.4),
        ("9.1", "950億美元"),
        ("9.1", "95 bn"),
        ("9.1", "0.095兆"),
        ("9.1", np.float64(95)),
        ("9.2", "B"),
        ("9.2", "b"),
        ("9.2", "(B)"),
        ("9.2", "到期不再投資"),
        ("9.3", ["C", "A"]),
        ("9.3", "A, C"),
        ("9.3", "AC"),
        ("9.4", {"殖利率": "down", "準備金": "增加"}),
        ("9.5", ["QE1", "QE2", "QE3"]),
        ("9.6", "2019-09-17"),
        ("9.6", dt.date(2019, 9, 17)),
        ("9.6", pd.Timestamp("2019-09-17")),
        ("9.6", "2019年9月17日"),
        ("9.7", pd.Series([1.0, 2.0], index=["a", "b"])),
        ("9.7", {"a": 1, "b": 2}),
        ("9.8", lambda total, cap: min(total, cap)),
        ("9.9", {"資產": {"公債": 100}, "負債": {"準備金": 100}}),
        ("9.10", False),
        ("9.10", "否"),
        ("9.11", pd.DataFrame({"month": ["2022-06", "2022-09"], "cap": [47.5, 95]})),
        ("9.12", 4.5),
        ("9.12", "4.5%"),
        ("9.12", "450 bp"),
    ],
)
def test_right_answers_pass(qid, right):
    result = checks.evaluate(qid, right)
    assert result.passed, result.message
    assert result.message.startswith(f"✅ {qid}")


@pytest.mark.parametrize("qid", list(SPECS))
@pytest.mark.parametrize("blank", [..., None, "", "  "])
def test_blank_is_not_attempted(qid, blank):
    result = checks.evaluate(qid, blank)
    assert result.status == "not_attempted" and "尚未作答" in result.message and not result.passed


def test_stub_function_is_not_attempted():
    def answer(total, cap): ...

    assert status("9.8", answer) == "not_attempted"


@pytest.mark.parametrize(
    "qid,wrong,expected_name",
    [
        ("9.1", 95000, "unit_slip_x1000_大"),
        ("9.1", 0.095, "unit_slip_x1000_小"),
        ("9.1", -95, "sign"),
        ("9.2", "A", "qe_qt_swap"),
        ("9.4", {"殖利率": "上升", "準備金": "下降"}, "qe_qt_swap"),
        ("9.6", "2019-10-17", "off_by_one_month"),
        ("9.12", 0.045, "percent_vs_fraction"),
        ("9.8", lambda total, cap: total, "ignores_cap"),
        ("9.8", marking.FunctionResults([("ok", 100), ("ok", 40)]), "ignores_cap"),
    ],
)
def test_misconceptions_named(qid, wrong, expected_name):
    result = checks.evaluate(qid, wrong)
    assert result.status == "failed" and result.misconception == expected_name


@pytest.mark.parametrize(
    "qid,wrong,fragment",
    [
        ("9.1", 60, "還不對"),
        ("9.3", ["A"], "還少了"),
        ("9.3", ["A", "B", "C"], "多選了"),
        ("9.4", {"殖利率": "下降"}, "少了「準備金」"),
        ("9.4", {"殖利率": "下降", "準備金": "不變"}, "「準備金」的方向不對"),
        ("9.5", ["QE1", "QE3", "QE2"], "第 2 個位置"),
        ("9.5", ["QE1", "QE2"], "不齊全"),
        ("9.7", {"a": 1, "b": 3}, "第 2 個值"),
        ("9.7", [1.0], "長度不對"),
        ("9.8", lambda total, cap: cap, "輸入 (40, 60)"),
        ("9.8", lambda total, cap: 1 / 0, "ZeroDivisionError"),
        ("9.9", {"assets": {"treasuries": 100}, "liabilities": {"currency": 100}}, "負債方少了「準備金」"),
        ("9.9", {"assets": {"treasuries": -100}, "liabilities": {"reserves": -100}}, "方向反了"),
        ("9.9", {"assets": {"treasuries": 100, "reserves": 100}, "liabilities": {}}, "放錯邊"),
        ("9.9", {"assets": {"treasuries": 100, "mbs": 50}, "liabilities": {"reserves": 100}}, "多了「MBS」"),
        ("9.10", True, "還不對"),
        ("9.11", pd.DataFrame({"month": ["2022-06"], "cap": [47.5]}), "列數不對"),
        ("9.11", pd.DataFrame({"month": ["2022-06", "2022-09"]}), "少了欄位"),
    ],
)
def test_wrong_answers_say_what_is_wrong(qid, wrong, fragment):
    result = checks.evaluate(qid, wrong)
    assert result.status == "failed", result.message
    assert fragment in result.message, result.message


@pytest.mark.parametrize(
    "qid,odd",
    [
        ("9.1", "很多"),
        ("9.1", [95]),
        ("9.1", True),
        ("9.1", float("nan")),
        ("9.1", "95 公斤"),
        ("9.2", 2),
        ("9.4", "上升"),
        ("9.5", "QE1 QE2"),
        ("9.6", "昨天"),
        ("9.8", 60),
        ("9.9", [100]),
        ("9.11", [1, 2]),
        ("9.10", 2),
    ],
)
def test_unreadable_answers_are_invalid_with_a_message(qid, odd):
    result = checks.evaluate(qid, odd)
    assert result.status == "invalid" and result.message.startswith("⚠️") and not result.passed


def test_unknown_exercise():
    result = checks.evaluate("9.99", 1)
    assert result.status == "invalid" and "找不到練習" in result.message


def test_infinite_loop_in_learner_function_is_stopped():
    SPECS["9.8"]["seconds"] = 0.2
    try:

        def spin(total, cap):
            while True:
                pass

        result = checks.evaluate("9.8", spin)
    finally:
        SPECS["9.8"].pop("seconds")
    assert result.status == "failed" and "無窮迴圈" in result.message


anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20) | st.just(...),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=10,
)


@settings(max_examples=150, deadline=None)
@given(answer=anything, qid=st.sampled_from(sorted(SPECS) + ["0.1", "0.2", "x", ""]))
def test_check_never_raises(answer, qid):
    result = checks.evaluate(qid, answer)
    assert result.status in checks.STATUSES and isinstance(result.message, str) and result.message


def test_check_prints_once_and_records_progress(capsys, tmp_path):
    result = checks.check("9.1", 95)
    result._ipython_display_()  # what IPython does with a trailing expression: nothing more is printed
    assert capsys.readouterr().out.count("✅") == 1
    checks.check("9.1", 1)
    saved = json.loads((tmp_path / "progress.json").read_text(encoding="utf-8"))
    assert saved["9.1"] == {"passed": True, "attempts": 2}


def test_progress_table_and_reset(tmp_path, monkeypatch):
    monkeypatch.setenv("QEQT_PROGRESS_FILE", str(tmp_path / "p.json"))
    checks.check("0.2", "上升")
    table = checks.progress(show=False)
    row = table[table["章"] == "00_guide"].iloc[0]
    assert row["已通過"] == 1 and row["題數"] == 2
    checks.reset_progress()
    assert checks.progress(show=False)["已通過"].sum() == 0


def test_corrupt_progress_file_is_survived(tmp_path, monkeypatch):
    path = tmp_path / "p.json"
    path.write_text("{broken", encoding="utf-8")
    monkeypatch.setenv("QEQT_PROGRESS_FILE", str(path))
    assert checks.check("0.2", "上升").passed
    assert json.loads(path.read_text(encoding="utf-8"))["0.2"]["passed"] is True


def test_hints_and_solution(capsys):
    checks.hint("9.1")
    checks.hint("9.1", 2)
    checks.hint("9.1", 9)
    checks.solution("9.1")
    checks.hint("9.99")
    out = capsys.readouterr().out
    assert "提示 1/2：h1" in out and "提示 2/2：h2" in out and "沒有更多提示" in out and "解答：95" in out
    assert "找不到練習" in out


def test_encode_decode_roundtrip():
    specs = list(exercises.chapter_specs(0))
    blob = exercises.encode(specs)
    assert exercises.decode(blob) == json.loads(json.dumps(specs))
    assert "8965" not in blob and "上升" not in blob


# ------------------------------------------------------------------------------------ rich feedback (issue 15)
def test_feedback_bundle_has_plain_message_and_rich_html():
    from helpers.checks import evaluate, feedback

    wrong = feedback(evaluate("0.2", "下降"))
    bundle = wrong._repr_mimebundle_()
    assert bundle["text/plain"] == evaluate("0.2", "下降").message
    html = bundle["text/html"]
    assert (
        "qeqt-failed" in html
        and "#D55E00" in html
        and "❌" in html
        and "下一步" in html
        and "hint(&quot;0.2&quot;)" in html
    )
    right = feedback(evaluate("0.2", "上升"))._repr_html_()
    assert "qeqt-passed" in right and "✅" in right
    assert "找不到這一題" in feedback(evaluate("99.9", 1))._repr_html_()


def test_solution_code_is_highlighted_without_wrapping():
    from helpers.checks import Feedback

    html = Feedback(
        "solution", "0.1", '📖 0.1 解答：約 8.97 兆。程式：df = load("x"); df.loc[df.a == "最高", "b"].item()'
    )._repr_html_()
    block = html.split("<pre", 1)[1]
    assert "white-space:pre" in block and "overflow-x:auto" in block
    assert "<span" in block  # Pygments token colours
    assert "df.loc" not in html.split("<pre", 1)[0]  # the code is in the block, not in the prose
    assert "\ndf" in block.replace('<span style="color: #666">', "")  # one statement per line


def test_check_prints_plain_text_outside_jupyter(capsys):
    from helpers import checks

    checks.check("0.2", "下降")
    out = capsys.readouterr().out
    assert out.startswith("❌") and "<div" not in out
