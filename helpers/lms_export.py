"""Export the course gradebook to the grade-import CSV of Moodle or Canvas (teacher tool; docs/teacher-guide.md).

    python -m helpers.lms_export gradebook.csv --lms moodle --assignment "第 2 章練習" --out moodle.csv
    python -m helpers.lms_export gradebook.csv --lms canvas --assignment "第 2 章練習" --roster roster.csv --out canvas.csv

``gradebook.csv`` is what ``make grade`` writes (one row per submission × exercise: submission, exercise, status,
points, max_points, message). Each submission becomes one student row whose score is the sum of its points; the
student is the submission's file stem (``make collect`` names each copy after the student's login).

The optional roster (CSV, UTF-8) maps a login to what the LMS knows. Columns: ``login`` (required) and any of
``name``, ``email``, ``id_number`` (Moodle ID number), ``canvas_id``, ``sis_user_id``, ``sis_login_id``, ``section``.

Formats (as the two systems document their grade import):
- Moodle, Grades → Import → CSV file: one column that identifies the user (username, email address or ID number:
  chosen in the import's "Map from / Map to") and one column per grade item, plus optional feedback columns mapped
  to "Feedback for …". We write ``Username``, ``Email address``, ``ID number``, the assignment, and
  ``<assignment> feedback``; in the mapping step choose the identifying column and map the assignment column to the
  grade item (its maximum grade should equal the points shown in the summary line).
- Canvas, Grades → Import: the columns of Canvas's own gradebook export: ``Student``, ``ID``, ``SIS User ID``,
  ``SIS Login ID``, ``Section``, then one column per assignment. Canvas matches a student by ``ID`` (or SIS ids);
  an unknown assignment column name creates a new assignment. A ``Points Possible`` row follows the header.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import os
import pathlib
import sys
import tempfile

GRADEBOOK_FIELDS = ["submission", "exercise", "status", "points", "max_points"]
MOODLE_ID_COLUMNS = ["Username", "Email address", "ID number"]
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
ROSTER_FIELDS = {"login", "name", "email", "id_number", "canvas_id", "sis_user_id", "sis_login_id", "section"}


class ExportError(ValueError):
    """The gradebook or roster cannot be exported (message in zh-TW: teachers read it)."""


@dataclasses.dataclass
class Score:
    login: str
    points: float
    max_points: float
    passed: int
    exercises: int


def _read_csv(path: pathlib.Path, what: str) -> list[dict]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ExportError(f"找不到{what}：{path}") from None
    except UnicodeDecodeError:
        raise ExportError(f"{what}不是 UTF-8 編碼的 CSV：{path}（用試算表另存成「CSV UTF-8」）") from None
    return list(csv.DictReader(io.StringIO(text)))


def student_of(submission: str) -> str:
    """The login a submission belongs to: its file name without folders and extension."""
    return pathlib.PurePath(submission.replace("\\", "/")).stem


def scores(gradebook: pathlib.Path) -> list[Score]:
    rows = _read_csv(gradebook, "成績單")
    if not rows:
        raise ExportError(f"成績單是空的：{gradebook}（先執行 make grade）")
    missing = [f for f in GRADEBOOK_FIELDS if f not in rows[0]]
    if missing:
        raise ExportError(f"{gradebook} 不是 make grade 產生的成績單：缺少欄位 {', '.join(missing)}")
    by_student: dict[str, Score] = {}
    for i, row in enumerate(rows, start=2):
        login = student_of(row["submission"])
        try:
            points, max_points = float(row["points"] or 0), float(row["max_points"] or 0)
        except ValueError:
            raise ExportError(
                f"{gradebook} 第 {i} 列的分數不是數字：{row['points']!r} / {row['max_points']!r}"
            ) from None
        s = by_student.setdefault(login, Score(login, 0.0, 0.0, 0, 0))
        s.points += points
        s.max_points += max_points
        s.passed += row["status"] == "passed"
        s.exercises += 1
    return sorted(by_student.values(), key=lambda s: s.login)


def roster(path: pathlib.Path | None) -> dict[str, dict]:
    if path is None:
        return {}
    rows = _read_csv(path, "名單")
    if not rows or "login" not in rows[0]:
        raise ExportError(f"名單 {path} 要有 login 欄（學生的帳號，與收回的檔名相同）")
    unknown = set(rows[0]) - ROSTER_FIELDS
    if unknown:
        raise ExportError(
            f"名單 {path} 有不認得的欄位：{', '.join(sorted(unknown))}；可用的欄位：{', '.join(sorted(ROSTER_FIELDS))}"
        )
    return {r["login"].strip(): r for r in rows if r.get("login", "").strip()}


def _number(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def moodle_rows(items: list[Score], people: dict, assignment: str) -> list[list[str]]:
    out = [MOODLE_ID_COLUMNS + [assignment, f"{assignment} feedback"]]
    for s in items:
        p = people.get(s.login, {})
        out.append(
            [s.login, p.get("email", ""), p.get("id_number", ""), _number(s.points), f"{s.passed}/{s.exercises} 題通過"]
        )
    return out


def canvas_rows(items: list[Score], people: dict, assignment: str) -> list[list[str]]:
    possible = max((s.max_points for s in items), default=0.0)
    out = [CANVAS_COLUMNS + [assignment], ["Points Possible", "", "", "", "", _number(possible)]]
    for s in items:
        p = people.get(s.login, {})
        out.append(
            [
                p.get("name", s.login),
                p.get("canvas_id", ""),
                p.get("sis_user_id", ""),
                p.get("sis_login_id", s.login),
                p.get("section", ""),
                _number(s.points),
            ]
        )
    return out


def export(
    gradebook: pathlib.Path, lms: str, assignment: str, out: pathlib.Path, roster_path: pathlib.Path | None = None
) -> list[Score]:
    if lms not in ("moodle", "canvas"):
        raise ExportError(f"不支援的平台：{lms}（可用 moodle 或 canvas）")
    if not assignment.strip() or "," in assignment or '"' in assignment:
        raise ExportError("作業名稱不能是空的，也不能含逗號或引號")
    items, people = scores(gradebook), roster(roster_path)
    strangers = [s.login for s in items if people and s.login not in people]
    if strangers:
        raise ExportError(f"這些帳號不在名單裡：{', '.join(strangers)}（補進名單，或確認收回的檔名）")
    rows = (moodle_rows if lms == "moodle" else canvas_rows)(items, people, assignment)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    os.replace(tmp, out)
    return items


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="把 make grade 的成績單轉成 Moodle 或 Canvas 可匯入的 CSV")
    parser.add_argument("gradebook", type=pathlib.Path)
    parser.add_argument("--lms", required=True, choices=["moodle", "canvas"])
    parser.add_argument("--assignment", required=True, help="LMS 裡的成績項目（作業）名稱")
    parser.add_argument("--out", type=pathlib.Path, required=True)
    parser.add_argument("--roster", type=pathlib.Path, help="名單 CSV：login 與 email、ID 等欄位")
    args = parser.parse_args(argv)
    try:
        items = export(args.gradebook, args.lms, args.assignment, args.out, args.roster)
    except ExportError as exc:
        print(f"無法匯出：{exc}", file=sys.stderr)
        return 2
    top = max((s.max_points for s in items), default=0)
    print(f"寫入 {args.out}：{len(items)} 位學生，滿分 {_number(top)} 分（{args.lms}）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
