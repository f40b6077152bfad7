"""helpers/lms_export.py: the gradebook as Moodle's and Canvas's grade-import CSV."""

import csv
import pathlib

import pytest

from helpers import lms_export

GRADEBOOK = """submission,exercise,status,points,max_points,message
collected/02_qt_mechanics/alice.ipynb,2.1,passed,1,1,ok
collected/02_qt_mechanics/alice.ipynb,2.2,passed,1,1,ok
collected/02_qt_mechanics/alice.ipynb,2.3,failed,0,1,no
collected/02_qt_mechanics/bob.ipynb,2.1,passed,1,1,ok
collected/02_qt_mechanics/bob.ipynb,2.2,not_attempted,0,1,blank
collected/02_qt_mechanics/bob.ipynb,2.3,error,0,1,boom
"""


@pytest.fixture
def gradebook(tmp_path):
    path = tmp_path / "gradebook.csv"
    path.write_text("\ufeff" + GRADEBOOK, encoding="utf-8")  # make grade writes a BOM for Excel
    return path


def _read(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_moodle_has_an_identifier_column_and_one_grade_item(gradebook, tmp_path):
    out = tmp_path / "moodle.csv"
    lms_export.export(gradebook, "moodle", "第 2 章練習", out)
    rows = _read(out)
    # Moodle maps a user by username, email address or ID number, and each other column to a grade item/feedback.
    assert rows[0] == ["Username", "Email address", "ID number", "第 2 章練習", "第 2 章練習 feedback"]
    assert rows[1][:4] == ["alice", "", "", "2"] and rows[2][:4] == ["bob", "", "", "1"]
    assert rows[1][4] == "2/3 題通過"


def test_canvas_has_the_gradebook_export_columns_and_points_possible(gradebook, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "login,name,canvas_id,sis_user_id,sis_login_id,section\n"
        'alice,"Chen, Alice",101,S1,alice@school,A\nbob,"Lin, Bob",102,S2,bob@school,B\n',
        encoding="utf-8",
    )
    out = tmp_path / "canvas.csv"
    lms_export.export(gradebook, "canvas", "QT practice", out, roster)
    rows = _read(out)
    # Canvas's grade import reads the columns of its own export: Student, ID, SIS User ID, SIS Login ID, Section.
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "QT practice"]
    assert rows[1] == ["Points Possible", "", "", "", "", "3"]
    assert rows[2] == ["Chen, Alice", "101", "S1", "alice@school", "A", "2"]
    assert rows[3] == ["Lin, Bob", "102", "S2", "bob@school", "B", "1"]


def test_students_missing_from_the_roster_are_named(gradebook, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("login,email\nalice,a@example.org\n", encoding="utf-8")
    with pytest.raises(lms_export.ExportError, match="bob"):
        lms_export.export(gradebook, "moodle", "HW", tmp_path / "x.csv", roster)


@pytest.mark.parametrize(
    "content, message",
    [
        ("", "空的"),
        ("name,score\nalice,3\n", "缺少欄位"),
        ("submission,exercise,status,points,max_points\na.ipynb,1,passed,x,1\n", "不是數字"),
    ],
)
def test_bad_gradebooks_get_a_clear_message(tmp_path, content, message):
    path = tmp_path / "gb.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(lms_export.ExportError, match=message):
        lms_export.export(path, "canvas", "HW", tmp_path / "x.csv")


def test_cli_reports_errors_in_chinese_without_traceback(tmp_path, capsys):
    assert (
        lms_export.main(
            [str(tmp_path / "none.csv"), "--lms", "moodle", "--assignment", "HW", "--out", str(tmp_path / "o.csv")]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "找不到成績單" in err and "Traceback" not in err


def test_export_reads_a_real_gradebook_from_the_grader(tmp_path):
    """The header written by helpers.grade is the one lms_export reads."""
    from helpers import grade

    assert set(lms_export.GRADEBOOK_FIELDS) <= set(grade.FIELDS)
    path = tmp_path / "gb.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(grade.FIELDS)
        writer.writerow(
            {
                "submission": "s/carol.ipynb",
                "exercise": "0.1",
                "status": "passed",
                "points": 1,
                "max_points": 1,
                "message": "ok",
            }.get(f, "")
            for f in grade.FIELDS
        )
    items = lms_export.export(path, "canvas", "HW", tmp_path / "c.csv")
    assert [(s.login, s.points, s.max_points) for s in items] == [("carol", 1.0, 1.0)]
    assert pathlib.Path(tmp_path / "c.csv").exists()
