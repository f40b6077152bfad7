"""Tiny authoring aid: write a notebook from a list of ("md" | "code", source[, tags]) tuples.

    from tools.nbbuild import write
    write("notebooks/00_guide.ipynb", [("md", "# 標題"), ("code", "x = 1"), ("code", "w()", ["nbval-ignore-output"])])

Then `python tools/refresh_outputs.py notebooks/00_guide.ipynb` executes it and stores outputs. After the first
build, edit the notebook itself (JupyterLab or JSON): the .ipynb file is the source of truth.
"""
import hashlib

import nbformat


def write(path, cells, chapter=None):
    nb = nbformat.v4.new_notebook()
    for i, spec in enumerate(cells):
        kind, source, *rest = spec
        tags = rest[0] if rest else []
        cell = nbformat.v4.new_markdown_cell(source.strip("\n")) if kind == "md" else \
            nbformat.v4.new_code_cell(source.strip("\n"))
        if tags:
            cell.metadata["tags"] = list(tags)
        cell.id = hashlib.sha1(f"{path}:{i}".encode()).hexdigest()[:8]
        nb.cells.append(cell)
    nb.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}}
    if chapter:
        nb.metadata["qeqt"] = {"chapter": chapter}
    nbformat.write(nb, path)
