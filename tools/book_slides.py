"""Projector slides of a chapter (``make slides CHAPTER=02``): nbconvert's reveal.js slides from stored outputs.

    python tools/book_slides.py 02                # build/slides/02_qt_mechanics.slides.html
    python tools/book_slides.py                   # every chapter in notebooks/

Why nbconvert slides rather than Voila's reveal template: voila-reveal only supports Voila 0.2 (the course runs
Voila 0.5), and nbconvert slides are a static file that opens offline on the classroom PC. Live simulators stay in
``make present`` (Voila); the slides show each simulator's stored figure, one per slide, scaled to fill the screen.

Layout: each ``#``/``##`` section is a slide (left/right), each ``###`` part and each figure or simulator is a
sub-slide under it (down), the rest follows on the same slide; code is hidden. reveal.js, jQuery and RequireJS are
served from ``.venv/node`` (npm, installed by ``.ci/run`` / ``make slides``), so nothing loads from a CDN; the
course font is copied beside the slides.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import re
import shutil
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import book  # noqa: E402

from helpers import launch  # noqa: E402

NODE = ROOT / ".venv" / "node" / "node_modules"
ASSETS = {
    "reveal.js": NODE / "reveal.js",
    "jquery.min.js": NODE / "jquery" / "dist" / "jquery.min.js",
    "require.js": NODE / "requirejs" / "require.js",
}
CSS = """
@font-face { font-family: "%(family)s"; src: url("course-font.otf") format("opentype"); font-display: block; }
.reveal, .reveal h1, .reveal h2, .reveal h3, .reveal p, .reveal li, .reveal td, .reveal th, .reveal blockquote {
  font-family: "%(family)s", sans-serif; }
.reveal code, .reveal pre { font-family: "DejaVu Sans Mono", monospace, "%(family)s"; }
.reveal .slides section { height: 100%%; overflow-y: auto; font-size: 0.62em; text-align: left; }
.reveal .slides section img { max-height: 78vh; max-width: 100%%; width: auto; margin: 0 auto; display: block; }
.reveal .jp-OutputArea-output img { min-width: 70%%; }
.reveal table { font-size: 0.75em; }
.qeqt-widget-note { border: 2px dashed #6b7280; padding: .5em .8em; font-size: .9em; }
"""


def slide_type(cell) -> str:
    src = book._src(cell)
    if cell["cell_type"] == "markdown":
        if re.match(r"^#{1,2}\s", src):
            return "slide"
        if re.match(r"^###\s", src):
            return "subslide"
        return "-"
    outputs = cell.get("outputs", [])
    if not outputs:
        return "skip"
    visual = any(
        set(o.get("data", {})) & set(book.IMAGE_MIMES)
        or book.WIDGET_NOTE in str(o.get("data", {}).get("text/html", ""))
        for o in outputs
    )
    return "subslide" if visual else "-"


def slide_notebook(path: pathlib.Path) -> dict:
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = []
    for cell in nb["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if launch.LAUNCH_TAG in tags or launch.BOOTSTRAP_TAG in tags:
            continue
        cell = json.loads(json.dumps(cell))
        if cell["cell_type"] == "code":
            cell["outputs"] = book.clean_outputs(cell.get("outputs", []))
        cell.setdefault("metadata", {})["slideshow"] = {"slide_type": slide_type(cell)}
        cells.append(cell)
    nb["cells"] = cells
    nb.get("metadata", {}).pop("widgets", None)
    return nb


def assets_missing() -> list[str]:
    return [name for name, p in ASSETS.items() if not p.exists()]


def build(path: pathlib.Path, out: pathlib.Path) -> pathlib.Path:
    import nbformat
    from nbconvert import SlidesExporter

    missing = assets_missing()
    if missing:
        raise book.BookError(
            f"missing {', '.join(missing)} in .venv/node: run `npm install --prefix .venv/node "
            "reveal.js@4.0.2 jquery@3 requirejs@2` (make slides does it)"
        )
    out.mkdir(parents=True, exist_ok=True)
    for name, src in ASSETS.items():
        dest = out / name
        if not dest.exists():
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest)
    shutil.copy2(book.FONT, out / "course-font.otf")
    (out / "slides.css").write_text(CSS % {"family": book.WEB_FAMILY}, encoding="utf-8")
    exporter = SlidesExporter(
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        reveal_url_prefix="reveal.js",
        reveal_theme="white",
        reveal_transition="none",
        reveal_scroll=True,
        jquery_url="jquery.min.js",
        require_js_url="require.js",
        mathjax_url="",
    )
    body, _ = exporter.from_notebook_node(nbformat.reads(json.dumps(slide_notebook(path)), as_version=4))
    # nbconvert's MathJax block is MathJax 2 from a CDN: replace it with the offline MathJax 3 the book uses.
    # No chapter uses Mermaid diagrams; nbconvert would import Mermaid from a CDN on every load.
    body = re.sub(r'<script type="module">\s*import mermaid from [^<]*</script>', "", body, count=1)
    body = re.sub(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", "", body, count=1, flags=re.S)
    math = ""
    if book.mathjax_files(out):
        math = (
            "<script>window.MathJax = {tex: {inlineMath: [['$', '$'], ['\\\\(', '\\\\)']]}};</script>\n"
            '<script defer src="mathjax/tex-chtml.js"></script>\n'
        )
    body = body.replace("</head>", f'{math}<link rel="stylesheet" href="slides.css">\n</head>', 1)
    # MathJax 3 has no MathJax.Hub (the template's slide-change hook is MathJax 2): typeset the new slide instead;
    # and expose Reveal (loaded through RequireJS) so a presenter's console and the tests can drive it.
    body = body.replace(
        """          if(MathJax.Hub.getAllJax(Reveal.getCurrentSlide())){
            MathJax.Hub.Rerender(Reveal.getCurrentSlide());
          }""",
        """          if (window.MathJax && MathJax.typesetPromise) { MathJax.typesetPromise([Reveal.getCurrentSlide()]); }""",
    )
    body = body.replace("Reveal.initialize({", "window.Reveal = Reveal;\n        Reveal.initialize({", 1)
    dest = out / f"{path.stem}.slides.html"
    dest.write_text(body, encoding="utf-8")
    return dest


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Projector slides (reveal.js) of chapters into build/slides/.")
    parser.add_argument("chapters", nargs="*", help="chapter numbers or stems (default: every chapter)")
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "build" / "slides")
    args = parser.parse_args(argv)
    paths = book.chapters()
    if args.chapters:
        paths = [p for p in paths if any(p.stem.startswith(c) for c in args.chapters)]
        if not paths:
            print(f"slides: no notebook matches {args.chapters}", file=sys.stderr)
            return 2
    try:
        for path in paths:
            print(f"slides: {build(path, args.out)}")
    except book.BookError as exc:
        print(f"slides: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
