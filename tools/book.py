"""Build the web edition of the course (``make book``): HTML with Jupyter Book 1.x, and a PDF printed by Chromium.

    python tools/book.py                 # build/book/html/ and build/book/qeqt-course.pdf
    python tools/book.py --no-pdf        # HTML only
    python tools/book.py --out DIR

Why Jupyter Book 1.x (Sphinx) rather than MyST / Jupyter Book 2: it installs from PyPI alone (no node runtime in
the learner's or CI's path), reads the notebooks' stored outputs without executing them, and ships launch buttons
(Binder, Colab, JupyterHub through nbgitpuller), full-text search and print styles.

Every notebook in ``notebooks/`` is staged (never a hard-coded list) into ``build/book-src/notebooks/`` after:
- the launch and bootstrap cells are dropped (the theme shows its own launch buttons);
- widget outputs lose their widget model and their ``Simulator(children=...)`` text: a static image the
  simulator stored beside it is kept; otherwise a short note says where the simulator runs;
- every 查核事實 blockquote becomes a call-out (a MyST admonition with its own style);
- links to ``exercises/`` and ``solutions/`` notebooks become Colab links (the book has no such pages).
Pages: an introduction with the course map, one page per chapter, a glossary built from every chapter's 重點詞彙
table (zh-TW and English, with the chapters that use each term), and ``docs/teacher-guide.md`` when present.
The course font (``helpers/fonts``) is subset to the characters the built pages use and served as a web font, so
Chinese renders the same on every device; Chromium embeds it in the PDF.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from helpers import launch, workspace  # noqa: E402
from tools import browser  # noqa: E402

FONT = ROOT / "helpers" / "fonts" / "NotoSansCJKtc-Regular-subset.otf"
WEB_FONT_NAME = "qeqt-book.woff"
WEB_FAMILY = "QEQT Book Sans TC"
PDF_NAME = "qeqt-course.pdf"
WIDGET_MIME = workspace.WIDGET_VIEW
IMAGE_MIMES = ("image/png", "image/svg+xml", "image/jpeg")
WIDGET_NOTE = (
    '<div class="qeqt-widget-note">這裡是互動模擬器。網頁版只能閱讀；'
    "請點頁首的火箭圖示（啟動），在 Binder、Colab 或 JupyterHub 開啟本章，就能拖動滑桿操作。</div>"
)
FACT_RE = re.compile(r"^>\s*\*\*(查核事實[^*]*)\*\*\s*$")
CHROMIUM, CHROMIUM_FLAGS = browser.CHROMIUM, browser.CHROMIUM_FLAGS


class BookError(RuntimeError):
    """The book cannot be built as asked (maintainer-facing, English)."""


# ------------------------------------------------------------------------------------------------ notebooks
def chapters() -> list[pathlib.Path]:
    found = sorted((ROOT / "notebooks").glob("*.ipynb"))
    if not found:
        raise BookError("no notebooks in notebooks/: nothing to build")
    return found


def _src(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def title_of(nb) -> str:
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            m = re.search(r"^#\s+(.+)$", _src(cell), re.M)
            if m:
                return m.group(1).strip()
    return "（無標題）"


def callouts(text: str) -> str:
    """Turn each 查核事實 blockquote into a MyST admonition (call-out)."""
    lines, out, i = text.split("\n"), [], 0
    while i < len(lines):
        m = FACT_RE.match(lines[i])
        if not m:
            out.append(lines[i])
            i += 1
            continue
        body = []
        i += 1
        while i < len(lines) and lines[i].startswith(">"):
            body.append(re.sub(r"^>\s?", "", lines[i]))
            i += 1
        out += [f":::{{admonition}} {m.group(1).strip()}", ":class: qeqt-factcheck", *body, ":::"]
    return "\n".join(out)


def relink(text: str) -> str:
    """Links to exercise/solution notebooks (not pages of the book) open on Colab instead."""

    def repl(m):
        return f"]({launch.colab_url(f'{m.group(1)}/{m.group(2)}')})"

    return re.sub(r"\]\((?:\.\./|\./)?(exercises|solutions)/([\w.-]+\.ipynb)\)", repl, text)


def _is_widget_repr(text: str) -> bool:
    return bool(re.match(r"^\s*_?\w*(Simulator|Box|interactive|Widget|Tab|Accordion)\w*\(", text))


def clean_outputs(outputs: list) -> list:
    """Widget views become their stored static image, or a note; never the widget's repr."""
    cleaned = []
    for out in outputs:
        data = out.get("data", {})
        if WIDGET_MIME not in data and not _is_widget_repr(_src({"source": data.get("text/plain", "")})):
            cleaned.append(out)
            continue
        images = {k: v for k, v in data.items() if k in IMAGE_MIMES}
        if not images and "Simulator(" not in _src({"source": data.get("text/html", "")}):
            images = {k: v for k, v in data.items() if k == "text/html"}  # a static HTML snapshot
        if images:
            cleaned.append({**out, "data": images})
        else:
            cleaned.append({"output_type": "display_data", "metadata": {}, "data": {"text/html": WIDGET_NOTE}})
    has_image = any(set(o.get("data", {})) & set(IMAGE_MIMES) for o in cleaned)
    if has_image:  # a simulator with a static figure: the note is not needed
        cleaned = [o for o in cleaned if o.get("data", {}).get("text/html") != WIDGET_NOTE]
    return cleaned


def stage_notebook(path: pathlib.Path) -> dict:
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = []
    for cell in nb["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if launch.LAUNCH_TAG in tags or launch.BOOTSTRAP_TAG in tags:
            continue
        cell = dict(cell)
        if cell["cell_type"] == "markdown":
            cell["source"] = relink(callouts(_src(cell)))
        elif cell["cell_type"] == "code":
            cell["outputs"] = clean_outputs(cell.get("outputs", []))
            alts = [(o.get("metadata") or {}).get(k, {}).get("alt") for o in cell["outputs"] for k in IMAGE_MIMES]
            alts = [a for a in alts if a]
            if alts:  # myst-nb takes an image's alt text from the cell's metadata, not the output's
                meta = cell["metadata"] = dict(cell.get("metadata", {}))
                meta["mystnb"] = {**meta.get("mystnb", {}), "image": {"alt": alts[0]}}
        cells.append(cell)
    nb["cells"] = cells
    nb.get("metadata", {}).pop("widgets", None)
    return nb


# ------------------------------------------------------------------------------------------------- glossary
def glossary_rows(nb) -> list[tuple[str, str]]:
    """(中文, English) rows of the chapter's 重點詞彙 table."""
    for cell in nb["cells"]:
        text = _src(cell)
        if cell["cell_type"] != "markdown" or not re.search(r"^#+\s*重點詞彙", text, re.M):
            continue
        rows = []
        for line in text[text.find("重點詞彙") :].splitlines():
            cols = [c.strip() for c in line.strip().strip("|").split("|")] if line.strip().startswith("|") else []
            if len(cols) >= 2 and not set(cols[0]) <= set("-: ") and cols[0] not in {"中文", "詞彙"}:
                rows.append((cols[0], cols[1]))
        return rows
    return []


def glossary_page(entries: dict) -> str:
    """entries: {(zh, en): [(chapter label, docname)]}"""
    lines = [
        "# 詞彙表（中英對照）",
        "",
        "每一章最後的「重點詞彙」彙整在這裡，依英文字母排序；右欄連到用到這個詞的章節。",
        "",
        "| 英文 | 中文 | 章節 |",
        "|---|---|---|",
    ]
    for (zh, en), where in sorted(entries.items(), key=lambda kv: (kv[0][1].lower(), kv[0][0])):
        links = "、".join(f"[{label}]({doc}.ipynb)" for label, doc in where)
        lines.append(f"| {en} | {zh} | {links} |")
    return "\n".join(lines) + "\n"


def chapter_label(path: pathlib.Path) -> str:
    return f"第\u00a0{int(path.name[:2])}\u00a0章" if path.name[:2].isdigit() else path.stem  # no break inside


# ------------------------------------------------------------------------------------------------ the stage
CSS = """
@font-face { font-family: "%(family)s"; src: url("%(font)s") format("woff"); font-display: block; }
:root { --pst-font-family-base: "%(family)s", system-ui, sans-serif;
        --pst-font-family-heading: "%(family)s", system-ui, sans-serif;
        --pst-font-family-monospace: "DejaVu Sans Mono", Menlo, Consolas, monospace, "%(family)s"; }
code, pre, kbd, samp, .highlight pre, .cell_output pre { font-family: var(--pst-font-family-monospace); }
body, .bd-article, .bd-sidebar { font-family: "%(family)s", system-ui, sans-serif; }
div.admonition.qeqt-factcheck { border-color: #b7791f; }
div.admonition.qeqt-factcheck > .admonition-title { background-color: #fdf3e1; }
div.admonition.qeqt-factcheck > .admonition-title::after { content: "\\f00c"; color: #b7791f; }
.qeqt-widget-note { border: 1px dashed #6b7280; border-radius: .4rem; padding: .6rem .8rem; background: #f8fafc; }
.bd-article img, .cell_output img { max-width: 100%%; height: auto; }
.bd-article table { display: block; overflow-x: auto; max-width: 100%%; }
.cell_output pre, .highlight pre { white-space: pre; overflow-x: auto; }
.bd-article code.literal, .bd-article a { overflow-wrap: anywhere; }
.bd-article code.literal span.pre { white-space: normal; }
@media print {
  .bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-footer, .header-article, .prev-next-area,
  .bd-header-article, .skip-link, .search-button { display: none !important; }
  .qeqt-print-page { break-before: page; }
  .bd-article table { display: table; }
}
""" % {"family": WEB_FAMILY, "font": WEB_FONT_NAME}  # noqa: UP031 (CSS braces make str.format awkward)


def intro_page(pages: list[tuple[pathlib.Path, str]], has_guide: bool) -> str:
    lines = [
        "# 量化寬鬆與量化緊縮：互動式課程（網頁版）",
        "",
        "這是課程的網頁版：每一章的文字、圖表與計算結果都在這裡，手機也能讀。"
        "想拖動模擬器、做會自動批改的練習，請用每一章頁首的「啟動」按鈕，在 Binder、Colab 或學校的 JupyterHub 開啟筆記本。",
        "",
        "> 本課程是教育用途，不是投資建議。",
        "",
        "## 章節",
        "",
    ]
    for path, title in pages:
        lines.append(f"- [{title}](notebooks/{path.stem}.ipynb)")
    lines += ["", "## 其他頁面", "", "- [詞彙表（中英對照）](glossary.md)"]
    if has_guide:
        lines.append("- [教師手冊](teacher-guide.md)")
    lines += ["", "頁面上的數字與圖表來自筆記本儲存的輸出；資料出處寫在每一張圖的說明與 `data/manifest.csv`。", ""]
    return "\n".join(lines)


def search_words(notebooks: list, entries: dict) -> list[str]:
    """Course words for the Chinese search index (jieba's own dictionary is Simplified Chinese and would cut
    殖利率 into 期殖 + 利率): every glossary term and every bold term of the chapters."""
    words = set()
    for zh, _ in entries:
        words |= {w for w in re.split(r"[、／/（）()，, ]+", zh) if len(w) >= 2}
    for nb in notebooks:
        for cell in nb["cells"]:
            if cell["cell_type"] == "markdown":
                words |= {w for w in re.findall(r"\*\*([\u3400-\u9fff]{2,12})\*\*", _src(cell))}
    return sorted(words)


def mathjax_source() -> pathlib.Path | None:
    """MathJax 3 as the sphinx-mathjax-offline wheel ships it (None when that package is absent: formulas then
    load MathJax from its CDN)."""
    from importlib import metadata

    try:
        dist = metadata.distribution("sphinx-mathjax-offline")
    except metadata.PackageNotFoundError:
        return None
    script = next((f for f in dist.files or [] if str(f).endswith("static/mathjax/tex-chtml.js")), None)
    return pathlib.Path(dist.locate_file(script)).parent if script else None


def mathjax_files(static: pathlib.Path) -> bool:
    """Copy tex-chtml.js and its fonts into the built _static/mathjax (after the build, so that Jupyter Book does
    not add the script to every page), so formulas render offline."""
    src = mathjax_source()
    if src is None:
        return False
    (static / "mathjax").mkdir(parents=True, exist_ok=True)
    shutil.copy2(src / "tex-chtml.js", static / "mathjax" / "tex-chtml.js")
    shutil.copytree(
        src / "output" / "chtml" / "fonts" / "woff-v2",
        static / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2",
        dirs_exist_ok=True,
    )
    return True


def config_yml(search_dict: pathlib.Path, offline_mathjax: bool) -> str:
    return "\n".join(
        [
            "title: 量化寬鬆與量化緊縮",
            "author: QE/QT 課程",
            "copyright: CC BY 4.0（文字與資料表）、MIT（程式）",
            "only_build_toc_files: true",
            "execute:",
            "  execute_notebooks: 'off'",
            "parse:",
            "  myst_enable_extensions: [colon_fence, dollarmath, linkify, substitution]",
            "repository:",
            f"  url: {launch.REPOSITORY}",
            f"  branch: {launch.BRANCH}",
            "  path_to_book: ''",
            "launch_buttons:",
            "  notebook_interface: jupyterlab",
            f"  binderhub_url: {launch.BINDER}",
            f"  colab_url: {launch.COLAB}",
            f"  jupyterhub_url: {launch.HUB}",
            "html:",
            "  use_repository_button: true",
            "  use_issues_button: false",
            "  use_edit_page_button: false",
            "  use_download_button: true",
            "  extra_footer: ''",
            "sphinx:",
            "  config:",
            "    language: zh_TW",
            "    html_show_copyright: false",
            "    html_last_updated_fmt: ''",
            "    html_context: {default_mode: light}",
            f"    html_search_options: {{dict: '{search_dict}'}}",
            *(["    mathjax_path: mathjax/tex-chtml.js"] if offline_mathjax else []),
            "    suppress_warnings: [myst.header, myst.xref_missing, misc.highlighting_failure]",
            "",
        ]
    )


def stage(dest: pathlib.Path) -> dict:
    """Write the Jupyter Book sources into ``dest``; returns a summary (pages, glossary size)."""
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "notebooks").mkdir(parents=True)
    (dest / "_static").mkdir()
    pages, entries, staged = [], {}, []
    for path in chapters():
        nb = stage_notebook(path)
        staged.append(nb)
        (dest / "notebooks" / path.name).write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
        pages.append((path, title_of(nb)))
        for zh, en in glossary_rows(nb):
            entries.setdefault((zh, en), []).append((chapter_label(path), f"notebooks/{path.stem}"))
    guide = ROOT / "docs" / "teacher-guide.md"
    if guide.exists():
        shutil.copy2(guide, dest / "teacher-guide.md")
    (dest / "glossary.md").write_text(glossary_page(entries), encoding="utf-8")
    (dest / "intro.md").write_text(intro_page(pages, guide.exists()), encoding="utf-8")
    (dest / "_static" / "qeqt-book.css").write_text(CSS, encoding="utf-8")
    words = search_words(staged, entries)
    (dest / "search-words.txt").write_text("".join(f"{w} 200000 n\n" for w in words), encoding="utf-8")
    (dest / "_config.yml").write_text(
        config_yml(dest / "search-words.txt", mathjax_source() is not None), encoding="utf-8"
    )
    toc = ["format: jb-book", "root: intro", "parts:", "  - caption: 章節", "    chapters:"]
    toc += [f"      - file: notebooks/{p.stem}" for p, _ in pages]
    toc += ["  - caption: 參考", "    chapters:", "      - file: glossary"]
    if guide.exists():
        toc.append("      - file: teacher-guide")
    (dest / "_toc.yml").write_text("\n".join(toc) + "\n", encoding="utf-8")
    return {"pages": len(pages) + 2 + guide.exists(), "glossary_terms": len(entries), "search_words": len(words)}


# ------------------------------------------------------------------------------------------------ build steps
def run_jupyter_book(src: pathlib.Path, out: pathlib.Path) -> pathlib.Path:
    jb = pathlib.Path(sys.executable).parent / "jupyter-book"
    if not jb.exists():
        raise BookError("jupyter-book is not installed: run `make setup` (requirements.lock has the book extra)")
    work = out / "_work"
    proc = subprocess.run(
        [str(jb), "build", str(src), "--builder", "html", "--path-output", str(work), "--quiet"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    if proc.returncode != 0:
        raise BookError("jupyter-book build failed:\n" + (proc.stdout + proc.stderr)[-4000:])
    html_dir = out / "html"
    if html_dir.exists():
        shutil.rmtree(html_dir)
    shutil.move(str(work / "_build" / "html"), html_dir)
    shutil.rmtree(work, ignore_errors=True)
    return html_dir


THEBE_SCRIPTS = re.compile(
    r"\s*<script>const THEBE_JS_URL[^<]*</script>|\s*<script[^>]*sphinx-thebe\.js[^>]*></script>"
)


def _traditional(text: str, converter) -> str:
    """Replace Simplified characters (not encodable in Big5) that the theme's zh_TW strings carry."""

    def fix(ch):
        try:
            ch.encode("big5")
            return ch
        except UnicodeEncodeError:
            new = converter.convert(ch) if converter else ch
            return new if new != ch else ch

    return re.sub(r"[\u3400-\u9fff]", lambda m: fix(m.group(0)), text)


def _dedupe_scripts(text: str) -> str:
    """Keep the first <script src=X> of each X (MathJax is otherwise loaded twice and throws)."""
    seen = set()

    def keep(m):
        src = m.group(1).split("?")[0]
        if src in seen:
            return ""
        seen.add(src)
        return m.group(0)

    return re.sub(r'\n?\s*<script[^>]*\ssrc="([^"]+)"[^>]*></script>', keep, text)


def polish(html_dir: pathlib.Path) -> None:
    """Post-process the built pages: drop Thebe (no live kernels in a static book; its config script is
    emitted twice and throws), and turn the theme's few Simplified UI strings (跳转至主要内容) into Traditional."""
    try:
        import opencc

        converter = opencc.OpenCC("s2t")
    except ImportError:
        converter = None
    for page in html_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = _traditional(_dedupe_scripts(THEBE_SCRIPTS.sub("", text)), converter)
        if new != text:
            page.write_text(new, encoding="utf-8")


def page_text_chars(html_dir: pathlib.Path) -> set[str]:
    chars = set()
    for page in html_dir.rglob("*.html"):
        chars |= set(html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))))
    for js in html_dir.rglob("*.js"):  # translated UI strings (search box, buttons)
        if "translations" in js.name or "documentation_options" in js.name:
            chars |= set(js.read_text(encoding="utf-8", errors="ignore"))
    return chars


def web_font(html_dir: pathlib.Path) -> pathlib.Path:
    """The course font, subset to the characters of the built pages, as WOFF in _static/."""
    from fontTools import subset

    chars = page_text_chars(html_dir) | {chr(c) for c in range(0x20, 0x7F)}
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    font = subset.load_font(str(FONT), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(chars)))
    subsetter.subset(font)
    dest = html_dir / "_static" / WEB_FONT_NAME
    subset.save_font(font, str(dest), options)
    return dest


def page_list(html_dir: pathlib.Path) -> list[pathlib.Path]:
    """The book's pages in reading order (from the toc), as built HTML files."""
    order = ["intro"] + [f"notebooks/{p.stem}" for p in chapters()] + ["glossary"]
    if (html_dir / "teacher-guide.html").exists():
        order.append("teacher-guide")
    return [html_dir / f"{name}.html" for name in order if (html_dir / f"{name}.html").exists()]


def print_page(html_dir: pathlib.Path) -> pathlib.Path:
    """One HTML page holding every page's article in order, for Chromium to print (links rebased to the root)."""
    pages = page_list(html_dir)
    head = re.search(r"<head>(.*?)</head>", pages[0].read_text(encoding="utf-8"), re.S).group(1)
    head = re.sub(r"<script[^>]*>.*?</script>", "", head, flags=re.S)
    parts = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        m = re.search(r'<article class="bd-article"[^>]*>(.*?)</article>', text, re.S)
        if not m:
            raise BookError(f'{page}: no <article class="bd-article">: did the theme change?')
        base = page.parent.relative_to(html_dir).as_posix()

        def rebase(mm, base=base):
            url = mm.group(2)
            if base in ("", ".") or re.match(r"^(?:[a-z]+:|#|/|data:)", url):
                return mm.group(0)
            return f'{mm.group(1)}="{os.path.normpath(os.path.join(base, url))}"'

        body = re.sub(r'(src|href)="([^"]*)"', rebase, m.group(1))
        parts.append(f'<section class="qeqt-print-page">{body}</section>')
    dest = html_dir / "_print.html"
    dest.write_text(
        f'<!DOCTYPE html><html lang="zh-TW"><head>{head}</head><body class="qeqt-print">'
        f'<main class="bd-main"><div class="bd-article-container">{"".join(parts)}</div></main>'
        "</body></html>",
        encoding="utf-8",
    )
    return dest


def print_pdf(html_dir: pathlib.Path, pdf: pathlib.Path) -> int:
    """Print the book with headless Chromium (Playwright driving Debian's chromium). Returns the byte size."""
    if not os.path.exists(CHROMIUM):
        raise BookError(f"{CHROMIUM} is missing: install Debian's chromium (`apt-get install chromium`)")
    from playwright.sync_api import sync_playwright

    src = print_page(html_dir)
    browser.in_thread(_print, src, pdf, sync_playwright)
    return pdf.stat().st_size


def _print(src: pathlib.Path, pdf: pathlib.Path, sync_playwright) -> None:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            page = chromium.new_page()
            page.goto(src.as_uri(), wait_until="load")
            page.evaluate("document.fonts.ready")
            page.pdf(
                path=str(pdf),
                format="A4",
                print_background=True,
                margin={"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"},
            )
        finally:
            chromium.close()
            src.unlink(missing_ok=True)  # only for printing: not a page of the site


def folder_size(path: pathlib.Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def build(out: pathlib.Path, pdf: bool = True) -> dict:
    start = time.perf_counter()
    src = out.parent / "book-src"
    summary = stage(src)
    html_dir = run_jupyter_book(src, out)
    (html_dir / ".nojekyll").touch()
    mathjax_files(html_dir / "_static")
    polish(html_dir)
    summary["font_bytes"] = web_font(html_dir).stat().st_size
    summary["html_seconds"] = round(time.perf_counter() - start, 1)
    summary["html_bytes"] = folder_size(html_dir)
    if pdf:
        t = time.perf_counter()
        summary["pdf_bytes"] = print_pdf(html_dir, out / PDF_NAME)
        summary["pdf_seconds"] = round(time.perf_counter() - t, 1)
    return summary


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Build the web edition (HTML + PDF) into build/book/.")
    parser.add_argument("--out", default=str(ROOT / "build" / "book"))
    parser.add_argument("--no-pdf", action="store_true", help="HTML only")
    args = parser.parse_args(argv)
    out = pathlib.Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    try:
        summary = build(out, pdf=not args.no_pdf)
    except BookError as exc:
        print(f"make book: {exc}", file=sys.stderr)
        return 1
    print(
        f"HTML: {out / 'html' / 'intro.html'} ({summary['pages']} pages, {summary['html_bytes'] / 1e6:.1f} MB,"
        f" {summary['html_seconds']} s; glossary {summary['glossary_terms']} terms;"
        f" web font {summary['font_bytes'] / 1e3:.0f} kB)"
    )
    if "pdf_bytes" in summary:
        print(f"PDF: {out / PDF_NAME} ({summary['pdf_bytes'] / 1e6:.1f} MB, {summary['pdf_seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
