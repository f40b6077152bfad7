"""Insert or update the launch links and the bootstrap cell at the top of every notebook (``make launch-cells``).

    python tools/launch_cells.py            # notebooks/*.ipynb and solutions/*.ipynb, then regenerate exercises/
    python tools/launch_cells.py --check    # exit 1 when a notebook lacks them or they are stale

Idempotent: a second run changes nothing. The cells' text comes from ``helpers.launch`` (repository, branch, hub);
``helpers.make_exercises`` adds the same cells to each exercise notebook, pointing at ``exercises/``.
"""

import os
import pathlib
import sys
import tempfile

import nbformat

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from helpers import launch, make_exercises  # noqa: E402

FOLDERS = ("notebooks", "solutions")


def targets():
    return [p for folder in FOLDERS for p in sorted((ROOT / folder).glob("*.ipynb"))]


def _write(path: pathlib.Path, nb) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(nbformat.writes(nb) + "\n")
    os.replace(tmp, path)


def main(argv) -> int:
    check_only = "--check" in argv
    problems, written = [], []
    for path in targets():
        rel = path.relative_to(ROOT).as_posix()
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as exc:  # noqa: BLE001 - report every unreadable notebook, not just the first
            problems.append(f"{rel}: cannot read ({exc})")
            continue
        if check_only:
            problems += launch.check(nb, rel)
        elif launch.apply(nb, rel):
            _write(path, nb)
            written.append(rel)
    if problems:
        print("\n".join(problems))
        return 1
    if check_only:
        print(f"launch cells up to date in {len(targets())} notebooks")
        return make_exercises.main(["--check"])
    print(f"updated {len(written)} of {len(targets())} notebooks" + (": " + ", ".join(written) if written else ""))
    return make_exercises.main([])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
