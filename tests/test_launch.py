"""Launch links and the bootstrap cell (helpers/launch.py, tools/launch_cells.py, `make launch-cells`)."""

import copy
import os
import pathlib
import shutil
import subprocess
import sys
import urllib.parse

import nbformat
import pytest

from helpers import launch

ROOT = pathlib.Path(__file__).resolve().parents[1]
ALL_NB = [p for folder in ("notebooks", "solutions", "exercises") for p in sorted((ROOT / folder).glob("*.ipynb"))]


def _rel(path):
    return path.relative_to(ROOT).as_posix()


def _tags(cell):
    return cell.get("metadata", {}).get("tags", [])


@pytest.mark.parametrize("path", ALL_NB, ids=_rel)
def test_every_notebook_has_launch_cells(path):
    nb = nbformat.read(path, as_version=4)
    assert launch.check(nb, _rel(path)) == []
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.lstrip().startswith("#"), "title stays first"
    links, boot = nb.cells[1], nb.cells[2]
    assert launch.LAUNCH_TAG in _tags(links) and launch.BOOTSTRAP_TAG in _tags(boot)
    assert f"/{_rel(path)}" in links.source, "the links open this very notebook"
    assert boot.cell_type == "code" and not boot.get("outputs"), (
        "the bootstrap prints nothing where the kit is installed"
    )
    assert sum(launch.LAUNCH_TAG in _tags(c) for c in nb.cells) == 1
    assert sum(launch.BOOTSTRAP_TAG in _tags(c) for c in nb.cells) == 1


def test_exercise_links_point_at_exercises_not_solutions():
    for path in sorted((ROOT / "exercises").glob("*.ipynb")):
        links = nbformat.read(path, as_version=4).cells[1].source
        assert "solutions" not in links and f"exercises/{path.name}" in links


def test_apply_is_idempotent_and_keeps_the_title_first():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 標題"), nbformat.v4.new_code_cell("x = 1")])
    assert launch.apply(nb, "notebooks/99_x.ipynb") is True
    snapshot = copy.deepcopy(nb)
    assert launch.apply(nb, "notebooks/99_x.ipynb") is False and nb == snapshot
    assert [c.source for c in nb.cells][0::3] == ["# 標題", "x = 1"]
    assert _tags(nb.cells[1]) == ["launch", "remove-cell"] and _tags(nb.cells[2]) == ["bootstrap", "remove-cell"]


def test_apply_updates_stale_and_moved_cells():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 標題"), nbformat.v4.new_code_cell("x = 1")])
    launch.apply(nb, "notebooks/99_x.ipynb")
    nb.cells[1].source = "old links"
    nb.cells[2].outputs = [nbformat.v4.new_output("stream", text="installing")]
    nb.cells.append(nb.cells.pop(2))  # bootstrap moved to the end
    assert launch.check(nb, "notebooks/99_x.ipynb")
    assert launch.apply(nb, "notebooks/99_x.ipynb") is True
    assert launch.check(nb, "notebooks/99_x.ipynb") == []
    assert nb.cells[2].outputs == [] and nb.cells[3].source == "x = 1" and len(nb.cells) == 4


def test_links_are_well_formed():
    rel = "notebooks/02_qt_mechanics.ipynb"
    colab = urllib.parse.urlparse(launch.colab_url(rel))
    assert colab.netloc == "colab.research.google.com" and colab.path.endswith(f"/blob/{launch.BRANCH}/{rel}")
    binder = urllib.parse.urlparse(launch.binder_url(rel))
    assert binder.path.startswith("/v2/gh/") and urllib.parse.parse_qs(binder.query)["urlpath"] == [f"lab/tree/{rel}"]
    hub = urllib.parse.urlparse(launch.nbgitpuller_url(rel, hub="https://hub.example.edu/"))
    query = urllib.parse.parse_qs(hub.query)
    assert hub.path == "/hub/user-redirect/git-pull" and query["repo"] == [launch.REPOSITORY]
    assert query["urlpath"] == [f"lab/tree/{launch.repo_name()}/{rel}"] and query["branch"] == [launch.BRANCH]


def test_launch_tool_check_mode_passes():
    proc = subprocess.run(
        [sys.executable, "tools/launch_cells.py", "--check"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _kit_copy(dest: pathlib.Path) -> pathlib.Path:
    """The committed course files (what a clone has), without .venv or caches."""
    files = subprocess.run(
        ["git", "ls-files", "-z", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    for name in filter(None, files.decode().split("\0")):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    return dest


def _fresh_venv(tmp_path, name):
    """A venv with the learner's dependencies but WITHOUT the kit."""
    uv = shutil.which("uv") or str(pathlib.Path(sys.executable).parent / "uv")
    if not os.path.exists(uv):
        pytest.skip("uv is not installed in this environment")
    venv = tmp_path / name
    subprocess.run([uv, "venv", "-q", "--seed", "--python", sys.executable, str(venv)], check=True, timeout=120)
    py = str(venv / "bin" / "python")
    subprocess.run(
        [
            uv,
            "pip",
            "install",
            "-q",
            "--python",
            py,
            "--override",
            str(ROOT / "requirements-overrides.txt"),
            "-r",
            str(ROOT / "requirements-learner.lock"),
        ],
        check=True,
        timeout=600,
    )
    return py


ENV = {k: v for k, v in os.environ.items() if k not in {launch.KIT_ENV, "PYTHONPATH", "VIRTUAL_ENV"}}
PROBE = "import importlib.util, sys; sys.exit(importlib.util.find_spec('helpers') is not None)"
USE = "\nimport helpers\nfrom helpers.data import load\nprint(len(load('fed_programs')) > 0, helpers.__file__)\n"


def _run(py, code, cwd):
    return subprocess.run([py, "-c", code], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_bootstrap_clones_and_installs_the_kit_in_a_fresh_venv(tmp_path):
    """Colab: only the notebook, no course folder around it. The bootstrap cell (its git clone pointed at a local
    repository, as Colab would clone the public one) makes `import helpers` work in the same process."""
    origin = _kit_copy(tmp_path / "origin")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(git + ["init", "-q", "-b", "main"], cwd=origin, check=True)
    subprocess.run(git + ["add", "-A"], cwd=origin, check=True)
    subprocess.run(git + ["commit", "-q", "-m", "kit"], cwd=origin, check=True)
    py = _fresh_venv(tmp_path, "venv")
    assert subprocess.run([py, "-c", PROBE], cwd=tmp_path, env=ENV).returncode == 0, "the venv must lack the kit"
    cell = launch.bootstrap_source().replace(launch.REPOSITORY, origin.as_uri())
    work = tmp_path / "colab"
    work.mkdir()
    proc = _run(py, cell + USE, work)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.startswith("True ") and str(work / launch.repo_name()) in proc.stdout
    # Second run (the kit is now installed): the cell does nothing and prints nothing.
    again = _run(py, cell, work)
    assert again.returncode == 0 and again.stdout == "" and again.stderr == ""


@pytest.mark.slow
def test_bootstrap_installs_the_course_folder_around_the_notebook(tmp_path):
    """A JupyterHub after an nbgitpuller link (or a clone in a bare Jupyter): the notebook runs in exercises/ of a
    course folder; the bootstrap installs that folder, without any network."""
    course = _kit_copy(tmp_path / "home" / "qeqt-course")
    py = _fresh_venv(tmp_path, "venv")
    assert subprocess.run([py, "-c", PROBE], cwd=tmp_path, env=ENV).returncode == 0, "the venv must lack the kit"
    cell = launch.bootstrap_source().replace(launch.REPOSITORY, "https://invalid.example/none")
    proc = _run(py, cell + USE, course / "exercises")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.startswith("True ") and str(course / "helpers") in proc.stdout
    assert not (course / "exercises" / launch.repo_name()).exists(), "nothing was cloned"
