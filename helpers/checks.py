"""The learner's façade of the exercise system: ``check``, ``hint``, ``solution`` and ``progress`` (introduced in
第 0 章 課程導讀).

In a notebook::

    from helpers.checks import check, hint, solution
    answer_2_3 = ...          # the learner's work
    check("2.3", answer_2_3)  # ✅ / ❌ with a zh-TW message; "尚未作答" for ... or None

``check`` never raises: any input gets a Result with ``.passed``, ``.status`` and a zh-TW ``.message``.
In Jupyter, feedback is rich output (:class:`Feedback`: colour and icon by status, the misconception's message,
a "下一步" line, solution code highlighted in a code block that scrolls instead of wrapping); its ``text/plain``
form is the plain message, which is also what terminals and grading see.
The layers below: ``helpers.exercises`` (the registry: where specs live, plain or encoded) and ``helpers.marking``
(the engine that judges an answer against a spec). This module only looks specs up, prints, and keeps progress.
"""

from __future__ import annotations

import html
import json
import os
import pathlib
import re
import sys
import tempfile

from helpers import exercises
from helpers.marking import STATUSES, Result

__all__ = ["check", "evaluate", "hint", "solution", "progress", "reset_progress", "Result", "STATUSES", "Feedback"]

# Okabe–Ito colours (helpers.style.PALETTE) by status; the icon repeats the meaning for colour-blind readers.
_LOOK = {
    "passed": ("#009E73", "✅", "答對了"),
    "failed": ("#D55E00", "❌", "再想想"),
    "not_attempted": ("#0072B2", "⬜", "尚未作答"),
    "invalid": ("#E69F00", "⚠️", "答案的格式讀不懂"),
    "error": ("#E69F00", "⚠️", "執行出錯"),
    "timeout": ("#E69F00", "⏱️", "執行太久"),
    "unknown": ("#E69F00", "⚠️", "找不到這一題"),
    "hint": ("#0072B2", "💡", "提示"),
    "solution": ("#555555", "📖", "解答"),
}


def _in_kernel() -> bool:
    """True inside a Jupyter kernel (rich output is rendered); False in a terminal or a plain script."""
    shell = sys.modules.get("IPython") and sys.modules["IPython"].get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def _code_html(code: str) -> str:
    """Python code highlighted (Pygments, inline styles) in a block that scrolls sideways instead of wrapping."""
    try:
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import PythonLexer

        body = highlight(code, PythonLexer(), HtmlFormatter(noclasses=True, nowrap=True, style="friendly"))
    except Exception:  # Pygments ships with JupyterLab; plain text if it is missing
        body = html.escape(code)
    return (
        '<pre style="white-space:pre;overflow-x:auto;background:#f6f8fa;padding:6px 8px;margin:4px 0;'
        'border-radius:4px;font-size:0.92em;line-height:1.4"><code>' + body.rstrip() + "</code></pre>"
    )


def _split_statements(code: str) -> str:
    """``a = 1; b(a)`` on separate lines (semicolons inside quotes are kept)."""
    out, quote = [], None
    i = 0
    while i < len(code):
        ch = code[i]
        if quote:
            quote = None if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == ";":
            out.append("\n")
            i += 1
            while i < len(code) and code[i] == " ":
                i += 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


_CODE = re.compile(r"程式[：:]\s*(.+?)(?:。(?=\s|[^\x00-\x7f]|$)|$)", re.S)


def _text_html(text: str) -> str:
    """Prose escaped for HTML, with every "程式：…" segment shown as a highlighted code block."""
    parts, last = [], 0
    for m in _CODE.finditer(text):
        parts.append(html.escape(text[last : m.start()]).replace("\n", "<br>"))
        parts.append("程式：" + _code_html(_split_statements(m.group(1).strip())))
        last = m.end()
    parts.append(html.escape(text[last:]).replace("\n", "<br>"))
    return "".join(parts)


class Feedback:
    """What the learner sees: rich HTML in Jupyter, the plain message in a terminal (``text/plain``)."""

    def __init__(self, kind, qid, message, next_step="", tag=""):
        self.kind, self.qid, self.message, self.next_step, self.tag = kind, qid, message, next_step, tag

    def __str__(self):
        return self.message

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colour, icon, title = _LOOK.get(self.kind, _LOOK["invalid"])
        body = self.message
        if body[:2].strip() and body.lstrip().startswith(icon):
            body = body.lstrip()[len(icon) :].lstrip()
        tag = (
            (
                f' <span style="background:{colour};color:#fff;border-radius:3px;padding:0 5px;font-size:0.85em">'
                f"{html.escape(self.tag)}</span>"
            )
            if self.tag
            else ""
        )
        step = (
            f'<div style="margin-top:4px;color:#333"><b>下一步：</b>{html.escape(self.next_step)}</div>'
            if self.next_step
            else ""
        )
        return (
            f'<div class="qeqt-feedback qeqt-{self.kind}" role="status" style="border-left:5px solid {colour};'
            f'background:{colour}14;padding:6px 10px;margin:2px 0;border-radius:3px;line-height:1.55">'
            f'<div><span aria-hidden="true">{icon}</span> <b style="color:{colour}">{html.escape(title)}</b>'
            f"{tag}</div><div>{_text_html(body)}</div>{step}</div>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": self.message, "text/html": self._repr_html_()}


def _show(feedback: Feedback) -> None:
    if _in_kernel():
        from IPython.display import display

        display(feedback)
    else:
        print(feedback.message)


def _next_exercise(qid):
    for _chapter, _title, ids in exercises.chapters():
        if qid in ids:
            i = ids.index(qid)
            return ids[i + 1] if i + 1 < len(ids) else None
    return None


def _next_step(result: Result) -> str:
    qid = result.qid
    if result.status == "passed":
        try:
            after = _next_exercise(qid)
        except Exception:
            after = None
        return f"往下做 {after}。" if after else "本章練習做完了；執行 progress() 看各章進度。"
    if result.status == "failed":
        return f'改好答案再執行一次；卡住了就執行 hint("{qid}")。'
    if result.status == "not_attempted":
        return ""  # the message already says what to do
    if result.status == "invalid" and result.max_points == 0:
        return '檢查題號，例如 check("2.3", answer_2_3)。'
    return "照上面的說明改一下答案的寫法，再執行一次。"


def feedback(result: Result) -> Feedback:
    """The rich form of a Result (used by ``check``)."""
    tag = "常見誤解" if result.status == "failed" and result.misconception else ""
    kind = "unknown" if result.status == "invalid" and result.max_points == 0 else result.status
    return Feedback(kind, result.qid, result.message, _next_step(result), tag)


def evaluate(qid, answer) -> Result:
    """Check ``answer`` for exercise ``qid`` without printing or recording progress."""
    qid = str(qid).strip()
    try:
        spec = exercises.get(qid)
    except KeyError:
        return Result(qid, "invalid", f'⚠️ 找不到練習「{qid}」。請確認題號（例如 "2.3"）。', max_points=0.0)
    except Exception as exc:  # a broken spec file must not break the learner's notebook
        return Result(qid, "invalid", f"⚠️ 練習「{qid}」的設定讀不到（{type(exc).__name__}）。請回報給老師。")
    return exercises.judge(spec, answer)  # the engine, or salted hashes for a sealed classroom spec


def check(qid, answer) -> Result:
    """Check a learner's answer, print zh-TW feedback, record progress, and return the Result."""
    result = evaluate(qid, answer)
    _show(feedback(result))
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
    step = ""
    try:
        spec = exercises.get(qid)
        hints = spec.get("hints", [])
    except KeyError:
        text = f"⚠️ 找不到練習「{qid}」。"
    else:
        try:
            level = max(1, int(level))
        except (TypeError, ValueError):
            level = 1
        if not hints and "sealed" in spec:  # a classroom bundle: the teacher releases hints later
            text = f"💡 {qid} 的提示由老師另外公布（公布後把老師給的檔案解壓到課程資料夾，再重新啟動 kernel）。"
        elif not hints:
            text = f"💡 {qid} 這題沒有提示。"
        elif level > len(hints):
            text = f'💡 {qid} 提示 {len(hints)}/{len(hints)}：{hints[-1]}\n（沒有更多提示了；想看解答請執行 solution("{qid}")。）'
        else:
            more = f'\n（還有更多提示：hint("{qid}", {level + 1})）' if level < len(hints) else ""
            text = f"💡 {qid} 提示 {level}/{len(hints)}：{hints[level - 1]}{more}"
            step = f'改好答案後再執行 check("{qid}", …)。'
    _show(Feedback("hint" if text.startswith("💡") else "unknown", qid, text, step))
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
        text = (
            f"📖 {qid} 解答：{body}"
            if body
            else f"📖 {qid} 的解答由老師另外公布（公布後把老師給的檔案解壓到課程資料夾，再重新啟動 kernel）。"
        )
    _show(Feedback("solution" if text.startswith("📖") else "unknown", qid, text))
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
    """Exercises passed per chapter, read from the local progress file (kept across restarts).

    Returns a table (one row per chapter: 章, 標題, 已通過, 題數, 完成率) that Jupyter shows compactly: one line per
    chapter with a bar; ``show`` also prints (or displays) the total."""
    import pandas as pd

    path = _progress_path()
    done = _read_progress(path) if path else {}
    rows = []
    for chapter, title, ids in exercises.chapters():
        passed = sum(bool(done.get(q, {}).get("passed")) for q in ids)
        rows.append(
            {
                "章": chapter,
                "標題": title,
                "已通過": passed,
                "題數": len(ids),
                "完成率": f"{passed / len(ids):.0%}" if ids else "—",
            }
        )
    table = ProgressTable(pd.DataFrame(rows))
    if show:
        total = sum(r["已通過"] for r in rows)
        text = f"目前通過 {total} / {sum(r['題數'] for r in rows)} 題。"
        if _in_kernel():
            table.headline = text  # shown as the table's first line
        else:
            print(text)
    return table


def _progress_bar(passed, count, width=10):
    filled = round(width * passed / count) if count else 0
    return "█" * filled + "░" * (width - filled)


try:
    import pandas as _pd

    class ProgressTable(_pd.DataFrame):
        """progress()'s table: a DataFrame whose notebook display is one compact line per chapter."""

        _metadata = ["headline"]
        headline = ""

        @property
        def _constructor(self):
            return ProgressTable

        def _compact_rows(self):
            for r in self.to_dict("records"):
                yield r, _progress_bar(r["已通過"], r["題數"])

        def __repr__(self):
            lines = [self.headline] if self.headline else []
            lines += [f"{r['章']}  {r['標題']}  {bar} {r['已通過']}/{r['題數']}" for r, bar in self._compact_rows()]
            return "\n".join(lines)

        def _repr_html_(self):
            rows = "".join(
                f'<tr><td style="text-align:right;padding:0 6px">{r["章"]}</td>'
                f'<td style="text-align:left;padding:0 6px">{html.escape(str(r["標題"]))}</td>'
                f'<td style="padding:0 6px" role="img" aria-label="{r["已通過"]} / {r["題數"]}">'
                f'<span style="color:#009E73;letter-spacing:-1px" aria-hidden="true">{bar}</span></td>'
                f'<td style="text-align:right;padding:0 6px">{r["已通過"]}/{r["題數"]}</td></tr>'
                for r, bar in self._compact_rows()
            )
            head = f"<div><b>{html.escape(self.headline)}</b></div>" if self.headline else ""
            return (
                f'<div class="qeqt-progress">{head}<table style="border-collapse:collapse;font-size:0.95em">'
                f"{rows}</table></div>"
            )
except ImportError:  # pragma: no cover - pandas is a core dependency
    ProgressTable = None


def reset_progress() -> None:
    """Forget every recorded attempt (deletes the local progress file)."""
    path = _progress_path()
    if path and path.exists():
        path.unlink()
    print("已清除學習進度。")
