"""The web edition (tools/book.py, `make book`): staging rules, then a real build checked in Chromium."""

import json
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

from tools import browser as browser_tools

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import book  # noqa: E402

SHOTS = ROOT / "build" / "book-screenshots"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


# ------------------------------------------------------------------------------------------- staging (fast)
def test_factcheck_blockquote_becomes_a_callout():
    text = "前言\n\n> **查核事實：QE 是印鈔票嗎？**\n>\n> **文章的說法**：是。\n> 第二行\n\n後記"
    out = book.callouts(text)
    assert (
        ":::{admonition} 查核事實：QE 是印鈔票嗎？\n:class: qeqt-factcheck\n\n**文章的說法**：是。\n第二行\n:::" in out
    )
    assert out.startswith("前言") and out.endswith("後記") and ">" not in out
    assert book.callouts("> 一般引文") == "> 一般引文"


def test_widget_output_never_shows_its_repr():
    widget = {
        "output_type": "display_data",
        "metadata": {},
        "data": {book.WIDGET_MIME: {"model_id": "x"}, "text/plain": "Simulator(children=(VBox(),))"},
    }
    out = book.clean_outputs([widget])
    assert out[0]["data"] == {"text/html": book.WIDGET_NOTE}
    with_image = dict(widget, data={**widget["data"], "image/png": "iVBOR"})
    assert book.clean_outputs([with_image])[0]["data"] == {"image/png": "iVBOR"}
    bare_repr = {
        "output_type": "execute_result",
        "metadata": {},
        "execution_count": 1,
        "data": {"text/plain": "_BlitSimulator(children=(VBox(),))"},
    }
    assert "Simulator(" not in json.dumps(book.clean_outputs([bare_repr]))
    plain = {"output_type": "stream", "name": "stdout", "text": "Simulator 的說明"}
    assert book.clean_outputs([plain]) == [plain]


def test_exercise_links_open_on_colab():
    text = "練習：[`exercises/02_qt_mechanics.ipynb`](../exercises/02_qt_mechanics.ipynb)。"
    assert "](https://colab.research.google.com/github/" in book.relink(text)
    assert "exercises/02_qt_mechanics.ipynb)" in book.relink(text) and "](../" not in book.relink(text)


def test_glossary_rows_come_from_every_chapter():
    total = 0
    for path in book.chapters():
        rows = book.glossary_rows(json.loads(path.read_text(encoding="utf-8")))
        assert rows, f"{path.name}: no 重點詞彙 table found"
        assert all(CJK.search(zh) and re.search(r"[A-Za-z]", en) for zh, en in rows), rows
        total += len(rows)
    assert total >= 7 * 5


def test_staged_notebooks_drop_launch_cells_and_widget_reprs(tmp_path):
    summary = book.stage(tmp_path / "src")
    assert summary["pages"] == len(book.chapters()) + 2 + (ROOT / "docs" / "teacher-guide.md").exists()
    for path in (tmp_path / "src" / "notebooks").glob("*.ipynb"):
        text = path.read_text(encoding="utf-8")
        assert "Simulator(children" not in text and book.WIDGET_MIME not in text
        assert '"launch"' not in text and '"bootstrap"' not in text
    toc = (tmp_path / "src" / "_toc.yml").read_text(encoding="utf-8")
    assert all(f"notebooks/{p.stem}" in toc for p in book.chapters())


# ------------------------------------------------------------------------------------------------ the build
@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if not shutil.which("jupyter-book", path=str(pathlib.Path(sys.executable).parent)):
        pytest.skip("jupyter-book is not installed (make setup installs the book extra)")
    if not pathlib.Path(book.CHROMIUM).exists():
        pytest.skip(f"{book.CHROMIUM} is missing (Debian's chromium); .ci/run installs it")
    out = tmp_path_factory.mktemp("book") / "book"
    out.mkdir()
    summary = book.build(out, pdf=True)
    return out, summary


def _font_chars(path):
    from fontTools.ttLib import TTFont

    return {chr(c) for c in TTFont(str(path)).getBestCmap()}


@pytest.mark.slow
def test_html_and_pdf_are_built(built):
    out, summary = built
    html = out / "html"
    pages = book.page_list(html)
    assert len(pages) == summary["pages"] and (html / "search.html").exists()
    glossary = (html / "glossary.html").read_text(encoding="utf-8")
    assert "quantitative easing" in glossary and "量化寬鬆" in glossary
    assert "qeqt-factcheck" in (html / "notebooks" / "02_qt_mechanics.html").read_text(encoding="utf-8")
    chapter = pages[1].read_text(encoding="utf-8")
    assert "mybinder.org/v2/gh/" in chapter and "colab.research.google.com" in chapter and "git-pull?" in chapter
    index = json.loads((html / "searchindex.js").read_text(encoding="utf-8")[len("Search.setIndex(") : -1])
    assert {"殖利率", "縮表", "準備金"} <= set(index["terms"]), "Chinese words are searchable"
    pdf = (out / book.PDF_NAME).read_bytes()
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", pdf)) >= len(pages)
    assert re.search(rb"/FontName\s*/[A-Z]{6}\+QEQT", pdf), "the course font is embedded in the PDF"
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-l", "5", str(out / book.PDF_NAME), "-"], capture_output=True, text=True, timeout=60
        ).stdout
        assert "量化寬鬆" in text and "量化緊縮" in text


CHECK_PAGE = """(family) => {
  const text = document.body.innerText;
  const imgs = [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src);
  const noAlt = [...document.querySelectorAll('.cell_output img')].filter(i => !i.alt.trim()).map(i => i.src);
  const wrong = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!/[\\u3400-\\u9fff]/.test(node.textContent) || !el || el.offsetParent === null) continue;
    if (!getComputedStyle(el).fontFamily.includes(family)) wrong.push(el.tagName + ': ' + node.textContent.slice(0, 30));
  }
  const face = [...document.fonts].find(f => f.family.replace(/"/g, '') === family);
  return {text, imgs, noAlt, wrong: wrong.slice(0, 5), face: face ? face.status : 'absent',
          scroll: document.documentElement.scrollWidth - window.innerWidth};
}"""


@pytest.mark.slow
def test_every_page_in_chromium_desktop_and_phone(built):
    from playwright.sync_api import sync_playwright

    out, _ = built
    html = out / "html"
    glyphs = _font_chars(html / "_static" / book.WEB_FONT_NAME)
    pages = book.page_list(html) + [html / "search.html"]
    problems = []
    SHOTS.mkdir(parents=True, exist_ok=True)

    def visit():
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=book.CHROMIUM, args=book.CHROMIUM_FLAGS)
            try:
                for name, viewport in VIEWPORTS.items():
                    page = browser.new_page(viewport=viewport)
                    errors = []
                    page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
                    page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
                    page.on("requestfailed", lambda r, errors=errors: errors.append(f"failed request {r.url}"))
                    for path in pages:
                        errors.clear()
                        page.goto(path.as_uri(), wait_until="load")
                        page.evaluate("document.fonts.ready.then(() => true)")
                        res = page.evaluate(CHECK_PAGE, book.WEB_FAMILY)
                        where = f"{name} {path.relative_to(html)}"
                        missing = sorted({c for c in CJK.findall(res["text"]) if c not in glyphs})
                        checks = {
                            "console errors": errors[:3],
                            "broken images": res["imgs"][:3],
                            "figures without alt text": res["noAlt"][:3],
                            "CJK outside the course font": res["wrong"],
                            "glyphs not in the font": missing[:10],
                            "widget repr shown": "Simulator(children" in res["text"],
                            "font not loaded": res["face"] != "loaded",
                            "horizontal scroll (px)": res["scroll"] if res["scroll"] > 1 else 0,
                        }
                        problems.extend(f"{where}: {k}: {v}" for k, v in checks.items() if v)
                        if path.name == "02_qt_mechanics.html":
                            page.screenshot(path=str(SHOTS / f"{name}-02_qt_mechanics.png"))
                            box = page.locator("div.admonition.qeqt-factcheck").first
                            box.scroll_into_view_if_needed()
                            page.screenshot(path=str(SHOTS / f"{name}-02_factcheck.png"))
                    # search works in the browser: a Chinese term finds chapter pages
                    page.goto((html / "search.html").as_uri() + "?q=殖利率", wait_until="load")
                    page.wait_for_selector("#search-results li", timeout=15000)
                    hits = page.locator("#search-results li").count()
                    if hits < 2:
                        problems.append(f"{name} search for 殖利率: {hits} results")
                    page.close()
            finally:
                browser.close()

    browser_tools.in_thread(visit)
    assert not problems, "\n".join(problems)
