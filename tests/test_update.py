"""`make update` end to end (README: pull the new version of the course and merge it into workspace/): real git,
real make, an "upstream" clone of this repository that publishes a new version and a learner's clone of it."""

import json
import os
import pathlib
import shutil
import subprocess
import uuid

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
EXERCISE = pathlib.Path("exercises/01_qe_mechanics.ipynb")
CHAPTER = pathlib.Path("notebooks/01_qe_mechanics.ipynb")
ANSWER = "answer_1_1 = ..."
MINE = 'answer_1_1 = {"assets": {"treasuries": 100}, "liabilities": {"reserves": 100}}'
MY_NOTE = "我的筆記：聯準會買債，付款的方式是增加銀行的準備金。"
THEIR_ANSWER = "answer_1_1 = ...  # 在這裡作答（用字典，單位十億美元）"
THEIR_TITLE = "\n\n（本版新增：每題都可以用 `hint` 取得提示。）"
THEIR_CELL = "## 延伸閱讀（新版課程新增）"
# `update` depends on $(READY) only; the learner's clone borrows this checkout's .venv (see _make).
STAMP = ".venv/.ready"
CODE = ("Makefile", "helpers/workspace.py")  # what `make update` runs


def _git_status(repo=ROOT):
    return subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout


def _git(repo, *args):
    return subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args], cwd=repo, env=_env(), capture_output=True, text=True, check=True
    ).stdout.strip()


def _identify(repo):
    _git(repo, "config", "user.name", "QEQT Test")
    _git(repo, "config", "user.email", "qeqt-test@example.invalid")


def _env():
    # Nothing from an outer make (`make test`), git hook or shell may steer the inner make, git or Python:
    # no MAKEFLAGS, no VENV/PYTHON override, no GIT_DIR, no PYTHONPATH (the course's code is found from the cwd),
    # no QEQT_WORKSPACE (the workspace is the learner clone's git-ignored workspace/).
    drop = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "VENV", "BIN", "PYTHON", "PYTHONPATH", "QEQT_WORKSPACE"}
    return {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("GIT_")}


def _make(learner, *args):
    # The learner clone's .venv is a link to this checkout's, whose stamp .venv/.ready is older than the clone's
    # freshly checked-out pyproject.toml and requirements-learner.lock: plain `make update` would reinstall into
    # that shared venv. `-o .venv/.ready` makes make leave the stamp alone (never remade, not a reason to remake
    # anything); touching it instead would write into this checkout's venv, outside tmp_path.
    return subprocess.run(
        ["make", "-s", "-o", STAMP, *args],
        cwd=learner,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=180,
    )


def _read(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _write(path, nb):
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _source(cell):
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def _answer_index(nb):
    found = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code" and _source(c).startswith(ANSWER)]
    assert len(found) == 1, "exactly one cell assigns answer_1_1 in the exercise notebook"
    return found[0]


def _markdown(text):
    return {"cell_type": "markdown", "id": uuid.uuid4().hex[:8], "metadata": {}, "source": [text]}


@pytest.fixture
def course(tmp_path):
    """(upstream, learner): an upstream clone of this repository and a learner's clone of it with workspace/."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    if not shutil.which("git") or not shutil.which("make"):
        pytest.skip("needs git and make")
    if not (ROOT / ".venv" / "bin" / "python").exists():
        pytest.skip("needs the course's .venv (make setup)")
    before = _git_status()
    upstream, learner = tmp_path / "upstream", tmp_path / "learner"
    subprocess.run(["git", "clone", "--no-hardlinks", "-q", str(ROOT), str(upstream)], env=_env(), check=True)
    _identify(upstream)
    # A clone holds the last commit: the code under test is this checkout's, committed or not.
    for rel in CODE:
        shutil.copyfile(ROOT / rel, upstream / rel)
    if _git_status(upstream):
        _git(upstream, "commit", "-q", "-am", "This checkout's uncommitted make update")
    subprocess.run(["git", "clone", "-q", str(upstream), str(learner)], env=_env(), check=True)
    _identify(learner)
    (learner / ".venv").symlink_to(ROOT / ".venv")
    # .gitignore's `.venv/` matches a directory, not a link to one: keep the link out of the clone's status.
    with (learner / ".git" / "info" / "exclude").open("a", encoding="utf-8") as f:
        f.write("/.venv\n")
    # A guard before anything runs for real: with the stamp taken as fresh, make plans no install into ROOT's venv.
    plan = _make(learner, "-n", "update")
    assert plan.returncode == 0 and "pip install" not in plan.stdout and "-m venv" not in plan.stdout, plan.stdout
    # The first `make update` creates workspace/.
    first = _make(learner, "update")
    assert first.returncode == 0, first.stderr
    assert "新增：exercises/01_qe_mechanics.ipynb" in first.stdout
    yield upstream, learner
    assert _git_status() == before, "the test changed files of the course"


def test_make_update_pulls_and_merges_keeping_learner_cells(course):
    upstream, learner = course
    ws = learner / "workspace"
    # `.venv/bin/python -m helpers.workspace` puts the cwd (the learner clone) first on sys.path, ahead of the
    # editable install's finder (which points at ROOT), so the learner's helpers run: they print their workspace,
    # ROOT/workspace of the helpers/workspace.py that ran. No PYTHONPATH needed; this asserts it.
    assert (ws / EXERCISE).exists() and (ws / CHAPTER).exists()

    # The learner answers 1.1 in their workspace copy and adds a note of their own after it.
    mine = _read(ws / EXERCISE)
    i = _answer_index(mine)
    answer_id = mine["cells"][i]["id"]
    mine["cells"][i]["source"] = [MINE]
    note = _markdown(MY_NOTE)
    mine["cells"].insert(i + 1, note)
    _write(ws / EXERCISE, mine)

    # Upstream publishes a new version: a title the learner did not touch, the same answer cell (a conflict),
    # and a new cell in the chapter.
    theirs = _read(upstream / EXERCISE)
    first_md = next(c for c in theirs["cells"] if c["cell_type"] == "markdown")
    title = _source(first_md) + THEIR_TITLE
    first_md["source"] = [title]
    assert theirs["cells"][_answer_index(theirs)]["id"] == answer_id
    theirs["cells"][_answer_index(theirs)]["source"] = [THEIR_ANSWER]
    _write(upstream / EXERCISE, theirs)
    chapter = _read(upstream / CHAPTER)
    new_cell = _markdown(THEIR_CELL)
    chapter["cells"].append(new_cell)
    _write(upstream / CHAPTER, chapter)
    _git(upstream, "commit", "-q", "-am", "New version of chapter 1")

    result = _make(learner, "update")
    assert result.returncode == 0, result.stderr
    assert f"工作區 {learner.resolve() / 'workspace'} 已更新。" in result.stdout, result.stdout
    assert f"合併（保留你改過的儲存格）：{EXERCISE}" in result.stdout
    assert f"更新：{CHAPTER}" in result.stdout

    # The tracked course fast-forwarded, and nothing tracked changed (workspace/ is git-ignored).
    assert _git(learner, "rev-parse", "HEAD") == _git(upstream, "rev-parse", "HEAD")
    assert _git_status(learner) == ""

    merged = _read(ws / EXERCISE)
    j = next(k for k, c in enumerate(merged["cells"]) if c["id"] == answer_id)
    assert _source(merged["cells"][j]) == MINE, "the learner's answer was replaced"
    assert merged["cells"][j + 1]["id"] == note["id"] and _source(merged["cells"][j + 1]) == MY_NOTE
    assert _source(next(c for c in merged["cells"] if c["id"] == first_md["id"])) == title
    assert [c["id"] for c in merged["cells"] if c["id"] != note["id"]] == [c["id"] for c in theirs["cells"]]
    chapter_ws = _read(ws / CHAPTER)
    assert chapter_ws["cells"][-1]["id"] == new_cell["id"] and _source(chapter_ws["cells"][-1]) == THEIR_CELL
    assert chapter_ws == chapter

    again = _make(learner, "update")
    assert again.returncode == 0, again.stderr
    assert "已是最新" in again.stdout and "：" not in again.stdout.split("已是最新", 1)[1], again.stdout
    assert _read(ws / EXERCISE) == merged


def test_make_update_stops_when_the_pull_cannot_fast_forward(course):
    upstream, learner = course
    ws = learner / "workspace"
    # The learner committed an answer in the tracked exercise; upstream moved on: the branches diverge.
    tracked = _read(learner / EXERCISE)
    tracked["cells"][_answer_index(tracked)]["source"] = [MINE]
    _write(learner / EXERCISE, tracked)
    _git(learner, "commit", "-q", "-am", "My answer")
    chapter = _read(upstream / CHAPTER)
    chapter["cells"].append(_markdown(THEIR_CELL))
    _write(upstream / CHAPTER, chapter)
    _git(upstream, "commit", "-q", "-am", "New version of chapter 1")
    head = _git(learner, "rev-parse", "HEAD")
    before = {rel: (ws / rel).read_bytes() for rel in (EXERCISE, CHAPTER)}

    result = _make(learner, "update")
    # git's message, then the course's in zh-TW; the merge step must not run after it, or it would carry the
    # learner's committed exercise into workspace/.
    assert result.returncode != 0, result.stdout
    assert "工作區" not in result.stdout, result.stdout
    assert "無法取得課程的新版本" in result.stderr and "沒有被動到" in result.stderr, result.stderr
    assert _git(learner, "rev-parse", "HEAD") == head
    assert {rel: (ws / rel).read_bytes() for rel in before} == before
