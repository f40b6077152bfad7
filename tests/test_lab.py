"""`make lab` and the learner's workspace (helpers.workspace): served root, links, settings, merges, clean course."""

import json
import os
import pathlib
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

from helpers import workspace

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url):
    with urllib.request.urlopen(url, timeout=10) as resp:
        return resp.status, resp.read().decode("utf-8", "replace")


def _git_status():
    return subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.slow
def test_make_lab_serves_workspace_with_chapters_and_exercises(tmp_path):
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    before = _git_status()
    port = _free_port()
    ws = tmp_path / "ws"
    flags = f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token=qeqt-test"
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"), QEQT_WORKSPACE=str(ws))
    proc = subprocess.Popen(
        ["make", "-s", "lab", f"LAB_FLAGS={flags}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base, token = f"http://127.0.0.1:{port}", "token=qeqt-test"
    try:
        deadline = time.time() + 120
        while True:
            try:
                status, body = _get(f"{base}/lab?{token}")
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"make lab exited: {proc.stdout.read().decode()[-2000:]}")
                if time.time() > deadline:
                    pytest.fail("JupyterLab did not answer on /lab within 120 s")
                time.sleep(0.5)
        assert status == 200 and "JupyterLab" in body
        # Every chapter's link to its exercises (../exercises/NN.ipynb from notebooks/) resolves on this server.
        for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
            text = nb.read_text(encoding="utf-8")
            for link in sorted(set(__import__("re").findall(r"\]\(\.\./(exercises/[\w.]+\.ipynb)\)", text))):
                assert _get(f"{base}/api/contents/{link}?{token}&content=0")[0] == 200, link
            assert _get(f"{base}/api/contents/notebooks/{nb.name}?{token}&content=0")[0] == 200
        settings = json.loads(_get(f"{base}/lab/api/settings/@jupyterlab/apputils-extension:notification?{token}")[1])
        assert settings["settings"]["fetchNews"] == "false"
        css = _get(f"{base}/custom/custom.css?{token}")[1]
        assert "Path: exercises/" in css
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    assert (ws / "notebooks" / "00_guide.ipynb").exists() and (ws / "exercises" / "00_guide.ipynb").exists()
    assert _git_status() == before, "make lab changed files of the course"


def test_workspace_is_git_ignored():
    ignored = subprocess.run(["git", "check-ignore", "-q", "workspace/notebooks/00_guide.ipynb"], cwd=ROOT)
    assert ignored.returncode == 0


# ------------------------------------------------------------------------------------------------ merging
def _nb(*cells):
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [
            {"id": cid, "cell_type": "code", "source": src, "metadata": {}, "outputs": out, "execution_count": None}
            for cid, src, out in cells
        ],
    }


def _sources(nb):
    return [(c["id"], c["source"]) for c in nb["cells"]]


def test_merge_keeps_learner_cells_and_takes_course_changes():
    base = _nb(
        ("a", "intro", []), ("b", "answer_1 = ...", []), ("c", "check('1', answer_1)", []), ("d", "old text", [])
    )
    mine = _nb(
        ("a", "intro", ["ran"]),
        ("b", "answer_1 = 42", []),
        ("x", "my scratch", []),
        ("c", "check('1', answer_1)", ["✅"]),
        ("d", "old text", []),
    )
    theirs = _nb(
        ("a", "intro v2", []),
        ("b", "answer_1 = ...  # new hint", []),
        ("n", "new cell", []),
        ("c", "check('1', answer_1)", []),
    )
    merged = workspace.merge_notebooks(base, mine, theirs)
    assert _sources(merged) == [
        ("a", "intro v2"),
        ("b", "answer_1 = 42"),
        ("x", "my scratch"),
        ("n", "new cell"),
        ("c", "check('1', answer_1)"),
    ]
    # A cell neither side changed keeps the learner's outputs; "d" (removed upstream, untouched) is gone.
    assert merged["cells"][-1]["outputs"] == ["✅"]


def test_merge_respects_deletions_and_keeps_edited_removed_cells():
    base = _nb(("a", "one", []), ("b", "two", []), ("c", "three", []))
    mine = _nb(("a", "one", []), ("c", "three edited", []))  # learner deleted b, edited c
    theirs = _nb(("a", "one", []), ("b", "two v2", []))  # course changed b, removed c
    merged = workspace.merge_notebooks(base, mine, theirs)
    assert _sources(merged) == [("a", "one"), ("c", "three edited")]


def _write(path, nb):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb), encoding="utf-8")


def test_sync_creates_updates_restores_and_renames(tmp_path):
    course, ws = tmp_path / "course", tmp_path / "ws"
    _write(course / "exercises" / "01.ipynb", _nb(("a", "q", []), ("b", "answer = ...", [])))
    _write(course / "notebooks" / "01.ipynb", _nb(("a", "text", [])))
    report = workspace.sync(course, ws)
    assert sorted(a for a, _ in report) == ["added", "added"]
    assert workspace.status(course, ws) == []
    # The learner answers; the course changes both files and adds one the learner already has a file for.
    _write(ws / "exercises" / "01.ipynb", _nb(("a", "q", []), ("b", "answer = 3", [])))
    _write(course / "exercises" / "01.ipynb", _nb(("a", "q v2", []), ("b", "answer = ...", [])))
    _write(course / "notebooks" / "01.ipynb", _nb(("a", "text v2", [])))
    assert workspace.status(course, ws) == [pathlib.Path("exercises/01.ipynb")]
    _write(ws / "notebooks" / "02.ipynb", _nb(("z", "mine", [])))
    _write(course / "notebooks" / "02.ipynb", _nb(("a", "chapter 2", [])))
    actions = dict((str(p), a) for a, p in workspace.sync(course, ws))
    assert actions["exercises/01.ipynb"] == "merged" and actions["notebooks/01.ipynb"] == "updated"
    assert _sources(json.loads((ws / "exercises" / "01.ipynb").read_text())) == [("a", "q v2"), ("b", "answer = 3")]
    assert _sources(json.loads((ws / "notebooks" / "02.ipynb").read_text())) == [("a", "chapter 2")]
    renamed = list((ws / "notebooks").glob("02.local-*.ipynb"))
    assert len(renamed) == 1 and _sources(json.loads(renamed[0].read_text())) == [("z", "mine")]
    # A deleted notebook comes back; a second sync with nothing new changes nothing.
    (ws / "notebooks" / "01.ipynb").unlink()
    assert ("restored", pathlib.Path("notebooks/01.ipynb")) in workspace.sync(course, ws)
    assert workspace.sync(course, ws) == []
    assert not any(course.rglob(".course")), "the course folder must not be written to"


def test_broken_learner_notebook_is_reported_not_overwritten(tmp_path):
    course, ws = tmp_path / "course", tmp_path / "ws"
    _write(course / "exercises" / "01.ipynb", _nb(("a", "q", [])))
    workspace.sync(course, ws)
    (ws / "exercises" / "01.ipynb").write_text("{not json", encoding="utf-8")
    _write(course / "exercises" / "01.ipynb", _nb(("a", "q v2", [])))
    with pytest.raises(workspace.WorkspaceError, match="損壞"):
        workspace.sync(course, ws)
    assert (ws / "exercises" / "01.ipynb").read_text(encoding="utf-8") == "{not json"


def test_lab_config_turns_news_off_and_marks_tabs(tmp_path):
    cfg = workspace.write_lab_config(tmp_path)
    news = cfg / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    assert json.loads(news.read_text())["fetchNews"] == "false"
    assert "練習" in (cfg / "custom" / "custom.css").read_text(encoding="utf-8")
    cmd, env = workspace.lab_command(tmp_path)
    assert env["JUPYTER_CONFIG_DIR"] == str(cfg) and f"--ServerApp.root_dir={tmp_path}" in cmd


def _simulator_output(marked=True):
    meta = {"image/png": {"width": 760, "alt": "模擬器"}}
    if marked:
        meta["qeqt"] = {"simulator": True}
    data = {
        workspace.WIDGET_VIEW: {"model_id": "abc", "version_major": 2},
        "image/png": "iVBOR",
        "text/plain": "[互動]",
    }
    return {"output_type": "display_data", "metadata": meta, "data": data}


def test_saved_simulators_keep_their_figure_not_a_dead_widget_view():
    from helpers import widgets

    assert workspace.SIMULATOR_MARKER == widgets.OUTPUT_MARKER
    nb = {
        "metadata": {"widgets": {"state": {}}},
        "cells": [
            {"cell_type": "code", "outputs": [_simulator_output(), _simulator_output(marked=False)]},
            {"cell_type": "markdown", "source": "x"},
        ],
    }
    model = {"type": "notebook", "content": nb}
    workspace.pre_save_hook(model=model, path="exercises/01.ipynb", contents_manager=None)
    first, other = nb["cells"][0]["outputs"]
    assert set(first["data"]) == {"image/png", "text/plain"} and "widgets" not in nb["metadata"]
    assert workspace.WIDGET_VIEW in other["data"], "a widget that is not a course simulator is left alone"
    workspace.pre_save_hook(model={"type": "file", "content": "text"})  # other files: untouched, no error
    workspace.pre_save_hook(model={"type": "notebook", "content": {"cells": "broken"}})  # never stops a save
    assert "--ContentsManager.pre_save_hook=helpers.workspace.pre_save_hook" in workspace.LAB_ARGS
