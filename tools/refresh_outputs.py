"""Re-execute notebooks in place so their stored outputs are refreshed deliberately (``make outputs``).

    python tools/refresh_outputs.py                     # notebooks/ and solutions/
    python tools/refresh_outputs.py notebooks/02_qt_mechanics.ipynb

Each notebook runs in a fresh kernel from its own folder. Widget state and execution timestamps are dropped so
that a re-run changes the file only where an output really changed; simulators keep their static figure and lose
their widget view (``helpers.workspace.static_simulators``). The file is replaced atomically.
"""

import os
import pathlib
import sys
import tempfile
import time

import nbformat
from nbclient import NotebookClient

from helpers import workspace

ROOT = pathlib.Path(__file__).resolve().parents[1]


def refresh(path: pathlib.Path, timeout: int = 300) -> float:
    nb = nbformat.read(path, as_version=4)
    env_before = os.environ.get("QEQT_PROGRESS_FILE")
    os.environ["QEQT_PROGRESS_FILE"] = "off"
    start = time.perf_counter()
    try:
        NotebookClient(
            nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        ).execute()
    finally:
        if env_before is None:
            os.environ.pop("QEQT_PROGRESS_FILE", None)
        else:
            os.environ["QEQT_PROGRESS_FILE"] = env_before
    elapsed = time.perf_counter() - start
    nb.metadata.pop("widgets", None)
    workspace.static_simulators(nb)  # simulators keep their figure, not a widget view with no kernel behind it
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for out in cell.get("outputs", []):
            out.get("metadata", {}).pop("execution", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(nbformat.writes(nb) + "\n")
    os.replace(tmp, path)
    return elapsed


def main(argv):
    paths = [pathlib.Path(a) for a in argv] or sorted(ROOT.glob("notebooks/*.ipynb")) + sorted(
        ROOT.glob("solutions/*.ipynb")
    )
    for path in paths:
        print(f"{path}: {refresh(path.resolve()):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
