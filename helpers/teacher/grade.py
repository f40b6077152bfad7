"""Batch grading of submitted exercise notebooks (teacher tool; ``make grade``; README 「給老師」).

    python -m helpers.grade SUBMISSIONS... --out gradebook.csv [--chapter STEM] [--jobs N] [--cell-timeout S]
                            [--timeout S] [--memory GIB] [--feedback DIR] [--fresh] [--unsafe-no-sandbox]
                            [--executor dask://HOST:PORT]

How a batch runs:

1. ``--out`` and the feedback folder are checked for writing first; every file found is recorded (a symlink, an
   ``.IPYNB``, a ``.ipynb.txt`` become ``invalid`` rows with the reason); files already in ``<out>.journal`` with
   the same bytes are skipped (resume).
2. Each notebook is read once, never for writing; stored outputs are discarded; the 學號/姓名 of its identity cell
   are read statically (``helpers.identity``).
3. Its code cells and the case *inputs* of function exercises (``job_message``) go to a sandboxed worker
   (``helpers.teacher.sandbox``: bubblewrap, one pre-imported fork server per CPU, a fresh forked child per
   submission with rlimits; see ``helpers.teacher.wire`` for the protocol and the trust boundary). The child
   runs the cells in an IPython shell, with a per-cell and a whole-notebook time limit, then encodes each
   ``answer_N_k`` (``helpers.grade_extract``).
4. Here, in the grader's process, each value is decoded and judged against the full spec (``marking.judge``).
   Expected answers, hints and solutions never leave this process: the sandbox cannot read the registry.
5. Each finished submission is appended to the journal (flushed, fsynced) and its zh-TW feedback written; the
   gradebook (one row per submission × exercise) and ``<out>_students.csv`` (one row per submission, with
   identity checks) are rewritten from the journal at the end, also after Ctrl-C, ``kill`` (SIGTERM) or a crash.

Statuses: passed / failed / not_attempted / error / timeout / invalid. CSVs are UTF-8 with a BOM (Excel shows
Chinese); text cells starting with = + - @ are escaped. The batch never aborts because of one submission.
``engine="nbclient"`` keeps the old one-kernel-per-submission path (no sandbox) as the benchmark reference.
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import contextlib
import csv
import dataclasses
import datetime as _dt
import json
import logging
import os
import pathlib
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from helpers import exercises, identity, marking
from helpers.teacher.atomic import atomic_write

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXTRACT_MODULE = ROOT / "helpers" / "grade_extract.py"
LIMITS_MODULE = ROOT / "helpers" / "limits.py"  # injected ahead of grade_extract: one stub rule
EXTRACT_ID = "qeqt-grade-extract"
MAX_FILE_BYTES = 64 * 1024 * 1024  # a submission larger than this is not read
CELL_OUTPUT_CHARS = 20_000  # output kept per learner cell (the rest is counted, not stored)
EXTRACT_OUTPUT_CHARS = 64 * 1024 * 1024  # output kept for the extraction cell
STATUS_LABELS = {
    "passed": "✅ 通過",
    "failed": "❌ 未通過",
    "not_attempted": "⬜ 尚未作答",
    "error": "⚠️ 執行錯誤",
    "timeout": "⏱️ 超時",
    "invalid": "⚠️ 無法批改",
}
# Imported while the kernel starts (before the first cell and its time limit): the course's own stack, so that a
# slow import on a busy machine never makes a learner's first cell time out.
PRELOAD = ("numpy", "pandas", "helpers.checks", "helpers.data")
FIELDS = ["submission", "exercise", "status", "points", "max_points", "message"]
_NB_LOG = logging.getLogger("helpers.grade.nbclient")
_NB_LOG.addHandler(logging.NullHandler())
_NB_LOG.propagate = False
_NB_LOG.setLevel(logging.CRITICAL + 1)  # nbclient reports dead kernels and timeouts as errors; the gradebook says it


@dataclasses.dataclass
class Row:
    submission: str
    exercise: str
    status: str
    points: float
    max_points: float
    message: str


@dataclasses.dataclass
class Options:
    chapter: int | None = None
    cell_timeout: float = 60.0
    timeout: float = 600.0
    engine: str = "sandbox"  # "sandbox" (bwrap), "unsafe" (no sandbox) or "nbclient" (legacy reference)
    memory: int = 2 << 30  # bytes of address space a submission may add to the pre-imported worker
    processes: int = 64  # processes a submission may run at once
    output_cap: int = 1 << 20  # bytes of printed output per cell before the feedback says it was cut
    executor: str | None = None  # "dask://HOST:PORT": run the sandboxed workers on a dask cluster


@dataclasses.dataclass
class Job:
    """One submission, read and prepared (``problem`` is a zh-TW reason when it cannot be run)."""

    path: pathlib.Path
    name: str
    chapter: int | None = None
    specs: tuple = ()
    problem: str | None = None
    problem_status: str = "invalid"
    nb: object = None
    cell_count: int = 0
    answer_cells: dict = dataclasses.field(default_factory=dict)
    nonce: str = ""
    cells: list = dataclasses.field(default_factory=list)  # code sources (None for other cells), for the workers


@dataclasses.dataclass
class Outcome:
    """What happened when a submission ran."""

    records: dict = dataclasses.field(default_factory=dict)
    complete: bool = False
    errors: dict = dataclasses.field(default_factory=dict)  # cell index -> "NameError: ..."
    timed_out: set = dataclasses.field(default_factory=set)  # cell indices interrupted by the cell limit
    dropped: dict = dataclasses.field(default_factory=dict)  # cell index -> characters of output not kept
    died_at: int | None = None
    deadline: bool = False
    crash: str | None = None
    seconds: float = 0.0
    breakdown: dict = dataclasses.field(default_factory=dict)


# ------------------------------------------------------------------------------------------- reading
def chapter_number(text) -> int | None:
    """``"02_qt_mechanics"`` / ``"02"`` / ``"2"`` → 2; None when ``text`` does not start with a chapter number."""
    m = re.match(r"^\s*(\d{1,2})(?:_|$|\s)", str(text)) if text is not None else None
    return int(m.group(1)) if m else None


def _chapter_label(n: int | None) -> str:
    if n is None:
        return "未知章節"
    stem, title = exercises.CHAPTERS.get(n, (f"{n:02d}", ""))
    return f"第 {n} 章 {title}（{stem}）" if title else f"第 {n} 章（{stem}）"


def _source(cell) -> str:
    src = cell.get("source", "")
    if isinstance(src, list):
        return "".join(str(s) for s in src)
    return src if isinstance(src, str) else ""


def _assigned_names(source: str) -> set[str]:
    """Names a cell binds at any depth (assignments, def, for, with, import); falls back to a regex."""
    lines = [ln if not ln.lstrip().startswith(("%", "!")) else "" for ln in source.splitlines()]
    try:
        tree = ast.parse("\n".join(lines))
    except (SyntaxError, ValueError):
        return set(re.findall(r"(?m)^\s*(?:def\s+)?(answer_\d+_\d+)\b", source))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.alias):
            names.add(node.asname or node.name.split(".")[0])
    return names


def _plan(specs) -> list[dict]:
    plan = []
    for spec in specs:
        item = {"id": spec["id"], "var": exercises.variable(spec["id"])}
        if spec.get("kind") == "function":
            item["cases"] = [{"args": c.get("args", []), "kwargs": c.get("kwargs", {})} for c in spec["cases"]]
            item["seconds"] = float(spec.get("seconds", 5.0))
        plan.append(item)
    return plan


def extraction_source(nonce: str, plan: list[dict]) -> str:
    """The code of the injected cell: runs grade_extract's source in a private namespace."""
    code = LIMITS_MODULE.read_text(encoding="utf-8") + "\n" + EXTRACT_MODULE.read_text(encoding="utf-8")
    return (
        "def __qeqt_grade_extract():\n"
        "    ns = {'__name__': 'qeqt_grade_extract'}\n"
        f"    exec(compile({code!r}, '<qeqt-grade>', 'exec'), ns)\n"
        f"    ns['extract']({nonce!r}, ns['_json'].loads({json.dumps(plan, ensure_ascii=True)!r}), globals())\n"
        "__qeqt_grade_extract()\n"
        "del __qeqt_grade_extract\n"
    )


def _load_specs(n: int):
    try:
        return tuple(exercises.chapter_specs(n)), None
    except Exception as exc:  # a broken spec module: grade nothing of that chapter, say why
        return (), f"{type(exc).__name__}: {exc}"


def prepare(path: pathlib.Path, name: str, opts: Options) -> Job:
    """Read a submission once (never for writing) and build the notebook to run, or say why it cannot run."""
    job = Job(path=path, name=name)
    name_ch = chapter_number(path.stem)
    job.chapter = opts.chapter if opts.chapter is not None else name_ch

    def invalid(message):
        job.problem = message
        if job.chapter is not None:
            job.specs, _ = _load_specs(job.chapter)
        return job

    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return invalid(
                f"檔案太大（{size / 1e6:.0f} MB）：可能存了大量輸出。請清除輸出（Clear All Outputs）後重新繳交。"
            )
        data = path.read_bytes()
    except OSError as exc:
        return invalid(f"讀不到這個檔案（{type(exc).__name__}）。")
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return invalid("這不是 Jupyter 筆記本：檔案不是 UTF-8 文字。請繳交 .ipynb 檔。")
    except ValueError as exc:
        where = f"（第 {exc.lineno} 行附近）" if hasattr(exc, "lineno") else ""
        return invalid(f"筆記本檔案損壞，不是有效的 JSON{where}。請在 JupyterLab 重新存檔後再繳交。")
    del data
    if not isinstance(raw, dict) or not isinstance(raw.get("cells", raw.get("worksheets")), list):
        return invalid("這不是 Jupyter 筆記本（找不到 cells）。請繳交練習的 .ipynb 檔。")
    try:
        if int(raw.get("nbformat", 4)) < 4:  # only old notebooks need nbformat (its import costs ~2 s: jsonschema)
            import nbformat

            raw = nbformat.convert(nbformat.from_dict(raw), 4)
        cells = list(raw["cells"])
        meta = raw.get("metadata", {}) if isinstance(raw.get("metadata"), dict) else {}
    except Exception:
        return invalid("筆記本的格式讀不懂（nbformat 版本太舊或結構損壞）。請在 JupyterLab 重新存檔後再繳交。")
    del raw
    qeqt = meta.get("qeqt") if isinstance(meta.get("qeqt"), dict) else {}
    meta_stem = qeqt.get("chapter")
    meta_ch = chapter_number(meta_stem)
    if meta_ch is not None and name_ch is not None and meta_ch != name_ch:
        return invalid(
            f"檔名是{_chapter_label(name_ch)}，筆記本內容卻是{_chapter_label(meta_ch)}的練習。"
            "請確認繳交的是正確的檔案。"
        )
    found = meta_ch if meta_ch is not None else name_ch
    if opts.chapter is not None and found is not None and found != opts.chapter:
        return invalid(
            f"這份筆記本是{_chapter_label(found)}的練習，這次批改的是{_chapter_label(opts.chapter)}。"
            "請確認繳交的是正確的檔案。"
        )
    job.chapter = found if found is not None else opts.chapter
    if job.chapter is None:
        return invalid("看不出這份筆記本屬於哪一章：檔名請保留開頭的章節編號（例如 02_qt_mechanics.ipynb）。")
    job.specs, error = _load_specs(job.chapter)
    if error:
        return invalid(f"{_chapter_label(job.chapter)}的練習設定讀不到（{error}）。請回報給老師。")
    if not job.specs:
        return invalid(f"{_chapter_label(job.chapter)}沒有登錄任何練習，無法批改。")

    job.cells = []  # the code of each cell; None keeps a non-code cell's place so that cell numbers match
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            job.cells.append(None)
            continue
        source = _source(cell)
        job.cells.append(source)
        for var in _assigned_names(source):
            if var.startswith("answer_"):
                job.answer_cells.setdefault(var, []).append(len(job.cells) - 1)
    job.cell_count = len(job.cells)
    if opts.engine != "nbclient":
        return job
    import nbformat

    new_cells = [
        nbformat.v4.new_code_cell(src) if src is not None else nbformat.v4.new_markdown_cell("") for src in job.cells
    ]
    job.nonce = secrets.token_hex(16)
    extract = nbformat.v4.new_code_cell(extraction_source(job.nonce, _plan(job.specs)))
    extract.id = EXTRACT_ID
    new_cells.append(extract)
    job.nb = nbformat.v4.new_notebook(cells=new_cells)
    job.nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return job


# ------------------------------------------------------------------------------------------ executing
def _client_class():
    from contextlib import asynccontextmanager

    from nbclient import NotebookClient

    class GradingClient(NotebookClient):
        """nbclient with: the index of a cell that hit its time limit, bounded stored outputs, no widget state,
        and a kernel whose life the grader manages (no signal handlers, no atexit hooks)."""

        def __init__(self, nb, on_first_cell=None, **kw):
            super().__init__(nb, **kw)
            self.on_first_cell = on_first_cell
            self.current = None
            self.timed_out = set()
            self.used = {}
            self.dropped = {}
            self.extract_index = len(nb.cells) - 1

        async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
            if self.current is None and self.on_first_cell is not None:
                self.on_first_cell()
            self.current = cell_index
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)

        async def _async_handle_timeout(self, timeout, cell=None):
            if self.current is not None:
                self.timed_out.add(self.current)
            return await super()._async_handle_timeout(timeout, cell)

        @asynccontextmanager
        async def async_setup_kernel(self, **kwargs):
            if not self.km.has_kernel:
                await self.async_start_new_kernel(**kwargs)
            if self.kc is None:
                await self.async_start_new_kernel_client()
            yield

        def handle_comm_msg(self, outs, msg, cell_index):
            return None

        def output(self, outs, msg, display_id, cell_index):
            limit = EXTRACT_OUTPUT_CHARS if cell_index == self.extract_index else CELL_OUTPUT_CHARS
            used = self.used.get(cell_index, 0)
            kind, content = msg["msg_type"], msg.get("content", {})
            if kind == "stream":
                text = str(content.get("text", ""))
                keep = max(0, min(len(text), limit - used))
                if keep < len(text):
                    self.dropped[cell_index] = self.dropped.get(cell_index, 0) + len(text) - keep
                    if keep == 0:
                        return None
                    msg = {**msg, "content": {**content, "text": text[:keep]}}
                self.used[cell_index] = used + keep
            elif kind in ("display_data", "execute_result", "update_display_data"):
                size = sum(len(str(v)) for v in (content.get("data") or {}).values())
                if used + size > limit:
                    self.dropped[cell_index] = self.dropped.get(cell_index, 0) + size
                    return None
                self.used[cell_index] = used + size
            elif kind == "error":
                msg = {
                    **msg,
                    "content": {
                        "ename": str(content.get("ename", ""))[:200],
                        "evalue": str(content.get("evalue", ""))[:2000],
                        "traceback": [str(t)[:2000] for t in (content.get("traceback") or [])[-20:]],
                    },
                }
            return super().output(outs, msg, display_id, cell_index)

    return GradingClient


def _kill_group(pgid, process) -> None:
    if pgid and hasattr(os, "killpg"):
        with contextlib.suppress(OSError):
            os.killpg(pgid, signal.SIGKILL)
    if process is not None:
        with contextlib.suppress(OSError):
            process.kill()


def _kernel_env(workdir: str) -> dict:
    """Environment of a grading kernel: no progress file, a private IPython profile that preloads PRELOAD."""
    startup = pathlib.Path(workdir, ".ipython", "profile_default", "startup")
    startup.mkdir(parents=True)
    (startup / "00-qeqt-preload.py").write_text(
        "import importlib as _qeqt_importlib\n"
        f"for _qeqt_name in {PRELOAD!r}:\n"
        "    try:\n"
        "        _qeqt_importlib.import_module(_qeqt_name)\n"
        "    except Exception:\n"
        "        pass\n"
        "del _qeqt_importlib, _qeqt_name\n",
        encoding="utf-8",
    )
    env = dict(os.environ)
    env["QEQT_PROGRESS_FILE"] = "off"  # grading never touches anyone's progress file
    env["IPYTHONDIR"] = os.path.join(workdir, ".ipython")  # no startup scripts from the teacher's profile
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    env.pop("JPY_PARENT_PID", None)
    return env


async def execute(job: Job, opts: Options) -> Outcome:
    """Run a prepared submission in a fresh kernel, within the time limits; collect what the grader needs."""
    from jupyter_client.manager import AsyncKernelManager
    from nbclient.exceptions import DeadKernelError

    outcome = Outcome()
    workdir = tempfile.mkdtemp(prefix="qeqt-grade-")
    km = AsyncKernelManager(kernel_name="python3")
    extract_timeout = (
        opts.cell_timeout + 30 + sum(len(item.get("cases", [])) * item.get("seconds", 0) for item in _plan(job.specs))
    )
    client = _client_class()(
        job.nb,
        km=km,
        kernel_name="python3",
        timeout=int(max(1, round(opts.cell_timeout))),
        timeout_func=lambda cell: (
            int(extract_timeout) if cell.get("id") == EXTRACT_ID else int(max(1, round(opts.cell_timeout)))
        ),
        allow_errors=True,
        interrupt_on_timeout=True,
        record_timing=False,
        startup_timeout=120,
        resources={"metadata": {"path": workdir}},
        log=_NB_LOG,
        on_first_cell=lambda: arm(),
    )
    loop = asyncio.get_running_loop()
    proc = {"pgid": None, "process": None}
    timers = []

    def on_deadline():
        outcome.deadline = True
        provisioner = getattr(km, "provisioner", None)
        _kill_group(
            proc["pgid"] or getattr(provisioner, "pgid", None), proc["process"] or getattr(provisioner, "process", None)
        )

    def arm():  # the wall-clock limit counts from the first cell: the kernel's start-up is not the learner's
        timers.append(loop.call_later(opts.timeout, on_deadline))

    start = time.perf_counter()
    try:
        await asyncio.wait_for(
            client.async_execute(
                env=_kernel_env(workdir), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL
            ),
            opts.timeout + 300,
        )
    except DeadKernelError:
        outcome.died_at = client.current
    except (asyncio.TimeoutError, asyncio.CancelledError):
        outcome.deadline = True
    except Exception as exc:  # kernel failed to start, protocol error, ...: recorded, never raised
        outcome.crash = f"{type(exc).__name__}: {str(exc)[:300]}"
    finally:
        for timer in timers:
            timer.cancel()
        outcome.seconds = time.perf_counter() - start
        provisioner = getattr(km, "provisioner", None)
        proc["pgid"], proc["process"] = getattr(provisioner, "pgid", None), getattr(provisioner, "process", None)
        with contextlib.suppress(Exception):
            if client.kc is not None:
                client.kc.stop_channels()
        with contextlib.suppress(Exception):
            if km.has_kernel:
                await asyncio.wait_for(km.shutdown_kernel(now=True), 30)
        _kill_group(proc["pgid"], proc["process"])  # learner-started children in the kernel's process group too
        with contextlib.suppress(Exception):
            await km.cleanup_resources(restart=False)
        shutil.rmtree(workdir, ignore_errors=True)
    if outcome.deadline:
        outcome.died_at = None
    outcome.timed_out = set(client.timed_out)
    outcome.dropped = {i: n for i, n in client.dropped.items() if i != client.extract_index}
    for index, cell in enumerate(job.nb.cells[:-1]):
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if out.get("output_type") == "error":
                outcome.errors.setdefault(index, f"{out.get('ename', '')}: {out.get('evalue', '')}".strip(": "))
    text = "".join(
        str(o.get("text", ""))
        for o in job.nb.cells[-1].get("outputs", [])
        if o.get("output_type") == "stream" and o.get("name") == "stdout"
    )
    outcome.records, outcome.complete = parse_extraction(text, job.nonce)
    job.nb = None  # free the executed notebook
    return outcome


def _extract_timeout(job: Job, opts: Options) -> float:
    return (
        opts.cell_timeout + 30 + sum(len(item.get("cases", [])) * item.get("seconds", 0) for item in _plan(job.specs))
    )


def job_message(job: Job, opts: Options) -> dict:
    """What a sandboxed worker receives for one submission (helpers.teacher.wire): code and case inputs only."""
    return {
        "cells": job.cells,
        "plan": _plan(job.specs),
        "cell_timeout": opts.cell_timeout,
        "timeout": opts.timeout,
        "extract_timeout": _extract_timeout(job, opts),
        "memory": opts.memory,
        "processes": opts.processes,
        "output_cap": opts.output_cap,
    }


def outcome_from_wire(msg: dict) -> Outcome:
    """The Outcome of a worker's reply (helpers.teacher.wire); anything malformed becomes a crash."""
    outcome = Outcome()
    if not isinstance(msg, dict) or "crash" in msg:
        outcome.crash = str(msg.get("crash") if isinstance(msg, dict) else "no reply")[:300]
        return outcome
    try:
        outcome.records = {str(k): v for k, v in dict(msg.get("records") or {}).items() if isinstance(v, dict)}
        outcome.complete = bool(msg.get("complete"))
        outcome.errors = {int(k): str(v) for k, v in dict(msg.get("errors") or {}).items()}
        outcome.timed_out = {int(i) for i in msg.get("timed_out") or []}
        outcome.dropped = {int(k): int(v) for k, v in dict(msg.get("dropped") or {}).items()}
        outcome.died_at = None if msg.get("died_at") is None else int(msg["died_at"])
        outcome.deadline = bool(msg.get("deadline"))
        outcome.seconds = float(msg.get("seconds") or 0.0)
        outcome.breakdown = dict(msg.get("breakdown") or {})
    except (TypeError, ValueError):
        return Outcome(crash="malformed reply from the grading worker")
    if outcome.deadline:
        outcome.died_at = None
    return outcome


def parse_extraction(text: str, nonce: str) -> tuple[dict, bool]:
    """Records {exercise id: wire node} from the extraction cell's stdout, and whether the END marker came."""
    marker = f"@@QEQT-{nonce}@@ "
    records, complete = {}, False
    for line in text.splitlines():
        if not line.startswith(marker):
            continue
        payload = line[len(marker) :]
        if payload == "END":
            complete = True
            continue
        try:
            record = json.loads(payload)
            qid, node = str(record["id"]), record["value"]
        except (ValueError, KeyError, TypeError):
            continue
        if isinstance(node, dict):
            records.setdefault(qid, node)
    return records, complete


# ------------------------------------------------------------------------------------------- decoding
class WireError(ValueError):
    """A wire node that does not follow the format of helpers.grade_extract."""


class _Opaque:
    """Stands for a learner's object that has no wire form; its class name is the learner's type name."""

    def __repr__(self):
        return f"<{type(self).__name__}>"


def _opaque(type_name: str):
    name = type_name if isinstance(type_name, str) and type_name.isidentifier() else "object"
    return type(name, (_Opaque,), {})()


def _hashable(value):
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, (dict, set)):
        return repr(value)
    return value


def decode(node, depth=0):
    """The Python value of a wire node (see helpers.grade_extract.encode)."""
    if not isinstance(node, dict) or depth > 60:
        raise WireError("node")
    t = node.get("t")
    v = node.get("v")
    if t == "none":
        return None
    if t == "ellipsis":
        return Ellipsis
    if t == "bool":
        return bool(v)
    if t == "int":
        return int(v)
    if t == "float":
        return float(v)
    if t == "str":
        if not isinstance(v, str):
            raise WireError("str")
        return v
    if t in ("timestamp", "nat"):
        import pandas as pd

        return pd.NaT if t == "nat" else pd.Timestamp(v)
    if t == "datetime":
        return _dt.datetime.fromisoformat(v)
    if t == "date":
        return _dt.date.fromisoformat(v)
    if t in ("list", "tuple", "set", "array"):
        if not isinstance(v, list):
            raise WireError(t)
        items = [decode(x, depth + 1) for x in v]
        if t == "tuple":
            return tuple(items)
        if t == "set":
            try:
                return set(items)
            except TypeError:
                return items
        if t == "array":
            import numpy as np

            try:
                return np.array(items)
            except (ValueError, TypeError):
                return items
        return items
    if t == "dict":
        if not isinstance(v, list):
            raise WireError("dict")
        return {_hashable(decode(k, depth + 1)): decode(x, depth + 1) for k, x in v}
    if t == "series":
        import pandas as pd

        index = [_hashable(decode(i, depth + 1)) for i in node["index"]]
        values = [decode(x, depth + 1) for x in node["values"]]
        return pd.Series(
            values, index=index, name=_hashable(decode(node["name"], depth + 1)), dtype=None if values else object
        )
    if t == "frame":
        import pandas as pd

        columns = [_hashable(decode(c, depth + 1)) for c in node["columns"]]
        index = [_hashable(decode(i, depth + 1)) for i in node["index"]]
        data = [[decode(x, depth + 1) for x in row] for row in node["data"]]
        if not data:
            return pd.DataFrame(columns=columns)
        return pd.DataFrame(data, columns=columns, index=index)
    if t == "function":
        outputs = []
        for item in node.get("outputs", []):
            kind, value = item
            outputs.append(("ok", decode(value, depth + 1)) if kind == "ok" else ("error", str(value)))
        return marking.FunctionResults(outputs, stub=bool(node.get("stub")))
    if t == "opaque":
        return _opaque(node.get("type"))
    raise WireError(str(t))


# -------------------------------------------------------------------------------------------- grading
def _row(job, spec, status, message, points=0.0):
    return Row(job.name, spec["id"], status, points, float(spec.get("points", 1)), message)


def _pad_function(answer, spec):
    """Make a decoded function's outputs exactly as long as the spec's cases (a missing output is an error)."""
    if isinstance(answer, marking.FunctionResults) and spec.get("kind") == "function" and not answer.stub:
        n = len(spec["cases"])
        outputs = list(answer.outputs[:n])
        outputs += [("error", "沒有執行到這個輸入")] * (n - len(outputs))
        return marking.FunctionResults(outputs, stub=False)
    return answer


def grade_exercise(job: Job, spec: dict, outcome: Outcome, opts: Options) -> Row:
    """The gradebook row of one exercise of one executed submission."""
    qid = spec["id"]
    var = exercises.variable(qid)
    cells = job.answer_cells.get(var, [])
    timed = [i for i in cells if i in outcome.timed_out]
    if timed:
        return _row(
            job,
            spec,
            "timeout",
            f"⏱️ {qid} 作答格（第 {timed[0] + 1} 格）執行超過 {opts.cell_timeout:g} 秒，"
            "已被中斷（無窮迴圈？）。其他題目照常批改。",
        )
    node = outcome.records.get(qid)
    if node is None:
        extract = job.cell_count
        if outcome.deadline:
            return _row(
                job, spec, "timeout", f"⏱️ {qid} 整份筆記本執行超過 {opts.timeout:g} 秒，已停止執行，讀不到答案。"
            )
        earlier = sorted(i for i in outcome.timed_out if outcome.died_at is not None and i <= outcome.died_at)
        if earlier:
            return _row(
                job,
                spec,
                "timeout",
                f"⏱️ {qid} 第 {earlier[0] + 1} 格執行超過 {opts.cell_timeout:g} 秒被中斷，"
                f"之後 Python 核心在第 {outcome.died_at + 1} 格中止，讀不到答案。",
            )
        if outcome.died_at is not None and outcome.died_at >= extract:
            return _row(
                job, spec, "error", f"⚠️ {qid} 讀取答案時 Python 核心中止（你的函式可能呼叫了 os._exit() 或 exit()）。"
            )
        if outcome.died_at is not None:
            return _row(
                job,
                spec,
                "error",
                f"⚠️ {qid} 執行到第 {outcome.died_at + 1} 格時 Python 核心中止（例如呼叫了 os._exit()、exit()，"
                "或用光記憶體），所以讀不到答案。請移除那一格的程式後重新繳交。",
            )
        if outcome.crash:
            return _row(job, spec, "error", f"⚠️ {qid} 無法執行這份筆記本（{outcome.crash}）。請回報給老師。")
        if extract in outcome.timed_out:
            return _row(job, spec, "timeout", f"⏱️ {qid} 讀取答案時超過時間限制。")
        return _row(job, spec, "error", f"⚠️ {qid} 讀不到答案：評分程式沒有收到結果（輸出被改寫了嗎？）。")
    errors = [(i, outcome.errors[i]) for i in cells if i in outcome.errors]
    kind = node.get("t")
    if kind == "missing":
        if errors:
            i, text = errors[0]
            return _row(job, spec, "error", f"⚠️ {qid} 作答格（第 {i + 1} 格）執行時出錯：{text}，所以沒有 `{var}`。")
        if not cells:
            return _row(
                job, spec, "not_attempted", f"⬜ {qid} 尚未作答：筆記本裡找不到 `{var}`（作答格可能被刪除了）。"
            )
        return _row(job, spec, "not_attempted", f"⬜ {qid} 尚未作答：整份筆記本執行完後沒有 `{var}` 這個變數。")
    if kind == "error":
        return _row(job, spec, "invalid", f"⚠️ {qid} 答案無法讀取：{node.get('msg', '')}")
    try:
        answer = _pad_function(decode(node), spec)
    except Exception:
        return _row(job, spec, "invalid", f"⚠️ {qid} 答案無法讀取（格式不明）。")
    result = marking.judge(spec, answer)  # the spec in hand: no second look-up
    message = result.message
    if errors:
        message += f"（注意：作答格第 {errors[0][0] + 1} 格執行時出錯：{errors[0][1]}）"
    return Row(job.name, qid, result.status, float(result.points), float(result.max_points), message)


def grade_job(job: Job, outcome: Outcome | None, opts: Options) -> list[Row]:
    if job.problem is not None:
        if not job.specs:
            return [Row(job.name, "", job.problem_status, 0.0, 0.0, f"⚠️ {job.problem}")]
        return [_row(job, spec, job.problem_status, f"⚠️ {job.problem}") for spec in job.specs]
    return [grade_exercise(job, spec, outcome, opts) for spec in job.specs]


def feedback_markdown(job: Job, rows: list[Row], outcome: Outcome | None) -> str:
    """A learner's zh-TW feedback on one submission (Markdown)."""
    got, total = sum(r.points for r in rows), sum(r.max_points for r in rows)
    lines = [
        f"# 批改回饋：{job.name}",
        "",
        f"- 章節：{_chapter_label(job.chapter)}",
        f"- 得分：{got:g} / {total:g}",
        "- 批改方式：在全新的 Python 核心裡從頭執行你的筆記本，再檢查每題的答案變數（例如 `answer_2_3`）。"
        "印出來的文字或先前存下的輸出不算分。",
        "",
    ]
    if job.problem is not None:
        lines += ["## 無法批改", "", job.problem, ""]
    lines += ["| 題號 | 結果 | 得分 | 說明 |", "|---|---|---|---|"]
    for r in rows:
        msg = r.message.replace("|", "\\|").replace("\n", " ")
        lines.append(
            f"| {r.exercise or '–'} | {STATUS_LABELS.get(r.status, r.status)} | {r.points:g} / {r.max_points:g} | {msg} |"
        )
    lines.append("")
    todo = [r for r in rows if r.exercise and r.status in ("failed", "not_attempted", "invalid")]
    specs = {spec["id"]: spec for spec in job.specs}
    if todo and job.problem is None:
        lines += ["## 提示", ""]
        for r in todo:
            hints = specs.get(r.exercise, {}).get("hints", [])
            if hints:
                lines.append(f"- 練習 {r.exercise}：{hints[0]}")
        lines.append("")
    if outcome is not None:
        notes = [
            f"- 第 {i + 1} 格執行時出錯：{text}"
            for i, text in sorted(outcome.errors.items())
            if i not in outcome.timed_out
        ]
        notes += [
            f"- 第 {i + 1} 格執行超過時間限制，已被中斷。" for i in sorted(outcome.timed_out) if i < job.cell_count
        ]
        notes += [
            f"- 第 {i + 1} 格的輸出太長，批改時只保留開頭（略去約 {n:,} 個字元）。"
            for i, n in sorted(outcome.dropped.items())
        ]
        if outcome.died_at is not None:
            notes.append(f"- 執行到第 {outcome.died_at + 1} 格時 Python 核心中止。")
        if outcome.deadline:
            notes.append("- 整份筆記本超過總時間限制，已停止執行。")
        if notes:
            lines += ["## 執行紀錄", ""] + notes + [""]
    lines += ['需要更多提示時，在筆記本裡執行 `hint("題號", 2)`。', ""]
    return "\n".join(lines)


# -------------------------------------------------------------------------------------------- writing
_SURROGATES = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text) -> str:
    """Any text made safe to write: lone surrogates → U+FFFD, control characters → visible escapes."""
    text = _SURROGATES.sub("\ufffd", str(text))
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def csv_cell(text) -> str:
    """A text cell a spreadsheet will not run as a formula: cells beginning with = + - @ (or tab, CR) get a
    leading apostrophe (OWASP's CSV-injection advice)."""
    text = clean_text(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _write_atomic(path: pathlib.Path, write, encoding="utf-8", newline=None) -> None:
    atomic_write(path, write, encoding=encoding, newline=newline)


def write_gradebook(rows: list[Row], out: pathlib.Path) -> None:
    """Write the gradebook CSV atomically (temporary file in the same folder, then os.replace)."""

    def write(fh):
        writer = csv.writer(fh)
        writer.writerow(FIELDS)
        for r in rows:
            writer.writerow(
                [
                    csv_cell(r.submission),
                    csv_cell(r.exercise),
                    r.status,
                    f"{r.points:g}",
                    f"{r.max_points:g}",
                    csv_cell(r.message),
                ]
            )

    _write_atomic(out, write, encoding="utf-8-sig", newline="")


SUMMARY_FIELDS = [
    "student_id",
    "student_name",
    "submission",
    "chapter",
    "points",
    "max_points",
    "passed",
    "failed",
    "not_attempted",
    "error",
    "timeout",
    "invalid",
    "identity",
    "sha256",
]


def summary_path(out: pathlib.Path) -> pathlib.Path:
    return out.with_name(out.stem + "_students" + (out.suffix or ".csv"))


def write_summary(entries: list[dict], out: pathlib.Path) -> None:
    """One row per submission (學號, 姓名, points, status counts, identity problems) beside the gradebook."""

    def write(fh):
        writer = csv.writer(fh)
        writer.writerow(SUMMARY_FIELDS)
        for e in entries:
            rows = [Row(**r) for r in e["rows"]]
            counts = {s: sum(r.status == s for r in rows if r.exercise) for s in marking.STATUSES}
            writer.writerow(
                [
                    csv_cell(e.get("student_id", "")),
                    csv_cell(e.get("student_name", "")),
                    csv_cell(e["name"]),
                    e.get("chapter") if e.get("chapter") is not None else "",
                    f"{sum(r.points for r in rows):g}",
                    f"{sum(r.max_points for r in rows):g}",
                    *[counts.get(s, 0) for s in SUMMARY_FIELDS[6:12]],
                    csv_cell(e.get("identity_flag", "")),
                    e.get("sha256", ""),
                ]
            )

    _write_atomic(out, write, encoding="utf-8-sig", newline="")


def feedback_name(name: str, identity: tuple[str, str] | None = None) -> str:
    """The feedback file's name: ``學號_姓名_章節.md`` when the notebook says who wrote it, else from its path."""
    stem = name[:-6] if name.endswith(".ipynb") else name
    if identity and identity[0]:
        base = pathlib.PurePosixPath(stem.replace("\\", "/")).name
        stem = "_".join(p for p in (identity[0], identity[1], base) if p)
    stem = clean_text(stem).replace("\ufffd", "_")
    return (re.sub(r"[^\w.\-]+", "_", stem.replace("/", "__").replace("\\", "__")).lstrip(".") or "_")[:150] + ".md"


# ------------------------------------------------------------------------------------------ the batch
SKIP_DIRS = {".ipynb_checkpoints", "__pycache__", "__MACOSX"}


def find_submissions(paths) -> list[pathlib.Path]:
    """Every file given or found under the folders given (Jupyter checkpoint and macOS zip folders excepted).

    Nothing is skipped silently: a file that is not a ``.ipynb`` notebook (``.IPYNB``, ``.ipynb.txt``, a
    symlink, a stray ``.DS_Store``) is kept and graded as invalid with the reason (``file_problem``)."""
    found = []
    for p in map(pathlib.Path, paths):
        if p.is_dir() and not p.is_symlink():
            for dirpath, dirnames, filenames in os.walk(p):
                dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
                found += [pathlib.Path(dirpath) / f for f in sorted(filenames)]
                found += [pathlib.Path(dirpath) / d for d in list(dirnames) if os.path.islink(os.path.join(dirpath, d))]
                dirnames[:] = [d for d in dirnames if not os.path.islink(os.path.join(dirpath, d))]
        elif os.path.lexists(p):
            found.append(p)
    return list(dict.fromkeys(pathlib.Path(os.path.abspath(q)) for q in found))


def file_problem(path: pathlib.Path) -> str | None:
    """Why a found file is not gradable as a notebook (zh-TW), or None."""
    if path.is_symlink():
        return "這是一個捷徑（符號連結），不是筆記本本身：批改程式不跟隨連結。請繳交 .ipynb 檔案本身。"
    if not path.is_file():
        return "這不是一般檔案。請繳交 .ipynb 檔。"
    name = path.name
    if name.endswith(".ipynb"):
        return None
    if name.lower().endswith(".ipynb"):
        return f"副檔名是「{clean_text(path.suffix)}」：請改成小寫的 .ipynb 再繳交（批改程式只收 .ipynb）。"
    return f"檔名「{clean_text(name)[:80]}」不是 .ipynb 筆記本（例如 .ipynb.txt、.py、.pdf）。請繳交 .ipynb 檔。"


def _readable_name(rel: str) -> str:
    """A path as text whatever its bytes were (UTF-8, CP950 from a zip made on zh-TW Windows, or neither)."""
    raw = os.fsencode(rel)
    for enc in ("utf-8", "cp950"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")


def display_names(paths: list[pathlib.Path]) -> dict:
    """Names relative to the submissions' common folder (``alice/02_qt_mechanics.ipynb``)."""
    if not paths:
        return {}
    base = pathlib.Path(os.path.commonpath([str(p.parent) for p in paths]))
    return {p: _readable_name(p.relative_to(base).as_posix()) for p in paths}


class SetupError(RuntimeError):
    """The batch cannot start (English, for the teacher): nothing has been graded yet."""


def _check_writable_dir(folder: pathlib.Path, what: str) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".qeqt-probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise SetupError(f"{what} {folder} is not writable ({exc.strerror or exc}); nothing was graded") from None


def validate_outputs(out: pathlib.Path, feedback: pathlib.Path) -> None:
    """Fail before grading, not after: --out must be a writable file path, the feedback folder writable."""
    if out.is_dir():
        raise SetupError(f"--out {out} is a folder; give a file name such as gradebook.csv")
    if out.exists() and not os.access(out, os.W_OK):
        raise SetupError(f"--out {out} exists and is not writable; nothing was graded")
    _check_writable_dir(out.parent if str(out.parent) else pathlib.Path("."), "the folder of --out")
    if feedback.exists() and not feedback.is_dir():
        raise SetupError(f"--feedback {feedback} is a file, not a folder")
    _check_writable_dir(feedback, "the feedback folder")


def journal_path(out: pathlib.Path) -> pathlib.Path:
    return out.with_name(out.name + ".journal")


def read_journal(path: pathlib.Path) -> dict:
    """{key: entry} of a journal; a torn last line (crash mid-write) is ignored."""
    entries = {}
    try:
        with open(path, "rb") as fh:
            for line in fh:
                try:
                    entry = json.loads(line.decode("utf-8"))
                    entries[entry["key"]] = entry
                except (ValueError, KeyError, TypeError, UnicodeDecodeError):
                    continue
    except FileNotFoundError:
        pass
    return entries


class Journal:
    """Append-only, flushed and fsynced record of each finished submission: a crash, Ctrl-C, ``kill`` or a full
    disk loses at most the submissions in flight, and a rerun skips what is recorded (same bytes, same options)."""

    def __init__(self, path: pathlib.Path, resume: bool):
        self.path = path
        self.entries = read_journal(path) if resume else {}
        if not resume and path.exists():
            path.unlink()
        self.fh = open(path, "ab")
        if self.fh.tell():  # a torn last line (killed mid-write) must not swallow the next entry
            with open(path, "rb") as tail:
                tail.seek(-1, os.SEEK_END)
                if tail.read(1) != b"\n":
                    self.fh.write(b"\n")

    def add(self, entry: dict) -> None:
        self.fh.write(json.dumps(entry, ensure_ascii=True).encode("ascii") + b"\n")
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.entries[entry["key"]] = entry

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.fh.close()


def _key(data_hash: str, name: str, opts: Options) -> str:
    return f"{data_hash}:{opts.chapter}:{name}"


def _hash_file(path: pathlib.Path) -> str:
    import hashlib

    h = hashlib.sha256()
    try:
        if path.is_symlink() or not path.is_file():
            h.update(b"not-a-file:" + os.fsencode(str(path)))
        else:
            with open(path, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    h.update(block)
    except OSError:
        h.update(b"unreadable:" + os.fsencode(str(path)))
    return h.hexdigest()


def _identity_of(job: Job) -> tuple[str, str]:
    return identity.read(job.cells) if job.cells else ("", "")


def identity_flags(entries: list[dict]) -> None:
    """Set each entry's ``identity_flag``: missing or malformed, the same 學號 on two submissions of one chapter,
    the same 學號 under two names, or a 學號 that differs from the one in the submission's path."""
    by_id = {}
    for e in entries:
        sid, name = e.get("student_id", ""), e.get("student_name", "")
        flags = list(identity.problems(sid, name)) if e.get("chapter") is not None or sid else []
        in_path = set(re.findall(r"(?<![A-Za-z0-9])([A-Za-z]{0,2}\d{6,10})(?![A-Za-z0-9])", e["name"]))
        in_path = {p for p in in_path if identity.ID_PATTERN.match(p)}
        if sid and in_path and sid.upper() not in {p.upper() for p in in_path}:
            flags.append(f"路徑中的學號（{'、'.join(sorted(in_path))}）與筆記本填的學號不同")
        e["_flags"] = flags
        if sid:
            by_id.setdefault(sid.upper(), []).append(e)
    for group in by_id.values():
        names = {g.get("student_name", "") for g in group}
        if len(names) > 1:
            for g in group:
                g["_flags"].append("同一個學號出現不同姓名：" + "、".join(sorted(n or "（空白）" for n in names)))
        chapters = [g.get("chapter") for g in group]
        for g in group:
            if chapters.count(g.get("chapter")) > 1:
                others = [o["name"] for o in group if o is not g and o.get("chapter") == g.get("chapter")]
                g["_flags"].append("同一學號同一章有多份繳交：" + "、".join(others))
    for e in entries:
        e["identity_flag"] = "；".join(e.pop("_flags")) or "ok"


def _grade_one(path: pathlib.Path, name: str, opts: Options, worker) -> tuple[Job, list[Row], Outcome | None]:
    """One submission, start to finish (never raises): prepared, run in a worker, judged here."""
    job, outcome = Job(path=path, name=name, chapter=opts.chapter), None
    started = time.perf_counter()
    try:
        problem = file_problem(path)
        if problem is not None:
            job = Job(
                path=path, name=name, chapter=opts.chapter if opts.chapter is not None else chapter_number(path.name)
            )
            job.problem = problem
            if job.chapter is not None:
                job.specs, _ = _load_specs(job.chapter)
        else:
            job = prepare(path, name, opts)
        if job.problem is None:
            sent = time.perf_counter()
            outcome = outcome_from_wire(worker.run(job_message(job, opts)))
            outcome.breakdown["round_trip"] = time.perf_counter() - sent
            outcome.breakdown["prepare"] = sent - started
        rows = grade_job(job, outcome, opts)
        if outcome is not None:
            outcome.breakdown["judge"] = (
                time.perf_counter()
                - started
                - outcome.breakdown.get("round_trip", 0.0)
                - outcome.breakdown.get("prepare", 0.0)
            )
    except Exception as exc:  # a bug here must cost one submission, never the batch
        job.problem_status = "error"
        job.problem = f"批改程式出錯（{type(exc).__name__}: {clean_text(exc)[:200]}），這份沒有批改。請回報給老師。"
        if job.chapter is not None and not job.specs:
            job.specs, _ = _load_specs(job.chapter)
        outcome, rows = None, grade_job(job, None, opts)
    return job, rows, outcome


async def _grade_all_nbclient(paths, names, opts: Options, jobs: int, on_done, bar):
    """The reference engine (one nbclient kernel per submission, no sandbox): kept for `make bench` only."""
    sem = asyncio.Semaphore(max(1, jobs))

    async def one(path):
        async with sem:
            job, outcome = Job(path=path, name=names[path], chapter=opts.chapter), None
            try:
                job = await asyncio.to_thread(prepare, path, names[path], opts)
                if job.problem is None:
                    outcome = await execute(job, opts)
                rows = grade_job(job, outcome, opts)
            except Exception as exc:
                job.problem_status = "error"
                job.problem = f"批改程式出錯（{type(exc).__name__}: {str(exc)[:200]}），這份沒有批改。請回報給老師。"
                outcome, rows = None, grade_job(job, None, opts)
            on_done(job, rows, outcome)
            if bar is not None:
                bar.update(1)

    await asyncio.gather(*(one(p) for p in paths))


def _run(coro):
    """asyncio.run, also from a notebook or any code that already runs an event loop (then in a thread)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


class DaskWorker:
    """Stands for a sandboxed worker but sends each job to a dask.distributed cluster (``--executor dask://...``):
    every machine runs ``helpers.teacher.sandbox.run_remote`` (the same fork server and sandbox); only code and
    case inputs travel, the outcome comes back and is judged here."""

    def __init__(self, client, sandbox: bool):
        self.client, self.sandbox = client, sandbox

    def run(self, job: dict) -> dict:
        from helpers.teacher import sandbox

        future = self.client.submit(sandbox.run_remote, job, self.sandbox, pure=False)
        try:
            return future.result(timeout=float(job.get("timeout", 600)) + 400)
        except Exception as exc:  # a lost machine costs this submission, not the batch
            return {"crash": f"dask: {type(exc).__name__}: {str(exc)[:200]}"}

    def stop(self) -> None:
        pass


def _dask_workers(address: str, n: int, opts: Options):
    try:
        from distributed import Client
    except ImportError:
        raise SetupError("--executor dask:// needs dask.distributed (pip install 'dask[distributed]')") from None
    try:
        client = Client(address.replace("dask://", "tcp://", 1), timeout=30)
    except Exception as exc:
        raise SetupError(f"cannot reach the dask scheduler at {address}: {exc}") from None
    slots = sum(client.nthreads().values()) or 1
    workers = [DaskWorker(client, opts.engine == "sandbox") for _ in range(max(n, slots))]
    workers[0].stop = client.close
    return workers


def _make_workers(n: int, opts: Options, meanwhile=lambda: None):
    """Start ``n`` workers in parallel (their imports overlap, and ``meanwhile()`` runs here while they import);
    the sandbox is refused, never silently dropped."""
    import concurrent.futures

    from helpers.teacher import sandbox

    if opts.executor:
        meanwhile()
        return _dask_workers(opts.executor, n, opts)
    if opts.engine == "sandbox" and not sandbox.bwrap_path():
        raise SetupError(
            "bubblewrap (bwrap) is not installed: submissions would run with your rights. Install it "
            "(Debian/Ubuntu: apt-get install bubblewrap) or, for trusted work only, pass "
            "--unsafe-no-sandbox"
        )
    workers = [sandbox.Worker(sandbox=opts.engine == "sandbox") for _ in range(max(1, n))]
    errors = []
    for w in workers:  # spawned here, in the thread that outlives them (bwrap --die-with-parent)
        try:
            w.spawn()
        except Exception as exc:
            errors.append(exc)
    try:
        meanwhile()
    except BaseException:
        for w in workers:
            w.stop()
        raise
    if not errors:
        with concurrent.futures.ThreadPoolExecutor(len(workers)) as pool:
            futures = [pool.submit(w.wait_ready) for w in workers]
            errors = [f.exception() for f in futures]
    if any(errors):
        for w in workers:
            w.stop()
        raise SetupError(f"could not start a grading sandbox: {next(e for e in errors if e)}")
    return workers


def grade(
    paths,
    out="gradebook.csv",
    *,
    chapter=None,
    jobs=None,
    cell_timeout=60.0,
    timeout=600.0,
    feedback=None,
    progress=True,
    engine="sandbox",
    resume=True,
    memory=2 << 30,
    stats: dict | None = None,
    executor: str | None = None,
) -> list[Row]:
    """Grade submissions (files or folders) into ``out``, ``<out>_students.csv`` and one feedback file each; return
    the rows. Finished submissions are journalled in ``<out>.journal``; a rerun skips them (``resume=False``
    starts over). ``engine``: "sandbox" (bubblewrap), "unsafe" (no sandbox; rlimits and scratch HOME only) or
    "nbclient" (the old one-kernel-per-submission path, no sandbox; for benchmarks)."""
    files = find_submissions(paths)
    out = pathlib.Path(out)
    feedback = pathlib.Path(feedback) if feedback else out.parent / "feedback"
    validate_outputs(out, feedback)
    opts = Options(
        chapter=chapter,
        cell_timeout=float(cell_timeout),
        timeout=float(timeout),
        engine=engine,
        memory=int(memory),
        executor=executor,
    )
    if executor and not str(executor).startswith(("dask://", "tcp://")):
        raise SetupError(f"--executor {executor}: only dask://HOST:PORT is supported")

    def load_specs():
        for n in exercises.CHAPTERS:  # import spec modules once, in the main thread
            _load_specs(n)

    names = display_names(files)
    journal = Journal(journal_path(out), resume)
    used = {e["feedback"] for e in journal.entries.values() if e.get("feedback")}
    hashes = {}
    todo = []
    for path in files:
        hashes[path] = _hash_file(path)
        if _key(hashes[path], names[path], opts) not in journal.entries:
            todo.append(path)
    bar = None
    if progress and todo:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(todo), desc="批改", unit="份", file=sys.stderr, dynamic_ncols=True)

    def on_done(job, rows, outcome):
        ident = _identity_of(job)
        fname = feedback_name(job.name, ident)
        while fname in used:
            fname = fname[:-3] + "_.md"
        used.add(fname)
        text = clean_text(feedback_markdown(job, rows, outcome))
        try:
            _write_atomic(feedback / fname, lambda fh: fh.write(text))
        except OSError:
            fname = ""
        if stats is not None and outcome is not None:
            stats.setdefault("submissions", []).append({"seconds": outcome.seconds, **outcome.breakdown})
        journal.add(
            {
                "key": _key(hashes[job.path], job.name, opts),
                "sha256": hashes[job.path],
                "name": job.name,
                "chapter": job.chapter,
                "student_id": clean_text(ident[0]),
                "student_name": clean_text(ident[1]),
                "feedback": fname,
                "rows": [dataclasses.asdict(r) for r in rows],
            }
        )
        if bar is not None:
            bar.update(1)

    previous = {signal.SIGTERM: signal.getsignal(signal.SIGTERM)} if hasattr(signal, "SIGTERM") else {}

    def on_term(signum, frame):
        raise KeyboardInterrupt()

    workers = []
    try:
        if threading_main():
            signal.signal(signal.SIGTERM, on_term)
        if todo and engine == "nbclient":
            load_specs()
            import nbformat

            nbformat.v4.new_code_cell("")  # nbformat and its schema validator loaded once, before the threads
            _run(_grade_all_nbclient(todo, names, opts, jobs or os.cpu_count() or 1, on_done, bar))
        elif todo:
            started = time.perf_counter()
            workers = _make_workers(min(len(todo), jobs or os.cpu_count() or 1), opts, meanwhile=load_specs)
            if stats is not None:
                stats["startup"] = time.perf_counter() - started
                stats["ready"] = [w.ready for w in workers if hasattr(w, "ready")]
                stats["steady_start"] = time.perf_counter()
            _run_pool(todo, names, opts, workers, on_done)
            if stats is not None:
                stats["steady"] = time.perf_counter() - stats.pop("steady_start")
    finally:
        for w in workers:
            w.stop()
        if bar is not None:
            bar.close()
        if threading_main():
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        journal.close()
        # whatever happened (Ctrl-C, kill, a crash), the gradebook holds every journalled submission: read back from
        # the file, which is the record (an interrupt between an entry's fsync and the in-memory update was seen)
        keys = {_key(hashes[p], names[p], opts) for p in files}
        recorded = {**journal.entries, **read_journal(journal.path)}
        entries = sorted((e for k, e in recorded.items() if k in keys), key=lambda e: e["name"])
        identity_flags(entries)
        rows = [Row(**r) for e in entries for r in e["rows"]]
        rows.sort(key=lambda r: r.submission)  # stable: exercises keep their registry order within a submission
        write_gradebook(rows, out)
        write_summary(entries, summary_path(out))
    return rows


def threading_main() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _run_pool(todo, names, opts: Options, workers, on_done) -> None:
    """Each worker thread takes the next submission; on_done runs in this thread, one at a time."""
    import concurrent.futures
    import queue

    pending = queue.SimpleQueue()
    for path in todo:
        pending.put(path)
    done = queue.SimpleQueue()

    def serve(worker):
        while True:
            try:
                path = pending.get_nowait()
            except queue.Empty:
                return
            done.put(_grade_one(path, names[path], opts, worker))

    with concurrent.futures.ThreadPoolExecutor(len(workers)) as pool:
        futures = [pool.submit(serve, w) for w in workers]
        remaining = len(todo)
        try:
            while remaining:
                try:
                    item = done.get(timeout=0.2)
                except queue.Empty:
                    if all(f.done() for f in futures) and done.empty():
                        break
                    continue
                on_done(*item)
                remaining -= 1
        except BaseException:
            while True:  # stop handing out work; the workers are stopped by the caller
                try:
                    pending.get_nowait()
                except queue.Empty:
                    break
            for w in workers:
                w.stop()
            raise


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        self.exit(2, f"grade: error: {message} (see --help)\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="python -m helpers.grade",
        description="Grade exercise notebooks: run each in its own bubblewrap sandbox (no network, read-only "
        "course, no answers), check the learner's answer_N_k variables against the full answers here, "
        "write a gradebook CSV (one row per submission x exercise), a per-student summary CSV and a "
        "zh-TW feedback file per submission.",
        epilog="Statuses: passed, failed, not_attempted, error, timeout, invalid. The CSVs are UTF-8 with a BOM "
        "(Excel shows the Chinese messages). Finished submissions are journalled in <out>.journal: after "
        "Ctrl-C, kill or a crash, run the same command again to resume. Exit code 0 when the batch ran, "
        "even if learners failed; 2 when it could not start; 130 when interrupted.",
    )
    p.add_argument(
        "submissions",
        nargs="+",
        metavar="SUBMISSIONS",
        help=".ipynb files, or folders (every file in them is recorded; non-notebooks as invalid)",
    )
    p.add_argument("--out", default="gradebook.csv", help="gradebook CSV to write (default: gradebook.csv)")
    p.add_argument(
        "--chapter",
        metavar="STEM",
        help="grade every submission as this chapter (e.g. 02_qt_mechanics or 2); a notebook of "
        "another chapter is recorded as invalid. Default: from each notebook's metadata "
        "(qeqt.chapter) or its file name prefix NN_",
    )
    p.add_argument(
        "--jobs", type=int, default=None, metavar="N", help="sandboxed workers in parallel (default: number of CPUs)"
    )
    p.add_argument(
        "--cell-timeout",
        type=float,
        default=60.0,
        metavar="S",
        help="seconds a cell may run before it is interrupted (default: 60)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=600.0,
        metavar="S",
        help="seconds a whole submission may run before it is killed (default: 600)",
    )
    p.add_argument(
        "--memory", type=float, default=2.0, metavar="GIB", help="memory a submission may allocate, in GiB (default: 2)"
    )
    p.add_argument("--feedback", metavar="DIR", help="folder for the feedback files (default: feedback/ next to --out)")
    p.add_argument("--fresh", action="store_true", help="ignore the journal of an earlier run and grade everything")
    p.add_argument(
        "--unsafe-no-sandbox",
        action="store_true",
        help="run without bubblewrap (trusted work only: submissions get your file and network access; "
        "rlimits and a scratch HOME still apply)",
    )
    p.add_argument(
        "--executor",
        metavar="dask://HOST:PORT",
        help="run the sandboxed workers on a dask.distributed cluster (each machine needs this course "
        "checkout at the same path, its .venv and bwrap); verdicts are still computed here",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar and no summary line")
    return p


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    missing = [s for s in args.submissions if not os.path.lexists(s)]
    if missing:
        print(f"grade: error: no such file or folder: {missing[0]}", file=sys.stderr)
        return 2
    chapter = None
    if args.chapter is not None:
        chapter = chapter_number(args.chapter)
        if chapter is None or chapter not in exercises.CHAPTERS:
            known = ", ".join(stem for stem, _ in exercises.CHAPTERS.values())
            print(f"grade: error: unknown chapter {args.chapter!r} (one of: {known})", file=sys.stderr)
            return 2
    for name, value in (
        ("--jobs", args.jobs),
        ("--cell-timeout", args.cell_timeout),
        ("--timeout", args.timeout),
        ("--memory", args.memory),
    ):
        if value is not None and value <= 0:
            print(f"grade: error: {name} must be positive", file=sys.stderr)
            return 2
    files = find_submissions(args.submissions)
    if not files:
        print(f"grade: error: no files found in {' '.join(args.submissions)}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    try:
        rows = grade(
            files,
            args.out,
            chapter=chapter,
            jobs=args.jobs,
            cell_timeout=args.cell_timeout,
            timeout=args.timeout,
            feedback=args.feedback,
            progress=not args.quiet,
            engine="unsafe" if args.unsafe_no_sandbox else "sandbox",
            resume=not args.fresh,
            memory=int(args.memory * (1 << 30)),
            executor=args.executor,
        )
    except SetupError as exc:
        print(f"grade: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            f"grade: interrupted; {args.out} holds every submission finished so far. Run the same command "
            "again to grade the rest.",
            file=sys.stderr,
        )
        return 130
    if not args.quiet:
        counts = {s: sum(r.status == s for r in rows) for s in marking.STATUSES}
        summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
        feedback = args.feedback or pathlib.Path(args.out).parent / "feedback"
        print(
            f"graded {len(files)} submissions in {time.perf_counter() - start:.1f} s: {summary}; "
            f"wrote {args.out}, {summary_path(pathlib.Path(args.out))} and feedback in {feedback}/"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
