"""helpers.grade: the wire format, reading submissions, classification, atomic writes, the CLI, and the sample
submissions in tests/fixtures/submissions/ graded end to end in real kernels (slow)."""

import asyncio
import contextlib
import csv
import datetime as dt
import io
import json
import math
import pathlib
import shutil
import stat
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from helpers import checks, exercises, grade, grade_extract, limits, marking

ROOT = pathlib.Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "submissions"
CELL_TIMEOUT = "5"  # the infinite-loop fixture burns this; imports happen before the first cell (grade.PRELOAD)

# The gradebook the sample submissions must produce (graded with --chapter 00_guide).
EXPECTED = {
    ("answer_error.ipynb", "0.1"): "error",  # the answer cell raises (no such data table)
    ("answer_error.ipynb", "0.2"): "invalid",  # a number where a direction is asked: cannot be read
    ("blank.ipynb", "0.1"): "not_attempted",
    ("blank.ipynb", "0.2"): "not_attempted",
    ("broken_json.ipynb", "0.1"): "invalid",
    ("broken_json.ipynb", "0.2"): "invalid",
    ("deleted_cells.ipynb", "0.1"): "passed",
    ("deleted_cells.ipynb", "0.2"): "not_attempted",  # its cells were deleted
    ("forged_output.ipynb", "0.1"): "failed",  # prints ✅, stores a fake ✅ output, patches helpers.checks
    ("forged_output.ipynb", "0.2"): "not_attempted",
    ("good.ipynb", "0.1"): "passed",
    ("good.ipynb", "0.2"): "passed",
    ("huge_output.ipynb", "0.1"): "passed",  # megabytes of output are truncated, answers still graded
    ("huge_output.ipynb", "0.2"): "passed",
    ("infinite_loop.ipynb", "0.1"): "timeout",  # the 0.1 answer cell never ends
    ("infinite_loop.ipynb", "0.2"): "passed",  # ... the rest is still graded
    ("os_exit.ipynb", "0.1"): "error",  # the kernel is killed by os._exit
    ("os_exit.ipynb", "0.2"): "error",
    ("other_chapter.ipynb", "0.1"): "invalid",  # a chapter-1 notebook handed in for chapter 0
    ("other_chapter.ipynb", "0.2"): "invalid",
    ("partial.ipynb", "0.1"): "failed",  # a registered unit-slip misconception
    ("partial.ipynb", "0.2"): "passed",
    ("reordered_cells.ipynb", "0.1"): "passed",
    ("reordered_cells.ipynb", "0.2"): "passed",
}


def read_gradebook(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


# ------------------------------------------------------------------------------------------ wire format
def _extract(namespace, plan):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        grade_extract.extract("n0nce", plan, namespace)
    records, complete = grade.parse_extraction(buf.getvalue(), "n0nce")
    assert complete
    return records


def _looping(*args):
    while True:
        pass


def _raising(*args):
    raise ZeroDivisionError("boom")


def _stub(x): ...  # 在這裡作答


class _Thing:
    pass


VALUES = {
    "answer_9_1": 95,
    "answer_9_2": float("nan"),
    "answer_9_3": "上升",
    "answer_9_4": None,
    "answer_9_5": ...,
    "answer_9_6": True,
    "answer_9_7": [1, "a", (2, 3)],
    "answer_9_8": {"資產": {"公債": 100}, 3: [1.5]},
    "answer_9_9": dt.date(2019, 9, 17),
    "answer_9_10": dt.datetime(2020, 3, 15, 17, 0),
    "answer_9_11": pd.Timestamp("2022-06-01"),
    "answer_9_12": np.float64(4.5),
    "answer_9_13": np.array([1, 2]),
    "answer_9_14": pd.Series([1.0, 2.0], index=pd.to_datetime(["2022-06-01", "2022-09-01"]), name="cap"),
    "answer_9_15": pd.DataFrame({"month": ["2022-06", "2022-09"], "cap": [47.5, 95.0]}),
    "answer_9_16": {"b", "a"},
    "answer_9_17": _Thing(),
    "answer_9_18": np.datetime64("2019-09-17"),
    "answer_9_19": 10**30,
    "answer_9_20": np.bool_(True),
}


def test_wire_round_trip_of_every_value_kind():
    plan = [{"id": k[7:].replace("_", "."), "var": k} for k in VALUES] + [{"id": "9.99", "var": "answer_9_99"}]
    records = _extract(dict(VALUES), plan)
    assert records["9.99"] == {"t": "missing"}
    back = {k: grade.decode(records[k[7:].replace("_", ".")]) for k in VALUES}
    for key in (
        "answer_9_1",
        "answer_9_3",
        "answer_9_4",
        "answer_9_6",
        "answer_9_8",
        "answer_9_9",
        "answer_9_10",
        "answer_9_11",
        "answer_9_16",
        "answer_9_19",
    ):
        assert back[key] == VALUES[key] and type(back[key]) is type(VALUES[key]), key
    assert back["answer_9_5"] is Ellipsis and math.isnan(back["answer_9_2"])
    assert back["answer_9_7"] == [1, "a", (2, 3)]
    assert back["answer_9_12"] == 4.5 and back["answer_9_20"] is True
    assert list(back["answer_9_13"]) == [1, 2]
    pd.testing.assert_series_equal(back["answer_9_14"], VALUES["answer_9_14"], check_index_type=False, check_freq=False)
    pd.testing.assert_frame_equal(back["answer_9_15"], VALUES["answer_9_15"])
    assert type(back["answer_9_17"]).__name__ == "_Thing" and not callable(back["answer_9_17"])
    assert back["answer_9_18"] == pd.Timestamp("2019-09-17")


def test_functions_are_called_on_case_inputs_only_with_a_time_limit():
    cases = [{"args": [100, 60]}, {"args": [40], "kwargs": {"cap": 60}}]
    plan = [{"id": f"9.{i}", "var": f"answer_9_{i}", "cases": cases, "seconds": 0.3} for i in range(1, 6)]
    ns = {
        "answer_9_1": lambda total, cap: min(total, cap),
        "answer_9_2": _stub,
        "answer_9_3": _raising,
        "answer_9_4": _looping,
        "answer_9_5": 60,
    }
    records = _extract(ns, plan)
    right = grade.decode(records["9.1"])
    assert isinstance(right, marking.FunctionResults) and right.outputs == [("ok", 60), ("ok", 40)]
    assert grade.decode(records["9.2"]).stub
    assert grade.decode(records["9.3"]).outputs[0] == ("error", "ZeroDivisionError: boom")
    assert "0.3 秒" in grade.decode(records["9.4"]).outputs[0][1]
    assert grade.decode(records["9.5"]) == 60
    assert "expected" not in json.dumps(plan)


def test_encoding_failures_are_reported_not_raised():
    class Evil:
        def __len__(self):
            raise RuntimeError("no")

    class EvilList(list):
        def __iter__(self):
            raise RuntimeError("nope")

    records = _extract(
        {"answer_9_1": EvilList([1]), "answer_9_2": list(range(grade_extract.MAX_NODES + 5)), "answer_9_3": Evil()},
        [{"id": f"9.{i}", "var": f"answer_9_{i}"} for i in (1, 2, 3)],
    )
    assert records["9.1"]["t"] == "error" and "RuntimeError" in records["9.1"]["msg"]
    assert records["9.2"] == {"t": "error", "msg": "答案太大，無法批改"}
    assert records["9.3"] == {"t": "opaque", "type": "Evil"}


def test_extraction_cell_ignores_a_patched_helpers_checks(monkeypatch):
    """The injected cell never calls helpers.checks: patching it in the kernel changes nothing."""
    monkeypatch.setattr(limits, "is_stub_function", lambda fn: False)
    monkeypatch.setattr(marking, "judge", lambda *a, **k: marking.Result("0.1", "passed", "✅ forged", points=1))
    monkeypatch.setattr(checks, "evaluate", lambda *a, **k: marking.Result("0.1", "passed", "✅ forged", points=1))
    ns = {"answer_0_1": _stub}
    plan = [{"id": "0.1", "var": "answer_0_1", "cases": [{"args": [1]}], "seconds": 1.0}]
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        exec(grade.extraction_source("abc", plan), ns)
    records, complete = grade.parse_extraction(buf.getvalue(), "abc")
    assert complete and records["0.1"] == {"t": "function", "stub": True, "outputs": []}
    assert set(ns) == {"answer_0_1", "__builtins__"}, "the extraction leaves nothing in the learner's namespace"


def test_forged_markers_are_ignored():
    text = (
        '@@QEQT-guess@@ {"id": "0.1", "value": {"t": "int", "v": "8965"}}\n'
        'x @@QEQT-real@@ {"id": "0.1", "value": {"t": "int", "v": "1"}}\n'
        '@@QEQT-real@@ {"id": "0.1", "value": {"t": "int", "v": "2"}}\n'
        '@@QEQT-real@@ {"id": "0.1", "value": {"t": "int", "v": "3"}}\n'
        "@@QEQT-real@@ not json\n"
    )
    records, complete = grade.parse_extraction(text, "real")
    assert records == {"0.1": {"t": "int", "v": "2"}} and not complete


@pytest.mark.parametrize(
    "node",
    [{"t": "what"}, {"t": "str", "v": 3}, {"t": "list", "v": "x"}, [], "x", {"t": "function", "outputs": [["ok"]]}],
)
def test_malformed_wire_nodes_raise_wire_errors(node):
    with pytest.raises((grade.WireError, ValueError, TypeError, KeyError)):
        grade.decode(node)


def test_function_outputs_are_padded_to_the_cases():
    spec = {"id": "9.1", "kind": "function", "cases": [{"args": [1], "expected": 1}, {"args": [2], "expected": 2}]}
    padded = grade._pad_function(marking.FunctionResults([("ok", 1)]), spec)
    assert padded.outputs == [("ok", 1), ("error", "沒有執行到這個輸入")]


# -------------------------------------------------------------------------------------- reading submissions
def _notebook(cells, chapter="00_guide"):
    meta = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    if chapter:
        meta["qeqt"] = {"chapter": chapter}
    return json.dumps(
        {
            "cells": [
                {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": c}
                for c in cells
            ],
            "metadata": meta,
            "nbformat": 4,
            "nbformat_minor": 4,
        },
        ensure_ascii=False,
    )


@pytest.mark.parametrize(
    "name,text,chapter,needle",
    [
        ("x.ipynb", "{not json", None, "JSON"),
        ("x.ipynb", "[1, 2]", None, "不是 Jupyter 筆記本"),
        ("x.ipynb", "\udcff", None, None),
        ("00_guide.ipynb", _notebook(["answer_0_1 = 1"], chapter="01_qe_mechanics"), None, "檔名是第 0 章"),
        ("x.ipynb", _notebook(["answer_0_1 = 1"], chapter="02_qt_mechanics"), 0, "這次批改的是第 0 章"),
        ("notes.ipynb", _notebook(["answer_0_1 = 1"], chapter=None), None, "看不出"),
    ],
)
def test_unrunnable_submissions_are_invalid_with_a_reason(tmp_path, name, text, chapter, needle):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    job = grade.prepare(path, name, grade.Options(chapter=chapter))
    assert job.problem and job.nb is None
    if needle:
        assert needle in job.problem
    rows = grade.grade_job(job, None, grade.Options(chapter=chapter))
    assert {r.status for r in rows} == {"invalid"} and all(r.points == 0 for r in rows)
    assert all(r.message.startswith("⚠️") for r in rows)


def test_an_oversized_file_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(grade, "MAX_FILE_BYTES", 10)
    path = tmp_path / "00_guide.ipynb"
    path.write_text(_notebook(["answer_0_1 = 1"]), encoding="utf-8")
    job = grade.prepare(path, path.name, grade.Options())
    assert "檔案太大" in job.problem and [r.exercise for r in grade.grade_job(job, None, grade.Options())] == [
        "0.1",
        "0.2",
    ]


def test_prepare_maps_answer_cells_and_appends_one_extraction_cell(tmp_path):
    path = tmp_path / "00_guide_alice.ipynb"
    path.write_text(
        _notebook(
            [
                "x = 1",
                "answer_0_1, y = 2, 3",
                "%time z = 1\nif True:\n    answer_0_2 = '上升'",
                "def answer_0_3(a):\n    return a",
                "answer_0_1 +=",
            ],
            chapter=None,
        ),
        encoding="utf-8",
    )
    job = grade.prepare(path, path.name, grade.Options())
    assert job.problem is None and job.chapter == 0
    assert job.answer_cells == {"answer_0_1": [1, 4], "answer_0_2": [2], "answer_0_3": [3]}
    assert job.cells[0] == "x = 1" and len(job.cells) == 5 and job.nb is None  # the sandbox engine: sources only
    message = grade.job_message(job, grade.Options())
    assert "expected" not in json.dumps(message) and "hints" not in json.dumps(message)
    job = grade.prepare(path, path.name, grade.Options(engine="nbclient"))
    assert job.cell_count == 5 and len(job.nb.cells) == 6 and job.nb.cells[-1].id == grade.EXTRACT_ID
    assert job.nonce in job.nb.cells[-1].source and all(not c.get("outputs") for c in job.nb.cells)


def test_chapter_numbers():
    assert grade.chapter_number("02_qt_mechanics") == 2 and grade.chapter_number("0") == 0
    assert grade.chapter_number("guide") is None and grade.chapter_number(None) is None


# ------------------------------------------------------------------------------------------ classification
def _job(cells=None):
    return grade.Job(
        path=pathlib.Path("s.ipynb"),
        name="s.ipynb",
        chapter=0,
        specs=exercises.chapter_specs(0),
        cell_count=6,
        answer_cells={"answer_0_1": [2], "answer_0_2": [4]} if cells is None else cells,
    )


OPTS = grade.Options(cell_timeout=5, timeout=50)


@pytest.mark.parametrize(
    "outcome,status,needle",
    [
        (grade.Outcome(timed_out={2}, records={"0.1": {"t": "int", "v": "8965"}}), "timeout", "超過 5 秒"),
        (grade.Outcome(deadline=True), "timeout", "超過 50 秒"),
        (grade.Outcome(died_at=3), "error", "第 4 格時 Python 核心中止"),
        (grade.Outcome(died_at=4, timed_out={1}), "timeout", "第 2 格執行超過"),
        (grade.Outcome(died_at=6), "error", "讀取答案時"),
        (grade.Outcome(crash="RuntimeError: x"), "error", "無法執行"),
        (grade.Outcome(records={"0.1": {"t": "missing"}}, errors={2: "KeyError: 'x'"}), "error", "KeyError"),
        (grade.Outcome(records={"0.1": {"t": "missing"}}), "not_attempted", "沒有 `answer_0_1`"),
        (grade.Outcome(records={"0.1": {"t": "error", "msg": "答案太大"}}), "invalid", "答案太大"),
        (grade.Outcome(records={"0.1": {"t": "bogus"}}), "invalid", "格式不明"),
        (grade.Outcome(records={"0.1": {"t": "str", "v": "8965 bn"}}), "passed", "答對了"),
        (grade.Outcome(records={"0.1": {"t": "float", "v": "8.965"}}), "failed", "單位換算錯了"),
    ],
)
def test_classification(outcome, status, needle):
    row = grade.grade_exercise(_job(), exercises.get("0.1"), outcome, OPTS)
    assert row.status == status and needle in row.message, row.message
    assert row.points == (1.0 if status == "passed" else 0.0) and row.max_points == 1.0


def test_deleted_answer_cell_is_not_attempted():
    row = grade.grade_exercise(_job({}), exercises.get("0.2"), grade.Outcome(records={"0.2": {"t": "missing"}}), OPTS)
    assert row.status == "not_attempted" and "刪除" in row.message


# ----------------------------------------------------------------------------------------------- writing
def test_gradebook_is_written_atomically(tmp_path, monkeypatch):
    out = tmp_path / "gradebook.csv"
    rows = [
        grade.Row("a.ipynb", "0.1", "passed", 1.0, 1.0, "✅ 0.1 答對了！"),
        grade.Row("a.ipynb", "0.2", "failed", 0.0, 1.0, '❌ 含有逗號, "引號" 與\n換行'),
    ]
    grade.write_gradebook(rows, out)
    back = read_gradebook(out)
    assert list(back[0]) == grade.FIELDS and back[1]["message"] == rows[1].message
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel shows the Chinese
    before = out.read_bytes()

    class Broken:
        def __init__(self, fh):
            self.fh = fh

        def writerow(self, row):
            if row[0] == "a.ipynb":
                self.fh.write("partial")
                raise OSError("disk full")

    monkeypatch.setattr(grade.csv, "writer", Broken)
    with pytest.raises(OSError):
        grade.write_gradebook(rows, out)
    assert out.read_bytes() == before, "a failed write leaves the previous gradebook intact"
    assert [p.name for p in tmp_path.iterdir()] == ["gradebook.csv"], "no temporary file is left behind"


class FakeWorker:
    """Stands for a sandboxed worker in tests that need no real execution."""

    def __init__(self, reply):
        self.reply, self.stopped, self.jobs = reply, False, []

    def run(self, job):
        self.jobs.append(job)
        if isinstance(self.reply, Exception):
            raise self.reply
        return self.reply

    def stop(self):
        self.stopped = True


def _fake_workers(monkeypatch, reply):
    made = []

    def make(n, opts, meanwhile=lambda: None):
        meanwhile()
        made.extend(FakeWorker(reply) for _ in range(n))
        return list(made)

    monkeypatch.setattr(grade, "_make_workers", make)
    return made


def test_a_grader_bug_costs_one_submission_not_the_batch(tmp_path, monkeypatch):
    made = _fake_workers(monkeypatch, RuntimeError("bug"))
    shutil.copy(FIXTURES / "good.ipynb", tmp_path / "good.ipynb")
    shutil.copy(FIXTURES / "broken_json.ipynb", tmp_path / "broken_json.ipynb")
    rows = grade.grade([tmp_path], tmp_path / "out" / "gb.csv", chapter=0, jobs=2, progress=False)
    assert [(r.submission, r.status) for r in rows] == [("broken_json.ipynb", "invalid")] * 2 + [
        ("good.ipynb", "error")
    ] * 2
    assert "批改程式出錯" in rows[2].message
    assert sorted(p.name for p in (tmp_path / "out" / "feedback").iterdir()) == ["broken_json.md", "good.md"]
    assert made and all(w.stopped for w in made), "workers are stopped when the batch ends"


def test_grading_works_where_an_event_loop_already_runs(tmp_path, monkeypatch):
    """A teacher may call grade() from a notebook, whose kernel runs an asyncio loop."""
    _fake_workers(
        monkeypatch,
        {"records": {"0.1": {"t": "float", "v": "8.965"}, "0.2": {"t": "str", "v": "上升"}}, "complete": True},
    )
    shutil.copy(FIXTURES / "partial.ipynb", tmp_path / "partial.ipynb")

    async def in_a_loop():
        return grade.grade([tmp_path / "partial.ipynb"], tmp_path / "gb.csv", progress=False)

    rows = asyncio.run(in_a_loop())
    assert [r.status for r in rows] == ["failed", "passed"]


def test_feedback_names_are_safe_and_flat():
    assert grade.feedback_name("alice/02_qt_mechanics.ipynb") == "alice__02_qt_mechanics.md"
    assert grade.feedback_name("王 小明/00 guide.ipynb") == "王_小明__00_guide.md"


# --------------------------------------------------------------------------------------------------- CLI
@pytest.mark.parametrize(
    "args,needle",
    [
        (["/no/such/path", "--out", "x.csv"], "no such file or folder"),
        (["EMPTY", "--out", "x.csv"], "no files found"),
        (["FIX", "--chapter", "99_nothing"], "unknown chapter"),
        (["FIX", "--jobs", "0"], "--jobs must be positive"),
        (["FIX", "--jobs", "two"], "invalid int value"),
        ([], "required"),
    ],
)
def test_cli_usage_errors_exit_nonzero_with_one_english_line(tmp_path, capsys, args, needle):
    (tmp_path / "empty").mkdir()
    args = [str(tmp_path / "empty") if a == "EMPTY" else str(FIXTURES) if a == "FIX" else a for a in args]
    try:
        code = grade.main(args)
    except SystemExit as exc:  # argparse's own errors
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2 and needle in err, err
    assert err.strip().count("\n") == 0 and err.isascii(), err
    assert not list(tmp_path.glob("*.csv")) and not (tmp_path / "feedback").exists()


def test_cli_help():
    proc = subprocess.run(
        [sys.executable, "-m", "helpers.grade", "--help"], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert proc.returncode == 0
    for word in ("--out", "--chapter", "--jobs", "--cell-timeout", "--timeout", "--feedback", "passed", "timeout"):
        assert word in proc.stdout


def test_find_submissions_skips_checkpoints_but_records_every_other_file(tmp_path):
    for rel in ["a/00_guide.ipynb", "a/.ipynb_checkpoints/00_guide-checkpoint.ipynb", "b/notes.txt", "c.ipynb"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("{}")
    found = grade.find_submissions([tmp_path, tmp_path / "c.ipynb"])
    names = grade.display_names(found)
    assert sorted(names.values()) == ["a/00_guide.ipynb", "b/notes.txt", "c.ipynb"]
    assert {names[p]: grade.file_problem(p) is None for p in found} == {
        "a/00_guide.ipynb": True,
        "b/notes.txt": False,
        "c.ipynb": True,
    }


def test_fixtures_are_generated_from_the_guide_exercises():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "fixtures" / "make_submissions.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + "run: python tests/fixtures/make_submissions.py"


# ---------------------------------------------------------------------------- end to end, in real kernels
@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """All sample submissions, read-only, graded once with --jobs 2 (the gradebook already exists)."""
    base = tmp_path_factory.mktemp("batch")
    subs = base / "submissions"
    shutil.copytree(FIXTURES, subs)
    before = {}
    for path in subs.iterdir():
        path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        before[path.name] = (path.read_bytes(), path.stat().st_mtime_ns)
    out = base / "out" / "gradebook.csv"
    out.parent.mkdir()
    out.write_text("old gradebook\n", encoding="utf-8")
    code = grade.main(
        [
            str(subs),
            "--out",
            str(out),
            "--chapter",
            "00_guide",
            "--jobs",
            "2",
            "--cell-timeout",
            CELL_TIMEOUT,
            "--timeout",
            "120",
            "--quiet",
        ]
    )
    yield {"code": code, "subs": subs, "before": before, "out": out, "rows": read_gradebook(out)}
    for path in subs.iterdir():
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


@pytest.mark.slow
def test_sample_submissions_give_the_expected_gradebook(batch):
    assert batch["code"] == 0
    got = {(r["submission"], r["exercise"]): r["status"] for r in batch["rows"]}
    assert got == EXPECTED
    assert [(r["submission"], r["exercise"]) for r in batch["rows"]] == sorted(EXPECTED)
    for r in batch["rows"]:
        assert float(r["max_points"]) == 1.0 and float(r["points"]) == (1.0 if r["status"] == "passed" else 0.0)
        assert r["message"].strip()


@pytest.mark.slow
def test_sample_submission_messages(batch):
    msg = {(r["submission"], r["exercise"]): r["message"] for r in batch["rows"]}
    unit_slip = next(m["message"] for m in exercises.get("0.1")["misconceptions"] if m["answer"] < 100)
    assert unit_slip in msg["partial.ipynb", "0.1"]
    assert f"超過 {CELL_TIMEOUT} 秒" in msg["infinite_loop.ipynb", "0.1"]
    assert "核心中止" in msg["os_exit.ipynb", "0.1"]
    assert "JSON" in msg["broken_json.ipynb", "0.1"]
    assert "第 1 章" in msg["other_chapter.ipynb", "0.1"]
    assert "刪除" in msg["deleted_cells.ipynb", "0.2"]
    assert "DataError" in msg["answer_error.ipynb", "0.1"]
    assert "還不對" in msg["forged_output.ipynb", "0.1"] and "尚未作答" in msg["forged_output.ipynb", "0.2"]


@pytest.mark.slow
def test_submissions_are_never_written(batch):
    subs = batch["subs"]
    assert sorted(p.name for p in subs.iterdir()) == sorted(batch["before"]), "nothing is created beside them"
    for path in subs.iterdir():
        data, mtime = batch["before"][path.name]
        assert path.read_bytes() == data and path.stat().st_mtime_ns == mtime, path.name
        assert not path.stat().st_mode & stat.S_IWUSR


@pytest.mark.slow
def test_outputs_are_the_gradebook_and_zh_tw_feedback(batch):
    import opencc

    from tests.test_hygiene import simplified_chars

    out = batch["out"]
    assert sorted(p.name for p in out.parent.iterdir()) == [
        "feedback",
        "gradebook.csv",
        "gradebook.csv.journal",
        "gradebook_students.csv",
    ]
    files = sorted(p.name for p in (out.parent / "feedback").iterdir())
    assert files == sorted(n.replace(".ipynb", ".md") for n in batch["before"])
    cc = opencc.OpenCC("s2t")
    for path in (out.parent / "feedback").iterdir():
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# 批改回饋：") and "得分" in text and not simplified_chars(text, cc), path.name
    huge = (out.parent / "feedback" / "huge_output.md").read_text(encoding="utf-8")
    assert "輸出太長" in huge
    good = (out.parent / "feedback" / "good.md").read_text(encoding="utf-8")
    assert "得分：2 / 2" in good


@pytest.mark.slow
def test_one_job_gives_the_same_rows_as_two(batch, tmp_path):
    names = ["good.ipynb", "partial.ipynb", "broken_json.ipynb", "other_chapter.ipynb"]
    out = tmp_path / "gradebook.csv"
    code = grade.main(
        [str(batch["subs"] / n) for n in names] + ["--out", str(out), "--chapter", "00_guide", "--jobs", "1", "--quiet"]
    )
    assert code == 0
    two = [r for r in batch["rows"] if r["submission"] in names]
    assert read_gradebook(out) == two


FUNCTION_SPECS = (
    {
        "id": "6.1",
        "kind": "function",
        "expected": None,
        "hints": ["h"],
        "seconds": 1.0,
        "cases": [{"args": [100, 60], "expected": 60}, {"args": [40, 60], "expected": 40}],
    },
    {
        "id": "6.2",
        "kind": "function",
        "expected": None,
        "hints": ["h"],
        "seconds": 1.0,
        "cases": [{"args": [100, 60], "expected": 60}],
    },
    {
        "id": "6.3",
        "kind": "function",
        "expected": None,
        "hints": ["h"],
        "seconds": 1.0,
        "cases": [{"args": [1, 2], "expected": 1}],
    },
    {"id": "6.4", "kind": "series", "hints": ["h"], "expected": {"index": ["a", "b"], "values": [1.0, 2.0]}},
    {
        "id": "6.5",
        "kind": "frame",
        "hints": ["h"],
        "expected": {"columns": ["month", "cap"], "data": [["2022-06", 47.5], ["2022-09", 95.0]]},
    },
    {"id": "6.6", "kind": "date", "hints": ["h"], "expected": "2019-09-17", "granularity": "day"},
)


@pytest.fixture(scope="module")
def special(tmp_path_factory):
    """Two notebooks graded together (--jobs 2): one answering chapter-6-like exercises of every value kind
    (registry patched), one that ignores interrupts and must be killed at the total limit."""
    base = tmp_path_factory.mktemp("special")
    real = exercises.chapter_specs
    patch = pytest.MonkeyPatch()
    patch.setattr(exercises, "chapter_specs", lambda n: FUNCTION_SPECS if n == 6 else real(n))
    kinds = [
        "import datetime, pandas as pd",
        "def answer_6_1(total, cap):\n    return min(total, cap)",
        "def answer_6_2(total, cap):\n    ...  # 在這裡作答",
        "def answer_6_3(a, b):\n    while True:\n        pass",
        "answer_6_4 = pd.Series([1.0, 2.0], index=['a', 'b'])",
        "answer_6_5 = pd.DataFrame({'month': ['2022-06', '2022-09'], 'cap': [47.5, 95]})",
        "answer_6_6 = datetime.date(2019, 9, 17)",
    ]
    marker = f"qeqt-stray-{base.name}"
    stubborn = [
        "import os, subprocess, sys, time\n"
        f"subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)', {marker!r}], "
        "start_new_session=True)",
        "answer_0_2 = '上升'\nwhile True:\n    try:\n        time.sleep(0.2)\n    except KeyboardInterrupt:\n"
        "        pass  # ignores the interrupt a cell time limit sends",
    ]
    slow = ["import time", "answer_0_1 = 'x'"] + ["time.sleep(2)"] * 6
    (base / "subs").mkdir()
    (base / "subs" / "06_investor_strategy.ipynb").write_text(
        _notebook(kinds, chapter="06_investor_strategy"), encoding="utf-8"
    )
    (base / "subs" / "00_guide.ipynb").write_text(_notebook(stubborn), encoding="utf-8")
    (base / "subs" / "00_guide_slow.ipynb").write_text(_notebook(slow), encoding="utf-8")
    try:
        rows = grade.grade([base / "subs"], base / "gb.csv", jobs=2, cell_timeout=3, timeout=8, progress=False)
    finally:
        patch.undo()
    return {"rows": rows, "marker": marker}


@pytest.mark.slow
def test_functions_series_frames_and_dates_end_to_end(special):
    rows = [r for r in special["rows"] if r.submission == "06_investor_strategy.ipynb"]
    got = {r.exercise: r.status for r in rows}
    assert got == {
        "6.1": "passed",
        "6.2": "not_attempted",
        "6.3": "failed",
        "6.4": "passed",
        "6.5": "passed",
        "6.6": "passed",
    }, [r.message for r in rows]
    assert "執行超過 1 秒" in rows[2].message


def _processes_with(marker: str) -> list[int]:
    found = []
    for proc in pathlib.Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            if proc.name.isdigit() and marker.encode() in (proc / "cmdline").read_bytes():
                found.append(int(proc.name))
    return found


@pytest.mark.slow
def test_a_cell_that_ignores_interrupts_is_killed_with_everything_it_started(special):
    rows = [r for r in special["rows"] if r.submission == "00_guide.ipynb"]
    assert [r.status for r in rows] == ["timeout", "timeout"]
    assert "第 2 格" in rows[0].message and "作答格（第 2 格）" in rows[1].message
    assert _processes_with(special["marker"]) == [], "a detached process of the submission outlived it"


@pytest.mark.slow
def test_a_submission_over_the_total_limit_is_killed(special):
    rows = [r for r in special["rows"] if r.submission == "00_guide_slow.ipynb"]
    assert [r.status for r in rows] == ["timeout", "timeout"]
    assert all("整份筆記本執行超過 8 秒" in r.message for r in rows)


def test_right_answers_built_from_every_registered_spec_pass_and_check_is_fast():
    """tools/bench_grading.py measures check() on right and wrong answers of every registered exercise."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import bench_grading
    finally:
        sys.path.remove(str(ROOT / "tools"))
    lat = bench_grading.check_latency(repeat=1, progress_file=False)
    assert lat["exercises"] == len(exercises.all_ids()) and lat["right_not_passing"] == []
    assert lat["all"]["p95_ms"] < 200


# ------------------------------------------------------------------------------------------ identity (學號/姓名)
def test_generated_exercise_notebooks_ask_who_hands_them_in_first():
    """The learner's first code cell is the identity cell; only the launch bootstrap (which installs the kit where
    it is missing) may come before it."""
    from helpers import make_exercises

    for path in sorted((ROOT / "exercises").glob("*.ipynb")):
        code = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
        first = next(c for c in code if "bootstrap" not in c.get("metadata", {}).get("tags", []))
        assert first["id"] == make_exercises.IDENTITY_ID and "student_id" in "".join(first["source"]), path.name


def test_identity_is_read_statically_and_format_checked():
    from helpers import identity

    cell = 'from helpers.identity import check_identity\nstudent_id = " B11201001 "\nstudent_name = "王小明"'
    assert identity.read([None, "x = 1", cell]) == ("B11201001", "王小明")
    assert identity.read(["student_id = input()"]) == ("", "")
    assert identity.problems("B11201001", "王小明") == []
    assert [p[:4] for p in identity.problems("", "")] == ["還沒填學", "還沒填姓"]
    assert "格式不對" in identity.problems("12", "王小明")[0]
    assert "不像姓名" in identity.problems("411012345", "=1+1")[0]


def test_identity_flags_missing_duplicate_and_mismatched():
    entries = [
        {"name": "a/00_guide.ipynb", "chapter": 0, "student_id": "B11201001", "student_name": "王小明"},
        {"name": "b/00_guide.ipynb", "chapter": 0, "student_id": "b11201001", "student_name": "王曉明"},
        {"name": "B11209999/01_qe_mechanics.ipynb", "chapter": 1, "student_id": "B11201003", "student_name": "林一"},
        {"name": "c/00_guide.ipynb", "chapter": 0, "student_id": "", "student_name": ""},
        {"name": "B11201004_00_guide.ipynb", "chapter": 0, "student_id": "B11201004", "student_name": "陳二"},
    ]
    grade.identity_flags(entries)
    flags = [e["identity_flag"] for e in entries]
    assert "不同姓名" in flags[0] and "多份繳交" in flags[0] and "b/00_guide.ipynb" in flags[0]
    assert "路徑中的學號（B11209999）" in flags[2]
    assert "還沒填學號" in flags[3]
    assert flags[4] == "ok"


def test_feedback_is_named_by_identity():
    assert grade.feedback_name("x/00_guide.ipynb", ("B11201001", "王小明")) == "B11201001_王小明_00_guide.md"
    assert grade.feedback_name("x/00_guide.ipynb", ("", "")) == "x__00_guide.md"
    assert grade.feedback_name("../.hidden\ud800.ipynb", None).endswith(".md")
    assert "/" not in grade.feedback_name("a/b/c.ipynb", ("B1/2", "x"))


def test_csv_cells_that_look_like_formulas_are_escaped():
    assert [grade.csv_cell(t) for t in ("=1+1", "+A1", "-2", "@SUM", "ok", "\ud800x", "a\x00b")] == [
        "'=1+1",
        "'+A1",
        "'-2",
        "'@SUM",
        "ok",
        "\ufffdx",
        "a\\x00b",
    ]


# ------------------------------------------------------------------------------- beyond one machine (dask)
@pytest.mark.slow
def test_dask_executor_on_a_loopback_local_cluster_gives_the_same_rows(batch, tmp_path):
    distributed = pytest.importorskip("distributed")
    from helpers.teacher import sandbox

    if not sandbox.bwrap_path():
        pytest.skip("needs bubblewrap")
    names = ["good.ipynb", "partial.ipynb", "blank.ipynb", "broken_json.ipynb"]
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        address = cluster.scheduler_address.replace("tcp://", "dask://")
        rows = grade.grade(
            [batch["subs"] / n for n in names], tmp_path / "gb.csv", chapter=0, progress=False, executor=address
        )
    local = {(r["submission"], r["exercise"]): r["status"] for r in batch["rows"] if r["submission"] in names}
    assert {(r.submission, r.exercise): r.status for r in rows} == local
    assert all(r.status == "passed" for r in rows if r.submission == "good.ipynb")


def test_an_unknown_executor_is_refused_before_grading(tmp_path):
    shutil.copy(FIXTURES / "good.ipynb", tmp_path / "good.ipynb")
    with pytest.raises(grade.SetupError, match="dask://"):
        grade.grade([tmp_path / "good.ipynb"], tmp_path / "gb.csv", executor="spark://x:1", progress=False)
