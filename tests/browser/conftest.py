"""Fixtures for real-browser tests: a JupyterLab server on loopback over a scratch copy of the course, and
headless Debian Chromium driven by Playwright. Skipped when /usr/bin/chromium or playwright is missing."""

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from tools.browser import CHROMIUM, free_port, stop, wait_http
from tools.browser import CHROMIUM_FLAGS as CHROME_ARGS

ROOT = pathlib.Path(__file__).resolve().parents[2]
TOKEN = "qeqt-browser-test"
ARTIFACTS = ROOT / "build" / "browser-artifacts"


# Module scope: a session-long sync Playwright would leave its asyncio loop marked running in this xdist worker, and
# the next sync Playwright user there (the book, slides and classroom tests) would refuse to start.
@pytest.fixture(scope="module")
def browser():
    if not pathlib.Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (Debian package chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="session")
def scratch_course(tmp_path_factory):
    """A copy of notebooks/ and exercises/: JupyterLab autosaves what it runs, and the course must stay clean."""
    root = tmp_path_factory.mktemp("course")
    for folder in ("notebooks", "exercises"):
        shutil.copytree(ROOT / folder, root / folder)
    return root


@pytest.fixture(scope="session")
def lab(scratch_course, tmp_path_factory):
    """JupyterLab on loopback; yields its base URL (token in the query string)."""
    port = free_port()
    runtime = tmp_path_factory.mktemp("jupyter")
    settings = runtime / "settings"
    # Render every cell (no windowing), so the tests can read any cell; no news pop-up over the page.
    for ext, name, body in [
        ("@jupyterlab/notebook-extension", "tracker", '{"windowingMode": "none", "autoStartDefaultKernel": true}'),
        ("@jupyterlab/apputils-extension", "notification", '{"fetchNews": "false"}'),
    ]:
        (settings / ext).mkdir(parents=True, exist_ok=True)
        (settings / ext / f"{name}.jupyterlab-settings").write_text(body, encoding="utf-8")
    env = dict(
        os.environ,
        JUPYTER_RUNTIME_DIR=str(runtime / "rt"),
        JUPYTER_CONFIG_DIR=str(runtime / "cfg"),
        JUPYTERLAB_WORKSPACES_DIR=str(runtime / "ws"),
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        QEQT_PROGRESS_FILE=str(runtime / "progress.json"),
    )
    cmd = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--IdentityProvider.token={TOKEN}",
        f"--ServerApp.root_dir={scratch_course}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--ServerApp.disable_check_xsrf=True",
    ]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(runtime / "lab.log", "wb")  # a file: an unread pipe fills up and stalls the server in long runs
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_http(f"{base}/lab?token={TOKEN}", proc)
        yield base
    finally:
        stop(proc)
        log.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-TW")
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = request.node.name.replace("/", "_").replace("[", "_").replace("]", "")
        pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)
