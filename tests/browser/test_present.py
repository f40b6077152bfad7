"""Presentation mode (`make present`): Voilà serves a chapter's text and widgets without code, offline.

Every request the page makes outside loopback is blocked and recorded: the simulators must still work, which is
what "no CDN assets needed for what is shown" means in a classroom without internet.

Two chapters go through Voila: the guide by the README's `make present`, and chapter 5 (two simulators, sliders
and a drop-down) from the notebook tree. What Voila adds (code stripped, widget assets served locally) does not
depend on the chapter; every simulator of every chapter is moved in JupyterLab by tests/browser/test_widgets_browser.py,
and each chapter's cells run under nbval.
"""

import os
import re
import subprocess
import sys

import pytest

from tests.browser.conftest import ROOT, free_port, stop, wait_http
from tests.browser.test_widgets_browser import CJK, widget_notebooks

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def voila_tree(tmp_path_factory):
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "voila",
        str(ROOT / "notebooks"),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--theme=light",
        "--strip_sources=True",
    ]
    env = dict(os.environ, QEQT_PROGRESS_FILE="off", JUPYTER_RUNTIME_DIR=str(tmp_path_factory.mktemp("rt")))
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        wait_http(f"http://127.0.0.1:{port}/", proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc)


def offline(page):
    blocked = []

    def route(r):
        if re.match(r"https?://(127\.0\.0\.1|localhost)(:\d+)?/", r.request.url):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return blocked


def exercise_simulators(page):
    sims = page.locator(".qeqt-simulator")
    sims.first.wait_for(state="visible", timeout=120_000)
    for i in range(sims.count()):
        sim = sims.nth(i)
        sim.scroll_into_view_if_needed()
        before = sim.locator(".qeqt-summary").inner_text(), sim.locator("img").first.get_attribute("src")
        assert CJK.search(sim.inner_text())
        main = sim.locator(".qeqt-main").first
        if main.locator("select").count():
            sel = main.locator("select")
            values = [o.get_attribute("value") for o in sel.locator("option").all()]
            sel.select_option(value=next(v for v in values if v != sel.input_value()))
        else:
            handle = main.locator(".noUi-handle").first
            for key in ["ArrowLeft"] * 3 + ["ArrowRight"] * 6:
                handle.press(key)
        page.wait_for_function(
            "([el, s, i]) => el.querySelector('.qeqt-summary').innerText !== s || el.querySelector('img').src !== i",
            arg=[sim.element_handle(), before[0], before[1]],
            timeout=30_000,
        )


def assert_presented_offline(page, blocked):
    """No code on the page, and no outside request but one: Voila's widget manager asks for the Font Awesome icon
    stylesheet, and the course's widgets use no icons."""
    assert not page.locator(".jp-InputArea-editor, .cm-editor, .jp-InputPrompt").count(), "code is visible"
    unexpected = [u for u in blocked if "fontawesome" not in u]
    assert not unexpected, f"outside requests: {unexpected}"


@pytest.mark.parametrize("name", ["05_taiwan_hongkong.ipynb"])
def test_present_shows_widgets_without_code_offline(page, voila_tree, name):
    assert name in widget_notebooks(), f"{name} shows no simulator: choose another chapter for this test"
    blocked = offline(page)
    page.goto(f"{voila_tree}/voila/render/{name}", timeout=180_000)
    exercise_simulators(page)
    assert_presented_offline(page, blocked)


def test_make_present_command(page, tmp_path):
    port = free_port()
    flags = f"--no-browser --port={port} --Voila.ip=127.0.0.1"
    env = dict(os.environ, QEQT_PROGRESS_FILE="off", JUPYTER_RUNTIME_DIR=str(tmp_path))
    proc = subprocess.Popen(
        ["make", "-s", "present", "CHAPTER=00", f"PRESENT_FLAGS={flags}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_http(f"http://127.0.0.1:{port}/", proc)
        blocked = offline(page)
        page.goto(f"http://127.0.0.1:{port}/", timeout=180_000)
        # The guide's simulator is drawn with every outside request blocked (moving simulators in Voila is the
        # test above; moving this one in JupyterLab is tests/browser/test_widgets_browser.py).
        sim = page.locator(".qeqt-simulator").first
        sim.wait_for(state="visible", timeout=120_000)
        page.wait_for_function(
            "el => { const i = el.querySelector('img'); return i && i.src; }", arg=sim.element_handle()
        )
        assert CJK.search(sim.inner_text()) and "課程導讀" in page.locator("body").inner_text()
        assert_presented_offline(page, blocked)
    finally:
        stop(proc)
