"""The learner's façade of the exercise system: ``check``, ``hint``, ``solution`` and ``progress`` (introduced in
第 0 章 課程導讀).

In a notebook::

    from helpers.checks import check, hint, solution
    answer_2_3 = ...          # the learner's work
    check("2.3", answer_2_3)  # ✅ / ❌ with a zh-TW message; "尚未作答" for ... or None

``check`` never raises: any input gets a Result with ``.passed``, ``.status`` and a zh-TW ``.message``.
The layers below: ``helpers.exercises`` (the registry: where specs live, plain or encoded) and ``helpers.marking``
(the engine that judges an answer against a spec). This module only looks specs up, prints, and keeps progress.
"""
from __future__ import annotations

import json
import os
import pathlib
import tempfile

from helpers import exercises
from helpers.marking import STATUSES, Result, judge

__all__ = ["check", "evaluate", "hint", "solution", "progress", "reset_progress", "Result", "STATUSES"]


def evaluate(qid, answer) -> Result:
    """Check ``answer`` for exercise ``qid`` without printing or recording progress."""
    qid = str(qid).strip()
    try:
        spec = exercises.get(qid)
    except KeyError:
        return Result(qid, "invalid", f"⚠️ 找不到練習「{qid}」。請確認題號（例如 \"2.3\"）。", max_points=0.0)
    except Exception as exc:  # a broken spec file must not break the learner's notebook
        return Result(qid, "invalid", f"⚠️ 練習「{qid}」的設定讀不到（{type(exc).__name__}）。請回報給老師。")
    return exercises.judge(spec, answer)  # the engine, or salted hashes for a sealed classroom spec


def check(qid, answer) -> Result:
    """Check a learner's answer, print zh-TW feedback, record progress, and return the Result."""
    result = evaluate(qid, answer)
    print(result.message)
    result._shown = True
    if result.status in ("passed", "failed"):
        try:
            _record(result)
        except Exception:
            pass  # progress is a convenience; it must never break a check
    return result


def hint(qid, level=1) -> str:
    """Print hint number ``level`` (1 = gentlest) for exercise ``qid``; return it."""
    qid = str(qid).strip()
    try:
        hints = exercises.get(qid).get("hints", [])
    except KeyError:
        text = f"⚠️ 找不到練習「{qid}」。"
    else:
        try:
            level = max(1, int(level))
        except (TypeError, ValueError):
            level = 1
        if not hints:
            text = f"💡 {qid} 這題沒有提示。"
        elif level > len(hints):
            text = f"💡 {qid} 提示 {len(hints)}/{len(hints)}：{hints[-1]}\n（沒有更多提示了；想看解答請執行 solution(\"{qid}\")。）"
        else:
            more = f"\n（還有更多提示：hint(\"{qid}\", {level + 1})）" if level < len(hints) else ""
            text = f"💡 {qid} 提示 {level}/{len(hints)}：{hints[level - 1]}{more}"
    print(text)
    return _Quiet(text)


def solution(qid) -> str:
    """Print the worked solution of exercise ``qid``; return it."""
    qid = str(qid).strip()
    try:
        spec = exercises.get(qid)
    except KeyError:
        text = f"⚠️ 找不到練習「{qid}」。"
    else:
        body = spec.get("solution")
        text = f"📖 {qid} 解答：{body}" if body else f"📖 {qid} 的解答由老師另外公布。"
    print(text)
    return _Quiet(text)


class _Quiet(str):
    """A string that IPython does not echo again (it was printed already)."""

    def _ipython_display_(self):
        pass


# ---------------------------------------------------------------------------------------------- progress
def _progress_path() -> pathlib.Path | None:
    env = os.environ.get("QEQT_PROGRESS_FILE")
    if env == "off":
        return None
    return pathlib.Path(env) if env else pathlib.Path.home() / ".qeqt-course" / "progress.json"


def _read_progress(path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _record(result: Result) -> None:
    path = _progress_path()
    if path is None:
        return
    data = _read_progress(path)
    entry = data.get(result.qid, {"passed": False, "attempts": 0})
    entry["attempts"] = int(entry.get("attempts", 0)) + 1
    entry["passed"] = bool(entry.get("passed")) or result.passed
    data[result.qid] = entry
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".progress.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1, sort_keys=True)
    os.replace(tmp, path)


def progress(show=True):
    """A table of exercises passed per chapter, read from the local progress file (kept across restarts)."""
    import pandas as pd

    path = _progress_path()
    done = _read_progress(path) if path else {}
    rows = []
    for chapter, title, ids in exercises.chapters():
        passed = sum(bool(done.get(q, {}).get("passed")) for q in ids)
        rows.append({"章": chapter, "標題": title, "已通過": passed, "題數": len(ids),
                     "完成率": f"{passed / len(ids):.0%}" if ids else "–"})
    table = pd.DataFrame(rows)
    if show:
        total = sum(r["已通過"] for r in rows)
        print(f"目前通過 {total} / {sum(r['題數'] for r in rows)} 題。")
    return table


def reset_progress() -> None:
    """Forget every recorded attempt (deletes the local progress file)."""
    path = _progress_path()
    if path and path.exists():
        path.unlink()
    print("已清除學習進度。")
