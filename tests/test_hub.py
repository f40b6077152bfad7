"""The classroom, end to end on loopback: JupyterHub (PyPI) + configurable-http-proxy (npm) + a local spawner,
two student accounts, an nbgitpuller link that pulls the course into each home, a student who answers an exercise
in Chromium, then `make collect` and `make grade` as the teacher runs them (docs/teacher-guide.md).

Skips, with the reason, where a piece is missing (jupyterhub or nbgitpuller not installed, configurable-http-proxy
not on PATH nor in .venv/node, no /usr/bin/chromium). `.ci/run` installs them.
"""

import csv
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from helpers import launch
from tools.browser import CHROMIUM
from tools.browser import CHROMIUM_FLAGS as FLAGS

ROOT = pathlib.Path(__file__).resolve().parents[1]
BIN = pathlib.Path(sys.executable).parent
PASSWORD = "classroom-test-only"
STUDENTS = ["student1", "student2"]
CHAPTER = "00_guide"
ANSWER = 'answer_0_2 = "上升"'

pytestmark = [pytest.mark.slow, pytest.mark.hub]


def _proxy():
    found = shutil.which("configurable-http-proxy")
    local = ROOT / ".venv" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
    return found or (str(local) if local.exists() else None)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _course_repo(dest: pathlib.Path) -> pathlib.Path:
    """A git repository with the course as committed (plus files not yet committed), as the teacher publishes it."""
    files = (
        subprocess.run(
            ["git", "ls-files", "-z", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, check=True
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, files):
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    git = ["git", "-c", "user.name=teacher", "-c", "user.email=teacher@example.org"]
    subprocess.run(git + ["init", "-q", "-b", "main"], cwd=dest, check=True)
    subprocess.run(git + ["add", "-A"], cwd=dest, check=True)
    subprocess.run(git + ["commit", "-q", "-m", "course"], cwd=dest, check=True)
    return dest


def _wait_http(url, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=3) as r:
                if r.status < 500:
                    return True
        except OSError:
            time.sleep(0.5)
    return False


@pytest.fixture
def hub(tmp_path):
    missing = [
        name
        for name, ok in [
            ("jupyterhub (pip: the classroom extra)", (BIN / "jupyterhub").exists()),
            (
                "nbgitpuller (pip: the classroom extra)",
                (BIN / "jupyterhub-singleuser").exists()
                and subprocess.run([sys.executable, "-c", "import nbgitpuller"]).returncode == 0,
            ),
            ("configurable-http-proxy (npm)", _proxy() is not None),
            (f"{CHROMIUM} (Debian's chromium)", os.path.exists(CHROMIUM)),
        ]
        if not ok
    ]
    if missing:
        pytest.skip("the classroom needs: " + ", ".join(missing) + " (.ci/run installs them)")
    homes = tmp_path / "homes"
    homes.mkdir()
    repo = _course_repo(tmp_path / "publish" / launch.repo_name())
    port, hub_port, api_port = _free_port(), _free_port(), _free_port()
    config = tmp_path / "jupyterhub_config.py"
    config.write_text(
        "\n".join(
            [
                "c = get_config()  # noqa",
                f"c.JupyterHub.bind_url = 'http://127.0.0.1:{port}'",
                f"c.JupyterHub.hub_bind_url = 'http://127.0.0.1:{hub_port}'",
                f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{api_port}'",
                f"c.ConfigurableHTTPProxy.command = [{_proxy()!r}]",
                f"c.JupyterHub.db_url = 'sqlite:///{tmp_path / 'hub.sqlite'}'",
                f"c.JupyterHub.cookie_secret_file = {str(tmp_path / 'cookie_secret')!r}",
                f"c.JupyterHub.pid_file = {str(tmp_path / 'hub.pid')!r}",
                "c.JupyterHub.authenticator_class = 'dummy'",
                f"c.DummyAuthenticator.password = {PASSWORD!r}",
                f"c.Authenticator.allowed_users = {set(STUDENTS)!r}",
                "c.JupyterHub.spawner_class = 'simple'",
                f"c.SimpleLocalProcessSpawner.home_dir_template = {str(homes / '{username}')!r}",
                f"c.Spawner.cmd = [{str(BIN / 'jupyterhub-singleuser')!r}]",
                f"c.Spawner.args = {['--allow-root'] if os.geteuid() == 0 else []!r}",
                "c.Spawner.default_url = '/lab'",
                "c.Spawner.start_timeout = 90",
                "c.Spawner.http_timeout = 90",
                "c.Spawner.environment = {'QEQT_PROGRESS_FILE': 'off'}",
                "",
            ]
        ),
        encoding="utf-8",
    )
    log = open(tmp_path / "hub.log", "w")
    proc = subprocess.Popen(
        [str(BIN / "jupyterhub"), "-f", str(config)],
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        if not _wait_http(f"{base}/hub/api", 60):
            tail = (tmp_path / "hub.log").read_text(errors="replace")[-1500:]
            if proc.poll() is not None:  # it could not start here (ports, proxy, permissions): say why
                pytest.skip(f"JupyterHub exited at start (code {proc.returncode}); its log ends with:\n{tail}")
            pytest.fail("JupyterHub is running but did not answer in 60 s:\n" + tail)
        yield {"url": base, "homes": homes, "repo": repo, "tmp": tmp_path}
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        log.close()


def _log_in(browser, hub, user):
    """Log in and follow the nbgitpuller link (the hub spawns the server, nbgitpuller pulls, Lab opens)."""
    link = launch.nbgitpuller_url(f"exercises/{CHAPTER}.ipynb", hub=hub["url"], repository=hub["repo"].as_uri())
    next_url = urllib.parse.urlparse(link)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(f"{hub['url']}/hub/login?next=" + urllib.parse.quote(f"{next_url.path}?{next_url.query}"))
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit], button[type=submit]")
    return context, page


def _answer(page, answer):
    """Wait for the exercise in JupyterLab; type the answer into its cell and save, as a student would."""
    cell = page.locator(".jp-CodeCell").filter(has_text="answer_0_2 = ...")
    cell.locator(".cm-content").wait_for()
    if answer:
        cell.locator(".cm-content").click()
        page.keyboard.press("Control+a")
        page.keyboard.type(answer)
        page.keyboard.press("Control+s")


def test_classroom_pull_answer_collect_grade(hub):
    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    saved = hub["homes"] / STUDENTS[0] / launch.repo_name() / "exercises" / f"{CHAPTER}.ipynb"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            sessions = [_log_in(browser, hub, user) for user in STUDENTS]  # both servers spawn at once
            _answer(sessions[0][1], ANSWER)
            _answer(sessions[1][1], None)
            phases = {"log in, spawn, pull, open Lab, answer": time.monotonic() - started}
            end = time.monotonic() + 30
            while time.monotonic() < end and '\\"上升\\"' not in saved.read_text(encoding="utf-8"):
                time.sleep(0.5)
            for context, _ in sessions:
                context.close()
        finally:
            browser.close()
    for user in STUDENTS:  # nbgitpuller put the whole course in each home
        assert (hub["homes"] / user / launch.repo_name() / "notebooks" / f"{CHAPTER}.ipynb").exists(), user
    assert '\\"上升\\"' in saved.read_text(encoding="utf-8"), "the student's answer was saved from JupyterLab"

    phases["saved"] = time.monotonic() - started
    collected = hub["tmp"] / "collected"
    make = ["make", "-s", "-C", str(ROOT)]
    out = subprocess.run(
        make + ["collect", f"CHAPTER={CHAPTER[:2]}", f"HOMES={hub['homes']}/*", f"COLLECTED={collected}"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert sorted(p.name for p in (collected / CHAPTER).glob("*.ipynb")) == [f"{u}.ipynb" for u in STUDENTS]

    phases["make collect"] = time.monotonic() - started
    gradebook = hub["tmp"] / "gradebook.csv"
    out = subprocess.run(
        make + ["grade", f"SUBMISSIONS={collected / CHAPTER}", f"GRADE_FLAGS=--out {gradebook}"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    with open(gradebook, encoding="utf-8-sig", newline="") as fh:
        rows = {(pathlib.Path(r["submission"]).stem, r["exercise"]): r["status"] for r in csv.DictReader(fh)}
    assert rows[(STUDENTS[0], "0.2")] == "passed"
    assert rows[(STUDENTS[1], "0.2")] == "not_attempted"
    assert rows[(STUDENTS[0], "0.1")] == "not_attempted"
    phases["make grade"] = time.monotonic() - started
    print(
        "classroom round trip (cumulative s, hub start not included): "
        + ", ".join(f"{k} {v:.1f}" for k, v in phases.items())
    )
