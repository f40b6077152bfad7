"""Build the student bundle (teacher tool; ``make release``; README 「給老師」).

    python -m helpers.release [--out DIR] [--classroom]
    python -m helpers.release --reveal CHAPTER [CHAPTER …] [--what hints|solutions] [--out DIR]

writes ``DIR/qeqt-course-student/`` and ``DIR/qeqt-course-student.zip`` (default DIR: ``dist/``) containing
README.md (student edition), LICENSE, environment.yml, pyproject.toml, requirements.lock, a student Makefile
(``setup``, ``lab``, ``data``, ``progress``, ``clean``) with the tools it calls, ``helpers/`` in which every
``helpers/exercises/chNN.py`` is replaced by ``helpers/answers/chNN.dat`` (see ``helpers.exercises.encode``),
``data/`` (no cache), ``notebooks/`` and ``exercises/``. No ``solutions/``, no ``tests/``.

``--classroom`` also removes the worked solution texts from the encoded specs: ``solution("2.3")`` then says the
teacher will publish it; ``--reveal`` later builds the zip that publishes a chapter's hints or solutions (see
``reveal``). The bundle is assembled in a temporary folder beside the destination, checked (no
solution cell, no spec module, no plain expected answer or solution text), then moved into place.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import math
import os
import pathlib
import re
import shutil
import sys
import tempfile
import zipfile

from helpers import exercises

ROOT = pathlib.Path(__file__).resolve().parents[2]
NAME = "qeqt-course-student"
TOP_FILES = [
    "LICENSE",
    "environment.yml",
    "pyproject.toml",
    "requirements.lock",
    "requirements-learner.lock",
    "requirements-overrides.txt",
    ".gitignore",
]
TEACHER_MODULES = {
    "release.py",
    "make_exercises.py",
    "teacher/release.py",
    "teacher/make_exercises.py",
}  # need solutions/ or build bundles: not for learners
SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints", "cache", ".DS_Store"}
STUDENT_TARGETS = ["setup", "lab", "update", "data"]  # copied from the course Makefile
ZIP_DATE = (2020, 1, 1, 0, 0, 0)  # fixed: the same sources give the same zip


class ReleaseError(RuntimeError):
    """The bundle cannot be built as asked (maintainer-facing, English)."""


# --------------------------------------------------------------------------------------------- Makefile
def _makefile_parts(text: str):
    """Variable lines and rule blocks ({target: block text}) of a simple Makefile."""
    variables, rules, current = [], {}, None
    for line in text.splitlines():
        if line.startswith("\t") and current is not None:
            rules[current].append(line)
            continue
        current = None
        if re.match(r"^[A-Z_]+\s*(?::=|\?=|=)", line):
            variables.append(line)
        m = re.match(r"^([^\s:#=.][^\s:=]*)\s*:(?!=)", line)
        if m:
            current = m.group(1)
            rules[current] = [line]
    return variables, {k: "\n".join(v) for k, v in rules.items()}


def student_makefile(course_makefile: str) -> str:
    """The student Makefile: the course's setup/lab/data rules and the variables they use; no test target."""
    variables, rules = _makefile_parts(course_makefile)
    ready = next((k for k in rules if k == "$(READY)"), None)
    missing = [t for t in STUDENT_TARGETS if t not in rules] + ([] if ready else ["$(READY)"])
    if missing:
        raise ReleaseError(f"Makefile has no rule for {', '.join(missing)}; cannot derive the student Makefile")
    rules["setup"] = "setup: $(READY)"  # the learner's set only (the course's `setup` adds the test tools)
    body = "\n\n".join([rules[ready]] + [rules[t] for t in STUDENT_TARGETS])
    used = set(re.findall(r"\$\((\w+)\)", body))
    keep = []
    for line in variables:
        name = re.match(r"^([A-Z_]+)", line).group(1)
        if name in used or name in {"PYTHON", "VENV", "BIN", "READY"}:
            keep.append(line)
            used |= set(re.findall(r"\$\((\w+)\)", line))
    return "\n".join(
        [
            "# 課程指令（學生版）。第一次執行時會在 .venv 建立環境並安裝套件（需要網路）。`make help` 列出指令。",
            *keep,
            "",
            ".PHONY: help setup lab update data progress clean",
            "",
            "help:",
            '\t@echo "make lab        開啟課程（JupyterLab；你的作答存在 workspace/，第一次會先建立 .venv）"',
            '\t@echo "make update     把新版課程合併進 workspace/（你改過的儲存格都會保留）"',
            '\t@echo "make data       下載公有領域的 FRED 序列到 data/cache/（需要網路）"',
            '\t@echo "make progress   看各章練習的進度"',
            '\t@echo "make clean      刪除 .venv"',
            "",
            body,
            "",
            "progress: $(READY)",
            '\t$(BIN)/python -c "from helpers.checks import progress; print(progress().to_string(index=False))"',
            "",
            "clean:",
            "\trm -rf $(VENV)",
            "",
        ]
    )


# ----------------------------------------------------------------------------------------------- README
def student_readme(bundle: pathlib.Path, classroom: bool) -> str:
    rows = []
    for nb in sorted((bundle / "notebooks").glob("*.ipynb")):
        n = int(nb.name[:2]) if nb.name[:2].isdigit() else None
        title = exercises.CHAPTERS.get(n, (nb.stem, nb.stem))[1] if n is not None else nb.stem
        ex = bundle / "exercises" / nb.name
        rows.append(
            f"| {n if n is not None else '–'} | `notebooks/{nb.name}` | "
            f"{'`exercises/' + nb.name + '`' if ex.exists() else '–'} | {title} |"
        )
    solution_line = (
        'solution("2.3")           # 這個版本不附解答：解答由老師另外公布'
        if classroom
        else 'solution("2.3")           # 看詳解（先自己想過再看）'
    )
    return "\n".join(
        [
            "# 量化寬鬆與量化緊縮：互動式課程（學生版）",
            "",
            "這是課程的學生版：章節筆記本、練習與資料，不含解答版筆記本。練習會立即自動批改，並用繁體中文說明錯在哪裡。",
            "",
            "> 本課程是教育用途，不是投資建議。",
            "",
            "## 開始",
            "",
            "需要 Python 3.10 以上與 `make`（macOS、Linux；Windows 請用 WSL）。第一次執行會在 `.venv/` 建立環境並從 PyPI 安裝套件。",
            "",
            "```bash",
            "make lab    # 開啟課程（JupyterLab，從第 0 章導讀開始）",
            "```",
            "",
            "使用 conda 或 Binder 的話：`conda env create -f environment.yml`，再執行 `jupyter lab`。",
            "",
            "## 課程地圖",
            "",
            "| 章 | 筆記本 | 練習 | 主題 |",
            "|---|---|---|---|",
            *rows,
            "",
            "## 做練習",
            "",
            "```python",
            "from helpers.checks import check, hint, solution, progress",
            "answer_2_3 = ...          # 把 ... 換成你的答案",
            'check("2.3", answer_2_3)  # ✅ / ❌，並說明錯在哪裡',
            'hint("2.3")               # 提示；hint("2.3", 2) 是下一層',
            solution_line,
            "progress()                # 各章進度（記在 ~/.qeqt-course/progress.json）",
            "```",
            "",
            "標準答案以編碼的形式放在 `helpers/answers/`，用意是避免不小心瞄到答案，並不是加密。"
            "繳交作業時，老師會在全新的環境從頭執行你的筆記本：只有答案變數（例如 `answer_2_3`）的值算分，印出來的文字不算。",
            "",
            "## 其他指令",
            "",
            "| 指令 | 做什麼 |",
            "|---|---|",
            "| `make data` | 從 FRED 下載公有領域的美國序列到 `data/cache/`（需要網路；筆記本沒有它也能執行） |",
            "| `make progress` | 列出各章練習的進度 |",
            "| `make clean` | 刪除 `.venv/` |",
            "",
            "## 資料與授權",
            "",
            "`data/` 裡每張表都附出處與授權（見 `data/manifest.csv`），數字來自 FOMC 聲明、聯準會 H.4.1、台灣中央銀行、"
            "香港金管局等第一手資料。用 `helpers.data.load(名稱)` 讀取。",
            "",
            "程式碼：MIT。課程文字與整理的資料表：CC BY 4.0。字型：Noto Sans CJK TC 子集（SIL Open Font License 1.1，"
            "見 `helpers/fonts/OFL.txt`）。詳見 `LICENSE`。",
            "",
            "---",
            "",
            "## English summary",
            "",
            "Student edition of an interactive Jupyter course, in Traditional Chinese, on quantitative easing and "
            "tightening. `make lab` creates `.venv` and opens JupyterLab. Exercises in `exercises/` are checked "
            'instantly with `check("N.k", answer_N_k)`; expected answers ship encoded in `helpers/answers/` '
            "(obfuscation, not security). "
            + (
                "Worked solutions are published by the teacher."
                if classroom
                else '`solution("N.k")` shows the worked solution.'
            ),
            "",
        ]
    )


# ---------------------------------------------------------------------------------------------- checks
ANSWER_SYSTEM = ("exercises/", "helpers/")  # where a serialised expected list/dict could only come from a leak


def _spec_needles(spec: dict) -> list[tuple[str, re.Pattern | str, tuple | None]]:
    """What must not appear in plain text, as (label, needle, scope): the solution text; every string in the
    expected answer written *as an answer* (assigned to answer_N_k or passed to check); a long scalar string answer
    anywhere; a list/dict answer serialised whole inside exercises/ or helpers/ (its items alone are not secret: an
    ordering question lists them, a chapter teaches them). Scope None means every file."""
    qid = spec["id"]
    var = re.escape(exercises.variable(qid))
    needles = []
    if str(spec.get("solution") or "").strip():
        needles.append((f"{qid} solution text", spec["solution"].strip(), None))
    values = []

    def collect(value):
        if isinstance(value, str):
            values.append(value)
        elif isinstance(value, (list, tuple)):
            for v in value:
                collect(v)
        elif isinstance(value, dict):
            for v in value.values():
                collect(v)

    expected = spec.get("expected")
    collect(expected)
    for value in dict.fromkeys(values):
        quoted = r"\\?[\"']" + re.escape(value) + r"\\?[\"']"
        needles.append((f"{qid} expected {value!r} assigned", re.compile(rf"{var}\s*=\s*{quoted}"), None))
        needles.append(
            (
                f"{qid} expected {value!r} checked",
                re.compile(rf"check\(\s*\\?[\"']{re.escape(qid)}\\?[\"']\s*,\s*{quoted}"),
                None,
            )
        )
    if isinstance(expected, str) and len(expected) >= 12 and not re.fullmatch(r"[\d\s./:-]+", expected):
        needles.append((f"{qid} expected {expected!r}", expected, None))
    if isinstance(expected, (list, dict)) and expected:
        for text in dict.fromkeys([json.dumps(expected, ensure_ascii=False), json.dumps(expected), repr(expected)]):
            needles.append(
                (
                    f"{qid} expected {type(expected).__name__} assigned",
                    re.compile(rf"{var}\s*=\s*{re.escape(text)}"),
                    None,
                )
            )
            if len(text) >= 12:
                needles.append((f"{qid} expected {type(expected).__name__} {text[:40]}", text, ANSWER_SYSTEM))
    return needles


def _number_leaks(spec, text):
    expected = spec.get("expected")
    if not isinstance(expected, (int, float)) or isinstance(expected, bool):
        return []
    var = re.escape(exercises.variable(spec["id"]))
    out = []
    for m in re.finditer(rf"{var}\s*=\s*(-?\d[\d_]*(?:\.\d+)?(?:[eE]-?\d+)?)\b", text):
        value = float(m.group(1).replace("_", ""))
        if math.isclose(value, float(expected), rel_tol=1e-3, abs_tol=1e-9):
            out.append(f"{spec['id']} expected {expected} assigned")
    return out


def text_files(bundle: pathlib.Path):
    """(path, text) of every UTF-8 file; a notebook's text also holds its cells unescaped from JSON."""
    for path in sorted(bundle.rglob("*")):
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue  # fonts, zips
            if path.suffix == ".ipynb":
                try:
                    cells = json.loads(text).get("cells", [])
                    text += "\n" + "\n".join(_cell_text(c) for c in cells)
                except (ValueError, AttributeError, TypeError):
                    pass
            yield path, text


def _cell_text(cell) -> str:
    src = cell.get("source", "")
    parts = ["".join(src) if isinstance(src, list) else str(src)]
    for out in cell.get("outputs", []):
        text = out.get("text", "")
        parts.append("".join(text) if isinstance(text, list) else str(text))
        for value in (out.get("data") or {}).values():
            parts.append("".join(value) if isinstance(value, list) else str(value))
    return "\n".join(parts)


SECRET_FIELDS = {"expected", "misconceptions", "hints", "solution", "cases"}


def sealed_leaks(bundle: pathlib.Path, specs) -> list[str]:
    """In a classroom bundle, decode every helpers/answers/*.dat the way the kit can and check that each spec is
    sealed (public fields and a salted hash only) and that no expected value, hint or solution text of that
    chapter appears in it in any form (plain, JSON or repr; texts of 4+ characters: shorter ones are words)."""
    problems = []
    secrets_by_chapter = {}
    for spec in specs:
        found = secrets_by_chapter.setdefault(str(spec["id"]).split(".")[0], [])
        value = spec.get("expected")
        if isinstance(value, str):
            found.append(value.strip())
        elif isinstance(value, (list, dict)) and value:
            found += [json.dumps(value, ensure_ascii=False), json.dumps(value), repr(value)]
        found += [str(spec.get("solution") or "").strip()] + [str(h) for h in spec.get("hints", [])]
        found += [
            json.dumps(m.get("answer"), ensure_ascii=False)
            for m in spec.get("misconceptions", [])
            if isinstance(m.get("answer"), (str, list, dict))
        ]
    for path in sorted((bundle / "helpers" / "answers").glob("*.dat")):
        rel = path.relative_to(bundle).as_posix()
        try:
            decoded = exercises.decode(path.read_text(encoding="ascii"))
        except Exception:
            problems.append(f"{rel}: cannot be decoded")
            continue
        for spec in decoded:
            extra = set(spec) - exercises.PUBLIC_FIELDS - {"sealed"}
            if "sealed" not in spec or extra:
                problems.append(f"{rel}: {spec.get('id')} is not sealed (fields {sorted(extra)})")
        text = json.dumps(decoded, ensure_ascii=False)
        chapter = str(int(re.sub(r"\D", "", path.stem) or 0))
        hits = [t for t in secrets_by_chapter.get(chapter, []) if len(t) >= 4 and t in text]
        problems += [f"{rel}: decodes to an expected, hint or solution text ({hits[0][:30]!r})"] if hits else []
    return problems


def find_leaks(bundle: pathlib.Path, specs, classroom: bool = False) -> list[str]:
    """Problems that would give answers away: each as 'path: what'."""
    problems = sealed_leaks(bundle, specs) if classroom else []
    if (bundle / "solutions").exists():
        problems.append("solutions/: the solutions folder is shipped")
    if (bundle / "tests").exists():
        problems.append("tests/: the test folder is shipped")
    for path in bundle.rglob("*"):
        rel = path.relative_to(bundle).as_posix()
        if path.suffix in (".pyc", ".pyo") or path.name == "__pycache__":
            problems.append(f"{rel}: compiled Python (may hold the specs)")
        if re.fullmatch(r"helpers/exercises/ch\d+\.py", rel):
            problems.append(f"{rel}: exercise spec module in plain text")
    needles = [(label, needle, scope) for spec in specs for label, needle, scope in _spec_needles(spec)]
    for path, text in text_files(bundle):
        rel = path.relative_to(bundle).as_posix()
        if path.suffix == ".ipynb":
            try:
                cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
            except (ValueError, AttributeError):
                cells = []
            for i, cell in enumerate(cells):
                if "solution" in cell.get("metadata", {}).get("tags", []):
                    problems.append(f"{rel}: cell {i} is tagged 'solution'")
        for label, needle, scope in needles:
            if scope and not rel.startswith(scope):
                continue
            hit = needle.search(text) if isinstance(needle, re.Pattern) else needle in text
            if hit:
                problems.append(f"{rel}: {label}")
        for spec in specs:
            problems += [f"{rel}: {what}" for what in _number_leaks(spec, text)]
    return problems


# ---------------------------------------------------------------------------------------------- build
def _copy_tree(src: pathlib.Path, dest: pathlib.Path, skip=lambda rel: False) -> None:
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if (
            SKIP_PARTS & set(rel.parts)
            or path.suffix in (".pyc", ".pyo")
            or skip(rel)
            or any(p.startswith(".") and p != ".gitkeep" for p in rel.parts)
        ):
            continue
        target = dest / rel
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif path.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)


def registered_specs(classroom=False) -> dict[int, list[dict]]:
    out = {}
    for n in exercises.CHAPTERS:
        specs = [dict(s) for s in exercises.chapter_specs(n)]
        if specs:
            if classroom:  # sealed: no expected value, misconception, case output, hint or solution (any encoding)
                specs = [exercises.seal(s) for s in specs]
            out[n] = specs
    return out


def assemble(bundle: pathlib.Path, classroom: bool = False, root: pathlib.Path = ROOT) -> None:
    """Write the bundle's files into the empty folder ``bundle``."""
    bundle.mkdir(parents=True)
    for name in TOP_FILES:
        if (root / name).exists():
            shutil.copy2(root / name, bundle / name)
    makefile = student_makefile((root / "Makefile").read_text(encoding="utf-8"))
    (bundle / "Makefile").write_text(makefile, encoding="utf-8")
    for tool in sorted(set(re.findall(r"tools/[\w/]+\.py", makefile))):
        (bundle / tool).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / tool, bundle / tool)
    if (bundle / "tools").exists() and (root / "tools" / "__init__.py").exists():
        shutil.copy2(root / "tools" / "__init__.py", bundle / "tools" / "__init__.py")

    spec_modules = {p.name for p in (root / "helpers" / "exercises").glob("ch*.py")}
    _copy_tree(
        root / "helpers",
        bundle / "helpers",
        skip=lambda rel: (
            rel.as_posix() in TEACHER_MODULES
            or (rel.parts[0] == "exercises" and rel.name in spec_modules)
            or (rel.parts[0] == "answers" and rel.name != ".gitkeep")
        ),
    )
    answers = bundle / "helpers" / "answers"
    answers.mkdir(exist_ok=True)
    specs = registered_specs(classroom)
    for name in spec_modules:
        m = re.fullmatch(r"ch(\d+)\.py", name)
        if not m or int(m.group(1)) not in specs:
            raise ReleaseError(f"helpers/exercises/{name} registers no exercises of a known chapter")
    for n, chapter in specs.items():
        (answers / f"ch{n:02d}.dat").write_text(exercises.encode(chapter) + "\n", encoding="ascii")

    _copy_tree(root / "data", bundle / "data")
    for folder in ("notebooks", "exercises"):
        _copy_tree(root / folder, bundle / folder)
    (bundle / "README.md").write_text(student_readme(bundle, classroom), encoding="utf-8")


def _zip(folder: pathlib.Path, dest: pathlib.Path) -> None:
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in sorted(folder.rglob("*")):
            arc = (pathlib.PurePosixPath(folder.name) / path.relative_to(folder).as_posix()).as_posix()
            info = zipfile.ZipInfo(arc + ("/" if path.is_dir() else ""), date_time=ZIP_DATE)
            mode = 0o755 if path.is_dir() or os.access(path, os.X_OK) else 0o644
            info.external_attr = ((0o040000 if path.is_dir() else 0o100000) | mode) << 16
            if path.is_dir():
                zf.writestr(info, b"")
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, path.read_bytes())


def build(out_dir=None, classroom: bool = False, root: pathlib.Path = ROOT) -> pathlib.Path:
    """Build ``out_dir/qeqt-course-student/`` and its zip atomically; return the folder."""
    from helpers.teacher import make_exercises

    out_dir = pathlib.Path(out_dir) if out_dir else root / "dist"
    with contextlib.redirect_stdout(io.StringIO()):
        stale = make_exercises.main(["--check"]) != 0
    if stale:
        raise ReleaseError("exercises/ is stale; run `make exercises` first")
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = pathlib.Path(tempfile.mkdtemp(prefix=f".{NAME}.", dir=out_dir))
    try:
        bundle = staging / NAME
        assemble(bundle, classroom=classroom, root=root)
        all_specs = [s for chapter in registered_specs(False).values() for s in chapter]
        problems = find_leaks(
            bundle, all_specs, classroom=classroom
        )  # with the solution texts even when --classroom dropped them
        if problems:
            raise ReleaseError("the bundle would give answers away:\n  " + "\n  ".join(problems))
        _zip(bundle, staging / f"{NAME}.zip")
        final = out_dir / NAME
        if final.exists():
            os.replace(final, staging / "previous")
        os.replace(bundle, final)
        os.replace(staging / f"{NAME}.zip", out_dir / f"{NAME}.zip")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out_dir / NAME


# ------------------------------------------------------------------------------------- released later (reveal)
def reveal(chapters, what: str = "hints", out_dir=None, root: pathlib.Path = ROOT) -> pathlib.Path:
    """Write ``out_dir/qeqt-reveal-<what>-chNN….zip`` (default ``dist/``): for each chapter,
    ``helpers/answers/chNN.<what>.dat`` with the hints or the worked solutions of its exercises, to unzip in a
    classroom bundle's folder (``hint()``/``solution()`` then show them; the grader is not affected). Hints carry
    no expected value; solutions do, so release them after the deadline."""
    if what not in exercises.REVEALED:
        raise ReleaseError(f"--what {what!r}: choose one of {sorted(exercises.REVEALED)}")
    numbers = []
    for c in chapters:
        n = int(str(c)[:2]) if str(c)[:2].isdigit() else None
        if n is None or n not in exercises.CHAPTERS or not exercises.chapter_specs(n):
            raise ReleaseError(f"chapter {c!r} has no registered exercises (chapters: {sorted(exercises.CHAPTERS)})")
        if "sealed" in exercises.chapter_specs(n)[0]:
            raise ReleaseError("the full specs are not here (a student bundle?): run this in the course repository")
        numbers.append(n)
    if not numbers:
        raise ReleaseError("name at least one chapter, e.g. --reveal 2 3")
    out_dir = pathlib.Path(out_dir) if out_dir else root / "dist"
    dest = out_dir / f"qeqt-reveal-{what}-{'-'.join(f'ch{n:02d}' for n in sorted(set(numbers)))}.zip"

    def write(fh):
        with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for n in sorted(set(numbers)):
                blob = exercises.reveal_blob(list(exercises.chapter_specs(n)), what)
                info = zipfile.ZipInfo(f"helpers/answers/ch{n:02d}.{what}.dat", date_time=ZIP_DATE)
                info.external_attr = (0o100000 | 0o644) << 16
                zf.writestr(info, blob + "\n")

    from helpers.teacher.atomic import atomic_write

    atomic_write(dest, write, binary=True)
    return dest


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m helpers.release", description="Build the student bundle (folder and zip) without solutions."
    )
    parser.add_argument("--out", default=None, help="destination folder (default: dist/)")
    parser.add_argument(
        "--classroom",
        action="store_true",
        help="also strip the worked solution texts (solution() then says the teacher publishes it)",
    )
    parser.add_argument(
        "--reveal",
        nargs="+",
        metavar="CHAPTER",
        help="instead of a bundle: release the hints (or, with --what solutions, the worked solutions) of these "
        "chapters to a classroom bundle, as a zip to unzip in the bundle's folder",
    )
    parser.add_argument("--what", default="hints", choices=sorted(exercises.REVEALED), help="with --reveal")
    args = parser.parse_args(argv)
    if args.reveal:
        try:
            dest = reveal(args.reveal, args.what, args.out)
        except ReleaseError as exc:
            print(f"release: error: {exc}", file=sys.stderr)
            return 1
        print(f"built {dest}: students unzip it in their course folder (where the Makefile is)")
        return 0
    try:
        folder = build(args.out, classroom=args.classroom)
    except ReleaseError as exc:
        print(f"release: error: {exc}", file=sys.stderr)
        return 1
    files = sum(1 for p in folder.rglob("*") if p.is_file())
    print(
        f"built {folder} ({files} files) and {folder.with_suffix('.zip').name}"
        f"{' (classroom: no solution texts)' if args.classroom else ''}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
