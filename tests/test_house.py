"""House rules that live in the repo: one version, a changelog that matches it, every Make target documented,
the maintainers' documents present."""

import re
import subprocess

import tomllib

import helpers
from tests.conftest import ROOT


def test_one_version():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]
    newest = re.search(r"^## (\d+\.\d+\.\d+)", (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), re.M)
    assert newest and newest.group(1) == helpers.__version__


def test_every_make_target_is_in_make_help():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-zA-Z_-]*):", makefile, re.M))
    documented = set(re.findall(r"^([a-z][a-zA-Z_-]*):.*## ", makefile, re.M))
    assert targets == documented, f"targets without a ## comment: {sorted(targets - documented)}"
    shown = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for target in targets:
        assert re.search(rf"^make {re.escape(target)}\s", shown, re.M), target


def test_maintainers_documents_exist():
    for name in ("docs/MAINTAINING.md", "docs/DESIGN.md", "docs/STYLE.md", "CONTRIBUTING.md", "CHANGELOG.md"):
        assert (ROOT / name).stat().st_size > 500, name
    text = (ROOT / "docs/MAINTAINING.md").read_text(encoding="utf-8")
    for recipe in ("Add an exercise kind", "Add a chapter", "Add a dataset", "Change the style", "FOMC"):
        assert recipe in text, recipe
