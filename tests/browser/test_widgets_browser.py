"""Real-browser tests: every notebook with a simulator runs in JupyterLab, each simulator's main control moves
and the figure or the numbers change; Chinese text is on the page. (A learner's exercise flow, wrong answer, hint,
right answer, is tested end to end in a fresh clone by tests/browser/test_learner_path.py.)

Notebooks are discovered from their stored outputs (a cell that displays a widget), so chapters that land later
are covered without editing this file. Screenshots of failures go to build/browser-artifacts/.
"""

import json
import re

import pytest

from tests.browser.conftest import ROOT, TOKEN
from tools.bench_browser import PANEL, open_notebook, run_all

pytestmark = pytest.mark.slow
CJK = re.compile(r"[\u4e00-\u9fff]")


def widget_notebooks():
    found = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        if any(
            "application/vnd.jupyter.widget-view+json" in o.get("data", {})
            or (o.get("metadata") or {}).get("qeqt", {}).get("simulator")
            for c in nb["cells"]
            if c["cell_type"] == "code"
            for o in c.get("outputs", [])
        ):
            found.append(path.name)
    return found


def snapshot(sim):
    img = sim.locator("img.qeqt-figure, .qeqt-figure img, img").first
    return img.get_attribute("src"), sim.locator(".qeqt-summary").inner_text()


def move_main_control(page, sim):
    main = sim.locator(".qeqt-main").first
    select = main.locator("select")
    if select.count():
        current = select.input_value()
        values = [o.get_attribute("value") for o in select.locator("option").all()]
        select.select_option(value=next((v for v in values if v != current), current))
        return
    handle = main.locator(".noUi-handle").first
    handle.focus()
    for _ in range(3):
        handle.press("ArrowLeft")


@pytest.mark.parametrize("name", widget_notebooks())
def test_simulators_respond(page, lab, name):
    open_notebook(page, lab, f"notebooks/{name}", TOKEN)
    run_all(page)
    sims = page.locator(f"{PANEL} .qeqt-simulator")
    sims.first.wait_for(state="visible", timeout=60_000)
    assert sims.count() >= 1
    for i in range(sims.count()):
        sim = sims.nth(i)
        sim.scroll_into_view_if_needed()
        page.wait_for_function(
            "el => { const i = el.querySelector('img'); return i && i.src; }", arg=sim.element_handle()
        )
        before = snapshot(sim)
        assert CJK.search(sim.inner_text()), "the simulator shows no Chinese text"
        move_main_control(page, sim)
        changed = False
        for _ in range(40):
            page.wait_for_timeout(250)
            if snapshot(sim) != before:
                changed = True
                break
        if not changed:  # a slider already at its minimum: move the other way
            handle = sim.locator(".qeqt-main .noUi-handle").first
            if handle.count():
                for _ in range(3):
                    handle.press("ArrowRight")
                for _ in range(40):
                    page.wait_for_timeout(250)
                    if snapshot(sim) != before:
                        changed = True
                        break
        assert changed, f"simulator {i} in {name}: neither the figure nor the summary changed"
    # Every figure, ordinary or simulator, has alt text in JupyterLab (helpers.style.FIGURE_ALT_SCRIPT and the
    # simulators' A11Y_SCRIPT; JupyterLab itself ignores the output metadata's alt).
    page.wait_for_function(
        "sel => [...document.querySelectorAll(sel + ' .jp-OutputArea-output img')].every(i => i.alt.trim())",
        arg=PANEL,
        timeout=10_000,
    )
    text = page.locator(f"{PANEL} .jp-OutputArea").all_inner_texts()
    assert not any("Glyph" in t and "missing" in t for t in text), "matplotlib could not render a glyph"
    assert not any("Traceback" in t for t in text), "a cell raised"
