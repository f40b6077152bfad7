"""`make bench`: speed of the course, measured side by side in one run, as ratios and absolute figures.

    python tools/bench.py [--quick] [--cold-setup] [--out docs/benchmarks.md]

1. each notebook's execution time vs a bare-kernel floor (start a kernel, import the stack, stop);
2. each widget simulator's update time (simulate + redraw) p50/p95 over >= 50 moves;
3. check() latency p50/p95 over every registered exercise (right, wrong and blank answers);
4. grading throughput (submissions per second) with `helpers.grade` vs plain sequential nbclient execution
   of the same notebooks and vs otter-grader's `otter run` (installed in a scratch venv; --no-otter skips it):
   end to end, steady (after the one-off start-up) and on a class-sized batch;
5. fresh set-up time: `make setup` in a new clone (warm uv cache; --cold-setup also with an empty cache).

Timings are wall-clock on a shared machine: compare the ratios within one run, not absolute numbers across runs.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import inspect
import os
import pathlib
import pkgutil
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tools.bench_grading import check_latency  # noqa: E402  (shared with the grading report)

os.environ.setdefault("QEQT_PROGRESS_FILE", "off")


def pct(values, q):
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = "?"
    with contextlib.suppress(OSError):
        kb = int(pathlib.Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{os.cpu_count()} cores ({cpu}), {mem} memory, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; load average at start {load:.1f}"
    )


# ------------------------------------------------------------------------------------------------ notebooks
def run_notebook(nb, cwd, timeout=600) -> float:
    """Execute a copy of ``nb`` in a fresh kernel; one retry if the kernel dies while starting (seen under load)."""
    from nbclient.exceptions import DeadKernelError

    for attempt in (1, 2):
        copy = nbformat.from_dict(nb)
        start = time.perf_counter()
        try:
            NotebookClient(
                copy, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
            ).execute()
            return time.perf_counter() - start
        except (DeadKernelError, AssertionError) as exc:
            if attempt == 2:
                raise
            print(f"kernel died ({type(exc).__name__}); retrying once", file=sys.stderr)


FLOOR_CELL = (
    "import numpy, pandas, matplotlib.pyplot, ipywidgets\n"
    "import helpers.style, helpers.data, helpers.checks, helpers.widgets"
)


def bench_notebooks(repeats: int):
    floor = [
        run_notebook(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_CELL)]), ROOT / "notebooks")
        for _ in range(repeats)
    ]
    f = statistics.median(floor)
    rows = []
    for path in sorted(ROOT.glob("notebooks/*.ipynb")):
        times = [run_notebook(nbformat.read(path, as_version=4), path.parent) for _ in range(repeats)]
        t = statistics.median(times)
        rows.append((path.name, t, t / f))
    return f, rows


# -------------------------------------------------------------------------------------------------- widgets
def simulators():
    """Every public zero-argument function in helpers/widgets/*.py that returns a Simulator (chapters that land
    later are found without editing this file)."""
    from helpers.widgets import Simulator

    package = importlib.import_module("helpers.widgets")
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"helpers.widgets.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or fn.__module__ != module.__name__:
                continue
            params = inspect.signature(fn).parameters.values()
            if any(p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params):
                continue
            sim = fn()
            if isinstance(sim, Simulator):
                yield f"{info.name}.{name}", sim


def control_values(control, n=12):
    options = getattr(control, "options", None)
    if options:
        values = [o[1] if isinstance(o, tuple) else o for o in options]
        if isinstance(control.value, tuple):  # a range slider: move both ends inward and back
            half = max(1, len(values) // 2)
            step = max(1, half // n)
            return [(values[k], values[-1 - k]) for k in range(0, half, step) if k < len(values) - 1 - k]
        return values
    lo, hi, step = control.min, control.max, control.step or 1
    count = max(2, min(n, int(round((hi - lo) / step)) + 1))
    vals = [lo + (hi - lo) * i / (count - 1) for i in range(count)]
    if isinstance(control.value, int) and not isinstance(control.value, bool):
        vals = sorted({int(round(v)) for v in vals})
    return vals


def bench_widgets(moves: int):
    rows = []
    for label, sim in simulators():
        names = list(sim.controls)
        plan = []
        i = 0
        while len(plan) < moves:
            name = sim.main if i % 2 == 0 else names[(i // 2) % len(names)]
            vals = control_values(sim.controls[name])
            plan.append((name, vals[(i // 2) % len(vals)] if len(vals) > 1 else vals[0]))
            i += 1
        times = []
        for name, value in plan:
            start = time.perf_counter()
            sim.update(**{name: value})
            times.append((time.perf_counter() - start) * 1000)
        rows.append((label, len(times), pct(times, 0.5), pct(times, 0.95)))
    return rows


# -------------------------------------------------------------------------------------------------- grading
def bench_grading(copies: int, with_otter: bool = True, class_size: int = 60):
    if importlib.util.find_spec("helpers.grade") is None:
        return None
    src = ROOT / "solutions" / "00_guide.ipynb"
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp) / "subs"
        folder.mkdir()
        for i in range(copies):
            shutil.copy(src, folder / f"00_guide_student{i:02d}.ipynb")
        start = time.perf_counter()
        for path in sorted(folder.glob("*.ipynb")):
            run_notebook(nbformat.read(path, as_version=4), folder)
        plain = time.perf_counter() - start
        results = {}
        for jobs in (1, os.cpu_count() or 1):
            start = time.perf_counter()
            proc = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "helpers.grade",
                    str(folder),
                    "--out",
                    str(pathlib.Path(tmp) / f"gb{jobs}.csv"),
                    "--jobs",
                    str(jobs),
                    "--fresh",
                    "--quiet",
                ],
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
            results[jobs] = time.perf_counter() - start
            if proc.returncode:
                return {"error": proc.stderr[-500:]}
        steady = _steady_grading(folder, pathlib.Path(tmp) / "gb_steady.csv")
        klass = _class_batch(src, pathlib.Path(tmp) / "class", class_size)
        otter = otter_reference(folder, pathlib.Path(tmp)) if with_otter else None
    return {
        "copies": copies,
        "plain": plain,
        "grade": results,
        "steady": steady,
        "class": klass,
        "class_size": class_size,
        "otter": otter,
    }


def _steady_grading(folder: pathlib.Path, out: pathlib.Path) -> dict:
    """The same submissions graded in this process with the grader's own stats: workers' start-up (one-off) and
    the steady part (every submission, after the workers are ready), sandbox on, --jobs = cores."""
    from helpers import grade

    stats = {}
    jobs = os.cpu_count() or 1
    grade.grade([folder], out, jobs=jobs, progress=False, stats=stats, resume=False)
    return {"jobs": jobs, "startup": stats.get("startup", float("nan")), "steady": stats.get("steady", float("nan"))}


def _class_batch(src: pathlib.Path, folder: pathlib.Path, size: int) -> float:
    """Seconds for `python -m helpers.grade` (sandbox on, --jobs = cores) on a class-sized batch, end to end."""
    folder.mkdir()
    for i in range(size):
        shutil.copy(src, folder / f"00_guide_student{i:03d}.ipynb")
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "helpers.grade", str(folder), "--out", str(folder.parent / "gb_class.csv")]
        + ["--jobs", str(os.cpu_count() or 1), "--fresh", "--quiet"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return time.perf_counter() - start if proc.returncode == 0 else float("nan")


# ------------------------------------------------------------------------------------- otter-grader reference
OTTER_MASTER = [  # the guide's two exercises in otter-grader's assignment format, with equivalent tests
    (
        "raw",
        "# ASSIGNMENT CONFIG\nrequirements: null\nexport_cell: false\ninit_cell: false\n"
        "check_all_cell: false\ngenerate: true\nrun_tests: false",
    ),
    ("code", "from helpers.data import load"),
    ("raw", "# BEGIN QUESTION\nname: q1\npoints: 1"),
    ("raw", "# BEGIN SOLUTION"),
    (
        "code",
        'bs = load("fed_balance_sheet_milestones")\n'
        'answer_0_1 = bs.loc[bs["event"] == "歷史最高點", "total_assets_usd_bn"].item() # SOLUTION',
    ),
    ("raw", "# END SOLUTION"),
    ("raw", "# BEGIN TESTS"),
    ("code", "assert abs(answer_0_1 - 8965) < 90"),
    ("raw", "# END TESTS"),
    ("raw", "# END QUESTION"),
    ("raw", "# BEGIN QUESTION\nname: q2\npoints: 1"),
    ("raw", "# BEGIN SOLUTION"),
    ("code", 'answer_0_2 = "上升" # SOLUTION'),
    ("raw", "# END SOLUTION"),
    ("raw", "# BEGIN TESTS"),
    ("code", 'assert answer_0_2 in {"上升", "up"}'),
    ("raw", "# END TESTS"),
    ("raw", "# END QUESTION"),
]


def otter_reference(folder: pathlib.Path, work: pathlib.Path):
    """Install otter-grader in a scratch venv (uv), build an autograder for the guide's exercises and time
    `otter run` (its non-container mode) on the same submissions, one after another and two at a time.
    Returns None (with the reason printed) when it cannot be set up here."""
    venv = work / "otter-venv"
    uv = ROOT / ".venv" / "bin" / "uv"
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
        py = venv / "bin" / "python"
        for args in (
            ["otter-grader", "pandas", "matplotlib", "ipywidgets", "tqdm", "nbclient", "ipykernel"],
            ["--no-deps", "-e", str(ROOT)],
        ):
            subprocess.run(
                [str(uv), "pip", "install", "-q", "--python", str(py), *args],
                check=True,
                capture_output=True,
                timeout=600,
            )
        nb = nbformat.v4.new_notebook()
        makers = {"raw": nbformat.v4.new_raw_cell, "code": nbformat.v4.new_code_cell}
        nb.cells = [makers[kind](src) for kind, src in OTTER_MASTER]
        nb.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}}
        nbformat.write(nb, work / "master.ipynb")
        subprocess.run(
            [str(venv / "bin" / "otter"), "assign", "master.ipynb", "dist"],
            cwd=work,
            check=True,
            capture_output=True,
            timeout=300,
        )
        zip_path = next((work / "dist" / "autograder").glob("*.zip"))
    except (subprocess.SubprocessError, OSError, StopIteration) as exc:
        print(f"otter-grader reference skipped: {type(exc).__name__}: {exc}", file=sys.stderr)
        return None
    subs = sorted(folder.glob("*.ipynb"))

    def run(sub):
        out = work / "out" / sub.stem
        out.mkdir(parents=True, exist_ok=True)
        return subprocess.run(
            [str(venv / "bin" / "otter"), "run", "-a", str(zip_path), "-o", str(out), str(sub)],
            capture_output=True,
            text=True,
            cwd=work,
            timeout=600,
        )

    from concurrent.futures import ThreadPoolExecutor

    times = {}
    for jobs in (1, os.cpu_count() or 1):
        start = time.perf_counter()
        with ThreadPoolExecutor(jobs) as pool:
            results = list(pool.map(run, subs))
        times[jobs] = time.perf_counter() - start
        if any(r.returncode for r in results):
            print("otter run failed: " + next(r.stderr for r in results if r.returncode)[-300:], file=sys.stderr)
            return None
    scores = sorted(
        {(work / "out" / s.stem / "results.json").read_text(encoding="utf-8").count('"score": 1.0') for s in subs}
    )
    return {"times": times, "all_full_marks": scores == [2]}


# ---------------------------------------------------------------------------------------------------- setup
def bench_setup(cold: bool):
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        clone = pathlib.Path(tmp) / "fresh"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        for label, env in [("warm uv cache", {})] + (
            [("empty uv cache", {"UV_CACHE_DIR": str(pathlib.Path(tmp) / "uvc")})] if cold else []
        ):
            shutil.rmtree(clone / ".venv", ignore_errors=True)
            start = time.perf_counter()
            proc = subprocess.run(
                ["make", "-s", "setup"], cwd=clone, env=dict(os.environ, **env), capture_output=True, text=True
            )
            out[label] = time.perf_counter() - start if proc.returncode == 0 else float("nan")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="one repeat per notebook, fewer check rounds")
    ap.add_argument("--cold-setup", action="store_true", help="also time set-up with an empty uv cache")
    ap.add_argument("--no-otter", action="store_true", help="skip the otter-grader reference run")
    ap.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    args = ap.parse_args()
    repeats = 1 if args.quick else 2
    lines = [
        "# Benchmarks",
        "",
        f"Machine: {machine()}.",
        "",
        "Measured by `make bench` (tools/bench.py) in one run; wall-clock on a shared machine, so read the "
        "ratios side by side rather than comparing absolute numbers across runs.",
        "",
    ]

    def emit(text=""):
        print(text, flush=True)
        lines.append(text)

    floor, rows = bench_notebooks(repeats)
    emit("## Notebook execution vs bare-kernel floor")
    emit("")
    emit(f"Floor (start a kernel, import numpy/pandas/matplotlib/ipywidgets/helpers, stop): {floor:.2f} s.")
    emit("")
    emit("| notebook | seconds | × floor |")
    emit("|---|---:|---:|")
    for name, t, ratio in rows:
        emit(f"| {name} | {t:.2f} | {ratio:.1f} |")
    emit("")
    emit("## Widget update (simulate + redraw), goal p95 ≤ 50 ms")
    emit("")
    emit("| simulator | moves | p50 ms | p95 ms | p95 / 50 ms goal |")
    emit("|---|---:|---:|---:|---:|")
    for label, n, p50, p95 in bench_widgets(60):
        emit(f"| {label} | {n} | {p50:.1f} | {p95:.1f} | {p95 / 50:.2f} |")
    emit("")
    emit("## check() latency")
    emit("")
    emit(
        "Every registered exercise, its right answer (built from the spec) and its misconceptions, blank and "
        "unreadable answers (tools/bench_grading.py). With the progress file on, as for a learner, each check "
        "also rewrites the small JSON file; grading and tests run with it off."
    )
    emit("")
    emit("| progress file | exercises | right p50 ms | right p95 ms | all p50 ms | all p95 ms |")
    emit("|---|---:|---:|---:|---:|---:|")
    for on in (True, False):
        lat = check_latency(repeat=3 if args.quick else 10, progress_file=on)
        if lat["right_not_passing"]:
            emit(f"right answers that did not pass: {lat['right_not_passing']}")
        emit(
            f"| {'on' if on else 'off'} | {lat['exercises']} | {lat['right']['p50_ms']:.2f} | "
            f"{lat['right']['p95_ms']:.2f} | {lat['all']['p50_ms']:.2f} | {lat['all']['p95_ms']:.2f} |"
        )
    emit("")
    emit("## Grading throughput")
    emit("")
    g = bench_grading(4 if args.quick else 8, with_otter=not args.no_otter)
    if g is None:
        emit("helpers.grade is not available in this tree.")
    elif "error" in g:
        emit(f"helpers.grade failed: {g['error']}")
    else:
        emit(
            f"{g['copies']} submissions (copies of solutions/00_guide.ipynb). References: plain sequential nbclient "
            f"execution with no grading ({g['plain']:.1f} s), and otter-grader's `otter run` (its mode without "
            "Docker, one submission per call; no Docker engine runs here) with an autograder for the same two "
            "exercises, built by `otter assign` from an equivalent master notebook."
        )
        emit("")
        emit("| grader | seconds | submissions/s | × plain nbclient throughput |")
        emit("|---|---:|---:|---:|")
        emit(f"| plain nbclient, sequential (no grading) | {g['plain']:.1f} | {g['copies'] / g['plain']:.2f} | 1.00 |")
        for jobs, t in g["grade"].items():
            emit(
                f"| helpers.grade (sandbox on) --jobs {jobs}, end to end | {t:.1f} | {g['copies'] / t:.2f} | "
                f"{g['plain'] / t:.2f} |"
            )
        if g["otter"]:
            for jobs, t in g["otter"]["times"].items():
                emit(f"| otter run, {jobs} at a time | {t:.1f} | {g['copies'] / t:.2f} | {g['plain'] / t:.2f} |")
            emit("")
            emit(f"otter-grader gave every copy full marks: {g['otter']['all_full_marks']}.")
            best_otter = min(g["otter"]["times"].values())
            otter_rate = g["copies"] / best_otter
            best_grade = min(g["grade"].values())
            st = g["steady"]
            steady_rate = g["copies"] / st["steady"]
            emit("")
            emit("helpers.grade (sandbox on) vs the faster otter run, goal ≥ 25×:")
            emit("")
            emit(
                f"- same {g['copies']} submissions, end to end (a new `python -m helpers.grade`: interpreter, "
                f"registry and {st['jobs']} sandboxed workers' imports, paid once): {best_otter / best_grade:.1f}×. "
                f"At {g['copies']} submissions the one-off start-up is most of the time."
            )
            emit(
                f"- same {g['copies']} submissions, steady (the grader's own clock, from workers ready to the last "
                f"verdict; start-up {st['startup']:.1f} s left out): {steady_rate:.1f} submissions/s, "
                f"**{steady_rate / otter_rate:.0f}×** otter's {otter_rate:.2f}/s. `otter run` has no one-off part: "
                "every call starts a Python, a kernel and the imports again."
            )
            if g["class"] == g["class"]:  # not NaN
                otter_class = g["class_size"] / otter_rate
                emit(
                    f"- a class of {g['class_size']} copies, end to end: helpers.grade {g['class']:.1f} s "
                    f"({g['class_size'] / g['class']:.1f}/s). otter run was not run on them: at its measured "
                    f"{otter_rate:.2f}/s (one independent process per submission) they would take about "
                    f"{otter_class:.0f} s, **{otter_class / g['class']:.0f}×** (projected from the measured rate)."
                )
        else:
            emit("")
            emit("otter-grader could not be set up in this run (see stderr); no otter figures.")
    emit("")
    emit("## Grading engines side by side (chapter-solution submissions)")
    emit("")
    try:
        from tools.bench_grading import comparison_lines, grading_comparison

        for line in comparison_lines(grading_comparison(10 if args.quick else 20)):
            emit(line)
    except Exception as exc:  # the rest of the bench must still be written
        emit(f"grading comparison failed: {type(exc).__name__}: {exc}")
    emit("")
    emit("## Fresh set-up (`make setup` in a new clone)")
    emit("")
    for label, t in bench_setup(args.cold_setup).items():
        emit(f"- {label}: {t:.1f} s")
    out = pathlib.Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".bench.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    os.replace(tmp, out)
    print(f"\nwrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
