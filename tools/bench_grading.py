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
        table = {json.dumps([c.get("args", []), c.get("kwargs", {})], sort_keys=True): c["expected"]
                 for c in spec["cases"]}

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
    return {"exercises": len(specs), "right": _percentiles(right), "wrong": _percentiles(wrong),
            "all": _percentiles(right + wrong), "right_not_passing": not_passing}


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
    return sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for f in ("ru_utime", "ru_stime"))


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
            rows = grade.grade([subs], pathlib.Path(tmp, f"gradebook_{j}.csv"), jobs=j, cell_timeout=cell_timeout,
                               progress=False)
            seconds = time.perf_counter() - start
            cpu = _cpu_seconds() - cpu_before
            passed = sum(r.status == "passed" for r in rows)
            out[j] = {"seconds": seconds, "per_second": copies / seconds, "rows": len(rows), "passed": passed,
                      "cpu_per_submission": cpu / copies}
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="check() calls per answer (default 20)")
    parser.add_argument("--copies", type=int, default=8, help="copies of the good submission (default 8)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="--jobs values to compare (default 1 2)")
    parser.add_argument("--skip-grading", action="store_true", help="only measure check() latency")
    args = parser.parse_args(argv)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    print(f"machine: {os.cpu_count()} CPUs, load average {load}")
    for progress_file in (True, False):
        lat = check_latency(args.repeat, progress_file=progress_file)
        print(f"check() latency over {lat['exercises']} exercises × {args.repeat} repeats, "
              f"progress file {'on (a learner)' if progress_file else 'off (grading, tests)'}:")
        for key in ("right", "wrong", "all"):
            p = lat[key]
            print(f"  {key:5s} answers: p50 {p['p50_ms']:.3f} ms, p95 {p['p95_ms']:.3f} ms  ({p['n']} calls)")
        if lat["right_not_passing"]:
            print(f"  WARNING: right answers built from the spec did not pass: {lat['right_not_passing']}")
    if not args.skip_grading:
        res = grading_throughput(args.copies, args.jobs)
        for j, r in res.items():
            print(f"grading {args.copies} submissions with --jobs {j}: {r['seconds']:.1f} s, "
                  f"{r['per_second']:.2f} submissions/s, {r['cpu_per_submission']:.1f} CPU s per submission "
                  f"({r['passed']}/{r['rows']} rows passed)")
        if len(res) >= 2:
            base, *rest = list(res)
            for j in rest:
                print(f"  speed-up --jobs {j} vs --jobs {base}: {res[j]['per_second'] / res[base]['per_second']:.2f}×")
    print(f"load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}" if hasattr(os, "getloadavg") else "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
