"""Launch links and the bootstrap cell at the top of every notebook (maintainer tool; ``make launch-cells``).

Every notebook in ``notebooks/``, ``solutions/`` and ``exercises/`` starts with
1. its title cell (unchanged),
2. a markdown cell tagged ``launch``: links that open this very notebook on Binder (built from ``environment.yml``),
   Colab, and a JupyterHub through an nbgitpuller link;
3. a code cell tagged ``bootstrap``: when ``import helpers`` fails it installs the course quietly
   (``pip install -q -e``): the course folder around the notebook when there is one (a JupyterHub after an
   nbgitpuller link, a clone opened in a bare Jupyter), else a fresh ``git clone`` (Colab), so the next cells run. Where the kit is installed it does nothing
   and prints nothing, so nbval's stored outputs stay valid.
Both cells carry ``remove-cell`` so the web edition (``make book``) hides them: the book has its own launch buttons.

``apply(nb, relpath)`` inserts or updates the two cells (idempotent: a second run changes nothing).
``helpers.make_exercises`` calls it for each generated exercise notebook, so its links point at ``exercises/``.
The repository, branch and hub below are the one place to change them (then ``make launch-cells``).
"""

from __future__ import annotations

import urllib.parse

# Where the course is published. Change here, then run `make launch-cells` and `make exercises`.
REPOSITORY = "https://github.com/qeqt-course/qeqt-course"
BRANCH = "main"
BINDER = "https://mybinder.org"
COLAB = "https://colab.research.google.com"
HUB = "http://127.0.0.1:8000"  # a class's JupyterHub; the loopback classroom (tests/test_hub.py) by default

LAUNCH_TAG = "launch"
BOOTSTRAP_TAG = "bootstrap"
HIDE_TAG = "remove-cell"  # Jupyter Book: not shown in the web edition
KIT_ENV = "QEQT_KIT"  # a local folder with the course (tests, offline classrooms); else git clone


def _github_path() -> str:
    parsed = urllib.parse.urlparse(REPOSITORY)
    if parsed.netloc != "github.com":
        raise ValueError(f"REPOSITORY must be a github.com URL for Binder and Colab links, got {REPOSITORY!r}")
    return parsed.path.strip("/")


def repo_name(repository: str = "") -> str:
    """The folder name a clone (or nbgitpuller) creates."""
    if repository:
        return repository.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    return _github_path().rsplit("/", 1)[-1]


def binder_url(relpath: str) -> str:
    return f"{BINDER}/v2/gh/{_github_path()}/{BRANCH}?urlpath=" + urllib.parse.quote(f"lab/tree/{relpath}", safe="")


def colab_url(relpath: str) -> str:
    return f"{COLAB}/github/{_github_path()}/blob/{BRANCH}/{relpath}"


def nbgitpuller_url(relpath: str, hub: str = HUB, repository: str = REPOSITORY, branch: str = BRANCH) -> str:
    """An nbgitpuller link: the hub clones (or updates) the course into the user's home, then opens ``relpath``."""
    query = urllib.parse.urlencode(
        {"repo": repository, "branch": branch, "urlpath": f"lab/tree/{repo_name(repository)}/{relpath}"}
    )
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def launch_source(relpath: str) -> str:
    return (
        f"**在雲端或學校的伺服器開啟這份筆記本**：[Binder]({binder_url(relpath)})"
        f" · [Colab]({colab_url(relpath)})"
        f" · [JupyterHub]({nbgitpuller_url(relpath)})\n\n"
        "在 Colab 或還沒有安裝課程套件的環境，請先執行下面第一格程式：它會自動下載並安裝課程套件（約一分鐘），"
        "已經安裝好的環境則什麼都不做。"
    )


def bootstrap_source() -> str:
    """The first code cell: installs the kit quietly where ``import helpers`` fails. Kept ruff-format-clean and within
    the notebooks' 15-line cell limit (tests/test_hygiene.py)."""
    return "\n".join(
        [
            "try:  # 沒有課程套件時（例如 Colab）：安靜地下載並安裝；已安裝時什麼都不做",
            "    import helpers.data  # noqa: F401",
            "except ImportError:",
            "    import subprocess",
            "    import sys",
            "    from os import environ, path",
            "",
            f'    kit = environ.get("{KIT_ENV}", path.abspath(".."))  # 筆記本所在的課程資料夾',
            f'    clone = ["git", "clone", "-q", "--depth=1", "{REPOSITORY}"]',
            '    if not path.isdir(path.join(kit, "helpers")):  # Colab：這裡只有這份筆記本',
            f'        kit = path.abspath("{repo_name()}")',
            "        if not path.isdir(kit):",
            "            subprocess.run([*clone, kit], check=True)",
            '    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-e", kit], check=True)',
            "    sys.path.insert(0, kit)",
        ]
    )


def _tags(cell) -> list:
    return list(cell.get("metadata", {}).get("tags", []))


def _set(cell, cell_type: str, source: str, tag: str) -> bool:
    """Make ``cell`` hold ``source`` with its tags; True when something changed."""
    changed = cell.get("source") != source
    cell["source"] = source
    tags = _tags(cell)
    for t in (tag, HIDE_TAG):
        if t not in tags:
            tags.append(t)
            changed = True
    cell.setdefault("metadata", {})["tags"] = tags
    if cell_type == "code":
        cell.setdefault("execution_count", None)
        if cell.get("outputs") is None or cell.get("outputs"):
            changed = True
            cell["outputs"] = []  # where the kit is installed the cell prints nothing: keep nbval's record empty
    return changed


def apply(nb, relpath: str) -> bool:
    """Insert or update the launch and bootstrap cells of ``nb`` (an nbformat v4 notebook) in place.

    ``relpath`` is the notebook's path in the repository (``notebooks/02_qt_mechanics.ipynb``). Returns True when
    the notebook changed. The title cell (the first cell) stays first; the two cells follow it, in that order.
    """
    import nbformat

    if not nb.cells:
        raise ValueError(f"{relpath}: empty notebook (no title cell)")
    launch = [c for c in nb.cells if LAUNCH_TAG in _tags(c) and c.cell_type == "markdown"]
    boot = [c for c in nb.cells if BOOTSTRAP_TAG in _tags(c) and c.cell_type == "code"]
    first_launch = launch[0] if launch else nbformat.v4.new_markdown_cell()
    first_boot = boot[0] if boot else nbformat.v4.new_code_cell()
    changed = _set(first_launch, "markdown", launch_source(relpath), LAUNCH_TAG)
    changed |= _set(first_boot, "code", bootstrap_source(), BOOTSTRAP_TAG)
    ours = {id(c) for c in launch + boot}
    rest = [c for c in nb.cells if id(c) not in ours]
    cells = rest[:1] + [first_launch, first_boot] + rest[1:]
    if [id(c) for c in cells] != [id(c) for c in nb.cells]:
        changed = True
    nb.cells = cells
    return changed


def check(nb, relpath: str) -> list[str]:
    """Problems with the launch cells of ``nb`` (empty when up to date)."""
    import copy

    problems = []
    probe = copy.deepcopy(nb)
    try:
        if apply(probe, relpath):
            problems.append(f"{relpath}: launch cells missing or stale (run `make launch-cells`)")
    except ValueError as exc:
        problems.append(str(exc))
    return problems
