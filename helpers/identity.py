"""Who handed in an exercise notebook: the 學號 (student number) and 姓名 (name) its first cell asks for.

The generated exercise notebooks (``helpers.make_exercises``) start with::

    student_id = ""    # 學號，例如 "B11201001"
    student_name = ""  # 姓名，例如 "王小明"
    check_identity(student_id, student_name)

``check_identity`` tells the learner in zh-TW whether the format is right; the grader reads the two strings
*statically* from the notebook's source (``read``), so an identity is recorded even for a notebook that cannot run.
Standard library only.
"""

from __future__ import annotations

import ast
import re

ID_PATTERN = re.compile(r"^[A-Za-z]?\d{6,10}$|^[A-Za-z]{1,2}\d{5,9}$")  # e.g. B11201001, 411012345, AB1234567
NAME_MAX = 30


def problems(student_id, student_name) -> list[str]:
    """zh-TW descriptions of what is wrong with an identity (empty when it looks right)."""
    out = []
    sid = student_id.strip() if isinstance(student_id, str) else ""
    name = student_name.strip() if isinstance(student_name, str) else ""
    if not sid:
        out.append("還沒填學號")
    elif not ID_PATTERN.match(sid):
        out.append(f"學號「{sid[:20]}」格式不對（應為 6–10 位數字，前面可有 1–2 個英文字母，例如 B11201001）")
    if not name:
        out.append("還沒填姓名")
    elif len(name) > NAME_MAX or any(ch.isdigit() or ch in "\"'`<>{}[]\\/=;" for ch in name):
        out.append(f"姓名「{name[:20]}」看起來不像姓名（不含數字或符號，{NAME_MAX} 字以內）")
    return out


def check_identity(student_id, student_name) -> bool:
    """Print whether the identity cell is filled in correctly (zh-TW); return True when it is."""
    found = problems(student_id, student_name)
    if found:
        print("⚠️ " + "；".join(found) + "。批改時用學號和姓名辨認你的作業，請改好再存檔。")
        return False
    print(f"✅ 已記下：{student_id.strip()} {student_name.strip()}。")
    return True


def read(sources) -> tuple[str, str]:
    """(student_id, student_name) assigned as plain string literals in the given cell sources ("" when absent)."""
    found = {}
    for source in sources:
        if not isinstance(source, str) or "student_" not in source:
            continue
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            continue
        for node in tree.body:
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and node.targets[0].id in ("student_id", "student_name")
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            ):
                found.setdefault(node.targets[0].id, node.value.value.strip())
        if len(found) == 2:
            break
    return found.get("student_id", ""), found.get("student_name", "")
