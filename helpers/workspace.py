"""The learner's workspace: copies of the chapters and exercises, kept apart from the tracked course (``make lab``,
``make update``; README 「你的工作區」).

    python -m helpers.workspace lab [jupyter lab flags…]   # create/complete workspace/, write its Jupyter settings,
                                                          # start JupyterLab on it (opens notebooks/00_guide.ipynb)
    python -m helpers.workspace update                    # merge the course's current notebooks into workspace/
    python -m helpers.workspace status                    # which workspace notebooks the learner changed

``workspace/`` (git-ignored) holds ``notebooks/`` and ``exercises/`` copied from the course, so relative links
between chapters and exercises resolve, and running or saving anything in the lab never touches a tracked file.
``workspace/.course/`` keeps the course version each copy was last synced from (the merge base).

Merge rules (after nbgitpuller's, applied per cell; cells are matched by their nbformat cell id):

* a cell the learner did not change takes the course's new version; one they changed (source or type) is kept,
  even when the course changed it too (the learner's work wins);
* cells the learner added stay where they were (after the cell they followed); cells the learner deleted stay
  deleted; cells new in the course are inserted; cells removed from the course go unless the learner changed them;
* a whole file the learner deleted comes back; a learner's own file with the name of a new course file is renamed
  ``name.local-<time>.ipynb`` before the course's copy is put in its place; files the learner created are left alone.

Everything Jupyter writes (settings, workspaces, custom CSS) lives in ``workspace/.jupyter``.
"""

from __future__ import annotations

import argparse
import copy
import datetime as _dt
import json
import os
import pathlib
import shutil
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
FOLDERS = ("notebooks", "exercises")
START = "notebooks/00_guide.ipynb"
BASE = ".course"
JUPYTER = ".jupyter"

# JupyterLab user settings for the course (written on every `make lab`; the learner may change them in the lab).
LAB_SETTINGS = {
    # No "Would you like to receive official Jupyter news?" pop-up, no update check.
    ("@jupyterlab/apputils-extension", "notification"): {"fetchNews": "false", "checkForUpdates": False},
    # Start the notebook's kernel without asking; render every cell (no windowing): the course's notebooks are
    # short (< 100 cells), and then links to headings, find-in-page and screen readers reach every cell.
    ("@jupyterlab/notebook-extension", "tracker"): {"autoStartDefaultKernel": True, "windowingMode": "none"},
}
# Tabs of a chapter and of its exercises carry the same file name: the tab's tooltip holds the path
# ("Path: exercises/00_guide.ipynb"), so CSS can mark which is which.
CUSTOM_CSS = """/* Written by helpers/workspace.py: tell a chapter's tab from its exercises' tab (same file name). */
.lm-DockPanel-tabBar .lm-TabBar-tab[title*="Path: exercises/"] .lm-TabBar-tabLabel::before {
  content: "練習｜"; font-weight: 600; color: #D55E00;
}
.lm-DockPanel-tabBar .lm-TabBar-tab[title*="Path: notebooks/"] .lm-TabBar-tabLabel::before {
  content: "課文｜"; font-weight: 600; color: #0072B2;
}
/* The course's Traditional Chinese font as the LAST fallback: only downloaded on a machine with no CJK font. */
@font-face {
  font-family: "QEQT Noto Sans TC"; src: url("qeqt-cjk.otf") format("opentype");
  unicode-range: U+3000-303F, U+3400-9FFF, U+FF00-FFEF; font-display: swap;
}
body {
  --jp-ui-font-family: system-ui, -apple-system, blinkmacsystemfont, "Segoe UI", helvetica, arial, sans-serif,
    "Apple Color Emoji", "Segoe UI Emoji", "Segoe UI Symbol", "QEQT Noto Sans TC";
  --jp-content-font-family: var(--jp-ui-font-family);
  --jp-code-font-family: menlo, consolas, "DejaVu Sans Mono", monospace, "QEQT Noto Sans TC";
}
.jupyter-widgets select, .jupyter-widgets option, .jupyter-widgets input { font-family: var(--jp-ui-font-family); }
"""
LAB_ARGS = [
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--LabApp.custom_css=True",
    "--ContentsManager.pre_save_hook=helpers.workspace.pre_save_hook",
]


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
SIMULATOR_MARKER = "qeqt"  # = helpers.widgets.OUTPUT_MARKER (not imported: the Jupyter server loads this module)


def static_simulators(nb: dict) -> int:
    """Drop the live widget view from every simulator output that carries its static figure; return how many.

    A stored widget view with no kernel behind it shows "Error displaying widget: model not found" in JupyterLab
    (the widget renderer outranks the image). Without it the output's ``image/png`` (and alt text) shows until
    the cell runs again and the live simulator replaces it."""
    dropped = 0
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            data, meta = out.get("data", {}), out.get("metadata", {})
            marked = isinstance(meta, dict) and isinstance(meta.get(SIMULATOR_MARKER), dict)
            if marked and meta[SIMULATOR_MARKER].get("simulator") and WIDGET_VIEW in data and "image/png" in data:
                del data[WIDGET_VIEW]
                dropped += 1
    if dropped and isinstance(nb.get("metadata"), dict):
        nb["metadata"].pop("widgets", None)  # the saved widget state would only restore dead models
    return dropped


def pre_save_hook(model, **kwargs):
    """Jupyter server pre-save hook (set by ``make lab``): a saved notebook keeps its simulators' figures, not
    their dead widget views (see ``static_simulators``). Never stops a save."""
    try:
        if model.get("type") == "notebook" and isinstance(model.get("content"), dict):
            static_simulators(model["content"])
    except Exception:
        pass


class WorkspaceError(RuntimeError):
    """The workspace cannot be created or merged (message for the learner, zh-TW)."""


def workspace_dir(root: pathlib.Path = ROOT) -> pathlib.Path:
    env = os.environ.get("QEQT_WORKSPACE")
    return pathlib.Path(env).resolve() if env else root / "workspace"


def _course_files(root: pathlib.Path):
    for folder in FOLDERS:
        src = root / folder
        if not src.is_dir():
            continue
        for path in sorted(src.rglob("*")):
            rel = path.relative_to(root)
            if path.is_file() and not any(p.startswith(".") or p == "__pycache__" for p in rel.parts):
                yield rel


# ------------------------------------------------------------------------------------------------- merging
def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _changed(cell, base_by_id) -> bool:
    """True when the learner added or edited this cell (outputs and execution counts do not count)."""
    base = base_by_id.get(cell.get("id"))
    return base is None or _source(base) != _source(cell) or base.get("cell_type") != cell.get("cell_type")


def merge_notebooks(base: dict, mine: dict, theirs: dict) -> dict:
    """Cell-level three-way merge of notebook JSON dicts (see the module docstring for the rules)."""
    base_by_id = {c.get("id"): c for c in base.get("cells", []) if c.get("id")}
    mine_by_id = {c.get("id"): c for c in mine.get("cells", []) if c.get("id")}
    theirs_ids = {c.get("id") for c in theirs.get("cells", [])}
    result = []
    for cell in theirs.get("cells", []):
        cid = cell.get("id")
        if cid in mine_by_id:
            kept = mine_by_id[cid]
            upstream_same = (
                cid in base_by_id
                and _source(base_by_id[cid]) == _source(cell)
                and base_by_id[cid].get("cell_type") == cell.get("cell_type")
            )
            # The learner's cell when they changed it, or when the course did not (keeps their outputs).
            result.append(kept if _changed(kept, base_by_id) or upstream_same else cell)
        elif cid in base_by_id:
            continue  # the learner deleted it
        else:
            result.append(cell)  # new in the course
    placed = {c.get("id") for c in result}
    anchor = None
    for cell in mine.get("cells", []):
        cid = cell.get("id")
        if cid in placed:
            anchor = cid
            continue
        keep = cid not in theirs_ids and _changed(cell, base_by_id)  # added by the learner, or edited then dropped
        if not keep:
            continue
        at = 0 if anchor is None else next(i for i, c in enumerate(result) if c.get("id") == anchor) + 1
        result.insert(at, cell)
        placed.add(cid)
        anchor = cid
    merged = copy.deepcopy(theirs)
    merged["cells"] = result
    return merged


def _read_nb(path: pathlib.Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _write_nb(path: pathlib.Path, nb: dict) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def _learner_changed(base: pathlib.Path, mine: pathlib.Path) -> bool:
    if not base.exists():
        return True
    if mine.suffix != ".ipynb":
        return base.read_bytes() != mine.read_bytes()
    try:
        b, m = _read_nb(base), _read_nb(mine)
    except (OSError, ValueError):
        return True
    base_by_id = {c.get("id"): c for c in b.get("cells", [])}
    mine_ids = [c.get("id") for c in m.get("cells", [])]
    return mine_ids != [c.get("id") for c in b.get("cells", [])] or any(
        _changed(c, base_by_id) for c in m.get("cells", [])
    )


def _sync_file(rel, root, ws, report, stamp) -> None:
    theirs, mine, base = root / rel, ws / rel, ws / BASE / rel
    mine.parent.mkdir(parents=True, exist_ok=True)
    if not mine.exists():
        shutil.copyfile(theirs, mine)
        report.append(("restored" if base.exists() else "added", rel))
    elif not base.exists():
        kept = mine.with_name(f"{mine.stem}.local-{stamp}{mine.suffix}")
        os.replace(mine, kept)
        shutil.copyfile(theirs, mine)
        report.append(("renamed", kept.relative_to(ws)))
    elif base.read_bytes() == theirs.read_bytes():
        pass  # the course did not change this file: whatever the learner did stays
    elif not _learner_changed(base, mine):
        shutil.copyfile(theirs, mine)
        report.append(("updated", rel))
    elif rel.suffix == ".ipynb":
        try:
            merged = merge_notebooks(_read_nb(base), _read_nb(mine), _read_nb(theirs))
        except (OSError, ValueError) as exc:
            raise WorkspaceError(f"無法合併 {rel}（{type(exc).__name__}）：檔案可能損壞，你的版本沒有被改動。") from exc
        _write_nb(mine, merged)
        report.append(("merged", rel))
    else:
        report.append(("kept", rel))  # a non-notebook file the learner changed: theirs wins nothing
    base.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(theirs, base)


def sync(root: pathlib.Path = ROOT, ws: pathlib.Path | None = None) -> list[tuple[str, pathlib.Path]]:
    """Create the workspace or bring it up to date with the course; return (action, path) pairs."""
    ws = ws or workspace_dir(root)
    ws.mkdir(parents=True, exist_ok=True)
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    report: list[tuple[str, pathlib.Path]] = []
    for rel in _course_files(root):
        _sync_file(rel, root, ws, report, stamp)
    return report


def status(root: pathlib.Path = ROOT, ws: pathlib.Path | None = None) -> list[pathlib.Path]:
    """Course files the learner changed in the workspace."""
    ws = ws or workspace_dir(root)
    return [rel for rel in _course_files(root) if (ws / rel).exists() and _learner_changed(ws / BASE / rel, ws / rel)]


# ------------------------------------------------------------------------------------------------ the lab
def write_lab_config(ws: pathlib.Path) -> pathlib.Path:
    """Jupyter's config dir for the course inside the workspace; returns it."""
    cfg = ws / JUPYTER
    settings = cfg / "lab" / "user-settings"
    for (ext, name), body in LAB_SETTINGS.items():
        path = settings / ext / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        current = {}
        if path.exists():
            try:
                current = json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                current = {}
        path.write_text(json.dumps({**current, **body}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (cfg / "custom").mkdir(parents=True, exist_ok=True)
    (cfg / "custom" / "custom.css").write_text(CUSTOM_CSS, encoding="utf-8")
    font, served = (
        pathlib.Path(__file__).resolve().parent / "fonts" / "NotoSansCJKtc-Regular-subset.otf",
        cfg / "custom" / "qeqt-cjk.otf",
    )
    if font.exists() and (not served.exists() or served.stat().st_size != font.stat().st_size):
        shutil.copyfile(font, served)  # a copy: the server does not follow links out of its static folder
    return cfg


def lab_command(ws: pathlib.Path, extra=()) -> tuple[list[str], dict]:
    cfg = ws / JUPYTER
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(cfg),
        JUPYTERLAB_SETTINGS_DIR=str(cfg / "lab" / "user-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(cfg / "lab" / "workspaces"),
    )
    cmd = [sys.executable, "-m", "jupyter", "lab", START, f"--ServerApp.root_dir={ws}", *LAB_ARGS, *extra]
    return cmd, env


def _print_report(report) -> None:
    labels = {
        "added": "新增",
        "restored": "復原",
        "updated": "更新",
        "merged": "合併（保留你改過的儲存格）",
        "renamed": "你的同名檔案改名為",
        "kept": "保留你的版本",
    }
    for action, rel in report:
        print(f"  {labels[action]}：{rel}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m helpers.workspace", description="The learner's workspace: copies of notebooks/ and exercises/."
    )
    parser.add_argument("command", choices=["lab", "update", "status"])
    args, extra = parser.parse_known_args(argv)
    root = ROOT
    ws = workspace_dir(root)
    try:
        if args.command == "status":
            changed = status(root, ws)
            print("你改過的筆記本：" + ("、".join(str(p) for p in changed) if changed else "沒有"))
            return 0
        first = not ws.exists()
        report = sync(root, ws)
    except (OSError, WorkspaceError) as exc:
        print(f"工作區：錯誤：{exc}", file=sys.stderr)
        return 1
    if args.command == "update":
        print(f"工作區 {ws} 已更新。" if report else f"工作區 {ws} 已是最新。")
        _print_report(report)
        return 0
    if first:
        print(f"已建立你的工作區 {ws}（課文與練習的副本；你的修改都存在這裡，不會動到課程檔案）。")
    write_lab_config(ws)
    cmd, env = lab_command(ws, extra)
    sys.stdout.flush()
    os.chdir(ws)
    os.execvpe(cmd[0], cmd, env)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
