"""helpers.release: the student bundle has no solutions and no plain answers, and its checks still work."""

import json
import os
import pathlib
import re
import subprocess
import sys
import zipfile

import pytest

from helpers import exercises, release

ROOT = pathlib.Path(__file__).resolve().parents[1]
SPECS = [spec for n in exercises.CHAPTERS for spec in exercises.chapter_specs(n)]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    return release.build(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    return release.build(tmp_path_factory.mktemp("dist"), classroom=True)


def _files(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _texts(folder):
    """Every text file; a notebook also with its cells' sources and outputs unescaped from JSON."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
            if path.suffix == ".ipynb":
                cells = json.loads(text)["cells"]
                text += "\n".join(
                    ["".join(c["source"]) + json.dumps(c.get("outputs", []), ensure_ascii=False) for c in cells]
                )
            yield path.relative_to(folder).as_posix(), text


def _in_bundle(folder, code):
    env = dict(os.environ, PYTHONPATH=str(folder), QEQT_PROGRESS_FILE="off")
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=folder, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_layout(bundle):
    files = _files(bundle)
    for name in (
        "README.md",
        "LICENSE",
        "environment.yml",
        "pyproject.toml",
        "requirements.lock",
        "Makefile",
        "tools/check_python.py",
        "helpers/checks.py",
        "helpers/exercises/__init__.py",
        "data/manifest.csv",
        "notebooks/00_guide.ipynb",
        "exercises/00_guide.ipynb",
    ):
        assert name in files, name
    makefile = (bundle / "Makefile").read_text(encoding="utf-8")
    for name in set(re.findall(r"requirements[\w.-]*\.(?:lock|txt)", makefile)):
        assert name in files, f"the student Makefile needs {name}"
    assert not (bundle / "solutions").exists() and not (bundle / "tests").exists()
    assert not any(re.fullmatch(r"helpers/exercises/ch\d+\.py", f) for f in files)
    assert not any("__pycache__" in f or f.endswith(".pyc") or f.startswith("data/cache") for f in files)
    chapters = [n for n in exercises.CHAPTERS if exercises.chapter_specs(n)]
    assert sorted(f for f in files if f.startswith("helpers/answers/") and f.endswith(".dat")) == [
        f"helpers/answers/ch{n:02d}.dat" for n in chapters
    ]
    for n in chapters:
        blob = (bundle / "helpers" / "answers" / f"ch{n:02d}.dat").read_text(encoding="ascii")
        assert exercises.decode(blob) == json.loads(json.dumps(list(exercises.chapter_specs(n))))
    with zipfile.ZipFile(bundle.with_suffix(".zip")) as zf:
        names = [n for n in zf.namelist() if not n.endswith("/")]
    assert sorted(names) == [f"{bundle.name}/{f}" for f in files]


def test_no_solution_cells(bundle):
    notebooks = sorted(bundle.rglob("*.ipynb"))
    assert notebooks
    for path in notebooks:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            assert "solution" not in cell.get("metadata", {}).get("tags", []), path


def _strings(value):
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [s for v in value for s in _strings(v)] if isinstance(value, (list, tuple)) else []


def test_no_plain_solution_texts_or_expected_answers(bundle, classroom):
    """Scan every text file for each spec's solution text and its string expected values (written as an answer:
    assigned to answer_N_k or passed to check; a long scalar string anywhere) and numeric answers assigned."""
    assert SPECS, "no registered exercises"
    for folder in (bundle, classroom):
        texts = list(_texts(folder))
        for spec in SPECS:
            qid, var = spec["id"], exercises.variable(spec["id"])
            solution = str(spec.get("solution") or "").strip()
            for rel, text in texts:
                assert not solution or solution not in text, f"{rel}: solution text of {qid}"
                for value in _strings(spec["expected"]):
                    for form in (
                        f'{var} = "{value}"',
                        f"{var} = '{value}'",
                        f'{var}="{value}"',
                        f'check("{qid}", "{value}")',
                        f"check('{qid}', '{value}')",
                    ):
                        assert form not in text, f"{rel}: {form}"
                if (
                    isinstance(spec["expected"], str)
                    and len(spec["expected"]) >= 12
                    and not re.fullmatch(r"[\d\s./:-]+", spec["expected"])
                ):
                    assert spec["expected"] not in text, f"{rel}: expected value of {qid}"
                if isinstance(spec["expected"], (int, float)) and not isinstance(spec["expected"], bool):
                    for m in re.finditer(rf"{var}\s*=\s*(-?\d+(?:\.\d+)?)", text):
                        assert abs(float(m.group(1)) - spec["expected"]) > 1e-6, f"{rel}: {m.group(0)}"


def test_leak_scopes_allow_items_an_ordering_question_lists(tmp_path):
    spec = {
        "id": "3.4",
        "kind": "order",
        "expected": ["QE1 2008-11", "QE2 2010-11", "QE3 2012-09"],
        "solution": "先 QE1，再 QE2，最後 QE3（依 FOMC 聲明日期）。",
    }
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "exercises").mkdir()
    (tmp_path / "notebooks" / "a.md").write_text('順序是 ["QE1 2008-11", "QE2 2010-11", "QE3 2012-09"]')
    (tmp_path / "exercises" / "b.md").write_text("排出順序：QE3 2012-09、QE1 2008-11、QE2 2010-11")
    assert release.find_leaks(tmp_path, [spec]) == []
    (tmp_path / "exercises" / "c.py").write_text('x = ["QE1 2008-11", "QE2 2010-11", "QE3 2012-09"]')
    (tmp_path / "notebooks" / "d.py").write_text("answer_3_4 = ['QE1 2008-11', 'QE2 2010-11', 'QE3 2012-09']")
    problems = sorted(release.find_leaks(tmp_path, [spec]))
    assert [p.split(": ")[0] for p in problems] == ["exercises/c.py", "notebooks/d.py"], problems
    assert problems[1] == "notebooks/d.py: 3.4 expected list assigned"


def test_checks_work_in_the_bundle(bundle):
    out = _in_bundle(
        bundle,
        "\n".join(
            [
                "import importlib.util, pathlib, helpers",
                "from helpers.checks import check, solution",
                "assert pathlib.Path(helpers.__file__).resolve().parent == pathlib.Path.cwd().resolve() / 'helpers'",
                "assert importlib.util.find_spec('helpers.exercises.ch00') is None",
                "assert check('0.2', '上升').passed",
                "r = check('0.2', '下降')",
                "print('MISCONCEPTION', r.status, r.misconception)",
                "solution('0.2')",
            ]
        ),
    )
    assert "✅ 0.2" in out and "MISCONCEPTION failed qe_qt_swap" in out
    wrong = next(m for m in exercises.get("0.2")["misconceptions"] if m["name"] == "qe_qt_swap")
    assert wrong["message"] in out
    assert exercises.get("0.2")["solution"] in out


def test_classroom_bundle_has_no_solution_texts(classroom):
    out = _in_bundle(
        classroom, "from helpers.checks import check, solution\nassert check('0.2', '上升').passed\nsolution('0.2')"
    )
    assert "由老師另外公布" in out and exercises.get("0.2")["solution"] not in out
    blob = (classroom / "helpers" / "answers" / "ch00.dat").read_text(encoding="ascii")
    assert all("solution" not in spec for spec in exercises.decode(blob))


def test_student_makefile_has_lab_and_data_but_no_test(bundle):
    text = (bundle / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^lab:", text, re.M) and re.search(r"^data:", text, re.M)
    assert not re.search(r"^test", text, re.M)
    dry = subprocess.run(["make", "-n", "lab"], cwd=bundle, capture_output=True, text=True, timeout=60)
    assert dry.returncode == 0 and "helpers.workspace lab" in dry.stdout and "tools/check_python.py" in dry.stdout
    assert (bundle / "helpers" / "workspace.py").exists() and re.search(r"^update:", text, re.M)
    for tool in re.findall(r"tools/[\w/]+\.py", text):
        assert (bundle / tool).exists()


def test_student_readme_is_zh_tw(bundle):
    import opencc

    from tests.test_hygiene import MAINLAND_TERMS, simplified_chars

    text = (bundle / "README.md").read_text(encoding="utf-8")
    assert not simplified_chars(text, opencc.OpenCC("s2t"))
    assert not [t for t in MAINLAND_TERMS if t in text]
    assert "make test" not in text and "solutions/" not in text
    assert "notebooks/00_guide.ipynb" in text


def test_leak_finder_catches_planted_leaks(bundle, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(bundle, copy)
    nb_path = copy / "exercises" / "00_guide.ipynb"
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    nb["cells"].append(
        {
            "cell_type": "code",
            "metadata": {"tags": ["solution"]},
            "outputs": [],
            "execution_count": None,
            "source": 'answer_0_2 = "上升"',
        }
    )
    nb_path.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    (copy / "README.md").write_text(exercises.get("0.1")["solution"], encoding="utf-8")
    (copy / "notes.py").write_text(f"answer_0_1 = {exercises.get('0.1')['expected']}\n", encoding="utf-8")
    (copy / "helpers" / "exercises" / "ch00.py").write_text("EXERCISES = []\n", encoding="utf-8")
    (copy / "solutions").mkdir()
    problems = "\n".join(release.find_leaks(copy, SPECS))
    for needle in (
        "tagged 'solution'",
        "0.2 expected '上升' assigned",
        "README.md: 0.1 solution text",
        "notes.py: 0.1 expected",
        "ch00.py: exercise spec module",
        "solutions/",
    ):
        assert needle in problems, needle
    assert release.find_leaks(bundle, SPECS) == []


def test_build_is_atomic(tmp_path, monkeypatch):
    first = release.build(tmp_path)
    before = _files(first)
    (first / "marker.txt").write_text("from the first build")

    def broken(bundle, classroom=False, root=release.ROOT):
        bundle.mkdir(parents=True)
        (bundle / "README.md").write_text("half-built")
        raise OSError("disk full")

    monkeypatch.setattr(release, "assemble", broken)
    with pytest.raises(OSError):
        release.build(tmp_path)
    assert (first / "marker.txt").exists() and _files(first) == sorted(before + ["marker.txt"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["qeqt-course-student", "qeqt-course-student.zip"]
    monkeypatch.undo()
    again = release.build(tmp_path)
    assert _files(again) == before, "a new build replaces the old folder completely"


def test_student_makefile_derivation_fails_loudly():
    with pytest.raises(release.ReleaseError):
        release.student_makefile("lab:\n\techo\n")


# ------------------------------------------------------------------------------- classroom: sealed answers
def test_classroom_bundle_decodes_to_sealed_specs_only(classroom):
    from helpers import exercises

    blobs = sorted((classroom / "helpers" / "answers").glob("*.dat"))
    assert blobs
    for blob in blobs:
        for spec in exercises.decode(blob.read_text(encoding="ascii")):
            assert "sealed" in spec and not {"expected", "misconceptions", "hints", "solution", "cases"} & set(spec)
    all_specs = [s for chapter in release.registered_specs(False).values() for s in chapter]
    assert release.sealed_leaks(classroom, all_specs) == []


def test_a_spec_left_unsealed_is_found(classroom, tmp_path):
    import shutil as _shutil

    from helpers import exercises

    copy = tmp_path / "b"
    _shutil.copytree(classroom, copy)
    full = list(exercises.chapter_specs(2))
    (copy / "helpers" / "answers" / "ch02.dat").write_text(exercises.encode(full), encoding="ascii")
    all_specs = [s for chapter in release.registered_specs(False).values() for s in chapter]
    problems = release.sealed_leaks(copy, all_specs)
    assert problems and all("ch02.dat" in p for p in problems)


def test_classroom_check_compares_salted_hashes(classroom):
    out = _in_bundle(
        classroom,
        "from helpers.checks import check\n"
        "bs_peak = __import__('helpers.data', fromlist=['load']).load('fed_balance_sheet_milestones')\n"
        "v = bs_peak.loc[bs_peak['event'] == '歷史最高點', 'total_assets_usd_bn'].item()\n"
        "print(check('0.1', v).status, check('0.1', v * 1000).status, check('0.1', ...).status)\n"
        "print(check('0.2', '上升').status, check('0.2', '下降').status)",
    )
    assert "passed failed not_attempted" in out and "passed failed" in out


def test_sealed_judging_agrees_with_the_engine_on_right_and_far_wrong_answers():
    sys.path.insert(0, str(ROOT / "tools"))
    from bench_grading import right_answer

    from helpers import exercises, marking

    for n in exercises.CHAPTERS:
        for spec in exercises.chapter_specs(n):
            sealed = exercises.seal(spec, salt="00" * 16)
            right = exercises.judge(sealed, right_answer(spec))
            if spec["kind"] not in exercises.SEALABLE:
                assert right.status == "not_attempted" and "交由老師批改" in right.message, spec["id"]
                continue
            assert right.status == "passed", (spec["id"], right.message)
            assert exercises.judge(sealed, ...).status == "not_attempted"
            for m in spec.get("misconceptions", []):
                engine = marking.judge(spec, m["answer"]).status
                if spec["kind"] == "number" and isinstance(m["answer"], (int, float)):
                    step = spec.get("tol") or abs(float(spec["expected"])) * spec.get("rtol", 0.005)
                    if abs(float(m["answer"]) - float(spec["expected"])) <= 2.5 * step:
                        continue  # near the boundary classroom check() may accept (documented)
                assert exercises.judge(sealed, m["answer"]).status == engine, (spec["id"], m["name"])


def test_sealed_numbers_near_the_tolerance():
    from helpers import exercises

    spec = {"id": "9.1", "kind": "number", "expected": 100.0, "tol": 1.0, "hints": ["x"]}
    sealed = exercises.seal(spec, salt="ab" * 16)
    for value, status in (
        (100.0, "passed"),
        (100.99, "passed"),
        (99.01, "passed"),
        (103.5, "failed"),
        (96.4, "failed"),
    ):
        assert exercises.judge(sealed, value).status == status, value
    spec = {"id": "9.2", "kind": "number", "expected": 8965.0, "rtol": 0.01, "hints": ["x"]}
    sealed = exercises.seal(spec, salt="cd" * 16)
    assert exercises.judge(sealed, 8965 * 1.0099).status == "passed"
    assert exercises.judge(sealed, 8965 * 1.04).status == "failed"
    assert "8965" not in str(sealed) and "expected" not in sealed


# ------------------------------------------------------------------------ hints and solutions released later
def test_teacher_releases_hints_then_solutions_to_a_classroom_bundle(classroom, tmp_path):
    import shutil as _shutil
    import zipfile

    copy = tmp_path / "bundle"
    _shutil.copytree(classroom, copy)
    script = "from helpers.checks import check, hint, solution\ncheck('0.2', '下降')\nhint('0.2')\nsolution('0.2')"
    spec = exercises.get("0.2")
    before = _in_bundle(copy, script)
    assert "提示由老師另外公布" in before and "解答由老師另外公布" in before
    assert spec["hints"][0] not in before and spec["solution"] not in before

    hints_zip = release.reveal(["0"], "hints", out_dir=tmp_path / "dist")
    assert hints_zip.name == "qeqt-reveal-hints-ch00.zip"
    with zipfile.ZipFile(hints_zip) as zf:
        assert zf.namelist() == ["helpers/answers/ch00.hints.dat"]
        released = zf.read("helpers/answers/ch00.hints.dat").decode("ascii")
        zf.extractall(copy)
    decoded = exercises.decode(released)
    assert decoded["0.2"] == spec["hints"]
    # a hints file carries hints only: no expected value, misconception answer or solution text
    assert all(isinstance(v, list) for v in decoded.values())
    assert spec["solution"] not in json.dumps(decoded, ensure_ascii=False)
    hinted = _in_bundle(copy, script)
    assert spec["hints"][0] in hinted and 'hint("0.2")' in hinted  # the failed check now points to the hint
    assert spec["solution"] not in hinted

    with zipfile.ZipFile(release.reveal(["00_guide"], "solutions", out_dir=tmp_path / "dist")) as zf:
        zf.extractall(copy)
    solved = _in_bundle(copy, script)
    assert spec["solution"] in solved and spec["hints"][0] in solved
    assert "passed" in _in_bundle(copy, "from helpers.checks import check\nprint(check('0.2', '上升').status)")


def test_reveal_refuses_unknown_chapters_and_kinds(tmp_path, capsys):
    assert release.main(["--reveal", "9", "--out", str(tmp_path)]) == 1
    assert "no registered exercises" in capsys.readouterr().err
    with pytest.raises(release.ReleaseError, match="choose one of"):
        release.reveal(["2"], "answers", out_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []
