"""The learner's path, end to end, in a fresh clone: the README's `make lab`, chapter 1, its link to the exercises,
a wrong answer, a hint, a right answer, a simulator dragged live, and afterwards a clean `git status`.

Screenshots go to build/browser-artifacts/learner_path_*.png (kept on success too: they are the evidence).
"""

import json
import os
import subprocess

import pytest

from tests.browser.conftest import ARTIFACTS, ROOT
from tools.bench_browser import (
    PANEL,
    find_in_notebook,
    free_port,
    key_latency,
    open_notebook,
    run_all,
    stop,
    wait_http,
    wait_kernel_settled,
)

pytestmark = pytest.mark.slow
TOKEN = "qeqt-learner"
WRONG = '{"assets": {"treasuries": 100}, "liabilities": {"currency": 100}}'
RIGHT = '{"assets": {"treasuries": 100}, "liabilities": {"reserves": 100}}'


def _git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    dest = tmp_path_factory.mktemp("fresh") / "course"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(dest)], check=True, timeout=120)
    return dest


@pytest.fixture(scope="module")
def served(clone, tmp_path_factory):
    """`make lab` exactly as the README says, plus the flags a headless server needs."""
    port = free_port()
    runtime = tmp_path_factory.mktemp("runtime")
    flags = f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token={TOKEN}"
    env = {k: v for k, v in os.environ.items() if k not in ("QEQT_WORKSPACE", "JUPYTER_CONFIG_DIR", "VIRTUAL_ENV")}
    env.update(JUPYTER_RUNTIME_DIR=str(runtime), QEQT_PROGRESS_FILE=str(runtime / "progress.json"))
    with open(runtime / "make-lab.log", "wb") as log:  # a file: an unread pipe would stall the server
        proc = subprocess.Popen(
            ["make", "lab", f"LAB_FLAGS={flags}"],
            cwd=clone,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{base}/lab?token={TOKEN}", proc, seconds=420)  # includes `make setup` from the uv cache
        yield base, proc
    finally:
        stop(proc)


def _shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"learner_path_{name}.png"))


def _type_into(page, cell, text):
    cell.scroll_into_view_if_needed()
    cell.locator(".jp-InputArea-editor .cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(text)  # no key events: no auto-closed brackets
    page.keyboard.press("Shift+Enter")


def _rerun(page, cell):
    cell.scroll_into_view_if_needed()
    cell.locator(".jp-InputArea-editor .cm-content").click()
    page.keyboard.press("Shift+Enter")


def test_learner_path_in_a_fresh_clone(page, served, clone):
    base, _proc = served
    # 1. `make lab` opened the workspace: chapter 1 is there with its relative link to the exercises.
    open_notebook(page, base, "notebooks/01_qe_mechanics.ipynb", TOKEN, workspace="learner")
    assert page.locator("text=Would you like to receive official Jupyter news").count() == 0
    run_all(page)
    _shot(page, "1_chapter1")

    # 2. Drag the chapter's simulator: the figure changes while the mouse button is still down (live).
    sim = find_in_notebook(page, ".qeqt-simulator")
    img = sim.locator("img").first
    page.wait_for_function("el => el.getAttribute('alt')", arg=img.element_handle(), timeout=10_000)
    assert img.get_attribute("alt"), "the simulator's figure has no alt text"
    handle = sim.locator(".qeqt-main .noUi-handle").first
    assert handle.get_attribute("aria-label") and handle.get_attribute("aria-valuetext")
    before = img.get_attribute("src")
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    for dx in range(10, 130, 10):
        page.mouse.move(box["x"] + box["width"] / 2 + dx, box["y"] + box["height"] / 2, steps=2)
        page.wait_for_timeout(40)
    page.wait_for_function(
        "([el, old]) => el.getAttribute('src') !== old", arg=[img.element_handle(), before], timeout=30_000
    )
    _shot(page, "2_dragging")
    page.mouse.up()
    # The last position is drawn: after the release, the readout and the figure settle on the same value.
    page.wait_for_timeout(1500)
    settled = img.get_attribute("src")
    page.wait_for_timeout(1000)
    assert img.get_attribute("src") == settled
    times, _lost = key_latency(page, sim, 5)
    assert times, "no arrow-key move produced a new figure"

    # 3. Follow the chapter's link to its exercises (scroll: the notebook renders cells lazily).
    link = find_in_notebook(page, '.jp-RenderedMarkdown a[href*="exercises/01_qe_mechanics.ipynb"]')
    link.click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.lm-DockPanel-tabBar .lm-TabBar-tab')]"
        ".some(t => (t.title || '').includes('exercises/01_qe_mechanics.ipynb'))"
    )
    page.wait_for_selector(f"{PANEL} [data-status='idle']", timeout=120_000)
    tab = page.locator('.lm-DockPanel-tabBar .lm-TabBar-tab[title*="Path: exercises/"] .lm-TabBar-tabLabel').first
    marker = tab.evaluate("el => getComputedStyle(el, '::before').content")
    assert "練習" in marker, f"the exercises' tab is not marked (::before {marker!r})"
    wait_kernel_settled(page, base, "exercises/01_qe_mechanics.ipynb", TOKEN)
    run_all(page)

    # 4. Wrong (a named misconception), hint, right: rich feedback with a next step.
    cells = page.locator(f"{PANEL} .jp-Cell")
    texts = cells.all_inner_texts()
    answer = cells.nth(next(i for i, t in enumerate(texts) if "answer_1_1 = ..." in t))
    check_cell = cells.nth(next(i for i, t in enumerate(texts) if 'check("1.1", answer_1_1)' in t))
    _type_into(page, answer, f"answer_1_1 = {WRONG}")
    _rerun(page, check_cell)
    feedback = check_cell.locator(".qeqt-feedback")
    page.wait_for_function("el => el.innerText.includes('印鈔票')", arg=check_cell.element_handle(), timeout=30_000)
    assert "qeqt-failed" in feedback.first.get_attribute("class") and "下一步" in feedback.first.inner_text()
    assert "常見誤解" in feedback.first.inner_text()
    _shot(page, "3_wrong")
    _type_into(page, check_cell, 'hint("1.1")')
    page.wait_for_function("el => el.innerText.includes('提示 1/')", arg=check_cell.element_handle(), timeout=30_000)
    _shot(page, "4_hint")
    _type_into(page, answer, f"answer_1_1 = {RIGHT}")
    _type_into(page, check_cell, 'check("1.1", answer_1_1)')
    page.wait_for_function("el => el.querySelector('.qeqt-passed')", arg=check_cell.element_handle(), timeout=30_000)
    _shot(page, "5_right")
    page.keyboard.press("Control+s")  # the learner saves: it lands in workspace/, not in the course
    page.wait_for_timeout(1500)

    # 5. The course is untouched: `git status` of the clone is clean, and the saved answer is in the workspace.
    assert _git(clone, "status", "--porcelain") == ""
    saved = json.loads((clone / "workspace" / "exercises" / "01_qe_mechanics.ipynb").read_text(encoding="utf-8"))
    assert any("".join(c["source"]).strip() == f"answer_1_1 = {RIGHT}" for c in saved["cells"])
    assert "answer_1_1 = ...  #" in (clone / "exercises" / "01_qe_mechanics.ipynb").read_text(encoding="utf-8")
