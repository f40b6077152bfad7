"""Generate ``exercises/*.ipynb`` from ``solutions/*.ipynb`` (maintainer tool; ``make exercises``).

In a solutions notebook, a code cell tagged ``solution`` holds the worked answer; it becomes a runnable stub
(``answer_2_3 = ...`` or a ``def`` whose body is ``...``). A markdown cell tagged ``solution`` (explanations,
the "solutions copy" banner) is dropped. Everything else is copied without outputs. A first cell asks for the
learner's 學號 and 姓名 (``helpers.identity``), which ``helpers.grade`` reads to name and check each submission.

    python -m helpers.make_exercises           # write exercises/
    python -m helpers.make_exercises --check   # exit 1 if exercises/ is stale (used by the tests)
"""

from __future__ import annotations

import ast
import os
import pathlib
import sys
import tempfile

import nbformat

from helpers import launch

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"
STUB_COMMENT = "# 在這裡作答"
IDENTITY_ID = "qeqt-identity"
IDENTITY_SOURCE = (
    "# 先填學號與姓名（老師批改時用來辨認你的作業），再執行這一格\n"
    "from helpers.identity import check_identity\n"
    'student_id = ""    # 學號，例如 "B11201001"\n'
    'student_name = ""  # 姓名，例如 "王小明"\n'
    "check_identity(student_id, student_name)"
)


class GenerationError(ValueError):
    pass


def stub_for(source: str, where: str) -> str:
    """The exercise stub for one solution cell: each ``answer_*`` it defines, left blank."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise GenerationError(f"{where}: solution cell does not parse ({exc})") from None
    lines = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("answer_"):
            args = ast.unparse(node.args)
            lines.append(f"def {node.name}({args}):\n    ...  {STUB_COMMENT}：完成這個函式")
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and target.id.startswith("answer_"):
                    lines.append(f"{target.id} = ...  {STUB_COMMENT}")
    if not lines:
        raise GenerationError(f"{where}: a cell tagged 'solution' must assign or define an answer_* name")
    return "\n".join(dict.fromkeys(lines))


def generate(path: pathlib.Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    cells = []
    for i, cell in enumerate(nb.cells):
        tags = cell.get("metadata", {}).get("tags", [])
        if "solution" in tags:
            if cell.cell_type != "code":
                continue
            new = nbformat.v4.new_code_cell(stub_for(cell.source, f"{path.name} cell {i}"))
        elif cell.cell_type == "code":
            new = nbformat.v4.new_code_cell(cell.source)
        else:
            new = nbformat.v4.new_markdown_cell(cell.source)
        keep = [t for t in tags if t != "solution"]
        if keep:
            new.metadata["tags"] = keep
        new.id = cell.get("id", new.id)
        cells.append(new)
    identity = nbformat.v4.new_code_cell(IDENTITY_SOURCE)  # the learner's first cell: who hands this in
    identity.id = IDENTITY_ID
    boot = [i for i, c in enumerate(cells) if launch.BOOTSTRAP_TAG in c.metadata.get("tags", [])]
    at = boot[0] + 1 if boot else 0  # after the title, launch links and bootstrap cell (it installs helpers)
    out = nbformat.v4.new_notebook(cells=cells[:at] + [identity] + cells[at:])
    out.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "qeqt": {
            "chapter": path.stem,
            "role": "exercise",
            "generated_from": f"solutions/{path.name}",
            "note": "generated: do not edit by hand",
        },
    }
    if any(launch.LAUNCH_TAG in c.metadata.get("tags", []) for c in cells):
        launch.apply(out, f"exercises/{path.name}")  # links open the exercise copy, not the solutions
    return out


def render(nb) -> str:
    return nbformat.writes(nb, version=4) + "\n"


def _write_atomic(path: pathlib.Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    check_only = "--check" in argv
    EXERCISES.mkdir(exist_ok=True)
    stale = []
    sources = sorted(SOLUTIONS.glob("*.ipynb"))
    for src in sources:
        text = render(generate(src))
        dest = EXERCISES / src.name
        current = dest.read_text(encoding="utf-8") if dest.exists() else None
        if current != text:
            stale.append(dest.relative_to(ROOT))
            if not check_only:
                _write_atomic(dest, text)
    orphans = [p for p in EXERCISES.glob("*.ipynb") if not (SOLUTIONS / p.name).exists()]
    for p in orphans:
        stale.append(p.relative_to(ROOT))
        if not check_only:
            p.unlink()
    if check_only:
        if stale:
            print("exercises/ is stale; run `make exercises`: " + ", ".join(map(str, stale)))
            return 1
        print(f"exercises/ up to date ({len(sources)} notebooks)")
        return 0
    print(f"wrote {len(stale)} of {len(sources)} exercise notebooks" if stale else "exercises/ already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
