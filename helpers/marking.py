"""The marking engine: read a learner's answer as the kind an exercise expects and judge it against the spec
(introduced in 第 0 章 課程導讀).

``judge(spec, answer) -> Result`` never raises: any input gets a Result with ``.passed``, ``.status`` and a zh-TW
``.message``. It knows nothing of where specs live (``helpers.exercises``, the registry, sits above it) nor of
printing and progress (``helpers.checks``, the learner's façade, sits above that).

Answer kinds (the ``kind`` of a spec; ``KINDS`` is derived from ``COMPARATORS``):
``number`` (tolerance, units such as 億/兆/bn/tn/%), ``choice``, ``multi``, ``truth`` (是/否), ``direction``
(上升/下降/不變, one or several named items), ``order``, ``date`` (day/month/year precision), ``series``,
``frame``, ``function`` (called on cases), ``taccount`` (balance-sheet entries by side and item).
Misconception builders (``mis``, ``unit_slips``, ``sign_slip``, ``percent_slip``) write the named wrong answers a
spec lists.
"""

from __future__ import annotations

import datetime as _dt
import math
import numbers
import re

from helpers.limits import STUB_SECONDS, Timeout, is_stub_function, time_limit
from helpers.vocab import SIDE_LABELS, item_label, norm_item, norm_side

STATUSES = ("passed", "failed", "not_attempted", "invalid", "error", "timeout")


# ------------------------------------------------------------------------------------------------- results
class Result:
    """The outcome of one check. ``status`` is one of passed / failed / not_attempted / invalid."""

    def __init__(self, qid, status, message, misconception=None, points=0.0, max_points=1.0):
        self.qid = qid
        self.status = status
        self.message = message
        self.misconception = misconception
        self.points = points
        self.max_points = max_points
        self._shown = False

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    def __bool__(self):
        return self.passed

    def __repr__(self):
        return self.message

    def _ipython_display_(self):
        # check() has already printed the message; showing it again as Out[] would repeat it.
        if not self._shown:
            print(self.message)
            self._shown = True


class FunctionResults:
    """A learner's function already evaluated on a spec's cases (used by grading, which runs the
    function inside the learner's kernel and compares the outputs here)."""

    def __init__(self, outputs, stub=False):
        self.outputs = outputs  # list of ("ok", value) or ("error", "TypeError: ...")
        self.stub = stub


# ------------------------------------------------------------------------------------------- normalising
_MONEY_UNITS = [  # (pattern, multiplier in units of 1)
    (r"兆", 1e12),
    (r"億", 1e8),
    (r"萬", 1e4),
    (r"千", 1e3),
    (r"\btn\b|\btrillions?\b|\bT\b", 1e12),
    (r"\bbn\b|\bbillions?\b|\bB\b", 1e9),
    (r"\bmn\b|\bmillions?\b|\bm\b|\bM\b", 1e6),
    (r"\bk\b|\bthousands?\b", 1e3),
]
UNIT_BASE = {  # what one unit of an exercise's answer is worth
    "usd_bn": 1e9,
    "usd_tn": 1e12,
    "usd_mn": 1e6,
    "twd_100m": 1e8,
    "twd_bn": 1e9,
    "hkd_bn": 1e9,
    "usd": 1.0,
    "twd": 1.0,
    "hkd": 1.0,
}


class _Invalid(Exception):
    """The answer cannot be read as the kind the exercise expects (message in zh-TW)."""


def _is_blank(answer) -> bool:
    return answer is None or answer is Ellipsis or (isinstance(answer, str) and answer.strip() in {"", "..."})


def _to_number(answer, unit=None) -> float:
    if isinstance(answer, bool):
        raise _Invalid("這題要一個數字，你給的是 True/False。")
    if isinstance(answer, numbers.Number):
        value = float(answer)
    elif hasattr(answer, "item") and getattr(answer, "size", 2) == 1:  # numpy scalar or 1-element array
        return _to_number(answer.item(), unit)
    elif isinstance(answer, str):
        value = _parse_number_text(answer, unit)
    else:
        raise _Invalid(f"這題要一個數字，你給的是 {type(answer).__name__}。")
    if math.isnan(value) or math.isinf(value):
        raise _Invalid("答案是 NaN 或無限大，請檢查計算過程。")
    return value


def _parse_number_text(text, unit):
    s = text.strip().replace(",", "").replace("，", "").replace("＄", "").replace("$", "")
    s = re.sub(r"美元|美金|新台幣|新臺幣|台幣|臺幣|港幣|港元|元|USD|US\$|NTD|TWD|HKD", "", s).strip()
    m = re.match(r"^([-+−]?\d+(?:\.\d+)?)\s*(.*)$", s)
    if not m:
        raise _Invalid(f"讀不出「{text}」裡的數字。請直接寫數字，例如 95 或 0.95。")
    value = float(m.group(1).replace("−", "-"))
    rest = m.group(2).strip()
    if not rest:
        return value
    if rest in {"%", "％", "percent"}:
        if unit in (None, "pct"):
            return value
        raise _Invalid("這題不是百分比題，請不要加 %。")
    if rest in {"bp", "bps", "基點"}:
        if unit == "pct":
            return value / 100
        if unit == "bp":
            return value
        raise _Invalid("這題不是利率題，請不要加基點。")
    multiplier = None
    for pattern, mult in _MONEY_UNITS:
        if re.search(pattern, rest):
            multiplier = (multiplier or 1.0) * mult
            rest = re.sub(pattern, "", rest).strip()
    if multiplier is None or rest:
        raise _Invalid(f"看不懂單位「{m.group(2).strip()}」。請寫純數字（單位見題目），或用 億、兆、bn、tn。")
    if unit not in UNIT_BASE:
        raise _Invalid("這題的答案不帶金額單位，請只寫數字。")
    return value * multiplier / UNIT_BASE[unit]


_DIRECTIONS = {
    "up": {
        "上升",
        "上漲",
        "增加",
        "升",
        "漲",
        "提高",
        "變大",
        "擴大",
        "走強",
        "升值",
        "up",
        "rise",
        "rises",
        "increase",
        "increases",
        "higher",
        "+",
        "↑",
    },
    "down": {
        "下降",
        "下跌",
        "減少",
        "降",
        "跌",
        "降低",
        "變小",
        "縮小",
        "走弱",
        "貶值",
        "down",
        "fall",
        "falls",
        "decrease",
        "decreases",
        "lower",
        "-",
        "↓",
    },
    "flat": {"不變", "持平", "不動", "維持", "flat", "unchanged", "same", "0", "="},
}
_DIR_LABEL = {"up": "上升", "down": "下降", "flat": "不變"}


def _to_direction(answer) -> str:
    if not isinstance(answer, str):
        raise _Invalid("這題請用文字回答：「上升」、「下降」或「不變」。")
    s = answer.strip().lower()
    for canon, words in _DIRECTIONS.items():
        if s in words:
            return canon
    raise _Invalid(f"看不懂「{answer}」。請寫「上升」、「下降」或「不變」。")


_TRUE = {"是", "對", "正確", "true", "t", "yes", "y", "o", "○", "1"}
_FALSE = {"否", "錯", "錯誤", "不對", "false", "f", "no", "n", "x", "×", "0"}


def _to_truth(answer) -> bool:
    if isinstance(answer, bool):
        return answer
    if isinstance(answer, str):
        s = answer.strip().lower()
        if s in _TRUE:
            return True
        if s in _FALSE:
            return False
    raise _Invalid("這題請回答 True 或 False（也可以寫「是」/「否」）。")


def _to_choice(answer, options) -> str:
    if not isinstance(answer, str):
        raise _Invalid('這題請用選項字母回答，例如 "B"。')
    s = answer.strip().strip("()（）.。 ").upper()
    if options and s not in {k.upper() for k in options}:
        for key, text in options.items():
            if answer.strip() == str(text).strip():
                return key.upper()
        raise _Invalid(f"沒有選項「{answer}」。可選：{'、'.join(options)}。")
    return s


def _to_choices(answer, options) -> frozenset:
    if isinstance(answer, str):
        parts = [p for p in re.split(r"[,\s、，;；]+", answer) if p]
        if len(parts) == 1 and len(parts[0]) > 1 and parts[0].isalpha() and parts[0].isascii():
            parts = list(parts[0])  # "AC" → A, C
    elif isinstance(answer, (list, tuple, set, frozenset)):
        parts = list(answer)
    else:
        raise _Invalid('這題可以選多個，請用串列回答，例如 ["A", "C"]。')
    return frozenset(_to_choice(p, options) for p in parts)


def _to_date(answer):
    import pandas as pd

    if isinstance(answer, (_dt.date, pd.Timestamp)):
        return pd.Timestamp(answer)
    if hasattr(answer, "item") and not isinstance(answer, str):
        try:
            return pd.Timestamp(answer.item() if getattr(answer, "size", 2) == 1 else answer)
        except Exception:
            pass
    if isinstance(answer, str):
        s = answer.strip().replace("年", "-").replace("月", "-").replace("日", "").replace("/", "-").strip("-")
        for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
            try:
                return pd.Timestamp(_dt.datetime.strptime(s, fmt))
            except ValueError:
                continue
    raise _Invalid('這題請回答日期，例如 "2019-09-17" 或 "2019-09"。')


# ------------------------------------------------------------------------------------------ comparators
# Each returns (ok, detail): detail is a zh-TW sentence about what is off, never the expected answer.
def _close(a, b, spec) -> bool:
    tol = spec.get("tol")
    if tol is not None:
        return abs(a - b) <= tol + 1e-12
    rtol = spec.get("rtol", 0.005)
    return abs(a - b) <= rtol * max(abs(b), 1e-12) + 1e-12


def _cmp_number(answer, expected, spec):
    value = _to_number(answer, spec.get("unit"))
    return _close(value, float(expected), spec), ""


def _cmp_choice(answer, expected, spec):
    return _to_choice(answer, spec.get("options")) == str(expected).upper(), ""


def _cmp_multi(answer, expected, spec):
    got = _to_choices(answer, spec.get("options"))
    want = frozenset(str(e).upper() for e in expected)
    if got == want:
        return True, ""
    if got < want:
        return False, "你選的都對，但還少了。"
    if got > want:
        return False, "正確的都選到了，但多選了。"
    return False, ""


def _cmp_truth(answer, expected, spec):
    return _to_truth(answer) == bool(expected), ""


def _cmp_direction(answer, expected, spec):
    if isinstance(expected, dict):
        if not isinstance(answer, dict):
            raise _Invalid(f"這題請用字典回答每一項的方向，例如 {{{', '.join(repr(k) + ': ...' for k in expected)}}}。")
        missing = [k for k in expected if k not in answer]
        if missing:
            return False, f"少了「{'、'.join(map(str, missing))}」的答案。"
        for key, want in expected.items():
            if _to_direction(answer[key]) != _to_direction(want):
                return False, f"「{key}」的方向不對。"
        return True, ""
    return _to_direction(answer) == _to_direction(expected), ""


def _cmp_order(answer, expected, spec):
    if not isinstance(answer, (list, tuple)):
        raise _Invalid('這題請用串列（list）排出順序，例如 ["A", "B", "C"]。')
    got = [str(a).strip().upper() if len(str(a).strip()) == 1 else str(a).strip() for a in answer]
    want = [str(e).strip().upper() if len(str(e).strip()) == 1 else str(e).strip() for e in expected]
    if sorted(got) != sorted(want):
        return False, f"項目不齊全或有多餘的項目：應該恰好排列這 {len(want)} 項。"
    for i, (g, w) in enumerate(zip(got, want), start=1):
        if g != w:
            return False, f"從第 {i} 個位置開始順序不對。"
    return True, ""


def _cmp_date(answer, expected, spec):
    got, want = _to_date(answer), _to_date(expected)
    gran = spec.get("granularity", "day")
    if gran == "year":
        return got.year == want.year, ""
    if gran == "month":
        return (got.year, got.month) == (want.year, want.month), ""
    tol_days = spec.get("tol_days", 0)
    return abs((got - want).days) <= tol_days, ""


def _as_series(obj):
    import pandas as pd

    if isinstance(obj, pd.Series):
        return obj
    if isinstance(obj, dict) and set(obj) == {"index", "values"}:
        return pd.Series(obj["values"], index=obj["index"])
    if isinstance(obj, dict):
        return pd.Series(obj)
    if isinstance(obj, (list, tuple)):
        return pd.Series(list(obj))
    raise _Invalid("這題要一個 pandas Series（或 dict / list）。")


def _cmp_series(answer, expected, spec):
    import pandas as pd

    got, want = _as_series(answer), _as_series(expected)
    if len(got) != len(want):
        return False, f"長度不對：你的有 {len(got)} 個值，應該有 {len(want)} 個。"
    if spec.get("check_index", True):
        gi = [str(pd.Timestamp(i).date()) if isinstance(i, (_dt.date, pd.Timestamp)) else str(i) for i in got.index]
        wi = [str(i) for i in want.index]
        if gi != wi:
            return False, "索引（index）不對：檢查日期或項目的順序。"
    try:
        gv = [float(v) for v in got.to_numpy()]
    except (TypeError, ValueError):
        raise _Invalid("Series 的值必須是數字。") from None
    for i, (g, w) in enumerate(zip(gv, want.to_numpy())):
        if not _close(g, float(w), spec):
            return False, f"第 {i + 1} 個值（index {got.index[i]}）不對。"
    return True, ""


def _cmp_frame(answer, expected, spec):
    import pandas as pd

    if not isinstance(answer, pd.DataFrame):
        raise _Invalid("這題要一個 pandas DataFrame。")
    want = pd.DataFrame(expected["data"], columns=expected["columns"])
    missing = [c for c in want.columns if c not in answer.columns]
    if missing:
        return False, f"少了欄位：{'、'.join(map(str, missing))}。"
    if len(answer) != len(want):
        return False, f"列數不對：你的有 {len(answer)} 列，應該有 {len(want)} 列。"
    for col in want.columns:
        for i, (g, w) in enumerate(zip(answer[col].tolist(), want[col].tolist())):
            if isinstance(w, numbers.Number) and not isinstance(w, bool):
                try:
                    ok = _close(float(g), float(w), spec)
                except (TypeError, ValueError):
                    ok = False
            else:
                ok = str(g) == str(w)
            if not ok:
                return False, f"欄位「{col}」第 {i + 1} 列的值不對。"
    return True, ""


def _function_outputs(fn, cases, seconds=STUB_SECONDS):
    outputs = []
    for case in cases:
        try:
            with time_limit(seconds):
                outputs.append(("ok", fn(*case.get("args", []), **case.get("kwargs", {}))))
        except Timeout:
            outputs.append(("error", f"執行超過 {seconds:g} 秒（無窮迴圈？）"))
        except Exception as exc:  # the learner's code may raise anything
            outputs.append(("error", f"{type(exc).__name__}: {exc}"))
    return outputs


def _cmp_function(answer, expected, spec):
    """Compare a function's outputs on ``spec["cases"]`` with each case's ``expected``; when ``expected`` is a
    list with one value per case it replaces them (that is how a misconception of a function exercise is
    written: the outputs a typical wrong function returns)."""
    cases = spec["cases"]
    if isinstance(expected, list) and len(expected) == len(cases):
        cases = [dict(case, expected=value) for case, value in zip(cases, expected)]
    if isinstance(answer, FunctionResults):
        outputs = answer.outputs
    elif callable(answer):
        outputs = _function_outputs(answer, cases, spec.get("seconds", STUB_SECONDS))
    else:
        raise _Invalid("這題要你定義一個函式（def），再把函式本身傳給 check。")
    for case, (kind, value) in zip(cases, outputs):
        shown = ", ".join(
            [repr(a) for a in case.get("args", [])] + [f"{k}={v!r}" for k, v in case.get("kwargs", {}).items()]
        )
        if kind == "error":
            return False, f"輸入 ({shown}) 時函式出錯：{value}"
        ok, _ = _compare_value(value, case["expected"], spec)
        if not ok:
            return False, f"輸入 ({shown}) 時回傳值不對。"
    return True, ""


def _compare_value(value, expected, spec):
    """Compare one returned value with an expected one of any plain type (used for function cases)."""
    try:
        if isinstance(expected, (int, float)) and not isinstance(expected, bool):
            return _close(_to_number(value, spec.get("unit")), float(expected), spec), ""
        if isinstance(expected, dict) and {"index", "values"} == set(expected):
            return _cmp_series(value, expected, spec)
        if isinstance(expected, (list, tuple)):
            if not isinstance(value, (list, tuple)) and not hasattr(value, "tolist"):
                return False, ""
            vals = list(value.tolist() if hasattr(value, "tolist") else value)
            return len(vals) == len(expected) and all(_compare_value(v, e, spec)[0] for v, e in zip(vals, expected)), ""
        return value == expected, ""
    except _Invalid:
        return False, ""


def _to_taccount(answer):
    if not isinstance(answer, dict):
        raise _Invalid('這題請用字典回答，例如 {"assets": {"treasuries": 100}, "liabilities": {"reserves": 100}}。')
    out = {"assets": {}, "liabilities": {}}
    for side, items in answer.items():
        s = norm_side(side)
        if s is None:
            raise _Invalid(f'看不懂「{side}」：兩邊請寫 "assets"（資產）和 "liabilities"（負債）。')
        if not isinstance(items, dict):
            raise _Invalid(f"「{side}」底下要是一個字典：項目 → 金額。")
        for item, amount in items.items():
            value = _to_number(amount)
            if abs(value) > 1e-12:
                out[s][norm_item(item)] = out[s].get(norm_item(item), 0.0) + value
    return out


def _cmp_taccount(answer, expected, spec):
    got, want = _to_taccount(answer), _to_taccount(expected)
    for side in ("assets", "liabilities"):
        other = "liabilities" if side == "assets" else "assets"
        for item, amount in want[side].items():
            if item not in got[side]:
                if item in got[other]:
                    return False, f"「{item_label(item)}」放錯邊了：它屬於{SIDE_LABELS[side]}。"
                return False, f"{SIDE_LABELS[side]}少了「{item_label(item)}」這一項。"
            g = got[side][item]
            if (g > 0) != (amount > 0):
                return (
                    False,
                    f"{SIDE_LABELS[side]}的「{item_label(item)}」方向反了：應該{'增加' if amount > 0 else '減少'}。",
                )
            if not _close(g, amount, spec):
                return False, f"{SIDE_LABELS[side]}的「{item_label(item)}」金額不對。"
    for side in ("assets", "liabilities"):
        for item in got[side]:
            if item not in want[side]:
                return False, f"{SIDE_LABELS[side]}多了「{item_label(item)}」：這筆交易不會動到它。"
    if abs(sum(got["assets"].values()) - sum(got["liabilities"].values())) > 1e-9:
        return False, "兩邊的變動不相等：資產的增減必須等於負債加資本的增減。"
    return True, ""


COMPARATORS = {
    "number": _cmp_number,
    "choice": _cmp_choice,
    "multi": _cmp_multi,
    "truth": _cmp_truth,
    "direction": _cmp_direction,
    "order": _cmp_order,
    "date": _cmp_date,
    "series": _cmp_series,
    "frame": _cmp_frame,
    "function": _cmp_function,
    "taccount": _cmp_taccount,
}
KINDS = frozenset(COMPARATORS)


def is_blank(answer) -> bool:
    """True for an unattempted answer: ``...``, ``None``, an empty string, or a stub function."""
    return (
        _is_blank(answer)
        or (isinstance(answer, FunctionResults) and answer.stub)
        or (callable(answer) and is_stub_function(answer))
    )


def judge(spec: dict, answer) -> Result:
    """Judge ``answer`` against one exercise spec. Never raises; the message is zh-TW."""
    qid = str(spec.get("id", "?"))
    points = float(spec.get("points", 1))
    try:
        if is_blank(answer):
            return Result(
                qid, "not_attempted", f"⬜ {qid} 尚未作答：把 `...` 換成你的答案，再執行這一格。", max_points=points
            )
        compare = COMPARATORS[spec["kind"]]
        ok, detail = compare(answer, spec["expected"], spec)
        if ok:
            extra = f" {spec['praise']}" if spec.get("praise") else ""
            return Result(qid, "passed", f"✅ {qid} 答對了！{extra}", points=points, max_points=points)
        for m in spec.get("misconceptions", []):
            try:
                hit, _ = compare(answer, m["answer"], spec)
            except _Invalid:
                hit = False
            if hit:
                return Result(qid, "failed", f"❌ {qid} {m['message']}", misconception=m["name"], max_points=points)
        more = f"{detail} " if detail else ""
        return Result(qid, "failed", f'❌ {qid} 還不對。{more}需要提示嗎？執行 hint("{qid}")。', max_points=points)
    except _Invalid as exc:
        return Result(qid, "invalid", f"⚠️ {qid} 答案的格式無法判讀：{exc}", max_points=points)
    except Exception as exc:  # never raise on learner input
        return Result(
            qid,
            "invalid",
            f"⚠️ {qid} 檢查時出了問題（{type(exc).__name__}: {exc}）。請檢查答案的型別，或回報給老師。",
            max_points=points,
        )


# ----------------------------------------------------------------------------------------------- spec helpers
def mis(answer, message, name="misconception"):
    """A named misconception: a concrete wrong answer and the message it earns."""
    return {"name": name, "answer": answer, "message": message}


def unit_slips(expected, unit_word="單位", factors=(1000,), name="unit_slip"):
    """Misconceptions for an amount off by a unit factor (×/÷ 1000: bn vs tn, millions vs billions; 1e4: 億 vs 兆)."""
    out = []
    for f in factors:
        for value, how in ((expected * f, "大"), (expected / f, "小")):
            out.append(
                mis(
                    value,
                    f"單位換算錯了：你的答案剛好{how}了 {f:,g} 倍。檢查{unit_word}"
                    "（十億 vs 兆、百萬 vs 十億、億 vs 兆）。",
                    f"{name}_x{f:g}_{how}",
                )
            )
    return out


def sign_slip(expected, message=None):
    """Misconception for the right size with the wrong sign."""
    return mis(-expected, message or "大小對了，但正負號相反：想一想這個量是增加還是減少。", "sign")


def percent_slip(expected):
    """Misconception for a fraction where percent is expected (0.05 vs 5)."""
    return mis(
        expected / 100, "看起來你寫的是小數（例如 0.05），這題要的是百分比數字（例如 5）。", "percent_vs_fraction"
    )


# --------------------------------------------------------------------------------------------- evaluation
