"""Measure the exercise system's speed: check() latency and batch-grading throughput (used by `make bench`).

    python tools/bench_grading.py                 # both measurements
    python tools/bench_grading.py --copies 8 --repeat 20 --jobs 1 2
    python tools/bench_grading.py --skip-grading  # check() latency only (a second)

check() latency: every registered exercise is checked with its right answer (built from the spec) and with each
wrong answer it registers (misconceptions, a blank, a nonsense string), ``--repeat`` times each; p50/p95 in ms.
Grading throughput: ``--copies`` copies of tests/fixtures/submissions/good.ipynb graded by helpers.grade with each
``--jobs`` value; submissions per second (wall clock, kernels included). The machine's load average is printed
with the numbers because it moves them a lot.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import pathlib
import shutil
import statistics
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QEQT_PROGRESS_FILE", "off")

GOOD = ROOT / "tests" / "fixtures" / "submissions" / "good.ipynb"


def right_answer(spec):
    """An answer that must pass, built from the spec alone."""
    kind, expected = spec["kind"], spec["expected"]
    if kind == "frame":
        import pandas as pd

        return pd.DataFrame(expected["data"], columns=expected["columns"])
    if kind == "function":
        table = {
            json.dumps([c.get("args", []), c.get("kwargs", {})], sort_keys=True): c["expected"] for c in spec["cases"]
        }

        def answer(*args, **kwargs):
            return table[json.dumps([list(args), kwargs], sort_keys=True)]

        return answer
    return expected


def wrong_answers(spec):
    return [m["answer"] for m in spec.get("misconceptions", [])] + [..., "亂寫的答案"]


def _percentiles(samples):
    ms = sorted(s * 1000 for s in samples)
    if not ms:
        return {"n": 0, "p50_ms": float("nan"), "p95_ms": float("nan")}
    return {"n": len(ms), "p50_ms": statistics.median(ms), "p95_ms": ms[min(len(ms) - 1, int(0.95 * len(ms)))]}


def check_latency(repeat: int = 20, progress_file: bool = True) -> dict:
    """p50/p95 of check() over every registered exercise, right and wrong answers.

    With ``progress_file`` (the learner's real case) each check also updates a progress file, here a temporary one.
    """
    from helpers import checks, exercises

    specs = [s for n in exercises.CHAPTERS for s in exercises.chapter_specs(n)]
    right, wrong, not_passing = [], [], []
    before = os.environ.get("QEQT_PROGRESS_FILE")
    tmp = tempfile.TemporaryDirectory(prefix="qeqt-bench-")
    os.environ["QEQT_PROGRESS_FILE"] = str(pathlib.Path(tmp.name, "progress.json")) if progress_file else "off"
    try:
        _time_checks(checks, specs, repeat, right, wrong, not_passing)
    finally:
        if before is None:
            os.environ.pop("QEQT_PROGRESS_FILE", None)
        else:
            os.environ["QEQT_PROGRESS_FILE"] = before
        tmp.cleanup()
    return {
        "exercises": len(specs),
        "right": _percentiles(right),
        "wrong": _percentiles(wrong),
        "all": _percentiles(right + wrong),
        "right_not_passing": not_passing,
    }


def _time_checks(checks, specs, repeat, right, wrong, not_passing):
    with contextlib.redirect_stdout(io.StringIO()):
        for spec in specs:  # warm-up: imports, spec caches
            checks.check(spec["id"], right_answer(spec))
        for spec in specs:
            answers = [(True, right_answer(spec))] + [(False, a) for a in wrong_answers(spec)]
            for is_right, answer in answers:
                for _ in range(repeat):
                    start = time.perf_counter()
                    result = checks.check(spec["id"], answer)
                    (right if is_right else wrong).append(time.perf_counter() - start)
                if is_right and not result.passed:
                    not_passing.append(spec["id"])


def _cpu_seconds() -> float:
    """CPU time of this process and its reaped children (the kernels): independent of the machine's load."""
    import resource

    return sum(
        getattr(resource.getrusage(who), f)
        for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
        for f in ("ru_utime", "ru_stime")
    )


def grading_throughput(copies: int = 8, jobs=(1, 2), cell_timeout: float = 60.0) -> dict:
    """Submissions per second grading ``copies`` copies of the good sample submission, per --jobs value."""
    from helpers import grade

    out = {}
    with tempfile.TemporaryDirectory(prefix="qeqt-bench-") as tmp:
        subs = pathlib.Path(tmp, "submissions")
        subs.mkdir()
        for i in range(copies):
            shutil.copy(GOOD, subs / f"good_{i:02d}.ipynb")
        for j in jobs:
            cpu_before = _cpu_seconds()
            start = time.perf_counter()
            rows = grade.grade(
                [subs],
                pathlib.Path(tmp, f"gradebook_{j}.csv"),
                jobs=j,
                cell_timeout=cell_timeout,
                progress=False,
                resume=False,
            )
            seconds = time.perf_counter() - start
            cpu = _cpu_seconds() - cpu_before
            passed = sum(r.status == "passed" for r in rows)
            out[j] = {
                "seconds": seconds,
                "per_second": copies / seconds,
                "rows": len(rows),
                "passed": passed,
                "cpu_per_submission": cpu / copies,
            }
    return out


def warm_execution(notebook: pathlib.Path, repeat: int = 5) -> float:
    """Median seconds to run a notebook's code cells in this already-warm process (imports cached; a fresh
    IPython namespace each time): the floor that per-submission grading overhead is compared with."""
    import nbformat
    from IPython.core.interactiveshell import InteractiveShell

    cells = [c.source for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code"]
    shell = InteractiveShell.instance()
    times = []
    before = os.environ.get("QEQT_GRADING")
    os.environ["QEQT_GRADING"] = "1"  # the same work as in the grading worker (simulators not rasterised)
    try:
        for i in range(repeat + 1):
            shell.reset(new_session=False)
            start = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                for source in cells:
                    shell.run_cell(source, store_history=False)
            if i:  # the first run pays the imports
                times.append(time.perf_counter() - start)
    finally:
        if before is None:
            os.environ.pop("QEQT_GRADING", None)
        else:
            os.environ["QEQT_GRADING"] = before
    return statistics.median(times)


def grading_comparison(
    copies: int = 20, chapter: str = "02_qt_mechanics", reference_copies: int = 4, jobs: int = 2
) -> dict:
    """Chapter-solution submissions graded side by side: the sandbox on (bwrap) and off (--unsafe-no-sandbox),
    today's nbclient path on fewer copies, and the warm-execution floor. Throughput is steady state (after the
    workers are ready) and end to end (worker start-up included); the breakdown is per submission."""
    from helpers import grade
    from helpers.teacher import sandbox

    src = ROOT / "solutions" / f"{chapter}.ipynb"
    out = {"chapter": chapter, "copies": copies, "jobs": jobs, "load_before": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="qeqt-bench-") as tmp:
        for engine, n in (("sandbox", copies), ("unsafe", copies), ("nbclient", reference_copies)):
            if engine == "sandbox" and not sandbox.bwrap_path():
                out[engine] = {"skipped": "bwrap not installed"}
                continue
            subs = pathlib.Path(tmp, engine)
            subs.mkdir()
            for i in range(n):
                shutil.copy(src, subs / f"{chapter}_s{i:03d}.ipynb")
            stats = {}
            start = time.perf_counter()
            rows = grade.grade(
                [subs],
                pathlib.Path(tmp, f"gb_{engine}.csv"),
                jobs=jobs,
                progress=False,
                engine=engine,
                stats=stats,
                resume=False,
            )
            total = time.perf_counter() - start
            subs_stats = stats.get("submissions", [])
            mean = (
                {
                    k: statistics.mean(s.get(k, 0.0) for s in subs_stats)
                    for k in (
                        "seconds",
                        "fork",
                        "cells",
                        "extract",
                        "cleanup",
                        "round_trip",
                        "prepare",
                        "judge",
                        "child_cpu",
                        "faults",
                    )
                }
                if subs_stats
                else {}
            )
            steady = stats.get("steady", total)
            slow = {}
            for sub in subs_stats:
                for sec, idx in sub.get("slowest_cells", []):
                    slow.setdefault(idx, []).append(sec)
            out[engine + "_slowest"] = sorted(((statistics.mean(v), k) for k, v in slow.items()), reverse=True)[:3]
            out[engine] = {
                "n": n,
                "total": total,
                "startup": stats.get("startup", 0.0),
                "steady": steady,
                "per_second": n / steady,
                "end_to_end_per_second": n / total,
                "mean": mean,
                "all_passed": all(r.status == "passed" for r in rows),
                "rows": len(rows),
                "preload": statistics.mean(r.get("preload_seconds", 0.0) for r in stats.get("ready", [{}]))
                if stats.get("ready")
                else 0.0,
            }
    out["warm"] = warm_execution(src)
    out["load_after"] = os.getloadavg()
    return out


def comparison_lines(c: dict) -> list[str]:
    """Markdown lines of a grading_comparison result (used by tools/bench.py and main)."""
    lines = [
        f"{c['copies']} copies of solutions/{c['chapter']}.ipynb, --jobs {c['jobs']} "
        f"(the nbclient reference: {c['nbclient'].get('n', '?')} copies). Load average before "
        f"{c['load_before'][0]:.2f}, after {c['load_after'][0]:.2f}.",
        "",
        "| engine | workers ready s | steady submissions/s | end-to-end submissions/s | mean s per submission "
        "(in its worker) | all passed |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for engine, label in (
        ("sandbox", "sandbox on (bwrap, fork server)"),
        ("unsafe", "sandbox off (--unsafe-no-sandbox, fork server)"),
        ("nbclient", "today's nbclient path (kernel per submission)"),
    ):
        r = c.get(engine, {})
        if "skipped" in r or not r:
            lines.append(f"| {label} | – | – | – | – | {r.get('skipped', 'not run')} |")
            continue
        lines.append(
            f"| {label} | {r['startup']:.1f} | {r['per_second']:.2f} | {r['end_to_end_per_second']:.2f} | "
            f"{r['mean'].get('seconds', float('nan')):.3f} | {r['all_passed']} |"
        )
    ref = c.get("nbclient", {}).get("per_second")
    lines.append("")
    for engine in ("sandbox", "unsafe"):
        r = c.get(engine, {})
        if r.get("per_second") and ref:
            m = r["mean"]
            lines.append(
                f"- {engine}: {r['per_second'] / ref:.1f}× the nbclient throughput (steady), "
                f"{r['end_to_end_per_second'] / ref:.1f}× end to end; goal ≥ 5 submissions/s: "
                f"{'met' if r['per_second'] >= 5 else 'NOT met'}; per-submission cost "
                f"{m['seconds']:.3f} s = fork {m['fork'] * 1000:.1f} ms + cells {m['cells']:.3f} s + "
                f"extraction {m['extract'] * 1000:.1f} ms (+ cleanup {m['cleanup'] * 1000:.1f} ms); the child's "
                f"own CPU {m['child_cpu']:.3f} s and {m['faults']:,.0f} minor page faults (copy-on-write of the "
                f"pre-imported heap); "
                f"in the grader: read+prepare {m['prepare'] * 1000:.0f} ms, round trip to the worker "
                f"{m['round_trip'] * 1000:.0f} ms, judging {m['judge'] * 1000:.0f} ms; "
                f"{m['seconds'] / c['warm']:.2f}× the warm execution of the same cells "
                f"({c['warm']:.3f} s; goal ≤ 1.5×); one-off worker start-up {r['startup']:.1f} s "
                f"(imports {r['preload']:.1f} s). Slowest cells (mean s, cell index): "
                + ", ".join(f"{sec:.3f} s #{idx}" for sec, idx in c.get(engine + "_slowest", []))
                + "."
            )
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="check() calls per answer (default 20)")
    parser.add_argument("--copies", type=int, default=8, help="copies of the good submission (default 8)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="--jobs values to compare (default 1 2)")
    parser.add_argument("--skip-grading", action="store_true", help="only measure check() latency")
    parser.add_argument(
        "--compare",
        action="store_true",
        help="only the engine comparison on chapter-solution copies (sandbox on/off, nbclient)",
    )
    args = parser.parse_args(argv)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    print(f"machine: {os.cpu_count()} CPUs, load average {load}")
    if args.compare:
        print("\n".join(comparison_lines(grading_comparison(args.copies if args.copies != 8 else 20))))
        return 0
    for progress_file in (True, False):
        lat = check_latency(args.repeat, progress_file=progress_file)
        print(
            f"check() latency over {lat['exercises']} exercises × {args.repeat} repeats, "
            f"progress file {'on (a learner)' if progress_file else 'off (grading, tests)'}:"
        )
        for key in ("right", "wrong", "all"):
            p = lat[key]
            print(f"  {key:5s} answers: p50 {p['p50_ms']:.3f} ms, p95 {p['p95_ms']:.3f} ms  ({p['n']} calls)")
        if lat["right_not_passing"]:
            print(f"  WARNING: right answers built from the spec did not pass: {lat['right_not_passing']}")
    if not args.skip_grading:
        res = grading_throughput(args.copies, args.jobs)
        for j, r in res.items():
            print(
                f"grading {args.copies} submissions with --jobs {j}: {r['seconds']:.1f} s, "
                f"{r['per_second']:.2f} submissions/s, {r['cpu_per_submission']:.1f} CPU s per submission "
                f"({r['passed']}/{r['rows']} rows passed)"
            )
        if len(res) >= 2:
            base, *rest = list(res)
            for j in rest:
                print(f"  speed-up --jobs {j} vs --jobs {base}: {res[j]['per_second'] / res[base]['per_second']:.2f}×")
    print(f"load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}" if hasattr(os, "getloadavg") else "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
