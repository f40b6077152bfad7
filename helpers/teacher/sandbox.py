"""Sandboxed grading workers (teacher tool; used by ``helpers.grade``).

Each worker is one long-lived ``helpers.teacher.worker`` fork server, started inside bubblewrap (``bwrap``,
Debian package ``bubblewrap``; https://github.com/containers/bubblewrap):

* ``--unshare-all``: no network (only a private loopback), own PID, IPC, UTS, cgroup and user namespaces;
  ``--die-with-parent`` and the PID namespace mean that when the grader or the worker goes, every process of
  the sandbox goes with it; ``--new-session`` (no terminal injection); all capabilities dropped.
* Read-only view of the interpreter, the virtual environment, ``helpers/`` and ``data/`` only. The teacher's
  checkout (``.git``, solutions, tests, other submissions, gradebooks, feedback), HOME and /etc are not there.
  The answer registry is masked: ``helpers/exercises/`` holds only its ``__init__.py`` (no ``chNN.py``, no
  ``__pycache__``) and ``helpers/answers/`` is empty, so no expected value, hint or solution is readable.
* Private empty ``/tmp`` (each submission's HOME and temp folder, emptied after it) and ``/dev/shm``.

A worker serves one submission at a time, in a forked child with rlimits (memory, CPU, processes, file size,
descriptors). The kernel exempts root's user from the process rlimit, so under a root grader the sandbox drops to
``nobody`` (uid/gid 65534, no groups; see ``sandbox_user``) before the worker starts; the worker also counts its PID
namespace and ends a submission past the cap (the only process cap where ``setpriv`` is missing and root remains).
``Worker.ready["uid"]`` says which user the submissions ran as. After each, every other process in its PID namespace is killed and the scratch space emptied, so
nothing of one submission survives into the next and no two submissions ever share a sandbox at the same time.

Without bwrap (macOS, some containers) grading untrusted work is refused unless ``--unsafe-no-sandbox``: then
workers run as plain processes with the same rlimits and a scratch HOME, but with the teacher's file and network
access, and a process that leaves its session may survive.
"""

from __future__ import annotations

import os
import pathlib
import selectors
import shutil
import subprocess
import sys
import tempfile
import time

from helpers.teacher import wire

ROOT = pathlib.Path(__file__).resolve().parents[2]
BWRAP = "bwrap"
NOBODY = 65534  # the unprivileged uid/gid a root grader runs the sandbox as
START_TIMEOUT = 300.0  # seconds a worker may take to import the stack on a busy machine


class SandboxUnavailable(RuntimeError):
    """bwrap is missing or cannot create namespaces here."""


def bwrap_path() -> str | None:
    return shutil.which(BWRAP)


SETPRIV = "setpriv"  # util-linux (Debian: essential): drops to NOBODY inside the sandbox


def sandbox_user() -> int | None:
    """The uid/gid the submissions run as: ``NOBODY`` when the grader is root (the kernel exempts root's user
    from the process rlimit, even inside a user namespace it maps to), None to keep the grader's own user.

    A root grader starts bwrap without a user namespace (bwrap needs none as root), keeps only the three
    capabilities a privilege drop needs, and execs ``setpriv`` as the sandbox's first process: it drops to
    ``nobody`` with no groups, no inheritable capabilities, an empty bounding set and no_new_privs before the
    worker starts. bwrap mounts every bind ``nosuid``, so nothing inside can regain root."""
    if os.geteuid() != 0 or os.environ.get("QEQT_SANDBOX_AS_ROOT") or not shutil.which(SETPRIV, path="/usr/bin:/bin"):
        return None
    return NOBODY


def _worker_code(root: pathlib.Path) -> str:
    return f"import sys; sys.path.insert(0, {str(root)!r}); from helpers.teacher.worker import main; main()"


def _env() -> dict:
    return {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONIOENCODING": "utf-8:backslashreplace",
        "MPLBACKEND": "Agg",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "QEQT_PROGRESS_FILE": "off",
        "QEQT_GRADING": "1",
        **({"QEQT_WORKER_DEBUG": os.environ["QEQT_WORKER_DEBUG"]} if os.environ.get("QEQT_WORKER_DEBUG") else {}),
    }


COURSE = pathlib.PurePosixPath("/qeqt")  # the course's helpers/ and data/ inside the sandbox
PREFIX = pathlib.PurePosixPath("/qeqt-python")  # sys.prefix (the virtual environment) inside the sandbox


def _inside(path: pathlib.Path) -> str:
    """Where the interpreter at ``path`` is seen inside the sandbox (see ``bwrap_argv``)."""
    path = pathlib.Path(path)
    try:
        return str(PREFIX / path.relative_to(sys.prefix))
    except ValueError:
        return str(path)


def bwrap_argv(root: pathlib.Path = ROOT) -> list[str]:
    """The bubblewrap command line of one worker.

    The course and the virtual environment are bound at fixed places (``COURSE``, ``PREFIX``), not at their own
    paths: a checkout under /tmp (a CI clone, say) would otherwise be hidden by the sandbox's private /tmp. The
    base interpreter stays at its own path (the venv's ``bin/python`` links to it)."""
    uid = sandbox_user()
    argv = [bwrap_path() or BWRAP]
    if uid is None:  # an ordinary user: bwrap needs a user namespace, and the process rlimit binds in it
        argv += ["--unshare-all", "--cap-drop", "ALL"]
    else:  # root: no user namespace (it would map to root); keep only what setpriv needs to drop to NOBODY
        argv += ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"]
        argv += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_SETPCAP"]
    argv += ["--die-with-parent", "--new-session"]
    for d in ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64"):
        if os.path.lexists(d):
            argv += ["--ro-bind", d, d] if not os.path.islink(d) else ["--symlink", os.readlink(d), d]
    for f in ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/localtime", "/etc/mime.types"):
        argv += ["--ro-bind-try", f, f]
    base = pathlib.Path(sys.base_prefix).resolve()
    binds = []  # (source, destination inside)
    if not str(base).startswith("/usr") and base != pathlib.Path(sys.prefix).resolve():
        binds.append((base, pathlib.PurePosixPath(base)))
    binds.append((pathlib.Path(sys.prefix), PREFIX))
    made = set()
    for _src, dest in binds + [(None, COURSE / "helpers")]:  # bwrap makes missing parents 0700: NOBODY must pass
        for folder in reversed(dest.parents):
            if str(folder) != "/" and folder not in made and not any(folder.is_relative_to(d) for _, d in binds):
                argv += ["--perms", "0755", "--dir", str(folder)]
                made.add(folder)
    for src, dest in binds:
        argv += ["--ro-bind", str(src), str(dest)]
    helpers, inner = root / "helpers", COURSE / "helpers"
    argv += [
        "--ro-bind",
        str(helpers),
        str(inner),
        "--ro-bind-try",
        str(root / "data"),
        str(COURSE / "data"),
        "--tmpfs",
        str(inner / "exercises"),
        "--ro-bind",
        str(helpers / "exercises" / "__init__.py"),
        str(inner / "exercises" / "__init__.py"),
    ]
    if (helpers / "answers").is_dir():
        argv += ["--tmpfs", str(inner / "answers")]
    argv += [
        "--remount-ro",
        str(inner / "exercises"),
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--perms",
        "1777",
        "--tmpfs",
        "/tmp",
        "--perms",
        "1777",
        "--tmpfs",
        "/dev/shm",
        "--chdir",
        "/tmp",
        "--clearenv",
    ]
    for k, v in {**_env(), "HOME": "/tmp"}.items():
        argv += ["--setenv", k, v]
    argv += ["--"]
    if uid is not None:
        argv += [
            shutil.which(SETPRIV, path="/usr/bin:/bin"),
            f"--reuid={uid}",
            f"--regid={uid}",
            "--clear-groups",
            "--inh-caps=-all",
            "--bounding-set=-all",
            "--no-new-privs",
        ]
    argv += [_inside(sys.executable), "-s", "-B", "-c", _worker_code(COURSE), "--pidns", "--scratch", "/tmp"]
    return argv


_KEEPER = {"queue": None}


def _in_keeper_thread(fn):
    """Run ``fn`` in one daemon thread that lives as long as the process. bwrap's --die-with-parent (and the
    kernel's parent-death signal) follow the *thread* that started a process: a worker started from a pool thread
    would die when that thread ends."""
    import queue
    import threading

    if threading.current_thread() is threading.main_thread():
        return fn()
    if _KEEPER["queue"] is None:
        q = queue.SimpleQueue()

        def keep():
            while True:
                job, reply = q.get()
                try:
                    reply.put((job(), None))
                except BaseException as exc:
                    reply.put((None, exc))

        threading.Thread(target=keep, name="qeqt-sandbox-keeper", daemon=True).start()
        _KEEPER["queue"] = q
    reply = queue.SimpleQueue()
    _KEEPER["queue"].put((fn, reply))
    value, exc = reply.get()
    if exc is not None:
        raise exc
    return value


class Worker:
    """One sandboxed fork server. ``run(job)`` → outcome dict; restarts itself after a crash."""

    def __init__(self, sandbox: bool = True, root: pathlib.Path = ROOT):
        self.sandbox, self.root = sandbox, root
        self.proc = None
        self.scratch = None
        self.ready = {}

    def start(self) -> None:
        self.spawn()
        self.wait_ready()

    def spawn(self) -> None:
        """Start the process (from the main thread, or else from the keeper thread: see _in_keeper_thread)."""
        _in_keeper_thread(self._spawn)

    def _spawn(self) -> None:
        if self.sandbox:
            if not bwrap_path():
                raise SandboxUnavailable("bwrap (bubblewrap) is not installed")
            argv, env, cwd = bwrap_argv(self.root), None, None
        else:
            self.scratch = tempfile.mkdtemp(prefix="qeqt-unsafe-")
            argv = [sys.executable, "-s", "-B", "-c", _worker_code(self.root), "--scratch", self.scratch]
            env, cwd = {**_env(), "HOME": self.scratch}, self.scratch
        log = os.environ.get("QEQT_WORKER_LOG")  # maintainers: the workers' stderr, for debugging
        err = open(log, "ab") if log else subprocess.DEVNULL
        try:
            self.proc = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=err,
                env=env,
                cwd=cwd,
                start_new_session=True,
            )
        finally:
            if log:
                err.close()

    def wait_ready(self) -> None:
        msg = self._read(START_TIMEOUT)
        if not isinstance(msg, dict) or not msg.get("ready"):
            self.stop()
            raise SandboxUnavailable(
                "the grading worker did not start (is bwrap allowed to create user "
                "namespaces here? try `bwrap --unshare-all --ro-bind / / true`; "
                "QEQT_WORKER_LOG=<file> keeps the worker's error output)"
            )
        self.ready = msg

    def _read(self, timeout: float, proc=None):
        """One line from the worker within ``timeout`` seconds (None on time-out, EOF or an oversized line)."""
        fd = (proc or self.proc).stdout.fileno()
        buf = bytearray()
        end = time.monotonic() + timeout
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while True:
                left = end - time.monotonic()
                if left <= 0 or not sel.select(left):
                    return None
                data = os.read(fd, 1 << 16)
                if not data:
                    return None
                buf += data
                if len(buf) > wire.MAX_LINE:
                    return None
                if buf.endswith(b"\n"):
                    try:
                        return wire.loads(bytes(buf))
                    except ValueError:
                        return None

    def run(self, job: dict) -> dict:
        if self.proc is None or self.proc.poll() is not None:
            self.start()
        proc = self.proc
        budget = float(job.get("timeout", 600)) + float(job.get("extract_timeout", 90)) + 30
        try:
            proc.stdin.write(wire.dumps(job))
            proc.stdin.flush()
            msg = self._read(budget, proc)
        except (BrokenPipeError, OSError):
            msg = None
        if not isinstance(msg, dict):  # the worker died, hung or was killed by the submission: replace it
            code = self.proc.poll() if self.proc is not None else "stopped"
            self.stop()
            why = f"exit status {code}" if code is not None else "no answer in time"
            return {"crash": f"grading worker stopped responding ({why})"}
        return msg

    def stop(self) -> None:
        """Kill the worker and every process of its sandbox. Safe from another thread while ``run`` waits: the
        pipe then reports end-of-file (it is closed only by the next ``spawn`` or by the garbage collector)."""
        proc, self.proc = self.proc, None
        if proc is not None:
            for kill in (lambda: os.killpg(proc.pid, 9), proc.kill):
                try:
                    kill()
                except OSError:
                    pass
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                pass
            try:
                proc.stdin.close()
            except OSError:
                pass
        if self.scratch:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None


# ----------------------------------------------------------------------------------- distributed (dask) unit
_REMOTE = {}


def run_remote(job: dict, sandbox: bool = True) -> dict:
    """One submission's run on a dask.distributed worker machine: wire job in, wire outcome out. The job holds
    code and case inputs only; verdicts are computed back in the grader process, so expected answers never
    leave it. Each dask worker process keeps one sandboxed fork server (imports paid once per process)."""
    import threading

    key = (sandbox, os.getpid())
    with _REMOTE.setdefault("lock", threading.Lock()):
        worker = _REMOTE.get(key)
        if worker is None:
            worker = _REMOTE[key] = Worker(sandbox=sandbox)
        return worker.run(job)
