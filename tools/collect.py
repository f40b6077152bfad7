"""Collect every student's exercise notebook from their homes into one folder (teacher tool; ``make collect``).

    python tools/collect.py --chapter 02_qt_mechanics                      # homes: /home/*
    python tools/collect.py --chapter 02 --homes '/srv/hub/homes/*' --out collected

For each home folder that matches ``--homes`` (a glob; the folder's name is the student's login), copies
``<home>/<course folder>/exercises/<chapter>.ipynb`` (the course folder is where the nbgitpuller link put the course,
``qeqt-course`` by default) to ``<out>/<chapter>/<login>.ipynb``. The copy is read-only for the student's server and
never modifies the student's file. Prints who handed in and who did not; then ``make grade
SUBMISSIONS=<out>/<chapter>`` grades the folder. Exit 1 when nothing was collected.
"""

from __future__ import annotations

import argparse
import glob
import os
import pathlib
import shutil
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from helpers import launch  # noqa: E402


def chapter_name(chapter: str) -> str:
    """``02`` or ``02_qt_mechanics`` -> ``02_qt_mechanics`` (from exercises/)."""
    matches = sorted(p.stem for p in (ROOT / "exercises").glob("*.ipynb") if p.stem.startswith(chapter))
    if not matches:
        raise SystemExit(f"collect: no exercise notebook matches {chapter!r} in exercises/")
    if len(matches) > 1 and chapter not in matches:
        raise SystemExit(f"collect: {chapter!r} is ambiguous: {', '.join(matches)}")
    return chapter if chapter in matches else matches[0]


def collect(chapter: str, homes: str, out: pathlib.Path, course_dir: str) -> tuple[list[str], list[str]]:
    dest = out / chapter
    dest.mkdir(parents=True, exist_ok=True)
    handed_in, missing = [], []
    for home in sorted(glob.glob(homes)):
        home = pathlib.Path(home)
        if not home.is_dir():
            continue
        login = home.name
        src = home / course_dir / "exercises" / f"{chapter}.ipynb"
        if not src.is_file():
            missing.append(login)
            continue
        fd, tmp = tempfile.mkstemp(dir=dest, prefix=f".{login}.", suffix=".tmp")
        os.close(fd)
        shutil.copyfile(src, tmp)
        os.replace(tmp, dest / f"{login}.ipynb")
        handed_in.append(login)
    return handed_in, missing


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Collect students' exercise notebooks into one folder.")
    parser.add_argument("--chapter", required=True, help="chapter stem or its number, e.g. 02")
    parser.add_argument("--homes", default="/home/*", help="glob of the students' home folders (default /home/*)")
    parser.add_argument("--out", default="collected", type=pathlib.Path)
    parser.add_argument(
        "--course-dir", default=launch.repo_name(), help="folder the nbgitpuller link created in each home"
    )
    args = parser.parse_args(argv)
    chapter = chapter_name(args.chapter)
    handed_in, missing = collect(chapter, args.homes, args.out, args.course_dir)
    print(f"collected {len(handed_in)} notebooks into {args.out / chapter}: {', '.join(handed_in) or '-'}")
    if missing:
        print(f"no {chapter}.ipynb in {args.course_dir}/exercises/ for: {', '.join(missing)}")
    if not handed_in:
        print(f"nothing collected: check --homes (now {args.homes!r}) and --course-dir", file=sys.stderr)
        return 1
    print(f"next: make grade SUBMISSIONS={args.out / chapter}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
