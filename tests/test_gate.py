"""The exercise gate: solutions pass, blank exercises are "not attempted", misconceptions are named,
ids used and registered agree, and exercises/ is generated from solutions/ (not stale)."""

import json
import pathlib
import re

import nbformat
import pytest
from nbclient import NotebookClient

from helpers import checks, exercises, make_exercises, marking

ROOT = pathlib.Path(__file__).resolve().parents[1]
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
EXERCISE_NBS = sorted((ROOT / "exercises").glob("*.ipynb"))
CHECK_CALL = re.compile(r"""check\(\s*["'](\d+\.\d+)["']""")


def _check_cells(nb):
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            for qid in CHECK_CALL.findall(src):
                yield qid, cell


def test_exercises_not_stale():
    assert make_exercises.main(["--check"]) == 0, "run `make exercises`"


def test_ids_used_equal_ids_registered():
    used = set()
    for path in SOLUTIONS:
        used |= {qid for qid, _ in _check_cells(json.loads(path.read_text(encoding="utf-8")))}
    registered = set(exercises.all_ids())
    assert used - registered == set(), f"used but not registered: {sorted(used - registered)}"
    assert registered - used == set(), f"registered but never checked in solutions/: {sorted(registered - used)}"


def test_each_solution_notebook_checks_only_its_chapter():
    for path in SOLUTIONS:
        chapter = int(path.name[:2])
        for qid, _ in _check_cells(json.loads(path.read_text(encoding="utf-8"))):
            assert qid.startswith(f"{chapter}."), f"{path.name} checks {qid}"


def _shown_text(outputs):
    """What a cell showed as text: streams, and the text/plain of rich outputs (check() shows a rich bundle)."""
    parts = []
    for o in outputs:
        parts.append("".join(o.get("text", "")))
        parts.append("".join(o.get("data", {}).get("text/plain", "")))
    return "".join(parts)


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_solutions_pass_in_stored_outputs(path):
    """nbval re-executes solutions/ and compares these outputs, so the stored ✅ is what a fresh run prints."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for qid, cell in _check_cells(nb):
        text = _shown_text(cell.get("outputs", []))
        assert f"✅ {qid}" in text, f"{path.name}: check({qid!r}) does not pass in the stored output: {text!r}"


@pytest.mark.slow
@pytest.mark.parametrize("path", EXERCISE_NBS, ids=lambda p: p.name)
def test_blank_exercises_run_and_are_not_attempted(path, monkeypatch):
    monkeypatch.setenv("QEQT_PROGRESS_FILE", "off")
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    seen = 0
    for qid, cell in _check_cells(nb):
        text = _shown_text(cell.outputs)
        assert f"⬜ {qid} 尚未作答" in text, f"{path.name}: blank {qid} printed {text!r}"
        seen += 1
    assert seen == len(exercises.chapter_specs(int(path.name[:2])))


def _all_specs():
    return [spec for n in exercises.CHAPTERS for spec in exercises.chapter_specs(n)]


@pytest.mark.parametrize("spec", _all_specs(), ids=lambda s: s["id"])
def test_every_misconception_fails_with_its_own_message(spec):
    assert spec.get("misconceptions"), f"{spec['id']}: register at least one misconception"
    for m in spec["misconceptions"]:
        answer = m["answer"]
        if spec["kind"] == "function":  # a function misconception lists the outputs a wrong function returns
            answer = marking.FunctionResults([("ok", value) for value in answer])
        result = checks.evaluate(spec["id"], answer)
        assert result.status == "failed", f"{spec['id']} {m['name']}: {result.message}"
        assert result.misconception == m["name"] and m["message"] in result.message


@pytest.mark.parametrize("spec", _all_specs(), ids=lambda s: s["id"])
def test_every_exercise_has_hints_and_solution(spec):
    assert len(spec["hints"]) >= 1 and all(h.strip() for h in spec["hints"])
    assert spec.get("solution", "").strip(), f"{spec['id']}: write a solution text"


def test_expected_answers_not_plain_in_exercises():
    """The generated exercise notebooks contain stubs, never the worked answers of solutions/."""
    for path in EXERCISE_NBS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        sol = json.loads((ROOT / "solutions" / path.name).read_text(encoding="utf-8"))
        solution_sources = ["".join(c["source"]) for c in sol["cells"] if "solution" in c["metadata"].get("tags", [])]
        exercise_sources = "\n".join("".join(c["source"]) for c in nb["cells"])
        for src in solution_sources:
            assert src.strip() not in exercise_sources
        assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")
