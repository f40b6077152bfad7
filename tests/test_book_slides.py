"""Projector slides (tools/book_slides.py, `make slides`): one section per slide, checked in Chromium at 1024x768."""

import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import book  # noqa: E402
import book_slides  # noqa: E402

SHOTS = ROOT / "build" / "book-screenshots"


def test_sections_become_slides_and_figures_subslides():
    md = {"cell_type": "markdown", "metadata": {}, "source": "## 2. 上限時間表\n\n文字"}
    part = {"cell_type": "markdown", "metadata": {}, "source": "### 2.1 細節"}
    text = {"cell_type": "markdown", "metadata": {}, "source": "一段說明"}
    figure = {
        "cell_type": "code",
        "metadata": {},
        "source": "plot()",
        "execution_count": 1,
        "outputs": [{"output_type": "display_data", "metadata": {}, "data": {"image/png": "iVBOR"}}],
    }
    silent = {"cell_type": "code", "metadata": {}, "source": "x = 1", "execution_count": 1, "outputs": []}
    assert [book_slides.slide_type(c) for c in (md, part, text, figure, silent)] == [
        "slide",
        "subslide",
        "-",
        "subslide",
        "skip",
    ]


@pytest.mark.slow
def test_slides_fill_a_1024x768_projector(tmp_path):
    from playwright.sync_api import sync_playwright

    if book_slides.assets_missing():
        pytest.skip(
            f"reveal.js/jQuery/RequireJS missing in .venv/node ({book_slides.assets_missing()}); "
            ".ci/run installs them with npm"
        )
    if not pathlib.Path(book.CHROMIUM).exists():
        pytest.skip(f"{book.CHROMIUM} is missing")
    chapter = (
        next(p for p in book.chapters() if p.stem.startswith("02"))
        if any(p.stem.startswith("02") for p in book.chapters())
        else book.chapters()[0]
    )
    html = book_slides.build(chapter, tmp_path)
    problems = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=book.CHROMIUM, args=book.CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1024, "height": 768})
            errors = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("requestfailed", lambda r: errors.append(f"failed {r.url}"))
            page.goto(html.as_uri(), wait_until="load")
            page.wait_for_function("window.Reveal && Reveal.isReady && Reveal.isReady()", timeout=30000)
            page.evaluate("document.fonts.ready.then(() => true)")
            info = page.evaluate(
                """(family) => {
              const h = Reveal.getHorizontalSlides().length, total = Reveal.getTotalSlides();
              const face = [...document.fonts].find(f => f.family.replace(/"/g, '') === family);
              return {h, total, text: document.body.innerText, face: face ? face.status : 'absent'};
            }""",
                book.WEB_FAMILY,
            )
            sections = sum(
                1
                for line in chapter.read_text(encoding="utf-8").split('"source"')
                if line.lstrip(': [\n"').startswith(("# ", "## "))
            )
            if info["h"] < max(3, sections // 2):
                problems.append(f"{info['h']} horizontal slides for {sections} sections")
            if "Simulator(children" in info["text"]:
                problems.append("a widget repr is shown")
            if info["face"] != "loaded":
                problems.append(f"course font {info['face']}")
            # Every slide with a figure: the figure fills most of the projector.
            big = page.evaluate("""() => {
              const out = [];
              Reveal.getSlides().forEach(s => {
                const img = s.querySelector('img');
                if (!img) return;
                const idx = Reveal.getIndices(s);
                Reveal.slide(idx.h, idx.v);
                const r = img.getBoundingClientRect();
                out.push([idx.h, idx.v, Math.round(r.width), Math.round(r.height)]);
              });
              return out;
            }""")
            if not big:
                problems.append("no slide with a figure")
            small = [b for b in big if b[2] < 0.55 * 1024 and b[3] < 0.55 * 768]
            if small:
                problems.append(f"figures too small for a projector (h, v, w, h): {small[:5]}")
            if big:
                page.evaluate(f"Reveal.slide({big[0][0]}, {big[0][1]})")
                SHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SHOTS / "slides-1024x768.png"))
            if errors:
                problems.append(f"console errors: {errors[:3]}")
        finally:
            browser.close()
    assert not problems, "\n".join(problems)
