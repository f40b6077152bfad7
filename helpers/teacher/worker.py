"""The grading worker: a pre-imported fork server that runs inside one sandbox (teacher tool; never imported by the
grader itself, only started by ``helpers.teacher.sandbox``).

Start-up pays the interpreter and the course's imports once (numpy, pandas, matplotlib, IPython, the ``helpers``
modules the exercise notebooks use). Then, for each job read from stdin (``helpers.teacher.wire``), it forks a fresh
child that:

1. drops into a new session, an empty private scratch folder (its HOME and TMPDIR), resource limits (address space,
   CPU seconds, processes, file size, open files, no core files), and loses every descriptor but its record pipe;
2. runs the learner's code cells in order in an IPython shell (magics, ``display``, last-expression output as in
   Jupyter), reporting each cell's start and error on the record pipe (stdout/stderr go to a second pipe that the
   worker only counts: output is capped here, in the sandbox, and never reaches the grader);
3. runs the extraction (``helpers.grade_extract``): each answer variable's wire node, a function answer called on
   the case inputs under a time limit.

The worker enforces the per-cell limit (SIGINT, then SIGKILL two seconds later) and the whole-notebook limit, then
kills every other process of the sandbox (``kill(-1)`` in its own PID namespace; the session's process group
otherwise) and empties the scratch space before the next job. The worker is made non-dumpable, so a child cannot
read its memory or descriptors through /proc. Expected answers never enter this process (see the trust boundary
in ``helpers.teacher.wire``).
"""

from __future__ import annotations

import ctypes
import importlib
import os
import resource
import selectors
import shutil
import signal
import stat
import sys
import time

PRELOAD = (
    "numpy",
    "pandas",
    "matplotlib",
    "matplotlib.pyplot",
    "IPython",
    "IPython.core.interactiveshell",
    "ipywidgets",
    "helpers.checks",
    "helpers.data",
    "helpers.grade_extract",
    "helpers.teacher.wire",
)
# every top-level helpers module that learner notebooks may import (the registry and teacher tools excluded)
SKIP = {"grade", "release", "make_exercises", "teacher", "exercises", "answers", "__init__", "fonts"}
GRACE = 2.0  # seconds between SIGINT and SIGKILL when a cell runs past its limit


def _preload(root: str) -> list[str]:
    failed = []
    names = list(PRELOAD)
    helpers_dir = os.path.join(root, "helpers")
    for entry in sorted(os.listdir(helpers_dir)):
        stem = entry[:-3] if entry.endswith(".py") else entry
        if stem in SKIP or stem.startswith((".", "_")):
            continue
        if entry.endswith(".py") or os.path.isfile(os.path.join(helpers_dir, entry, "__init__.py")):
            names.append(f"helpers.{stem}")
    for sub in ("widgets",):
        path = os.path.join(helpers_dir, sub)
        if os.path.isdir(path):
            names += [
                f"helpers.{sub}.{f[:-3]}"
                for f in sorted(os.listdir(path))
                if f.endswith(".py") and not f.startswith("_")
            ]
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # a module that cannot load here is imported (and fails) in the learner's cell instead
            failed.append(name)
    return failed


def _warm_up() -> None:
    """Pay once, before any fork, what every submission would pay again: the curated tables parsed and validated
    (helpers.data caches them), matplotlib's fonts and renderer. Course code only; no learner code runs here."""
    try:
        from helpers import data

        for name in data.available():
            try:
                data.load(name)
            except Exception:
                pass
    except Exception:
        pass
    try:
        import io

        import matplotlib
        import matplotlib.pyplot as plt

        saved = matplotlib.rcParams.copy()
        try:  # the course style and its CJK font, as the chapters' simulators use them
            from helpers import style

            style.use_course_style()
        except Exception:
            pass
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, 1], label="量化緊縮 QT")
        ax.set_title("量化寬鬆 QE")
        ax.legend()
        fig.savefig(io.BytesIO(), format="png")
        plt.close(fig)
        matplotlib.rcParams.update(saved)
    except Exception:
        pass
    try:  # the learner's façade as exercise notebooks call it (here it finds no registry: nothing is revealed)
        import contextlib
        import io

        import ipywidgets

        from helpers import checks

        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            checks.evaluate("0.1", None)
            checks.progress(show=False)
            ipywidgets.IntSlider()
    except Exception:
        pass


def _warm_simulators() -> None:
    """Build every course simulator once (course code only, before any fork): a child then starts with the
    models' caches, matplotlib's text layout and the widget machinery warm, instead of paying for them again in
    each submission (measured on chapter 2's solution: a child's first pass over the cells cost twice its second)."""
    import contextlib
    import importlib
    import inspect
    import io
    import pkgutil

    from helpers import widgets

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        for info in pkgutil.iter_modules(widgets.__path__):
            try:
                module = importlib.import_module(f"helpers.widgets.{info.name}")
            except Exception:
                continue
            for name, fn in inspect.getmembers(module, inspect.isfunction):
                if fn.__module__ != module.__name__ or name.startswith("_"):
                    continue
                try:
                    params = inspect.signature(fn).parameters.values()
                    if any(
                        p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params
                    ):
                        continue
                    made = fn()
                    if isinstance(made, widgets.Simulator):
                        made.close()
                except Exception:
                    pass


def _non_dumpable() -> None:
    try:
        ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4
    except Exception:
        pass


_WRITE = os.write  # bound before any learner code runs


def _send(fd: int, obj, _dumps=None) -> None:
    from helpers.teacher import wire

    data = (_dumps or wire.dumps)(obj)
    while data:
        data = data[_WRITE(fd, data) :]


def _short(exc) -> str:
    try:
        text = f"{type(exc).__name__}: {exc}"
    except Exception:
        text = type(exc).__name__
    return text[:300]


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass


def _quiet_tracebacks(shell) -> None:
    """Tracebacks are never shown to anyone (the worker only counts output): skip IPython's slow formatting."""

    def show(*args, **kwargs):
        try:
            etype, value, _ = sys.exc_info()
            print(f"{getattr(etype, '__name__', 'Error')}: {value}"[:300], file=sys.stderr)
        except BaseException:
            pass

    shell.showtraceback = show
    shell.showsyntaxerror = show


def _limits(job: dict) -> None:
    def cap(kind, value):
        try:
            soft, hard = resource.getrlimit(kind)
            value = int(value) if hard == resource.RLIM_INFINITY else min(int(value), hard)
            resource.setrlimit(kind, (value, value))
        except (ValueError, OSError):
            pass

    vm = 0
    try:
        with open("/proc/self/status") as fh:
            vm = next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmSize:"))
    except Exception:
        pass
    cap(resource.RLIMIT_AS, vm + int(job.get("memory", 1 << 30)))
    cap(resource.RLIMIT_CPU, int(job.get("timeout", 600)) + 5)
    cap(resource.RLIMIT_NPROC, int(job.get("processes", 64)))
    cap(resource.RLIMIT_FSIZE, int(job.get("output_cap", 64 << 20)))
    cap(resource.RLIMIT_NOFILE, 256)
    cap(resource.RLIMIT_CORE, 0)


def _child(job: dict, shell, rec_w: int, out_w: int, scratch: str) -> None:
    """In the forked child: isolate, run the cells, extract the answers. Never returns."""
    from helpers import grade_extract

    value_of = grade_extract._value
    try:
        os.setsid()
        try:
            ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG: die with the worker
        except Exception:
            pass
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(out_w, 1)
        os.dup2(out_w, 2)
        os.dup2(rec_w, 3)
        os.closerange(4, 65536)
        home = os.path.join(scratch, "home")
        os.makedirs(home, exist_ok=True)
        os.chdir(home)
        os.environ.update({"HOME": home, "TMPDIR": home, "MPLCONFIGDIR": home, "QEQT_PROGRESS_FILE": "off"})
        _limits(job)
        signal.signal(signal.SIGINT, signal.default_int_handler)
    except BaseException:
        os._exit(3)
    cells = job.get("cells", [])
    try:
        for i, source in enumerate(cells):
            if not isinstance(source, str):
                continue
            _send(3, {"cell": i})
            try:
                result = shell.run_cell(source, store_history=False)
                exc = result.error_in_exec or result.error_before_exec
            except BaseException as err:  # KeyboardInterrupt outside run_code, SystemExit from odd places
                exc = err
            if exc is not None:
                _send(3, {"error": [i, _short(exc)]})
            _flush()
        _send(3, {"cell": len(cells)})
        namespace = shell.user_ns
        for item in job.get("plan", []):
            try:
                node = {"t": "missing"} if item["var"] not in namespace else value_of(namespace[item["var"]], item)
            except grade_extract._TooBig:
                node = {"t": "error", "msg": "答案太大，無法批改"}
            except BaseException as err:
                node = {"t": "error", "msg": _short(err)}
            try:
                _send(3, {"id": item["id"], "value": node})
            except (ValueError, TypeError):
                _send(3, {"id": item["id"], "value": {"t": "error", "msg": "答案無法編碼"}})
        _flush()
        _send(3, {"end": True})
    except BaseException:
        if os.environ.get("QEQT_WORKER_DEBUG"):
            import traceback

            with open(os.environ["QEQT_WORKER_DEBUG"], "a") as fh:
                fh.write(traceback.format_exc())
        os._exit(4)
    os._exit(0)


def _wipe(path: str) -> None:
    """Empty a folder whatever the learner did to its permissions."""

    def unlock(func, p, _):
        try:
            os.chmod(os.path.dirname(p), stat.S_IRWXU)
            os.chmod(p, stat.S_IRWXU)
        except OSError:
            pass
        try:
            func(p)
        except OSError:
            pass

    try:
        entries = os.listdir(path)
    except OSError:
        return
    for name in entries:
        p = os.path.join(path, name)
        if os.path.isdir(p) and not os.path.islink(p):
            shutil.rmtree(p, onerror=unlock)
        else:
            try:
                os.unlink(p)
            except OSError:
                pass


def _empty_namespace(limit: float = 10.0) -> None:
    """Kill every other process of the PID namespace and wait until they are gone (a killed process with a large
    copied heap takes a while to exit), so that nothing of one submission is alive when the next starts."""
    me = os.getpid()
    end = time.monotonic() + limit
    while True:
        try:
            os.kill(-1, signal.SIGKILL)
        except OSError:
            pass
        try:
            others = [d for d in os.listdir("/proc") if d.isdigit() and int(d) not in (1, me)]
        except OSError:
            return
        if not others or time.monotonic() > end:
            return
        time.sleep(0.002)


def _too_many(cap: int) -> bool:
    try:
        return sum(1 for d in os.listdir("/proc") if d.isdigit()) > cap + 2  # + bwrap's init and the worker
    except OSError:
        return False


def run_job(job: dict, shell, scratch: str, pidns: bool) -> dict:
    from helpers.teacher import wire

    n = len(job.get("cells", []))
    cell_timeout = float(job.get("cell_timeout", 60))
    extract_timeout = float(job.get("extract_timeout", cell_timeout + 30))
    timeout = float(job.get("timeout", 600))
    out = {
        "records": {},
        "complete": False,
        "errors": {},
        "timed_out": [],
        "died_at": None,
        "deadline": False,
        "dropped": {},
        "seconds": 0.0,
        "breakdown": {},
    }
    rec_r, rec_w = os.pipe()
    out_r, out_w = os.pipe()
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.close(rec_r)
        os.close(out_r)
        _child(job, shell, rec_w, out_w, scratch)
    t_fork = time.perf_counter() - t0
    os.close(rec_w)
    os.close(out_w)
    sel = selectors.DefaultSelector()
    sel.register(rec_r, selectors.EVENT_READ, "rec")
    sel.register(out_r, selectors.EVENT_READ, "out")
    buf, received, printed, spent = b"", 0, {}, {}
    current, cell_start, interrupted_at = None, time.monotonic(), None
    deadline_at = time.monotonic() + timeout
    timed_out, status, exited_at, extract_start = set(), None, None, None
    cap = int(job.get("output_cap", 1 << 20))
    while True:
        now = time.monotonic()
        if status is None:
            done, st, usage = os.wait4(pid, os.WNOHANG)  # wait4: the child's own CPU time and page faults
            if done:
                status, exited_at = st, now
        if status is not None and (not sel.get_map() or now - exited_at > 0.5):
            break  # the child is gone and its pipes are drained (or held open by a stray process: killed below)
        limit = extract_timeout if current == n else cell_timeout
        if status is None and current is not None and now - cell_start > limit:
            if interrupted_at is None and current < n:
                timed_out.add(current)
                interrupted_at = now
                os.kill(pid, signal.SIGINT)
            elif interrupted_at is None or now - interrupted_at > GRACE:
                timed_out.add(current)
                os.kill(pid, signal.SIGKILL)
        if status is None and now > deadline_at:
            out["deadline"] = True
            os.kill(pid, signal.SIGKILL)
        if pidns and status is None and _too_many(int(job.get("processes", 64))):
            # RLIMIT_NPROC does not bind when the sandbox runs as root (the kernel exempts root's user, and the
            # sandbox's uid maps to it; see sandbox.sandbox_user): count the PID namespace too and end the
            # submission past the cap
            out["processes"] = True
            os.kill(-1, signal.SIGKILL)
        if sel.get_map():
            events = sel.select(timeout=0.05)
        else:  # both pipes closed but the child not yet reaped: poll waitpid, never sleep on an empty selector
            events = []
            time.sleep(0.001)
        for key, _ in events:
            try:
                data = os.read(key.fd, 1 << 16)
            except OSError:
                data = b""
            if not data:
                sel.unregister(key.fd)
                continue
            if key.data == "out":
                printed[current] = printed.get(current, 0) + len(data)
                continue
            received += len(data)
            if received > wire.MAX_CHILD_BYTES:
                os.kill(pid, signal.SIGKILL)
                sel.unregister(key.fd)
                continue
            buf += data
            *lines, buf = buf.split(b"\n")
            for line in lines:
                try:
                    msg = wire.loads(line)
                except ValueError:
                    continue
                if not isinstance(msg, dict):
                    continue
                if isinstance(msg.get("cell"), int) and 0 <= msg["cell"] <= n and msg["cell"] != current:
                    if current is not None:
                        spent[current] = spent.get(current, 0.0) + time.monotonic() - cell_start
                    current, cell_start, interrupted_at = msg["cell"], time.monotonic(), None
                    if current == n:
                        extract_start = time.perf_counter()
                elif isinstance(msg.get("error"), list) and len(msg["error"]) == 2:
                    out["errors"].setdefault(str(msg["error"][0]), str(msg["error"][1])[:300])
                elif "id" in msg and isinstance(msg.get("value"), dict) and current == n:
                    out["records"][str(msg["id"])] = msg["value"]
                elif msg.get("end") is True and current == n:
                    out["complete"] = True
    if status is None:
        os.kill(pid, signal.SIGKILL)
        _, status, usage = os.wait4(pid, 0)
    t_run = time.perf_counter() - t0
    # every other process of this submission: the whole PID namespace, or the child's session
    if pidns:
        _empty_namespace()
    else:
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
    for fd in list(sel.get_map()):
        sel.unregister(fd)
    os.close(rec_r)
    os.close(out_r)
    if not out["complete"] and not out["deadline"]:  # the child died (os._exit, a signal, a limit) before the end
        out["died_at"] = current if current is not None else 0
    out["timed_out"] = sorted(timed_out)
    out["dropped"] = {str(i): b for i, b in printed.items() if i is not None and b > cap}
    out["printed"] = {str(i): b for i, b in printed.items() if i is not None}
    t_clean = time.perf_counter()
    _wipe(scratch)
    for extra in ("/dev/shm",) if pidns else ():
        _wipe(extra)
    out["seconds"] = t_run
    out["breakdown"] = {
        "fork": t_fork,
        "cells": (extract_start - t0 - t_fork) if extract_start else t_run - t_fork,
        "extract": (t0 + t_run - extract_start) if extract_start else 0.0,
        "cleanup": time.perf_counter() - t_clean,
        # what the forked child itself spent: CPU seconds, and minor page faults (mostly copy-on-write copies of
        # the pre-imported parent's heap, touched again by the submission's code)
        "child_cpu": usage.ru_utime + usage.ru_stime,
        "faults": usage.ru_minflt,
        "slowest_cells": sorted(((round(v, 4), k) for k, v in spent.items() if k < n), reverse=True)[:3],
    }
    return out


def main() -> None:
    from helpers.teacher import wire

    pidns = "--pidns" in sys.argv
    scratch = sys.argv[sys.argv.index("--scratch") + 1] if "--scratch" in sys.argv else "/tmp"
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    proto_in = os.fdopen(os.dup(0), "rb")
    proto_out = os.fdopen(os.dup(1), "wb")
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(2, 1)  # anything printed while importing goes to stderr, never into the protocol
    t0 = time.perf_counter()
    os.environ.setdefault("MPLBACKEND", "Agg")
    failed = _preload(root)
    _warm_up()
    try:
        _warm_simulators()
    except Exception:
        pass
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    _quiet_tracebacks(shell)
    shell.run_cell("pass", store_history=False)  # warm the compiler and display machinery
    import gc

    gc.collect()
    gc.freeze()  # the pre-imported heap is never scanned by a child's collector: fewer copy-on-write faults
    _non_dumpable()
    proto_out.write(
        wire.dumps(
            {
                "ready": True,
                "preload_seconds": time.perf_counter() - t0,
                "failed": failed,
                "pid": os.getpid(),
                "uid": os.getuid(),
            }
        )
    )
    proto_out.flush()
    for line in proto_in:
        try:
            job = wire.loads(line)
        except ValueError:
            continue
        try:
            result = run_job(job, shell, scratch, pidns)
        except Exception as exc:  # a worker bug costs this job, never the worker
            result = {"crash": _short(exc)}
        proto_out.write(wire.dumps(result))
        proto_out.flush()


if __name__ == "__main__":
    main()
